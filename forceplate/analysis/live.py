"""The provisional live phase (dashboard): what the lifter is doing now, before the rest after
the rep proves it. Replaced by the reps' true boundaries once the chunk closes."""

from __future__ import annotations

import numpy as np

from forceplate.analysis.events import Event, Phase, PhaseChanged
from forceplate.analysis.judge import JudgeStage
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


class LiveStage(JudgeStage):
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
            return Phase.UNKNOWN      # impossible for a lift: a spotter is acting
        if v < -LIVE_V_M_S:
            return Phase.LOWERING
        if v > LIVE_V_M_S:
            return Phase.RAISING
        if self.phase in (Phase.LOWERING, Phase.BOTTOM) or (disp is not None and disp < LIVE_BOTTOM_M):
            return Phase.BOTTOM
        return self.phase if self.phase in (Phase.RAISING, Phase.REST) else Phase.REST
