"""The provisional live phase (dashboard): what the lifter is doing now, before the rest after
the rep proves it. Replaced by the reps' true boundaries once the chunk closes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from forceplate.analysis.events import Event, Phase, PhaseChanged
from forceplate.analysis.force_edges import BREAK_DIP_BANDS, HOLD_MIN_S, STEP_MIN_S
from forceplate.analysis.held_rep import HeldRepStage
from forceplate.analysis.proof import QUIET_BANDS
from forceplate.analysis.state import _Run
from forceplate.analysis.weigh import EMPTY_KG, REWEIGH_MIN_S, WEIGH_MIN_S
from forceplate.units import G

# --- thresholds ------------------------------------------------------------------------------
LIVE_V_M_S = 0.03          # m/s, provisional phase: moving when |v| exceeds this
LIVE_FLAT_S = 0.4          # s, quiet this long at a level far from the rest's: not motion
LIVE_FAR_REL = 0.05        # ... far: over this share of the weight (0.5 m/s^2 sustained)
LIVE_LEAD_S = 0.3          # s, a launch leaves the rest level this long before it stands out
LIVE_MAX_V_M_S = 1.5       # m/s, an integrated speed over this is impossible for a lift: a spotter
LIVE_BOTTOM_M = -0.05      # m, a measured bar stopped this far below the start: at the bottom
LIVE_RISE_M = 0.03         # m, from a top rest the bar can only go down; an integrated rise over
                           # this (more than a lockout adjustment) is someone pushing down
LIVE_SMOOTH_S = 0.1        # s, force averaged over this to read its level (sway, tremor)
LIVE_MAX_DEPTH_M = 1.0     # m, no lift lowers or raises the bar further than this (a deep squat
                           # or a deadlift travels 0.5-0.7 m): an integral that does is misread
LIVE_DEPTH_REL = 1.5       # ... nor much further than this set's own reps went (their measured
                           # lowering: mean velocity x duration), lockouts and depth vary
PUSH_MIN_N = 25.0          # N, a spotter's push under this is not told from sway (as pushed_reps)
PUSH_BANDS = 3.0           # ... nor one under this many force bands
PUSH_SEEN_S = 0.3          # s, the push stood out this long: a plateau, not a launch
# which phase the method's spotter acts in (phase-physics.md: the other side is untouched)
SPOTTER_SIDE = {"forced_negative": "lowering", "forced_positive": "raising", "beyond_failure": "raising"}


@dataclass
class _Track:
    """The live reading of one rep from the force alone (see LiveStage._live_from_force)."""

    base: _Run
    origin: int               # frame to integrate from (v = 0 there: a rest or the bottom)
    level: float              # force level there, N (raw)
    mode: str = "free"        # "free" | "pushed" (spotter pushing the lowering) | "lifted"
    lowered: bool = False     # a lowering was seen since the origin
    bottom: bool = False      # ... and its velocity came back near zero
    released: int | None = None   # pushed: frame where the push ended (the bottom)
    raising: bool = False
    rest_run: int | None = None   # start frame of the quiet top shown as REST
    rest_level: float = 0.0
    rest_seen: int = 0        # last frame that top was seen quiet


class LiveStage(HeldRepStage):
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
                phase = self._live_from_force(base, lvl0)
        if (phase in (Phase.REST, Phase.LOWERING, Phase.BOTTOM, Phase.RAISING) and base is not None
                and self.source == "force_integral" and self._set_open and not self._force_shows_reps(base)):
            phase = Phase.UNSURE
        if phase != self.phase:
            self.phase = phase
            self.phase_started_s = self.time_s
            events.append(PhaseChanged(self.time_s, phase, provisional=True))

    def _force_shows_reps(self, base: _Run) -> bool:
        """Can the force show this set's motion? Only if its last rep moved the force off the
        weight by QUIET_BANDS noise bands (a lowering's braking, a raise's launch: m*a). A
        light bar lowered a few cm over seconds stays inside the sway band: a rest and such a
        lowering look the same, and any word for either would be a guess."""
        if not self.current_set_reps:
            return True
        last = self.current_set_reps[-1]
        peak = max(last.eccentric.peak_force_n, last.concentric.peak_force_n) - last.system_mass_kg * G
        band = self._band(base) if base.end is not None else self._band_of_level(base.level_n)
        return peak >= QUIET_BANDS * band

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
        if done > seen and dev < QUIET_BANDS * self._band(base):
            x = np.abs(self._fm[max(seen - f0, 0):done - f0] - lvl0)
            out = np.flatnonzero(x >= QUIET_BANDS * self._band(base))
            # the velocity is zero up to the first frame out: integrate from a little before it
            seen = seen + int(out[0]) if out.size else done
            dev = float(x[out[0]]) if out.size else 0.0
        self._still = (base, seen, dev)
        return dev < QUIET_BANDS * self._band(base)

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
        if abs(v) > LIVE_MAX_V_M_S and self.source == "force_integral":
            return Phase.UNSURE       # impossible for a lift: a spotter is acting
        if v < -LIVE_V_M_S:
            return Phase.LOWERING
        if v > LIVE_V_M_S:
            return Phase.RAISING
        if self.phase in (Phase.LOWERING, Phase.BOTTOM) or (disp is not None and disp < LIVE_BOTTOM_M):
            return Phase.BOTTOM
        return self.phase if self.phase in (Phase.RAISING, Phase.REST) else Phase.REST

    # --- the live phase from the force alone --------------------------------------------------

    def _live_from_force(self, base: _Run, lvl0: float) -> Phase:
        """The phase from the force integrated since the last rest (or quiet top, or bottom),
        v = integral of (F - level)/m dt, with what the physics allows. From a top rest the bar
        can only go down: a rise the integral shows is someone pushing down - a spotter's push
        in a method whose spotter pushes the lowering (then the lowering lasts until the push
        ends, and the raise is integrated from there), otherwise unsure. After the bottom the
        bar can only go up: a lowering the integral shows again is a spotter lifting, in a
        method whose spotter lifts the raise. Anything else the force cannot tell: unsure."""
        a, lvl = self._live_from(base, lvl0)
        tr = self._track
        if tr is None or tr.base is not base or (tr.mode == "free" and not tr.lowered
                                                 and tr.rest_run is None and tr.origin != a):
            tr = self._track = _Track(base, a, lvl)
        if tr.rest_run is not None:
            if self._run_start == tr.rest_run:
                tr.rest_seen = self._qdone
                return self._rest_word(base)
            # the quiet top shown as a rest has ended: the next rep starts there (v = 0)
            start = max(tr.rest_run, tr.rest_seen - self._frames_for(LIVE_LEAD_S))
            tr = self._track = _Track(base, start, tr.rest_level)
        f0 = self._s0 // self.nf
        done = f0 + self._fm.size
        if tr.origin < f0 or done - tr.origin < 2:
            return self.phase
        m = max((lvl0 - self._tare_n) / G, 1.0)
        d = self._fm[tr.origin - f0:done - f0] - tr.level
        v = float(np.sum(self._fk[self._sl(tr.origin, self._n_frames() + 1)] - tr.level) / self.rate_hz / m)
        side = SPOTTER_SIDE.get(self.config.method)
        in_set = base.role == "system"
        # where the force integral puts the bar, from where it was still (m)
        disp = float(np.sum(np.cumsum(d))) * self.frame_s ** 2 / m if tr.mode == "free" else 0.0
        if tr.mode == "free":
            if v < -LIVE_V_M_S:
                tr.lowered = True
            elif tr.lowered and abs(v) <= LIVE_V_M_S:
                tr.bottom = True
            if in_set and not tr.lowered and v > LIVE_V_M_S:
                if side == "lowering" and disp > LIVE_RISE_M:
                    tr.mode = "pushed"
                elif side is not None:
                    return Phase.UNSURE      # a push down, or a lockout adjustment: not yet told
            if in_set and side == "raising" and tr.lowered and (
                    tr.bottom and v < -LIVE_V_M_S or self._spotter_took_load(d, base)):
                tr.mode = "lifted"
        if tr.mode == "free" and abs(disp) > self._live_reach():
            # the integral puts the bar further from where it was still than this lifter can
            # move it: it integrates a force nobody's motion explains (a spotter lifting an
            # unseen lowering's raise, or a level error) - no word rather than a wrong one
            return Phase.UNSURE
        if tr.mode == "pushed":
            return self._pushed_phase(tr, d, base, m, f0, done)
        if tr.mode == "lifted":
            return self._quiet_top(tr, base) or Phase.RAISING
        phase = self._phase_from_v(v, None)
        if phase == Phase.RAISING and abs(v) <= LIVE_V_M_S:
            # stopped and quiet at the top, though no rest is proven (yet)
            phase = self._quiet_top(tr, base) or phase
        return phase

    def _live_reach(self) -> float:
        """How far (m) the bar can be from where it was still: LIVE_DEPTH_REL x the deepest
        measured lowering of this set so far, at most LIVE_MAX_DEPTH_M."""
        depths = [abs(r.eccentric.mean_velocity_m_s) * r.eccentric.duration_s
                  for r in self.current_set_reps if r.eccentric.mean_velocity_m_s is not None]
        return min(LIVE_MAX_DEPTH_M, LIVE_DEPTH_REL * max(depths)) if depths else LIVE_MAX_DEPTH_M

    def _pushed_phase(self, tr: _Track, d: np.ndarray, base: _Run, m: float, f0: int, done: int) -> Phase:
        """A lowering with a spotter pushing down: the force stands on a plateau above the
        weight while the push lasts; when it falls back the spotter has let go at the bottom,
        and the raise (unassisted) is integrated from there. A raise that starts before the
        push has visibly ended shows as its braking pulling the force below the weight."""
        thr = max(PUSH_MIN_N, PUSH_BANDS * self._band(base))
        k = self._frames_for(LIVE_SMOOTH_S)
        now = float(d[-k:].mean())
        if tr.released is None:
            seen = int(np.count_nonzero(d > thr)) >= self._frames_for(PUSH_SEEN_S)
            if seen and now < 0.5 * thr:
                tr.released = done - k // 2
                if now < -thr:
                    tr.raising = True        # already braking at the top: the raise is on
            else:
                return Phase.LOWERING
        after = d[tr.released - tr.origin:]
        if not tr.raising:
            up = float(np.sum(after)) * self.frame_s / m
            if up > LIVE_V_M_S:
                tr.raising = True
            else:
                return Phase.BOTTOM
        dip = np.flatnonzero(after < -thr)
        if dip.size and int(np.count_nonzero(after[int(dip[0]):] > thr)) >= self._frames_for(PUSH_SEEN_S):
            # the raise stopped at the top (its braking pulled the force below the weight) and
            # the force stands on a push again: the next pushed lowering, with no quiet top
            self._track = _Track(base, done - self._frames_for(PUSH_SEEN_S), tr.level, mode="pushed")
            return Phase.LOWERING
        return self._quiet_top(tr, base) or Phase.RAISING

    def _spotter_took_load(self, d: np.ndarray, base: _Run) -> bool:
        """The spotter taking part of the load at the bottom of a lowering (phase-physics.md:
        the force breaks away from its late-lowering trend): after the lowering's braking (the
        force over the weight), the force held clearly under it for STEP_MIN_S."""
        band = self._band(base)
        brake = np.flatnonzero(d > band)
        if brake.size < self._frames_for(HOLD_MIN_S):
            return False
        tail = d[-self._frames_for(STEP_MIN_S):]
        return int(brake[-1]) < d.size - tail.size and bool(np.all(tail < -BREAK_DIP_BANDS * band))

    def _quiet_top(self, tr: _Track, base: _Run) -> Phase | None:
        """REST (or STANDING) once quiet for LIVE_FLAT_S at the top, though no rest is proven
        yet; the next rep is then integrated from there."""
        if not self._quiet_for(LIVE_FLAT_S) or self._run_level is None:
            return None
        tr.rest_run, tr.rest_level, tr.rest_seen = self._run_start, self._run_level, self._qdone
        return self._rest_word(base)

    def _rest_word(self, base: _Run) -> Phase:
        return Phase.REST if self._set_open and base.role == "system" else Phase.STANDING
