"""Former home of the chunk stages (before the pipeline rework): the same names, re-exported."""

from forceplate.analysis.assisted import BREAK_CONFIDENCE, lowered_then_lifted
from forceplate.analysis.integrate import Chunk, ChunkResult, RepBounds, chunk_velocity
from forceplate.analysis.motion import FORCE_CUTOFF_HZ, MIN_TRAVEL_M, ONSET_REL, direction_runs
from forceplate.analysis.segment import find_reps, segment_chunk
from forceplate.analysis.spotter_evidence import ASSISTED_V_M_S, spotter_evident
from forceplate.analysis.top_return import (
    LOCKOUT_SPREAD_M,
    back_at_top,
    drift_fixed,
    last_moved_up,
    rezeroed_rep,
    rezeroed_returns,
)

__all__ = [
    "ASSISTED_V_M_S", "BREAK_CONFIDENCE", "FORCE_CUTOFF_HZ", "LOCKOUT_SPREAD_M", "MIN_TRAVEL_M",
    "ONSET_REL", "Chunk", "ChunkResult", "RepBounds", "back_at_top", "chunk_velocity",
    "direction_runs", "drift_fixed", "find_reps", "last_moved_up", "lowered_then_lifted",
    "rezeroed_rep", "rezeroed_returns", "segment_chunk", "spotter_evident",
]
