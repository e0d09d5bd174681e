"""Second looks at quiet runs the rest walk (rests.py) refused: a rest found late in a run
that began before the bar stopped, and the set's rests found at another level than a base
that was never a rest of the free bar."""

from __future__ import annotations

from forceplate.analysis.events import Event
from forceplate.analysis.frames import QUIET_MIN_S
from forceplate.analysis.rest_checks import MASS_CHANGE_S, MIN_REP_S
from forceplate.analysis.state import _Run
from forceplate.analysis.unrack import UnrackChecks

# --- thresholds ------------------------------------------------------------------------------
RETEST_S = 0.8             # s, a quiet run refused a rest at its start is tested again over its
                           # last QUIET_MIN_S every this long (_retest_late): a slow raise's
                           # cruise is as quiet as the top rest after it
ELSEWHERE_RUNS = 16        # quiet runs at other levels remembered (a set's worth of tops and
                           # the quiet stretches of its lowerings), for _rests_elsewhere


class LateRests(UnrackChecks):
    # hooks the rest walk provides (rests.RestStage)
    def _candidate(self, a: int, upto: int, stage: int, events: list[Event]) -> None:
        raise NotImplementedError

    def _accept_rest(self, base: _Run, a: int, level1: float, verdict: str | None,
                     events: list[Event], held: bool = False) -> None:
        raise NotImplementedError

    def _retest_late(self, a: int, length: int, events: list[Event]) -> None:
        """A quiet run at the last rest's level that was refused a rest at its start (and
        after MASS_CHANGE_S) may have begun before the bar stopped: a slow raise's cruise and
        braking (12 cm in 3.3 s of a 77-kg system: m*5.8*D/T^2 = 5 N) stay inside the quiet
        band, and the run then holds the top rest after them - tested only where the bar was
        still rising, the rest was never proven and two reps merged into one. Every
        RETEST_S of the run from then on, its last QUIET_MIN_S is tested as a rest of its
        own (from a frame fixed by the run's length alone, so live = offline)."""
        base = self._base
        if (base is None or base.end is None or base.start == a
                or (self.source == "force_integral" and self._spotter_expected)
                or (self.source == "spotter_plate" and self._spotter_pushes)):
            # (not where a spotter may act, force only or with a spotter plate: hands holding a
            # stalled bar keep the force at a level for seconds, a late test there shifted a
            # light beyond-failure set's level line so that a lifted rep was lost
            # (tests/test_analysis_assisted.py), and a pushed lowering's bottom pause, tested
            # late, passed for a top. Where the method has none, a spotter plate's session is
            # read as force only: normal sets under 25 cm 88.0 -> 89.1 %, explore 8000-8039.
            # With a spotter plate where the spotter lifts, the hands are measured: retested
            # where it reads the spotter's weight (below). Not where one pushes: a point inside
            # a slow raise's cruise passed for the top there, the raise integrated back from it
            # "came back", and two reps of four were lost (tests/test_analysis_spotter_plate.py))
            return
        qmin = self._frames_for(QUIET_MIN_S)
        first = self._frames_for(MASS_CHANGE_S)
        step = self._frames_for(RETEST_S)
        k = max((self._run_seen - first) // step + 1, 1)
        while first + k * step <= length:
            upto = a + first + k * step
            k += 1
            start = upto - qmin
            level = self._level(start, upto)
            # (each retest point is judged on its own: a point off the level or after a sinking
            # does not end the retests - live tests the points as the run grows, block by block,
            # and offline must give the same answer)
            if abs(level - self._base_level(base)) >= self._level_tol(self._base_level(base)):
                continue
            if self._sank_since(base, a, start, level):
                continue
            if (self.source == "spotter_plate" and self._spotter_expected
                    and not self._spotter_idle(base, a, upto)):
                # a spotter plate shows the hands: only where it reads the spotter's weight
                # since the run began do they hold nothing, and the quiet is the lifter's alone
                continue
            self._run_start = start
            self._candidate(start, upto, 0, events)
            if self._base is not None and self._base.start == start:
                return
            self._run_start = a
            base = self._base
            if base is None or base.end is None:
                return

    def _rests_elsewhere(self, base: _Run, a: int, level: float, events: list[Event]) -> bool:
        """A base the recording began on (no step-on or unrack seen, no rest proven since) may
        be a quiet stretch of a slow lowering - its launch moves the force a few N/s, quiet in
        a 110-ms window, tens of newtons under m*g - and then no rest is ever proven against
        it while the set's true tops recur at another level. Two quiet runs at one other
        level, a rep apart, whose chunk proves a rest-to-rest rep from the first, are the
        set's rests: the base moves there (the chunk before was a rep already under way).
        The same for a base read off the set's weighed level (_off_weight)."""
        if base.role != "system":
            return False
        unseen = bool(base.cache.get("unseen_start"))
        if not unseen and not self._off_weight(base, level):
            return False
        tol = self._level_tol(level)
        # only runs since the base began: one before it lies in a chunk already segmented and
        # reported (a base moved back there reported its reps twice, wide 8002 - and live, its
        # samples may be trimmed already)
        earlier = [r for r in self._elsewhere if r[1] >= 0 and r[0] >= base.start and abs(r[2] - level) < tol
                   and (a - r[1]) * self.frame_s >= MIN_REP_S]
        self._elsewhere = [*self._elsewhere[-(ELSEWHERE_RUNS - 1):], [a, -1, level]]
        # the nearest that proves a rep; after a base off the weight, the first run at it (the
        # top that base missed: a later one can be a bottom pause, and a rep would be lost)
        for start, end, lvl in (reversed(earlier) if unseen else earlier[:1]):
            first = _Run(start=int(start), end=int(end), level_n=lvl, role=base.role)
            if self._rest_test(first, a, level) == "rest":
                break
        else:
            return False
        self._base = first
        self._weigh(first, events)
        self._accept_rest(first, a, level, "rest", events)
        return True

    def _off_weight(self, base: _Run, level: float) -> bool:
        """Was the base read off the set's weighed level, which a quiet run at another level
        sits closer to? The mass did not change (both at the system's level, within the
        same-level tolerance of its weighing), so the base was not a rest of the free bar: a
        raise still braking into a measured top the bar had almost reached, or a spotter's
        hands holding part of it - and every later top, at the weight, read "another level"
        (a 171-kg beyond-failure set's base 17 N under it: the set's last 3 reps lost, wide
        8817)."""
        if self._system_n is None:
            return False
        w = self._tare_n + self._system_n
        off = abs(self._base_level(base) - w)
        return off >= self._level_tol(w) and abs(level - w) < min(off, self._level_tol(w))
