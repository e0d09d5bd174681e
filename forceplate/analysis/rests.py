"""Stage 6, find rests: walk the quiet runs. A quiet run at the level of the last rest is
tested as a rest (proof.py); one at a clearly different level that lasts is a mass change
(step on/off, unrack/rack: never a rep). A proven rest closes the chunk since the last one,
which the analyser then segments."""

from __future__ import annotations

from bisect import bisect_left

import numpy as np

from forceplate.analysis.events import Event
from forceplate.analysis.frames import MEASURED_STILL_V_M_S, QUIET_MIN_S
from forceplate.analysis.integrate import DRIFT_MAX_N_S, Chunk, chunk_velocity
from forceplate.analysis.motion import direction_runs, raised_last, rezeroed
from forceplate.analysis.proof import (
    MEASURED_CUTOFF_HZ,
    REZERO_TOP_REL,
    ProofStage,
    drift_fixed,
    rezeroed_rep,
)
from forceplate.analysis.sigproc import lowpass, mean_sd
from forceplate.analysis.state import _Run
from forceplate.analysis.weigh import LEVEL_TOL_REL
from forceplate.units import G

# --- thresholds ------------------------------------------------------------------------------
LEVEL_EXIT_REL = 0.004     # a quiet run ends when its level moves by this share (a slow start
LEVEL_EXIT_K = 4.0         # is quiet in a short window but drifts off the level), or this many
LEVEL_EXIT_MIN_N = 4.0     # SDs of its first frames, or this many newtons, whichever is largest
MASS_CHANGE_S = 0.8        # s, quiet this long at a new level (body <-> system): a mass change
LONG_LEVEL_S = 8.0         # s, quiet this long at any other new level: a mass change too (no rep
                           # holds a level that long)
MAX_CHUNK_S = 40.0         # s, no rest for this long: give up on reps and start afresh
MIN_REP_S = 1.0            # s, a rep takes at least this long
ELSEWHERE_RUNS = 16        # quiet runs at other levels remembered (a set's worth of tops and
                           # the quiet stretches of its lowerings), for _rests_elsewhere
HIDDEN_LOWERING_MAX_S = 15.0  # s, the longest quiet run a chunk is rebuilt from the start of (a
                           # lowering hidden in it): a 4-s top rest plus an 8-s lowering, with
                           # margin; a longer run is a stand, and live keeps no more samples
UNRACK_MIN_KG = 5.0        # kg, a quiet level this much heavier than standing: unracked ...
UNRACK_MIN_REL = 0.03      # ... or this share heavier
POS_EXIT_M = 0.003         # m, a measured bar this far from where its quiet run began has moved
                           # (a lifter holding a bar sways it ~1 mm; a sensor wanders < 1 mm)
REST_LEVEL_BANDS = 1.0     # a rest's level lies within this many of the last rest's bands of it (the
                           # band: 4 SDs of its frame means, noise and sway; half a band lost reps
                           # of light bars whose help is inside the band - wide 8502)
SITS_BANDS = 2.0           # bands of sway a level may show and still be "sitting at" it
BRAKE_GAP_BANDS = 0.5      # rest bands a quiet run sits under the rest level, climbing (BRAKE_T),
BRAKE_T = 3.0              # standard errors of its slope: a raise's braking, not a rest yet
BRAKE_DEEP_BANDS = 1.0     # ... or this many bands under it, climbing or not


def _rezeroed_signs(ch: Chunk) -> list[int]:
    """Signs of the phase-sized runs of the chunk's velocity re-zeroed at both rests (a
    constant level error removed): -1 down, +1 up."""
    v, _, residual = chunk_velocity(ch)
    # the same array proof.rezeroed_returns makes, so its runs are found once (motion's cache)
    runs = direction_runs(rezeroed(v, residual, ch.t) if residual else v, ch.t)
    return [r.sign for r in runs]


class RestStage(ProofStage):
    def _from_top(self, base: _Run, a: int, level1: float,
                  out: tuple[Chunk, slice]) -> tuple[Chunk, slice]:
        """Every rep begins with a lowering, so a movement whose first phase is a raise began
        at the bottom, and the quiet run before it was not all rest: a slow lowering's cruise
        pulls m*g, and its unweighting (10 cm in 5 s of an 80-kg system: ~4 N) stays inside
        the run's own band. Force only, no spotter acting: that lowering lies in the run, so
        the chunk is taken from where the run began (its top), with a level and a linear drift
        fitted so that it is at rest and at the same height at both ends (as at the rack; a
        level weighed over a run that held the lowering's cruise is off by its unweighting),
        if it then begins with a lowering."""
        ch = out[0]
        assert base.end is not None
        if (ch.source != "force_integral" or ch.spotter_n is not None or ch.spotter_expected
                or (base.end - base.start) * self.frame_s > HIDDEN_LOWERING_MAX_S
                or ch.t.size < 8 or _rezeroed_signs(ch)[:1] != [1]):
            return out
        whole, sl = self._make_chunk(base, a, level1, from_start=True)
        fixed = drift_fixed(whole, self._level_tol(whole.level0_n), DRIFT_MAX_N_S)
        if fixed is None:
            return out
        signs = _rezeroed_signs(fixed)
        return (fixed, sl) if len(signs) >= 2 and signs[0] < 0 else out

    def _walk(self, first: int, q: np.ndarray, events: list[Event]) -> None:
        """Run events over newly decided frames first .. first+len(q). A run also ends when
        its frames leave the run's own level: a slow start is quiet in a short window but
        drifts away from the rest level."""
        qmin = self._frames_for(QUIET_MIN_S)
        f0 = self._s0 // self.nf
        n = q.size
        # where quiet starts (False->True) and stops (True->False), found once (no O(n) per run)
        dq = np.diff(q.astype(np.int8))
        rises = ((dq == 1).nonzero()[0] + 1).tolist()
        falls = ((dq == -1).nonzero()[0] + 1).tolist()

        def next_true(i: int) -> int:
            if q[i]:
                return i
            k = bisect_left(rises, i)
            return rises[k] if k < len(rises) else n

        def next_false(i: int) -> int:
            if not q[i]:
                return i
            k = bisect_left(falls, i)
            return falls[k] if k < len(falls) else n

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
                if ready <= end and ready <= n and self._pos_idx is not None and self._am.size:
                    # a measured bar finishing its raise at 1 cm/s is quiet, but no rest yet:
                    # the run begins where the bar is still (frames._still_from; a top whose
                    # quiet began 0.3 s before the bar stopped was refused, and reps merged)
                    still = self._still_from(rs, first + end, qmin)
                    if still is None and end >= n:
                        return                     # not still yet: wait for more frames
                    if still is None:
                        # the run ended before two still windows: one will do (a short top)
                        still = self._still_from(rs, first + end, qmin, windows=1)
                    if still is None:
                        self._run_start = None     # never still: no rest in it
                        i = end + 1
                        continue
                    if still > rs:
                        self._run_start = still
                        i = max(i, still - first)
                        continue
                if ready <= end and ready <= n:
                    first_frames = self._fm[rs - f0:rs + qmin - f0]
                    self._run_level, sd = mean_sd(first_frames)
                    # leaving the level by more than the run's own fluctuation ends the run:
                    # a slow lowering is quiet in a short window but drifts off the level
                    self._run_band = max(LEVEL_EXIT_MIN_N, LEVEL_EXIT_K * sd,
                                         LEVEL_EXIT_REL * abs(self._run_level - self._tare_n))
                    self._run_pos = (float(self._am[rs - f0:rs + qmin - f0].mean())
                                     if self._pos_idx is not None and self._am.size else None)
                    if ready > i:
                        self._run_grows(first + ready, qmin, events)
                    i = max(i, ready)
                    continue
                # shorter than a rest so far (most quiet runs: sway between the reps): nothing
                # to test, and no base of it to close
                if end >= n:
                    return
                self._run_start = None
                i = end + 1
                continue
            else:
                fm = self._fm[first + i - f0:first + end - f0]
                away = (abs(fm - self._run_level) > self._run_band).nonzero()[0]
                if away.size:
                    end = i + int(away[0])
                if self._run_pos is not None:
                    # a measured bar leaving the run's position ends it too: a lowering at
                    # 1 cm/s moves under STILL_POS_M in the quiet window, and is still for it
                    am = self._am[first + i - f0:first + end - f0]
                    gone = (abs(am - self._run_pos) > POS_EXIT_M).nonzero()[0]
                    if gone.size:
                        end = i + int(gone[0])
            if end > i:
                self._run_grows(first + end, qmin, events)
            if end >= n:
                return
            self._run_ends(first + end, qmin, events)
            self._run_start = None
            i = end + 1

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
        if self._elsewhere and self._elsewhere[-1][0] == self._run_start:
            self._elsewhere[-1][1] = b
        base = self._base
        if base is not None and base.start == self._run_start and base.end is None:
            self._close_base(b, events)

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
        long_gap = (a - base.end) * self.frame_s > MAX_CHUNK_S
        if (same and stage < 2 and not long_gap and self.source == "force_integral"
                and abs(self._level(upto - qmin, upto) - lvl0) >= max(
                    REST_LEVEL_BANDS * self._band(base), LEVEL_TOL_REL * abs(lvl0 - self._tare_n))):
            # one level for a mass change, but no rest (yet): a still bar pulls m*g, and a
            # rest's level (a mean over QUIET_MIN_S or more) sits within REST_LEVEL_BANDS of the
            # rest before's band (4 SDs of its frame means: noise and sway) - or, on a heavy
            # lifter, within the sway's 1 % of the weight. A quiet run off by more sits
            # on a held acceleration: a raise braking into the top (12 N under m*g on 51 kg,
            # flat for 0.2 s), a lowering's unweighting. Taken as a rest, it became the level
            # every later top was compared with, 12.3 N off, and the set's other 12 reps were
            # lost (the 12-N same-level floor is 2.4 % of a 51-kg system). A run that began in
            # the braking and then sits at the level is tested once it has held (below).
            # Force only: a bar position or a spotter plate shows the bar or the help itself
            # (with a spotter plate it cost a light beyond-failure set a rep: wide 7008)
            if stage == 0:
                base.cache["off_level_at"] = float(a)
            return
        if same and stage == 1 and base.cache.get("off_level_at") == float(a):
            # quiet since the raise's braking, now at the level: the top, tested as a rest
            # run would have been (not as a held stop: that marks a possible hang)
            verdict = self._rest_test(base, a, level)
            if verdict is not None:
                self._accept_rest(base, a, level, verdict, events)
                return
        if same and stage == 0:
            base.cache.pop("rack_from", None)   # back at the system level: not racked
            if self._still_braking(base, a, level):
                return
            verdict = self._rest_test(base, a, level)
            if verdict is not None or long_gap:
                self._accept_rest(base, a, level, verdict, events)
            return
        if same and stage == 1 and (self._spotter_expected or self.source in ("force_integral", "spotter_plate")):
            # quiet at the level for MASS_CHANGE_S: a failing raise does not hang that long
            # unhelped (the spotter takes hold and the level changes), so there any stop over
            # a third of the way up counts as the top, as in a method without a spotter; force
            # only without a spotter, the plate's drift across the rep may be fitted there
            verdict = self._rest_test(base, a, level, held=True)
            if verdict is not None:
                self._accept_rest(base, a, level, verdict, events, held=True)
            return
        if same:
            return
        # a different level: a mass change (not a rep) once it has lasted long enough
        immediate = role == "empty" or base.role == "empty"
        plate = level - self._tare_n
        here = lvl0 - self._tare_n
        if base.role == "body" and plate > here + max(UNRACK_MIN_KG * G, UNRACK_MIN_REL * here):
            immediate = True     # unracked: a clearly heavier quiet level after standing
        if not immediate and stage == 0 and role == base.role and self._rests_elsewhere(base, a, level, events):
            return
        rack_at = a
        if base.role == "system" and role == "body":
            # racked: back to the body weight and staying there - for MASS_CHANGE_S since the
            # first quiet run at it (a standing lifter's sway breaks the quiet into 0.3-0.4-s
            # pieces), the force never back at the system level. A spotter carrying most of a
            # light bar over a raise (60 N of an 8-kg bar) puts the plate at the body weight
            # for a moment, and the set was cut in two there
            rack_at = int(base.cache.setdefault("rack_from", a))
            if rack_at < a and (float(np.max(self._frame_means(rack_at, a))) >= lvl0 - tol
                                or self._bar_moved(rack_at, a, POS_EXIT_M)):
                # back at the system level since, or (measured) the bar moved since: a racked
                # bar sits on the hooks, and one a spotter carries up through a failing raise
                # (35-45 N of a 6-kg bar: the plate near the body weight for 2-3 s) rises
                # - afresh
                rack_at = a
                base.cache["rack_from"] = a
            if (a - rack_at) * self.frame_s >= MASS_CHANGE_S:
                immediate = True
        body_system = {role, base.role} == {"body", "system"}
        if immediate or (stage == 1 and body_system) or stage == 2 or long_gap:
            if base.role == "system" and not long_gap and (
                    role == "body" or (role == "empty" and not base.cache.get("level_change"))):
                # (straight to the empty plate from a proven rest: the lifter racked and
                # stepped off before the body weight was quiet for MASS_CHANGE_S - the set's
                # last rep ends there too. From a level change never proven a rest - the
                # unrack, or a spotter's push read as one under a wrong body weight - no)
                self._rest_before_rack(base, rack_at, lvl0, events)
            if base.role == "body" and role == "system" and not long_gap:
                settle = self._settle_after_unrack(base, a, level)
                if settle is not None:
                    # the lifter settled with the bar, swaying too much to be quiet, and
                    # started the set before a quiet rest: a rest there, tested like any other
                    self._new_base(settle[0], level, events, mass_change=True)
                    self._close_base(settle[1], events)
                    sbase = self._base
                    assert sbase is not None
                    verdict = self._rest_test(sbase, a, level)
                    if verdict is not None or not self._bar_moved(settle[1], a, POS_EXIT_M):
                        self._accept_rest(sbase, a, level, verdict, events)
                    # (a measured bar that moved since and is refused a rest there is at the
                    # first lowering's bottom pause: the settle stays the rest - taking the
                    # bottom as the set's first base lost its first rep, 305 kg lowered 72 cm)
                    return
            self._new_base(a, level, events, mass_change=True)

    def _still_braking(self, base: _Run, a: int, level: float) -> bool:
        """Force only: does the quiet run at frame a sit under the rest level and climb back
        towards it (BRAKE_GAP_BANDS, BRAKE_T), or sit a whole band under it (BRAKE_DEEP_BANDS)
        - a slow raise's braking (m*5.8*D/T^2: 7 cm in 2.5 s on 74 kg, 6 N, inside the band;
        at 250 Hz on a noisy plate 0.11 s of frames cannot show the climb), not yet a rest? A
        force under m*g accelerates the bar downwards: no rest. Tested there, the chunk ended
        up to 0.5 s before the raise did (its end can only come before the chunk's), and the
        rest's level, weighed over the braking, was newtons low, so the rests after it failed
        their proof. Such a run is not tested when it starts (it still is once held
        MASS_CHANGE_S); the force leaves its level as the braking fades, and the quiet run after
        it is tested instead."""
        if self.source != "force_integral" or self._spotter_helps:
            # where a spotter helps every rep, a force off m*g at the top is their hands on the
            # bar - still carrying some of a lifted raise, or starting the push of a forced
            # negative - not a raise braking: the true top sits under the level (forced
            # negatives under 25 cm, 7001-7008: 78.6 -> 73.6 % with the rule; a classic forced
            # positive set lost a rep)
            return False
        qmin = self._frames_for(QUIET_MIN_S)
        fm = self._frame_means(a, a + qmin)
        if fm.size < 4:
            return False
        x = np.arange(fm.size, dtype=np.float64) - 0.5 * (fm.size - 1)
        slope = float(x @ (fm - fm.mean()) / (x @ x))
        resid = fm - fm.mean() - slope * x
        se = float(np.sqrt(resid @ resid / (fm.size - 2) / (x @ x)))
        gap = self._base_level(base) - level
        band = self._band(base)
        return gap > BRAKE_DEEP_BANDS * band or (gap > BRAKE_GAP_BANDS * band and slope > BRAKE_T * se and slope > 0.0)

    def _rests_elsewhere(self, base: _Run, a: int, level: float, events: list[Event]) -> bool:
        """A base the recording began on (no step-on or unrack seen, no rest proven since) may
        be a quiet stretch of a slow lowering - its launch moves the force a few N/s, quiet in
        a 110-ms window, tens of newtons under m*g - and then no rest is ever proven against
        it while the set's true tops recur at another level. Two quiet runs at one other
        level, a rep apart, whose chunk proves a rest-to-rest rep from the first, are the
        set's rests: the base moves there (the chunk before was a rep already under way)."""
        if not base.cache.get("unseen_start") or base.role != "system":
            return False
        tol = self._level_tol(level)
        earlier = [r for r in self._elsewhere if r[1] >= 0 and abs(r[2] - level) < tol
                   and (a - r[1]) * self.frame_s >= MIN_REP_S]
        self._elsewhere = [*self._elsewhere[-(ELSEWHERE_RUNS - 1):], [a, -1, level]]
        for start, end, lvl in reversed(earlier):     # the nearest that proves a rep
            first = _Run(start=int(start), end=int(end), level_n=lvl, role=base.role)
            if self._rest_test(first, a, level) == "rest":
                break
        else:
            return False
        self._base = first
        self._weigh(first, events)
        self._accept_rest(first, a, level, "rest", events)
        return True

    def _settle_after_unrack(self, base: _Run, a: int, level: float) -> tuple[int, int] | None:
        """(start, end) frames of the first stretch after an unrack where the force sat at the
        new level, within two bands of sway, for QUIET_MIN_S or more - if a rep's worth of
        frames lies between it and the quiet run at frame a."""
        assert base.end is not None
        qmin = self._frames_for(QUIET_MIN_S)
        fm = self._frame_means(base.end, a)
        if fm.size < 3 * qmin + self._frames_for(MIN_REP_S):
            return None
        ok = self._sits_at(fm, level, SITS_BANDS * self._band_of_level(level))
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
        ok = self._sits_at(fm, lvl0, SITS_BANDS * self._band(base))
        if self._pos_idx is not None and self._am.size:
            # and a measured bar still there (it may be lowered onto the hooks, 3 cm)
            ok &= self._still_windows(base.end, a)
        idx = np.flatnonzero(ok[qmin:]) + qmin         # not the frames right after the rest
        if idx.size == 0:
            return
        r = base.end + int(idx[-1])
        level1 = self._level(r, r + qmin)
        verdict = self._rest_test(base, r, level1)
        ch = self._chunk(base, r, level1)[0]
        if (verdict is None and ch.position_m is not None and ch.t.size >= 8 and raised_last(
                lowpass(ch.position_m, ch.rate_hz, MEASURED_CUTOFF_HZ), ch.t,
                self._frames_for(QUIET_MIN_S), MEASURED_STILL_V_M_S)):
            verdict = "rest"          # racked still straight after a raise: the last rep's end
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
        if verdict is not None and verdict != "hang":
            self._analyse_chunk(base, r, level1, events)

    def _new_base(self, a: int, level: float, events: list[Event], mass_change: bool = False) -> None:
        role = self._role(self._plate_level(a, a + self._frames_for(QUIET_MIN_S)))
        recording_began_on_it = self._base is None and not mass_change
        if mass_change and self._base is not None and self._base.role == "system" and role != "system":
            self._end_set(events)
        if mass_change:
            self._impulse_levels = []                # another mass: its level is weighed afresh
            if role != "system":
                # the lifter was seen off the bar (weighed or not: sway can break the stand
                # into runs too short to weigh): the next load may be another bar
                self._load_may_change = True
        self._base = _Run(start=a, end=None, level_n=level, role=role)
        if recording_began_on_it:
            self._base.cache["unseen_start"] = 1.0
        if mass_change:
            self._base.cache["level_change"] = 1.0
        self._elsewhere = []
        if role == "body" and self._body_n is None:
            # provisional until a proper weighing (>= 1 s quiet) replaces it
            self._body_n = self._plate_level(a, a + self._frames_for(QUIET_MIN_S)) - self._tare_n

    def _accept_rest(self, base: _Run, a: int, level1: float, verdict: str | None,
                     events: list[Event], held: bool = False) -> None:
        # "hang": the base was a failing raise's hang and the chunk is the rest of that raise,
        # finished by the spotter (proof.py): no rep of its own
        if verdict is not None and verdict != "hang":
            self._analyse_chunk(base, a, level1, events)
            if verdict == "rest" and self._chunk_weighs:
                self._note_impulse_level(*self._chunk(base, a, level1))
        self._base = _Run(start=a, end=None, level_n=level1, role=base.role, held=held,
                          lifted_to=verdict in ("lifted", "hang"))

    def _close_base(self, b: int, events: list[Event]) -> None:
        base = self._base
        assert base is not None
        base.end = b
        self._weigh(base, events)
