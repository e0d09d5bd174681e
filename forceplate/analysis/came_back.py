"""Did a velocity that ran down come back to rest? The test that a lowering reached its bottom
(a rest-to-rest chunk's lowering, a helped phase's untouched side), as opposed to a cruise still
under way or sway."""

from __future__ import annotations

import numpy as np

from forceplate.analysis.force_edges import CAME_BACK_M_S, CAME_BACK_REL
from forceplate.analysis.motion import MIN_TRAVEL_M
from forceplate.analysis.sigproc import cumtrapz


def back_hits(v: np.ndarray) -> np.ndarray:
    """Samples where v (m/s), having run clearly negative (CAME_BACK_M_S), is back most of the
    way to 0 (CAME_BACK_REL of its lowest so far)."""
    run_min = np.minimum.accumulate(v)
    return np.flatnonzero((run_min <= -CAME_BACK_M_S) & ((v - run_min) >= CAME_BACK_REL * np.abs(run_min)))


def came_back(v: np.ndarray, t: np.ndarray | None = None) -> bool:
    """True if v (m/s) first ran clearly negative and then came most of the way back to 0
    (a lowering that reached the bottom), as opposed to a cruise that is still going. With
    t: that lowering must also have travelled a phase's distance (MIN_TRAVEL_M) by the time
    it came back - a dip of 1-2 cm/s over a second of standing is sway or a level error of
    half a newton, not a lowering."""
    hit = back_hits(v)
    if hit.size == 0:
        return False
    if t is None:
        return True
    low = np.minimum.accumulate(cumtrapz(v, t))
    return bool(np.any(low[hit] <= -MIN_TRAVEL_M))


def came_back_depth(v: np.ndarray, t: np.ndarray) -> float:
    """How far (m) v, integrated over t, went one way before it came back (came_back's test
    without its travel bound); 0.0 where it never came back."""
    hit = back_hits(v)
    if hit.size == 0:
        return 0.0
    return -float(np.min(cumtrapz(v, t)[:int(hit[-1]) + 1]))
