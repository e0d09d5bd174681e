"""Flight found in plate force: a cheap test that the plate empties in some samples
(contains_flight), and the plate's zero read off a flight where no tare shows it empty
(flight_zero: an untared file that begins with the athlete on the plate).

Used by the jump stage (forceplate.analysis.jumps) and by the Analyser, which hands a movement
with flight to that stage instead of the strength path. Conventions: docs/jumps.md.
"""

from __future__ import annotations

import numpy as np

from forceplate.analysis.sigproc import bool_runs, median, robust_sd
from forceplate.units import G

EMPTY_COARSE_N = 40.0     # N, "plate empty" for finding flights: under the lightest unweighting
                          # (40 kg at 25 % BW = 98 N), over noise and ringing of an empty plate
MIN_FLIGHT_S = 0.06       # s, shorter empty runs are noise dips, not flight (a 4-mm hop)
# --- an untared plate with no empty stretch: the flight is the plate's zero -------------------
FREE_FALL_MIN_S = 0.1     # s, a flight found without a tare lasts at least this (a 1.2-cm jump:
                          # shorter flat dips could be the bottom of a slow unweighting)
FREE_FALL_MAX_S = 1.0     # s, ... and at most this (a 1.2-m jump; longer is an empty plate or a
                          # rest, not a flight)
FREE_FALL_SMOOTH_S = 0.02 # s, the force is averaged over this to find the lowest level (a noise
                          # spike is one sample; a flight is 5 or more such windows)
FREE_FALL_SD_N = 12.0     # N, the middle of a flight is flat: robust SD under this (an empty
                          # plate's noise is 0.3-4 N; the weigh stage's still limit, WEIGH_MAX_SD_N)
FREE_FALL_EDGE_S = 0.05   # s, the plate is loaded by MIN_BODY_N within this before the low stretch
                          # and after it: toe-off takes the force from body weight to empty, and
                          # a landing's impact from empty to body weight, in well under 50 ms
MIN_BODY_N = 40.0 * G     # N, the stance around a flight is at least a 40-kg athlete over the
                          # flight's level (the lightest athlete the jump stage is built for)


def contains_flight(f: np.ndarray, tare_n: float, rate_hz: float) -> bool:
    """Does the plate empty (the force f - tare_n under EMPTY_COARSE_N for MIN_FLIGHT_S) in
    these samples?"""
    if f.size == 0 or float(np.minimum.reduce(f)) - tare_n >= EMPTY_COARSE_N:   # (= f.min())
        return False     # never near empty (min(f) - tare is min(f - tare): one pass, no copy)
    starts, ends = bool_runs(f - tare_n < EMPTY_COARSE_N)
    return bool((ends - starts >= max(2, int(round(MIN_FLIGHT_S * rate_hz)))).any())


def flight_zero(f: np.ndarray, rate_hz: float) -> float | None:
    """The plate's zero read off a flight, without a tare (an untared lab file that never shows
    an empty plate): the lowest level the force (averaged over FREE_FALL_SMOOTH_S) holds within
    EMPTY_COARSE_N for FREE_FALL_MIN_S-FREE_FALL_MAX_S, flat in its middle (robust SD under
    FREE_FALL_SD_N, 30 ms cut at each end for toe-off ringing and landing), with the plate
    loaded by at least MIN_BODY_N over it just before (the take-off) and just after (the
    landing impact). In the air the plate carries nothing: that level is its zero. None where
    no such stretch is seen (whether it is a jump is decided by the jump's own velocity)."""
    w = max(1, int(round(FREE_FALL_SMOOTH_S * rate_hz)))
    n_min = max(3, int(round(FREE_FALL_MIN_S * rate_hz)))
    lo = float(f.min()) if f.size else 0.0
    if f.size < n_min + 2 * w or float(f.max()) - lo < MIN_BODY_N:
        return None
    c = np.cumsum(np.concatenate([[0.0], f]))
    s = (c[w:] - c[:-w]) / w                         # s[k]: mean of f[k:k+w]
    starts, ends = bool_runs(s < float(s.min()) + EMPTY_COARSE_N)
    cut = int(0.03 * rate_hz)
    look = max(2, int(FREE_FALL_EDGE_S * rate_hz))
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        b = b + w - 1                                # back to raw samples: f[a:b] is low
        if not n_min <= b - a <= FREE_FALL_MAX_S * rate_hz or a < look or b + look > f.size:
            continue
        x = f[a + cut:b - cut] if b - a > 2 * cut + 4 else f[a:b]
        med = median(x)          # (x finite here: = np.median, without its per-call overhead)
        if robust_sd(x, med) > FREE_FALL_SD_N:
            continue
        if float(f[a - look:a].max()) - med >= MIN_BODY_N and float(f[b:b + look].max()) - med >= MIN_BODY_N:
            return med
    return None
