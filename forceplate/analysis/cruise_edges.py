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
RAMP_MID = 0.425            # ... a third level between them: a ramp's shape check (RAMP_MID_FRAC)
RAMP_SHAPE_TOL = 0.35       # share of the LO -> HI span: the RAMP_MID crossing may sit this far off
                            # RAMP_MID_FRAC (a sampled, wobbling ramp's ~0.1; a speed held between
                            # RAMP_LO and RAMP_HI - a two-speed lowering, a slow-down - puts it near 0 or 1)
RAMP_SHAPE_MIN_N = 4        # samples: a LO -> HI span shorter than this is not shape-checked (one
                            # sample's quantisation is over a quarter of it)


def _step_x(level: float, coeffs: tuple[float, ...] = (6.0, -15.0, 10.0, 0.0, 0.0)) -> float:
    """x in [0, 1] where the step s(x) (polynomial coefficients, highest first, no constant:
    by default the quintic 10x^3 - 15x^4 + 6x^5) reaches level (s rises monotonically there,
    so the root is unique)."""
    roots = np.roots([*coeffs, -level])
    real = roots[(np.abs(roots.imag) < 1e-9) & (roots.real >= 0.0) & (roots.real <= 1.0)].real
    return float(real[0])


def _tail(coeffs: tuple[float, ...]) -> float:
    """From RAMP_LO to zero along the step s, in units of its RAMP_HI -> RAMP_LO time."""
    lo, hi = _step_x(RAMP_LO, coeffs), _step_x(RAMP_HI, coeffs)
    return lo / (hi - lo)


RAMP_X_LO = _step_x(RAMP_LO)    # s(x) = RAMP_LO: x of the quintic step
RAMP_X_HI = _step_x(RAMP_HI)    # s(x) = RAMP_HI
# From RAMP_LO to zero, in units of LO -> HI. Smooth eases cross 25-60 % alike (RAMP_MID_FRAC
# 0.513-0.517) and differ only below RAMP_LO, where the level error hides the speed: a
# jerk-continuous quintic speed step leaves zero as x^3 (tail 1.85), the minimum-jerk speed step
# 3x^2 - 2x^3 (a human's, and a raised cosine's 1.44 near it) as x^2 (1.36). The mean of the two
# puts the edge within 0.06 of a ramp's time of either, where the quintic's own was 0.12 early on
# a minimum-jerk ramp.
RAMP_TAIL = 0.5 * (_tail((6.0, -15.0, 10.0, 0.0, 0.0)) + _tail((-2.0, 3.0, 0.0)))
# where the quintic ramp crosses RAMP_MID, as a share of its way from the LO to the HI crossing
RAMP_MID_FRAC = (_step_x(RAMP_MID) - RAMP_X_LO) / (RAMP_X_HI - RAMP_X_LO)
CRUISE_REL = 0.5            # the cruise: where the run's speed is over this share of its peak


def _cruise(w: np.ndarray) -> float:
    """The run's cruise speed: the median speed where it is over CRUISE_REL of its peak (the
    peak itself sits on a wobble's crest, up to 1.3x the cruise)."""
    peak = float(w.max()) if w.size else 0.0
    if peak <= 0.0:
        return 0.0
    return float(np.median(w[w >= CRUISE_REL * peak]))


def rep_levelled(v: np.ndarray, top: int, back: int) -> np.ndarray:
    """v with its mean over [top, back) removed: a rep's lowering and raise from top to back
    return the bar to the height it left, so the true velocity's mean there is zero and the
    re-zeroed one's is the integral's level error at that rep. A slow lowering's braking ramp is
    timed on it (its RAMP_LO crossing sits at a few mm/s, where a level error of 2-5 mm/s left
    by the chunk-wide re-zeroing ended it 0.3-0.9 s early)."""
    back = min(back, v.size)
    if back - top < 2 or not np.isfinite(v[top:back]).all():
        return v
    return v - float(np.add.reduce(v[top:back])) / (back - top)


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


def _shape_ok(mid_frac: float, span: int) -> bool:
    """Whether a ramp whose RAMP_MID crossing sits mid_frac of the way from its RAMP_LO to its
    RAMP_HI crossing (span samples apart) is the min-jerk-like step the extrapolation assumes
    (a cosine ramp puts it at 0.515, a linear one at 0.5)."""
    return span < RAMP_SHAPE_MIN_N or abs(mid_frac - RAMP_MID_FRAC) <= RAMP_SHAPE_TOL


def ramp_start(v: np.ndarray, lo: int, run_start: int, run_end: int, sign: int) -> int | None:
    """Where the movement of direction sign over [run_start, run_end) starts: its launch ramp's
    RAMP_LO and RAMP_HI crossings extrapolated to zero. The RAMP_HI crossing is searched after
    the last point before the run's peak where the bar moved the other way by RAMP_LO of the
    cruise (from lo if none): before it the movement had not started, so a sway dip there is not
    its launch. None where the ramp is not clean (a crossing missing, not a min-jerk-like shape,
    the extrapolation running before lo, a non-finite velocity)."""
    run_end = min(run_end, v.size)
    a0 = max(run_start, lo) - lo
    if run_end <= lo or a0 >= run_end - lo or not np.isfinite(v[min(lo, run_start):run_end]).all():
        return None
    cruise = _cruise(sign * v[run_start:run_end])
    if cruise <= 0.0:
        return None
    w = sign * v[lo:run_end]
    k = a0 + int(np.argmax(w[a0:]))                      # the run's peak
    up = (w[:k + 1] <= -RAMP_LO * cruise).nonzero()[0]  # the bar last moved the other way:
    a = int(up[-1]) + 1 if up.size else 0                # the movement had not started
    hi_idx = (w[a:] >= RAMP_HI * cruise).nonzero()[0]
    if hi_idx.size == 0:
        return None
    i_hi = a + int(hi_idx[0])
    lo_idx = (w[:i_hi + 1] <= RAMP_LO * cruise).nonzero()[0]
    if lo_idx.size == 0:
        return None
    i_lo = int(lo_idx[-1])
    i_mid = i_lo + int((w[i_lo:i_hi + 1] >= RAMP_MID * cruise).nonzero()[0][0])
    if not _shape_ok((i_mid - i_lo) / max(i_hi - i_lo, 1), i_hi - i_lo):
        return None
    s = i_lo - int(round(RAMP_TAIL * (i_hi - i_lo)))
    return lo + max(s, a) if s >= 0 else None


def ramp_end(v: np.ndarray, hi: int, run_start: int, run_end: int, sign: int) -> int | None:
    """Where the movement of direction sign over [run_start, run_end) ends: its braking ramp's
    RAMP_HI and RAMP_LO crossings (searched up to hi) extrapolated to zero, before hi. None
    where the ramp is not clean (as in ramp_start)."""
    hi = min(hi, v.size)
    if hi <= run_start or not np.isfinite(v[run_start:max(hi, run_end)]).all():
        return None
    cruise = _cruise(sign * v[run_start:run_end])
    if cruise <= 0.0:
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
    i_mid = i_hi + int((w[i_hi:i_lo + 1] <= RAMP_MID * cruise).nonzero()[0][0])
    if not _shape_ok((i_lo - i_mid) / max(i_lo - i_hi, 1), i_lo - i_hi):
        return None
    e = i_lo + int(round(RAMP_TAIL * (i_lo - i_hi)))
    # not after the bar moves the other way by as much: it had stopped
    fwd = (w[i_lo:] <= -RAMP_LO * cruise).nonzero()[0]
    if fwd.size:
        e = min(e, i_lo + int(fwd[0]))
    e += run_start
    return e if e < hi else None


__all__ = ["RAMP_HI", "RAMP_LO", "RAMP_MID", "RAMP_TAIL", "ramp_end", "ramp_start", "rep_levelled"]
