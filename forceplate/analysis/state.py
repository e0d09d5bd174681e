"""What the streaming analyser's stages share: the sample and frame buffers, the rest that
motion is measured from (the "base"), the masses weighed so far, and the set being built.

The analyser is a pipeline of stages, each a small class in its own module, inherited in
pipeline order (each stage uses only what comes before it, and these few hooks after it):

    frames.FrameStage       10-ms frames of the force, and which of them are quiet
    weigh.WeighStage        weighing a rest: levels, noise bands, the tare, body and system
    integrate.IntegrateStage  the samples between two rests as a Chunk; v = integral of (F - mg)/m
    proof.ProofStage        is a quiet run a rest? (the physics must agree)
    quiet_runs.QuietRunWalk the quiet runs, frame by frame, handed on at each test length
    rests.RestStage         quiet runs -> rests and mass changes; a proven rest closes a chunk
    judge.JudgeStage        reps of a chunk measured (measure.py) and judged (verdicts.py), sets
    live.LiveStage          the provisional phase word while a chunk is still open
    analyser.Analyser       feed / finish; segments each chunk (segment.segment_chunk)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from forceplate.analysis.config import AnalysisConfig
from forceplate.analysis.events import Event, Phase, Rep, SetSummary, Weighing
from forceplate.samples import ReaderInfo

if TYPE_CHECKING:
    from forceplate.analysis.integrate import Chunk

QUIET_HALF_S = 0.05         # s, a frame is quiet if the frames within this either side are:
                            # a ~110-ms window, shorter than any phase (>= 0.3 s)
FRAME_S = 0.01             # s, frame length wanted: 100 Hz is plenty for 150-ms tolerances, 10x
                           # less work (the frame is a whole number of samples, at least 10 ms:
                           # 12 ms at 250 Hz - two samples gave a poor frame-noise estimate)
FRAME_MIN_SAMPLES = 1      # samples: a 100-Hz export's sample is its own 10-ms frame, the same
                           # frame mean a 1-kHz plate gives (its noise is read from the frame
                           # means' second differences, frames.D2_SD); two-sample 20-ms frames
                           # smoothed the noise out of the quiet test's range, so an unrack's
                           # 2-cm lift-off cruise passed for the set's first rest (8615 at 100 Hz)


def append(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(b, dtype=np.float64) if a.size == 0 else np.concatenate([a, b])


@dataclass
class _Run:
    """A quiet run of frames (global frame numbers) accepted as a rest (a 'base')."""

    start: int
    end: int | None           # first non-quiet frame, None while it lasts
    level_n: float            # level of fk over its first frames (raw, untared)
    role: str                 # "empty" | "body" | "system"
    held: bool = False        # proven only as a stop held MASS_CHANGE_S (may be a failing raise's hang)
    lifted_to: bool = False   # proven as the top a spotter lifted the bar to (a top, never a hang)
    cache: dict[str, float] = field(default_factory=dict)   # band, level: fixed once it ended


class AnalyserState:
    """Attributes every stage reads or writes (set in Analyser.__init__)."""

    info: ReaderInfo
    config: AnalysisConfig
    rate_hz: float
    nf: int                     # samples per frame
    frame_s: float              # s, the frame's true length (nf / rate)
    _frame_counts: dict[float, int]
    source: str                 # best velocity source: position | velocity | spotter_plate | force_integral
    _pos_idx: int | None
    _vel_idx: int | None
    _spot_idx: int | None
    _spot_unexpected: bool      # a spotter plate where the method has no spotter
    _spotter_helps: bool        # the method's spotter helps every raise or lowering (forced reps)
    _spotter_pushes: bool       # ... pushes every lowering (forced negatives)
    _spotter_lifts: bool        # ... one who does not push lifts (a prior: pushed_reps.lift_lost)
    _raises_hang: bool          # ... finishes raises that failed and hung part-way (beyond failure)
    _spotter_expected: bool     # the method has a spotter (a prior, see proof.spotter_evident)
    _pushed_raise_m: float | None   # m, what the last pushed rep's raise regained (proof.py)
    # samples, from global sample _s0 (a multiple of nf)
    _s0: int
    _t: np.ndarray
    _f: np.ndarray              # plate vertical force
    _fk: np.ndarray             # force that moves the lifter (plate + spotter plate)
    _aux: np.ndarray            # position or velocity channel
    _spot: np.ndarray           # spotter plate
    # frames, from global frame _s0 // nf
    _fm: np.ndarray             # frame means of the force
    _fmp: np.ndarray            # frame means of the plate force alone (roles, tare)
    _fsd: np.ndarray            # frame SDs
    _am: np.ndarray             # frame means of the position / velocity channel
    _quiet: np.ndarray
    _qdone: int                 # global frames whose quiet flag is decided
    # the quiet run being walked
    _run_start: int | None
    _run_seen: int
    _run_level: float | None
    _run_band: float
    _run_pos: float | None      # bar position where the quiet run began (m), if measured
    _chunk_cache: tuple[_Run, tuple[int | None, int], tuple[Chunk, slice]] | None
    _base: _Run | None          # the last rest (or mass-change level) motion is measured from
    _elsewhere: list[list[float]]  # [start, end (-1 while it lasts), level]: the last quiet runs
                                # at other levels than a base the recording began on
    _still: tuple[_Run, int, float] | None
    _track: Any                 # live.py: the live reading of the rep under way
    # masses
    _tare_n: float
    _body_n: float | None       # tared body weight, N
    _system_n: float | None
    _body_ref_n: float | None   # first body weighing of the lifter (drift reference), N
    _drift_now_n: float         # the plate's drift at the last weighing, N (from the first)
    _system_ref_n: float | None  # the set's lifter + bar weight, its first weighing less the drift then, N
    _load_may_change: bool      # the lifter was weighed alone since the load's last weighing
    _drift_t_s: float           # when a rest last showed the drift, s
    _impulse_levels: list[tuple[float, float, float]]  # (mid-time s, mean force N, duration s) of proven chunks
    _spot_sway_n: float         # the spotter's largest sway at rest so far (half its range), N
    _chunk_weighs: bool         # the last chunk analysed held unassisted reps only (see rests.py)
    _chunk_no_bar: bool = False  # ... came from the body's rest: bodyweight reps (no_bar.py)
    _chunk_spotted: bool        # the last chunk analysed held a rep the spotter lifted (rest_checks.py)
    _set_spotted: bool          # ... or any chunk of this set did (proof.py: no drift allowance since)
    _sway_band: tuple[int, float] | None  # (frames watched, band N) of the load's longest rest (rest_checks.py)
    # outputs
    reps: list[Rep]
    sets: list[SetSummary]
    weighings: list[Weighing]
    current_set_reps: list[Rep]
    _pending: list[Any]         # judge.py: chunks whose reps wait to be measured and judged
    _reported_end_s: float      # judge.py: the last reported rep's concentric end (pending or not)
    _reported_past_s: float     # ... of it placed past its chunk's data (fitted, not seen), s
    _set_no: int
    _set_open: bool
    _set_no_bar: bool = False   # the open set's reps are bodyweight reps
    _set_start_s: float
    _failure_rep: int | None
    phase: Phase
    phase_started_s: float
    time_s: float
    _finished: bool
    _jump_set: bool             # the open set is jumps (jumps.py; ended by stepping off)

    def _frames_for(self, seconds: float) -> int:
        """Frames in a duration (at least one), at this plate's true frame length."""
        n = self._frame_counts.get(seconds)
        if n is None:
            n = self._frame_counts[seconds] = max(1, int(round(seconds / self.frame_s)))
        return n

    @property
    def _half_window(self) -> int:
        """Frames either side of a frame in its quiet window (QUIET_HALF_S)."""
        return self._frames_for(QUIET_HALF_S)

    # hooks later stages provide
    def _walk(self, first: int, q: np.ndarray, events: list[Event]) -> None:
        raise NotImplementedError

    def _analyse_chunk(self, base: _Run, a: int, level1: float, events: list[Event],
                       unproven: bool = False) -> None:
        raise NotImplementedError

    def _end_set(self, events: list[Event]) -> None:
        raise NotImplementedError

    def _hang_verdict(self, rest: _Run, a: int, level1: float, events: list[Event]) -> None:
        raise NotImplementedError

    def _hold_reported(self, base: _Run, a: int, ch: Any) -> None:
        raise NotImplementedError
