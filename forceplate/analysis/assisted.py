"""Assisted reps on the force alone (phase-physics.md: "levels, not integrals" and "integrate
from the side the spotter does not touch"): one rep per rest-to-rest chunk, the velocity valid
only on the untouched side; the other boundaries from the force levels - the humps of launching
and stopping, the hold between them, and, after a long negative, the break where the spotter
takes load."""

from __future__ import annotations

import numpy as np

from forceplate.analysis.came_back import back_hits
from forceplate.analysis.force_edges import (
    HOLD_MIN_S,
    SWAY_POKE_S,
    _braking_end,
    _force_break,
    _grab_middle,
    _push_middles,
    _pushed_lowering_start,
    _release_middle,
)
from forceplate.analysis.integrate import CHUNK_PAD_S, Chunk, RepBounds
from forceplate.analysis.launch_hump import launch_after
from forceplate.analysis.motion import (
    EDGE_REL,
    FORCE_CUTOFF_HZ,
    MIN_TRAVEL_M,
    ONSET_REL,
    SMOOTH_PEAK_ACC,
    _end_of_hump,
    _gaps,
    _hold,
    _Run,
    _start_of_hump,
    zeroed_at_end,
)
from forceplate.analysis.sigproc import ahead_max, cumtrapz, lowpass
from forceplate.units import G

# --- thresholds ------------------------------------------------------------------------------
LEVEL_REL_ERR = 0.001       # a rest level is known to about this share of the weight (a window
                            # between sway waves: median 0.4 N, 90th percentile 1.6 N measured)
VELOCITY_TRUST = 0.3        # the integral is trusted while that error stays under this share of
                            # the lowering's peak speed
BREAK_CONFIDENCE = 0.5      # bottom from the force break (no valid velocity at the bottom)
HALF_PEAK = 0.5             # share of the valid phase's peak speed: safely inside that phase
MIN_GAP_S = 0.04            # s, a hold between humps lasts at least this
MIN_RAISE_M_S = 0.02        # m/s, a raise slower than this at its peak is no raise (sway), nor
                            # a pushed lowering (a hold at the bottom: hold_only_lowering)
HANG_RISE_M = 0.02          # m, a failing raise hung after rising this far on its own (MIN_TRAVEL_M:
                            # sway and a lockout shuffle move the bar millimetres)
UNSEEN_CONFIDENCE = 0.3     # a lowering (lifted) or raise (pushed) whose force never left the band: guesses
LAUNCH_SPEED_SLACK = 2.0    # the unweighting walked back over may have taken off at most this many
                            # times the speed at the ONSET_REL crossing (it took that speed off, less
                            # what the band hid, give or take sway and the level error)
STOP_REL = 0.3              # share of the re-zeroed lowering's peak speed: the integrated plate noise
                            # and sway in a bottom pause poke the velocity of a slow lowering (1-2
                            # cm/s peak) 20-30 % of it; a smoothstep braking ramp spends under a third
                            # of its time below this share, walked on to zero from there


def _assisted_rep(d: np.ndarray, v: np.ndarray, runs: list[_Run], n: int, band: float,
                  assisted: str, confidence: float, rate_hz: float = 1000.0,
                  pushes: bool = False, hangs: bool = False, mass_kg: float = 0.0,
                  rest_end: int | None = None, from_top: bool = False,
                  help_measured: bool = False) -> list[RepBounds]:
    """One rep per chunk when a spotter acted: the velocity is only valid on the side the
    spotter did not touch (integrated from the rest on that side); the other boundaries
    come from the force levels: the humps of launching and stopping, and the quiet hold
    between them. pushes: the method's spotter pushes the lowerings (forced negatives), so a
    pushed lowering starts at the push (_pushed_lowering_start). hangs: the method's raises
    can fail and hang before the spotter's grab (beyond failure: _hang_before). mass_kg: the
    system's mass, for the bound on what the untouched phase can show (_under_band). rest_end:
    the frame where the rest before ended (None: CHUNK_PAD_S in); from_top: the chunk begins
    where that rest began, a top whose quiet hid the lowering."""
    min_gap = max(2, int(MIN_GAP_S * rate_hz))
    launched = -1                # a failing raise's launch into a hang, seen in the force
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
        if pushes and ecc_start < ecc_end:
            # the push's ramps are centred on the phase changes, as a lift's (_push_middles)
            mid_start, mid_end = _push_middles(d, ecc_start, ecc_end, band)
            if ecc_end == con_start:
                # no hold the force shows: the raise starts at the push's release, or where
                # the raise's integral (valid back to the release) last left zero after it -
                # a pause at the bottom after the push holds the force at m*g, with no
                # stopping hump before it to bound it as a gap (a 1-s pause: raises began
                # 0.6-1.2 s early, explore 8091)
                con_start = max(mid_end, z) if not gaps else mid_end
            ecc_start, ecc_end = mid_start, mid_end
    else:
        back = back_hits(v)
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
            # The error grows from where the bar left rest: the lowering's start as found, unless
            # the bar already moved at HALF_PEAK of that lowering's peak speed there (the start
            # the force showed is no start: a 54-cm lowering in 9.5 s on 55 kg, 2 N of m*a, whose
            # "start" was the spotter's grab 0.4 s before the bottom passed as trusted - explore
            # 8033, 3 reps of 18 lost); then from the rest's end (rest_end: a chunk begins
            # CHUNK_PAD_S before it, or at the rest's start where that is shorter)
            end = int(CHUNK_PAD_S * rate_hz) if rest_end is None else rest_end
            left = ecc_start if v[ecc_start] > HALF_PEAK * vmin else min(ecc_start, end)
            # (to the bottom only where raises hang: from there to the grab the failing raise
            # is read on the integral re-zeroed at both ends, _hang_before; counted to the
            # grab, a stalled rep's 1.2-s lowering after a 6-s raise and hang read 0.1 s long)
            t_low = ((ecc_end if hangs else con_start) - left) / rate_hz
            # and a lowering travels a phase's distance: a spotter's grab (a dip) and the
            # lifter's launch (a hump) before a raise read as a 0.3-s "lowering" of millimetres
            # ahead of a slow one the force cannot see (explore 8031: 5.3 s, 7 cm, lost)
            # (with the help measured there is no grab dip in d: the spotter's own plate holds it).
            # The bar is still where the lowering starts: a speed the integral reads there is
            # the level error's, gathered since the rest, and no travel of this lowering's (a
            # 0.4-s grab dip after 10 s of a 0.7-N level error "went" 2.4 cm, wide 13012)
            v0 = min(float(v[ecc_start]), 0.0)
            trusted = (G * LEVEL_REL_ERR * t_low <= VELOCITY_TRUST * abs(vmin)
                       and (help_measured
                            or -float(np.sum(v[ecc_start:ecc_end + 1] - v0)) / rate_hz >= MIN_TRAVEL_M))
        if not trusted:
            # the spotter taking load shows as the force breaking down from its late-lowering
            # trend (phase-physics.md), which needs no level at all; the lowering's start then
            # comes from the integral re-zeroed between the rest and that bottom
            brk = _force_break(d, ecc_start, n, band, rate_hz, hangs)
            if brk is None and not back.size:
                return []
            if brk is not None:
                ecc_end, con_start, launched = brk
                if launched >= 0:
                    con_start = launched     # the lifter's own launch from a still bar
                ecc_start = _onset_between_zeros(v, ecc_end, ecc_start, d, band)
                stop = _stop_between_zeros(v, con_start, rate_hz)
                if stop is not None and ecc_start < stop < ecc_end:
                    ecc_end = stop           # a hold at the bottom whose braking hid in the sway
                e1 = _end_of_hump(d, con_start, n, 0, band, stop=n, rel=0.0)
                con_end = n - 1 if e1 is None else e1
                confidence = BREAK_CONFIDENCE
    if assisted == "raising" and ecc_start < ecc_end <= con_start < con_end:
        hung = _hang_before(v, con_start, rate_hz) if hangs and launched < 0 else None
        if hung is not None:
            # the integral's bottom is its first zero after the lowering, late by a pause at
            # the bottom the rise ran on from: the force's own end of the braking, if earlier
            # (the braking hump before the rise, not the failing raise's launch before the hang)
            ecc_end = min(ecc_end, hung[0], _braking_end(d, ecc_start, hung[1], band, rate_hz))
            con_start = hung[1]
        fade = con_end
        con_end = _release_middle(d, con_start, con_end, band)
        if hung is None and launched < 0 and con_start < con_end:
            # the raise starts at the grab ramp's middle, not where it leaves the level (a
            # hung raise began before the grab, on the lifter's own push); with no hold at
            # the bottom the lowering ends there too
            mid = _grab_middle(d, con_start, con_end, band, fade - con_end)
            if ecc_end == con_start:
                ecc_end = mid
            con_start = mid
    if not ecc_start < ecc_end <= con_start < con_end:
        return []
    if assisted == "raising" and (float(np.max(np.abs(d[ecc_start:ecc_end]))) <= band or _under_band(
            _rezeroed_lowering(v, ecc_end), ecc_start, ecc_end, mass_kg, band, rate_hz)):
        # the lowering's unweighting and braking (m*a, about 5.8*m*D/T^2 at their peaks for
        # travel D in T s) never stood out of the sway: 12 cm in 6 s on 178 kg is 3 N
        confidence = min(confidence, UNSEEN_CONFIDENCE)
        if from_top:
            # and it lies in the quiet rest the chunk begins with: the lowering began after
            # the top's start, the one instant the force shows, unless the integral shows it
            ecc_start = _hidden_onset(v, ecc_end, rate_hz)
    if assisted == "lowering" and (float(np.max(np.abs(d[con_start:con_end + 1]))) <= band or _under_band(
            (v, 0, 0.0), con_start, con_end, mass_kg, band, rate_hz)):
        # the same for a pushed rep's untouched raise: its launch and stop never stood out of
        # the sway (8 cm in 3 s on 50 kg is 2.6 N), so its start and end are the integral's
        # guesses (integrated back from the rest after over a level error)
        confidence = min(confidence, UNSEEN_CONFIDENCE)
    return [RepBounds(ecc_start, ecc_end, con_start, con_end, "force_levels", confidence,
                      assisted, assisted == "raising", assisted == "lowering")]


def _under_band(low: tuple[np.ndarray, int, float] | None, a: int, b: int, mass_kg: float,
                band: float, rate_hz: float) -> bool:
    """Is the untouched phase a..b (velocity low[0], valid there) too faint for the force to
    show? A smooth phase of travel D in T s deviates from m*g by about m*SMOOTH_PEAK_ACC*D/T^2
    at its launch and stop; under EDGE_REL of the band that is sway's size (9 cm in 5 s on
    105 kg: 2.2 N), and whatever stands out of the band there is sway - the phase's ends are
    the integral's guesses, seconds off, however the force pokes out. No mass given (0): not
    known, not judged."""
    if low is None or mass_kg <= 0.0 or b <= a:
        return False
    travel = float(np.sum(np.abs(low[0][a:b]))) / rate_hz
    dur = (b - a) / rate_hz
    return mass_kg * SMOOTH_PEAK_ACC * travel / dur ** 2 < EDGE_REL * band


def hold_only_lowering(v: np.ndarray, rb: RepBounds) -> bool:
    """A pushed rep whose "lowering" never went down faster than sway (MIN_RAISE_M_S): v is
    integrated back from the rest after, and a push only adds to a lowering's speed, so such a
    "lowering" is a hold at the bottom - the chunk began at a bottom pause taken for a top."""
    return (rb.assisted == "lowering" and rb.ecc_end > rb.ecc_start
            and float(np.min(v[rb.ecc_start:rb.ecc_end + 1])) >= -MIN_RAISE_M_S)


def lowered_then_lifted(ch: Chunk, v: np.ndarray, dev: np.ndarray, min_lift_m_s: float = 0.0,
                        lift_per_s: float = 0.0) -> bool:
    """A whole spotter-lifted rep in the chunk, told without trusting the level over a long
    lowering: a clear step down of the force (the spotter taking load) after a lowering that,
    integrated from the rest before and re-zeroed at the break (two instants of zero
    velocity), travelled at least MIN_TRAVEL_M; and the velocity lost
    after the break (the spotter's help) is at least min_lift_m_s, plus lift_per_s (m/s per
    s) for every second from the break to the chunk's end."""
    d = lowpass(dev, ch.rate_hz, FORCE_CUTOFF_HZ)
    brk = _force_break(d, 0, d.size, ch.band_n, ch.rate_hz, launches=False)
    if brk is None:
        return False
    b = brk[0]
    if b < 4 or float(v[-1] - v[b]) > -(min_lift_m_s + lift_per_s * float(ch.t[-1] - ch.t[b])):
        return False             # (the spotter's help, -E*T/m, is gathered after the break)
    vv = zeroed_at_end(v[:b + 1])
    return float(np.min(cumtrapz(vv, ch.t[:b + 1]))) <= -MIN_TRAVEL_M


def _rezeroed_lowering(v: np.ndarray, bottom: int) -> tuple[np.ndarray, int, float] | None:
    """The velocity up to the bottom re-zeroed there (v = 0 at the rest before and at the
    bottom: a level error removed), the index of its fastest descent and that speed (m/s),
    or None if it never went down."""
    if bottom < 4:
        return None
    vv = zeroed_at_end(v[:bottom + 1])
    kk = int(np.argmin(vv))
    peak = -float(vv[kk])
    return (vv, kk, peak) if peak > 0.0 else None


def _hang_before(v: np.ndarray, grab: int, rate_hz: float) -> tuple[int, int] | None:
    """(bottom, start of the raise) of a failing raise the lifter began alone and that hung
    before the spotter's grab at `grab` (beyond failure), or None. The force leaves the level
    into the grab from a still bar - a hang part-way up, or a pause at the bottom - so the
    integral re-zeroed between the rest before and the grab (two instants of zero velocity,
    the spotter not yet touching the bar) is the bar's: where it rose HANG_RISE_M on its own
    after the lowering's bottom, the raise began there, not at the grab (a hang's quiet
    stretch stopped the walk back from the spotter's step, and the raise started 1.5-5 s
    late with its mean force 2-4 % low). A hang is part-way up: the lowering before it went
    MIN_TRAVEL_M down and the rise stays under that depth. After a slow lowering the force
    cannot see (6-8-s negatives) the re-zeroed integral bends a "rise" out of the level
    error, from a "lowering" of millimetres or above the top it started from. A rise straight
    from the bottom (the velocity never back at zero there) starts at that bottom: the lifter
    drives out of the braking into the failing raise (needing a return to zero first left
    these raises starting at the grab, 2-6 s late, their mean force 2-16 % low)."""
    low = _rezeroed_lowering(v, grab)
    if low is None:
        return None
    vv, kk, _ = low
    reach = np.flatnonzero(vv[kk:] >= 0.0)
    if reach.size == 0:
        return None
    bottom = kk + int(reach[0])
    up = vv[bottom:]
    rise = float(np.sum(np.maximum(up, 0.0))) / rate_hz
    if up.size < 4 or rise < HANG_RISE_M:
        return None
    ku = int(np.argmax(up))
    below = np.flatnonzero(up[:ku + 1] <= ONSET_REL * float(up[ku]))
    on = int(below[-1]) if below.size else 0
    zero = np.flatnonzero(up[:on + 1] <= 0.0)
    start = bottom + (int(zero[-1]) + 1 if zero.size else 0)
    depth = -float(np.min(np.cumsum(vv[:bottom + 1]))) / rate_hz
    if not start < grab or depth < MIN_TRAVEL_M or rise >= depth:
        return None
    return bottom, start


def _onset_between_zeros(v: np.ndarray, bottom: int, fallback: int, d: np.ndarray,
                         band: float) -> int:
    """Start of a lowering whose two ends are known instants of zero velocity (the rest before
    the chunk, the bottom from the force break): re-zeroing the forward integral at the bottom
    removes the level error, and the lowering is under way where the downward speed first
    reaches ONSET_REL of its peak. It began where the unweighting that sped it up left the
    level: walked back over the force still under it (d below -EDGE_REL of the band, as a hump's
    edge). A smooth start from rest reaches ONSET_REL of its speed a quarter of the way into its
    speeding up, having moved a millimetre: a 6-s lowering's started 0.1-0.4 s late."""
    low = _rezeroed_lowering(v, bottom)
    if low is None:
        return fallback
    vv, kk, peak = low
    up = np.flatnonzero(vv[:kk + 1] > -ONSET_REL * peak)
    if not up.size:
        return fallback
    on = int(up[-1]) + 1
    late = launch_after(vv, d, on, kk, band, peak)
    if late is not None:
        return late
    if d[on] >= -EDGE_REL * band:
        return on                  # the force no deeper than sway: it cannot date the start
    level = np.flatnonzero(d[:on] >= -EDGE_REL * band)
    start = int(level[-1]) + 1 if level.size else on
    # that force must be the launch: what it took off the speed is the speed at `on`, not a
    # spotter's lift before it (a raise and a lowering in one chunk) that took off far more
    return start if float(v[start] - v[on]) <= LAUNCH_SPEED_SLACK * ONSET_REL * peak else on


def _hidden_onset(v: np.ndarray, bottom: int, rate_hz: float) -> int:
    """Start of a lowering hidden in the top's quiet, the chunk beginning where that rest
    began: re-zeroed between the top's start and the bottom (two instants of zero velocity),
    the integral shows it where it travelled a phase's distance (MIN_TRAVEL_M); it began where
    the downward speed last rose through STOP_REL of its peak, as the rest's integrated noise
    pokes past ONSET_REL (explore 8000-8039: 15 of 17 such starts in tolerance, the rest's
    start 2). Less travel than that is noise (a 5.5-cm lowering in 8 s re-zeroed to
    millimetres, its onset 2-7 s off either way), and the lowering starts at the top's start
    (early by the top's pause, 0.4-4 s)."""
    low = _rezeroed_lowering(v, bottom)
    if low is None:
        return 0
    vv, kk, peak = low
    if -float(np.min(np.cumsum(vv))) / rate_hz < MIN_TRAVEL_M:
        return 0
    up = np.flatnonzero(vv[:kk + 1] > -STOP_REL * peak)
    return int(up[-1]) + 1 if up.size else 0


def _stop_between_zeros(v: np.ndarray, bottom: int, rate_hz: float = 1000.0) -> int | None:
    """End of a lowering from the integral re-zeroed between the rest before and the start
    of the raise (two instants of zero velocity): where the downward speed last was
    STOP_REL of its peak, walked on to where it reached zero - or to where it stopped rising
    towards zero for HOLD_MIN_S within ONSET_REL of the peak: only a braking force slows the bar, and once it stands still
    what the integral still reads is the level's bend over the hold (2-3 mm/s under zero
    through a 1.1-s pause on 93 kg: walked on to zero, the lowering ended at the grab, 0.7-1
    s late, wide 15788). A hold at the bottom stays at zero there, however faint the braking
    that began it."""
    low = _rezeroed_lowering(v, bottom)
    if low is None:
        return None
    vv, kk, peak = low
    on = kk + int(np.flatnonzero(vv[kk:] <= -STOP_REL * peak)[-1])
    zero = np.flatnonzero(vv[on:] >= 0.0)    # walked on to where it reached zero
    end = on + (int(zero[0]) if zero.size else 1)
    hold = max(2, int(HOLD_MIN_S * rate_hz))
    ahead = ahead_max(vv[on:end + 1], hold)
    # a still bar reads only the level's bend (1-3 mm/s); a sway trough in the braking sits
    # further from zero (review: lowerings ended 0.5-1.2 s early with no bottom pause)
    seg = vv[on:end + 1]
    held = np.flatnonzero((seg >= ahead) & (seg >= -ONSET_REL * peak))
    return on + int(held[0]) if held.size else end
