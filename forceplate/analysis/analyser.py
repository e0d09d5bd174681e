"""The streaming analyser: blocks of samples in, events out. Offline analysis is one big feed.

How it works (details and limits in docs/analysis.md):
1. The force is averaged in fixed 10-ms frames (aligned to the stream's sample numbers, so
   results never depend on how the caller cut the blocks).
2. A frame is *quiet* when the frame means in a +-50 ms window stay inside a noise band.
   Runs of quiet frames are candidate rests; each has a level (N).
3. A candidate is a *proven rest* only if the physics agrees: at the same level as the last
   rest, approached by a deceleration (not by the braking of a lowering), with the integrated
   velocity back near zero and the displacement back near the top - or with a velocity so
   impossible that a spotter must have acted (then the rep is analysed as assisted).
   A quiet run at a clearly different level that lasts is a mass change (step on/off,
   unrack/rack): never a rep.
4. The samples between two proven rests are a chunk; forceplate.analysis.phases finds the
   reps in it. A rep is therefore reported a moment after the rest that follows it.
Every decision depends only on the data, so feeding block by block gives the same reps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
from scipy.ndimage import maximum_filter1d, minimum_filter1d

from forceplate.analysis.config import AnalysisConfig
from forceplate.analysis.events import (
    Calibrated,
    Event,
    Phase,
    PhaseChanged,
    PositiveFailure,
    Rep,
    RepCompleted,
    SetEnded,
    SetStarted,
    SetSummary,
    Weighing,
)
from forceplate.analysis.jumps import Away, JumpStage, contains_flight
from forceplate.analysis.methods import METHODS
from forceplate.analysis.metrics import load_ratio, phase_metrics, set_summary, smooth_force
from forceplate.analysis.phases import (
    Chunk,
    back_at_top,
    chunk_velocity,
    drift_fixed,
    find_reps,
    lowered_then_lifted,
    rezeroed_rep,
    rezeroed_returns,
    spotter_evident,
)
from forceplate.analysis.pushed_reps import split_pushed
from forceplate.analysis.sigproc import lowpass
from forceplate.analysis.verdicts import rep_verdict, set_verdict
from forceplate.samples import ReaderInfo, SampleBlock
from forceplate.units import G

FRAME_S = 0.01             # frame length for quiet detection
QUIET_HALF_FRAMES = 5      # +-5 frames: the quiet window is 110 ms
QUIET_MIN_S = 0.2          # shortest quiet run that can be a rest
BAND_MIN_N = 8.0           # quiet band floor (sway of a standing lifter is a few N)
BAND_NOISE_K = 6.0         # ... or this many frame-noise SDs
BAND_REL = 0.004           # ... or this share of the level
LEVEL_EXIT_REL = 0.004     # a quiet run ends when its level moves by this share (slow starts),
LEVEL_EXIT_K = 4.0         # ... or this many SDs of its first frames,
LEVEL_EXIT_MIN_N = 4.0     # ... or this many newtons, whichever is largest
LEVEL_TOL_REL = 0.01       # two rests at the same level: within this share
WEIGH_MIN_S = 1.0          # a body/system weighing needs this much quiet
REWEIGH_MIN_S = 0.5        # a re-weighing at a rest inside a set
WEIGH_WINDOW_S = 3.0       # weigh over the last seconds of a long quiet run
WEIGH_MAX_SD_N = 12.0      # refuse a weighing with an SD over this ...
WEIGH_MAX_SD_REL = 0.01    # ... and over this share of the force
EMPTY_KG = 8.0             # below this the plate is empty
MASS_CHANGE_S = 0.8        # quiet this long at a new level (body <-> system): a mass change
LONG_LEVEL_S = 8.0         # quiet this long at any other new level: a mass change too
MAX_CHUNK_S = 40.0         # no rest for this long: give up on reps and start afresh
MIN_REP_S = 1.0            # a rep takes at least this long
CHUNK_PAD_S = 0.8          # rest samples kept on each side of a chunk
REST_REL_V = 0.4           # |v| at a rest must be under this share of the chunk's peak |v|
STILL_REL_V = 0.15         # ... as integrated, with the level taken as right: under this share
REST_ABS_V = 0.01          # ... or the peak itself is under this (nothing moved), m/s
TOP_REL_S = 0.35           # displacement at a rest: under this share of the chunk's largest
MEASURED_TOP_REL = 0.65    # ... in a method without failing raises: back over a third of the way up
REZERO_TOP_REL = 0.5       # ... under a level error: drift and lockouts a few cm apart blur the top
SPOTTER_MIN_N = 25.0       # a spotter force under this is not told from the spotter's sway
STILL_POS_M = 0.002        # a measured bar position moving less than this in a quiet window
STILL_V_M_S = 0.015        # ... or a measured velocity under this: the bar is still
LIVE_V_M_S = 0.03          # provisional phase: moving when |v| exceeds this
LIVE_FLAT_S = 0.4          # quiet this long at a level far from the rest's: not motion
LIVE_FAR_REL = 0.05        # ... far: over this share of the weight (0.5 m/s^2 sustained)
LIVE_LEAD_S = 0.3          # a launch leaves the rest level this long before it stands out


@dataclass
class AnalysisResult:
    sample_rate_hz: float
    body_mass_kg: float | None
    system_mass_kg: float | None
    reps: list[Rep] = field(default_factory=list)
    sets: list[SetSummary] = field(default_factory=list)
    weighings: list[Weighing] = field(default_factory=list)


@dataclass
class _Run:
    """A quiet run of frames (global frame numbers) accepted as a rest (a 'base')."""

    start: int
    end: int | None           # first non-quiet frame, None while it lasts
    level_n: float            # level of fk over its first frames (raw, untared)
    role: str                 # "empty" | "body" | "system"
    cache: dict[str, float] = field(default_factory=dict)   # band, level: fixed once it ended


class Analyser:
    def __init__(self, info: ReaderInfo, config: AnalysisConfig | None = None) -> None:
        self.info = info
        self.config = config or AnalysisConfig()
        self.rate_hz = float(info.sample_rate_hz)
        self.nf = max(1, int(round(self.rate_hz * FRAME_S)))
        self._force_idx = info.force_channels
        self._force_w = np.zeros(len(info.channels))
        self._force_w[self._force_idx] = 1.0
        pos = info.channel_index("position")
        vel = info.channel_index("velocity")
        spot = info.channel_index("spotter_force")
        self._pos_idx, self._vel_idx, self._spot_idx = pos, vel, spot
        spec = METHODS.get(self.config.method)
        self._spotter_expected = spec.needs_spotter if spec is not None else True
        self.source = ("position" if pos is not None else "velocity" if vel is not None
                       else "spotter_plate" if spot is not None else "force_integral")
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
        self._run_start: int | None = None
        self._run_seen = 0          # frames of the current run already handled
        self._run_level: float | None = None
        self._run_band = 0.0
        self._chunk_cache: tuple[_Run, tuple[int | None, int], tuple[Chunk, slice]] | None = None
        self._base: _Run | None = None
        self._still: tuple[_Run, int, float] | None = None   # live: frames checked, max deviation
        self._tare_n = 0.0
        self._body_n: float | None = None      # tared body weight, N
        self._system_n: float | None = None
        # outputs / state
        self.reps: list[Rep] = []
        self.sets: list[SetSummary] = []
        self.weighings: list[Weighing] = []
        self.current_set_reps: list[Rep] = []
        self._set_no = 0
        self._set_open = False
        self._set_start_s = 0.0
        self._failure_rep: int | None = None
        self.phase = Phase.EMPTY
        self.phase_started_s = 0.0
        self.time_s = 0.0
        self._finished = False
        self._jumps = JumpStage(self.rate_hz)   # movements that leave the plate (jump hook)
        self._jump_set = False
        if self.config.body_mass_kg:
            self._body_n = self.config.body_mass_kg * G

    # --- public state -------------------------------------------------------------------

    @property
    def body_mass_kg(self) -> float | None:
        return None if self._body_n is None else self._body_n / G

    @property
    def system_mass_kg(self) -> float | None:
        return None if self._system_n is None else self._system_n / G

    def result(self) -> AnalysisResult:
        return AnalysisResult(self.rate_hz, self.body_mass_kg, self.system_mass_kg,
                              list(self.reps), list(self.sets), list(self.weighings))

    # --- feeding --------------------------------------------------------------------------

    def feed(self, block: SampleBlock) -> list[Event]:
        if len(block) == 0 or self._finished:
            return []
        v = block.values
        f = v @ self._force_w
        aux_idx = self._pos_idx if self._pos_idx is not None else self._vel_idx
        aux = v[:, aux_idx] if aux_idx is not None else np.zeros(0)
        self._t = _append(self._t, block.time_s)
        self._f = _append(self._f, f)
        self._fk = self._f
        if self._spot_idx is not None:
            self._spot = _append(self._spot, v[:, self._spot_idx])
        if aux_idx is not None:
            self._aux = _append(self._aux, aux)
        self.time_s = float(block.time_s[-1])
        events: list[Event] = []
        self._frames()
        self._decide(final=False, events=events)
        self._feed_jumps(block.time_s, f, events, final=False)   # jump hook
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
        self._feed_jumps(np.empty(0), np.empty(0), events, final=True)   # jump hook
        if self._run_start is not None and self._base is not None and self._base.start == self._run_start:
            self._close_base(self._n_frames(), events)
        self._end_set(events)
        self._finished = True
        return events

    # --- frames and quiet runs --------------------------------------------------------------

    def _n_frames(self) -> int:
        return (self._s0 + self._t.size) // self.nf

    def _frames(self) -> None:
        f0 = self._s0 // self.nf
        have = f0 + self._fm.size
        n_new = self._n_frames() - have
        if n_new <= 0:
            return
        a = (have - f0) * self.nf
        # quiet detection and levels use the plate alone: a spotter acting shows there
        x = self._f[a:a + n_new * self.nf].reshape(n_new, self.nf)
        self._fm = _append(self._fm, x.mean(axis=1))
        self._fmp = self._fm
        mean = x.mean(axis=1)
        var = np.maximum(np.einsum("ij,ij->i", x, x) / self.nf - mean * mean, 0.0)
        self._fsd = _append(self._fsd, np.sqrt(var))
        if self._aux.size:
            self._am = _append(self._am, self._aux[a:a + n_new * self.nf].reshape(n_new, self.nf).mean(axis=1))

    def _decide(self, final: bool, events: list[Event]) -> None:
        """Decide quiet flags for all frames whose window is complete, then walk the runs."""
        h = QUIET_HALF_FRAMES
        f0 = self._s0 // self.nf
        nfr = self._n_frames()
        upto = nfr if final else nfr - h
        if upto <= self._qdone:
            return
        lo = self._qdone - h
        # window of frame means around each new frame (edges: repeat the end frame)
        ia = max(lo, f0)
        seg_fm = self._fm[ia - f0:upto + h - f0]
        seg_sd = self._fsd[ia - f0:upto + h - f0]
        seg_am = self._am[ia - f0:upto + h - f0] if self._am.size else None
        pad_lo = ia - lo
        pad_hi = (upto + h) - (f0 + self._fm.size) if upto + h > f0 + self._fm.size else 0
        if pad_lo or pad_hi:
            seg_fm = np.pad(seg_fm, (pad_lo, pad_hi), mode="edge")
            seg_sd = np.pad(seg_sd, (pad_lo, pad_hi), mode="edge")
            if seg_am is not None:
                seg_am = np.pad(seg_am, (pad_lo, pad_hi), mode="edge")
        k = 2 * h + 1
        m = seg_fm.size - k + 1
        # max/min filters are exact; the window mean is summed in a fixed order, so a frame's
        # flag never depends on where the caller's blocks were cut
        rng = (maximum_filter1d(seg_fm, k)[h:h + m] - minimum_filter1d(seg_fm, k)[h:h + m])
        sd_sum = seg_sd[0:m].copy()
        for j in range(1, k):
            sd_sum += seg_sd[j:j + m]
        noise = sd_sum / (k * math.sqrt(self.nf))
        band = np.maximum(np.maximum(BAND_MIN_N, BAND_NOISE_K * noise), BAND_REL * np.abs(seg_fm[h:h + m]))
        q = rng < band
        if seg_am is not None:
            # a measured bar must be still too: a slow, light lowering can keep the force
            # inside the band for seconds
            if self._pos_idx is not None:
                moved = maximum_filter1d(seg_am, k)[h:h + m] - minimum_filter1d(seg_am, k)[h:h + m]
                q &= moved < STILL_POS_M
            else:
                q &= maximum_filter1d(np.abs(seg_am), k)[h:h + m] < STILL_V_M_S
        self._quiet = np.concatenate([self._quiet, q])
        start_frame = self._qdone
        self._qdone = upto
        self._walk(start_frame, q, events)

    def _walk(self, first: int, q: np.ndarray, events: list[Event]) -> None:
        """Run events over newly decided frames first .. first+len(q). A run also ends when
        its frames leave the run's own level: a slow start is quiet in a short window but
        drifts away from the rest level."""
        qmin = self._frames_for(QUIET_MIN_S)
        f0 = self._s0 // self.nf
        n = q.size
        # where quiet starts (False->True) and stops (True->False), found once (no O(n) per run)
        dq = np.diff(q.astype(np.int8))
        rises = np.flatnonzero(dq == 1) + 1
        falls = np.flatnonzero(dq == -1) + 1

        def next_true(i: int) -> int:
            if q[i]:
                return i
            k = int(np.searchsorted(rises, i))
            return int(rises[k]) if k < rises.size else n

        def next_false(i: int) -> int:
            if not q[i]:
                return i
            k = int(np.searchsorted(falls, i))
            return int(falls[k]) if k < falls.size else n

        i = 0
        while i < n:
            if self._run_start is None:
                i = next_true(i)
                if i >= n:
                    return
                self._run_start, self._run_seen, self._run_level = first + i, 0, None
                continue
            rs = self._run_start
            end = next_false(i)
            if self._run_level is None:
                ready = rs + qmin - first
                if ready <= end and ready <= n:
                    first_frames = self._fm[rs - f0:rs + qmin - f0]
                    self._run_level = float(first_frames.mean())
                    # leaving the level by more than the run's own fluctuation ends the run:
                    # a slow lowering is quiet in a short window but drifts off the level
                    self._run_band = max(LEVEL_EXIT_MIN_N, LEVEL_EXIT_K * float(first_frames.std()),
                                         LEVEL_EXIT_REL * abs(self._run_level - self._tare_n))
                    if ready > i:
                        self._run_grows(first + ready, qmin, events)
                    i = max(i, ready)
                    continue
            else:
                fm = self._fm[first + i - f0:first + end - f0]
                away = np.flatnonzero(np.abs(fm - self._run_level) > self._run_band)
                if away.size:
                    end = i + int(away[0])
            if end > i:
                self._run_grows(first + end, qmin, events)
            if end >= n:
                return
            self._run_ends(first + end, qmin, events)
            self._run_start = None
            i = end + 1

    @staticmethod
    @lru_cache(maxsize=64)
    def _frames_for(seconds: float) -> int:
        return max(1, int(round(seconds / FRAME_S)))

    def _level(self, a: int, b: int) -> float:
        f0 = self._s0 // self.nf
        x = self._fm[max(a - f0, 0):max(b - f0, 1)]
        return float(x.mean()) if x.size else float(self._fm[0])

    def _frame_means(self, a: int, b: int) -> np.ndarray:
        """Frame means of the plate force over frames a..b."""
        f0 = self._s0 // self.nf
        return self._fm[max(a - f0, 0):max(b - f0, 1)]

    def _plate_level(self, a: int, b: int) -> float:
        f0 = self._s0 // self.nf
        return float(self._fmp[a - f0:b - f0].mean())

    # --- run events ---------------------------------------------------------------------------

    def _run_grows(self, upto: int, qmin: int, events: list[Event]) -> None:
        """The current quiet run now extends to frame upto (exclusive)."""
        a = self._run_start
        assert a is not None
        length = upto - a
        base = self._base
        if base is not None and base.start == a:
            return
        thresholds = [qmin, self._frames_for(MASS_CHANGE_S), self._frames_for(LONG_LEVEL_S)]
        for k, need in enumerate(thresholds):
            if self._run_seen < need <= length:
                self._candidate(a, a + need, k, events)
                if self._base is not None and self._base.start == a:
                    break
        self._run_seen = length

    def _run_ends(self, b: int, qmin: int, events: list[Event]) -> None:
        base = self._base
        if base is not None and base.start == self._run_start and base.end is None:
            self._close_base(b, events)

    def _role(self, level_n: float) -> str:
        tared = level_n - self._tare_n
        if tared < EMPTY_KG * G:
            return "empty"
        if self._body_n is not None:
            if abs(tared - self._body_n) < max(3.0 * G, 0.03 * self._body_n):
                return "body"
            return "system"
        prev = self._base.role if self._base is not None else "empty"
        return "body" if prev == "empty" else "system"

    def _candidate(self, a: int, upto: int, stage: int, events: list[Event]) -> None:
        """The quiet run starting at frame a has reached a test length (stage 0: a rest
        candidate; 1: long enough for a body<->system change; 2: long enough for any change)."""
        qmin = self._frames_for(QUIET_MIN_S)
        level = self._level(a, a + qmin)
        base = self._base
        if base is None or base.end is None:
            if base is None:
                self._new_base(a, level, events)
            return
        lvl0 = self._base_level(base)
        tol = self._level_tol(lvl0)
        same = abs(level - lvl0) < tol
        role = self._role(self._plate_level(a, a + qmin))
        long_gap = (a - base.end) * FRAME_S > MAX_CHUNK_S
        if same and stage == 0:
            verdict = self._rest_test(base, a, level)
            if verdict is not None or long_gap:
                self._accept_rest(base, a, level, verdict, events)
            return
        if same and stage == 1 and self._spotter_expected:
            # quiet at the level for MASS_CHANGE_S: a failing raise does not hang that long
            # unhelped (the spotter takes hold and the level changes), so there any stop over
            # a third of the way up counts as the top, as in a method without a spotter
            verdict = self._rest_test(base, a, level, held=True)
            if verdict is not None:
                self._accept_rest(base, a, level, verdict, events)
            return
        if same:
            return
        # a different level: a mass change (not a rep) once it has lasted long enough
        immediate = role == "empty" or base.role == "empty"
        plate = level - self._tare_n
        here = lvl0 - self._tare_n
        if base.role == "body" and plate > here + max(5.0 * G, 0.03 * here):
            immediate = True     # unracked: a clearly heavier quiet level after standing
        if base.role == "system" and role == "body":
            immediate = True     # racked: back to the body weight
        body_system = {role, base.role} == {"body", "system"}
        if immediate or (stage == 1 and body_system) or stage == 2 or long_gap:
            if base.role == "system" and role == "body" and not long_gap:
                self._rest_before_rack(base, a, lvl0, events)
            if base.role == "body" and role == "system" and not long_gap:
                settle = self._settle_after_unrack(base, a, level)
                if settle is not None:
                    # the lifter settled with the bar, swaying too much to be quiet, and
                    # started the set before a quiet rest: a rest there, tested like any other
                    self._new_base(settle[0], level, events, mass_change=True)
                    self._close_base(settle[1], events)
                    sbase = self._base
                    assert sbase is not None
                    self._accept_rest(sbase, a, level, self._rest_test(sbase, a, level), events)
                    return
            self._new_base(a, level, events, mass_change=True)

    def _settle_after_unrack(self, base: _Run, a: int, level: float) -> tuple[int, int] | None:
        """(start, end) frames of the first stretch after an unrack where the force sat at the
        new level, within two bands of sway, for QUIET_MIN_S or more - if a rep's worth of
        frames lies between it and the quiet run at frame a."""
        assert base.end is not None
        qmin = self._frames_for(QUIET_MIN_S)
        fm = self._frame_means(base.end, a)
        if fm.size < 3 * qmin + self._frames_for(MIN_REP_S):
            return None
        ok = self._sits_at(fm, level, 2.0 * self._band_of_level(level))
        idx = np.flatnonzero(ok)
        if idx.size == 0:
            return None
        i = int(idx[0])
        stop = np.flatnonzero(~ok[i:])
        j = i + (int(stop[0]) if stop.size else ok.size - i) + qmin - 1
        if fm.size - j < self._frames_for(MIN_REP_S):
            return None
        return base.end + i, base.end + j

    def _sits_at(self, fm: np.ndarray, level: float, band: float) -> np.ndarray:
        """Per window of QUIET_MIN_S frame means starting at each frame: does the force sit at
        level there (within band of sway, its mean within the same-level tolerance)?"""
        win = np.lib.stride_tricks.sliding_window_view(fm, self._frames_for(QUIET_MIN_S))
        return ((win.max(axis=1) - win.min(axis=1) < band)
                & (np.abs(win.mean(axis=1) - level) < self._level_tol(level)))

    def _band_of_level(self, level: float) -> float:
        return max(BAND_MIN_N, BAND_REL * abs(level))

    def _rest_before_rack(self, base: _Run, a: int, lvl0: float, events: list[Event]) -> None:
        """The bar is racked from the top: the reps since the last proven rest end where the
        force last sat at the system level before it went over to the body weight. That
        instant is tested as a rest like any other (the motion must have come back to the
        top), so the last reps of a set whose top rests sway too much to be quiet are kept."""
        assert base.end is not None
        qmin = self._frames_for(QUIET_MIN_S)
        fm = self._frame_means(base.end, a)
        if fm.size < 3 * qmin:
            return
        # the last stretch of qmin frames that sits at the system level, within two bands of
        # sway (the racking itself pushes the bar up onto the hooks before the force drops)
        ok = self._sits_at(fm, lvl0, 2.0 * self._band(base))
        idx = np.flatnonzero(ok[qmin:]) + qmin         # not the frames right after the rest
        if idx.size == 0:
            return
        r = base.end + int(idx[-1])
        level1 = self._level(r, r + qmin)
        verdict = self._rest_test(base, r, level1)
        if (verdict is None and self.source in ("force_integral", "spotter_plate")
                and not self._chunk(base, r, level1)[0].spotter_expected):
            # force only, no spotter (or a spotter plate that saw none act): racking happens
            # at the top, so the chunk ends where it began (lockouts within a few cm) at zero velocity. Those two conditions fix a
            # force error that is constant plus a linear drift - over a long chunk of unproven
            # rests the plate's drift bends the integral by metres - if it is small enough to
            # be one: within the same-level tolerance
            ch, sl = self._chunk(base, r, level1)
            fixed = drift_fixed(ch, self._level_tol(lvl0))
            if fixed is not None:
                v, _, res = chunk_velocity(fixed)
                if rezeroed_rep(v, res, fixed.t, REZERO_TOP_REL):
                    self._chunk_cache = (base, (base.end, r), (fixed, sl))
                    verdict = "rest"
        if verdict is not None:
            self._analyse_chunk(base, r, level1, events)

    def _base_level(self, base: _Run) -> float:
        assert base.end is not None
        if "level" not in base.cache:
            base.cache["level"] = self._base_level_of(base)
        return base.cache["level"]

    def _base_level_of(self, base: _Run) -> float:
        assert base.end is not None
        end = self._level_end(base)
        return self._level(max(base.start, end - self._frames_for(WEIGH_WINDOW_S)), end)

    def _extend_level(self, base: _Run, end: int) -> None:
        """Weigh the rest up to frame end if the lifter plainly stood still until then: with the
        level taken over the whole stretch, the velocity it implies stays under STILL_V_M_S (a
        standing lifter's sway moves the centre of mass millimetres; a slow start does not
        stay that slow)."""
        w = self._frame_means(base.start, end)
        level = float(w.mean())
        mass = max((level - self._tare_n) / G, 1.0)
        v = np.cumsum(w - level) * FRAME_S / mass
        if float(np.max(np.abs(v))) < STILL_V_M_S:
            base.cache["level_to"] = end
            base.cache.pop("level", None)
            self._chunk_cache = None

    def _level_end(self, base: _Run) -> int:
        """Last frame (exclusive) of the window a rest's level is taken over: the whole run but
        its tail (a slow start can hide there), at least its first frames - or, where later
        quiet runs showed the lifter still standing there, up to the last of them."""
        assert base.end is not None
        if "level_to" in base.cache:
            return int(base.cache["level_to"])
        qmin = self._frames_for(QUIET_MIN_S)
        tail = self._frames_for(0.5)
        return min(max(base.start + qmin, base.end - tail), base.end)

    def _level_tol(self, level: float) -> float:
        return max(12.0, LEVEL_TOL_REL * abs(level - self._tare_n))

    # --- samples of a frame range -------------------------------------------------------------

    def _sl(self, fa: int, fb: int) -> slice:
        a = max(fa * self.nf - self._s0, 0)
        b = min(fb * self.nf - self._s0, self._t.size)
        return slice(a, b)

    def _chunk(self, base: _Run, a: int, level1: float) -> tuple[Chunk, slice]:
        c = self._chunk_cache
        if c is not None and c[0] is base and c[1] == (base.end, a):
            return c[2]
        out = self._make_chunk(base, a, level1)
        self._chunk_cache = (base, (base.end, a), out)
        return out

    def _make_chunk(self, base: _Run, a: int, level1: float) -> tuple[Chunk, slice]:
        assert base.end is not None
        pad = self._frames_for(CHUNK_PAD_S)
        fa = max(base.start, base.end - pad)
        qmin = self._frames_for(QUIET_MIN_S)
        sl = self._sl(fa, a + min(pad, qmin))
        lvl0 = self._base_level(base)
        mass_n = 0.5 * (lvl0 + level1) - self._tare_n
        # one level for the chunk, weighted by how long each rest was watched: a short window
        # sees sway, the drift between two rests is small
        n0, n1 = self._base_frames(base), qmin
        lvl0 = level1 = (n0 * lvl0 + n1 * level1) / (n0 + n1)
        band = self._band(base)
        # phases are found on 10-ms frame means (plenty for 150-ms tolerances, 10x less work);
        # the metrics use every sample
        nfr = (sl.stop - sl.start) // self.nf
        sl = slice(sl.start, sl.start + nfr * self.nf)

        def frames(x: np.ndarray) -> np.ndarray:
            return x[sl].reshape(nfr, self.nf).mean(axis=1)

        fk = frames(self._f)
        spotter = None
        source, spotter_expected = self.source, self._spotter_expected
        if self._spot_idx is not None:
            spotter = self._spotter_force(frames(self._spot), min(n0, nfr), fa, base)
            fk = fk + spotter
            if self.source == "spotter_plate" and not bool(np.any(spotter)):
                # the spotter plate shows no spotter acting: F alone moves the bar, exactly as
                # with force only where no spotter is expected, so the force-only checks of a
                # rest apply (without them sets of unassisted reps fell apart)
                spotter, source, spotter_expected = None, "force_integral", False
        aux = frames(self._aux) if self._aux.size else None
        ch = Chunk(t=frames(self._t), fk=fk, level0_n=lvl0, level1_n=level1, spotter_n=spotter,
                   mass_kg=max(mass_n / G, 1.0), band_n=band, rate_hz=self.rate_hz / self.nf,
                   position_m=aux if self._pos_idx is not None else None,
                   velocity_m_s=aux if self._vel_idx is not None and self._pos_idx is None else None,
                   source=source, spotter_expected=spotter_expected)
        return ch, sl

    def _spotter_force(self, spot: np.ndarray, n_rest: int, fa: int, base: _Run) -> np.ndarray:
        """E (N, + lifts) per frame from the spotter plate: E = plate reading - spotter weight
        (Newton's third law: the bar pushes back down on a spotter who lifts it), the weight
        taken over the rest before the chunk. Only where E clearly stands out of the spotter's
        own sway and noise; elsewhere E = 0."""
        assert base.end is not None
        rest = spot[:max(1, min(n_rest, base.end - fa))]
        e = spot - float(rest.mean())
        e_lp = lowpass(e, self.rate_hz / self.nf, 3.0)
        thr = max(SPOTTER_MIN_N, 5.0 * float(np.std(e_lp[:rest.size])))
        on = np.abs(e_lp) > thr
        grow = self._frames_for(0.15)     # cover the spotter's ramps on and off
        if on.any():
            on = maximum_filter1d(on.astype(np.int8), 2 * grow + 1).astype(bool)
            if self.source == "spotter_plate" and (~on).sum() > rest.size:
                # re-weigh the spotter over every frame where they did not act: a short rest
                # sees their sway (1-12 N at 0.3-2 Hz), and that error, held over a seconds-long
                # help, adds up to a velocity error of a tenth of a m/s in F + E. (With a bar
                # position E only labels the assisted phases; there the rest weight is kept.)
                e_lp = e_lp - float(e_lp[~on].mean())
                on = maximum_filter1d((np.abs(e_lp) > thr).astype(np.int8), 2 * grow + 1).astype(bool)
        return np.where(on, e_lp, 0.0)

    def _base_frames(self, base: _Run) -> int:
        assert base.end is not None
        end = self._level_end(base)
        return end - max(base.start, end - self._frames_for(WEIGH_WINDOW_S))

    def _band(self, base: _Run) -> float:
        """Force band that motion must leave: from the fluctuation of the rest before it."""
        assert base.end is not None
        if "band" not in base.cache:
            base.cache["band"] = self._band_of(base)
        return base.cache["band"]

    def _band_of(self, base: _Run) -> float:
        assert base.end is not None
        f0 = self._s0 // self.nf
        fa = max(base.start, base.end - 4 * self._frames_for(QUIET_MIN_S))
        x = self._fm[fa - f0:base.end - f0]
        sd = 1.4826 * float(np.median(np.abs(x - np.median(x))))
        lvl = self._base_level(base) - self._tare_n
        return max(BAND_MIN_N * 0.75, 4.0 * sd, 0.003 * abs(lvl))

    def _rest_test(self, base: _Run, a: int, level1: float, held: bool = False) -> str | None:
        """None if the quiet run at frame a is not a rest; else "rest" or "assisted"."""
        ch, _ = self._chunk(base, a, level1)
        if ch.t.size < 8:
            return None
        if self.source in ("position", "velocity"):
            src = ch.position_m if ch.position_m is not None else ch.velocity_m_s
            assert src is not None
            aux = lowpass(src, ch.rate_hz, 10.0)
            if self.source == "position":
                v = np.gradient(aux, ch.t)
                disp = aux - aux[0]
            else:
                v = aux
                disp = np.cumsum(v) / ch.rate_hz
            peak = float(np.max(np.abs(v)))
            ok_v = abs(v[-1]) < max(REST_ABS_V, STILL_REL_V * peak)
            far = float(np.max(np.abs(disp)))
            # a measured top: over half way back up, unless the method has failing raises
            # that hang part-way up (a stall must not pass for the top)
            top_rel = TOP_REL_S if self._spotter_expected and not held else MEASURED_TOP_REL
            ok_s = back_at_top(disp, top_rel, measured=True) if far > 0.02 else True
            return "rest" if ok_v and ok_s else None
        assert base.end is not None
        v, dev, residual = chunk_velocity(ch)
        peak = float(np.max(np.abs(v)))
        if float(np.max(np.abs(self._frame_means(base.end, a) - ch.level0_n))) < 2.0 * ch.band_n:
            # nothing happened in between (sway broke the quiet, or a slow start creeps): not
            # a new rest, but maybe more of this one to weigh - a level over a short run sees
            # sway, and a newton's error bends a whole slow rep
            self._extend_level(base, a + self._frames_for(QUIET_MIN_S))
            return None
        # a top over half way back up from the bottom, unless the method has failing raises
        # that hang part-way up (lockouts on short lifts can differ by a good share of the travel)
        rel_v, top_rel = REST_REL_V, TOP_REL_S if self._spotter_expected and not held else MEASURED_TOP_REL
        if ch.spotter_n is not None and bool(np.any(ch.spotter_n)):
            # the spotter plate measured a spotter acting: its own sway and the edges of its
            # force add integration error, so allow more
            rel_v, top_rel = 0.6, 0.5
        small = abs(residual) <= rel_v * peak or peak <= REST_ABS_V
        # unassisted: the displacement must be back near the top, with the velocity re-zeroed
        # (a constant force error) or as integrated (a local error at the end)
        # force only: the rest must follow a raise, or a level error can bend a hold at the
        # bottom back towards the top
        up = ch.source == "force_integral" and ch.spotter_n is None
        # as integrated (no re-zeroing) the level is taken as right, so the velocity at the end
        # is the bar's: it must be near zero (a slow lowering's cruise is quiet too)
        still = abs(residual) <= max(REST_ABS_V, STILL_REL_V * peak)
        if small and (rezeroed_returns(v, residual, ch.t, top_rel, up)
                      or still and rezeroed_returns(v, 0.0, ch.t, top_rel, up)):
            return "rest"
        if small and ch.spotter_n is None:
            return None          # stopped away from the top: a pause at the bottom or a stall
        if (ch.source == "force_integral" and ch.spotter_n is None and not ch.spotter_expected
                and not spotter_evident(ch, residual) and rezeroed_rep(v, residual, ch.t, REZERO_TOP_REL)):
            # no spotter in this method, the residual is what a level error leaves (a rest
            # weighed on one half of a sway wave), and with it removed the bar went down and
            # came back up to the top. Where a spotter may act, a small help in one phase
            # bends the re-zeroed motion the same way (a stall in an assisted raise would
            # pass for a top), so there the rest must be proven as before.
            return "rest"
        if ch.spotter_n is not None and bool(np.any(ch.spotter_n)):
            # the plate alone, as without a spotter plate: the spotter's impulse must show
            v, dev, residual = chunk_velocity(replace(ch, fk=ch.fk - ch.spotter_n))
        elif ch.source != "force_integral":
            return None
        if not spotter_evident(ch, residual):
            return None          # still moving (the cruise of a slow phase), or a level error
        # a spotter acted (or we are mid-movement): the side the spotter did not touch must
        # show a whole phase that came back to rest
        if residual > 0:         # pushed while lowering: integrate back from here
            return "assisted" if _came_back(-(v - residual)[::-1]) else None
        return "assisted" if _came_back(v) or lowered_then_lifted(ch, v, dev) else None

    # --- bases, rests, weighings ----------------------------------------------------------------

    def _new_base(self, a: int, level: float, events: list[Event], mass_change: bool = False) -> None:
        role = self._role(self._plate_level(a, a + self._frames_for(QUIET_MIN_S)))
        if mass_change and self._base is not None and self._base.role == "system" and role != "system":
            self._end_set(events)
        self._base = _Run(start=a, end=None, level_n=level, role=role)
        if role == "body" and self._body_n is None:
            # provisional until a proper weighing (>= 1 s quiet) replaces it
            self._body_n = self._plate_level(a, a + self._frames_for(QUIET_MIN_S)) - self._tare_n

    def _accept_rest(self, base: _Run, a: int, level1: float, verdict: str | None,
                     events: list[Event]) -> None:
        if verdict is not None:
            self._analyse_chunk(base, a, level1, events)
        self._base = _Run(start=a, end=None, level_n=level1, role=base.role)

    def _close_base(self, b: int, events: list[Event]) -> None:
        base = self._base
        assert base is not None
        base.end = b
        self._weigh(base, events)

    def _weigh(self, run: _Run, events: list[Event]) -> None:
        assert run.end is not None
        dur = (run.end - run.start) * FRAME_S
        in_set = run.role == "system" and self._system_n is not None
        if dur < (REWEIGH_MIN_S if in_set else WEIGH_MIN_S) or run.role == "empty" and dur < 0.5:
            return
        h = QUIET_HALF_FRAMES
        fa = max(run.start + h, run.end - self._frames_for(WEIGH_WINDOW_S))
        sl = self._sl(fa, run.end - h)
        if sl.stop - sl.start < 10:
            return
        x = self._f[sl]
        force, sd = float(x.mean()), float(x.std())
        t0, t1 = float(self._t[sl.start]), float(self._t[sl.stop - 1])
        if run.role == "empty":
            kind = "tare"
        elif run.role == "body":
            kind = "body"
        else:
            kind = "reweigh" if in_set or self._system_n is not None and self._set_open else "system"
        limit = max(WEIGH_MAX_SD_N, WEIGH_MAX_SD_REL * abs(force - self._tare_n))
        ok = sd <= limit
        reason = "" if ok else f"too unsteady: SD {sd:.1f} N over {limit:.1f} N"
        if kind == "tare":
            mass = 0.0
            if ok:
                self._tare_n = force
        else:
            mass = (force - self._tare_n) / G
            if ok:
                if kind == "body" and not self.config.body_mass_kg:
                    self._body_n = force - self._tare_n
                elif kind in ("system", "reweigh"):
                    self._system_n = force - self._tare_n
        w = Weighing(kind, t0, t1, force - (0.0 if kind == "tare" else self._tare_n), sd, mass, ok, reason)
        self.weighings.append(w)
        events.append(Calibrated(t1, w))

    # --- reps -----------------------------------------------------------------------------------

    def _analyse_chunk(self, base: _Run, a: int, level1: float, events: list[Event]) -> None:
        ch, sl = self._chunk(base, a, level1)
        if self._jump_chunk(sl, events):   # jump hook: flight in it, the jump stage has it
            return
        res = split_pushed(ch, find_reps(ch))
        if not res.reps:
            return
        tf = ch.t
        t = self._t[sl]
        f = self._f[sl] - self._tare_n
        fs = smooth_force(f, self.rate_hz)
        v_samples = np.interp(t, tf, res.velocity_m_s)
        system_w = ch.mass_kg * G
        if self._spot_idx is None:
            system_w = 0.5 * (ch.level0_n + ch.level1_n) - self._tare_n
        self._system_n = system_w
        body_w = self._body_n if self._body_n is not None else 0.0
        cfg = self.config
        for rb in res.reps:
            ts = [float(tf[i]) for i in (rb.ecc_start, rb.ecc_end, rb.con_start, rb.con_end)]
            if not ts[0] < ts[1] <= ts[2] < ts[3]:
                continue
            ve = v_samples if rb.ecc_velocity_valid else None
            vc = v_samples if rb.con_velocity_valid else None
            ecc = phase_metrics(t, f, fs, ve, ts[0], ts[1], system_w, body_w)
            con = phase_metrics(t, f, fs, vc, ts[2], ts[3], system_w, body_w)
            ratio = load_ratio(ecc, con)
            assisted = rb.assisted
            if ch.spotter_n is not None:
                # measured: which phases the spotter helped (or pushed) in
                e_ecc = np.abs(ch.spotter_n[rb.ecc_start:rb.ecc_end + 1]).mean()
                e_con = np.abs(ch.spotter_n[rb.con_start:rb.con_end + 1]).mean()
                helped = [e_ecc > SPOTTER_MIN_N / 2, e_con > SPOTTER_MIN_N / 2]
                assisted = {(True, True): "both", (True, False): "lowering",
                            (False, True): "raising"}.get((helped[0], helped[1]), "none")
                rb = replace(rb, assisted=assisted)
            # a spotter plate that saw no spotter act still measured E (= 0)
            src = self.source if rb.source == "force_integral" else rb.source
            pause = ts[2] - ts[1]
            rcfg = cfg
            if cfg.method == "beyond_failure" and self._failure_rep is None:
                rcfg = replace(cfg, ecc_target_s=None)   # the slow target is for the negatives
            after_failure = cfg.method == "beyond_failure" and self._failure_rep is not None
            text, codes = rep_verdict(rcfg, ecc.duration_s, pause, ratio, rb.assisted, rb.source,
                                      help_expected=after_failure)
            if not self._set_open:
                self._set_no += 1
                self._set_open = True
                self._set_start_s = ts[0]
                self.current_set_reps = []
                self._failure_rep = None
                events.append(SetStarted(ts[0], self._set_no))
            rep = Rep(
                rep=len(self.reps) + 1, set=self._set_no, rep_in_set=len(self.current_set_reps) + 1,
                eccentric=ecc, concentric=con, bottom_s=0.5 * (ts[1] + ts[2]), pause_bottom_s=pause,
                ecc_con_load_ratio=ratio, time_under_tension_s=ts[3] - ts[0],
                phase_source=src, confidence=round(rb.confidence, 3), assisted=rb.assisted,
                body_mass_kg=body_w / G, system_mass_kg=system_w / G,
                tempo_target_ecc_s=rcfg.ecc_target_s, verdict=text, verdict_codes=codes,
                extra={"residual_velocity_m_s": round(res.residual_velocity_m_s, 4)},
            )
            self.reps.append(rep)
            self.current_set_reps.append(rep)
            events.append(RepCompleted(ts[3], rep))
            if self._failure_rep is None and self._is_failure(rep):
                self._failure_rep = rep.rep_in_set
                events.append(PositiveFailure(ts[2], rep.rep_in_set))

    def _is_failure(self, rep: Rep) -> bool:
        """Beyond failure: the positive needed help, or stalled (much slower than the set's)."""
        if self.config.method != "beyond_failure":
            return False
        if rep.assisted in ("raising", "both"):
            return True
        prev = [r.concentric.duration_s for r in self.current_set_reps[:-1] if r.assisted == "none"]
        return len(prev) >= 3 and rep.concentric.duration_s > 2.0 * float(np.median(prev))

    def _end_set(self, events: list[Event]) -> None:
        if not self._set_open:
            return
        reps = self.current_set_reps
        negatives = sum(1 for r in reps if self._failure_rep is not None and r.rep_in_set > self._failure_rep)
        verdict = set_verdict(self.config, len(reps), self._failure_rep, negatives)
        summary = set_summary(self._set_no, reps, self.config.method, self._set_start_s,
                              reps[-1].concentric.end_s if reps else self.time_s,
                              self._failure_rep, verdict)
        self.sets.append(summary)
        events.append(SetEnded(summary.end_s, summary))
        self._set_open = False

    # --- jumps: the one hook of forceplate/analysis/jumps.py (docs/jumps.md) -----------------

    def _feed_jumps(self, t: np.ndarray, f: np.ndarray, events: list[Event], final: bool) -> None:
        """The jump stage sees the same plate force and tare (the first empty-plate weighing:
        offline and live then agree); its jumps are reps (movement "jump") in a set of their
        own, ended when the athlete steps off. The body mass is the last body weighing
        before the jump (the jump's own weighing holds any load)."""
        tares = [w.force_n for w in self.weighings if w.kind == "tare" and w.accepted]
        for out in self._jumps.feed(t, f, tares[0] if tares else self._tare_n, self._body_n, final):
            if isinstance(out, Away):
                if self._jump_set:
                    self._end_set(events)
                    self._jump_set = False
                continue
            if self._set_open and not self._jump_set:
                self._end_set(events)
            if not self._set_open:
                self._set_no += 1
                self._set_open, self._jump_set = True, True
                self._set_start_s, self.current_set_reps, self._failure_rep = out.onset_s, [], None
                events.append(SetStarted(out.onset_s, self._set_no))
            body = [w.mass_kg for w in self.weighings
                    if w.kind == "body" and w.accepted and w.t_end_s <= out.onset_s]
            rep = out.to_rep(len(self.reps) + 1, self._set_no, len(self.current_set_reps) + 1,
                             body[-1] if body else None)
            self.reps.append(rep)
            self.current_set_reps.append(rep)
            events.append(RepCompleted(out.metrics.landing_s or out.metrics.takeoff_s, rep))

    def _jump_chunk(self, sl: slice, events: list[Event]) -> bool:
        """A movement between two rests that contains flight is jumps, not strength reps."""
        if contains_flight(self._f[sl] - self._tare_n, self.rate_hz):
            return True
        if self._jump_set:
            self._end_set(events)          # a movement without flight after jumps: a new set
            self._jump_set = False
        return False

    # --- live phase -----------------------------------------------------------------------------

    def _live_phase(self, events: list[Event]) -> None:
        base = self._base
        if base is None:
            phase = Phase.UNKNOWN if self._run_start is None else Phase.STANDING
            if self._fmp.size and self._fmp[-1] - self._tare_n < EMPTY_KG * G:
                phase = Phase.EMPTY
        elif base.end is None:
            phase = {"empty": Phase.EMPTY, "body": Phase.STANDING}.get(
                base.role, Phase.REST if self._set_open else Phase.STANDING)
        else:
            sl = self._sl(base.end, self._n_frames() + 1)
            lvl0 = self._base_level(base)
            if base.role == "empty":
                phase = Phase.UNKNOWN
            elif self._pos_idx is None and (far := self._far_flat_level(lvl0)) is not None:
                phase = far
            elif self._pos_idx is None and self._still_since(base, lvl0):
                phase = Phase.REST if self._set_open and base.role == "system" else Phase.STANDING
            elif self._pos_idx is not None and sl.stop - sl.start > 20:
                p = self._aux[sl]
                k = max(2, int(0.05 * self.rate_hz))
                v = (p[-1] - p[-k]) / (self._t[sl][-1] - self._t[sl][-k])
                phase = self._phase_from_v(v, float(p[-1] - p[0]))
            else:
                a, lvl = self._live_from(base, lvl0)
                x = self._fk[self._sl(a, self._n_frames() + 1)] - lvl
                m = max((lvl0 - self._tare_n) / G, 1.0)
                v = float(np.sum(x) / self.rate_hz / m)
                phase = self._phase_from_v(v, None)
                if phase == Phase.RAISING and abs(v) <= LIVE_V_M_S and self._quiet_for(LIVE_FLAT_S):
                    # stopped and quiet at the top, though no rest is proven (yet)
                    phase = Phase.REST if self._set_open and base.role == "system" else Phase.STANDING
        if phase != self.phase:
            self.phase = phase
            self.phase_started_s = self.time_s
            events.append(PhaseChanged(self.time_s, phase, provisional=True))

    def _quiet_for(self, seconds: float) -> bool:
        rs = self._run_start
        return rs is not None and self._qdone - rs >= self._frames_for(seconds)

    def _far_flat_level(self, lvl0: float) -> Phase | None:
        """A quiet run at a level far from the rest's cannot be motion: it would be a constant
        acceleration of over 0.5 m/s^2, metres of travel. Back at the body weight it is a mass
        change (racked: standing); anything else is a spotter or a new load (unknown)."""
        level = self._run_level
        if level is None or not self._quiet_for(LIVE_FLAT_S):
            return None
        if abs(level - lvl0) <= LIVE_FAR_REL * abs(lvl0 - self._tare_n):
            return None
        role = self._role(level)
        return {"empty": Phase.EMPTY, "body": Phase.STANDING}.get(role, Phase.UNKNOWN)

    def _still_since(self, base: _Run, lvl0: float) -> bool:
        """Nothing happened since the rest ended: the force never left the rest level by two
        noise bands. Motion needs a launching hump; without one the integral only grows a
        level error (e.g. a rest weighed while the plate settled), which is not a lowering."""
        assert base.end is not None
        f0 = self._s0 // self.nf
        done = f0 + self._fm.size
        seen, dev = base.end, 0.0
        if self._still is not None and self._still[0] is base:
            _, seen, dev = self._still
        if done > seen and dev < 2.0 * self._band(base):
            x = np.abs(self._fm[max(seen - f0, 0):done - f0] - lvl0)
            out = np.flatnonzero(x >= 2.0 * self._band(base))
            # the velocity is zero up to the first frame out: integrate from a little before it
            seen = seen + int(out[0]) if out.size else done
            dev = float(x[out[0]]) if out.size else 0.0
        self._still = (base, seen, dev)
        return dev < 2.0 * self._band(base)

    def _live_from(self, base: _Run, lvl0: float) -> tuple[int, float]:
        """(frame, level) to integrate the live velocity from: a little before the force first
        left the rest level (the velocity is zero until then, and a quiet run ends only once
        a movement is under way); after standing still for long, the level weighed there."""
        assert base.end is not None
        out = base.end
        if self._still is not None and self._still[0] is base:
            out = max(out, self._still[1])
        start = max(base.start, out - self._frames_for(LIVE_LEAD_S))
        # weigh where it surely stood still: clear of the lead-in to the movement
        stop = start - self._frames_for(LIVE_LEAD_S)
        if stop - base.end < self._frames_for(REWEIGH_MIN_S):
            return start, lvl0
        f0 = self._s0 // self.nf
        still = self._fm[max(base.end, stop - self._frames_for(WEIGH_MIN_S)) - f0:stop - f0]
        return start, float(still.mean())

    def _phase_from_v(self, v: float, disp: float | None) -> Phase:
        if abs(v) > 1.5 and self.source == "force_integral":
            return Phase.UNKNOWN      # impossible for a lift: a spotter is acting
        if v < -LIVE_V_M_S:
            return Phase.LOWERING
        if v > LIVE_V_M_S:
            return Phase.RAISING
        if self.phase in (Phase.LOWERING, Phase.BOTTOM) or (disp is not None and disp < -0.05):
            return Phase.BOTTOM
        return self.phase if self.phase in (Phase.RAISING, Phase.REST) else Phase.REST

    # --- memory ---------------------------------------------------------------------------------

    def _trim(self) -> None:
        """Drop samples no decision can need any more (bounded memory for endless streams)."""
        keep = self._qdone - 2 * QUIET_HALF_FRAMES - 1
        pad = self._frames_for(WEIGH_WINDOW_S + 0.5 + CHUNK_PAD_S) + QUIET_HALF_FRAMES + 1
        base = self._base
        if base is not None:
            ref = base.end if base.end is not None else self._qdone
            keep = min(keep, max(base.start, ref - pad))
        if self._run_start is not None:
            keep = min(keep, self._run_start)
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


def _append(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(b, dtype=np.float64) if a.size == 0 else np.concatenate([a, b])


def _came_back(v: np.ndarray) -> bool:
    """True if v (m/s) first ran clearly negative and then came most of the way back to 0
    (a lowering that reached the bottom), as opposed to a cruise that is still going."""
    run_min = np.minimum.accumulate(v)
    deep = run_min <= -0.015
    back = (v - run_min) >= 0.7 * np.abs(run_min)
    return bool(np.any(deep & back))


def analyse(info: ReaderInfo, block: SampleBlock, config: AnalysisConfig | None = None) -> AnalysisResult:
    """Offline analysis: the streaming analyser fed the whole recording at once."""
    an = Analyser(info, config)
    an.feed(block)
    an.finish()
    return an.result()
