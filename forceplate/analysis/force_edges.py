"""Assisted reps on the force alone: where the force itself says an assisted rep's phase
starts or ends - the spotter's step into a raise (the break), the start of a push and of the
lowering it drives, the middle of the release ramp, the braking hump before a bottom."""

from __future__ import annotations

import numpy as np

from forceplate.analysis.launch_hump import bottom_in_hump, launch_in_hump
from forceplate.analysis.motion import (
    EDGE_REL,
    HOLD_REL,
    _start_of_hump,
)
from forceplate.analysis.sigproc import bool_runs, sign_runs

# --- thresholds ------------------------------------------------------------------------------
BREAK_DIP_BANDS = 3.0       # force bands: the spotter's step down must stand this far out of sway
STEP_MIN_S = 0.15           # s, the spotter's share of a raise holds the force down this long (a
                            # grab before the lifter's launch is a briefer dip)
HOLD_MIN_S = 0.1            # s, the force at its level this long: a hold, not a crossing
BRAKE_LOOKBACK_S = 3.0      # s, a braking hump before the break is searched this far back
CAME_BACK_M_S = 0.015       # m/s, a lowering that reached this speed ...
CAME_BACK_REL = 0.7         # ... and came back by this share of it reached the bottom
SWAY_POKE_S = 0.25          # s, a sway wave pokes out of the band for under this (half a 2-Hz wave)
                            # (a push, seconds long, is the first run over it lasting this)
GRAB_DIP_BANDS = 1.0        # force bands: a dip out of the band (4 robust SDs of the rest's frame
                            # means, sway with them) for HOLD_MIN_S before a hold is no sway: the
                            # grab (2 bands missed 10-15-N grabs on 8-N bands: raises 0.3-0.8 s late)
GRAB_CANCEL_MAX_S = 0.5     # s, the launch's m*a rises through the help within a quarter of a
                            # 1-2.5-s raise; a level stretch after a dip lasting longer is a cruise
RELEASE_REL = 0.5           # share of the spotter's mean help: the middle of the release ramp


def _pushed_lowering_start(d: np.ndarray, hi: int, band: float, rate_hz: float) -> int | None:
    """Start of a pushed lowering: where the push (a hump up, the spotter's force on the plate)
    leaves the level - or, before it, the lifter's own unweighting (a dip) when the force runs
    from that dip into the push without a hold at the level (HOLD_MIN_S within HOLD_REL of the
    band). A sway wave poking out of the band seconds before the push, with the bar still in
    between, is no part of the lowering: taken as its start (the first excursion of either
    sign), pushed lowerings began 0.5-2 s early (wide 8504, forced negative #2); one poking
    over the band is not the push either (_push_start: 2-4 s early on wide 8779). Only where
    the method's spotter pushes (forced negatives): elsewhere a chunk read as pushed is a lift
    misread, and this start cost beyond-failure reps (classic 500-501, wide 7003)."""
    hold = max(2, int(HOLD_MIN_S * rate_hz))
    up = _push_start(d, hi, band, rate_hz)
    if up is None:
        return _start_of_hump(d, 0, hi, 0, band, rel=0.0)
    below = np.flatnonzero(d[:up] < -band)
    if below.size == 0:
        return up
    end = int(below[-1]) + 1
    if int(np.count_nonzero(np.abs(d[end:up]) <= HOLD_REL * band)) >= hold:
        return up                     # the bar held still between the dip and the push: sway
    # the dip that runs into the push starts where the force last sat inside EDGE_REL of the
    # band before it (not at an earlier sway poke: the first excursion down before `end`)
    inside = np.flatnonzero(d[:end] >= -EDGE_REL * band)
    return int(inside[-1]) + 1 if inside.size else 0


def _push_start(d: np.ndarray, hi: int, band: float, rate_hz: float) -> int | None:
    """Where the push leaves the level: the first run over the band in d[:hi] that lasts
    SWAY_POKE_S (brief returns to the band, under HOLD_MIN_S, bridged), walked back to where
    the force last sat within EDGE_REL of the band; None without one. A sway wave pokes over
    the band for under SWAY_POKE_S (half a 2-Hz wave), a push lasts seconds: taking the first
    run of any length, sway waves of 6-9 N on a 6-N band 1-3 s before the push started a
    184-kg forced negative's lowerings 2-4 s early (wide 8779). A push that opens with a
    brief pulse and eases before pushing on starts at the push proper (0.6-0.8 s late: wide
    7005, 103 kg)."""
    starts, ends = bool_runs(d[:hi] > band)
    if starts.size == 0:
        return None
    gap = max(2, int(HOLD_MIN_S * rate_hz))
    keep = np.ones(starts.size, bool)
    keep[1:] = starts[1:] - ends[:-1] >= gap       # a run starting after a hold
    s0 = starts[keep]
    e0 = np.append(ends[np.flatnonzero(keep)[1:] - 1], ends[-1])
    long_ = np.flatnonzero(e0 - s0 >= int(SWAY_POKE_S * rate_hz))
    if long_.size == 0:
        return None
    first = int(s0[long_[0]])
    back = np.flatnonzero(d[:first] <= EDGE_REL * band)
    return int(back[-1]) + 1 if back.size else 0


def _release_middle(d: np.ndarray, con_start: int, con_end: int, band: float) -> int:
    """The end of a spotter-lifted raise: the middle of the spotter's release ramp. Between the
    raise's two instants of zero velocity the lifter's m*a sums to nothing, so the force's mean
    shortfall there is the spotter's mean help E; at the top the help fades over 0.1-0.9 s
    (phase-physics.md: it switches off at the phase change), and where the last hump fades
    into the band is the ramp's end, late by half of it (the raise's mean force 2-3.6 % high
    on heavy lifts). The end is where the shortfall last stood at RELEASE_REL of E."""
    help_n = -float(np.mean(d[con_start:con_end + 1]))
    if help_n <= band:
        return con_end
    held = np.flatnonzero(-d[con_start:con_end + 1] >= RELEASE_REL * help_n)
    return min(con_start + int(held[-1]) + 1, con_end) if held.size else con_end


def _grab_middle(d: np.ndarray, con_start: int, con_end: int, band: float, half_ramp: int) -> int:
    """The start of a spotter-lifted raise: the middle of the spotter's grab ramp, as the end
    is the middle of the release (_release_middle; phase-physics.md: the spotter's force
    switches on at the phase change). The force leaves the level at con_start, where the ramp
    begins, so the raise started 0.05-0.15 s early (more for a spotter easing in) and its mean
    force held the ramp's first half, near m*g: 2-7 % high on helps of 15-40 % of the weight.
    The middle is where the shortfall under the weight first stands at RELEASE_REL of the
    raise's mean help - but the lifter's launch (m*a > 0) cancels the help there on a fast
    raise and puts that crossing late, so it is taken no later than half the release ramp
    measured at the top (half_ramp samples: from its middle to where it fades into the band),
    the same spotter's hands giving the load back."""
    help_n = -float(np.mean(d[con_start:con_end + 1]))
    if help_n <= band or half_ramp <= 0:
        return con_start
    held = np.flatnonzero(-d[con_start:con_end + 1] >= RELEASE_REL * help_n)
    return con_start + min(int(held[0]) if held.size else 0, half_ramp, con_end - con_start - 1)


def _push_middles(d: np.ndarray, ecc_start: int, ecc_end: int, band: float) -> tuple[int, int]:
    """(start, end) of a pushed lowering at the middles of the push's ramps, as a lifted
    raise's (_grab_middle, _release_middle): between the lowering's two instants of zero
    velocity the lifter's m*a sums to nothing, so the force's mean excess over the weight there
    is the spotter's mean push; the end is where it last stood at RELEASE_REL of that push (the
    release's middle: where the force is back in the band is the ramp's end, 0.07 s late at
    the median on the force-only forced negatives of explore 8200-8239), the start where it
    first did, no later than half that release ramp (the lifter's unweighting cancels the push
    as it ramps on). Unchanged where the push is inside the band."""
    push_n = float(np.mean(d[ecc_start:ecc_end + 1]))
    on = np.flatnonzero(d[ecc_start:ecc_end + 1] >= RELEASE_REL * push_n)
    if push_n <= band or on.size == 0:
        return ecc_start, ecc_end
    end = min(ecc_start + int(on[-1]) + 1, ecc_end)
    start = ecc_start + min(int(on[0]), ecc_end - end)
    return (start, end) if start < end else (ecc_start, end)


def _force_break(d: np.ndarray, a: int, b: int, band: float, rate_hz: float,
                 hangs: bool = False, launches: bool = True) -> tuple[int, int, int] | None:
    """(bottom, start of the raise) of a spotter-lifted raise from the force alone: the first
    clear step down in the second half of the rep (the spotter carrying part of the load while
    the bar cruises up), walked back over the start of the raise to the last sample still at
    the late-lowering level. A braking hump standing out just before it ends the lowering
    there (the gap is a hold at the bottom); without one the two coincide. hangs: the method's
    raises can fail and hang (beyond failure): a step that is the lifter's own stop into a
    hang (_hang_stop) is passed over for the spotter's later one, and the third value is where
    the failing raise's launch left the level (a still bar at the bottom: the raise's start;
    -1 where no hang was seen)."""
    if b - a < 4:
        return None
    j = a + int(np.argmin(d[a:b]))
    deep = -BREAK_DIP_BANDS * band
    if d[j] > deep:
        return None              # no clear step down: the spotter's help is within the sway
    mid = (a + j) // 2           # past the lowering's own launch
    step = mid + int(np.flatnonzero(d[mid:j + 1] <= deep)[0])
    # the spotter carrying the bar up holds the force down for a while; a grab before the
    # lifter's launch is a brief dip, which the launch then overtakes
    starts, ends = bool_runs(d[mid:j + 1] < -band)
    runs = [(mid + int(r0), mid + int(r1)) for r0, r1 in zip(starts, ends, strict=True)
            if r1 - r0 >= int(STEP_MIN_S * rate_hz) and float(np.min(d[mid + r0:mid + r1])) <= deep]
    since, launch = a, -1        # a hang's quiet (its start), the failing raise's launch
    for k, (r0, r1) in enumerate(runs):
        u0 = _hang_stop(d, a, r0, r1, runs[k + 1][0], band, rate_hz) if hangs and k + 1 < len(runs) else None
        if u0 is not None:
            # the walk back from the spotter's step stops at the hang (_hang_before then finds
            # the lifter's own rise); the lowering's braking is sought before the launch
            since, launch = r1, u0
            continue
        step = r0 + int(np.flatnonzero(d[r0:r1] <= deep)[0])
        break
    brk = _raise_start(d, since, step, band, rate_hz, launches)
    if brk is None:
        return None
    if launch >= 0:
        near = np.flatnonzero(np.abs(d[a:launch]) <= EDGE_REL * band)
        launch = a + int(near[-1]) + 1 if near.size else launch
    return _braking_end(d, a, brk if launch < 0 else launch, band, rate_hz), brk, launch


# A stop eased into rest (jerk-limited) lets its braking force fall back to the level with zero
# slope, as (time left)^2: from the band to EDGE_REL of it takes 1 - sqrt(EDGE_REL) of the time
# left at the band, so the time still left at EDGE_REL is sqrt(EDGE_REL) / (1 - sqrt(EDGE_REL))
# (2.4) times that fall. Read at EDGE_REL itself, the bottom was 0.1-0.3 s early (the bar still
# 0.1-1.8 mm up, moving).
BRAKE_TAIL_PER_FALL = float(np.sqrt(EDGE_REL) / (1.0 - np.sqrt(EDGE_REL)))


def _braking_end(d: np.ndarray, a: int, end: int, band: float, rate_hz: float) -> int:
    """The bottom before a raise that starts at `end`: where the last braking hump standing out
    within BRAKE_LOOKBACK_S before it came to rest (the gap is a hold at the bottom); `end`
    itself where none does. The bar stops where the braking force is back at the level: the
    hump's fall from the band to EDGE_REL of it, extrapolated on by BRAKE_TAIL_PER_FALL, but
    no later than where the force reaches the level (the sway's own zero crossing)."""
    lo = max(a, end - int(BRAKE_LOOKBACK_S * rate_hz))
    hump = np.flatnonzero(d[lo:end] > band)
    if hump.size == 0:
        return end
    i = lo + int(hump[-1])
    fwd = np.flatnonzero(d[i:end] <= EDGE_REL * band)
    if not fwd.size:
        return end
    half = i + int(fwd[0])
    zero = np.flatnonzero(d[half:end] <= 0.0)
    level = half + int(zero[0]) if zero.size else end
    return min(level, half + int(BRAKE_TAIL_PER_FALL * (half - i)))


def _hang_stop(d: np.ndarray, a: int, r0: int, r1: int, nxt: int, band: float,
               rate_hz: float) -> int | None:
    """Where the failing raise's launch began, if the step down d[r0:r1] is the lifter's own
    stop into a hang, not the spotter's help (else None). A failing raise launched from a still bar at the bottom (the lowering's humps before the
    launch gave back CAME_BACK_REL of what its unweighting took) rises, slows to a creep and
    hangs part-way up: the dip (m*a < 0) gives back the launch's momentum (the hump straight
    before it, within CAME_BACK_REL either way) and the force then sits at the level, the bar
    still, for HOLD_MIN_S before the spotter's step (nxt). The spotter's help, once on, holds
    the force down to the top. Taken for the step, the failing raise started at the launch's
    bottom and its hang read as the lowering's end (explore 8007: 1.9 s late)."""
    hold = max(2, int(HOLD_MIN_S * rate_hz))
    if nxt - r1 < hold or float(np.max(np.abs(d[r1:nxt]))) > band:
        return None                   # no still bar at the level between the two steps
    up = np.flatnonzero(d[a:r0] > band)
    u1 = a + int(up[-1]) + 1 if up.size else r0
    if up.size == 0 or r0 - u1 > GRAB_CANCEL_MAX_S * hold / HOLD_MIN_S:
        return None                   # no launch easing into the dip (the bar rising between)
    below = np.flatnonzero(d[a:u1] <= band)
    u0 = a + int(below[-1]) + 1 if below.size else a
    gave = float(np.sum(d[u0:u1]))
    took = -float(np.sum(d[r0:r1]))
    seg = d[a:u0]
    lowered = -float(np.sum(seg[seg < -band]))
    if (CAME_BACK_REL * gave <= took <= gave / CAME_BACK_REL and lowered > 0.0
            and float(np.sum(seg[seg > band])) >= CAME_BACK_REL * lowered):
        return u0
    return None


def _raise_start(d: np.ndarray, a: int, step: int, band: float, rate_hz: float,
                 launches: bool = True) -> int | None:
    """Where a spotter-lifted raise leaves the late-lowering level, found back from the
    spotter's step down at `step`. Before the step the raise can show as the lifter's launch
    (pushing more than the weight: a hump up) and, before that, the spotter taking hold (a
    dip), with the force only crossing the level between them: both belong to the raise, so
    the walk goes back over them. It stops at a hold (the force at the level for HOLD_MIN_S)
    or at a hump that cannot be the raise's: an up hump before the dip, or a second one -
    the lowering's braking."""
    if step - a < 2:
        return None
    lab = np.where(d[a:step] > band, 1, np.where(d[a:step] < -band, -1, 0))
    hold = max(2, int(HOLD_MIN_S * rate_hz))
    starts, ends, vals = _bridged_runs(lab, hold)
    held = _holds(d[a:step], starts, ends, vals, band, hold)
    held = _launch_cancels_grab(d[a:step], starts, ends, vals, band, hold, held)
    allowed = [1, -1]            # going back: the launch, then the spotter's grab
    launch_met = False
    i = starts.size - 1
    if i >= 0 and vals[i] < 0:
        i -= 1                   # the step's own way down
    lone_up = -1                 # the bottom inside an up hump met straight after the step's dip
    j = i - 1 if i >= 1 and vals[i] == 0 and not held[i] else i
    if j >= 0 and vals[j] > 0:
        lone_up = bottom_in_hump(d, a, a + int(starts[j]), a + int(ends[j]), band)
    while i >= 0:
        r0, r1, sg = a + int(starts[i]), a + int(ends[i]), int(vals[i])
        if sg == 0:
            if (lone_up >= 0 and allowed == [-1] and held[i]
                    and (i == 0 or vals[i - 1] < 0 or _still_moving(d[a:r0], band))):
                # an up hump with no grab before it, after a quiet stretch that no braking
                # hump ends (the lowering's unweighting comes first, or up pokes that gave
                # back under half its momentum): the quiet stretch is the lowering's cruise
                # and the hump its braking, which the spotter's grab follows straight away -
                # a hold at the bottom ends in a braking hump
                return lone_up
            if launches and held[i] and allowed == [1, -1] and i >= 1 and vals[i - 1] > 0:
                launch = launch_in_hump(d, a, a + int(starts[i - 1]), a + int(ends[i - 1]), band, rate_hz)
                if launch is not None:
                    return launch    # the quiet after it is the raise's cruise, not a hold
            if held[i] or i == 0:
                # where the force leaves the level: the last sample well inside the band
                near = np.flatnonzero(np.abs(d[r0:r1]) <= EDGE_REL * band)
                return r0 + int(near[-1]) + 1 if near.size else r1
        elif sg in allowed:
            launch_met = launch_met or sg > 0
            allowed = allowed[allowed.index(sg) + 1:]
        elif launches and allowed == [] and sg < 0 and not launch_met:
            pass                 # the help under a cruise, at the band's edge, flickers out of it
        elif launches and allowed == [] and sg > 0 and not launch_met:
            # an up hump before a dip with no launch between it and the step: the dip is the
            # raise's cruise under the help if the hump launched the bar
            launch = launch_in_hump(d, a, r0, r1, band, rate_hz)
            return r1 if launch is None else launch
        else:
            return r1            # the braking runs straight into the raise
        i -= 1
    return None


def _holds(seg: np.ndarray, starts: np.ndarray, ends: np.ndarray, vals: np.ndarray, band: float,
           hold: int) -> np.ndarray:
    """Per sign run of seg: is it a hold at the level (HOLD_MIN_S long), not a crossing? The
    raise's own signature before the spotter's step is the grab (a dip), the launch (a hump)
    and the step down, the force passing through the band between them at its slope: 80 N/s
    through a 6-N band takes 0.15 s, longer than a hold, and the walk stopped there - the raise
    started after its launch, 0.6-0.8 s late (explore 8051: a 57-kg forced positive with a
    17-N help, every rep). Where the runs end in that signature (a dip of HOLD_MIN_S or more,
    a hump, the step), a stretch between them under 2 HOLD_MIN_S whose force sat within
    HOLD_REL of the band for under HOLD_MIN_S is a crossing. A lone hump before the step
    (the lowering's braking) is no such signature: noise dips of a few frames are no grab."""
    held = (ends - starts) >= hold
    n = vals.size
    if n < 5 or vals[-1] >= 0:
        return held
    at_level = np.concatenate(([0], np.cumsum(np.abs(seg) <= HOLD_REL * band)))

    def crossing(r: int) -> bool:
        return (vals[r] == 0 and ends[r] - starts[r] < 2 * hold
                and at_level[ends[r]] - at_level[starts[r]] < hold)

    if (vals[-3] > 0 and vals[-5] < 0 and ends[-5] - starts[-5] >= hold
            and crossing(n - 2) and crossing(n - 4)):
        held = held.copy()
        held[n - 2] = held[n - 4] = False
    return held


def _launch_cancels_grab(seg: np.ndarray, starts: np.ndarray, ends: np.ndarray, vals: np.ndarray,
                         band: float, hold: int, held: np.ndarray) -> np.ndarray:
    """held, with a stretch at the level between a grab's dip and the step down made a
    crossing. The plate reads m*a - E: the spotter's help E switches on over 0.1-0.3 s while
    the lifter's launch (m*a > 0) grows more slowly, so the force dips (the grab), comes back
    to the level while the launch cancels the help, and steps down again as the launch
    eases - the bar rising all the while. Taken for a hold at the bottom, the raise started
    after the grab, 0.3-0.6 s late. A still bar at the bottom cannot dip before its hold
    (nothing pulls it down there); a sway dip stays within the band, so a dip GRAB_DIP_BANDS
    (one band) deep for HOLD_MIN_S is the spotter's. Not after a stretch over GRAB_CANCEL_MAX_S: that is
    a lowering's cruise after its unweighting (uncapped, two raises started 5 s early)."""
    n = vals.size
    if n < 3 or vals[-1] >= 0 or vals[-2] != 0 or not held[-2] or vals[-3] >= 0:
        return held
    r0, r1 = int(starts[-3]), int(ends[-3])
    if r1 - r0 < hold or float(np.min(seg[r0:r1])) > -GRAB_DIP_BANDS * band:
        return held
    if ends[-2] - starts[-2] > GRAB_CANCEL_MAX_S * hold / HOLD_MIN_S:
        return held                   # a lowering's cruise after its unweighting, seconds long
    held = held.copy()
    held[-2] = False
    return held


def _bridged_runs(lab: np.ndarray, hold: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sign runs of lab (-1/0/+1 per sample) with a brief return to the level (under `hold`
    samples: not a hold) between two up runs made part of them: noise and sway dip a braking
    hump (0.5-1 s of m*a) back into the band for a few tens of ms, and its two pieces are one
    hump, not the braking and a launch. Down runs are not joined: the spotter's grab is a
    brief dip of its own, and a sway dip just before it is no part of it (joined, a raise
    started 0.3 s early)."""
    starts, ends, vals = sign_runs(lab)
    if vals.size < 3:
        return starts, ends, vals
    mid = np.arange(1, vals.size - 1)
    brief = mid[(vals[mid] == 0) & (ends[mid] - starts[mid] < hold) & (vals[mid - 1] > 0) & (vals[mid + 1] > 0)]
    if brief.size == 0:
        return starts, ends, vals
    lab = lab.copy()
    for r in brief.tolist():                  # over runs, not samples
        lab[starts[r]:ends[r]] = 1
    return sign_runs(lab)


def _still_moving(seg: np.ndarray, band: float) -> bool:
    """Whether the bar still moves down at the end of seg (a lowering from rest): the up humps
    out of the band gave back under CAME_BACK_REL of the momentum the down humps (the
    unweighting) took, as the velocity's test of a lowering that came back (measured: a hold's
    braking gives back 0.9-1.2 of it, sway pokes late in a slow lowering's cruise 0.3-0.5)."""
    took = -float(np.sum(seg[seg < -band]))
    gave = float(np.sum(seg[seg > band]))
    return took > 0.0 and gave < CAME_BACK_REL * took
