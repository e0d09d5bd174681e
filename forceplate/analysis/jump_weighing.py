"""Weighing a jump with no still stance to weigh before it: plain functions of the plate
force (buffer indices) for the jump stage (forceplate.analysis.jumps).

A drop jump whose recording ends before the athlete stands still is weighed by its landing's
momentum (landing_momentum_weighed); a trimmed trial on its first flat samples
(first_samples_weighed); a recording that begins still, just before a standing jump, on the
still stance after the landing (still_start_weighed_after). Conventions: docs/jumps.md.
"""

from __future__ import annotations

import numpy as np

from forceplate.analysis.flight_search import FREE_FALL_SD_N, MIN_BODY_N
from forceplate.analysis.jump_events import (
    ONSET_SD_K,
    Weigh,
    takeoff_time,
    touchdown_time,
    weigh_after,
)
from forceplate.units import G

FIRST_WEIGH_S = 0.02      # s, a trimmed trial (Hawkin: from ~30 ms before the movement) is weighed
                          # on its first samples when flat: the mean of 20 ms of 0.3-4 N noise is
                          # good to 4 N / sqrt(20) = 0.9 N at 1000 Hz (0.1 kg); sway (0.3-3 N, 0.2-1
                          # Hz) hardly moves in 20 ms but is not averaged out: up to 3 N (0.3 kg,
                          # ~1 cm of impulse height) - hence the lower confidence
FIRST_FLAT_N = 2.0        # N, the halves of those samples agree within this (or 4 SD of the
                          # difference of their means): a start already under way is not flat
SETTLE_MIN_S = 0.5        # s, a trimmed drop jump's landing is weighed by its momentum when the
                          # file goes on this long after it (a landing's braking takes 0.1-0.3 s)
SETTLE_BAND = 0.5         # ... and its last 0.2 s read the mass so found within this share of its
                          # weight (near rest: the athlete has stopped falling, not left the plate)


def landing_momentum_weighed(t: np.ndarray, f: np.ndarray, rate_hz: float, level: float, thr: float,
                             takeoff: int, landing: int, end: int) -> Weigh | None:
    """A drop jump whose recording ends before the athlete stands still (a vendor's trial
    cut 1-1.5 s after the landing): no stance to weigh or to integrate back from. Landing
    where it took off, the body touched down at g * flight / 2 downward; taken as at rest at
    the last sample, the impulse over the plate since the touchdown stopped that and carried
    the weight: m = integral(F - empty) dt / (g * T + g * flight / 2). The last sample then
    stands for the still stance (v = 0), its weight that mass (confidence lowered). Only at
    the recording's end (SETTLE_MIN_S after the landing, the last 0.2 s within SETTLE_BAND
    of that weight). t, f: the stage's samples; level, thr: the empty plate's level and the
    take-off threshold; takeoff, landing: buffer indices; end: the recording's end in them."""
    if end < f.size or end - landing < SETTLE_MIN_S * rate_hz:
        return None
    t_to = takeoff_time(t, f, takeoff, thr)
    t_td = touchdown_time(t, f, landing, thr)
    seg = slice(landing, end)
    x, ts = f[seg] - level, t[seg]
    imp = float(np.sum(0.5 * (x[1:] + x[:-1]) * np.diff(ts)))
    imp += 0.5 * (thr - level + x[0]) * (float(ts[0]) - t_td)     # from the touchdown
    mass = imp / (G * (float(ts[-1]) - t_td) + G * (t_td - t_to) / 2)
    tail = f[max(landing, end - int(0.2 * rate_hz)):end] - level
    if mass * G < MIN_BODY_N or abs(float(tail.mean()) - mass * G) > SETTLE_BAND * mass * G:
        return None
    return Weigh(end - 1, end, level + mass * G, float(tail.std()), end - 1, brief=True)


def first_samples_weighed(f: np.ndarray, rate_hz: float, takeoff: int) -> Weigh | None:
    """A trimmed trial (a vendor's export from the end of its quiet phase, ~30 ms before the
    movement): no still stance before it, and the file may end before the athlete settles.
    Its first FIRST_WEIGH_S of samples weigh it when they are flat at one level (robust SD
    under FREE_FALL_SD_N, their halves within FIRST_FLAT_N or 4 SD of the halves' means);
    the weighing is brief (lower confidence), but the jump is not lost."""
    n = max(4, int(round(FIRST_WEIGH_S * rate_hz)))
    if takeoff < 3 * n:
        return None
    x = f[:n]
    level, sd = float(x.mean()), float(x.std())
    h = n // 2
    if sd > FREE_FALL_SD_N or abs(float(x[:h].mean()) - float(x[h:].mean())) > max(
            FIRST_FLAT_N, 4.0 * sd * 2.0 / np.sqrt(n)):
        return None
    return Weigh(0, n, level, max(sd, 0.5), 0, brief=True)


def still_start_weighed_after(f: np.ndarray, rate_hz: float, level: float, start: int, takeoff: int,
                              landing: int, wait_s: float, stop_max: int) -> Weigh | None:
    """A recording that begins less than WEIGH_MIN_S before a standing jump (a lab's script
    crops to the movement; a trigger starts on it): no still stance to weigh before it. The
    still stance after the landing weighs the same person (within the AFTER_S a standing jump
    waited for as for a drop jump, wait_s: the stage's DROP_WAIT_S, live and offline alike;
    and before stop_max, the next take-off); the jump is taken when the recording's first
    samples are at that weight within ONSET_SD_K of its SD (standing still: v = 0 there),
    else None (it may begin mid-movement: v unknown)."""
    stop = min(f.size, landing + int(wait_s * rate_hz))
    stop = min(stop, stop_max)
    after = weigh_after(f, rate_hz, level, landing, stop)
    if after is None:
        return None
    out = np.flatnonzero(np.abs(f[start:takeoff] - after.level_n) > ONSET_SD_K * max(after.sd_n, 1e-9))
    still = int(out[0]) if out.size else 0
    if still < 2:
        return None
    # the still start stands for the weighing window; onset() searches from its end
    b = start + max(1, still // 2)
    return Weigh(start, b, after.level_n, after.sd_n, start)
