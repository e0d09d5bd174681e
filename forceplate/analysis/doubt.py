"""Reps read whole whose reading the chunk's own motion contradicts: kept (their boundaries
are the best the force gives) but flagged "look again" (confidence under 0.5, the dashboard's
LOW_CONFIDENCE), so that a coach is not shown a guess as sure."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from forceplate.analysis.integrate import Chunk, RepBounds
from forceplate.analysis.motion import MIN_TRAVEL_M, zeroed_at_end
from forceplate.analysis.top_return import SANK_NOISE_SDS, noise_travel_m

DOUBT_CONFIDENCE = 0.45     # a lifted rep's chunk holds another raise before its bottom: "look
                            # again" (under the 0.5 shown as sure), not "not seen" (0.4)


def rise_before_bottom(v: np.ndarray, bottom: int, rate_hz: float) -> float:
    """The most the bar rose before the bottom (m), on the integral re-zeroed between the rest
    before the chunk and that bottom (two instants of zero velocity, nobody but the lifter
    touching the bar until the spotter's lift): its largest climb over any lower point
    before. One lowering from the top only goes down."""
    if bottom < 4:
        return 0.0
    h = np.cumsum(zeroed_at_end(v[:bottom + 1])) / rate_hz
    return float(np.max(h - np.minimum.accumulate(h)))


def doubted_lift(rb: RepBounds, ch: Chunk, v: np.ndarray, dev: np.ndarray) -> RepBounds:
    """A lifted rep (the spotter's lift read from the force, one rep per chunk) whose chunk
    shows the bar rising before the lift's bottom - a phase's distance (MIN_TRAVEL_M) and
    SANK_NOISE_SDS times what the plate's noise integrates to over the chunk (as a sinking
    after a help, and proof.NOISE_MOVED_SDS for a whole rep): the chunk holds
    a raise of the lifter's own before it (reps run together, or the lowering began later),
    and the one rep read is a guess - its count and its lowering's start."""
    if rb.assisted != "raising" or rb.confidence <= DOUBT_CONFIDENCE:
        return rb
    rise = rise_before_bottom(v, rb.ecc_end, ch.rate_hz)
    if rise <= max(MIN_TRAVEL_M, SANK_NOISE_SDS * noise_travel_m(ch, dev)):
        return rb
    return replace(rb, confidence=DOUBT_CONFIDENCE)
