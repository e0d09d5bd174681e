"""Evidence that a spotter acted, for the rest test (proof.py) and segmentation: an impulse
too large for a level error, the force's step down where a spotter took load, a failing
raise's hang ended by the spotter's lift, and the plateau of a spotter carrying the bar."""

from __future__ import annotations

import numpy as np

from forceplate.analysis.assisted import LEVEL_REL_ERR, lowered_then_lifted
from forceplate.analysis.came_back import came_back
from forceplate.analysis.force_edges import BREAK_DIP_BANDS, STEP_MIN_S
from forceplate.analysis.integrate import Chunk, rest_end_index
from forceplate.analysis.motion import EDGE_REL, FORCE_CUTOFF_HZ, MIN_TRAVEL_M, zeroed_at_end
from forceplate.analysis.pushed_reps import LIFT_MIN_S, PUSH_BANDS, PUSH_MIN_N, plateaus
from forceplate.analysis.sigproc import cumtrapz, lowpass
from forceplate.units import G

# --- thresholds ------------------------------------------------------------------------------
ASSISTED_V_M_S = 0.2       # m/s, |residual velocity| over a chunk above this: a spotter acted
MAX_LEVEL_ERR_REL = 0.01   # two rests within this share of the weight count as one level
LIFT_LEVEL_ERRS = 2.0      # a lift the force break shows: its residual over this many level errors
                           # (a rest level is known to LEVEL_REL_ERR of the weight)
LINE_ERR_N = 0.3           # N, a level weighed by the set's proven reps (zero net impulse from
                           # rest to rest) is off by this, plus its line's standard error
FAINT_LIFT_SHARE = 0.7     # a faint lift's plateau (one band under m*g) lost this share of the
                           # chunk's residual: a level error loses it evenly over the chunk (a
                           # 2-s plateau in an 8-s chunk holds a quarter of it), a lift in one go
HID_DEPTH_SHARE = 0.5      # a lift's chunk whose lowering shows under this share of the measured
                           # rise began mid-lowering: the bar comes back to its lockout within a
                           # few cm (LOCKOUT_SPREAD_M), so the rest before hid the rest of it
HANG_LIFT_S = 0.5          # s, a hang's quiet ends as the spotter's lift begins: the force leaves
                           # the band downwards within this (a lowering first takes seconds)
ONE_GO_SHARE = 1.0 / 3.0   # a lift's impulse comes within this share of its chunk (raise 1-3 s of a
                           # 6-12-s chunk); a level error's is spread evenly over it
SWAYED_TOP_S = 0.8         # s, the force inside the band this long after a lift: the top held
                           # (as MASS_CHANGE_S: a failing raise does not hang that long unhelped)


def spotter_evident(ch: Chunk, residual: float) -> bool:
    """Is the chunk's impulse too large for a level error? A spotter's help leaves -E*T/m of
    velocity at the rest after the rep; a rest level off by d newtons leaves d*T/m. Where the
    method has a spotter, anything over ASSISTED_V_M_S counts; where it has none (normal,
    slow negatives), only what no level error that still passes as one rest level (within
    MAX_LEVEL_ERR_REL of the weight) could leave - a slow, heavy lift's weighing error is
    not a spotter."""
    if abs(residual) <= ASSISTED_V_M_S:
        return False
    if ch.spotter_expected:
        return True
    return abs(residual) > G * MAX_LEVEL_ERR_REL * float(ch.t[-1] - ch.t[0])


def spotter_shown(ch: Chunk, v: np.ndarray, dev: np.ndarray, residual: float) -> bool:
    """spotter_evident, or - on one plate, where the method has a spotter - a smaller lift
    that the force itself shows: the step down where the spotter took load after a whole
    lowering (lowered_then_lifted), with the velocity lost after that break (the spotter's
    help leaves -E*T_con/m) over LIFT_LEVEL_ERRS times what a rest level off by
    LEVEL_REL_ERR of the weight leaves over that stretch. A light spotter on a heavy, slow
    lifter (20 N over 1.5 s on 170 kg: 0.18 m/s) is under ASSISTED_V_M_S, but its step down
    stands out of the sway."""
    if spotter_evident(ch, residual):
        return True
    if not (ch.spotter_expected and ch.source == "force_integral" and ch.spotter_n is None):
        return False
    # a level weighed by the set's proven reps is known far better than a rest window's:
    # to LINE_ERR_N plus the line's own standard error (a 40-N help on 203 kg over a 1-s
    # raise leaves 0.15 m/s, under two rest-window errors over a 10-s chunk, 0.2 m/s, and
    # the set's last negative was lost) - where the chunk did lose velocity overall, as a
    # lift leaves it (a push leaves a gain: with the smaller error a bottom pause after a
    # normal lowering passed for the rest after a "pushed" rep)
    err_n = (LINE_ERR_N + ch.level_se_n if ch.level_weighed and residual < 0.0
             else LEVEL_REL_ERR * ch.mass_kg * G)
    # the velocity lost after the break is v[-1] - v[break]: a level error gathers into it only
    # over that stretch (d*T_after/m), not over the whole chunk - a 14-N help over a 1.1-s raise
    # on 153 kg (0.1 m/s) after a 5-s lowering stood under two errors over the 10-s chunk, and
    # every other top of a clean plate's set was refused (wide 13154: 12 of 20 reps). Not where
    # raises hang: a failing raise's own grind under m*g loses as much after its launch (a
    # beyond-failure set lost a rep, wide 8008), and the whole chunk's bar stays there
    rate = LIFT_LEVEL_ERRS * err_n / ch.mass_kg
    if ch.raises_hang or not ch.spotter_lifts:
        return lowered_then_lifted(ch, v, dev, rate * (float(ch.t[-1] - ch.t[0]) if ch.t.size else 0.0))
    return lowered_then_lifted(ch, v, dev, lift_per_s=rate)


def went_down(v: np.ndarray, residual: float, t: np.ndarray) -> bool:
    """Did the bar, with the velocity re-zeroed linearly, go down at least MIN_TRAVEL_M below
    where it started (a whole lowering, not a level error's creep up by a lockout's height)?"""
    duration = max(float(t[-1] - t[0]), 1e-9)
    s = cumtrapz(v - residual * (t - t[0]) / duration, t)
    return bool(s.size) and -float(np.min(s)) > MIN_TRAVEL_M


def lifted_at_once(ch: Chunk, dev: np.ndarray, i0: int) -> bool:
    """Does the force leave the band at frame i0 (the end of the rest before) straight into the
    spotter's lift - downwards, within HANG_LIFT_S, by BREAK_DIP_BANDS bands and for STEP_MIN_S
    (the spotter carrying part of the load)? A hang's quiet ends that way; a top's ends in a
    lowering, which takes seconds before any lift."""
    d = lowpass(dev, ch.rate_hz, FORCE_CUTOFF_HZ)[i0:]
    out = np.flatnonzero(np.abs(d) > ch.band_n)
    if out.size == 0 or d[out[0]] > 0 or out[0] > HANG_LIFT_S * ch.rate_hz:
        return False
    j = int(out[0])
    back = np.flatnonzero(d[j:] >= -ch.band_n)
    dip = d[j:j + (int(back[0]) if back.size else d.size - j)]
    return dip.size >= STEP_MIN_S * ch.rate_hz and float(dip.min()) <= -BREAK_DIP_BANDS * ch.band_n


def lift_plateau(ch: Chunk, dev: np.ndarray) -> bool:
    """Does the force stand under m*g by PUSH_MIN_N or PUSH_BANDS bands for LIFT_MIN_S - a
    spotter carrying part of the load over a raise (a lowering's unweighting is briefer)?"""
    d = lowpass(dev, ch.rate_hz, FORCE_CUTOFF_HZ)
    return bool(plateaus(-d, max(PUSH_MIN_N, PUSH_BANDS * ch.band_n), ch.rate_hz, LIFT_MIN_S))


def faint_lift(ch: Chunk, dev: np.ndarray, residual: float) -> bool:
    """A lift too light for lift_plateau (13-16 N of help on 130-150 kg, under PUSH_MIN_N):
    the force stands a band under m*g for LIFT_MIN_S, and that last stretch lost
    FAINT_LIFT_SHARE of the chunk's residual (residual < 0) - the spotter's impulse, given in
    one go over the raise, where a level error's would be spread evenly over the chunk."""
    if residual >= 0.0:
        return False
    d = lowpass(dev, ch.rate_hz, FORCE_CUTOFF_HZ)
    plats = plateaus(-d, ch.band_n, ch.rate_hz, LIFT_MIN_S)
    if not plats:
        return False
    a, b = plats[-1]
    lost = -float(np.sum(d[a:b])) / ch.rate_hz / ch.mass_kg
    return lost >= FAINT_LIFT_SHARE * -residual


def lift_in_one_go(ch: Chunk, dev: np.ndarray, residual: float) -> bool:
    """A lift the plateaus miss, where the help wobbles through a wide band (the spotter's own
    sway, 10-20 N, on a 27-N band of a swaying heavy plate): the chunk lost (residual < 0)
    FAINT_LIFT_SHARE of its residual over its last ONE_GO_SHARE - the lift straight before
    the top. A level error loses it evenly over the chunk, so ONE_GO_SHARE of it there; an
    earlier lift with a top after it too short to be quiet is another rep, left for the
    split of helps (wide 8420); sway (m*A*(2*pi*f)^2 at 1-1.5 Hz) integrates to under 1 N*s
    either way, against 20-40 N*s of help."""
    if residual >= 0.0 or ch.t.size < 8:
        return False
    k = max(1, int(ONE_GO_SHARE * (ch.t.size - 1)))
    lost = -float(np.sum(dev[-k:])) / ch.rate_hz / ch.mass_kg
    return lost >= FAINT_LIFT_SHARE * -residual


def swayed_top(ch: Chunk, dev: np.ndarray, residual: float) -> bool:
    """Is the chunk's end a top held after the spotter's lift, where sway broke the quiet? A
    heavy lifter's sway (6-8 N at 1-1.5 Hz on 130 kg) swings the frame means over the 8-N
    quiet band every half wave, so no quiet run at the top lasts the 0.8 s a held stop
    needs, and a set whose lowerings hid in the sway lost every rep (explore 8303: 1 of 6).
    The top sits at m*g: over the last SWAYED_TOP_S the force stayed inside the band and its
    mean within EDGE_REL of a band of the level (a faint help mid-raise holds it under; the
    raise's braking over it)."""
    k = max(1, int(SWAYED_TOP_S * ch.rate_hz))   # [-0:] would take the whole chunk
    if residual >= 0.0 or ch.t.size <= k + 8:
        return False
    d = lowpass(dev, ch.rate_hz, FORCE_CUTOFF_HZ)[-k:]
    return float(np.max(np.abs(d))) <= ch.band_n and abs(float(np.mean(d))) <= EDGE_REL * ch.band_n


def lowered_after_lift(ch: Chunk, dev: np.ndarray) -> bool:
    """Did the bar go down again after the spotter's last lift - a quiet run at the bottom of
    the next lowering, not at the top? The lift ends at the top (lift_top), and the spotter no
    longer touches the bar after it, so the force integrated forwards from there is the bar's:
    a lowering that came back to rest a phase's distance down (came_back, MIN_TRAVEL_M) ends
    at a bottom pause. Integrated from the rest before, the spotter's impulse offsets that
    velocity by -E*T/m, and the bottom pause after a lifted rep and a top rest too short to be
    quiet passed for the top: the next rep's raise was then alone in its chunk and lost (wide
    8224, beyond failure: a 272-kg set's last negative)."""
    top = lift_top(ch, dev)
    if top is None:
        return False
    v = cumtrapz(dev[top:], ch.t[top:]) / ch.mass_kg
    return came_back(v, ch.t[top:])


def lift_top(ch: Chunk, dev: np.ndarray) -> int | None:
    """The top the chunk's last spotter's lift ended at (force only): where the force is back
    inside EDGE_REL of the band after the last lift plateau (under m*g by PUSH_MIN_N or
    PUSH_BANDS bands for LIFT_MIN_S) - v = 0 there, the spotter's release done - if the plate's
    integral lost velocity up to there as a lift loses it; else None (4 frames or fewer left)."""
    d = lowpass(dev, ch.rate_hz, FORCE_CUTOFF_HZ)
    plats = plateaus(-d, max(PUSH_MIN_N, PUSH_BANDS * ch.band_n), ch.rate_hz, LIFT_MIN_S)
    if not plats:
        return None
    end = plats[-1][1]
    back = np.flatnonzero(d[end:] >= -EDGE_REL * ch.band_n)
    if back.size == 0:
        return None
    top = end + int(back[0])
    if ch.t.size - top < 4:
        return None
    # a lift leaves the spotter's impulse in the plate's integral from the rest before (-E*T/m
    # at its top); a raise's own stop (m*5.8*D/T^2: 115 N for 39 cm in 2 s on 203 kg, a
    # "plateau" under m*g for a second) gives back its launch's impulse and leaves ~0 there -
    # no lift, and the quiet run after the next lowering is no bottom of this rule's
    lost = -float(cumtrapz(dev[:top + 1], ch.t[:top + 1])[-1]) / ch.mass_kg
    if lost <= LIFT_LEVEL_ERRS * LEVEL_REL_ERR * G * float(ch.t[top] - ch.t[0]):
        return None
    return top


def lowered_after_help(ch: Chunk, v: np.ndarray) -> bool:
    """Did the bar go down a phase's distance and come back to rest after the chunk's last
    measured help (v: the plate alone)? A spotter lifts only a raise and lets go at its top,
    and after that E is 0: the plate alone, re-zeroed there (the bar still at the top),
    is the bar's - a lowering that came back (came_back, MIN_TRAVEL_M) ends at a bottom,
    and the quiet run there is a bottom pause, not the top. A level error bends v into a
    line, which never comes back. (Proven as the top, a forced positive's bottom pause
    after a top rest too short to be quiet left the next rep's raise alone in its chunk:
    3 reps of 9 lost on 239 kg, 27 cm, wide 8030.)"""
    assert ch.spotter_n is not None
    helped = np.flatnonzero(ch.spotter_n)
    if not helped.size:
        return False
    k = int(helped[-1]) + 1
    if ch.t.size - k < 4:
        return False
    return came_back(v[k:] - v[k], ch.t[k:])


def lowering_hid_before_lift(ch: Chunk, v_plate: np.ndarray, v_fe: np.ndarray) -> bool:
    """Did the rest before a measured lift hide most of the lowering? Every rep's raise climbs
    back to about the top its lowering left (the lockout spread: a few cm), so the lowering
    the chunk shows before the help must be about as deep as the help's rise. Both are read
    between instants of a still bar: the lowering on the plate alone (exact there: E is 0)
    re-zeroed at the rest's end and the help's first frame (the spotter takes hold of a still
    bar), the rise on F + E (the force that moves the bar) re-zeroed at that frame and the
    quiet run after the help (the top). A rise a phase's distance deeper than the lowering,
    and over twice it, means the bar was already going down in the rest's quiet: a slow
    lowering pulls m*g at its cruise (9 cm in 7 s on 187 kg: 2.3 N of unweighting, inside a
    band), and the rest ended only near its bottom (1.1 s of a 7-s lowering found, wide 8025)."""
    if ch.spotter_n is None:
        return False
    helped = np.flatnonzero(ch.spotter_n)
    re = rest_end_index(ch)
    if not helped.size or int(helped[0]) - re < 4 or ch.t.size - int(helped[0]) < 4:
        return False
    g = int(helped[0])
    w = zeroed_at_end(v_plate[re:g + 1] - v_plate[re])
    depth = -float(np.min(cumtrapz(w, ch.t[re:g + 1])))
    u = zeroed_at_end(v_fe[g:] - v_fe[g])
    rise = float(np.max(cumtrapz(u, ch.t[g:])))
    return rise - depth >= MIN_TRAVEL_M and depth < HID_DEPTH_SHARE * rise
