"""Assisted reps on the force alone (phase-physics.md: "levels, not integrals" and "integrate
from the side the spotter does not touch"): one rep per rest-to-rest chunk, the velocity valid
only on the untouched side; the other boundaries from the force levels - the humps of launching
and stopping, the hold between them, and, after a long negative, the break where the spotter
takes load."""

from __future__ import annotations

import numpy as np

from forceplate.analysis.integrate import Chunk, RepBounds
from forceplate.analysis.motion import (
    EDGE_REL,
    FORCE_CUTOFF_HZ,
    HOLD_REL,
    MIN_TRAVEL_M,
    ONSET_REL,
    _end_of_hump,
    _gaps,
    _hold,
    _Run,
    _start_of_hump,
)
from forceplate.analysis.sigproc import bool_runs, cumtrapz, lowpass, sign_runs
from forceplate.units import G

# --- thresholds ------------------------------------------------------------------------------
LEVEL_REL_ERR = 0.001       # a rest level is known to about this share of the weight (a window
                            # between sway waves: median 0.4 N, 90th percentile 1.6 N measured)
VELOCITY_TRUST = 0.3        # the integral is trusted while that error stays under this share of
                            # the lowering's peak speed
BREAK_DIP_BANDS = 3.0       # force bands: the spotter's step down must stand this far out of sway
STEP_MIN_S = 0.15           # s, the spotter's share of a raise holds the force down this long (a
                            # grab before the lifter's launch is a briefer dip)
HOLD_MIN_S = 0.1            # s, the force at its level this long: a hold, not a crossing
BRAKE_LOOKBACK_S = 3.0      # s, a braking hump before the break is searched this far back
BREAK_CONFIDENCE = 0.5      # bottom from the force break (no valid velocity at the bottom)
CAME_BACK_M_S = 0.015       # m/s, a lowering that reached this speed ...
CAME_BACK_REL = 0.7         # ... and came back by this share of it reached the bottom
HALF_PEAK = 0.5             # share of the valid phase's peak speed: safely inside that phase
MIN_GAP_S = 0.04            # s, a hold between humps lasts at least this
MIN_RAISE_M_S = 0.02        # m/s, a raise slower than this at its peak is no raise (sway), nor
                            # a pushed lowering (a hold at the bottom: hold_only_lowering)
SWAY_POKE_S = 0.25          # s, a sway wave pokes out of the band for under this (half a 2-Hz wave)
                            # (a push, seconds long, is the first run over it lasting this)
RELEASE_REL = 0.5           # share of the spotter's mean help: the middle of the release ramp
UNSEEN_CONFIDENCE = 0.3     # a lowering (lifted) or raise (pushed) whose force never left the band: guesses


def _assisted_rep(d: np.ndarray, v: np.ndarray, runs: list[_Run], n: int, band: float,
                  assisted: str, confidence: float, rate_hz: float = 1000.0,
                  pushes: bool = False) -> list[RepBounds]:
    """One rep per chunk when a spotter acted: the velocity is only valid on the side the
    spotter did not touch (integrated from the rest on that side); the other boundaries
    come from the force levels: the humps of launching and stopping, and the quiet hold
    between them. pushes: the method's spotter pushes the lowerings (forced negatives), so a
    pushed lowering starts at the push (_pushed_lowering_start)."""
    min_gap = max(2, int(MIN_GAP_S * rate_hz))
    if assisted == "lowering":
        k = int(np.argmax(v))                     # peak of the (valid) raise
        vmax = float(v[k])
        if vmax <= MIN_RAISE_M_S:
            return []
        below = np.flatnonzero(v[:k] <= HALF_PEAK * vmax)
        hi = int(below[-1]) if below.size else k
        # where the spotter pushes by the method's design, the lowering starts at the push;
        # else the "push" is a lift misread (a beyond-failure rep) and its start is the first
        # excursion of either sign
        s0 = (_pushed_lowering_start(d, hi, band, rate_hz) if pushes
              else _start_of_hump(d, 0, hi, 0, band, rel=0.0))
        ecc_start = 0 if s0 is None else s0
        zero = np.flatnonzero(v[:k] <= 0.0)
        z = int(zero[-1]) if zero.size else hi
        # integrated back from the rest after, the velocity is the bar's back to where the
        # spotter let go, and a push only adds to the lowering's speed: a hold at the bottom
        # cannot start where it still reads over half the raise's peak speed downwards (the
        # spotter's release ramp leaves a little), plus what a level error of LEVEL_REL_ERR
        # of the weight gathers integrating back to there. A light push keeps the force of a
        # slow lowering inside the band for seconds, which alone looks like a hold.
        back_s = (n - 1 - np.arange(ecc_start, z + 1)) / rate_hz
        moving = np.flatnonzero(v[ecc_start:z + 1] <= -(HALF_PEAK * vmax + G * LEVEL_REL_ERR * back_s))
        lo = ecc_start + (int(moving[-1]) if moving.size else 0)
        gaps = _gaps(d, lo, hi, band, min_gap)
        if gaps:
            # a sway wave poking out of the band for under SWAY_POKE_S splits a long hold
            # into pieces: the hold runs back over them (a longer excursion is the push)
            first = len(gaps) - 1
            while first > 0 and gaps[first][0] - gaps[first - 1][1] <= SWAY_POKE_S * rate_hz:
                first -= 1
            ecc_end = _hold(d, gaps[first], band)[0]
            con_start = max(ecc_end, _hold(d, gaps[-1], band)[1])
        else:
            ecc_end = con_start = z
        e1 = _end_of_hump(d, k, n, 0, band, stop=n, rel=0.0)
        con_end = n - 1 if e1 is None else e1
    else:
        run_min = np.minimum.accumulate(v)
        back = np.flatnonzero((run_min <= -CAME_BACK_M_S) & ((v - run_min) >= CAME_BACK_REL * np.abs(run_min)))
        trusted = False
        ecc_start = ecc_end = con_start = con_end = 0
        if back.size:
            j = int(back[0])
            k = int(np.argmin(v[:j + 1]))             # peak of the (valid) lowering
            vmin = float(v[k])
            s0 = _start_of_hump(d, 0, k, -1, band)   # the untouched side: as unassisted
            ecc_start = 0 if s0 is None else s0
            after = np.flatnonzero(v[k:] >= HALF_PEAK * vmin)
            lo = k + (int(after[0]) if after.size else 0)
            e1 = _end_of_hump(d, lo, n, 0, band, stop=n, rel=0.0)
            con_end = n - 1 if e1 is None else e1
            gaps = _gaps(d, lo, con_end, band, min_gap)
            if gaps:
                last = 0
                while (last + 1 < len(gaps) and gaps[last + 1][0] - gaps[last][1] <= SWAY_POKE_S * rate_hz
                       and float(np.max(d[gaps[last][1]:gaps[last + 1][0]])) <= band):
                    # a poke under the level only: one over it can be the lifter's launch,
                    # faint on a failing raise (15 N for 0.4 s on 83 kg)
                    last += 1
                ecc_end = _hold(d, gaps[0], band)[0]
                con_start = max(ecc_end, _hold(d, gaps[last], band)[1])
            else:
                top = np.flatnonzero(v[lo:con_end] >= 0.0)
                ecc_end = con_start = lo + (int(top[0]) if top.size else int(np.argmax(v[lo:con_end])))
            # After a long, slow lowering the forward integral cannot place the bottom: a
            # level error of LEVEL_REL_ERR of the weight (what a weighing between sway waves
            # achieves) has grown to g*LEVEL_REL_ERR*T by then - as large as the lowering's
            # own speed.
            t_low = (con_start - ecc_start) / rate_hz
            trusted = G * LEVEL_REL_ERR * t_low <= VELOCITY_TRUST * abs(vmin)
        if not trusted:
            # the spotter taking load shows as the force breaking down from its late-lowering
            # trend (phase-physics.md), which needs no level at all; the lowering's start then
            # comes from the integral re-zeroed between the rest and that bottom
            brk = _force_break(d, ecc_start, n, band, rate_hz)
            if brk is None and not back.size:
                return []
            if brk is not None:
                ecc_end, con_start = brk
                ecc_start = _onset_between_zeros(v, ecc_end, ecc_start)
                stop = _stop_between_zeros(v, con_start)
                if stop is not None and ecc_start < stop < ecc_end:
                    ecc_end = stop           # a hold at the bottom whose braking hid in the sway
                e1 = _end_of_hump(d, con_start, n, 0, band, stop=n, rel=0.0)
                con_end = n - 1 if e1 is None else e1
                confidence = BREAK_CONFIDENCE
    if assisted == "raising" and ecc_start < ecc_end <= con_start < con_end:
        con_end = _release_middle(d, con_start, con_end, band)
    if not ecc_start < ecc_end <= con_start < con_end:
        return []
    if assisted == "raising" and float(np.max(np.abs(d[ecc_start:ecc_end]))) <= band:
        # the lowering's unweighting and braking (m*a, about 5.8*m*D/T^2 at their peaks for
        # travel D in T s) never stood out of the sway: 12 cm in 6 s on 178 kg is 3 N
        confidence = min(confidence, UNSEEN_CONFIDENCE)
    if assisted == "lowering" and float(np.max(np.abs(d[con_start:con_end + 1]))) <= band:
        # the same for a pushed rep's untouched raise: its launch and stop never stood out of
        # the sway (8 cm in 3 s on 50 kg is 2.6 N), so its start and end are the integral's
        # guesses (integrated back from the rest after over a level error)
        confidence = min(confidence, UNSEEN_CONFIDENCE)
    return [RepBounds(ecc_start, ecc_end, con_start, con_end, "force_levels", confidence,
                      assisted, assisted == "raising", assisted == "lowering")]


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


def hold_only_lowering(v: np.ndarray, rb: RepBounds) -> bool:
    """A pushed rep whose "lowering" never went down faster than sway (MIN_RAISE_M_S): v is
    integrated back from the rest after, and a push only adds to a lowering's speed, so such a
    "lowering" is a hold at the bottom - the chunk began at a bottom pause taken for a top."""
    return (rb.assisted == "lowering" and rb.ecc_end > rb.ecc_start
            and float(np.min(v[rb.ecc_start:rb.ecc_end + 1])) >= -MIN_RAISE_M_S)


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


def lowered_then_lifted(ch: Chunk, v: np.ndarray, dev: np.ndarray, min_lift_m_s: float = 0.0) -> bool:
    """A whole spotter-lifted rep in the chunk, told without trusting the level over a long
    lowering: a clear step down of the force (the spotter taking load) after a lowering that,
    integrated from the rest before and re-zeroed at the break (two instants of zero
    velocity), travelled at least MIN_TRAVEL_M; and the velocity lost
    after the break (the spotter's help) is at least min_lift_m_s."""
    d = lowpass(dev, ch.rate_hz, FORCE_CUTOFF_HZ)
    brk = _force_break(d, 0, d.size, ch.band_n, ch.rate_hz)
    if brk is None:
        return False
    b = brk[0]
    if b < 4 or float(v[-1] - v[b]) > -min_lift_m_s:
        return False             # (the spotter's help, -E*T/m, is gathered after the break)
    vv = v[:b + 1] - v[b] * np.linspace(0.0, 1.0, b + 1)
    return float(np.min(cumtrapz(vv, ch.t[:b + 1]))) <= -MIN_TRAVEL_M


def _rezeroed_lowering(v: np.ndarray, bottom: int) -> tuple[np.ndarray, int, float] | None:
    """The velocity up to the bottom re-zeroed there (v = 0 at the rest before and at the
    bottom: a level error removed), the index of its fastest descent and that speed (m/s),
    or None if it never went down."""
    if bottom < 4:
        return None
    vv = v[:bottom + 1] - v[bottom] * np.linspace(0.0, 1.0, bottom + 1)
    kk = int(np.argmin(vv))
    peak = -float(vv[kk])
    return (vv, kk, peak) if peak > 0.0 else None


def _onset_between_zeros(v: np.ndarray, bottom: int, fallback: int) -> int:
    """Start of a lowering whose two ends are known instants of zero velocity (the rest before
    the chunk, the bottom from the force break): re-zeroing the forward integral at the bottom
    removes the level error, and the onset is where the downward speed first reaches
    ONSET_REL of its peak, walked back to where it left zero."""
    low = _rezeroed_lowering(v, bottom)
    if low is None:
        return fallback
    vv, kk, peak = low
    up = np.flatnonzero(vv[:kk + 1] > -ONSET_REL * peak)
    return int(up[-1]) + 1 if up.size else fallback


def _stop_between_zeros(v: np.ndarray, bottom: int) -> int | None:
    """End of a lowering from the integral re-zeroed between the rest before and the start
    of the raise (two instants of zero velocity): where the downward speed last was
    ONSET_REL of its peak, walked on to where it reached zero. A hold at the bottom stays at
    zero there, however faint the braking that began it."""
    low = _rezeroed_lowering(v, bottom)
    if low is None:
        return None
    vv, kk, peak = low
    on = kk + int(np.flatnonzero(vv[kk:] <= -ONSET_REL * peak)[-1])
    zero = np.flatnonzero(vv[on:] >= 0.0)    # walked on to where it reached zero
    return on + (int(zero[0]) if zero.size else 1)


def _force_break(d: np.ndarray, a: int, b: int, band: float, rate_hz: float) -> tuple[int, int] | None:
    """(bottom, start of the raise) of a spotter-lifted raise from the force alone: the first
    clear step down in the second half of the rep (the spotter carrying part of the load while
    the bar cruises up), walked back over the start of the raise to the last sample still at
    the late-lowering level. A braking hump standing out just before it ends the lowering
    there (the gap is a hold at the bottom); without one the two coincide."""
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
    for r0, r1 in zip(starts, ends, strict=True):
        deep_at = np.flatnonzero(d[mid + r0:mid + r1] <= deep)
        if deep_at.size and r1 - r0 >= int(STEP_MIN_S * rate_hz):
            step = mid + int(r0) + int(deep_at[0])
            break
    brk = _raise_start(d, a, step, band, rate_hz)
    if brk is None:
        return None
    lo = max(a, brk - int(BRAKE_LOOKBACK_S * rate_hz))
    hump = np.flatnonzero(d[lo:brk] > band)
    if hump.size == 0:
        return brk, brk
    i = lo + int(hump[-1])
    fwd = np.flatnonzero(d[i:brk] <= EDGE_REL * band)
    return (i + int(fwd[0]) if fwd.size else brk), brk


def _raise_start(d: np.ndarray, a: int, step: int, band: float, rate_hz: float) -> int | None:
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
    allowed = [1, -1]            # going back: the launch, then the spotter's grab
    i = starts.size - 1
    if i >= 0 and vals[i] < 0:
        i -= 1                   # the step's own way down
    lone_up = -1                 # the bottom inside an up hump met straight after the step's dip
    j = i - 1 if i >= 1 and vals[i] == 0 and ends[i] - starts[i] < hold else i
    if j >= 0 and vals[j] > 0:
        lone_up = _bottom_in_hump(d, a, a + int(starts[j]), a + int(ends[j]), band)
    while i >= 0:
        r0, r1, sg = a + int(starts[i]), a + int(ends[i]), int(vals[i])
        if sg == 0:
            if (lone_up >= 0 and allowed == [-1] and r1 - r0 >= hold
                    and (i == 0 or vals[i - 1] < 0 or _still_moving(d[a:r0], band))):
                # an up hump with no grab before it, after a quiet stretch that no braking
                # hump ends (the lowering's unweighting comes first, or up pokes that gave
                # back under half its momentum): the quiet stretch is the lowering's cruise
                # and the hump its braking, which the spotter's grab follows straight away -
                # a hold at the bottom ends in a braking hump
                return lone_up
            if r1 - r0 >= hold or i == 0:
                # where the force leaves the level: the last sample well inside the band
                near = np.flatnonzero(np.abs(d[r0:r1]) <= EDGE_REL * band)
                return r0 + int(near[-1]) + 1 if near.size else r1
        elif sg in allowed:
            allowed = allowed[allowed.index(sg) + 1:]
        else:
            return r1            # the braking runs straight into the raise
        i -= 1
    return None


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


def _bottom_in_hump(d: np.ndarray, a: int, h0: int, h1: int, band: float) -> int:
    """The bottom inside the up hump d[h0:h1] that ends a lowering begun after a: where the
    hump has given back the momentum the lowering's unweighting took (the humps carry the
    velocity changes; inside the band the bar cruises, and summing only the humps keeps a
    level error off the seconds of cruise). A hump that is all braking ends at the bottom; one
    that runs on into the launch is split there; after an unweighting too slow to leave the
    band, the braking was as faint and the hump is all launch."""
    seg = d[a:h0]
    took = -float(np.sum(seg[seg < -band]))     # the unweighting (none seen: none to give back)
    gave = np.cumsum(d[h0:h1])
    k = np.flatnonzero(gave >= took)
    return h0 + int(k[0]) if k.size else h1


def came_back(v: np.ndarray, t: np.ndarray | None = None) -> bool:
    """True if v (m/s) first ran clearly negative and then came most of the way back to 0
    (a lowering that reached the bottom), as opposed to a cruise that is still going. With
    t: that lowering must also have travelled a phase's distance (MIN_TRAVEL_M) by the time
    it came back - a dip of 1-2 cm/s over a second of standing is sway or a level error of
    half a newton, not a lowering."""
    run_min = np.minimum.accumulate(v)
    deep = run_min <= -CAME_BACK_M_S
    back = (v - run_min) >= CAME_BACK_REL * np.abs(run_min)
    hit = np.flatnonzero(deep & back)
    if hit.size == 0:
        return False
    if t is None:
        return True
    low = np.minimum.accumulate(cumtrapz(v, t))
    return bool(np.any(low[hit] <= -MIN_TRAVEL_M))
