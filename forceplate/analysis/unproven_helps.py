"""Chunks of unproven helps on one plate or a spotter plate: every help plateau the force shows
is one rep, its other phase unseen (pushes_only: a spotter's pushes over m*g, forced negatives;
lifts_only: lifts under it, forced positives and beyond-failure negatives). The help plateaus
are found as in pushed_reps.py, whose thresholds they share.
"""

from __future__ import annotations

import numpy as np

from forceplate.analysis.assisted import UNSEEN_CONFIDENCE
from forceplate.analysis.force_edges import HOLD_MIN_S
from forceplate.analysis.integrate import (
    Chunk,
    ChunkResult,
    RepBounds,
    chunk_velocity,
)
from forceplate.analysis.motion import (
    FORCE_CUTOFF_HZ,
    MIN_TRAVEL_M,
    ONSET_REL,
    SMOOTH_PEAK_ACC,
    zeroed_at_end,
)
from forceplate.analysis.pushed_reps import (
    HELPS_SHARE,
    LIFT_MIN_S,
    SPLIT_PUSH_BANDS,
    SPLIT_PUSH_MIN_N,
    plateaus,
)
from forceplate.analysis.sigproc import ahead_max, cumtrapz, lowpass


def _help_plateaus(ch: Chunk, res: ChunkResult, sign: float, faint: bool = False
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, list[tuple[int, int]]] | None:
    """The opening shared by pushes_only (sign +1: pushes over m*g) and lifts_only (-1: helps
    under it): (v, the deviation F - m*g, its low-pass, residual, the help plateaus over SPLIT_PUSH_MIN_N and
    SPLIT_PUSH_BANDS bands), or None where the chunk is not one of unproven helps (res
    already holds reps, a measured motion). With a spotter plate the help is the measured -E."""
    if res.reps or (ch.spotter_n is None) != (ch.source == "force_integral"):
        return None
    v, dev, residual = chunk_velocity(ch)
    # the help as the plate alone shows it (+ a push, - a lift): measured on a spotter plate
    # (-E; v and dev then of F + E, the bar's own motion), else the plate's deviation itself
    d = lowpass(dev if ch.spotter_n is None else -ch.spotter_n, ch.rate_hz, FORCE_CUTOFF_HZ)
    # faint: one band, as spotter_evidence.faint_lift (the caller keeps the last plateau only)
    thr = ch.band_n if faint else max(SPLIT_PUSH_MIN_N, SPLIT_PUSH_BANDS * ch.band_n)
    plats = (plateaus(d, thr, ch.rate_hz, unbridged_under=thr) if sign > 0
             else plateaus(-d, thr, ch.rate_hz, LIFT_MIN_S))
    # two plateaus between which the force stayed on the help's side of m*g (over half a band) are
    # one help that sagged (an uneven spotter's hand, 0.3-0.4 s) - the spotter never let go,
    # so no phase ended (as chunk_tops.lift_splits): read as two, the second had no phase before it
    # and the chunk's reps were dropped (explore 8037)
    merged: list[tuple[int, int]] = []
    for a, b in plats:
        if merged and bool(np.all(sign * d[merged[-1][1]:a] > 0.5 * ch.band_n)):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return v, dev, d, residual, merged


def _helps_result(reps: list[RepBounds], v: np.ndarray, residual: float, res: ChunkResult) -> ChunkResult:
    """The closing shared by pushes_only and lifts_only: the reps with the velocity re-zeroed
    at the chunk's end, or res where none was found."""
    return ChunkResult(reps, v - residual, residual) if reps else res


def _ramp_middle(d: np.ndarray, lo: int, s: int, e: int, ref: float, rising: bool) -> int:
    """Where the force crosses halfway from ref (the level beside the help) to the help's own
    level over the plateau s..e, searched back from the plateau to lo (rising: the help's
    ramp on) or on from it to lo (the ramp off). The spotter's ramps straddle the phase
    change (the help is on over the phase, a hand easing in or off for 0.1-0.7 s), so their
    middle is it - measured from the level beside the plateau, not from the chunk's, which a
    rest weighed over a braking or a hand leaves 5-15 N off."""
    mid = 0.5 * (ref + float(np.median(d[s:e])))
    if rising:
        before = np.flatnonzero(d[lo:s] * np.sign(mid) < abs(mid))
        i = lo + int(before[-1]) + 1 if before.size else lo
        inside = np.flatnonzero(d[i:e] * np.sign(mid) >= abs(mid))
        return i + int(inside[0]) if inside.size else i
    after = np.flatnonzero(d[e:lo] * np.sign(mid) < abs(mid))
    j = e + int(after[0]) if after.size else lo
    inside = np.flatnonzero(d[s:j] * np.sign(mid) >= abs(mid))
    return s + int(inside[-1]) + 1 if inside.size else j


def _unseen_phase(dev: np.ndarray, t: np.ndarray, a: int, b: int, mass_kg: float,
                  sign: float, band: float = 0.0) -> tuple[int, int] | None:
    """(start, end) of the untouched phase (sign +1: a raise, -1: a lowering) between two
    instants of zero velocity a and b (the bottom a push left and the top before the next
    push; the top a lift left and the bottom of the next lift): the integral of (F - m*g)/m
    over a..b re-zeroed at both ends (a level error, constant, removed), its hump from where
    it first reached ONSET_REL of its peak, walked back to zero, to where it last did,
    walked on to zero. None where that hump travels under MIN_TRAVEL_M (sway, not a phase:
    the guesses stand), or (band given: the force showed no phase) where the hump itself
    travels under MIN_TRAVEL_M or its launch and stop,
    m*SMOOTH_PEAK_ACC*D/T^2, would have stood out of the band - a grab's dip of 2 cm in 0.6 s
    on 114 kg is 37 N, which a band of 10-15 N shows: the force would have."""
    if b - a < 8:      # frames (80 ms at 10-ms frames): shorter than any phase, nothing to walk
        return None
    vs = cumtrapz(dev[a:b + 1], t[a:b + 1]) / mass_kg
    vs = sign * zeroed_at_end(vs)
    k = int(np.argmax(vs))
    peak = float(vs[k])
    if peak <= 0.0 or float(np.sum(np.maximum(vs, 0.0))) * float(t[1] - t[0]) < MIN_TRAVEL_M:
        return None
    on = np.flatnonzero(vs[:k + 1] < ONSET_REL * peak)
    i0 = int(on[-1]) if on.size else 0
    z0 = np.flatnonzero(vs[:i0 + 1] <= 0.0)
    start = int(z0[-1]) if z0.size else 0
    off = np.flatnonzero(vs[k:] < ONSET_REL * peak)
    i1 = k + (int(off[0]) if off.size else vs.size - 1 - k)
    z1 = np.flatnonzero(vs[i1:] <= 0.0)
    end = i1 + (int(z1[0]) if z1.size else 0)
    # walked to zero, or to where the speed stopped falling towards it for HOLD_MIN_S: only
    # the phase's launch and stop change the bar's speed, and at a still bar the integral
    # reads the level's bend (a bottom pause of 1 s rose to 3 mm/s on 142 kg and the raise
    # began at the release, 1-1.5 s early, wide 15789)
    w = max(2, int(HOLD_MIN_S / float(t[1] - t[0])))
    behind = -ahead_max(-vs[::-1], w)[::-1]              # min over the w samples before each
    low = np.flatnonzero(vs[start:i0 + 1] <= behind[start:i0 + 1])
    start = start + int(low[-1]) if low.size else start
    ahead = -ahead_max(-vs[i1:end + 1], w)               # min over the w samples after each
    low = np.flatnonzero(vs[i1:end + 1] <= ahead)
    end = i1 + int(low[0]) if low.size else end
    if start >= end:
        return None
    if band > 0.0:
        # the hump's own travel (the whole stretch's held a level error's bend: a grab's
        # 4-mm dip passed on it)
        travel = float(np.sum(np.maximum(vs[start:end], 0.0))) * float(t[1] - t[0])
        if travel < MIN_TRAVEL_M or mass_kg * SMOOTH_PEAK_ACC * travel / float(t[a + end] - t[a + start]) ** 2 >= band:
            return None
    return a + start, a + end


def pushes_only(ch: Chunk, res: ChunkResult) -> ChunkResult:
    """res, or - where it holds no rep - the pushed reps of a forced-negative chunk whose
    raises the force cannot show: one rep per push plateau (over SPLIT_PUSH_MIN_N and
    SPLIT_PUSH_BANDS bands for PUSH_MIN_S, as push_splits), on one plate; the caller has
    seen the spotter's net impulse downwards (spotter_evident, a gain: a push's).
    A light bar's slow raise (6 cm in 2.7 s on 139 kg: m*5.8*D/T^2 = 7 N, inside a 16-29-N
    band) integrated back from the top over a level error of a newton or two never reads
    MIN_RAISE_M_S, and the chunk gave no rep although the push (40 N for 5 s) stood clearly
    out of the sway - a set of 14 reps read 4. The push is the lowering, from its ramp on's
    middle to its ramp off's (_ramp_middle); the raise runs from there to the next push's
    start (or the chunk's end), unless the integral re-zeroed between those two still
    instants shows it (_unseen_phase). The raise is a guess and the lowering's edges are
    the push's, so the rep is UNSEEN_CONFIDENCE."""
    got = _help_plateaus(ch, res, 1.0) if ch.spotter_pushes else None
    if got is None:
        return res
    v, dev, d, residual, plats = got
    half = 0.5 * ch.band_n
    reps: list[RepBounds] = []
    for i, (s, e) in enumerate(plats):
        lo = plats[i - 1][1] if i else 0
        hi = plats[i + 1][0] if i + 1 < len(plats) else d.size
        before = np.flatnonzero(d[:s] <= half)
        es = int(before[-1]) + 1 if before.size else 0
        after = np.flatnonzero(d[e:] <= half)
        ee = e + (int(after[0]) if after.size else 0)
        if lo < s and e < hi:
            es = _ramp_middle(d, lo, s, e, float(np.median(d[lo:s])), True)
            ee = _ramp_middle(d, hi, s, e, float(np.median(d[e:hi])), False)
        if i + 1 < len(plats):
            nxt = np.flatnonzero(d[:plats[i + 1][0]] <= half)
            ce = int(nxt[-1]) if nxt.size else plats[i + 1][0]
            if e < hi:
                ce = min(ce, _ramp_middle(d, e, hi, plats[i + 1][1], float(np.median(d[e:hi])), True))
        else:
            ce = ch.t.size - 1
        cs = ee
        raise_ = _unseen_phase(dev, ch.t, ee, ce, ch.mass_kg, 1.0)
        if raise_ is not None:
            cs, ce = raise_
        if reps:
            es = max(es, reps[-1].con_end + 1)
        if not es < ee <= cs < ce:
            return res
        reps.append(RepBounds(es, ee, cs, ce, "force_levels", UNSEEN_CONFIDENCE, "lowering", False, True))
    return _helps_result(reps, v, residual, res)


def lifts_only(ch: Chunk, res: ChunkResult, faint: bool = False) -> ChunkResult:
    """The spotter-lifted reps of a chunk no rest closed (proof_spotter._unproven_helps:
    given up after MAX_CHUNK_S, or racked, with the spotter's net impulse upwards evident), on
    one plate: one rep per help plateau (under m*g by PUSH_MIN_N and PUSH_BANDS bands for
    LIFT_MIN_S, as chunk_tops.lift_splits). A light bar's slow lowering (8 cm in 8 s on 150 kg:
    m*5.8*D/T^2 = 1 N) never shows, so no rest after it is proven and the set was lost whole,
    although each help (25-40 N for 3 s) stands out of the sway. The raise runs from where the
    force last sat within half a band before the plateau to where it is back inside half a band
    after it (the release); the lowering, a guess, from the rep before (or the chunk's start)
    to the raise, unless the integral re-zeroed between those two still instants shows it
    (_unseen_phase). A dip whose force leaves the band upwards first after it (a braking hump
    giving back its momentum) is a lowering's unweighting, not a help: no rep then.
    faint: a chunk the rest test proved holds one lift before its top (a from-top chunk): a
    help one band under m*g (spotter_evidence.faint_lift), the last such plateau, is its rep."""
    got = _help_plateaus(ch, res, -1.0, faint)
    if got is None:
        return res
    v, dev, d, residual, plats = got
    if faint:
        plats = plats[-1:]
    half = 0.5 * ch.band_n
    reps: list[RepBounds] = []
    for i, (s, e) in enumerate(plats):
        nxt = plats[i + 1][0] if i + 1 < len(plats) else d.size
        out = np.flatnonzero(np.abs(d[e:nxt]) > ch.band_n)
        if out.size and float(d[e + int(out[0])]) > 0.0:
            return res
        before = np.flatnonzero(np.abs(d[:s]) <= half)
        cs = int(before[-1]) + 1 if before.size else 0
        after = np.flatnonzero(np.abs(d[e:nxt]) <= half)
        ce = min(e + (int(after[0]) if after.size else 0), d.size - 1)
        es = reps[-1].con_end + 1 if reps else 0
        ee = cs
        # from a top (faint or not): the force showed no lowering, so none it would show
        low = _unseen_phase(dev, ch.t, es, cs, ch.mass_kg, -1.0, ch.band_n if ch.from_top else 0.0)
        if low is not None:
            es, ee = low
        elif ch.from_top and ch.mass_kg * SMOOTH_PEAK_ACC * MIN_TRAVEL_M / max(
                float(ch.t[cs] - ch.t[es]), 1e-3) ** 2 >= ch.band_n:
            # no lowering of MIN_TRAVEL_M fits unseen before the lift (as
            # proof_spotter._grab_read_as_lowering): the "top" was a bottom pause
            return res
        if not es < ee <= cs < ce:
            return res
        reps.append(RepBounds(es, ee, cs, ce, "force_levels", UNSEEN_CONFIDENCE, "raising", False, False))
    # the helps found must carry the chunk's net impulse (the lifter's m*a sums to about
    # nothing between two still instants): else helps were missed and so were reps
    helps = -sum(float(np.sum(d[r.con_start:r.con_end])) for r in reps) / ch.rate_hz
    if helps < HELPS_SHARE * ch.mass_kg * -residual:
        return res
    return _helps_result(reps, v, residual, res)
