"""The streaming analyser: blocks of samples in, events out. Offline analysis is one big feed.

The stages, in pipeline order (each a small module; details and limits in docs/analysis.md):
1. frames.py     the force averaged over 10-ms frames; which frames are quiet (candidate rests)
2. weigh.py      what a quiet run weighs: tare, body, body + bar; rest levels and noise bands
3. integrate.py  the samples between two rests as a Chunk; v = integral of (F - m*g)/m dt
4. proof.py      a quiet run is a rest only if the physics agrees (integral back near zero at
                 the top), or a spotter evidently acted and the untouched side shows a phase
5. rests.py      quiet runs -> proven rests and mass changes (step on/off, unrack/rack);
                 quiet_runs.py walks the quiet runs and hands each on at its test lengths
6. segment.py    the reps inside a rest-to-rest chunk (segment_chunk; assisted.py, pushed_reps.py,
                   unproven_helps.py)
7. measure.py    per-phase metrics of each rep
8. judge.py      verdicts, sets, the failed positive of a beyond-failure set
9. live.py       the provisional phase while a chunk is still open; held_rep.py holds a rep
                whose closing rest may be a failing raise's hang (a spotter plate) until known
10. jump_hook.py the jump stage (jumps.py) fed the same force: movements that leave the plate
A rep is therefore reported a moment after the rest that follows it. Every decision depends only
on the data, so feeding block by block gives the same reps as one big feed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from forceplate.analysis.assisted import hold_only_lowering
from forceplate.analysis.config import AnalysisConfig
from forceplate.analysis.events import (
    Event,
    Phase,
    Rep,
    SetSummary,
    Weighing,
)
from forceplate.analysis.integrate import CHUNK_PAD_S
from forceplate.analysis.jump_hook import JumpHookStage
from forceplate.analysis.jumps import JumpStage
from forceplate.analysis.methods import METHODS
from forceplate.analysis.partial import drop_partial_first
from forceplate.analysis.rests import HIDDEN_LOWERING_MAX_S
from forceplate.analysis.segment import segment_chunk
from forceplate.analysis.sigproc import weighted_sum
from forceplate.analysis.state import FRAME_MIN_SAMPLES, FRAME_S, _Run, append
from forceplate.analysis.weigh import WEIGH_WINDOW_S
from forceplate.samples import ReaderInfo, SampleBlock
from forceplate.units import G

__all__ = ["FRAME_S", "AnalysisResult", "Analyser", "analyse"]


@dataclass
class AnalysisResult:
    sample_rate_hz: float
    body_mass_kg: float | None
    system_mass_kg: float | None
    reps: list[Rep] = field(default_factory=list)
    sets: list[SetSummary] = field(default_factory=list)
    weighings: list[Weighing] = field(default_factory=list)


class Analyser(JumpHookStage):
    def __init__(self, info: ReaderInfo, config: AnalysisConfig | None = None) -> None:
        self.info = info
        self.config = config or AnalysisConfig()
        self.rate_hz = float(info.sample_rate_hz)
        self.nf = max(FRAME_MIN_SAMPLES, math.ceil(self.rate_hz * FRAME_S - 1e-9))
        self.frame_s = self.nf / self.rate_hz
        self._frame_counts = {}
        self._force_idx = info.force_channels
        self._force_w = np.zeros(len(info.channels))
        self._force_w[self._force_idx] = 1.0
        pos = info.channel_index("position")
        vel = info.channel_index("velocity")
        spot = info.channel_index("spotter_force")
        self._pos_idx, self._vel_idx, self._spot_idx = pos, vel, spot
        spec = METHODS.get(self.config.method)
        self._spotter_expected = spec.needs_spotter if spec is not None else True
        # a spotter helps the set's raises or lowerings by design (forced positives: every
        # raise; forced negatives: every lowering, pushed from the top rest on)
        self._spotter_helps = self.config.method in ("forced_positive", "forced_negative") or spec is None
        # ... and only a forced negative's spotter pushes (a pushed-looking chunk of any other
        # method is a lift misread, whose "lowering" is not the push's to start)
        self._spotter_pushes = self.config.method == "forced_negative"
        # ... and one who does not push lifts (forced positives' raises, beyond failure's after
        # the failure, an unknown method's): a prior only - a chunk is read as lifted where its
        # force shows the lift (pushed_reps.light_lift). Without the prior, a slow negative's
        # 0.9-s chunk that lost 0.007 m/s read as a lift and gained a rep (explore 8038)
        self._spotter_lifts = self._spotter_expected and not self._spotter_pushes
        self._pushed_raise_m = None
        # ... and a raise can fail, hang part-way up and be finished by the spotter (beyond failure)
        self._raises_hang = self.config.method == "beyond_failure" or spec is None
        self.source = ("position" if pos is not None else "velocity" if vel is not None
                       else "spotter_plate" if spot is not None else "force_integral")
        # a method with no spotter (normal, slow negatives): where the spotter plate shows no
        # help, F alone moves the bar and the rest tests are force only's (not its level line:
        # integrate.py; its drift-fitted movement test is kept: proof.py); a chunk in which it
        # measures a help the lifter's plate mirrors is still read as helped (integrate._helps)
        self._spot_unexpected = self.source == "spotter_plate" and not self._spotter_expected
        if self._spot_unexpected:
            self.source = "force_integral"
        # sample buffer (from global sample self._s0, a multiple of nf)
        self._s0 = 0
        self._t = np.empty(0)
        self._f = np.empty(0)       # plate vertical force
        self._fk = np.empty(0)      # force that moves the lifter (plate + spotter plate)
        self._aux = np.empty(0)     # position or velocity channel
        self._spot = np.empty(0)    # spotter plate
        # frames (global frame numbers from self._f0 = self._s0 // nf)
        self._fm = np.empty(0)
        self._fmp = np.empty(0)     # frame means of the plate force alone (roles, tare)
        self._fsd = np.empty(0)
        self._am = np.empty(0)      # frame means of the position / velocity channel
        self._quiet = np.empty(0, bool)
        self._qdone = 0             # global frames whose quiet flag is decided
        self._run_start = None
        self._run_seen = 0          # frames of the current run already handled
        self._run_level = None
        self._run_band = 0.0
        self._run_pos: float | None = None
        self._chunk_cache = None
        self._base = None
        self._elsewhere = []
        self._first_base: _Run | None = None   # the data's first rest (partial.py)
        # a chunk that gave no rep, (its base, the frame where it ended): the rest that ended
        # it may have been a pause inside a rep (_analyse_chunk)
        self._repless: tuple[_Run, int] | None = None
        self._track = None
        self._still = None   # live: frames checked, max deviation
        self._tare_n = 0.0
        self._body_n = None      # tared body weight, N
        self._system_n = None
        self._body_ref_n = None
        self._drift_now_n = 0.0
        self._system_ref_n = None
        self._load_may_change = False
        self._drift_t_s = 0.0
        self._impulse_levels = []
        self._spot_sway_n = 0.0
        self._chunk_weighs = False
        self._chunk_spotted = False
        self._set_spotted = False
        self._sway_band = None
        # outputs / state
        self.reps = []
        self.sets = []
        self.weighings = []
        self.current_set_reps = []
        self._pending = []
        self._reported_end_s = -np.inf
        self._reported_past_s = 0.0
        self._set_no = 0
        self._set_open = False
        self._set_start_s = 0.0
        self._failure_rep = None
        self.phase = Phase.EMPTY
        self.phase_started_s = 0.0
        self.time_s = 0.0
        self._finished = False
        self._jumps = JumpStage(self.rate_hz)   # movements that leave the plate (jump hook)
        self._jump_set = False
        self._jump_fed = 0     # samples (from the recording's first) the jump stage has seen
        self._unfed: tuple[int, int, float] | None = None   # (from, to, min force) not yet fed
        if self.config.body_mass_kg:
            self._body_n = self.config.body_mass_kg * G

    @property
    def body_mass_kg(self) -> float | None:
        return None if self._body_n is None else self._body_n / G

    @property
    def system_mass_kg(self) -> float | None:
        return None if self._system_n is None else self._system_n / G

    def result(self) -> AnalysisResult:
        body, system = self.body_mass_kg, self.system_mass_kg
        jumps = [r for r in self.reps if r.movement == "jump"]
        if jumps and (body is None or self._jumps.zero_n is not None):
            # no body weighing of the strength path (a drop jump from a box: the athlete never
            # stood on the plate before it), or one made on the wrong zero (a plate whose zero
            # only its flights showed): the jumps' own weighing is the body's ("body ?" before)
            body = jumps[-1].body_mass_kg
            if system is None or self._jumps.zero_n is not None:
                system = jumps[-1].system_mass_kg
        return AnalysisResult(self.rate_hz, body, system,
                              list(self.reps), list(self.sets), list(self.weighings))

    def feed(self, block: SampleBlock) -> list[Event]:
        if len(block) == 0 or self._finished:
            return []
        v = block.values
        f = weighted_sum(v, self._force_w)
        aux_idx = self._pos_idx if self._pos_idx is not None else self._vel_idx
        aux = v[:, aux_idx] if aux_idx is not None else np.zeros(0)
        self._t = append(self._t, block.time_s)
        self._f = append(self._f, f)
        self._fk = self._f
        if self._spot_idx is not None:
            self._spot = append(self._spot, v[:, self._spot_idx])
        if aux_idx is not None:
            self._aux = append(self._aux, aux)
        self.time_s = float(block.time_s[-1])
        events: list[Event] = []
        self._frames()
        self._decide(final=False, events=events)
        self._check_held(events)         # held reps whose rest cannot be a hang any more
        self._flush()                    # this block's reps measured and judged
        self._feed_jumps_to(self._s0 + self._f.size, events)   # jump hook
        self._live_phase(events)
        self._trim()
        return events

    def finish(self) -> list[Event]:
        """End of the data: close the open quiet run (a last weighing) and the open set."""
        if self._finished:
            return []
        events: list[Event] = []
        self._frames()
        self._decide(final=True, events=events)
        self._flush()
        self._feed_jumps_to(self._s0 + self._f.size, events, final=True)   # jump hook
        if self._run_start is not None and self._base is not None and self._base.start == self._run_start:
            self._close_base(self._n_frames(), events)
        self._end_set(events)
        self._finished = True
        return events

    def _new_base(self, a: int, level: float, events: list[Event], mass_change: bool = False) -> None:
        first = self._base is None
        super()._new_base(a, level, events, mass_change)
        if first:
            self._first_base = self._base
        self._repless = None                 # a new level: no rep runs on across it
        if mass_change:
            self._chunk_spotted = False      # racked or re-loaded: a new set, no spotter on it yet
            self._set_spotted = False
            self._sway_band = None           # another mass: its sway is measured afresh

    def _analyse_chunk(self, base: _Run, a: int, level1: float, events: list[Event],
                       unproven: bool = False) -> None:
        """The movement between two proven rests (unproven: none closed it,
        proof_spotter._unproven_helps) segmented into reps, measured and judged."""
        ch, sl = self._chunk(base, a, level1)
        self._chunk_weighs = False
        self._chunk_spotted = False
        if self._jump_chunk(sl):   # jump hook: flight in it, the jump stage has it
            return
        res = segment_chunk(ch, unproven)
        merged = False
        repless, self._repless = self._repless, None
        if not unproven and repless is not None and repless[1] == base.start and all(
                hold_only_lowering(res.velocity_m_s, rb) for rb in res.reps):
            # a chunk without a rep, and after it one without a rep either or only a pushed
            # "lowering" that never went down (the rest of a hold): the rest between them was
            # a pause inside the rep (a forced negative's bottom pause, quiet for seconds,
            # passes for a top: the chunk after it only rises, and from a top the bar can only
            # go down). Nothing was reported for the first chunk; the two are one.
            ch2, sl2 = self._make_chunk(repless[0], a, level1)
            res2 = segment_chunk(ch2)
            if res2.reps:
                base, ch, sl, res, merged = repless[0], ch2, sl2, res2, True
        if not res.reps:
            self._repless = (base, a)
        found = len(res.reps)
        if base is self._first_base:
            # the data's first rest: the analyser never saw the lifter come to it (the
            # recording may have begun mid-rep), so its first rep is reported only if the
            # data shows it begin (partial.py)
            res = drop_partial_first(ch, res)
        # the chunk weighs the lifter + bar by its zero impulse if it holds a whole rep (its
        # rests then are the top's) that no spotter touched (an assisted rep's mean force
        # holds the spotter's impulse); a chunk that began mid-rep holds no whole one
        # - or, with a spotter plate, one the spotter touched: E measured is in F + E
        self._chunk_weighs = (not merged and bool(res.reps) and len(res.reps) == found
                              and (ch.source == "spotter_plate"
                                   or all(r.assisted == "none" for r in res.reps)))
        # a rep the spotter lifted: their hands can hold the next top under m*g (a push
        # down, a forced negative's, cannot)
        self._chunk_spotted = any(r.assisted == "raising" for r in res.reps)
        self._set_spotted = self._set_spotted or self._chunk_spotted
        if not res.reps:
            return
        # jumps before this chunk's end come first, however the data was cut into blocks:
        # fed the whole recording at once, its strength sets were numbered before the jumps
        # that came before them (live, a block at a time, they were not)
        self._feed_jumps_to(self._s0 + sl.stop, events, lazy=True)
        if self._jump_set:
            # strength reps after jumps: a new set (a movement that gives none - a stance's
            # sway between hops - leaves the jump set open, as offline, where every chunk is
            # decided before the jump stage has opened it)
            self._end_set(events)
            self._jump_set = False
        self._chunk_no_bar = self._no_bar(base)     # reps from the stand: no bar (no_bar.py)
        self._report(ch, sl, res, events)
        self._hold_reported(base, a, ch)     # judged once the rest at a is known not a hang

    def _trim(self) -> None:
        """Drop samples no decision can need any more (bounded memory for endless streams)."""
        keep = self._qdone - 2 * self._half_window - 1
        pad = self._frames_for(WEIGH_WINDOW_S + 0.5 + CHUNK_PAD_S) + self._half_window + 1
        base = self._base
        if base is not None:
            ref = base.end if base.end is not None else self._qdone
            if ref - base.start <= self._frames_for(HIDDEN_LOWERING_MAX_S):
                keep = min(keep, base.start)     # a chunk may be rebuilt from its start (rests.py)
            else:
                keep = min(keep, max(base.start, ref - pad))
        if self._run_start is not None:
            keep = min(keep, self._run_start)
        if self._repless is not None:
            keep = min(keep, self._repless[0].start)
        if self._held is not None:
            keep = min(keep, self._held[2].start)     # its chunk may be measured again (held_rep.py)
        if self._unracked is not None and self._unracked[0] is base:
            stand = self._unracked[1]      # an unrack may yet be undone (no_bar.py): its stand's chunk
            assert stand.end is not None
            keep = min(keep, stand.start if stand.end - stand.start <= self._frames_for(HIDDEN_LOWERING_MAX_S)
                       else max(stand.start, stand.end - pad))
        f0 = self._s0 // self.nf
        drop = keep - f0
        if drop <= 256:          # trim in large steps only
            return
        ns = drop * self.nf
        self._t = self._t[ns:]
        self._f = self._f[ns:]
        self._fk = self._f
        if self._spot.size:
            self._spot = self._spot[ns:]
        if self._aux.size:
            self._aux = self._aux[ns:]
        self._fm = self._fm[drop:]
        self._fmp = self._fm
        self._fsd = self._fsd[drop:]
        if self._am.size:
            self._am = self._am[drop:]
        self._quiet = self._quiet[drop:]
        self._s0 += ns


def analyse(info: ReaderInfo, block: SampleBlock, config: AnalysisConfig | None = None,
            block_size: int | None = None) -> AnalysisResult:
    """Offline analysis: the streaming analyser fed the whole recording at once - or in blocks
    of block_size samples, as a live plate delivers them (the same answer: live = offline)."""
    an = Analyser(info, config)
    step = block_size or len(block)
    for i in range(0, max(len(block), 1), max(step, 1)):
        j = min(i + step, len(block))
        an.feed(block if (i, j) == (0, len(block)) else
                SampleBlock(block.time_s[i:j], block.values[i:j], block.seq[i:j], block.flags[i:j]))
    an.finish()
    return an.result()
