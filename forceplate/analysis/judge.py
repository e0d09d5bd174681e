"""Stage 8, judge: each measured rep gets its verdict against the method's targets
(verdicts.py), its place in a set, and - for beyond-failure sets - whether its positive failed;
a set's summary when it ends."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from forceplate.analysis.events import (
    Event,
    PositiveFailure,
    Rep,
    RepCompleted,
    SetEnded,
    SetStarted,
)
from forceplate.analysis.integrate import Chunk, ChunkResult, RepBounds
from forceplate.analysis.loads import (
    NO_BAR_SEEN,
    LoadCheck,
    check_body_loads,
    check_rep_loads,
    resolve_body_n,
)
from forceplate.analysis.measure import Measured, Times, ToMeasure, measure_chunks, measured_reps
from forceplate.analysis.metrics import set_summary
from forceplate.analysis.rests import RestStage
from forceplate.analysis.verdicts import rep_verdict, set_verdict
from forceplate.units import G

# --- thresholds ------------------------------------------------------------------------------
STALL_REL = 2.0            # beyond failure: a positive over this many times the set's median
STALL_MIN_REPS = 3         # ... (over at least this many unassisted reps) has failed
DUPLICATE_SHARE = 0.5      # a rep sharing over half of its span with the last reported rep is
                           # that rep again (one bar moves through one rep at a time): dropped
OVERLAP_TOL_S = 0.010      # s, one 10-ms frame: a rep may begin on the frame the last one ended


class JudgeStage(RestStage):
    def _report(self, ch: Chunk, sl: slice, res: ChunkResult, events: list[Event]) -> None:
        """Measure and judge the reps segmented from a chunk; emit their events."""
        t = self._t[sl]
        # forces as the set's first weighing saw the plate: its zero's drift since then removed
        drift = self._drift(0.5 * (ch.level0_n + ch.level1_n) - self._tare_n)
        f = self._f[sl] - self._tare_n
        f -= drift                       # (in place: the same two subtractions)
        system_w = ch.mass_kg * G - drift
        if self._spot_idx is None:
            system_w = 0.5 * (ch.level0_n + ch.level1_n) - self._tare_n - drift
        self._system_n = system_w
        body_n = resolve_body_n(self._body_n, system_w, self.config.load_kg)   # weighed with the bar on?
        body_w = body_n if body_n is not None else 0.0
        # reps from the body's own rest, no bar taken (no_bar.py) and no load set up: the plate
        # cannot tell a heavier body from a body holding a barbell or dumbbells it walked on
        # with, so the body is the load only where the exercise set up says so (a bodyweight
        # exercise of the catalogue); elsewhere the reps are found but read "check weighing"
        found = self._chunk_no_bar and not (self.config.load_kg or 0.0) > 0.0
        no_bar = found and self._bodyweight_exercise
        unseen = found and not no_bar
        if found:     # (the ecc:con ratio is the phases' mean forces': no load to take off)
            body_n, body_w = system_w, 0.0
        reps = self._after_reported(measured_reps(ch, res), ch.t)
        if not reps:
            return
        if self._set_open and found != self._set_no_bar:
            self._end_set(events)     # bodyweight warm-up reps, then the bar: two sets
        self._set_no_bar = found
        self._reported_end_s = reps[-1][1][3]
        self._reported_past_s = reps[-1][0].con_end_past_s
        opens = not self._set_open
        if opens:                     # a set opens at its first rep (known now: weighings ask)
            self._set_no += 1
            self._set_open = True
            self._set_start_s = reps[0][1][0]
            self.current_set_reps = []
            events.append(SetStarted(self._set_start_s, self._set_no))
        # measured and judged with the set's other chunks when the set ends or the block fed
        # is done (_flush): numpy over all their phases at once; their events go in here
        item = ToMeasure(ch, res, reps, t, f, system_w, body_w, no_bar, unseen)
        self._pending.append((item, body_n, res.residual_velocity_m_s, opens, events, len(events)))

    def _after_reported(self, reps: list[tuple[RepBounds, Times]], t: np.ndarray) -> list[tuple[RepBounds, Times]]:
        """One bar moves through one rep at a time: a rep is never reported twice, and none
        begins before the last reported one ended. A rep sharing over DUPLICATE_SHARE of its
        span with reps already reported is one of them again (a chunk segmented twice) and is
        dropped; one that only begins before the last one's end (a force-only lowering's start
        put in the last rep's raise) begins there instead - its end was reported, and the bar
        cannot have started down before it came up. Where that end was placed past its chunk
        (RepBounds.con_end_past_s: fitted, not seen), a rep whose lowering ends after the last
        frame seen is evidence, not a duplicate: if its raise starts after the placed end, the
        bar went down between the two (it cannot rise again from the top), and its lowering
        lies there."""
        out: list[tuple[RepBounds, Times]] = []
        end = self._reported_end_s
        seen = end - self._reported_past_s      # the last reported end seen in its chunk's data
        for rb, ts in reps:
            a, b, c, d = ts
            if a >= end - OVERLAP_TOL_S:
                out.append((rb, ts))
                end, seen = d, d - rb.con_end_past_s
                continue
            if min(d, seen) - a > DUPLICATE_SHARE * (d - a) or b <= seen:
                continue                  # the rep again, or nothing of its lowering left after it
            i = min(int(np.searchsorted(t, end)), t.size - 1)
            a = float(t[i])
            if not a < b:
                if not a < c:
                    continue
                b, rb = c, replace(rb, ecc_end=rb.con_start)     # its lowering after the fitted stop
            out.append((replace(rb, ecc_start=i), (a, b, c, d)))
            end, seen = d, d - rb.con_end_past_s
        return out

    def _flush(self) -> None:
        """Measure and judge the pending chunks' reps, in order; put their events in place."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        measured = measure_chunks([p[0] for p in pending], self.rate_hz)
        placed: list[tuple[list[Event], int, list[Event]]] = []
        for (item, body_n, residual, opens, events, at), ms in zip(pending, measured, strict=True):
            out: list[Event] = []
            for k, m in enumerate(ms):
                self._judge(m, residual, item.system_w, body_n, out, opens and k == 0, item.no_bar, item.unseen)
            placed.append((events, at, out))
        for events, at, out in reversed(placed):     # the later places first: indices hold
            events[at:at] = out

    def _judge(self, m: Measured, residual: float, system_w: float, body_n: float | None,
               events: list[Event], opens: bool, no_bar: bool = False, unseen: bool = False) -> None:
        """Judge one rep; opens: the set's first, judged with the failure state cleared (a new
        set's first rep is a normal rep, not one of the last set's negatives); no_bar: a
        bodyweight rep (its loads are the body's, body_n its weight); unseen: reps with no bar seen
        taken and none set up, in an exercise that is not a bodyweight one (check weighing)."""
        if opens:
            self._failure_rep = None
        body_w = body_n if body_n is not None else 0.0
        rb, ts, ecc, con, ratio = m.bounds, m.times, m.eccentric, m.concentric, m.ratio
        cfg = self.config
        # a spotter plate that saw no spotter act still measured E (= 0)
        src = ("spotter_plate" if self._spot_unexpected else self.source) if rb.source == "force_integral" else rb.source
        pause = ts[2] - ts[1]
        rcfg = cfg
        if cfg.method == "beyond_failure" and self._failure_rep is None:
            rcfg = replace(cfg, ecc_target_s=None)   # the slow target is for the negatives
        after_failure = cfg.method == "beyond_failure" and self._failure_rep is not None
        load = (check_body_loads(system_w, ecc.mean_load_n, con.mean_load_n, rb.assisted) if no_bar else
                LoadCheck(False, NO_BAR_SEEN) if unseen else
                check_rep_loads(body_n, system_w, ecc.mean_load_n, con.mean_load_n, rb.assisted, cfg.load_kg))
        text, codes = rep_verdict(rcfg, ecc.duration_s, pause, ratio, rb.assisted, rb.source,
                                  help_expected=after_failure, load=load, ratio_of="force" if no_bar else "load")
        rep = Rep(
            rep=len(self.reps) + 1, set=self._set_no, rep_in_set=len(self.current_set_reps) + 1,
            eccentric=ecc, concentric=con, bottom_s=0.5 * (ts[1] + ts[2]), pause_bottom_s=pause,
            ecc_con_load_ratio=ratio, time_under_tension_s=ts[3] - ts[0],
            phase_source=src, confidence=round(rb.confidence, 3), assisted=rb.assisted,
            body_mass_kg=body_w / G, system_mass_kg=system_w / G,
            tempo_target_ecc_s=rcfg.ecc_target_s, verdict=text, verdict_codes=codes,
            extra={"residual_velocity_m_s": round(residual, 4)},
            movement="bodyweight" if no_bar else "rep",
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
        return len(prev) >= STALL_MIN_REPS and rep.concentric.duration_s > STALL_REL * float(np.median(prev))

    def _end_set(self, events: list[Event]) -> None:
        self._flush()
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
