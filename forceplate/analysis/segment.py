"""Stage 6, segment: the reps inside one rest-to-rest chunk - eccentric start and end,
concentric start and end (the contract in docs/analysis.md).

segment_chunk(chunk) is the one place a movement between two proven rests becomes reps. The
velocity comes from the best source the plate has (position or velocity channel, spotter
plate, or the force integral re-zeroed at both rests); boundaries are then refined on the
low-passed force, because at a smooth start or stop the acceleration leaves zero long before
the velocity does. Assisted reps on one plate go to assisted.py, pushed reps without a proven
rest between them to pushed_reps.py."""

from __future__ import annotations

import numpy as np

from forceplate.analysis.assisted import _assisted_rep
from forceplate.analysis.chunk_tops import split_lifted, split_own_reps
from forceplate.analysis.cruise_edges import (
    _leaves_zero,
    _reaches_zero,
    ramp_end,
    ramp_start,
    rep_levelled,
)
from forceplate.analysis.doubt import doubted_lift
from forceplate.analysis.force_humps import braking_edge, flank_edge, stop_past_end
from forceplate.analysis.frames import QUIET_MIN_S, STILL_POS_M
from forceplate.analysis.integrate import (
    Chunk,
    ChunkResult,
    RepBounds,
    chunk_velocity,
    rest_end_index,
)
from forceplate.analysis.measured_edges import (
    VELOCITY_CUTOFF_HZ,
    measured_end,
    measured_start,
    noise_level,
    phase_cutoff,
    slow_velocity,
)
from forceplate.analysis.motion import (
    EDGE_REL,
    FORCE_CUTOFF_HZ,
    HOLD_REL,
    ONSET_REL,
    REL_TRAVEL,
    SMOOTH_PEAK_ACC,
    _end_of_hump,
    _half_speed,
    _Run,
    _start_of_hump,
    direction_runs,
    rezeroed,
    split_low_tops,
)
from forceplate.analysis.pushed_reps import (
    light_lift,
    pushed_plateau,
    pushed_raise_levelled,
    split_pushed,
)
from forceplate.analysis.sigproc import lowpass
from forceplate.analysis.spotted import spotted_reps
from forceplate.analysis.spotter_evidence import faint_lift, spotter_evident, spotter_shown
from forceplate.analysis.top_return import rezeroed_returns
from forceplate.analysis.unproven_helps import lifts_only, pushes_only

# --- thresholds ------------------------------------------------------------------------------
HOLD_V_REL = 0.05           # with a spotter and a bar sensor: a hold is under this share of the speed
MEASURED_CONFIDENCE = 0.95  # boundaries from a measured motion
INTEGRAL_CONFIDENCE = 0.9   # ... from the force integral, scaled down by the residual velocity
ASSISTED_CONFIDENCE = 0.6   # ... from the untouched side of an assisted rep
HIDDEN_CONFIDENCE = 0.4     # ... where a phase's force never left the sway band (m*5.8*D/T^2
                            # under it): half its boundaries are off (measured on 7001-7008)
MISREAD_CONFIDENCE = 0.45   # ... where the chunk reads pushed and the method's spotter only lifts:
                            # "look again" (under the 0.5 shown as sure), not "not seen" (0.4)
BRAKE_END_BANDS = 0.75      # bands the force still sits under m*g where a raise's chunk ends: it
                            # still brakes, its end lies past the chunk (HIDDEN_CONFIDENCE). A top's
                            # sway: two levels read on short windows of a sway wave differ by up to
                            # 0.71 bands (rest_checks.BRAKE_GAP_BANDS); at half a band good reps
                            # were marked as often as missed ones (validation 8700-8749)
CUT_NEAR_S = 0.1            # s, a raise ending this near its chunk's end may have its stop cut off:
                            # the chunk holds QUIET_MIN_S (0.2 s) of the rest after, so a raise that
                            # stopped before its rest began ends further from the chunk's end


def segment_chunk(ch: Chunk, unproven: bool = False) -> ChunkResult:
    """The reps in a rest-to-rest chunk (pushed or lifted reps with no proven rest between them
    split). unproven: no rest closed the chunk (proof_spotter._unproven_helps): its push or help
    plateaus are its reps, as the rest tests found no top the force could show."""
    if unproven:
        v, _, residual = chunk_velocity(ch)
        return (pushes_only if ch.spotter_pushes else lifts_only)(ch, ChunkResult([], v, residual))
    res = split_own_reps(ch, _levels_split(ch), _levels_split)
    if not res.reps and ch.spotter_lifts:
        res = light_lift(ch, res)
    if not res.reps and ch.from_top and ch.spotter_lifts and not ch.raises_hang:
        # a chunk rebuilt from a top because a lift after it proved a lowering hid in the
        # top's quiet (rests.py _from_top), whose integral a level error bent up over the
        # hidden lowering (0.4 N over 5 s on 51 kg: +4 cm/s): its lift plateaus are its reps,
        # as in a chunk no rest closed (unproven_helps.lifts_only)
        res = lifts_only(ch, res)
        if not res.reps and ch.spotter_n is None and faint_lift(ch, *chunk_velocity(ch)[1:]):
            # a help under two bands (14 N on 56 kg inside a 9-N band): the faint lift the
            # rest test proved the chunk by, straight before its top (one plate: faint_lift
            # reads the plate's own force, where a spotter plate's lift does not show)
            res = lifts_only(ch, res, faint=True)
    if not res.reps and res.residual_velocity_m_s > 0.0 and spotter_evident(ch, res.residual_velocity_m_s):
        # a push the force shows, with raises it cannot (unproven_helps.pushes_only)
        return pushes_only(ch, res)
    return res


def _levels_split(ch: Chunk) -> ChunkResult:
    """find_reps, with one assisted rep split where the force levels show several."""
    return split_lifted(ch, split_pushed(ch, find_reps(ch)))


def _turn(d: np.ndarray, v: np.ndarray, first: _Run, second: _Run, band: float,
          by_velocity: bool = False) -> tuple[int, int]:
    """(end of the first phase, start of the second) around a turnaround.

    The stopping hump of the first phase and the launching hump of the second have the same
    sign (braking a lowering pushes up, like starting a raise). A hold between them shows as a
    gap where the force is back inside the band; without a gap the turn is one instant, where
    the velocity crosses zero.
    """
    hump = second.sign
    lo = _half_speed(v, first, after_peak=True)
    hi = _half_speed(v, second, after_peak=False)
    z = first.end if first.end <= second.start else second.start
    if hi - lo < 3:
        return z, z
    if by_velocity:
        # a spotter's force hides the humps: the measured motion shows the hold instead
        vmin = min(abs(float(v[first.peak])), abs(float(v[second.peak])))
        inside = (abs(v[lo:hi]) <= HOLD_V_REL * vmin).nonzero()[0]
    else:
        w = hump * d[lo:hi]
        inside = (w <= HOLD_REL * band).nonzero()[0]
    if inside.size == 0:
        return z, z          # braking runs straight into the next launch
    end, start = lo + int(inside[0]), lo + int(inside[-1]) + 1
    if not by_velocity and inside[0] > 0 and inside[-1] < hi - lo - 1:
        # both humps seen: their edges where they are extrapolated to zero from their flanks
        e2 = flank_edge(d, lo, start, hump, leading=False)
        s2 = flank_edge(d, end, hi, hump, leading=True)
        # past the band's edge where a slow stop's tail (a slow launch's start) sits in the
        # band; inside it where the bar is still there (under ONSET_REL of the phase's peak
        # speed): the force out of the band beyond is a sway wave's half (as a raise's end)
        if e2 is not None and (e2 >= end or abs(v[e2]) <= ONSET_REL * abs(v[first.peak])):
            end = min(e2, start)
        if s2 is not None and (s2 <= start or abs(v[s2]) <= ONSET_REL * abs(v[second.peak])):
            start = max(s2, end)
        start = max(start, end)
    ramped = False
    if not by_velocity:
        # a hump that is already inside the band at half speed is not seen in the force at all
        # (a slow phase brakes with m*5.8*D/T^2: 0.6 N for 7 cm in 8.5 s, under the sway): its
        # edge at half speed would end a slow lowering 1-2 s early. The velocity shows it:
        # where it reaches (leaves) zero
        if inside[0] == 0:
            end = _reaches_zero(v, first.peak, second.peak, first.sign)
            if inside[-1] < hi - lo - 1:
                # the launch is seen though the braking is not: its start where its leading
                # flank extrapolates to zero, not where it crosses half the band (a slow launch
                # leaves m*g flat: 0.15-0.5 s later on a 2-4-s raise)
                s2 = flank_edge(d, lo, hi, hump, leading=True)
                start = s2 if s2 is not None and s2 <= start else start
            if first.sign < 0:
                # a slow lowering brakes flat to zero, where a level error moves the velocity's
                # zero crossing by a second: its braking ramp timed mid-way (cruise_edges.py)
                # on the velocity levelled over this rep (the bar comes back to its top:
                # cruise_edges.rep_levelled), not the chunk-wide re-zeroing's
                r = ramp_end(rep_levelled(v, first.start, second.end), second.peak, first.start,
                             first.end, first.sign)
                end, ramped = (r, True) if r is not None else (end, False)
        if inside[-1] == hi - lo - 1:
            if inside[0] > 0:
                # the stop is seen though the launch is not: it ends where its trailing flank
                # extrapolates to zero (as where both are seen), not where it falls to half
                # the band
                e2 = flank_edge(d, lo, hi, hump, leading=False)
                # ... unless the bar is already under way the other way there: with no bottom
                # pause the braking and the hidden launch are one hump, whose flank runs on
                # into the launch (a raise start 0.3 s late)
                launched = first.sign * v[e2] < 0 and abs(v[e2]) > ONSET_REL * abs(v[second.peak]) if e2 is not None else False
                if e2 is not None and not launched and (e2 >= end or abs(v[e2]) <= ONSET_REL * abs(v[first.peak])):
                    end = e2
            # a slow lowering's launch (rep 2 on, after an unproven top) as its end: its ramp
            # timed mid-way, not the zero crossing a level error moves by a second
            r = ramp_start(v, end, second.start, second.end, -1) if second.sign < 0 else None
            start = r if r is not None else _leaves_zero(v, end, second.peak, second.sign)
        elif ramped:
            # the raise's launch is seen in the force: the lowering stopped before it
            end = min(end, start)
        start = max(start, end)
    return end, start


def _start(v: np.ndarray, lo: int, k: int, sign: int, level: float) -> int:
    """A measured movement's start: extrapolated from its levels over the noise, or where the
    velocity left zero if it has none."""
    s = measured_start(v, lo, k, sign, level)
    return s if s is not None else _leaves_zero(v, lo, k, sign)


def _end(v: np.ndarray, k: int, hi: int, sign: int, level: float) -> int:
    """A measured movement's end (as _start)."""
    e = measured_end(v, k, hi, sign, level)
    return e if e is not None else _reaches_zero(v, k, hi, sign)


def find_reps(ch: Chunk) -> ChunkResult:
    n = ch.t.size
    v_force, dev, residual = chunk_velocity(ch)
    d = lowpass(dev, ch.rate_hz, FORCE_CUTOFF_HZ)
    band = ch.band_n
    assisted = "none"
    if ch.source == "spotter_plate" and ch.spotter_n is not None:
        # a spotter plate measured the help: the untouched side from its rest, the helped
        # phase's edges from the help itself (spotted.py)
        spotted_bounds = spotted_reps(ch, lowpass(dev - ch.spotter_n, ch.rate_hz, FORCE_CUTOFF_HZ))
        if spotted_bounds is not None:
            return ChunkResult(spotted_bounds, rezeroed(v_force, residual, ch.t), residual)
    # a measured motion with a force integral that does not return to zero: a spotter acted
    spotted = ch.source in ("position", "velocity") and spotter_evident(ch, residual)
    v_slow = np.empty(0)            # a measured velocity on a slower low-pass (below)
    if ch.source == "position" and ch.position_m is not None:
        pos = lowpass(ch.position_m, ch.rate_hz, VELOCITY_CUTOFF_HZ)
        v = np.gradient(pos, ch.t)
        v_slow = slow_velocity(ch, 0, n)
        confidence = MEASURED_CONFIDENCE
    elif ch.source == "velocity" and ch.velocity_m_s is not None:
        v = lowpass(ch.velocity_m_s, ch.rate_hz, VELOCITY_CUTOFF_HZ)
        v_slow = slow_velocity(ch, 0, n)
        confidence = MEASURED_CONFIDENCE
    else:
        if (ch.source == "force_integral" and spotter_shown(ch, v_force, dev, residual)
                and (not rezeroed_returns(v_force, residual, ch.t) or pushed_plateau(ch, d, residual))):
            assisted = "lowering" if residual > 0 else "raising"
        if assisted == "none":
            # re-zero at both rests: whatever is left is mass error / drift, spread evenly
            v = rezeroed(v_force, residual, ch.t)
            peak = float(np.maximum.reduce(abs(v))) if n else 0.0   # (= .max(), one call less)
            confidence = INTEGRAL_CONFIDENCE * min(max(1.0 - abs(residual) / max(peak, 1e-6), 0.3), 1.0)
        elif assisted == "lowering":
            v = v_force - residual            # integrated backwards from the rest after
            confidence = ASSISTED_CONFIDENCE
            if ch.spotter_lifts:
                # a spotter who only lifts takes load off the plate (F = m*(g + a) - E, E >= 0)
                # and the chunk loses velocity, -E*T/m: one that gained it shows a level error
                # or reps run together, not that spotter - its levels' boundaries are guesses
                # (beyond failure, explore 8000-8059: 14 of 14 such reps off, 6 shown as sure)
                confidence = min(confidence, MISREAD_CONFIDENCE)
        else:
            v = v_force                       # integrated forwards from the rest before
            confidence = ASSISTED_CONFIDENCE
    runs = direction_runs(v, ch.t, rel=0.0 if assisted != "none" else REL_TRAVEL)
    if assisted != "none":
        found = _assisted_rep(d, v, runs, n, band, assisted, confidence, ch.rate_hz, ch.spotter_pushes,
                             ch.raises_hang, ch.mass_kg, rest_end_index(ch), ch.from_top)
        if assisted == "lowering" and len(found) == 1:
            # the untouched raise re-zeroed between the bottom the force showed (the push's
            # release) and the rest after: two still instants (pushed_raise_levelled)
            levelled = pushed_raise_levelled(d, v, ch.t, band, ch.rate_hz, found[0].ecc_end)
            again = _assisted_rep(d, levelled, runs, n, band, assisted, confidence, ch.rate_hz, ch.spotter_pushes,
                                  ch.raises_hang, ch.mass_kg, rest_end_index(ch), ch.from_top)
            if len(again) == 1:
                found, v = again, levelled
        if assisted == "raising":
            found = [doubted_lift(r, ch, v, dev) for r in found]
        return ChunkResult(found, v, residual)
    src = ch.source
    measured = ch.source in ("position", "velocity")
    if ch.source == "position":
        # a top held still below the last one (lockouts differ) ends a rep too (motion.py)
        runs = split_low_tops(v, ch.t, runs, QUIET_MIN_S, STILL_POS_M)
    # the measured velocity's noise: what the slower low-pass removes, as a robust SD (a fast
    # phase's own content above 2 Hz is brief; the noise is everywhere)
    v_noise = float(np.median(abs(v - v_slow))) / 0.6745 if measured else 0.0
    reps: list[RepBounds] = []
    i = 0
    prev_end = 0                    # where to look for a fresh lowering onset
    carry: int | None = None        # lowering start given by a turnaround at the top
    while i + 1 < len(runs):
        down, up = runs[i], runs[i + 1]
        if not (down.sign < 0 < up.sign):
            prev_end, carry = runs[i].end, None
            i += 1
            continue
        if measured:
            # the bar's own velocity: every boundary is where it leaves or reaches zero, read
            # on a low-pass at the phase's own bandwidth (phase_cutoff: 2 Hz for phases of 2 s
            # and more) of that phase's own stretch (over the whole chunk
            # the slow filter rings ahead of the next, faster phase) and extrapolated to zero
            # from the levels it crosses over the noise (measured_edges.py). At 10 Hz the
            # differentiated position noise (2 mm/s) crossed zero while the bar still crept
            # (raise ends 0.15-0.4 s early) or drifted in a hold (a raise's start walked back
            # into the hold): unassisted position boundaries 98.1 -> 99.2 % on 8000-8019,
            # 98.2 -> 99.2 % on 8100-8149
            nxt = runs[i + 2] if i + 2 < len(runs) else None
            fc = phase_cutoff(ch, down)
            lv = noise_level(v_noise, fc)
            lo, hi = prev_end, max(down.peak + 1, _leaves_zero(v, down.peak, up.peak, 1))
            w = slow_velocity(ch, lo, hi, fc)
            ecc_start = lo + _start(w, 0, down.peak - lo, -1, lv)
            ecc_end = lo + _end(w, down.peak - lo, hi - lo, -1, lv)
            lo = min(ecc_end, up.peak)
            hi = n if nxt is None else max(up.peak + 1, _leaves_zero(v, up.peak, nxt.peak, -1))
            fc = phase_cutoff(ch, up)
            lv = noise_level(v_noise, fc)
            w = slow_velocity(ch, lo, hi, fc)
            con_start = max(ecc_end, lo + _start(w, 0, up.peak - lo, 1, lv))
            con_end = lo + _end(w, up.peak - lo, hi - lo, 1, lv)
            prev_end = con_end
            label = ("lowering" if residual > 0 else "raising") if spotted else "none"
            reps.append(RepBounds(ecc_start, ecc_end, con_start, con_end, src, confidence, label,
                                  True, True))
            i += 2
            continue
        if carry is not None:
            ecc_start = carry
        else:
            s0 = _start_of_hump(d, prev_end, down.peak, -1, band)
            # no unweighting hump out of the band (a slow lowering): its launch ramp timed
            # mid-way and extrapolated to zero (cruise_edges.py), or where the velocity left zero
            r = ramp_start(v, prev_end, down.start, down.end, -1) if s0 is None else None
            ecc_start = s0 if s0 is not None else (r if r is not None else _leaves_zero(v, prev_end, down.peak, -1))
            if ch.source == "force_integral" and s0 is not None:
                # the unweighting's leading flank extrapolated to zero (a slow launch leaves
                # m*g long before it crosses half the band), as a raise's launch (_turn)
                f = flank_edge(d, prev_end, down.peak, -1, leading=True)
                ecc_start = min(ecc_start, f) if f is not None else ecc_start
                s0 = ecc_start
                # a sway wave running into the unweighting walks the hump start back too far:
                # the velocity must already be on its way down there
                vp = abs(float(v[down.peak]))
                seg = v[s0:down.peak + 1]
                above = (seg > -ONSET_REL * vp).nonzero()[0]
                if above.size:
                    k = s0 + int(above[-1])
                    back = (v[s0:k + 1] >= 0.0).nonzero()[0]
                    ecc_start = max(ecc_start, s0 + int(back[-1]) if back.size else s0)
        ecc_end, con_start = _turn(d, v, down, up, band, by_velocity=spotted)
        nxt = runs[i + 2] if i + 2 < len(runs) else None
        if nxt is not None and nxt.sign < 0:
            con_end, carry = _turn(d, v, up, nxt, band, by_velocity=spotted)
        else:
            stop = n if nxt is None else nxt.start
            e = _end_of_hump(d, up.peak, up.end, -1, band, stop=stop)
            if ch.source == "force_integral":
                if e is None and up.end < stop and d[min(up.end, n - 1)] < 0.0:
                    # no braking hump over the band, but the re-zeroed velocity reached zero
                    # inside one: a level error of a few tenths of a newton ends the integral's
                    # raise early, while the force still brakes (a 159-kg raise 11 N under m*g
                    # as its velocity crossed zero, under a 17-N band of sway, 0.2 s before the
                    # bar stopped). Its end is that hump's, where it is seen over the noise
                    f = braking_edge(d, up.peak, min(up.end, n - 1), stop, EDGE_REL * band)
                    e = f if f is not None and f > up.end else None
                elif e is not None:
                    # the raise's braking hump, its trailing flank extrapolated to zero. Past
                    # the half-band crossing where the stop's slow tail sits in the band; before
                    # it where the bar has stopped there (under ONSET_REL of its peak speed): the
                    # force still under m*g after it is a sway wave's half running on from the
                    # braking (a 205-kg, 35-cm raise: 10 N for 0.2 s after the bar stopped)
                    f = braking_edge(d, up.peak, e, stop, 0.0)
                    if f is not None:
                        f = min(f, stop - 1)
                        e = f if f >= e or v[f] <= ONSET_REL * v[up.peak] else e
                if e is not None and v[e] > ONSET_REL * v[up.peak]:
                    # still rising at a tenth of its peak speed: that hump was a sticking point
                    # (a fatigued raise slows mid-way), and its stop, too slow to show in the
                    # force, is where the velocity reaches zero
                    e = max(e, _reaches_zero(v, up.peak, stop, 1))
            con_end, carry = (e if e is not None else min(up.end, n - 1)), None
        prev_end = con_end
        label = ("lowering" if residual > 0 else "raising") if spotted else "none"
        conf = confidence
        past = 0.0
        if src == "force_integral":
            conf = _seen_confidence(ch, d, v, confidence, ecc_start, ecc_end, con_start, con_end)
            if con_end >= n - 2 and d[n - 1] < -BRAKE_END_BANDS * band:
                # the raise still brakes where the chunk ends: its rest was proven before the
                # braking faded (a slow stop's tail inside the band), and its end lies past
                # the chunk, where it cannot be placed (0.2-0.9 s later on explore 8000-8039)
                conf = min(conf, HIDDEN_CONFIDENCE)
            if (nxt is None and con_end >= n - 1 - CUT_NEAR_S * ch.rate_hz
                    and (past := stop_past_end(d, v, up.peak, EDGE_REL * band, ch.mass_kg, ch.rate_hz)) > 0.0):
                # ... but where the chunk's last raise has its braking hump cut off, the hump's
                # symmetry says how much later the bar stops (force_humps.stop_past_end) - also
                # where the hump's flank ended it a few frames before the chunk's end
                con_end, past = n - 1, past / ch.rate_hz
        reps.append(RepBounds(ecc_start, ecc_end, con_start, con_end, src, conf, label, True, True,
                              past))
        i += 2
    return ChunkResult(reps, v, residual)


def _seen_confidence(ch: Chunk, d: np.ndarray, v: np.ndarray, confidence: float, *bounds: int) -> float:
    """A phase whose force never left the sway band - measured, or by its own travel D and
    duration T (a smooth phase deviates from m*g by about m*5.8*D/T^2: if that is under half
    the band, whatever the force shows there is sway) - is found on the integral alone, where
    a level error of a tenth of a newton over its seconds is as large as its speed: its
    boundaries are half as often right (docs/analysis.md, the bound). Such a rep is marked
    low-confidence."""
    for a, b in zip(bounds[::2], bounds[1::2], strict=True):
        if b <= a:
            continue
        dur = float(ch.t[b] - ch.t[a])
        travel = abs(float(np.add.reduce(v[a:b]))) / ch.rate_hz   # (= .sum(), .max(): fewer calls)
        if (float(np.maximum.reduce(abs(d[a:b]))) < ch.band_n
                or ch.mass_kg * SMOOTH_PEAK_ACC * travel / max(dur, 1e-9) ** 2 < EDGE_REL * ch.band_n):
            return min(confidence, HIDDEN_CONFIDENCE)
    return confidence
