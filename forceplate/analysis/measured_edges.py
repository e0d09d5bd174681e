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

from forceplate.analysis.integrate import Chunk
from forceplate.analysis.motion import _Run
from forceplate.analysis.sigproc import lowpass

# --- thresholds ------------------------------------------------------------------------------
VELOCITY_CUTOFF_HZ = 10.0   # Hz, low-pass of position/velocity channels (movement is < 3 Hz)
SLOW_CUTOFF_HZ = 2.0        # Hz, ... the lowest a measured phase's boundaries are read at (a phase
                            # of 2 s or more has its content under 2 Hz; at 10 Hz the differentiated position noise,
                            # ~2 mm/s, hides a bar's last 0.2-0.4 s of creep; 3 Hz left more slow
                            # stops to noise spikes, in the tests too)
BANDWIDTH_K = 4.0           # a measured phase's boundaries are read at this / its duration (Hz):
                            # a smooth phase of T s has its content under ~2/T Hz; 2 Hz smeared a
                            # 0.6-s helped raise's edges enough to move its mean force by 2 %
NOISE_BAND_EXP = 1.0        # the measured velocity's noise SD grows as cutoff^this: between a
                            # white position noise (1.5) and a sensor's slow wander (0.5); measured
                            # on the simulated bar sensor: 0.36-0.50 mm/s at 2 Hz for 2.0-2.1 at
                            # 10 Hz (exponent 0.9-1.1). 0.5 (the safe bound) put the levels so
                            # high that a raise's long slow end was extrapolated 0.3-0.4 s short
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


def slow_velocity(ch: Chunk, a: int, b: int, cutoff_hz: float = SLOW_CUTOFF_HZ) -> np.ndarray:
    """The measured velocity over frames a..b-1 on a slower low-pass. The stretch is extended
    at both ends by its own mirror image turned about the end point (odd padding, one filter
    memory, 1/cutoff, long): a bar still creeping where the stretch ends keeps its speed there,
    where a filter started at rest on the end value would bend it to zero over that memory
    (0.5 s at 2 Hz: a raise still moving at the chunk's end read 0.2-0.3 s earlier)."""
    x = ch.position_m if ch.position_m is not None else ch.velocity_m_s
    assert x is not None
    seg = x[a:b]
    p = min(int(ch.rate_hz / cutoff_hz), seg.size - 1)
    if p > 0:
        seg = np.concatenate((2.0 * seg[0] - seg[p:0:-1], seg, 2.0 * seg[-1] - seg[-2:-p - 2:-1]))
    y = lowpass(seg, ch.rate_hz, cutoff_hz)
    if p > 0:
        y = y[p:-p]
    if ch.position_m is not None:
        return np.gradient(y, ch.t[a:b])
    return y


def phase_cutoff(ch: Chunk, run: _Run) -> float:
    """The low-pass (Hz) a measured phase's boundaries are read on: BANDWIDTH_K / its duration
    T (a smooth phase's content is under ~2/T Hz), at least SLOW_CUTOFF_HZ and at most
    VELOCITY_CUTOFF_HZ."""
    dur = float(ch.t[min(run.end, ch.t.size - 1)] - ch.t[run.start])
    return min(max(BANDWIDTH_K / max(dur, 1e-3), SLOW_CUTOFF_HZ), VELOCITY_CUTOFF_HZ)


def noise_level(v_noise: float, fc: float) -> float:
    """The lowest speed (m/s) a measured boundary is read at (measured_edges.py): NOISE_LEVEL_K
    SDs of the noise of the velocity on the phase's low-pass at fc. v_noise is measured at
    VELOCITY_CUTOFF_HZ (where the noise is plain to see); the slower low-pass keeps
    (fc / VELOCITY_CUTOFF_HZ)^NOISE_BAND_EXP of it (NOISE_BAND_EXP: a position
    noise white per sample gives velocity noise growing as f^1.5, a slow wander of the sensor
    one flat in velocity, f^0.5; a bar sensor has both)."""
    return NOISE_LEVEL_K * v_noise * (fc / VELOCITY_CUTOFF_HZ) ** NOISE_BAND_EXP
