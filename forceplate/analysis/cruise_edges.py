"""A slow lowering's start and end on the force integral, from its velocity ramps.

A controlled lowering accelerates to a cruise, holds it, and brakes to the bottom, each ramp a
smooth (min-jerk-like) step: v = V*s(x), s(x) = 10x^3 - 15x^4 + 6x^5. Over 5-25 cm in 3-8 s its
m*a stays inside the sway band, so no force hump marks its edges and the re-zeroed velocity
must. But s(x) leaves zero flat (its slope is zero there), so where the velocity crosses zero
depends on the integral's level error alone: a tenth of a newton over the chunk tilts it by
millimetres per second, and the crossing walks by a second (slow negatives / force only / < 25
cm: lowering starts and ends off by a median 0.7 s). Mid-ramp the velocity climbs at its
steepest, 1.875*V per ramp time, and the same tilt moves its crossings by a few hundredths of a
second: the ramp is timed from where it crosses RAMP_LO and RAMP_HI of the cruise speed and
extrapolated to zero along s(x). Where a ramp has no clean crossings, the edge is where the
velocity leaves (reaches) zero, as for any phase the force does not show (_leaves_zero,
_reaches_zero: segment.py's helpers, here with their successors)."""

from __future__ import annotations

import numpy as np

from forceplate.analysis.motion import ONSET_REL

# --- thresholds ------------------------------------------------------------------------------
RAMP_LO = 0.25              # share of the cruise speed: a ramp's low crossing, over the tilt a
                            # level error of a few tenths of a newton leaves (a few mm/s against
                            # a 1-4-cm/s cruise)
RAMP_HI = 0.6               # ... its high crossing, under the cruise's own wobble (+-7 %, down to 0.7)
RAMP_X_LO = 0.3594          # s(x) = RAMP_LO: x of a min-jerk step (solved for 0.25)
RAMP_X_HI = 0.5537          # s(x) = RAMP_HI (solved for 0.6)
RAMP_TAIL = RAMP_X_LO / (RAMP_X_HI - RAMP_X_LO)   # from RAMP_LO to zero, in units of LO -> HI
CRUISE_REL = 0.5            # the cruise: where the run's speed is over this share of its peak


def _cruise(w: np.ndarray) -> float:
    """The run's cruise speed: the median speed where it is over CRUISE_REL of its peak (the
    peak itself sits on a wobble's crest, up to 1.3x the cruise)."""
    peak = float(w.max()) if w.size else 0.0
    if peak <= 0.0:
        return 0.0
    return float(np.median(w[w >= CRUISE_REL * peak]))


def _leaves_zero(v: np.ndarray, lo: int, k: int, sign: int, walk: np.ndarray | None = None) -> int:
    """Start of the movement in direction sign whose speed peaks at k: the last point before
    it is on its way (ONSET_REL of the peak), walked back to where the velocity left zero
    (not before lo; on `walk` if given: the point found on a smoother velocity, the walk on a
    sharper one). On a measured motion this is the instant itself, however slow the
    movement: the velocity has no level error to hide it."""
    w = sign * v[lo:k + 1]
    if w.size == 0:
        return lo
    below = (w <= ONSET_REL * float(w[-1])).nonzero()[0]
    if below.size == 0:
        return lo
    ww = w if walk is None else sign * walk[lo:k + 1]
    zero = (ww[:int(below[-1]) + 1] <= 0.0).nonzero()[0]
    return lo + (int(zero[-1]) + 1 if zero.size else 0)


def _reaches_zero(v: np.ndarray, k: int, hi: int, sign: int, walk: np.ndarray | None = None) -> int:
    """End of the movement in direction sign whose speed peaks at k: from the last point still
    on its way (ONSET_REL of the peak) to where the velocity is back at zero (before hi; on
    `walk` if given, as in _leaves_zero)."""
    w = sign * v[k:hi]
    if w.size == 0:
        return min(k, v.size - 1)
    below = (w <= ONSET_REL * float(w[0])).nonzero()[0]
    above = (w > ONSET_REL * float(w[0])).nonzero()[0]
    start = int(above[-1]) if above.size else 0
    ww = w if walk is None else sign * walk[k:hi]
    zero = (ww[start:] <= 0.0).nonzero()[0]
    if zero.size:
        return k + start + int(zero[0])
    return k + (int(below[-1]) if below.size else w.size - 1)


def ramp_start(v: np.ndarray, lo: int, run_start: int, run_end: int, sign: int) -> int | None:
    """Where the movement of direction sign over [run_start, run_end) starts: its launch ramp's
    RAMP_LO and RAMP_HI crossings (searched from lo) extrapolated to zero. None where the ramp is
    not clean (a crossing missing, or the extrapolation running before lo)."""
    cruise = _cruise(sign * v[run_start:run_end])
    if cruise <= 0.0 or run_end <= lo:
        return None
    w = sign * v[lo:run_end]
    hi_idx = (w >= RAMP_HI * cruise).nonzero()[0]
    if hi_idx.size == 0:
        return None
    i_hi = int(hi_idx[0])
    lo_idx = (w[:i_hi + 1] <= RAMP_LO * cruise).nonzero()[0]
    if lo_idx.size == 0:
        return None
    i_lo = int(lo_idx[-1])
    s = i_lo - int(round(RAMP_TAIL * (i_hi - i_lo)))
    # not before the bar last moved the other way by as much: it had not started yet
    back = (w[:i_lo + 1] <= -RAMP_LO * cruise).nonzero()[0]
    if back.size:
        s = max(s, int(back[-1]) + 1)
    return lo + s if s >= 0 else None


def ramp_end(v: np.ndarray, hi: int, run_start: int, run_end: int, sign: int) -> int | None:
    """Where the movement of direction sign over [run_start, run_end) ends: its braking ramp's
    RAMP_HI and RAMP_LO crossings (searched up to hi) extrapolated to zero, before hi."""
    cruise = _cruise(sign * v[run_start:run_end])
    if cruise <= 0.0 or hi <= run_start:
        return None
    w = sign * v[run_start:hi]
    hi_idx = (w >= RAMP_HI * cruise).nonzero()[0]
    if hi_idx.size == 0:
        return None
    i_hi = int(hi_idx[-1])
    lo_idx = (w[i_hi:] <= RAMP_LO * cruise).nonzero()[0]
    if lo_idx.size == 0:
        return None
    i_lo = i_hi + int(lo_idx[0])
    e = i_lo + int(round(RAMP_TAIL * (i_lo - i_hi)))
    # not after the bar moves the other way by as much: it had stopped
    fwd = (w[i_lo:] <= -RAMP_LO * cruise).nonzero()[0]
    if fwd.size:
        e = min(e, i_lo + int(fwd[0]))
    e += run_start
    return e if e < hi else None


__all__ = ["RAMP_HI", "RAMP_LO", "RAMP_TAIL", "ramp_end", "ramp_start"]
