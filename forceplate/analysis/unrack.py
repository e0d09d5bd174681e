"""Stage 5, find rests: the checks the rest walk (rests.py) makes of the first rest after an
unrack - where the force settled at the new level, whether the quiet run found there is the
first lowering's bottom, and whether the base is the lift-off's cruise rather than the top."""

from __future__ import annotations

import numpy as np

from forceplate.analysis.events import Event
from forceplate.analysis.frames import QUIET_MIN_S
from forceplate.analysis.integrate import DRIFT_PRIOR_N_S, chunk_velocity
from forceplate.analysis.motion import MIN_TRAVEL_M, displacement, rezeroed
from forceplate.analysis.proof import NOISE_MOVED_SDS
from forceplate.analysis.rest_checks import (
    LEVEL_EXIT_K,
    LEVEL_EXIT_MIN_N,
    LEVEL_EXIT_REL,
    MIN_REP_S,
    SITS_BANDS,
    RestChecks,
    _rezeroed_signs,
)
from forceplate.analysis.sigproc import mean_sd
from forceplate.analysis.state import _Run
from forceplate.analysis.top_return import TOP_REL_S, noise_travel_m
from forceplate.units import G

# --- thresholds ------------------------------------------------------------------------------
LIFT_OFF_MAX_S = 0.8       # s, the longest quiet run after an unrack that may be the lift-off's
                           # steady rise (the bar lifted 1-5 cm clear of the hooks in well under
                           # a second, its cruise 0.2-0.5 s); quiet longer, the lifter stands
                           # with the bar (MASS_CHANGE_S: the length a new level is weighed at;
                           # a 2.4-s first rest of a slow-negatives set was moved onto its
                           # lowering's cruise without it, wide 8632)
LIFT_OFF_MIN_V_M_S = 0.01  # m/s, the speed a lift-off's braking takes away (its cruise: 1-5 cm
                           # in well under a second, 15-36 mm/s measured); sway between two
                           # quiet runs of a lifter standing with the bar moves the velocity by
                           # a few mm/s (0.5 mm/s on a sway-broken 180-kg settle, wide 8637)

BOTTOM_REL = 1.0 - TOP_REL_S  # a quiet run within TOP_REL_S of the depth above the lowest point is
                           # at the bottom (the rest test's top asks the mirror of it)


class UnrackChecks(RestChecks):
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

    def _lowered_to(self, base: _Run, a: int, level: float) -> bool:
        """Force only: is the quiet run at frame a, the first at the new level after a settle
        that swayed too much to be quiet, the first lowering's bottom pause? With the velocity
        re-zeroed at both (still) ends, a constant level error removed, the bar went down a
        phase's distance (MIN_TRAVEL_M, and NOISE_MOVED_SDS times what the plate's noise
        integrates to) and ended nearer that bottom than the top (BOTTOM_REL of the depth).
        Taken as the set's first base, the bottom lost the first rep and merged the lifted
        reps after it into one chunk (explore 8034: 4 of a forced-positive set's 7 reps)."""
        if self.source != "force_integral":
            return False
        ch, _ = self._chunk(base, a, level)
        if ch.t.size < 8 or ch.spotter_n is not None:
            return False
        v, dev, residual = chunk_velocity(ch)
        s = displacement(rezeroed(v, residual, ch.t), ch.t)
        depth = -float(np.min(s))
        # the linear re-zero removes a constant level error, not a drifting zero's bend: k N/s
        # leaves k*t*(t - T)/(2m) of velocity, a sinking of k*T^3/(12m) at the end - the
        # shape of a lowering to a bottom (0.1 N/s over 8 s on 60 kg: 7 cm)
        bend = DRIFT_PRIOR_N_S * float(ch.t[-1] - ch.t[0]) ** 3 / (12.0 * ch.mass_kg)
        return (depth > max(MIN_TRAVEL_M, NOISE_MOVED_SDS * noise_travel_m(ch, dev) + bend)
                and float(s[-1]) <= -BOTTOM_REL * depth)

    def _top_after_lift_off(self, base: _Run, a: int, level1: float, events: list[Event]) -> _Run:
        """The set's first rest after an unrack, proven at frame a: was its base the top, or
        the lift-off's cruise? Lifting the bar off the hooks raises it 1-5 cm at a steady few
        cm/s, whose force is m*g (quiet, a rest to the force), and its braking (F under m*g)
        reads from there as a lowering's launch: the first lowering then began 1.5-2 s early,
        with the true rest after the lift-off taken for its quiet cruise. A rest is at zero
        velocity, so a rep seen from it begins with a lowering; seen from a lowering's quiet
        cruise it begins with that lowering's braking, a raise. Force only: the first quiet run
        after the base (at its level, at least QUIET_MIN_S), a rep's worth of frames before
        frame a, becomes the base if it proves the same rest and the movement from it begins
        with a lowering (a rest after a lift-off, not a lowering's cruise after a rest: seen
        from the cruise the bar first brakes), and the force between them slowed the bar (the
        lift-off's braking). Where the base was a hold at the level before the lift-off, the
        next quiet run is the lift-off's cruise, which the bar sped up into: the quiet run after
        that one is tried instead (once)."""
        if (self.source != "force_integral" or not base.cache.get("level_change")
                or base.role != "system" or base.end is None
                or (base.end - base.start) * self.frame_s >= LIFT_OFF_MAX_S):
            return base
        qmin = self._frames_for(QUIET_MIN_S)
        f0 = self._s0 // self.nf
        q = self._quiet[max(base.end - f0, 0):max(a - f0, 0)]
        # the quiet runs (as the rest walk finds them) between the base and frame a
        dq = np.diff(np.concatenate(([0], q.astype(np.int8), [0])))
        starts, stops = np.flatnonzero(dq == 1), np.flatnonzero(dq == -1)
        long_runs = np.flatnonzero(stops - starts >= qmin)
        lvl0 = self._base_level(base)
        m = max(lvl0 - self._tare_n, 1.0) / G          # kg on the plate
        prev = base.end
        for k in long_runs:
            i, j = int(starts[k]), int(stops[k])
            lvl, sd = mean_sd(self._frame_means(base.end + i, base.end + i + qmin))
            if abs(lvl - lvl0) >= self._level_tol(lvl):
                return base
            # the run ends where its frames leave its level, as in the rest walk (quiet_runs.py: a
            # lowering is quiet in a short window but drifts off the level)
            away = np.flatnonzero(np.abs(self._frame_means(base.end + i, base.end + j) - lvl) > max(
                LEVEL_EXIT_MIN_N, LEVEL_EXIT_K * sd, LEVEL_EXIT_REL * abs(lvl - self._tare_n)))
            j = i + int(away[0]) if away.size else j
            if j - i < qmin or q.size - j < self._frames_for(MIN_REP_S):
                return base
            # the lift-off's braking lies between the two: the bar slowed (the impulse over
            # the level is negative). One it sped up into (positive) is the lift-off's cruise
            # after a hold at the level: the rest may be the quiet run after that (once)
            dv = float(np.sum(self._frame_means(prev, base.end + i) - lvl0)) * self.frame_s / m
            if dv < -LIFT_OFF_MIN_V_M_S:
                break
            if dv < LIFT_OFF_MIN_V_M_S or prev != base.end or (j - i) * self.frame_s >= LIFT_OFF_MAX_S:
                return base
            prev = base.end + j
        else:
            return base
        top = _Run(start=base.end + i, end=base.end + j, level_n=lvl, role=base.role, cache={"level_change": 1.0})
        if self._rest_test(top, a, level1) != "rest":
            return base
        if _rezeroed_signs(self._chunk(top, a, level1)[0])[:1] != [-1]:
            return base
        self._weigh(top, events)
        return top
