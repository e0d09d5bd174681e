"""Jumps: the stage of the streaming Analyser for movements that leave the plate.

The Analyser feeds it the same plate force it analyses (same tare, same blocks); it watches for
the plate emptying while loaded before and after (flight), and for each take-off hands the
samples around it to forceplate.analysis.jump_metrics (its events: jump_events). A plate that
empties during a movement is flight, not a mass change; an empty plate that stays empty is
stepping off (no jump) or, after an upward take-off, a landing beside the plate. Conventions:
docs/jumps.md. Flight search and the plate's zero off a flight: flight_search; weighing without
a stance before: jump_weighing; the empty runs and a flight's edges: jump_scan; the window of
samples kept: jump_buffer.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from forceplate.analysis.flight_search import EMPTY_COARSE_N, FREE_FALL_MAX_S, flight_zero
from forceplate.analysis.jump_buffer import SampleWindow
from forceplate.analysis.jump_events import (
    PEAK_LANDING_S,
    Weigh,
    touchdown_time,
    weigh_after,
    weigh_before,
)
from forceplate.analysis.jump_metrics import Jump, JumpParts, analyse_jump
from forceplate.analysis.jump_scan import MAX_FLIGHT_S, Empty, EmptyRuns
from forceplate.analysis.jump_weighing import (
    first_samples_weighed,
    landing_momentum_weighed,
    still_start_weighed_after,
)
from forceplate.units import G

PREP_MAX_S = 12.0         # s, look this far back from a take-off for the weighing
DROP_CONTACT_MAX_S = 1.5  # s, a contact from an empty plate this short, then flight: a drop jump
AFTER_S = 1.2             # s, a standing jump is analysed this long after its landing
DROP_WAIT_S = 4.0         # s, a drop jump is weighed on the still stance within this long after
                          # its landing (reported then, or when the athlete steps off)
KEEP_S = 20.0             # s of samples kept back from the oldest pending take-off


@dataclass
class Away:
    """The plate emptied for good (stepped off, or landed beside it)."""

    t_s: float


@dataclass
class JumpStage(SampleWindow, EmptyRuns):
    rate_hz: float
    s0: int = 0
    t: np.ndarray = field(default_factory=lambda: np.empty(0))
    f: np.ndarray = field(default_factory=lambda: np.empty(0))
    empties: list[Empty] = field(default_factory=list)
    jumps: list[Jump] = field(default_factory=list)
    _scanned: int = 0
    _low_since: int | None = None
    _prev: Jump | None = None        # last jump (a rebound continues from its flight)
    _prev_empty: Empty | None = None
    _away_reported: int = -1
    zero_n: float | None = None      # the plate's zero read off a flight (flight_zero), where the
                                     # tare would never show the plate empty
    tared: bool = False              # the plate was weighed empty (an accepted tare): its zero
                                     # is known, no flight needs to show it
    _tb: np.ndarray | None = None    # the buffers self.t, self.f are views of (_append)
    _fb: np.ndarray | None = None
    _end: int = 0                    # where the views end in them

    def tare(self, tare_n: float) -> float:
        """The empty plate's level: the tare, or the flight's where the two differ by more than
        EMPTY_COARSE_N (an untared offset: over it no flight reads empty, under it a deep
        unweighting does)."""
        if self.zero_n is not None and abs(self.zero_n - tare_n) > EMPTY_COARSE_N:
            return self.zero_n
        return tare_n

    # --- feeding ---------------------------------------------------------------------------

    def feed(self, t: np.ndarray, f: np.ndarray, tare_n: float, body_n: float | None,
             final: bool = False) -> list[Jump | Away]:
        if t.size:
            self._append(t, f)
        # the new samples and a flight's length before them (its landing may be among them)
        look = self.f[max(0, self.f.size - t.size - int((FREE_FALL_MAX_S + 0.2) * self.rate_hz)):]
        if self.zero_n is None and not self.tared and not self.jumps and look.size and (
                abs(float(look.min()) - tare_n) >= EMPTY_COARSE_N):
            # never seen empty (the force never under tare + EMPTY_COARSE_N), or seen under the
            # tare by more than that (a negative offset: tare + EMPTY_COARSE_N is then far over
            # the empty plate, and a deep unweighting read as flight - the real CMJ at -150 N
            # gave no jump): is the plate's zero off the tare? A flight tells
            z = flight_zero(look, self.rate_hz)
            if z is not None and abs(z - tare_n) > EMPTY_COARSE_N:
                self.zero_n = z
                self.empties, self._low_since = [], None
                self._scanned = self.s0       # scan the kept samples again on that zero
        if self.zero_n is not None and self.tare(tare_n) == self.zero_n and body_n is not None:
            body_n = None                     # weighed against the wrong zero
        tare_n = self.tare(tare_n)
        self._scan(tare_n, final)
        out = self._ready(tare_n, body_n, final)
        self._trim()
        return out

    def may_report(self, f: np.ndarray, tare_n: float, f_min: float | None = None) -> bool:
        """Could feeding f give a jump or a step-off now? Only with flight or an empty plate in
        it, or one seen before and not yet reported (a cheap test: the Analyser feeds the
        stage before each strength chunk, in time order). f_min: f.min(), if the caller has it."""
        tare_n = self.tare(tare_n)
        return (self._low_since is not None or any(not e.done for e in self.empties)
                or bool(f.size and (float(f.min()) if f_min is None else f_min) < tare_n + EMPTY_COARSE_N)
                or self.zero_n is None and not self.tared and flight_zero(f, self.rate_hz) is not None)

    # --- analysis --------------------------------------------------------------------------

    def _ready(self, tare_n: float, body_n: float | None, final: bool) -> list[Jump | Away]:
        out: list[Jump | Away] = []
        now = self.s0 + self.t.size
        rate = self.rate_hz
        for k, e in enumerate(self.empties):
            if e.done:
                continue
            nxt = self.empties[k + 1] if k + 1 < len(self.empties) else None
            length = (e.b if e.b is not None else now) - e.a
            away = length > MAX_FLIGHT_S * rate
            if e.b is None and not away and not final:
                break                      # in the air (or stepping off): wait
            prev = self.empties[k - 1] if k else None
            kind = self._kind(prev, e)
            if not away and e.b is not None and not final:
                wait = DROP_WAIT_S if kind == "drop" else AFTER_S
                if nxt is None and now - e.b < wait * rate:
                    break
                if (kind == "standing" and nxt is None and now - e.b < DROP_WAIT_S * rate
                        and self._weigh_standing(prev, e, tare_n)[0] is None):
                    break                  # no still stance before it: wait for the one after
            e.done = True
            jump = self._analyse(prev, e, nxt, kind, away, tare_n, body_n, now)
            if jump is not None and e.b is None and not away:
                # the recording ended in the air (a trial cut during a hop's flight): where it
                # landed is unknown - not "landed beside the plate"
                jump.metrics = replace(jump.metrics, landed="unknown")
            if jump is not None:
                self.jumps.append(jump)
                out.append(jump)
            self._prev = jump
            self._prev_empty = e
            if away and e.a > self._away_reported:
                self._away_reported = e.a
                out.append(Away(float(self.t[e.a - self.s0])))
        return out

    def _kind(self, prev: Empty | None, e: Empty) -> str:
        """How the contact before this take-off began."""
        if prev is None or prev.b is None:
            return "standing"
        # an empty plate from the recording's first sample may have been empty for any time
        # before it: not a flight (a drop jump cropped to 0.3 s before its touchdown was lost)
        was_flight = prev.a > 0 and prev.b - prev.a <= MAX_FLIGHT_S * self.rate_hz
        contact = (e.a - prev.b) / self.rate_hz
        if was_flight and self._prev is not None and self._prev_empty is prev and contact < DROP_CONTACT_MAX_S:
            return "rebound"
        if not was_flight and contact < DROP_CONTACT_MAX_S:
            return "drop"
        return "standing"

    def _analyse(self, prev: Empty | None, e: Empty, nxt: Empty | None, kind: str, away: bool,
                 tare_n: float, body_n: float | None, now: int) -> Jump | None:
        s0 = self.s0
        f = self.f
        level, thr, i, land = self._flight_edges(e, away, tare_n)
        contact_start = 0 if prev is None or prev.b is None else max(prev.b - s0, 0)
        landing = land
        peak_end = 0
        if landing is not None:
            j = landing
            lim = (nxt.a - s0) if nxt is not None else f.size
            peak_end = min(lim, j + int(PEAK_LANDING_S * self.rate_hz))
        if kind == "rebound" and self._prev is not None and prev is not None and prev.b is not None:
            # back to where the previous contact ended: the touchdown sample
            c = prev.b - s0
            while c > 0 and f[c - 1] >= thr:
                c -= 1
            p = self._prev
            assert p.metrics.landing_s is not None and p.takeoff_velocity_m_s is not None
            # free fall from the take-off to the touchdown (the integral takes it from there)
            v_td = p.takeoff_velocity_m_s - G * (touchdown_time(self.t, f, c, thr) - p.metrics.takeoff_s)
            parts = JumpParts("rebound", self.t, f, level, thr, c, i, landing, peak_end, None,
                              v_touchdown=v_td, mass_kg=p.mass_kg, rate_hz=self.rate_hz)
            return analyse_jump(parts)
        if kind == "drop":
            c = contact_start
            while c > 0 and f[c - 1] >= thr:
                c -= 1
            w = None
            if landing is not None:
                # the still stance after the landing, within DROP_WAIT_S (so live = offline)
                stop = min((nxt.a - s0) if nxt is not None else f.size,
                           landing + int(DROP_WAIT_S * self.rate_hz))
                w = weigh_after(f, self.rate_hz, level, landing, stop)
            mass = None if body_n is None else body_n / G
            brief = False
            if w is None and landing is not None and nxt is None:
                w = landing_momentum_weighed(self.t, f, self.rate_hz, level, thr, i, landing, now - s0)
                brief = w is not None
            parts = JumpParts("drop", self.t, f, level, thr, c, i, landing, peak_end, w, mass_kg=mass,
                              rate_hz=self.rate_hz)
            jump = analyse_jump(parts)
            if jump is not None and brief:
                jump.weighed_briefly = True
            return jump
        w, start = self._weigh_standing(prev, e, tare_n, away, edges=(level, i))
        if w is None and landing is not None:
            w = still_start_weighed_after(f, self.rate_hz, level, start, i, landing, DROP_WAIT_S,
                                          f.size if nxt is None else nxt.a - self.s0)
        if w is None and start == 0 and self.s0 == 0:
            w = first_samples_weighed(f, self.rate_hz, i)
        parts = JumpParts("standing", self.t, f, level, thr, contact_start, i, landing, peak_end, w,
                          rate_hz=self.rate_hz)
        jump = analyse_jump(parts)
        if jump is not None and w is not None and w.brief:
            jump.weighed_briefly = True
        return jump

    def _weigh_standing(self, prev: Empty | None, e: Empty, tare_n: float, away: bool = False,
                        edges: tuple[float, int] | None = None) -> tuple[Weigh | None, int]:
        """(the still stance before a standing jump's take-off or None, where it was looked for).
        edges: (empty level, take-off) from _flight_edges, if the caller has them."""
        level, i = (self._flight_edges(e, away, tare_n)[::2] if edges is None else edges)
        contact_start = 0 if prev is None or prev.b is None else max(prev.b - self.s0, 0)
        start = max(contact_start, i - int(PREP_MAX_S * self.rate_hz))
        return weigh_before(self.f, self.rate_hz, level, i, start), start

    # --- for the Analyser --------------------------------------------------------------------

    def _trim(self) -> None:
        pending = [e.a for e in self.empties if not e.done]
        now = self.s0 + self.t.size
        keep_from = min(pending) if pending else now
        keep_from = min(keep_from, now) - int(KEEP_S * self.rate_hz)
        self.empties = [e for e in self.empties if not e.done or e.b is None
                        or e.b > now - int(KEEP_S * self.rate_hz)]
        drop = keep_from - self.s0
        if drop > int(5.0 * self.rate_hz):
            self.t = self.t[drop:]
            self.f = self.f[drop:]
            self.s0 += drop
