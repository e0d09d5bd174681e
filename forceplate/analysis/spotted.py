"""Reps of a chunk in which a spotter plate measured the spotter acting (phase_source
`spotter_plate`).

F + E integrated is the bar's velocity in principle, but the spotter plate reads the spotter's
own sway too (their body mass times its acceleration: 1-12 N at 0.3-2 Hz). Integrated over a
seconds-long help that is a velocity error of A/(m*omega) - 0.05 m/s on a 70-kg lifter, as
large as a slow, short lift's whole speed - so a helped phase's boundaries cannot come from
that velocity. Two things are exact instead (phase-physics.md, "levels, not integrals" and
"integrate from the side the spotter does not touch"):
- the side the spotter did not touch, integrated from its own rest on the plate alone (E is 0
  there), as on one plate (assisted.py);
- the spotter's force switching on and off at the helped phase's changes: measured here, not
  guessed from a break in the plate force.
The rest test (proof.py) asks helped_came_back whether the untouched phase came back to rest
where the spotter's ramp overlaps it."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from forceplate.analysis.assisted import (
    LEVEL_REL_ERR,
    UNSEEN_CONFIDENCE,
    _assisted_rep,
    _hidden_onset,
)
from forceplate.analysis.came_back import came_back
from forceplate.analysis.force_edges import CAME_BACK_M_S
from forceplate.analysis.help_cuts import HELP_GAP_S, _merged, _top_cuts, help_edges
from forceplate.analysis.integrate import (
    CHUNK_PAD_S,
    SPOTTER_RAMP_S,
    Chunk,
    RepBounds,
    chunk_velocity,
    rest_end_index,
)
from forceplate.analysis.motion import MIN_TRAVEL_M, ONSET_REL, _start_of_hump, direction_runs
from forceplate.analysis.sigproc import bool_runs, cumtrapz
from forceplate.units import G

# --- thresholds ------------------------------------------------------------------------------
MOVED_BEFORE_REL = 0.25     # the bar rose (or sank) this share of the lowering's depth before the
                            # spotter acted: the lifter began the phase alone (a failing raise that
                            # stalled), so the help's edge is not the phase's start
HELP_OVERLAP_S = 1.0       # s, a spotter's help may overlap the untouched phase by its ramp (0.1-0.9 s)
                           # and the 0.15 s its frames are widened by: F + E is integrated over no
                           # more of the help than this (the spotter's sway in E adds up over it)
RAISE_LEVEL_ERRS = 2.0     # the raise after a push, integrated back from the top rest, must be faster
                           # than this many rest-level errors (LEVEL_REL_ERR) leave over its stretch
BRAKE_GAP_S = 0.2          # s, a braking hump this close after the lowering's end found is its own
HANG_HELP_S = 1.0           # s, a lift's help this soon after the rest before, with the bar not moved
                            # MIN_TRAVEL_M either way up to it, continues a hang: a lowering of
                            # MIN_TRAVEL_M done that fast peaks over 4 cm/s, which the integral from
                            # the rest shows (a level error of LEVEL_REL_ERR bends it 0.5 cm in 1 s)
SPOTTED_CONFIDENCE = 0.8    # boundaries of the helped phase from the measured help's edges
LIFT_TOP_GAP_S = 0.5        # s, the quiet run after a measured lift begins within this of the help's
                            # off edge (the middle of the spotter's 0.1-0.9 s ramp off, as the
                            # raise's braking fades: TOP_GAP_S of the rest test)
PAUSE_MIN_S = 0.3           # s, F + E at the level this long after a push's off edge: a bar still at the
                            # bottom (a ramp off's second half lasts 0.05-0.45 s, a bar still sinking
                            # brakes within it)
LIFT_MIN_S = 0.4            # s, a measured lift lasts at least this to be a raise's help (a raise
                            # lasts 0.5 s or more; a shorter excursion is the spotter's sway)


def spotted_reps(ch: Chunk, d_plate: np.ndarray) -> list[RepBounds] | None:
    """The reps of a chunk with measured helps (None: leave it to the generic path). Several
    helps of one sign (reps whose short top rests were not proven) are split at the top rest
    between them and each part taken as one rep (_one_help); a part whose untouched phase
    the force cannot show gives none."""
    assert ch.spotter_n is not None
    edges = _merged(help_edges(ch.spotter_n), max(1, int(round(HELP_GAP_S * ch.rate_hz))))
    if len(edges) == 1:
        return _one_help(ch, d_plate, edges[0])
    if len(edges) < 2 or len({e[2] for e in edges}) != 1:
        return None
    cuts = _top_cuts(edges, d_plate, ch.rate_hz, ch.band_n)
    if not cuts:
        return None
    out: list[RepBounds] = []
    for a, b, edge in zip([0, *cuts], [*cuts, ch.t.size], edges, strict=True):
        sub = replace(ch, t=ch.t[a:b], fk=ch.fk[a:b], spotter_n=ch.spotter_n[a:b],
                      rest_end=rest_end_index(ch) if a == 0 else 0)   # a piece begins at its cut
        reps = _one_help(sub, d_plate[a:b], (edge[0] - a, edge[1] - a, edge[2]))
        if not reps:
            continue
        out += [replace(rb, ecc_start=rb.ecc_start + a, ecc_end=rb.ecc_end + a,
                        con_start=rb.con_start + a, con_end=rb.con_end + a) for rb in reps]
    return out or None


def _one_help(ch: Chunk, d_plate: np.ndarray, edge: tuple[int, int, int]) -> list[RepBounds] | None:
    """The rep of a chunk with one measured help (None: leave it to the generic path). The
    untouched side as on one plate (assisted.py on the plate alone: the velocity integrated
    from that side's rest, the force break or humps around it), the helped phase's edges from
    the measured help where the bar had not yet moved on its own."""
    assert ch.spotter_n is not None
    on, off, sign = edge
    assisted = "raising" if sign > 0 else "lowering"
    plate = replace(ch, fk=ch.fk - ch.spotter_n)
    if ch.helped_levels_n is not None:
        # the plate's drift (0.05-0.1 N/s) weighed by the set's helped chunks' zero net
        # impulse of F + E (integrate.py), about this chunk's own (its mean F + E: it runs
        # from rest to rest). With one level from the rest windows, a 0.1-N/s drift left over
        # a 12-s chunk bent a 7-cm lowering on 114 kg by 10-20 cm: found 1-6 s late
        lv0, lv1 = ch.helped_levels_n
        mid = float(np.mean(ch.fk))
        plate = replace(plate, level0_n=mid - 0.5 * (lv1 - lv0), level1_n=mid + 0.5 * (lv1 - lv0))
    elif assisted == "raising":
        # no line yet (a set's first helped chunks): the chunk's own zero net impulse of F + E
        # (rest to rest) is its level, to E's sway over the help (a lift's 0.5-3 s: 1-6 N*s,
        # 0.1-0.5 N over the chunk), where a rest window's 0.2-1 s of sway is off by 0.5-1 N -
        # enough (2*m*D/T^2) to cancel a 13-cm lowering over 6.4 s on 146 kg: it was found as
        # 0.01-0.07 s at the help. Not for a push: its 3-8 s of help carry more of the
        # spotter's sway, and the raise after it is integrated back over 1-3 s only (with it,
        # a forced negative's bottom pause passed for the top and a rep was lost)
        mid = float(np.mean(ch.fk))
        plate = replace(plate, level0_n=mid, level1_n=mid)
    v, _, residual = chunk_velocity(plate)
    v_side = v if assisted == "raising" else v - residual   # from the untouched side's rest
    hid = ch.from_top and assisted == "raising"
    re = rest_end_index(ch)

    def split(v_side: np.ndarray) -> list[RepBounds]:
        return _assisted_rep(d_plate, v_side, direction_runs(v_side, ch.t, rel=0.0), ch.t.size, ch.band_n,
                             assisted, SPOTTED_CONFIDENCE, ch.rate_hz, rest_end=re, help_measured=True)

    reps = split(v_side)
    if reps and assisted == "raising" and 0 < on <= reps[0].ecc_start:
        # a lift's lowering comes before its help: one found from the help on is the plate
        # alone bending down by the help's E*T/m (0.16 m/s: 22 N over 1.2 s on 170 kg), into
        # which a slow lowering's run (1-2 cm/s) ran on as one. From the help on, F + E moves
        # the bar: the split again on the plate alone up to the help and on F + E from there
        v_fe, _, _ = chunk_velocity(replace(plate, fk=ch.fk))
        v_side = np.concatenate((v[:on], v[on] + v_fe[on:] - v_fe[on]))
        reps = split(v_side) or reps
    grab = _grab(ch.spotter_n, on)
    if reps and assisted == "raising" and reps[0].ecc_start >= grab > re + 1:
        # a lowering found from the help's first frame on is none: E is 0 before it, and the
        # level bent the untouched stretch so that it never came back (0.2 N over 6 s on 75 kg:
        # 0.015 m/s); the bar is still at the rest's end and the grab: v re-zeroed there
        v_side = v = v - float(v[grab] - v[re]) / float(ch.t[grab] - ch.t[re]) * (ch.t - ch.t[0])
        reps = split(v_side) or reps
    if not reps:
        return _unseen_lowering(ch, on, off) if assisted == "raising" else None
    if hid and reps[0].ecc_start >= grab and reps[0].ecc_end <= off and min(reps[0].ecc_end, on) > 0:
        # the chunk was rebuilt from a top because its lowering hid in that rest's quiet
        # (rests.py _from_top): a "lowering" found once the spotter holds the bar is the
        # grab's (a spotter lifts only a raise). The lowering lies before, up to the help.
        # Only inside the help: a bar still going down after it ended was not lifted by it
        # (review: the spotter plate's sway read as a 0.7-s help moved a sure lowering 2 s early)
        bottom = min(reps[0].ecc_end, on)
        reps = [replace(reps[0], ecc_start=min(_hidden_onset(v_side, bottom, ch.rate_hz), bottom - 1),
                        ecc_end=bottom, confidence=min(reps[0].confidence, UNSEEN_CONFIDENCE))]
    rb = reps[0]
    es, ee, cs, ce = rb.ecc_start, rb.ecc_end, rb.con_start, rb.con_end
    s = cumtrapz(v_side, ch.t)
    if assisted == "raising":
        # forwards from the rest before, exact up to the help: the bar at the bottom still?
        low = int(np.argmin(s[:on + 1])) if on > 0 else 0
        depth = -float(s[low])
        if 0 < on <= HANG_HELP_S * ch.rate_hz and float(np.max(np.abs(s[:on + 1]))) < MIN_TRAVEL_M:
            # the bar never moved before the help (exact there: E is 0, v from the rest
            # before), which came at once: the chunk began at a failing raise's hang proven
            # as a rest, and what the spotter lifts is the rest of that raise - no rep of its
            # own (it stays with the rep whose raise stalled)
            return []
        # a raise the lifter began alone slowed into its hang: the plate under the level
        # (its deceleration) before the spotter took hold; without that, a rise in the
        # integral is a level error bending a long lowering
        helped = np.flatnonzero(ch.spotter_n) if ch.spotter_n is not None else np.empty(0, int)
        helped = helped[helped >= low]          # this help's, not a sway blip's before the bottom
        first = int(helped[0]) if helped.size else on
        slowed = bool(np.any(d_plate[low:max(low, first)] < -ch.band_n))
        # where the raises can hang (beyond failure), a raise begun alone shows once the bar
        # is re-zeroed where the spotter takes hold (still at the hang): its start is then
        # the re-zeroed bottom, not the help's edge
        began = _began_alone(v_side, ch.t, _grab(ch.spotter_n, on)) if ch.raises_hang else None
        if began is not None and ee <= began < cs:
            cs = began
        if on > es and began is None and (float(s[on] - s[low]) <= MOVED_BEFORE_REL * max(depth, 1e-9)
                                      or not slowed):
            cs = on
            ee = min(ee, cs)
            # the lowering brakes (the plate over the level) until the bar stops: a braking
            # hump that starts where the end was found runs on to the bottom
            st, en = bool_runs(d_plate[ee:cs] > ch.band_n)
            if st.size and st[0] <= BRAKE_GAP_S * ch.rate_hz:
                ee = ee + int(en[0])
        if off > cs:
            ce = off
    else:
        # the bar still at the top before the push (integrated forwards from the rest before,
        # exact up to the push), against the raise's travel (backwards from the rest after,
        # exact from the push's end); and at the bottom when the push ends
        top_drop = -float(cumtrapz(v[:on + 1], ch.t[:on + 1])[-1]) if on > 0 else 0.0
        depth = float(np.max(s[off:]) - s[off]) if off < s.size else 0.0
        if top_drop <= MOVED_BEFORE_REL * max(depth, 1e-9):
            es = on
        rise = float(np.max(v_side[off:])) if off < v_side.size else 0.0
        # the velocity a rest-level error (LEVEL_REL_ERR of the weight) leaves at the push's
        # end, integrated back from the rest after: 2 N over a 4.5-s raise on 215 kg reads
        # 4 cm/s of sinking that is not there, against 1 cm/s of onset (the bottom was found
        # at the raise's sticking point, 1.9 s late, wide 8106)
        lvl_err_v = G * LEVEL_REL_ERR * float(ch.t[-1] - ch.t[min(off, ch.t.size - 1)])
        paused = _paused_after_push(d_plate + ch.spotter_n, off, ch.band_n, ch.rate_hz)
        if paused is not None and paused < ce:
            ee, cs = off, paused     # the bar still at the bottom from the push's end to the launch
        elif off < v_side.size and float(v_side[off]) >= -(ONSET_REL * rise + lvl_err_v):
            ee = min(off, cs)    # the bar no longer sinking on its own when the push ends
    if not es < ee <= cs < ce:
        es, ee, cs, ce = rb.ecc_start, rb.ecc_end, rb.con_start, rb.con_end
    return [replace(rb, ecc_start=es, ecc_end=ee, con_start=cs, con_end=ce, source="spotter_plate",
                    ecc_velocity_valid=True, con_velocity_valid=True)]


def _paused_after_push(d_fe: np.ndarray, off: int, band: float, rate_hz: float) -> int | None:
    """The raise's launch after a push that ended on a bar still at the bottom (None: no
    pause shown). F + E = m(g + a) holds through the spotter's ramp off (E measured there),
    so a still bar keeps F + E at the level from the push's off edge until the lifter
    launches (over the level). A bar still sinking when the push ends brakes at once (over
    the level within the ramp), and a raise already under way shows its launch there: no
    pause. The raise integrated back from the top rest on the plate alone cannot tell, since
    a level error over the raise and a 1-2-s pause bends it by more than the raise's onset."""
    hold = max(2, int(round(PAUSE_MIN_S * rate_hz)))
    if off + hold >= d_fe.size:
        return None
    launch = _start_of_hump(d_fe, off, d_fe.size, 1, band)
    if launch is None or launch - off < hold:
        return None
    return launch if bool(np.all(np.abs(d_fe[off:launch]) <= band)) else None


def _grab(e: np.ndarray, on: int) -> int:
    """The first frame of the measured help whose EDGE_LEVEL_REL edge is `on` (its frames are
    widened by the spotter's ramp: before it E is 0, and the plate alone is exact)."""
    held = np.flatnonzero(e[:on + 1] == 0.0)
    return int(held[-1]) + 1 if held.size else 0


def _began_alone(v: np.ndarray, t: np.ndarray, grab: int) -> int | None:
    """The bottom (frame) of a lift's chunk whose bar rose more than MOVED_BEFORE_REL of its
    depth before the help (None: it did not). The plate alone from the rest before (v) is
    exact up to the help's first frame `grab`, but for the level's error: 0.1 % of the weight
    bends it by g*0.001*T^2/2, 0.24 m over 7 s, as much as a stall's whole rise. The spotter
    takes hold of a still bar - at the bottom, or at a failing raise's hang - so v is zero at
    both ends of that stretch, and a level error (a line in v) is removed by re-zeroing v
    there: a rise left after that is the lifter's own (a stall rep's 35-60 % of the way up,
    found from the help as 2-5 s late, where the plain integral showed under a quarter) - a
    quarter of the depth, or a phase's distance (MIN_TRAVEL_M: a grind of 3.6 cm in 3.7 s
    after a 24-cm lowering, 15 %, started at the help 3.9 s late: wide 15821)."""
    if grab < 3:
        return None
    tt = t[:grab + 1]
    w = v[:grab + 1] - v[grab] * (tt - tt[0]) / max(float(tt[-1] - tt[0]), 1e-9)
    s = cumtrapz(w, tt)
    low = int(np.argmin(s))
    depth = -float(s[low])
    return low if float(s[-1] - s[low]) > min(MOVED_BEFORE_REL * max(depth, 1e-9), MIN_TRAVEL_M) else None


def _unseen_lowering(ch: Chunk, on: int, off: int) -> list[RepBounds] | None:
    """The rep of a chunk whose one measured lift the force shows no lowering before: a
    spotter lifts only a raise, the chunk begins at a top (a proven rest), and from a top the
    bar can only go down - so a lowering lies between, however faint (25 cm in 7 s on 50 kg
    deviates from m*g by m*5.8*D/T^2 = 1.5 N, inside any sway band). The raise is the
    measured help (on to off); the lowering's start is a guess - the end of the rest before
    (the chunk's lead-in, CHUNK_PAD_S) - and the rep's confidence UNSEEN_CONFIDENCE. Not
    where the lift comes within HANG_HELP_S of the chunk's start (a failing raise's hang
    taken for a rest: the spotter lifts the rest of that raise, no rep of its own), nor a
    help shorter than a raise (LIFT_MIN_S). Returning none lost every negative after a
    beyond-failure set's stall on light, short lifts (explore 8400: 3 reps of 3)."""
    lead = int(round(CHUNK_PAD_S * ch.rate_hz))
    if on - lead <= HANG_HELP_S * ch.rate_hz or off - on < LIFT_MIN_S * ch.rate_hz:
        return None
    return [RepBounds(lead, on, on, off, "spotter_plate", UNSEEN_CONFIDENCE, "raising",
                      False, True)]


def lifted_from_rest(ch: Chunk, i0: int) -> bool:
    """Did the chunk's one measured help lift the bar at once from the rest before (the help
    on within HANG_HELP_S of that rest's end, frame i0), the bar not moved MIN_TRAVEL_M before
    it? (The plate alone integrated from the rest: exact there, E is 0.) From a top the bar
    can only go down, and a spotter lifts only a raise: that rest was a failing raise's hang,
    or the bottom of a lowering the force could not show (5 cm in 8.5 s on 63 kg deviates
    from m*g by 0.25 N, inside any sway band) that the rest before swallowed - and a quiet run
    after the help is the top the spotter lifted the bar to."""
    if ch.spotter_n is None:
        return False
    edges = _merged(help_edges(ch.spotter_n), max(1, int(round(HELP_GAP_S * ch.rate_hz))))
    if len(edges) != 1 or edges[0][2] < 0:
        return False
    on = edges[0][0]
    if not 0 < on - i0 <= HANG_HELP_S * ch.rate_hz:
        return False
    v, _, _ = chunk_velocity(replace(ch, fk=ch.fk - ch.spotter_n))
    s = cumtrapz(v[:on + 1], ch.t[:on + 1])
    return float(np.max(np.abs(s))) < MIN_TRAVEL_M


def lift_ended_at(ch: Chunk, i0: int, i_quiet: int) -> bool:
    """Did the chunk's last measured help lift the bar (E > 0) and end into the quiet run that
    begins at frame i_quiet (within LIFT_TOP_GAP_S), after the rest before (frame i0) -
    not at once from it (lifted_from_rest: that rest was a hang)? A spotter lifts only a
    raise and lets go at its top (phase-physics.md), so that quiet run is the top, however
    little the lifter's own lowering showed: 7 cm in 8.7 s on 94 kg is 1.3 N off m*g, and
    the spotter's sway held over the 2.5-s help (a few N*s: 0.03 m/s in F + E) is as large
    as that raise's whole speed - a forced positive's every top was refused and a set lost."""
    if ch.spotter_n is None:
        return False
    edges = _merged(help_edges(ch.spotter_n), max(1, int(round(HELP_GAP_S * ch.rate_hz))))
    if not edges:
        return False
    on, off, sign = edges[-1]
    helped = np.flatnonzero(ch.spotter_n)
    return (sign > 0 and on > i0 and off - on >= LIFT_MIN_S * ch.rate_hz
            and int(helped[-1]) <= i_quiet + SPOTTER_RAMP_S * ch.rate_hz
            and 0 <= i_quiet - off <= LIFT_TOP_GAP_S * ch.rate_hz
            and not lifted_from_rest(ch, i0))


def helped_came_back(ch: Chunk, v_fe: np.ndarray, res_fe: float, residual: float) -> bool:
    """With a measured help: did the untouched phase come back to rest, integrated on F + E
    (the force that moves the bar) from the rest at its own end - back from the rest after a
    push, forwards from the rest before a lift - up to the help's far edge? Where there is no
    pause at the bottom the spotter's ramp off a push (or on to a lift: 0.1-0.9 s, and the
    help's frames are widened by its ramp) overlaps the untouched phase, so the plate alone
    from the help's edge starts mid-phase and never comes back (a forced negative with no
    pause at the bottom: 2 of 7 reps proven). Over the overlap E is measured, and the
    spotter's sway in it integrates over at most HELP_OVERLAP_S, not over the whole help."""
    if ch.spotter_n is None:
        return False
    helped = np.flatnonzero(ch.spotter_n)
    if not helped.size:
        return False
    over = max(1, int(round(HELP_OVERLAP_S * ch.rate_hz)))
    if residual > 0:
        lo = max(int(helped[0]), int(helped[-1]) + 1 - over)
        w = -(v_fe[lo:] - res_fe)[::-1]
        free = v_fe.size - int(helped[-1]) - 1
    else:
        w = v_fe[:min(int(helped[0]) + over, int(helped[-1]) + 1)]
        free = int(helped[0])
    # the phase itself must show where no help acts, faster than what a rest level off by
    # LEVEL_REL_ERR of the weight leaves over that stretch (RAISE_LEVEL_ERRS of them): a bottom
    # pause after a push (the spotter's last newtons, under the spotter plate's threshold,
    # still easing off) dipped 0.02-0.03 m/s over 1.6-3.3 s, a raise after a push 0.08-0.5 m/s
    if free <= 0:
        return False
    deep = CAME_BACK_M_S
    if residual > 0:
        deep = max(deep, RAISE_LEVEL_ERRS * G * LEVEL_REL_ERR * free / ch.rate_hz)
    return float(np.min(w[:free])) <= -deep and came_back(w)
