"""Method awareness: what a coach would say about a rep or a set, against editable targets.

Every judgement says by how much ("lowered in 2.6 s, target 3.0 s: 13 % short"); the
tolerances are settings (AnalysisConfig.ecc_tolerance, overload_tolerance). A rep whose load
is not plausible (forceplate.analysis.loads) reads "check weighing" and is never on target.
"""

from __future__ import annotations

import math

from forceplate.analysis.config import AnalysisConfig
from forceplate.analysis.loads import LoadCheck

# code -> words
WORDS = {
    "ecc_too_fast": "lowered too fast",
    "ecc_too_slow": "lowered slower than target",
    "ecc_on_target": "lowering on target",
    "pause_short": "pause at the bottom too short",
    "overload_low": "overload below target",
    "overload_on_target": "overload on target",
    "assisted_raise": "raise needed help",
    "estimated": "phases estimated from force levels",
    "check_weighing": "check weighing",
}


PCT_SHOWN_MAX = 999   # %, a larger miss reads "999 %" (a ratio over a near-zero raise is huge)


def _pct(value: float, target: float) -> int:
    pct = 100.0 * abs(value - target) / target
    return int(round(pct)) if pct < PCT_SHOWN_MAX else PCT_SHOWN_MAX


def tempo_text(verb: str, value_s: float, target_s: float, on_target: bool, judged: bool = True) -> str:
    """'lowered in 2.6 s, target 3.0 s: 13 % short' (or ': on target (3 % long)')."""
    pct = _pct(value_s, target_s)
    side = "short" if value_s < target_s else "long"
    amount = f"{pct} % {side}" if pct else "0 % off"
    head = f"{verb} {value_s:.1f} s, target {target_s:.1f} s"
    if on_target and judged:
        return f"{head}: on target" + ("" if not pct else f" ({amount})")
    return f"{head}: {amount}"


def ratio_text(ratio: float, target: float, on_target: bool, of: str = "load") -> str:
    pct = _pct(ratio, target)
    side = "low" if ratio < target else "high"
    shown = f"{ratio:.2f}" if abs(ratio) < 100 else "over 99" if ratio > 0 else "under -99"
    head = f"ecc:con {of} {shown}, target {target:.2f}"
    if on_target:
        return f"{head}: on target" + ("" if not pct else f" ({pct} % {side})")
    return f"{head}: {pct} % {side}"


def rep_verdict(cfg: AnalysisConfig, ecc_s: float, pause_s: float, ratio: float, assisted: str,
                source: str, help_expected: bool = False,
                load: LoadCheck | None = None, ratio_of: str = "load") -> tuple[str, tuple[str, ...]]:
    """(verdict text, codes). load: the rep's load check; a failed one means the loads are
    not judged, the rep reads "check weighing ..." and nothing is called on target. ratio_of:
    what the ecc:con ratio is of ("force" for a bodyweight rep: the phases' mean forces)."""
    codes: list[str] = []
    parts: list[str] = []
    judged = load is None or load.ok
    if not judged:
        assert load is not None
        codes.append("check_weighing")
        parts.append(f"check weighing: {load.reason}")
    if cfg.ecc_target_s:
        lo = cfg.ecc_target_s * (1 - cfg.ecc_tolerance)
        hi = cfg.ecc_target_s * (1 + cfg.ecc_tolerance)
        code = "ecc_too_fast" if ecc_s < lo else "ecc_too_slow" if ecc_s > hi else "ecc_on_target"
        if judged or code != "ecc_on_target":   # a rep whose load is wrong is never on target
            codes.append(code)
        parts.append(tempo_text("lowered in", ecc_s, cfg.ecc_target_s, code == "ecc_on_target", judged))
    if cfg.pause_target_s and pause_s < cfg.pause_target_s * (1 - cfg.ecc_tolerance):
        codes.append("pause_short")
        parts.append(tempo_text("paused", pause_s, cfg.pause_target_s, False))
    if cfg.overload_target and judged and math.isfinite(ratio):
        low = ratio < cfg.overload_target - cfg.overload_tolerance
        codes.append("overload_low" if low else "overload_on_target")
        parts.append(ratio_text(ratio, cfg.overload_target, not low, ratio_of))
    if assisted in ("raising", "both") and cfg.method != "forced_positive" and not help_expected:
        codes.append("assisted_raise")
        parts.append(WORDS["assisted_raise"])
    if source == "force_levels":
        codes.append("estimated")
    main = [c for c in codes if c != "estimated"]
    return ("; ".join(parts) if main else "ok"), tuple(codes)


def set_verdict(cfg: AnalysisConfig, n_reps: int, positive_failure_rep: int | None,
                negatives: int) -> str:
    from forceplate.analysis.methods import METHODS

    spec = METHODS[cfg.method]
    if cfg.method == "beyond_failure":
        if positive_failure_rep is None:
            return "no failed positive detected"
        lo, hi = cfg.negatives_min or spec.negatives_min, cfg.negatives_max or spec.negatives_max
        return f"{counted(negatives, 'negative')} after failure ({lo}-{hi} wanted)" + _count_off(negatives, lo, hi)
    if cfg.method == "normal":
        return counted(n_reps, "rep")
    return f"{counted(n_reps, 'rep')} ({spec.reps_min}-{spec.reps_max} wanted)" + _count_off(n_reps, spec.reps_min, spec.reps_max)


def counted(n: int, noun: str) -> str:
    """"1 rep", "2 reps": the count with its noun, singular for one."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _count_off(n: int, lo: int, hi: int) -> str:
    if n < lo:
        return f": off target, {lo - n} short"
    if n > hi:
        return f": off target, {n - hi} over"
    return ""
