"""Where a jump's events are, from the unfiltered plate force (conventions in docs/jumps.md):
the still stance it is weighed on (before the jump, or after a drop's landing), its start of
movement, its take-off and its touchdown. Pure functions on sample arrays (buffer indices), for
forceplate.analysis.jump_metrics (one jump's phases and metrics) and the jump stage.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from forceplate.analysis.metrics import smooth_force
from forceplate.analysis.sigproc import bool_runs
from forceplate.units import G

ONSET_SD_K = 5.0          # movement starts where F leaves the weighing by this many SDs
WEIGH_S = 2.0             # s, weighing window before a jump: the still stance, up to 2 s (>= 1 s in the field)
WEIGH_MIN_S = 0.4         # s, ... at least this much still stance
QUIET_SD_N = 12.0         # N, a stance is still when its SD is under this (sway + noise) ...
QUIET_SD_REL = 0.015      # ... or this share of the body weight
STILL_SD_K = 2.5          # ... and under this many times the stillest window's SD
ONSET_SMOOTH_MAX_S = 0.03  # s, the averaged force's crossing is used up to this far before the raw one
ONSET_LEAD_S = 0.03       # s, the weighing ends this long before the onset (the field's 30 ms)
ONSET_WALK_MAX_S = 0.05   # s: a start leaves the stance and reaches 5 SD of the weighing
                          # within about this (the field sets the start 30 ms before the 5-SD
                          # point, Owen et al. 2014); a walk back to the level's crossing longer
                          # than this went through sway holding the stance off the weighed mean
ONSET_BAND_SD = 1.0       # ... then the start is the last sample within this many SDs of the level
PEAK_LANDING_S = 0.5      # s, the landing's peak force is looked for this long after touchdown


@dataclass(frozen=True, slots=True)
class Weigh:
    a: int                # sample window [a, b)
    b: int
    level_n: float        # mean plate force, untared
    sd_n: float
    run_a: int = 0        # where the still stance began
    brief: bool = False   # the first samples of a trimmed trial, shorter than WEIGH_MIN_S


def rolling_sd(f: np.ndarray, w: int) -> tuple[np.ndarray, np.ndarray]:
    """(mean, SD) of the w-sample window ending at each sample (NaN before the first)."""
    mean = np.full(f.size, np.nan)
    sd = np.full(f.size, np.nan)
    if f.size < w:
        return mean, sd
    x = f - f[0]
    c1 = np.concatenate([[0.0], np.cumsum(x)])
    c2 = np.concatenate([[0.0], np.cumsum(x * x)])
    m = (c1[w:] - c1[:-w]) / w
    mean[w - 1:] = m + f[0]
    sd[w - 1:] = np.sqrt(np.maximum((c2[w:] - c2[:-w]) / w - m * m, 0.0))
    return mean, sd


def quiet_windows(f: np.ndarray, rate: float, empty_n: float) -> np.ndarray:
    """Per sample i: is the WEIGH_MIN_S window ending at i a still stance? Loaded, and its SD
    near the stillest window's here (a window that holds the first newtons of a movement is
    not still, though its SD is still small next to the movement's)."""
    w = max(8, int(round(WEIGH_MIN_S * rate)))
    mean, sd = rolling_sd(f, w)
    level = mean - empty_n
    loaded = np.nan_to_num(level) > 8.0 * G
    if not loaded.any():
        return np.zeros(f.size, bool)
    floor = float(np.nanpercentile(sd[loaded], 5))
    lim = np.minimum(np.maximum(QUIET_SD_N, QUIET_SD_REL * level), np.maximum(STILL_SD_K * floor, 1.0))
    return loaded & (np.nan_to_num(sd, nan=np.inf) < lim)


def weigh_before(f: np.ndarray, rate: float, empty_n: float, end: int, start: int) -> Weigh | None:
    """The last still stance in f[start:end]: up to WEIGH_S ending at its last still sample."""
    q = quiet_windows(f[start:end], rate, empty_n)
    idx = np.flatnonzero(q)
    if idx.size == 0:
        return None
    e_rel = int(idx[-1])
    w = max(8, int(round(WEIGH_MIN_S * rate)))
    gaps = np.flatnonzero(~q[:e_rel])
    r0 = int(gaps[-1]) + 1 if gaps.size else 0          # first window of this still run
    run_a = start + max(r0 - w + 1, 0)
    a = max(run_a, start + e_rel + 1 - int(round(WEIGH_S * rate)))
    e = start + e_rel + 1
    x = f[a:e]
    return Weigh(a, e, float(x.mean()), float(x.std()), run_a)


def weigh_after(f: np.ndarray, rate: float, empty_n: float, start: int, end: int) -> Weigh | None:
    """The first still stance in f[start:end] (after a landing), up to WEIGH_S long."""
    q = quiet_windows(f[start:end], rate, empty_n)
    idx = np.flatnonzero(q)
    if idx.size == 0:
        return None
    w = max(8, int(round(WEIGH_MIN_S * rate)))
    a = start + int(idx[0]) - w + 1
    runs_a, runs_b = bool_runs(q[idx[0]:])
    e = start + int(idx[0]) + int(runs_b[0]) if runs_b.size else a + w
    e = min(e, a + int(round(WEIGH_S * rate)))
    x = f[a:e]
    return Weigh(a, e, float(x.mean()), float(x.std()))


def onset(f: np.ndarray, w: Weigh, stop: int, rate_hz: float = 0.0) -> tuple[int, int]:
    """(onset, direction): the last crossing of the weighed level before the force first
    leaves it by ONSET_SD_K SDs after the weighing (walked back from that exceedance)."""
    dev = f[w.b:stop] - w.level_n
    out = np.flatnonzero(np.abs(dev) > ONSET_SD_K * max(w.sd_n, 1e-9))
    if out.size == 0:
        return stop, -1
    x = w.b - w.a + int(out[0])
    sign = 1 if dev[int(out[0])] > 0 else -1
    # the crossing on the raw force, as the convention has it. Tried and dropped: the crossing
    # of a 10-ms average (sway then walks it back by up to 40 ms), and stopping at the last
    # turn of a 10-Hz low-passed deviation (noise turns: later, 96.7 -> 99.2 % within 30 ms)
    dev = f[w.a:stop] - w.level_n
    back = np.flatnonzero(sign * dev[:x] <= 0)
    j = int(back[-1]) if back.size else 0
    if rate_hz > 0 and x - j > ONSET_WALK_MAX_S * rate_hz:
        # sway holds the stance a little off the weighed mean (one side for up to a second):
        # with few samples (50-200 Hz) or little noise nothing crosses the level, and the walk
        # went back through the sway wave (a 50-Hz CMJ started 1.3 s early; at 0.15 s here,
        # 50-Hz starts within 30 ms were 77.6 %, at 0.05 s 92.5 %, 1 kHz the same, seeds
        # 2100-2159)
        band = np.flatnonzero(sign * dev[:x] <= ONSET_BAND_SD * max(w.sd_n, 1e-9))
        j = max(j, int(band[-1]) if band.size else 0)
    if rate_hz > 0 and ONSET_SMOOTH_MAX_S > 0:
        # sample noise crosses the level again and again after a slow start has begun: the
        # crossing of the 10-ms average is earlier - taken when it is near (a sway wave
        # walks it back further)
        ds = sign * (smooth_force(f[w.a:w.a + x + 1], rate_hz) - w.level_n)
        back_s = np.flatnonzero(ds[:x] <= 0)
        if back_s.size and j - int(back_s[-1]) <= int(ONSET_SMOOTH_MAX_S * rate_hz):
            j = int(back_s[-1])
    return w.a + j, sign


def crossing(t: np.ndarray, f: np.ndarray, i: int, thr: float) -> float:
    """Time where f crosses thr between samples i-1 and i (linear)."""
    if i <= 0 or i >= t.size:
        return float(t[min(max(i, 0), t.size - 1)])
    f0, f1 = f[i - 1], f[i]
    if f0 == f1:
        return float(t[i])
    x = (thr - f0) / (f1 - f0)
    return float(t[i - 1] + min(max(x, 0.0), 1.0) * (t[i] - t[i - 1]))


def takeoff_time(t: np.ndarray, f: np.ndarray, i: int, thr: float) -> float:
    """Take-off between the last loaded sample i-1 and the first empty one i: the force keeps
    falling at its last rate (samples i-2 -> i-1) until it reaches thr, no later than the
    linear crossing between i-1 and i. At 50-200 Hz the sample after take-off is already in
    flight, and the straight line from a loaded sample to it puts the toe-off up to a whole
    period late (and the take-off velocity g * that lower); at 1 kHz both agree within 1 ms."""
    t_lin = crossing(t, f, i, thr)
    if 2 <= i < t.size and f[i - 2] > f[i - 1] > thr:
        slope = (f[i - 2] - f[i - 1]) / (t[i - 1] - t[i - 2])
        return float(min(max(t[i - 1] + (f[i - 1] - thr) / slope, t[i - 1]), t_lin))
    return t_lin


def touchdown_time(t: np.ndarray, f: np.ndarray, i: int, thr: float) -> float:
    """Touchdown between the last empty sample i-1 and the first loaded one i: the force rose
    at its first rate (samples i -> i+1) from thr, no earlier than the linear crossing."""
    t_lin = crossing(t, f, i, thr)
    if 1 <= i < t.size - 1 and f[i + 1] > f[i] > thr:
        slope = (f[i + 1] - f[i]) / (t[i + 1] - t[i])
        return float(min(max(t[i] - (f[i] - thr) / slope, t_lin), t[i]))
    return t_lin
