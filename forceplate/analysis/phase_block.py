"""Per-phase force and velocity metrics of many phases at once: the same formulas as one phase
at a time, run as numpy operations over the span that holds all the phases, each phase's
figure taken out with ufunc.reduceat over its boundaries (no Python work per sample, a few
numpy calls per block of phases instead of a dozen per phase).
Sums by reduceat add in sequence where np.add.reduce adds pairwise: a phase's mean force,
mean velocity, mean power and impulse may differ from a one-phase sum in the last bits
(relative ~1e-13); peaks and the peak RFD are exact (maxima of the same values)."""

from __future__ import annotations

import numpy as np

from forceplate.analysis.events import PhaseMetrics

Phase = tuple[float, float, bool]     # start (s), end (s), velocity valid


def phase_slices(t: np.ndarray, phases: list[Phase]) -> tuple[np.ndarray, np.ndarray]:
    """Samples lo <= i < hi with a_s <= t < b_s (the truth convention), at least one sample."""
    lo, hi = phase_bounds(t, phases)
    return np.array(lo, np.intp), np.array(hi, np.intp)


def phase_bounds(t: np.ndarray, phases: list[Phase]) -> tuple[list[int], list[int]]:
    """phase_slices as lists (a chunk's few phases: Python ints cost less than numpy calls)."""
    ab = t.searchsorted(np.array([(p[0], p[1]) for p in phases], np.float64).reshape(-1)).tolist()
    last = t.size - 1
    lo = [min(i, last) for i in ab[0::2]]
    return lo, [max(j, i + 1) for i, j in zip(lo, ab[1::2], strict=True)]


class _Seg:
    """Reductions over segments [lo, hi) of arrays of one length (hi may equal it)."""

    def __init__(self, lo: np.ndarray, hi: np.ndarray, size: int) -> None:
        idx = np.empty(2 * lo.size, np.intp)
        idx[0::2], idx[1::2] = lo, hi
        self.pad = bool((idx >= size).any())    # a segment ends at the end: reduce a padded copy
        self.idx, self.size = idx, size

    def __call__(self, ufunc: np.ufunc, x: np.ndarray) -> np.ndarray:
        if self.pad:
            x = np.concatenate((x[:self.size], x[-1:]))
        return ufunc.reduceat(x, self.idx)[0::2]


def phases_metrics(t: np.ndarray, f: np.ndarray, f_smooth: np.ndarray, v: np.ndarray | None,
                   phases: list[Phase], system_weight_n: float, body_weight_n: float,
                   ) -> list[PhaseMetrics]:
    """Metrics of the phases [a_s, b_s) of the plate force f (N), f_smooth its 10-ms box (for
    the RFD), v (m/s; read only in the phases marked valid, None if none is)."""
    if not phases:
        return []
    lo, hi = phase_slices(t, phases)
    a, b = span(lo, hi, t.size)
    vs = None if v is None else v[a:b]
    return block_metrics(t[a:b], f[a:b], f_smooth[a:b], vs, lo - a, hi - a, phases,
                         system_weight_n, [body_weight_n] * len(phases))


def span(lo: np.ndarray, hi: np.ndarray, size: int) -> tuple[int, int]:
    """The samples that hold the phases: one past the last phase where there is one, so that
    no segment ends at the span's end (reduceat then needs no padded copy)."""
    return int(np.minimum.reduce(lo)), min(int(np.maximum.reduce(hi)) + 1, size)   # (= .min(), .max())


def block_metrics(tt: np.ndarray, ff: np.ndarray, fs: np.ndarray, vv: np.ndarray | None,
                  lo: np.ndarray, hi: np.ndarray, phases: list[Phase],
                  system_weight_n: float | np.ndarray, body_weight_n: list[float],
                  y: np.ndarray | None = None) -> list[PhaseMetrics]:
    """Metrics of the phases at samples [lo, hi) of the arrays (the samples between phases may
    come from other chunks: no figure reads across a phase's end). system_weight_n: one value,
    or one per sample; y: ff - system_weight_n, if the caller has it (system_weight_n unused)."""
    n = hi - lo
    seg = _Seg(lo, hi, tt.size)
    mean_f = seg(np.add, ff) / n
    peak_f = seg(np.maximum, ff)
    dt = tt[1:] - tt[:-1]
    # impulse: 0.5 * (y[1:] + y[:-1]) * dt with y = f - m_system*g, summed over each phase's steps
    if y is None:
        y = ff - system_weight_n
    acc = y[1:] + y[:-1]
    acc *= 0.5
    acc *= dt
    seg1 = _Seg(lo, hi - 1, acc.size)      # (a one-sample phase: masked out below)
    impulse = np.where(n >= 2, seg1(np.add, acc) if acc.size else 0.0, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):   # between chunks' samples only
        rfd = _peak_rfd(fs, tt, dt, lo, hi)
    va = None
    if vv is not None and any(p[2] for p in phases):
        va = [x.tolist() for x in _velocity_figures(vv, ff, seg, n)]   # (floats, as float(x[k]))
    out = []
    vals = zip(mean_f.tolist(), peak_f.tolist(), impulse.tolist(), rfd.tolist(), body_weight_n, strict=True)
    for k, ((a_s, b_s, ok), (mf, pf, imp, r, bw)) in enumerate(zip(phases, vals, strict=True)):
        if ok and va is not None:
            out.append(PhaseMetrics(a_s, b_s, b_s - a_s, mf, pf, mf - bw, imp, r,
                                    va[0][k], va[1][k], va[2][k], va[3][k]))
        else:
            out.append(PhaseMetrics(a_s, b_s, b_s - a_s, mf, pf, mf - bw, imp, r))
    return out


def _peak_rfd(y: np.ndarray, t: np.ndarray, dt: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Each phase's max(np.gradient(y, t)): second-order differences inside (exact for uneven
    spacing), one-sided at the ends; 0 for a phase of under three samples."""
    out = np.zeros(lo.size)
    ok = hi - lo > 2
    if not ok.any():
        return out
    hd, hs = dt[:-1], dt[1:]
    dt2 = dt * dt
    hd2, hs2 = dt2[:-1], dt2[1:]
    # (the same operations in the same order, into two buffers: no temporary per step)
    inner = hd2 * y[2:]
    w = hs2 * y[:-2]
    inner -= w
    np.subtract(hs2, hd2, out=w)
    w *= y[1:-1]
    inner += w
    np.multiply(hd, hs, out=w)                # the denominator, hd * hs * (hd + hs)
    np.add(hd, hs, out=hd2)                   # (dt2 is not needed any more)
    w *= hd2
    inner /= w
    i, j = lo[ok], hi[ok]
    peak = _Seg(i, j - 2, inner.size)(np.maximum, inner)
    first = (y[i + 1] - y[i]) / (t[i + 1] - t[i])
    last = (y[j - 1] - y[j - 2]) / (t[j - 1] - t[j - 2])
    out[ok] = np.maximum(peak, np.maximum(first, last))
    return out


def _signed_peak(seg: _Seg, x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Each segment's x at its first largest |x| (as x[abs(x).argmax()])."""
    top, bottom = seg(np.maximum, x), seg(np.minimum, x)
    out = np.where(top >= -bottom, top, bottom)
    for k in np.flatnonzero(top == -bottom).tolist():     # both signs reach it: the first wins
        xs = x[lo[k]:hi[k]]
        out[k] = xs[int(abs(xs).argmax())]
    return out


def _velocity_figures(v: np.ndarray, f: np.ndarray, seg: _Seg, n: np.ndarray) -> list[np.ndarray]:
    """Mean and peak velocity, mean and peak power of each segment."""
    lo, hi = seg.idx[0::2], seg.idx[1::2]
    p = f * v
    return [seg(np.add, v) / n, _signed_peak(seg, v, lo, hi), seg(np.add, p) / n, _signed_peak(seg, p, lo, hi)]
