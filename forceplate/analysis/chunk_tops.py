"""A top inside a spotter-lifted chunk, before the spotter's first lift: the lifter's own reps
and a lifted one with no proven rest between them.

A top too short or too swaying to be quiet (0.3-0.5 s) between a lifter's own rep and the
lifted rep after it (beyond failure: the last rep before the failure and the first lifted
one) leaves both in one chunk, which the assisted reading takes for one lifted rep: the own
rep's lowering and a "raise" over both reps, seconds long. Up to the spotter's grab nobody
but the lifter touches the bar, so the force integrated forwards from the rest before is the
bar's velocity there (phase-physics.md: integrate from the side the spotter does not touch):
where it shows a whole rep - down a phase's distance and back to the top, the last run a
raise, the bar still - followed by a lowering before the grab, the bar stood at a top
between two reps. The chunk is cut at that top's hold, each piece segmented on its own (the
own reps from the integral, the lifted rep on the force levels).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from forceplate.analysis.integrate import Chunk, ChunkResult, RepBounds, chunk_velocity
from forceplate.analysis.motion import (
    EDGE_REL,
    FORCE_CUTOFF_HZ,
    MIN_TRAVEL_M,
    _gaps,
    _hold,
    direction_runs,
    zeroed_at_end,
)
from forceplate.analysis.pushed_reps import (
    LIFT_MIN_S,
    PUSH_BANDS,
    PUSH_MIN_N,
    _split_one,
    plateaus,
)
from forceplate.analysis.sigproc import bool_runs, cumtrapz, lowpass
from forceplate.analysis.spotter_evidence import MAX_LEVEL_ERR_REL
from forceplate.analysis.top_return import REZERO_TOP_REL, TOP_REL_S, drift_fixed, rezeroed_rep
from forceplate.analysis.unproven_helps import _unseen_phase
from forceplate.analysis.weigh import DRIFT_MAX_N_S
from forceplate.units import G

# --- thresholds ------------------------------------------------------------------------------
TOP_STILL_REL = 0.15       # the bar at a top moves under this share of the rep's peak speed, as
                           # integrated (proof.STILL_REL_V: over a few seconds from the rest
                           # before, a level error of LEVEL_REL_ERR leaves g*0.001*T, 0.03 m/s)
NEXT_DEPTH_REL = 0.5       # the lowering after a top goes down at least this share of the one
                           # before (the reps of a set share their travel); a failing raise's hang
                           # sinks only as the lifter gives way to the spotter's grab
LOWERING_BANDS = 2.0       # a lowering's unweighting and braking humps reach this many force
                           # bands out of m*g (a band is at least 4 robust SDs of the rest's frames:
                           # 8 SDs is no sway of a rest; at 3, explore 13000-13099 kept 3 stalled
                           # reps merged)
NEXT_MOMENTUM_REL = 0.5    # ... and each such lowering's unweighting takes at least this share of
                           # the strongest one's momentum (m*v_peak: the reps of a set share
                           # their tempo; a stalled rep's lowering is the lifter's own, at speed),
                           # and its braking gives back at least this share of it (it stopped)
HUMP_MIN_S = 0.1           # s, a hump out of the band shorter than this is no lowering's unweighting
                           # nor braking (a lowering of even 1 s spends more than this on each;
                           # a 2-band wiggle where the force crosses m*g is tremor or noise)
TOP_LEAD_S = 0.2           # s, the cut before such a lowering's unweighting leaves the band: on
                           # the still bar at the top, never before the force was last out of the
                           # band there (0 traded a lifted rep each way on explore 13000-13099)
TOP_CONFIDENCE = 0.45      # reps of a chunk cut at a top that was never proven a rest
                           # (pushed_reps.SPLIT_CONFIDENCE): "look again"


def split_own_reps(ch: Chunk, res: ChunkResult, segment: Callable[[Chunk], ChunkResult]) -> ChunkResult:
    """res with its one spotter-lifted rep split where the bar, integrated forwards from the rest
    before, stood at a top before the spotter's first lift; else res. segment: how a piece
    is read (segment.py's chain for a chunk). Each piece must give reps: the pieces before a
    top the lifter's own (unassisted), the last one lifted."""
    if (len(res.reps) != 1 or res.reps[0].assisted != "raising" or res.reps[0].source != "force_levels"
            or ch.source != "force_integral" or ch.spotter_n is not None):
        return res
    v, dev, _ = chunk_velocity(ch)
    d = lowpass(dev, ch.rate_hz, FORCE_CUTOFF_HZ)
    grab = _first_grab(d, ch.band_n, ch.rate_hz)
    cut = None if grab is None else _top_before(ch, v, d, grab)
    if cut is None and grab is not None:
        cut = _lowering_top(d, grab, ch.band_n, ch.rate_hz)
    weak = False
    if cut is None and grab is not None:
        # a second lowering whose braking stays under LOWERING_BANDS: weaker evidence, so
        # taken only where both pieces read as reps (unread, nothing is flagged for it: the
        # flag newly marked right reps on dev 7001-7008 and classic 1-3)
        cut = _lowering_top(d, grab, ch.band_n, ch.rate_hz, long_braking=True)
        weak = cut is not None
    if cut is None:
        return _flagged(res) if _raise_in_hold(ch, dev, res.reps[0]) else res
    own, lifted = _pieces(ch, dev, cut)
    first = segment(own)
    if not first.reps or any(r.assisted != "none" for r in first.reps):
        # read again with its level and drift fitted to its two still ends (_own_levelled):
        # the chunk's levels may be off by the line's error, which over a grinding rep and a
        # top held for seconds bends the own reps out of the integral
        first = segment(_own_levelled(own))
    rest = split_own_reps(lifted, segment(lifted), segment)
    if (not first.reps or any(r.assisted != "none" for r in first.reps)
            or not rest.reps or rest.reps[-1].assisted != "raising"):
        if weak:
            return _flagged(res) if _raise_in_hold(ch, dev, res.reps[0]) else res
        return _flagged(res)           # a piece without its reps: keep the safe answer, flagged
    reps = [replace(r, confidence=min(r.confidence, TOP_CONFIDENCE)) for r in first.reps]
    reps += [replace(r, ecc_start=r.ecc_start + cut, ecc_end=r.ecc_end + cut,
                     con_start=r.con_start + cut, con_end=r.con_end + cut,
                     confidence=min(r.confidence, TOP_CONFIDENCE)) for r in rest.reps]
    # each piece's velocity from its own ends (the top between them: v = 0)
    vel = np.concatenate((first.velocity_m_s[:cut], rest.velocity_m_s))
    return ChunkResult(reps, vel, res.residual_velocity_m_s)


def _flagged(res: ChunkResult) -> ChunkResult:
    """res with its reps at most TOP_CONFIDENCE: the bar stood at a top between two reps (the
    integral before the grab shows it), but the pieces did not each read as reps - the one rep
    given is two reps' worth, and the coach is told to look again rather than shown it as sure."""
    return ChunkResult([replace(r, confidence=min(r.confidence, TOP_CONFIDENCE)) for r in res.reps],
                       res.velocity_m_s, res.residual_velocity_m_s)


def _raise_in_hold(ch: Chunk, dev: np.ndarray, r: RepBounds) -> bool:
    """Did the bar, over the lifted rep's "hold at the bottom" (its lowering's end to its
    raise's start: before the spotter's grab, the lifter's alone), go back up to a top? Both
    ends are still instants, so the force integrated between them and re-zeroed at both (a
    level error removed, as unproven_helps._unseen_phase) is the bar's velocity there. A raise
    in it back up all but TOP_REL_S of the lowering's depth (and MIN_TRAVEL_M) reached a top
    - a failing raise's hang stalls part-way (half the depth, wide 8003) - so the rep given
    is two or more reps' worth (wide 8013: a 27-N band, no help 3 bands out of it, 4 reps
    read as one at 0.5 with an 8-s "hold")."""
    if _unseen_phase(dev, ch.t, r.ecc_end, r.con_start, ch.mass_kg, 1.0) is None:
        return False

    def travel(a: int, b: int, sign: float) -> float:
        """m the bar moved (sign +1 up, -1 down) from still a to still b, re-zeroed at both."""
        vs = cumtrapz(dev[a:b + 1], ch.t[a:b + 1]) / ch.mass_kg
        vs = sign * zeroed_at_end(vs)
        return float(np.sum(np.maximum(vs, 0.0))) / ch.rate_hz
    depth = travel(r.ecc_start, r.ecc_end, -1.0)
    return travel(r.ecc_end, r.con_start, 1.0) >= max(MIN_TRAVEL_M, (1.0 - TOP_REL_S) * depth)


def _first_grab(d: np.ndarray, band: float, rate_hz: float) -> int | None:
    """Where the spotter's first lift begins: the force last inside EDGE_REL of the band before
    the first lift plateau (lift_plateaus: not a lowering's unweighting, whose braking gives
    its momentum back); None without one."""
    plats = lift_plateaus(d, band, rate_hz)
    if not plats:
        return None
    s = plats[0][0]
    inside = np.flatnonzero(d[:s] >= -EDGE_REL * band)
    return int(inside[-1]) if inside.size else None


def _top_before(ch: Chunk, v: np.ndarray, d: np.ndarray, grab: int) -> int | None:
    """The first top before `grab` (v integrated forwards from the rest before, the bar's up to
    there): the end of a phase-sized raise where the velocity re-zeroed from the rest before
    shows a whole rep (top_return.rezeroed_rep) and the bar, as integrated, is still
    (TOP_STILL_REL of the peak), followed before the grab by a lowering as deep as a rep's
    (NEXT_DEPTH_REL of the one before: a failing raise's hang stops part-way up too, but
    the spotter's lift follows it, at most after a sag). The cut is the middle of the hold where the raise's braking and the lowering's
    unweighting are both back inside the band (or the instant between them); None if none."""
    t = ch.t
    runs = direction_runs(v[:grab], t[:grab])
    peak = float(np.max(np.abs(v[:grab]))) if grab else 0.0
    for i in range(1, len(runs) - 1):
        down, up, nxt = runs[i - 1], runs[i], runs[i + 1]
        if not (down.sign < 0 < up.sign and nxt.sign < 0):
            continue
        # the top's hold: between the raise's braking and the lowering's unweighting, both
        # humps under m*g, where the force is back inside the band (else the instant between)
        lo, hi = up.peak, nxt.peak
        gaps = _gaps(d, lo, hi, ch.band_n, 2)
        a, b = _hold(d, max(gaps, key=lambda g: g[1] - g[0]), ch.band_n) if gaps else (up.end, up.end)
        cut = (a + b) // 2
        if cut <= up.peak or cut >= nxt.peak:
            continue
        if abs(float(v[cut])) > TOP_STILL_REL * peak:
            continue
        if not rezeroed_rep(v[:cut + 1], float(v[cut]), t[:cut + 1], REZERO_TOP_REL):
            continue
        if _travel(v, t, cut, nxt.end) < max(MIN_TRAVEL_M, NEXT_DEPTH_REL * _travel(v, t, down.start, up.start)):
            continue
        return cut
    return None


def _humps(d: np.ndarray, lo: int, hi: int, band: float,
           bands: float = LOWERING_BANDS) -> list[tuple[int, int, int, float]]:
    """The force's humps out of the band in d[lo:hi] that reach `bands` bands:
    (start, end, sign, impulse in N*frames, positive)."""
    out = []
    for sign in (-1, 1):
        starts, ends = bool_runs(sign * d[lo:hi] > band)
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
            seg = sign * d[lo + a:lo + b]
            if float(seg.max()) >= bands * band:
                out.append((lo + a, lo + b, sign, float(seg.sum())))
    return sorted(out)


def _lowering_top(d: np.ndarray, grab: int, band: float, rate_hz: float,
                  long_braking: bool = False) -> int | None:
    """The top before the last lowering the force shows before the spotter's first lift, where
    the force shows another before it and the integral has drifted too far to show the top
    between them (a grinding raise of 4-6 s before a stalled rep: a level error of 1 N on
    136 kg is 0.07 m/s after 10 s, more than the creep's speed, wide 13002). A lowering, and
    only a lowering, takes momentum first and gives it back after: an unweighting hump under
    m*g followed by a braking hump over it (a raise's launch comes first and its braking
    after; the grab is under m*g alone). Humps under HUMP_MIN_S are dropped first. Two such
    pairs each NEXT_MOMENTUM_REL of the strongest unweighting (paired or not) are two lowerings: the bar stood at a top before the last. The cut is
    TOP_LEAD_S before its unweighting rises out of EDGE_REL of the band, but not before the
    force was last out of the band there. None if fewer than two. long_braking: a braking
    hump need only leave the band (below)."""
    humps = [h for h in _humps(d, 0, grab, band) if h[1] - h[0] >= HUMP_MIN_S * rate_hz]
    # the strongest unweighting: every hump under m*g the force rises straight out of, paired
    # or not (a wiggle at a lowering's crossing must not make two micro-pairs the measure)
    unweights = [j0 for (_, _, sg0, j0), (_, _, sg1, _) in zip(humps, humps[1:], strict=False)
                 if sg0 < 0 < sg1]
    if not unweights:
        return None
    strongest = max(unweights)
    kept = [s0 for (s0, _, sg0, j0), (_, _, sg1, j1) in zip(humps, humps[1:], strict=False)
            if sg0 < 0 < sg1 and j1 >= NEXT_MOMENTUM_REL * j0 and j0 >= NEXT_MOMENTUM_REL * strongest]
    if len(kept) < 2 and long_braking:
        # a braking that gives the momentum back over longer, under LOWERING_BANDS but out of
        # the band (the stalled rep's stop running into its failing raise: 12 cm in 2.5 s on
        # 141 kg brakes with ~16 N against a 16-N band, wide 15228): the unweighting still
        # reaches LOWERING_BANDS and the braking gives back NEXT_MOMENTUM_REL of it
        low = [h for h in _humps(d, 0, grab, band, 1.0) if h[1] - h[0] >= HUMP_MIN_S * rate_hz]
        kept = [s0 for (s0, e0, sg0, j0), (_, _, sg1, j1) in zip(low, low[1:], strict=False)
                if sg0 < 0 < sg1 and j1 >= NEXT_MOMENTUM_REL * j0 and j0 >= NEXT_MOMENTUM_REL * strongest
                and -float(np.min(d[s0:e0])) >= LOWERING_BANDS * band]
    if len(kept) < 2:
        return None
    prev, s0 = kept[-2], kept[-1]
    inside = np.flatnonzero(d[prev:s0] >= -EDGE_REL * band)
    if not inside.size:
        return None
    edge = prev + int(inside[-1])
    out = np.flatnonzero(np.abs(d[prev:edge]) > band)
    quiet = prev + (int(out[-1]) + 1 if out.size else 0)
    return max(quiet, edge - int(TOP_LEAD_S * rate_hz))


def _travel(v: np.ndarray, t: np.ndarray, a: int, b: int) -> float:
    """How far (m) the bar went down from a to b, integrated as it stands."""
    if b - a < 2:
        return 0.0
    s = np.cumsum(v[a:b]) * float(t[1] - t[0])
    return -float(np.min(s))


def _pieces(ch: Chunk, dev: np.ndarray, cut: int) -> tuple[Chunk, Chunk]:
    """The chunk cut in two at frame `cut`: each piece keeps the chunk's baseline (its levels at
    the cut read off the line between the two rests), the second starting at the top."""
    base = ch.fk[cut] - dev[cut]
    own = replace(ch, t=ch.t[:cut + 1], fk=ch.fk[:cut + 1], level1_n=float(base),
                  position_m=None, velocity_m_s=None, spotter_n=None)
    lifted = replace(ch, t=ch.t[cut:], fk=ch.fk[cut:], level0_n=float(base),
                     position_m=None, velocity_m_s=None, spotter_n=None, rest_end=0)
    return own, lifted


def _own_levelled(own: Chunk) -> Chunk:
    """The piece before the cut with a level error and a drift removed (top_return.drift_fixed:
    velocity and displacement back to zero at its end). It runs from the rest before to the
    still bar at the top before the stalled rep's lowering: two instants of zero velocity at
    the lockout height (lockouts a centimetre or two apart), with nobody but the lifter on
    the bar in between. The line through the set's proven chunks, extrapolated over a piece
    that begins with a top held for seconds, was 0.5 N off at its start and the plate's
    coloured noise moved the level 0.3 N more within it (wide 15228: 141 kg, 15 s, the 12-cm
    rep read 27 cm deep and no rep found). The fit's error must stay a level's:
    MAX_LEVEL_ERR_REL of the weight, and no faster than the plate drifts (DRIFT_MAX_N_S)."""
    fixed = drift_fixed(own, MAX_LEVEL_ERR_REL * own.mass_kg * G, DRIFT_MAX_N_S)
    return own if fixed is None else replace(fixed, level_weighed=False, level_se_n=0.0)


def lift_splits(d: np.ndarray, band: float, rate_hz: float) -> list[int]:
    """Tops between spotter-lifted reps: between two help plateaus (below m*g by PUSH_MIN_N
    or PUSH_BANDS bands for LIFT_MIN_S), halfway from where the force is back near m*g after
    the first (the release) to where it last left the band downwards before the second (the
    next lowering's unweighting, or the lift itself after a lowering the force cannot see).
    Empty when there is one rep."""
    plats = lift_plateaus(d, band, rate_hz)
    splits: list[int] = []
    for (_, e0), (s1, _) in zip(plats, plats[1:], strict=False):
        seg = d[e0:s1]
        back = (seg >= -0.5 * band).nonzero()[0]
        if back.size == 0:
            continue                            # never back at m*g: one help that dipped
        top = e0 + int(back[0])
        out = (d[top:s1] >= -band).nonzero()[0]
        nxt = top + (int(out[-1]) + 1 if out.size else 0)
        # the next lowering: it must go down out of the band before the next lift (its
        # unweighting), or the two plateaus are one lift that dipped
        first_out = (d[top:nxt] < -band).nonzero()[0]
        low = top + (int(first_out[0]) if first_out.size else nxt - top)
        splits.append((top + low) // 2)
    return splits


def lift_plateaus(d: np.ndarray, band: float, rate_hz: float) -> list[tuple[int, int]]:
    """The spotter's lifts: plateaus under m*g by PUSH_MIN_N or PUSH_BANDS bands for LIFT_MIN_S
    whose impulse is not all given back before the next one (or the end). A heavy, long
    lowering's unweighting is such a plateau too (m*5.8*D/T^2: 45 N for 62 cm in 4.7 s on
    275 kg, 0.7 s long), but its braking gives back all the momentum the unweighting took -
    more than the plateau's part of it - before the next lift; a lift's own braking is in
    its plateau, and what comes back before the next is that raise's launch, short of the
    help's impulse plus the braking (wide 8006: two lifted reps read as one, an unweighting
    having cut the chunk into pieces without a rep)."""
    plats = plateaus(-d, max(PUSH_MIN_N, PUSH_BANDS * band), rate_hz, LIFT_MIN_S)
    imp = np.cumsum(d)
    out = []
    for i, (s, e) in enumerate(plats):
        nxt = plats[i + 1][0] if i + 1 < len(plats) else d.size
        if float(np.max(imp[e - 1:nxt]) - imp[e - 1]) < float(imp[s] - imp[e - 1]):
            out.append((s, e))
    return out


def split_lifted(ch: Chunk, res: ChunkResult) -> ChunkResult:
    """res with its one spotter-lifted rep split where the force levels show several; else
    res. Each piece must hold a whole lifted rep whose lowering, integrated forwards from the
    top before it (an instant of zero velocity), went MIN_TRAVEL_M down."""
    def whole(r: RepBounds, vs: np.ndarray, t: np.ndarray) -> bool:
        low = zeroed_at_end(vs[:r.ecc_end + 1])
        return float(np.min(cumtrapz(low, t[:r.ecc_end + 1]))) <= -MIN_TRAVEL_M
    return _split_one(ch, res, "raising", lift_splits, whole)
