"""A force axis that holds still: grows at once, shrinks only after the data stayed much smaller.

A chart whose y-axis follows every sample rescales every few seconds and a coach two metres
away loses the reference; so the range only grows immediately (a new peak must be visible), and
shrinks when the wanted range has been under SHRINK_RATIO of the shown one for SHRINK_AFTER_S of
plate time (a set ended, the bar went back on the rack). Limits are rounded to "nice" steps so
the tick labels do not flicker either. No Textual here.
"""

from __future__ import annotations

import math

import numpy as np

SHRINK_RATIO = 0.6       # shrink only when the data needs < 60 % of the shown span ...
SHRINK_AFTER_S = 6.0     # ... for this long (plate time: a rest between sets is longer)
MIN_SPAN_N = 200.0       # about 20 kg: noise on an empty plate does not fill the chart
PAD_SHARE = 0.08         # headroom above and below the data
MAX_ABS_N = 1e6          # 100 t: anything beyond is a broken reading, not a force to scale to


def nice_step(span: float, ticks: int = 5) -> float:
    """A 1-2-5 step giving about `ticks` intervals over span."""
    raw = max(span, 1e-9) / max(ticks, 1)
    mag = 10.0 ** math.floor(math.log10(raw))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if raw <= m * mag:
            return m * mag
    return 10.0 * mag


def finite_range(*arrays: np.ndarray | float | None) -> tuple[float, float] | None:
    """(min, max) over the finite values of all arrays, clipped to +-MAX_ABS_N; None if none."""
    lo, hi = math.inf, -math.inf
    for a in arrays:
        if a is None:
            continue
        v = np.asarray(a, dtype=float).ravel()
        if not v.size:
            continue
        a_lo, a_hi = float(v.min()), float(v.max())
        if not (math.isfinite(a_lo) and math.isfinite(a_hi)):   # NaN or inf in it: the slow way
            v = v[np.isfinite(v)]
            if not v.size:
                continue
            a_lo, a_hi = float(v.min()), float(v.max())
        lo = min(lo, min(max(a_lo, -MAX_ABS_N), MAX_ABS_N))
        hi = max(hi, min(max(a_hi, -MAX_ABS_N), MAX_ABS_N))
    return (lo, hi) if lo <= hi else None


class AxisHold:
    """Call update(data_lo, data_hi, now_s) every frame; read .lo/.hi/.step for the axis."""

    def __init__(self, shrink_ratio: float = SHRINK_RATIO, shrink_after_s: float = SHRINK_AFTER_S,
                 min_span: float = MIN_SPAN_N) -> None:
        self.shrink_ratio = shrink_ratio
        self.shrink_after_s = shrink_after_s
        self.min_span = min_span
        self.lo, self.hi, self.step = 0.0, 1000.0, 200.0
        self._set = False
        self._small_since: float | None = None
        self.changes = 0          # how often the shown range changed (for tests and benchmarks)

    def _fit(self, lo: float, hi: float) -> None:
        span = max(hi - lo, self.min_span)
        mid = (lo + hi) / 2
        lo, hi = mid - span / 2, mid + span / 2
        pad = span * PAD_SHARE
        step = nice_step(span + 2 * pad)
        new = (math.floor((lo - pad) / step) * step, math.ceil((hi + pad) / step) * step, step)
        if new != (self.lo, self.hi, self.step):
            self.lo, self.hi, self.step = new
            self.changes += 1
        self._set = True
        self._small_since = None

    def update(self, lo: float, hi: float, now_s: float) -> tuple[float, float]:
        if not (math.isfinite(lo) and math.isfinite(hi)) or lo > hi:
            return self.lo, self.hi
        if not self._set or lo < self.lo or hi > self.hi:
            self._fit(lo, hi)
        elif max(hi - lo, self.min_span) * (1 + 2 * PAD_SHARE) < self.shrink_ratio * (self.hi - self.lo):
            if self._small_since is None or now_s < self._small_since:
                self._small_since = now_s
            elif now_s - self._small_since >= self.shrink_after_s:
                self._fit(lo, hi)
        else:
            self._small_since = None
        return self.lo, self.hi

    def ticks(self) -> list[float]:
        n = int(round((self.hi - self.lo) / self.step))
        return [self.lo + i * self.step for i in range(n + 1)]
