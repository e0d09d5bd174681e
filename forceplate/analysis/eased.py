"""Where an eased speed ramp meets rest, from the whole ramp rather than one threshold.

A lifter starts and stops a bar jerk-limited (phase-physics.md: min-jerk-like): the speed
leaves and reaches zero with zero slope and zero curvature, as (time)^3 near rest. Read where
the integrated speed first crosses zero, a stop is early by however long the ramp's last
stretch hides under the sway's own velocity (0.2 mm at 1-1.5 Hz: 2-4 mm/s on 1-3-cm/s
lowerings; 0.1-0.3 s). Least squares of the whole
ramp against the eased shape uses every frame of it, so the sway averages out instead of
deciding a crossing.
"""

from __future__ import annotations

import numpy as np

FIT_STEP_S = 0.02         # s, frames averaged before the fit (the ramps last 0.1-4 s)
RAMP_MIN_S = 0.1          # s, the shortest eased ramp fitted (a hard stop at a bounce)
RAMP_MAX_S = 4.0          # s, the longest (a 25 % brake of an 8-s negative is 2 s)
RAMP_STEPS = 24           # ramp durations tried, log-spaced between the two


def _ease(x: np.ndarray) -> np.ndarray:
    """The eased step 0 -> 1 (quintic smoothstep: jerk-limited, zero slope and curvature at
    both ends)."""
    x = np.clip(x, 0.0, 1.0)
    return x * x * x * (10.0 + x * (-15.0 + 6.0 * x))


def eased_stop(speed: np.ndarray, peak: int, rate_hz: float) -> int:
    """Index where the stop after speed[peak] (the cruise's fastest frame; `speed` positive
    while moving, down to zero at its end, the bar still there) reaches rest: the end of the
    eased ramp - u held before it, u * (1 - ease((t - t0) / T)) on it, zero after - that fits
    the speed best in least squares (u by its closed form, the end and T on a grid). The ramp
    passes half its speed at its middle, so it lies within RAMP_MAX_S / 2 of the last frame
    at half the peak speed: the fit looks no further."""
    half = peak + int(np.flatnonzero(speed[peak:] >= 0.5 * float(speed[peak]))[-1])
    reach = int(0.5 * RAMP_MAX_S * rate_hz)
    lo = max(peak, half - reach)
    step = max(1, int(round(FIT_STEP_S * rate_hz)))
    seg = speed[lo:]
    m = seg.size // step
    if m < 4:
        return speed.size - 1
    off = lo + seg.size - m * step                                  # w[0]'s first frame
    w = seg[seg.size - m * step:].reshape(m, step).mean(axis=1)   # ends at the bottom
    dt = step / rate_hz
    t = np.arange(m) * dt
    first = max(0, (half - off) // step)
    last = min(m, first + reach // step + 1)
    ends = t[first:last, None, None]                                 # candidate ends
    ramps = np.geomspace(RAMP_MIN_S, RAMP_MAX_S, RAMP_STEPS)[None, :, None]
    f = 1.0 - _ease((t[None, None, :] - (ends - ramps)) / ramps)
    wf = np.einsum("ijk,k->ij", f, w)
    ff = np.einsum("ijk,ijk->ij", f, f)
    score = np.where(wf > 0.0, wf * wf / np.maximum(ff, 1e-12), -np.inf)
    i, _ = np.unravel_index(int(np.argmax(score)), score.shape)
    # the ramp reaches zero at the end of its block
    return min(off + (first + int(i) + 1) * step - 1, speed.size - 1)

