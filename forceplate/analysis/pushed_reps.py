"""Forced negatives on one plate: two pushed reps with no proven rest between them.

A spotter pushing down during the lowering makes the force integral useless there, and a
rest too short to prove by integration leaves two reps in one chunk, which the assisted
analysis would report as one long rep. The force *levels* still show each rep's structure
(phase-physics.md, "levels, not integrals"): a plateau above m*g while the spotter pushes
(seconds long), the bottom and the (unassisted) raise, whose stop at the top pulls the force
below m*g, then back near m*g at the top, where the lifter is momentarily still (v = 0),
before the next push. Each piece from top to top is then one assisted rep, its raise
integrated backwards from the top after it like any forced negative.

Spotter-lifted raises (forced positives, beyond-failure negatives) with a top too short or
swaying to be quiet are split the same way (chunk_tops.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from forceplate.analysis.assisted import LEVEL_REL_ERR, UNSEEN_CONFIDENCE, _assisted_rep
from forceplate.analysis.integrate import (
    Chunk,
    ChunkResult,
    RepBounds,
    chunk_velocity,
    rest_end_index,
)
from forceplate.analysis.motion import FORCE_CUTOFF_HZ
from forceplate.analysis.sigproc import bool_runs, cumtrapz, lowpass
from forceplate.units import G

PUSH_MIN_N = 25.0          # N, a push under this is not told from sway (as SPOTTER_MIN_N)
PUSH_BANDS = 3.0           # ... nor one under this many force bands
SPLIT_PUSH_MIN_N = 12.0    # N, a push that splits a chunk of pushed reps stands over this (the
                           # spotter plate's own help floor: sway of 1-12 N at 0.3-2 Hz) ...
SPLIT_PUSH_BANDS = 2.0     # ... and this many force bands for PUSH_MIN_S: a sway wave never does
                           # (the band is 4 SDs of a wave whose SD is 0.71 of its half-range, so
                           # sway stays under 0.35 bands); the chunk is already known to be pushed,
                           # and each piece must show a whole raise (RAISE_MIN_M). At 25 N and 3
                           # bands light pushes (15-25 N on 80-100 kg) merged two reps into one
PUSH_MIN_S = 1.0           # s, a pushed lowering is a plateau at least this long
PUSH_GAP_S = 0.3           # s, dips in a plateau shorter than this do not end it
SPLIT_CONFIDENCE = 0.45    # boundaries from levels, and a top that was never proven a rest
RAISE_MIN_M = 0.05         # m, each piece's raise must travel this far (not a dip in one push)
RAISE_GAP_S = 0.5          # s, the force back inside the band this long between two pushes: a
                           # raise (the shortest drawn is 0.5 s), not a sag of one push
HELPS_SHARE = 0.5          # share of an unproven lifted chunk's net impulse its help plateaus must
                           # carry (a level error of 0.1 % of the weight over 40 s leaves 0.4 m/s
                           # against the 0.5-1.5 m/s of each help: a rep's worth)
LIFT_MIN_S = 0.5           # s, a spotter's lift is a plateau at least this long (the shortest raise
                           # drawn; a lowering's unweighting is a third of the lowering)
LIFT_LOST_ERRS = 2.0       # a light lift loses this many level errors' velocity (LEVEL_REL_ERR of the
                           # weight) past the level error's own line from the bottom to the top
                           # (as spotter_evidence.LIFT_LEVEL_ERRS for a lift's whole residual)
LEVEL_RATE_MAX_REL = 0.01  # a level error is under this share of the weight (two rests further
                           # apart are two levels: spotter_evidence.MAX_LEVEL_ERR_REL)


def plateaus(d: np.ndarray, thr: float, rate_hz: float, min_s: float = PUSH_MIN_S,
             unbridged_under: float | None = None) -> list[tuple[int, int]]:
    """(start, end) of the stretches where the force stands over thr for min_s or longer.
    unbridged_under: a dip under -unbridged_under is never bridged (see push_splits)."""
    starts, ends = bool_runs(d > thr)
    gap = int(PUSH_GAP_S * rate_hz)
    merged: list[list[int]] = []
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        if merged and a - merged[-1][1] < gap and not (
                unbridged_under is not None and float(d[merged[-1][1]:a].min()) < -unbridged_under):
            merged[-1][1] = b
        else:
            merged.append([a, b])
    need = int(min_s * rate_hz)
    return [(a, b) for a, b in merged if b - a >= need]


def push_splits(d: np.ndarray, band: float, rate_hz: float) -> list[int]:
    """Tops between pushed reps: between two push plateaus (over SPLIT_PUSH_MIN_N and
    SPLIT_PUSH_BANDS bands for PUSH_MIN_S), after the last clear dip below m*g (the raise
    stopping), where the force is back near m*g; the split is halfway from there to where
    the next push rises out of the band. Without such a dip, the force back inside the band
    for RAISE_GAP_S between them is a raise too, cut where the next push rises. Empty when
    there is one rep."""
    thr = max(SPLIT_PUSH_MIN_N, SPLIT_PUSH_BANDS * band)
    # a dip under -thr is a raise's stop (m*5.8*D/T^2 under m*g: 600 N for 15 cm in 0.6 s on
    # 155 kg), never a push's sag, however short: bridged (PUSH_GAP_S), a fast raise's launch
    # hump joined the next push's plateau, the split fell at the raise's start and the piece
    # before it had no raise - two reps merged (wide 8709, forced negatives: 0.6-s raises)
    plats = plateaus(d, thr, rate_hz, unbridged_under=thr)
    splits: list[int] = []
    for (_, e0), (s1, _) in zip(plats, plats[1:], strict=False):
        # the raise's launch runs on from the push (one plateau); its stop at the top pulls
        # the force clearly below m*g, which no push does
        seg = d[e0:s1]
        dip = (seg < -thr).nonzero()[0]
        if dip.size == 0:
            # a light raise's stop (m*5.8*D/T^2: 8 N for 10 cm in 2.4 s on 84 kg) need not
            # dip under thr; but the push let go for a raise's length (RAISE_GAP_S, the
            # force back inside the band) is two pushes, cut where the next push rises
            # (the top, v = 0): each piece must still show a whole raise (split_pushed)
            inside = np.abs(seg) <= band
            if int(np.count_nonzero(inside)) < int(RAISE_GAP_S * rate_hz):
                continue                        # no raise between the pushes: one lowering
            rise = (seg <= 0.5 * band).nonzero()[0]
            splits.append(e0 + (int(rise[-1]) + 1 if rise.size else 0))
            continue
        last = int(dip[-1])
        back = (seg[last:] >= -0.5 * band).nonzero()[0]
        top = e0 + last + (int(back[0]) if back.size else 0)
        rise = (d[top:s1] <= 0.5 * band).nonzero()[0]
        nxt = top + (int(rise[-1]) + 1 if rise.size else 0)
        splits.append((top + nxt) // 2)
    return splits


def split_pushed(ch: Chunk, res: ChunkResult) -> ChunkResult:
    """res with its one pushed rep split where the force levels show several; else res. Each
    piece is integrated back from the top after it (an instant of zero velocity) and must
    rise RAISE_MIN_M."""
    def whole(r: RepBounds, vs: np.ndarray, t: np.ndarray) -> bool:
        return (float(cumtrapz(np.maximum(vs, 0.0), t)[-1]) if t.size > 1 else 0.0) >= RAISE_MIN_M
    return _split_one(ch, res, "lowering", push_splits, whole)


def _split_one(ch: Chunk, res: ChunkResult, assisted: str,
               find_cuts: Callable[[np.ndarray, float, float], list[int]],
               whole: Callable[[RepBounds, np.ndarray, np.ndarray], bool]) -> ChunkResult:
    """res with its one assisted rep (force levels) split at find_cuts' tops, each piece
    segmented on its own with the velocity valid on the side the spotter did not touch
    (forwards from the top before a lift, backwards from the top after a push); res itself
    where a piece fails to hold one whole rep (whole) - save where lifted pieces are left
    after that piece's cut is dropped."""
    if (len(res.reps) != 1 or res.reps[0].assisted != assisted
            or res.reps[0].source != "force_levels"):
        return res
    _, dev, _ = chunk_velocity(ch)
    d = lowpass(dev, ch.rate_hz, FORCE_CUTOFF_HZ)
    cuts = find_cuts(d, ch.band_n, ch.rate_hz)
    if not cuts:
        return res
    while True:
        got = _pieces(ch, dev, d, cuts, assisted, whole)
        if isinstance(got, ChunkResult):
            return ChunkResult(got.reps, got.velocity_m_s, res.residual_velocity_m_s)
        if assisted != "raising" or len(cuts) == 1:
            return res               # a piece without a whole rep: keep the safe answer
        # a lifted piece without its lowering began at no top: the force back at m*g between
        # two plateaus of one lift is a failing raise's hang (v = 0 part-way up, the spotter
        # then lifting), not the top - it belongs to the rep before (classic 2012: a lifted rep
        # with a 0.6-s hang in its raise and the next lifted rep read as one); the first
        # piece's cut is the one after it. (A hang is as still as a top, so two plateaus with
        # the force back at m*g between them are no sure sign of two reps: flagging the rep
        # where the pieces failed flagged 8 right reps of 10 on dev 8501-8510)
        del cuts[max(got - 1, 0)]


def _pieces(ch: Chunk, dev: np.ndarray, d: np.ndarray, cuts: list[int], assisted: str,
            whole: Callable[[RepBounds, np.ndarray, np.ndarray], bool]) -> ChunkResult | int:
    """The chunk's pieces between cuts, each read as one assisted rep (as _split_one), or the
    index of the first piece that holds none (or no whole one)."""
    edges = [0, *cuts, ch.t.size]
    v = np.empty(ch.t.size)
    reps = []
    for i, (a, b) in enumerate(zip(edges, edges[1:], strict=False)):
        vs = cumtrapz(dev[a:b], ch.t[a:b]) / ch.mass_kg
        if assisted == "lowering":
            vs -= vs[-1]
        got = _piece_rep(ch, d[a:b], vs, assisted, a)
        if assisted == "lowering" and (len(got) != 1 or not whole(got[0], vs, ch.t[a:b])):
            # no whole raise on the chunk's level: the raise re-zeroed between its own two
            # still instants (pushed_raise_levelled), from the bottom found, else the push's end
            lv = pushed_raise_levelled(d[a:b], vs, ch.t[a:b], ch.band_n, ch.rate_hz,
                                       got[0].ecc_end if len(got) == 1 else None)
            got_lv = _piece_rep(ch, d[a:b], lv, assisted, a)
            if len(got_lv) == 1 and whole(got_lv[0], lv, ch.t[a:b]):
                vs, got = lv, got_lv
                if b == ch.t.size:
                    # the last piece's top is the chunk's end, which may be a quiet cruise
                    # (v > 0, not the still instant the level assumes): its raise stays a guess
                    got = [replace(got[0], confidence=min(got[0].confidence, UNSEEN_CONFIDENCE))]
        v[a:b] = vs
        if len(got) != 1:
            return i
        r = got[0]
        conf = min(r.confidence, SPLIT_CONFIDENCE)
        if not whole(r, vs, ch.t[a:b]):
            if b < ch.t.size or assisted != "lowering":
                return i
            # the last piece of pushed reps: its raise integrated back from the chunk's end
            # reads short - the chunk ended before the top (a quiet cruise or braking taken
            # for it), or a raise the force cannot show (6 cm in 1.1 s on 137 kg read under
            # RAISE_MIN_M, wide 8243) - but the pieces before it are whole reps of their own:
            # kept merged, two reps read as one. The last one's raise is a guess
            # (UNSEEN_CONFIDENCE)
            conf = min(conf, UNSEEN_CONFIDENCE)
        reps.append(replace(r, ecc_start=r.ecc_start + a, ecc_end=r.ecc_end + a,
                            con_start=r.con_start + a, con_end=r.con_end + a, confidence=conf))
    return ChunkResult(reps, v, 0.0)


def pushed_plateau(ch: Chunk, d: np.ndarray, residual: float) -> bool:
    """Where the method's spotter pushes, a chunk that gained velocity (a push's impulse) and
    whose force (d, low-passed, N over the level) stands over the split threshold for
    PUSH_MIN_S: the push's plateau. Re-zeroing spreads a push centred in its chunk so that the
    unassisted reading "comes back" (the displacement error E*T*(t_after - t_before)/m
    cancels), and a 16-N push on 153 kg was read as the lifter's own rep, its lowering begun at
    the rest before, 1.4-1.7 s early (explore 8064)."""
    if not ch.spotter_pushes or residual <= 0.0:
        return False
    thr = max(SPLIT_PUSH_MIN_N, SPLIT_PUSH_BANDS * ch.band_n)
    return bool(plateaus(d, thr, ch.rate_hz))


def _piece_rep(ch: Chunk, d: np.ndarray, vs: np.ndarray, assisted: str, a: int) -> list[RepBounds]:
    """The one assisted rep of the piece of ch beginning at frame a (force d, velocity vs)."""
    return _assisted_rep(d, vs, [], d.size, ch.band_n, assisted, SPLIT_CONFIDENCE, ch.rate_hz,
                         ch.spotter_pushes, ch.raises_hang, ch.mass_kg,
                         rest_end_index(ch) if a == 0 else 0)     # (a piece begins at its cut)


def pushed_raise_levelled(d: np.ndarray, vs: np.ndarray, t: np.ndarray, band: float, rate_hz: float,
                          bottom: int | None) -> np.ndarray:
    """vs (m/s, integrated back from the piece's top, v = 0 at its end) with the level set so
    the raise also starts from v = 0 at the bottom (`bottom`; None: where the last push
    plateau falls back under the split threshold). From the bottom to the top the lifter moves
    the bar alone, between two instants of zero velocity, so the force's mean there is m*g: a
    level measured at the chunk's far rest is off by the plate's drift and a window's sway
    (0.5-2 N), which over the 3-6 s from the top back to the bottom bends a 2-cm/s raise to
    nothing (a 7-cm raise in 2.8 s on 87 kg read 0-4 cm, the pieces refused, three reps read
    as one: explore 8020). The same level holds for the whole piece."""
    if bottom is None:
        thr = max(SPLIT_PUSH_MIN_N, SPLIT_PUSH_BANDS * band)
        plats = plateaus(d, thr, rate_hz, unbridged_under=thr)
        if not plats:
            return vs
        bottom = plats[-1][1]
    if not 0 < bottom < vs.size - 1 or t[-1] - t[bottom] < RAISE_GAP_S:
        return vs
    return vs - float(vs[bottom]) * (t[-1] - t) / float(t[-1] - t[bottom])


def light_lift(ch: Chunk, res: ChunkResult) -> ChunkResult:
    """A chunk of a method whose spotter lifts (forced positives, beyond failure's negatives:
    F = m*(g + a) - E, E >= 0) that held no rep read as unlifted, on one plate, where it lost
    velocity as a lift loses it - from the bottom on, past a level error's line (lift_lost):
    one lifted rep on the force levels, a guess (UNSEEN_CONFIDENCE); else res. A help too
    light to tell from a level error by the chunk's whole impulse (33 N over a 0.6-s raise on
    157 kg: 0.13 m/s) left the chunk to the unassisted reading, whose re-zeroing spread the
    help's impulse over the whole chunk and bent the lowering away (explore 8009: the set's
    first rep lost). A raise shorter than a lift's plateau (LIFT_MIN_S) is none."""
    if (res.reps or ch.source != "force_integral" or ch.spotter_n is not None
            or res.residual_velocity_m_s >= 0.0):
        return res
    v, dev, residual = chunk_velocity(ch)
    d = lowpass(dev, ch.rate_hz, FORCE_CUTOFF_HZ)
    got = _assisted_rep(d, v, [], ch.t.size, ch.band_n, "raising", UNSEEN_CONFIDENCE, ch.rate_hz,
                        ch.spotter_pushes, ch.raises_hang, ch.mass_kg, rest_end=rest_end_index(ch))
    if not got or got[0].con_end - got[0].con_start < LIFT_MIN_S * ch.rate_hz or not lift_lost(ch, v, got[0].ecc_end, rest_end_index(ch)):
        return res
    return ChunkResult(got, v, residual)


def lift_lost(ch: Chunk, v: np.ndarray, bottom: int, rest_end: int = 0) -> bool:
    """Did the bar lose, from the bottom to the top rest at the chunk's end, velocity a
    spotter gave - past the line a level error draws? From rest to rest on the plate alone v
    is exact but for a level error d, a line -d*t/m; a spotter's lift E over the raise takes
    a further E*T_raise/m from the bottom on (the lifter's net force cannot give that impulse:
    the bar is still at both ends). The loss begins where v last peaked between the rest's end
    and the bottom found (`bottom`: a lift the force levels placed late still holds it), at
    v_b after t_b, which estimates the line (clipped to LEVEL_RATE_MAX_REL of g: two rests
    further apart are two levels); from there to the end, t_e later, v must fall
    LIFT_LOST_ERRS level errors (LEVEL_REL_ERR of the weight) under that line. A level error
    alone falls along it, a walk-out's shuffle gives back its own impulse: neither is a lift
    (by the lost velocity's sign alone both were: tests/test_analysis_lift_evidence.py)."""
    if not 0 <= rest_end < bottom < v.size - 1:
        return False
    b = rest_end + int(np.argmax(v[rest_end:bottom + 1]))
    if b == 0:
        return False
    t_b = float(ch.t[b] - ch.t[0])
    t_e = float(ch.t[-1] - ch.t[b])
    rate = min(max(float(v[b]) / t_b, -LEVEL_RATE_MAX_REL * G), LEVEL_RATE_MAX_REL * G)
    return float(v[-1] - v[b]) - rate * t_e < -LIFT_LOST_ERRS * LEVEL_REL_ERR * G * t_e
