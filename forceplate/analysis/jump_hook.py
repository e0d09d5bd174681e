"""The analyser's one hook of the jump stage (forceplate/analysis/jumps.py, docs/jumps.md): the
stage is fed the same plate force and tare as the strength analysis, and its jumps become reps
(movement "jump") in sets of their own. A stage of the Analyser, like live.py and judge.py.
"""

from __future__ import annotations

import numpy as np

from forceplate.analysis.events import Event, RepCompleted, SetStarted
from forceplate.analysis.flight_search import EMPTY_COARSE_N, contains_flight, flight_zero
from forceplate.analysis.jumps import Away, JumpStage
from forceplate.analysis.live import LiveStage


class JumpHookStage(LiveStage):
    _jumps: JumpStage
    _jump_fed: int                 # absolute sample number the jump stage has been fed up to
    _unfed: tuple[int, int, float] | None   # (from, to, min) of samples it has not seen (_unfed_min)
    _s0: int                       # absolute sample number of the buffers' first sample

    def _jump_tare_n(self) -> float:
        """The jump stage's tare: the first accepted empty-plate weighing (live = offline), else
        the analyser's provisional one; tells the stage whether the plate was weighed empty."""
        first = self._first_tare()
        self._jumps.tared = first is not None
        return self._tare_n if first is None else first.force_n

    def _feed_jumps_to(self, upto: int, events: list[Event], final: bool = False,
                       lazy: bool = False) -> None:
        """The jump stage fed the samples it has not seen, up to sample upto (absolute);
        lazy: only if they could give it something to report (else they wait for the block's
        end: the same answer, without a call per chunk)."""
        i, j = self._jump_fed - self._s0, upto - self._s0
        if lazy and j > i and not self._jumps.may_report(self._f[i:j], self._jump_tare_n(),
                                                         self._unfed_min(i, j)):
            return
        if j > i:
            self._jump_fed = upto
            self._feed_jumps(self._t[i:j], self._f[i:j], events, final=False)
        if final:
            self._feed_jumps(np.empty(0), np.empty(0), events, final=True)

    def _unfed_min(self, i: int, j: int) -> float | None:
        """min(self._f[i:j]) over samples the jump stage has not seen (buffer indices, i at its
        last feed), carried on from the last call: the lazy test before each chunk would scan
        the same samples again and again between two feeds (an hour of strength sets: 3.6 M
        samples per chunk). The minimum of the parts is the minimum (exact); None: unknown."""
        if i < 0:
            return None
        a, b = self._s0 + i, self._s0 + j          # absolute sample numbers
        lo, m = a, np.inf
        if self._unfed is not None and self._unfed[0] == a and a <= self._unfed[1] <= b:
            lo, m = self._unfed[1], self._unfed[2]
        if b > lo:
            m = float(np.minimum(m, np.minimum.reduce(self._f[lo - self._s0:j])))   # (= .min(); NaN stays NaN)
        self._unfed = (a, b, m)
        return m

    def _feed_jumps(self, t: np.ndarray, f: np.ndarray, events: list[Event], final: bool) -> None:
        """The jump stage sees the same plate force and tare (the first empty-plate weighing:
        offline and live then agree); its jumps are reps (movement "jump") in a set of their
        own, ended when the athlete steps off. The body mass is the last body weighing
        before the jump (the jump's own weighing holds any load)."""
        for out in self._jumps.feed(t, f, self._jump_tare_n(), self._body_n, final):
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
                    if w.kind == "body" and w.accepted and w.t_end_s <= out.onset_s
                    and self._jumps.zero_n is None]   # else weighed on the wrong zero
            rep = out.to_rep(len(self.reps) + 1, self._set_no, len(self.current_set_reps) + 1,
                             body[-1] if body else None)
            self.reps.append(rep)
            self.current_set_reps.append(rep)
            events.append(RepCompleted(out.metrics.landing_s or out.metrics.takeoff_s, rep))

    def _jump_chunk(self, sl: slice) -> bool:
        """A movement between two rests that contains flight is jumps, not strength reps."""
        f = self._f[sl]
        tare = self._jumps.tare(self._tare_n)
        if contains_flight(f, tare, self.rate_hz):
            return True
        # an untared plate never seen empty: a flight shows its zero (flight_search.flight_zero)
        z = None if self._tared() or self._jumps.zero_n is not None else flight_zero(f, self.rate_hz)
        return z is not None and abs(z - tare) > EMPTY_COARSE_N
