"""Per-phase force and velocity metrics of one rep, and the set summary."""

from __future__ import annotations

import numpy as np

from forceplate.analysis.events import PhaseMetrics, Rep, SetSummary
from forceplate.analysis.phase_block import phases_metrics
from forceplate.units import G

RFD_BOX_S = 0.01   # s, force smoothing before differentiating (rate of force development)


def phase_metrics(t: np.ndarray, f: np.ndarray, f_smooth: np.ndarray, v: np.ndarray | None,
                  a_s: float, b_s: float, system_weight_n: float, body_weight_n: float,
                  ) -> PhaseMetrics:
    """Metrics of one phase [a_s, b_s) of the plate force f (N); v (m/s) or None if not valid
    (phase_block.py measures many phases at once; this is its one-phase case)."""
    return phases_metrics(t, f, f_smooth, v, [(a_s, b_s, v is not None)], system_weight_n, body_weight_n)[0]


def smooth_force(f: np.ndarray, rate_hz: float) -> np.ndarray:
    """Force averaged over a sliding 10-ms box (for the rate of force development)."""
    n = max(1, int(round(rate_hz * RFD_BOX_S)))
    if f.size <= n:
        return f.astype(np.float64, copy=True)
    out = np.empty(f.size)
    smooth_force_into(f, rate_hz, 0, f.size, out)
    return out


def smooth_force_into(f: np.ndarray, rate_hz: float, a: int, b: int, out: np.ndarray) -> None:
    """smooth_force(f, rate_hz)[a:b] written into out (b - a values), the same numbers: the
    running sum from f's start only as far as they need (measure.py fills one buffer with
    the phases' stretches of many chunks)."""
    n = max(1, int(round(rate_hz * RFD_BOX_S)))
    if f.size <= n:
        out[:] = f[a:b]
        return
    lo, m = n // 2, f.size + 1 - n       # box k (k = 0..m-1) is the mean of f[k:k + n], at k + lo
    top = min(f.size, max(b - 1 - lo, 0) + n)    # the last running sum needed
    cs = np.empty(top + 1)
    cs[0] = 0.0
    f[:top].cumsum(out=cs[1:])
    k0, k1 = max(a, lo) - lo, min(b, lo + m) - lo       # the boxes inside [a, b)
    if k1 > k0:
        box = out[k0 + lo - a:k1 + lo - a]
        np.subtract(cs[k0 + n:k1 + n], cs[k0:k1], out=box)
        box /= n
    if a < lo:                           # the ends repeat the first and last box
        out[:lo - a] = (cs[n] - cs[0]) / n
    if b > lo + m:
        out[max(lo + m - a, 0):] = (cs[f.size] - cs[f.size - n]) / n


def load_ratio(ecc: PhaseMetrics, con: PhaseMetrics) -> float:
    """Eccentric : concentric mean load (NaN when the concentric load is ~0)."""
    if abs(con.mean_load_n) < 1e-6:
        return float("nan")
    return ecc.mean_load_n / con.mean_load_n


def set_summary(set_no: int, reps: list[Rep], method: str, start_s: float, end_s: float,
                positive_failure_rep: int | None, verdict: str) -> SetSummary:
    n = len(reps)
    tut = float(sum(r.time_under_tension_s for r in reps))
    ecc = float(np.mean([r.eccentric.duration_s for r in reps])) if n else 0.0
    ratios = [r.ecc_con_load_ratio for r in reps if np.isfinite(r.ecc_con_load_ratio)]
    ratio = float(np.mean(ratios)) if ratios else float("nan")
    slowdown = 1.0
    normal = [r for r in reps if r.assisted == "none"] or reps
    if len(normal) >= 4:
        k = max(1, len(normal) // 3)
        first = np.mean([r.concentric.duration_s for r in normal[:k]])
        last = np.mean([r.concentric.duration_s for r in normal[-k:]])
        slowdown = float(last / first) if first > 0 else 1.0
    negatives = 0
    if positive_failure_rep is not None:
        negatives = sum(1 for r in reps if r.rep_in_set > positive_failure_rep)
    return SetSummary(
        set=set_no, start_s=start_s, end_s=end_s, reps=n, time_under_tension_s=tut,
        mean_ecc_duration_s=ecc, mean_ecc_con_load_ratio=ratio, concentric_slowdown=slowdown,
        method=method, positive_failure_rep=positive_failure_rep,
        negatives_after_failure=negatives, verdict=verdict,
    )


__all__ = ["G", "load_ratio", "phase_metrics", "set_summary", "smooth_force"]
