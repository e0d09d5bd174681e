"""Bodyweight movement: reps with no bar ever taken (slow bodyweight squats on the plate).

The moving mass is the body. Its lowering's braking and its raise's launch push the force
above m*g by m*5.8*D/T^2 (min-jerk-like: D travel, T phase time): a 45-cm squat lowered in
2 s by 0.65 m/s^2, 52 N on 80 kg - and where that crest is quiet for 0.2 s it is a clearly
heavier level than the stand, which reads as an unrack (rests.py); the bottom or the top after
it, back at the body weight, then reads as the rack, and the reps in between were lost: 0, 1
or 2 of two squats found, by how the sway fell on the crest. A bar taken from the rack stays on
the plate: the force holds its weight over the body's until it is racked, so integrated with
the body's mass, v = integral of (F - m_body*g)/m_body dt from the stand before, the velocity
grows by g*m_bar/m_body every second the bar is held (a 5-kg bar on 80 kg: 0.6 m/s a second)
and never comes back. The body's own movement integrates back to zero wherever it is still
again. So a "rack" straight after an "unrack", with no rest proven at the heavier level in
between, is undone where the velocity so integrated is back near zero at it (under REST_REL_V
of its peak, as a rest is proven, proof.py): no mass changed, and the stand before stays the
rest the movement is measured from.
"""

from __future__ import annotations

import numpy as np

from forceplate.analysis.events import Event
from forceplate.analysis.exercises import EXERCISE_ALIASES, EXERCISES
from forceplate.analysis.integrate import chunk_velocity
from forceplate.analysis.late_rests import LateRests
from forceplate.analysis.proof import REST_ABS_V, REST_REL_V
from forceplate.analysis.state import _Run
from forceplate.analysis.weigh import BODY_MATCH_KG, BODY_MATCH_REL
from forceplate.units import G

# frames (10 ms each, state.FRAME_S): under 80 ms from the stand to the quiet run there is no
# movement to integrate - no crest and back - so nothing shows the body's momentum came back
MIN_MOVEMENT_FRAMES = 8
# m/s: about the fastest a body's centre of mass moves (a jump's take-off, 2-3 m/s); a squat
# stays well under it. Integrated with the body's mass, a held bar's weight passes it within
# seconds (g*m_bar/m_body per second), so a residual over it proves a bar was carried
BODY_SPEED_MAX_M_S = 3.0


class NoBarChecks(LateRests):
    # (the heavier base an unrack from a stand made, that stand) until a rest is proven at it
    _unracked: tuple[_Run, _Run] | None = None
    _stepped_on_n: float | None = None   # raw level the athlete stepped onto the empty plate at

    def _note_unrack(self, before: _Run | None, now: _Run) -> None:
        """A new base after a mass change (before: the base it left): remember the stand it
        came from if it is a heavier level reached from the body's (an unrack, or a body
        movement's crest), and the level of an athlete stepping onto the empty plate."""
        self._unracked = (now, before) if (before is not None and before.role == "body"
                                           and before.end is not None and now.role == "system") else None
        if before is not None and before.role == "empty":
            self._stepped_on_n = now.level_n
        elif now.role == "empty":
            self._stepped_on_n = None

    @property
    def _bodyweight_exercise(self) -> bool:
        """The exercise set up is a bodyweight exercise of the catalogue (no bar to take)."""
        key = self.config.exercise or ""
        ex = EXERCISES.get(EXERCISE_ALIASES.get(key, key))
        return ex is not None and ex.equipment == "bodyweight"

    def _stand_seen_to(self, base: _Run) -> int:
        """The end of the run a lowering could hide in (rests._from_top): for a body's stand in
        a bodyweight exercise, where later quiet runs showed the lifter still standing
        (weigh._extend_level, level_to; a run that showed nothing happened since the base, to its
        end: still_to). Over a longer chunk the fitted level and drift have room to absorb a real
        movement (a level error dF leaves dF*T/m of velocity: 0.5 N over 20 s on 80 kg is a
        squat's 0.13 m/s), and the first squat's lowering read as the raise of a ghost rep from
        the step-on. Elsewhere the base's own end: at a barbell set's rests the same bound moved
        spotter-plate boundaries (7007) and lost a body-level set's reps (fresh 12506, beyond
        failure on a spotter plate, 15 -> 12)."""
        assert base.end is not None
        if base.role != "body" or not self._bodyweight_exercise:
            return base.end
        return max(base.end, int(base.cache.get("level_to", base.end)),
                   int(base.cache.get("still_to", base.end)))

    def _no_bar(self, base: _Run) -> bool:
        """Reps from this base are bodyweight reps: it is the body's level, and the level the
        athlete was seen stepping onto the empty plate at (a body weighed under the bar - the
        recording began with it on, or a body mass given that is the lifter's with the bar -
        reads "check weighing" as before; a heavier level that lasted since was an unrack)."""
        on = self._stepped_on_n
        if base.role != "body" or on is None:
            return False
        return abs(base.level_n - on) < max(BODY_MATCH_KG * G, BODY_MATCH_REL * (on - self._tare_n))

    def _carry_unrack(self, old: _Run, new: _Run, verdict: str | None) -> None:
        """The base moved on from old to new: a rest proven there (verdict) makes the unrack
        real; a base taken without proof (a settle after the unrack, rests.py) does not."""
        held = self._unracked
        if held is not None and held[0] is old:
            self._unracked = (new, held[1]) if verdict is None else None

    def _unrack_undone(self, base: _Run, a: int, level: float, events: list[Event], stage: int) -> bool:
        """The quiet run at frame a is back at the body weight after an unrack (base, no rest
        proven since). True (and the stand before the unrack is the base again, the run at a
        tested as a rest from it) when the body's momentum since that stand is back near zero:
        no bar was carried, the "unrack" was the crest of a body movement. Also True (no rack
        yet) while the run is off the stand's level by more than the same-level tolerance and
        short of LONG_LEVEL_S (stage < 2): a racked lifter stands at their weight, and a slow
        raise's braking holds the force 3 % under it, quiet for a second (126 kg, 40 cm in
        2.7 s: a rack there, mid-raise, lost the set's later reps)."""
        held = self._unracked
        if held is None or held[0] is not base:
            return False
        stand = held[1]
        assert stand.end is not None
        ch, _ = self._make_chunk(stand, a, level)
        if ch.t.size < MIN_MOVEMENT_FRAMES:
            return False
        v, _, residual = chunk_velocity(ch)
        peak = float(np.max(np.abs(v)))
        if peak <= REST_ABS_V or abs(residual) > REST_REL_V * peak:
            if abs(residual) > BODY_SPEED_MAX_M_S:
                return False        # a bar was held: the rack is real (a barbell set's)
            lvl0 = self._base_level(stand)
            return stage < 2 and abs(level - lvl0) >= self._level_tol(lvl0)
        self._unracked = None
        self._base = stand
        verdict = self._rest_test(stand, a, level)
        if verdict is not None:
            self._accept_rest(stand, a, level, verdict, events)
        return True
