"""A rep held back before it is judged, where the rest after it may turn out to be a failing
raise's hang (beyond failure, with a spotter plate).

A raise that fails and hangs part-way up is quiet (F = m*g, the bar all but still), and over a
chunk of seconds a level error of a newton bends the integral back to the top: the hang passes
for the top rest and the stalled rep's raise ends there, 3-7 s early. Force alone cannot tell
that quiet from a top; the sequence can. From a top the bar can only go down and a spotter
lifts only a raise, so a rest the spotter lifts the bar out of at once, the bar not moved
before (spotted.lifted_from_rest: the next chunk's verdict "hang"), was the middle of a raise,
and that raise ends where the lift ends (the spotter lets go at the top). The rep is measured
and judged only once that is known (_rest_may_hang): live, once the rest has lasted longer than
a hang is quiet, or the bar set off down from it, or no lift came at once - 0.7 s later than
before, typically. Every decision uses only data up to fixed frames, so live and offline give
the same reps."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from forceplate.analysis.events import Event
from forceplate.analysis.frames import BAND_MIN_N
from forceplate.analysis.integrate import (
    CHUNK_PAD_S,
    SPOTTER_FLOOR_N,
    SPOTTER_RAMP_S,
    Chunk,
    ChunkResult,
    chunk_velocity,
)
from forceplate.analysis.judge import JudgeStage
from forceplate.analysis.measure import ToMeasure, measured_reps
from forceplate.analysis.motion import rezeroed
from forceplate.analysis.sigproc import cumtrapz, frame_means
from forceplate.analysis.spotted import (
    HANG_HELP_S,
    HELP_GAP_S,
    SPOTTED_CONFIDENCE,
    _merged,
    help_edges,
)
from forceplate.analysis.spotter_evidence import lift_top
from forceplate.analysis.state import _Run

# --- thresholds ------------------------------------------------------------------------------
HANG_MAX_S = 1.0            # s, a failing raise's hang is quiet this long at most before the spotter
                            # takes hold (a hang of 0.3-1.5 s, the spotter's hands on part-way
                            # through: 0.2-0.9 s of quiet on explore 8000-8019, one of 20 longer):
                            # a longer rest is a top, and its rep is judged at once
SINK_N = 3.0 * BAND_MIN_N   # N, F + E this far under its level: the bar set off down (a lowering's
                            # unweighting, 10-100s of N), not held still for the spotter to take
SMOOTH_S = 0.1              # s, frame means averaged over this (trailing): the plates' noise out
HANG_QUIET_MAX_S = 2.0      # s, force only: a hang's quiet takes in the spotter easing in while the
                            # lifter gives way (F stays at m*g until E passes the band): 0.2-1.9 s on
                            # explore 8000-8159; a longer quiet is a top, judged at once
HANG_RISE_REL = (0.15, 0.85)  # force only: the rise a raise that hangs regains of its lowering's
                            # depth (the chunk's integral, still at both rests): stalls regained
                            # 0.29-0.88 on explore 8000-8159, tops 0.89-1 (a lockout's few cm and
                            # the level's bend short); under 0.15 the bar never left the bottom


class HeldRepStage(JudgeStage):
    # (the held pending entry, the frame its closing rest began, the chunk's own rest before)
    _held: tuple[Any, int, _Run] | None = None

    def _hold_reported(self, base: _Run, a: int, ch: Chunk) -> None:
        """After a chunk's reps were reported: hold them back from the judge where the rest at
        frame a that closed the chunk may be a hang (a spotter plate, raises that can hang, no
        help measured in the chunk)."""
        if (not self._raises_hang or ch.spotter_n is not None
                or not self._pending or self._pending[-1][0].ch is not ch):
            return
        if self._spot_idx is None and not (self._spotter_lifts and self.source == "force_integral"
                                           and _stalled_part_way(self._pending[-1][0])):
            return
        self._held = (self._pending.pop(), a, base)

    def _release_held(self, events: list[Event]) -> None:
        """The held reps to the judge, their events into this feed's."""
        if self._held is None:
            return
        (item, body_n, residual, opens, _, _), _, _ = self._held
        self._held = None
        self._pending.append((item, body_n, residual, opens, events, len(events)))

    def _report(self, ch: Chunk, sl: slice, res: ChunkResult, events: list[Event]) -> None:
        self._release_held(events)          # a later chunk's reps: the held ones come first
        super()._report(ch, sl, res, events)

    def _end_set(self, events: list[Event]) -> None:
        self._release_held(events)
        super()._end_set(events)

    def _rest_may_hang(self, rest: _Run, upto: int) -> bool | None:
        """Can the rest (the held chunk's closing one) still be a hang, judged on frames up to
        upto (exclusive)? None: not known yet. A hang's quiet lasts at most HANG_MAX_S, and the
        spotter's lift begins within HANG_HELP_S of its end (read up to 2 SPOTTER_RAMP_S later: a
        lift's ramp up takes that long to pass SPOTTER_FLOOR_N): the spotter plate over its weight
        at that rest by SPOTTER_FLOOR_N (the least help measured) before F + E, the force that
        moves the bar, has dropped SINK_N under its level there (a lowering's unweighting: the
        bar set off down, as from a top). Read on frame means over a trailing SMOOTH_S window
        from fixed frames on (no level, threshold or sway the analysis learns later), so it
        says the same whenever it is asked: live, at the end of every block fed."""
        if self._spot_idx is None:
            # force only: the quiet cannot tell a lift from a lowering's unweighting; only the
            # chunk after it can (its verdict "hang": a lift to a top, no lowering of its own)
            cap = self._frames_for(HANG_QUIET_MAX_S)
            return None if (rest.end if rest.end is not None else upto) - rest.start <= cap else False
        if rest.end is None:
            return None if upto - rest.start <= self._frames_for(HANG_MAX_S) else False
        if rest.end - rest.start > self._frames_for(HANG_MAX_S):
            return False
        fa = max(rest.start, rest.end - self._frames_for(CHUNK_PAD_S))
        stop = rest.end + self._frames_for(HANG_HELP_S + 2.0 * SPOTTER_RAMP_S)
        hi = min(upto, stop)
        k = rest.end - fa
        if hi <= rest.end or k < 1:
            return None
        sl = self._sl(fa, hi)
        nfr = (sl.stop - sl.start) // self.nf
        spot = frame_means(self._spot[sl.start:sl.start + nfr * self.nf].reshape(nfr, self.nf))
        f0 = self._s0 // self.nf
        fe = self._fm[fa - f0:fa - f0 + nfr] + spot
        w = self._frames_for(SMOOTH_S)
        e, fe = (_trailing(x, w)[k:] - float(x[:k].mean()) for x in (spot, fe))
        lift = np.flatnonzero(e >= SPOTTER_FLOOR_N)
        sink = np.flatnonzero(fe <= -SINK_N)
        first_lift = int(lift[0]) if lift.size else nfr
        first_sink = int(sink[0]) if sink.size else nfr
        if first_lift < first_sink:
            return True
        if first_sink < first_lift or hi >= stop:
            return False
        return None

    def _check_held(self, events: list[Event]) -> None:
        """At the end of a feed: release the held reps once their rest cannot be a hang."""
        if self._held is None:
            return
        base = self._base
        if base is None or base.start != self._held[1] or self._rest_may_hang(base, self._qdone) is False:
            self._release_held(events)

    def _hang_verdict(self, rest: _Run, a: int, level1: float, events: list[Event]) -> None:
        """The chunk from the rest `rest` to the top at frame a is a hang's lift (no rep of its
        own): the held chunk's last raise ran on through the hang to where the lift ends."""
        held = self._held
        if held is None or held[1] != rest.start:
            self._release_held(events)
            return
        may = self._rest_may_hang(rest, a)
        if may is True or (may is None and self._spot_idx is None):
            amended = self._amended(held[2], a, level1, held[0][0])
            if amended is not None:
                entry = held[0]
                first, last = amended
                self._held = None
                if first is not None:
                    self._pending.append((first, entry[1], entry[2], entry[3], events, len(events)))
                # the amended rep was measured over its own chunk: its residual, not the held one's
                self._pending.append((last, entry[1], last.res.residual_velocity_m_s,
                                      entry[3] and first is None, events, len(events)))
                self._reported_end_s = last.reps[-1][1][3]
                self._reported_past_s = last.reps[-1][0].con_end_past_s
                return
        self._release_held(events)

    def _amended(self, base: _Run, a: int, level1: float,
                 item: ToMeasure) -> tuple[ToMeasure | None, ToMeasure] | None:
        """(the held chunk's other reps, the last rep with its raise ended where the spotter's
        lift ends), the last measured over the chunk from the held chunk's rest to the top at
        a; None where that chunk shows no lift after the rep's raise began."""
        ch, sl = self._make_chunk(base, a, level1)
        v, dev, residual = chunk_velocity(ch)
        if self._spot_idx is None:
            # force only: the lift ends at the top where the force is back at m*g after its
            # plateau (lift_top), else where the quiet run at a began
            top = lift_top(ch, dev)
            if top is None:
                quiet_t = float(self._t[self._sl(a, a + 1).start])
                top = min(int(np.searchsorted(ch.t, quiet_t)), ch.t.size - 1)
            off, source = top, item.reps[-1][0].source
        else:
            if ch.spotter_n is None:
                return None
            edges = _merged(help_edges(ch.spotter_n), max(1, int(round(HELP_GAP_S * ch.rate_hz))))
            if not edges or edges[-1][2] < 0:
                return None
            off, source = edges[-1][1], "spotter_plate"
        rb, ts = item.reps[-1]
        if ts[0] < ch.t[0] - 1e-9:     # the new chunk must hold the whole rep: never clip its lowering
            return None
        idx = np.searchsorted(ch.t, np.asarray(ts) - 1e-9)
        es, ee, cs = (int(i) for i in idx[:3])
        if not (es < ee <= cs < off < ch.t.size):
            return None
        last = replace(rb, ecc_start=es, ecc_end=ee, con_start=cs, con_end=off, source=source,
                       confidence=min(rb.confidence, SPOTTED_CONFIDENCE), assisted="raising")
        res = ChunkResult([last], rezeroed(v, residual, ch.t), residual)
        reps = measured_reps(ch, res)
        if not reps:
            return None
        drift = self._drift(0.5 * (ch.level0_n + ch.level1_n) - self._tare_n)
        f = self._f[sl] - self._tare_n
        f -= drift
        after = ToMeasure(ch, res, reps, self._t[sl], f, item.system_w, item.body_w)
        before = replace(item, reps=item.reps[:-1]) if len(item.reps) > 1 else None
        return before, after


def _stalled_part_way(item: ToMeasure) -> bool:
    """Force only: did the chunk's last raise stop part-way up (HANG_RISE_REL of its lowering's
    depth) - a failing raise's hang, not a top? Nobody but the lifter touched the bar over the
    chunk (no help read in it) and it was still at both rests, so its re-zeroed integral is the
    bar's height; from a top the next rep starts at the same height, give or take a lockout."""
    if item.ch.source != "force_integral" or item.reps[-1][0].assisted != "none":
        return False
    s = cumtrapz(item.res.velocity_m_s, item.ch.t)
    low = float(s.min())
    depth = float(s[0]) - low
    return depth > 0.0 and HANG_RISE_REL[0] * depth <= float(s[-1]) - low <= HANG_RISE_REL[1] * depth


def _trailing(x: np.ndarray, w: int) -> np.ndarray:
    """Each value averaged with the w - 1 before it (fewer at the start): a value here never
    depends on what comes after it."""
    c = np.concatenate(([0.0], np.cumsum(x)))
    i = np.arange(1, x.size + 1)
    lo = np.maximum(i - w, 0)
    return (c[i] - c[lo]) / (i - lo)
