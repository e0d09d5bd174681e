"""Stage 5, find rests: what a quiet run means once the walk (quiet_runs.py) has it at a test
length. A quiet run at the level of the last rest is tested as a rest (proof.py); one at a
clearly different level that lasts is a mass change (step on/off, unrack/rack: never a rep). A
proven rest closes the chunk since the last one, which the analyser then segments."""

from __future__ import annotations

import numpy as np

from forceplate.analysis.events import Event
from forceplate.analysis.frames import QUIET_MIN_S
from forceplate.analysis.integrate import DRIFT_MAX_N_S, Chunk
from forceplate.analysis.quiet_runs import POS_EXIT_M, QuietRunWalk
from forceplate.analysis.rest_checks import MASS_CHANGE_S, _rezeroed_signs
from forceplate.analysis.state import _Run
from forceplate.analysis.top_return import drift_fixed
from forceplate.units import G

# --- thresholds ------------------------------------------------------------------------------
MAX_CHUNK_S = 40.0         # s, no rest for this long: give up on reps and start afresh
HIDDEN_LOWERING_MAX_S = 15.0  # s, the longest quiet run a chunk is rebuilt from the start of (a
                           # lowering hidden in it): a 4-s top rest plus an 8-s lowering, with
                           # margin; a longer run is a stand, and live keeps no more samples
UNRACK_MIN_KG = 5.0        # kg, a quiet level this much heavier than standing: unracked ...
UNRACK_MIN_REL = 0.03      # ... or this share heavier


class RestStage(QuietRunWalk):
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
        if (base.cache.get("hid_lowering")
                and (base.end - base.start) * self.frame_s <= HIDDEN_LOWERING_MAX_S):
            # the spotter lifted the bar from a rest that began at a top with no lowering
            # before the lift (proof_spotter.py _hid_lowering, measured or force only): the
            # lowering lies in that rest
            return self._make_chunk(base, a, level1, from_start=True)
        seen = self._stand_seen_to(base)      # a bodyweight stand runs on (no_bar.py)
        if (ch.source != "force_integral" or ch.spotter_n is not None or ch.spotter_expected
                or (seen - base.start) * self.frame_s > HIDDEN_LOWERING_MAX_S
                or ch.t.size < 8 or _rezeroed_signs(ch)[:1] != [1]):
            return out
        whole, sl = self._make_chunk(base, a, level1, from_start=True)
        fixed = drift_fixed(whole, self._level_tol(whole.level0_n), DRIFT_MAX_N_S)
        if fixed is None:
            return out
        signs = _rezeroed_signs(fixed)
        return (fixed, sl) if len(signs) >= 2 and signs[0] < 0 else out

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
        long_gap = (a - base.end) * self.frame_s > MAX_CHUNK_S
        if stage == 3:
            # a run refused at its start as a raise still braking into the top: where the
            # braking has faded over its last QUIET_MIN_S, the rest begins there, and the
            # chunk holds the braking's tail (a slow stop's last 2-10 N under m*g, 0.2-0.9 s:
            # a rest proven inside it ended the raise early)
            if (same and not long_gap and base.cache.get("off_level_at") == float(a)
                    and (self._own_top() or self._hands_off(base, upto - qmin, upto)) and not self._still_braking(base, upto - qmin, upto)):
                a2 = upto - qmin
                level2 = self._level(a2, upto)
                verdict = self._rest_test(base, a2, level2)
                if verdict is not None:
                    self._run_start = a2
                    self._accept_rest(base, a2, level2, verdict, events)
                elif upto - a > self._frames_for(MASS_CHANGE_S):
                    # past MASS_CHANGE_S the top is tested once, where the braking faded: later
                    # the run can hold the next lowering's quiet start (a 0.4-s top, 6 cm
                    # lowered in 2.7 s on 49 kg: 2 N), where a rest began the chunk on a
                    # moving bar (wide 15356)
                    base.cache.pop("off_level_at", None)
            return
        if same and stage == 0:
            base.cache.pop("rack_from", None)   # back at the system level: not racked
        if same and stage < 2 and not long_gap and self._still_braking(base, upto - qmin, upto, climbing=stage == 0):
            # one level for a mass change, but no rest (yet): the bar is still decelerating
            # into the top (rest_checks._still_braking). Taken as a rest, a light raise's braking
            # became the level every later top was compared with, 12.3 N off, and the set's
            # other 12 reps were lost (wide 8215). The force leaves its level as the braking
            # fades and the quiet run after it is tested instead; a run that began in the
            # braking and has held MASS_CHANGE_S is read again over its last QUIET_MIN_S (below)
            if stage == 0:
                base.cache["off_level_at"] = float(a)
            return
        if same and stage == 1 and base.cache.get("off_level_at") == float(a):
            # quiet since the raise's braking, now at the level: the top, tested as a rest
            # run would have been (not as a held stop: that marks a possible hang), from its
            # last QUIET_MIN_S (the braking's tail lies before: the chunk holds it)
            a2 = upto - qmin if self._own_top() or self._hands_off(base, upto - qmin, upto) else a
            level2 = self._level(a2, a2 + qmin)
            verdict = self._rest_test(base, a2, level2)
            if verdict is not None:
                self._run_start = a2
                self._accept_rest(base, a2, level2, verdict, events)
                return
            base.cache.pop("off_level_at", None)     # tested where the braking faded: no retests after
        if same and stage == 0:
            verdict = self._rest_test(base, a, level)
            if verdict is None and long_gap:
                # no rest for MAX_CHUNK_S: the helps the force shows are still reps
                verdict = self._unproven_helps(base, a, level)
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
        role = self._role(self._plate_level(a, a + qmin))   # (read only: asked where a level changed)
        # a different level: a mass change (not a rep) once it has lasted long enough
        immediate = role == "empty" or base.role == "empty"
        plate = level - self._tare_n
        here = lvl0 - self._tare_n
        if base.role == "body" and plate > here + max(UNRACK_MIN_KG * G, UNRACK_MIN_REL * here):
            immediate = True     # unracked: a clearly heavier quiet level after standing
        if not immediate and stage == 0 and role == base.role and self._rests_elsewhere(base, a, level, events):
            return
        if not long_gap and self._help_shifted(base, a, a + qmin, level, upto):
            return      # the spotter plate took the load up: a help, no mass change
        if (long_gap and stage < 2 and role == base.role == "system" and self._spotter_expected
                and self.source == "force_integral"):
            # given up at another level of the loaded bar, force only, where a spotter may act:
            # a spotter holding part of the load through a slow raise is as quiet (F = m*g - E,
            # E steady) and no mass change, which holds LONG_LEVEL_S; taken as the new base,
            # every later top read as off its level and the set was lost to its end (explore
            # 8029: 6 of 9 forced positives). The chunk is given up at the next run at the level
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
            if role == "body" and not long_gap and self._unrack_undone(base, a, level, events, stage):
                return
            if long_gap and role == base.role == "system":
                # given up at another quiet level: the helps in the chunk are still reps
                verdict = self._unproven_helps(base, a, level)
                if verdict is not None:
                    self._analyse_chunk(base, a, level, events, unproven=True)
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
                    if verdict is not None or not (self._bar_moved(settle[1], a, POS_EXIT_M)
                                                   or self._lowered_to(sbase, a, level)):
                        self._accept_rest(sbase, a, level, verdict, events)
                    # (a measured bar that moved since and is refused a rest there is at the
                    # first lowering's bottom pause: the settle stays the rest - taking the
                    # bottom as the set's first base lost its first rep, 305 kg lowered 72 cm;
                    # force only, the same where the integral shows the bar lowered to it)
                    return
            self._new_base(a, level, events, mass_change=True)

    def _new_base(self, a: int, level: float, events: list[Event], mass_change: bool = False) -> None:
        recording_began_on_it = self._base is None and not mass_change
        role = self._role(self._plate_level(a, a + self._frames_for(QUIET_MIN_S)), first=recording_began_on_it)
        before = self._base
        if (mass_change and not self._jump_set and before is not None
                and (before.role == "system" and role != "system" or before.role == "body" and role == "empty")):
            # (a jump set - and a bodyweight one, no_bar.py - ends when the athlete steps off, not on a
            # stance read at another level: live that read can come before the jump stage reports)
            self._end_set(events)
        if mass_change:
            self._impulse_levels = []                # another mass: its level is weighed afresh
            if role != "system":
                # the lifter was seen off the bar (weighed or not: sway can break the stand
                # into runs too short to weigh): the next load may be another bar
                self._load_may_change = True
        stepped_on = self._weighed_empty()
        self._base = _Run(start=a, end=None, level_n=level, role=role)
        self._note_unrack(before if mass_change else None, self._base)
        if recording_began_on_it:
            self._base.cache["unseen_start"] = 1.0
        if mass_change:
            self._base.cache["level_change"] = 1.0
        self._elsewhere = []
        if role == "body" and (self._body_n is None or stepped_on and not self.config.body_mass_kg):
            # provisional until a proper weighing (>= 1 s quiet) replaces it; one who stepped
            # onto the empty plate may be another athlete (weigh.py _role)
            self._body_n = self._plate_level(a, a + self._frames_for(QUIET_MIN_S)) - self._tare_n

    def _accept_rest(self, base: _Run, a: int, level1: float, verdict: str | None,
                     events: list[Event], held: bool = False) -> None:
        if verdict == "rest" and not held:
            base = self._top_after_lift_off(base, a, level1, events)
        # "hang": the base was a failing raise's hang and the chunk is the rest of that raise,
        # finished by the spotter (proof.py): no rep of its own - the raise of the rep before
        # the hang runs on to the lift's end (held_rep.py)
        if verdict == "hang":
            self._hang_verdict(base, a, level1, events)
        if verdict is not None and verdict != "hang":
            self._analyse_chunk(base, a, level1, events, unproven=verdict == "helps")
            if verdict == "rest" and self._chunk_weighs:
                self._note_impulse_level(*self._chunk(base, a, level1))
        self._base = _Run(start=a, end=None, level_n=level1, role=base.role, held=held,
                          lifted_to=verdict in ("lifted", "hang"))
        self._carry_unrack(base, self._base, verdict)

    def _close_base(self, b: int, events: list[Event]) -> None:
        base = self._base
        assert base is not None
        base.end = b
        self._weigh(base, events)
        self._note_sway(base)
