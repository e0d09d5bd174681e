"""Where a measured bar (position or velocity channel) starts or stops a phase.

A bar that starts or stops smoothly creeps: near the instant its velocity is zero the velocity
follows a power law of the time to that instant, v ~ tau^p (p = 1 at a touch-and-go turn, where
the acceleration is not zero; p = 2 for a minimum-jerk stop; p = 3 for a smoother one). The
last millimetre of a stop is then far slower than the sensor's noise: with a velocity noise of
2 mm/s (a 0.2-mm position noise differentiated at 10 Hz), a bar whose raise ends at 13 mm/s
over 1 s spends its last 0.3 s under 1 mm/s and moves 0.03 mm in it. The first zero crossing
of the noisy velocity is where the noise first beats the creep - 0.15-0.4 s before the bar
stops (the position rows' early raise ends), and, walking back from a movement's start, where a
noise wave in a still hold first dips under zero - up to the whole hold early.

So the crossing is read only where it stands out of the noise: the times the velocity passes
4, 2 and 1 x NOISE_LEVEL_K velocity-noise SDs. For a power law the time from each level to the
next halves by the same factor r = 2^(-1/p), so the time still to go after the lowest level is
the geometric tail d2 * r / (1 - r) (d2: the time from the middle level to the lowest, r: its
ratio to the time from the top level to the middle). With no noise the levels are at zero and
this is the zero crossing itself.
"""

from __future__ import annotations

import numpy as np

# --- thresholds ------------------------------------------------------------------------------
NOISE_LEVEL_K = 3.0     # velocity-noise SDs: the lowest level a crossing is read at (a 3-SD
                        # excursion: 1 in 400 samples; the levels above are 2x and 4x it)
P_MIN = 1.0             # the bluntest start/stop: a touch-and-go turn (acceleration not zero)
P_MAX = 3.0             # the smoothest: acceleration and jerk both zero at the stop; a steeper
                        # ratio read off the levels is noise (it would extrapolate without bound)
R_MIN = 2.0 ** (-1.0 / P_MIN)    # = 0.5
R_MAX = 2.0 ** (-1.0 / P_MAX)    # = 0.79


def zero_after(u: np.ndarray, level: float) -> float | None:
    """u: the speed along the phase's direction (sign * v) from its peak (u[0]) onwards. The
    (fractional) index where it reaches zero, extrapolated from its crossings of 4, 2 and 1 x
    level (m/s) as a power law; not past the first point, after its last one above 4 x level,
    where it moves the other way by more than level. None if the speed never came down through the levels in u, or its peak is not
    above them (the caller then walks to zero)."""
    if u.size < 4 or not level > 0.0 or float(u[0]) <= 4.0 * level:
        return None
    # the last point still clearly on its way, wherever it is: a failing raise that stalls at
    # its sticking point can sink a little (more than level) and then be driven on by a
    # spotter - the bar had not finished the phase, and cut at that first reversal its end
    # was read 1.4 s early, at the stall (classic 1212's failed rep). Only a reversal after
    # that point ends the phase's stretch. A reversal as fast as the top level is a movement
    # the other way (a phase the runs missed), never skipped
    big = (u <= -4.0 * level).nonzero()[0]
    a = int((u[:int(big[0]) if big.size else u.size] > 4.0 * level).nonzero()[0][-1])
    rev = a + (u[a:] <= -level).nonzero()[0]
    m = int(rev[0]) if rev.size else u.size
    seg = u[:m]
    times: list[float] = []
    for lv in (4.0 * level, 2.0 * level, level):
        below = (seg[a:] <= lv).nonzero()[0]
        if below.size == 0:
            return None
        j = a + int(below[0])
        x0, x1 = float(seg[j - 1]), float(seg[j])
        times.append(j - 1 + (x0 - lv) / (x0 - x1) if x0 > x1 else float(j))
    d1, d2 = times[1] - times[0], times[2] - times[1]
    r = min(max(d2 / d1, R_MIN), R_MAX) if d1 > 0.0 else R_MAX
    return min(times[2] + d2 * r / (1.0 - r), float(m - 1) if rev.size else float(u.size - 1))


def measured_end(v: np.ndarray, k: int, hi: int, sign: int, level: float) -> int | None:
    """End of the movement in direction sign whose speed peaks at k (before hi), or None."""
    off = zero_after(sign * v[k:hi], level)
    return None if off is None else min(k + int(round(off)), hi - 1)


def measured_start(v: np.ndarray, lo: int, k: int, sign: int, level: float) -> int | None:
    """Start of the movement in direction sign whose speed peaks at k (not before lo), or None."""
    off = zero_after(sign * v[lo:k + 1][::-1], level)
    return None if off is None else max(k - int(round(off)), lo)
