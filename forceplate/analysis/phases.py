"""Phase boundaries of the reps inside one rest-to-rest chunk of samples.

The chunk runs from the end of a proven rest to the start of the next one. The velocity
comes from the best source the plate has (position or velocity channel, spotter plate,
or the force integral); boundaries are then refined on the low-passed force, because at a
smooth start or stop the acceleration (force) leaves zero long before the velocity does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from forceplate.analysis.sigproc import cumtrapz, lowpass, sign_runs
from forceplate.units import G

FORCE_CUTOFF_HZ = 8.0       # low-pass for boundary refinement (movement is < 3 Hz)
VELOCITY_CUTOFF_HZ = 10.0   # low-pass of position/velocity channels
MIN_TRAVEL_M = 0.02         # a direction run moving less than this is not a phase
REL_TRAVEL = 0.25           # ... nor one moving less than this share of the chunk's largest
HUMP_REL = 0.25           # a launching/stopping hump: over this share of its own peak
EDGE_REL = 0.5            # a phase edge: where the force hump falls to this share of the band
HOLD_REL = 0.5             # a hold's edges: where the humps fall to this share of the band
HOLD_V_REL = 0.05          # with a spotter and a bar sensor: a hold is under this share of the speed
ASSISTED_V_M_S = 0.2        # |residual velocity| over a rest-to-rest chunk above this: a spotter acted
MAX_LEVEL_ERR_REL = 0.01    # two rests within this share of the weight count as one level
LEVEL_REL_ERR = 0.001       # a rest level is known to about this share of the weight
VELOCITY_TRUST = 0.3        # ... the integral is trusted while that error stays under this share of the speed
BREAK_DIP_BANDS = 3.0       # the spotter's step down must stand this many force bands out
STEP_MIN_S = 0.15           # the spotter's share of a raise holds the force down this long
HOLD_MIN_S = 0.1            # the force at its level this long: a hold, not a crossing
BRAKE_LOOKBACK_S = 3.0      # a braking hump before the break: searched this far back
ONSET_REL = 0.1            # a lowering has started once it reaches this share of its peak speed
BREAK_CONFIDENCE = 0.5      # bottom from the force break (no valid velocity at the bottom)
LOCKOUT_SPREAD_M = 0.06     # one lockout may sit this far above the last
TOP_REL_S = 0.35            # back at the top: displacement under this share of the furthest


@dataclass(frozen=True, slots=True)
class Chunk:
    t: np.ndarray             # sample times, s
    fk: np.ndarray            # force that moves the lifter+bar (plate, + spotter plate if any), N
    level0_n: float           # rest level of fk before the chunk
    level1_n: float           # rest level after it
    mass_kg: float            # system mass (lifter + bar)
    band_n: float             # force noise band
    rate_hz: float
    position_m: np.ndarray | None = None
    velocity_m_s: np.ndarray | None = None
    source: str = "force_integral"   # "position" | "velocity" | "spotter_plate" | "force_integral"
    spotter_n: np.ndarray | None = None   # measured spotter force E per sample (+ lifts), if any
    spotter_expected: bool = True     # the method has a spotter (a prior: see spotter_evident)


@dataclass(frozen=True, slots=True)
class RepBounds:
    ecc_start: int            # sample indices into the chunk
    ecc_end: int
    con_start: int
    con_end: int
    source: str               # phase_source
    confidence: float
    assisted: str             # "none" | "raising" | "lowering"
    ecc_velocity_valid: bool
    con_velocity_valid: bool


@dataclass(frozen=True, slots=True)
class ChunkResult:
    reps: list[RepBounds]
    velocity_m_s: np.ndarray          # best estimate over the chunk (see validity flags per rep)
    residual_velocity_m_s: float      # force-integral velocity left at the end (drift / spotter)


def chunk_velocity(ch: Chunk) -> tuple[np.ndarray, np.ndarray, float]:
    """(forward-integrated velocity from the force, deviation from the rest baseline, residual)."""
    t = ch.t
    frac = (t - t[0]) / max(t[-1] - t[0], 1e-9)
    base = ch.level0_n + (ch.level1_n - ch.level0_n) * frac   # drift between the two weighings
    dev = ch.fk - base
    v = cumtrapz(dev, t) / ch.mass_kg
    return v, dev, float(v[-1])


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


def rezeroed_returns(v: np.ndarray, residual: float, t: np.ndarray, top_rel: float = TOP_REL_S,
                     need_raise: bool = False) -> bool:
    """The unassisted hypothesis: a constant force error (mass error, drift) makes the velocity
    residual grow linearly, so removing it linearly must leave a motion that ends back near
    the top (displacement under top_rel of the furthest). A spotter's force acts in one phase
    only: re-zeroing then leaves a displacement error of about E*T_ecc*T_con/(2m) - metres -
    that does not come back. The size of the residual alone cannot tell the two apart on
    slow, short lifts, where a 0.5% weighing error outgrows the true speed."""
    duration = max(float(t[-1] - t[0]), 1e-9)
    if abs(residual) > G * MAX_LEVEL_ERR_REL * duration:
        return False             # a level error that large would not have passed as one rest level
    frac = (t - t[0]) / duration
    vz = v - residual * frac
    s = cumtrapz(vz, t)
    far = float(np.max(np.abs(s))) if s.size else 0.0
    if far <= MIN_TRAVEL_M:
        return True
    return back_at_top(s, top_rel) and (not need_raise or last_moved_up(vz, t))


def back_at_top(s: np.ndarray, top_rel: float, measured: bool = False) -> bool:
    """The displacement s (from a rest at the top) ends back near the top: risen from its
    lowest point at least (1 - top_rel) of the way back, and not above the start by more than
    LOCKOUT_SPREAD_M (or top_rel of the furthest). One lockout is not the next: on short lifts
    the two tops can be centimetres apart, a good share of the travel; a hold at the bottom or
    a stall part-way up does not pass, nor a level error's bend far above the start. A measured
    displacement (bar position) has no such bend: it may end as far above the start as it went
    below it."""
    depth = max(-float(np.min(s)), 0.0)
    end = float(s[-1])
    above = depth if measured else LOCKOUT_SPREAD_M
    return end >= -top_rel * depth and end <= max(above, top_rel * float(np.max(np.abs(s))))


def last_moved_up(v: np.ndarray, t: np.ndarray) -> bool:
    """A rest at the top follows a raising: the chunk's last phase-sized run of one direction
    goes up. A hold at the bottom follows a lowering, however a level error bends the
    displacement back towards the top."""
    runs = direction_runs(v, t)
    return not runs or runs[-1].sign > 0


def rezeroed_rep(v: np.ndarray, residual: float, t: np.ndarray, top_rel: float = TOP_REL_S) -> bool:
    """A whole rep under a level error: with the constant force error removed (the velocity
    re-zeroed linearly at both ends), the bar went down at least 2*MIN_TRAVEL_M and came back
    near the top (a lowering and a raising of about the same travel). The middle of a slow
    lowering ends at its furthest point and a hold at the bottom stays down, so neither passes."""
    duration = max(float(t[-1] - t[0]), 1e-9)
    frac = (t - t[0]) / duration
    s = cumtrapz(v - residual * frac, t)
    if s.size == 0:
        return False
    low = float(np.min(s))
    return (low <= -2.0 * MIN_TRAVEL_M and back_at_top(s, top_rel)
            and last_moved_up(v - residual * frac, t))


def drift_fixed(ch: Chunk, max_err_n: float) -> Chunk | None:
    """The chunk with a force error c0 + c1*(t - t0) removed, chosen so that the velocity
    and the displacement both end at zero (a chunk known to end at rest at its starting
    height), or None if that error is larger than max_err_n anywhere in the chunk."""
    t = ch.t
    if t.size < 8:
        return None
    tau = t - t[0]
    big_t = float(tau[-1])
    v, dev, _ = chunk_velocity(ch)
    i1 = float(v[-1]) * ch.mass_kg                        # impulse of the deviation
    i2 = float(cumtrapz(v, t)[-1]) * ch.mass_kg           # its double integral
    a = np.array([[big_t, big_t ** 2 / 2.0], [big_t ** 2 / 2.0, big_t ** 3 / 6.0]])
    try:
        c0, c1 = np.linalg.solve(a, np.array([i1, i2]))
    except np.linalg.LinAlgError:
        return None
    if max(abs(c0), abs(c0 + c1 * big_t)) > max_err_n:
        return None
    return replace(ch, fk=ch.fk - (c0 + c1 * tau))


def _start_of_hump(d: np.ndarray, lo: int, hi: int, sign: int, band: float,
                   rel: float = HUMP_REL) -> int | None:
    """Where a force hump of the given sign (0: either) that first exceeds the band in [lo, hi)
    starts: the last zero crossing before it (not before lo)."""
    if hi <= lo:
        return None
    seg = d[lo:hi]
    if sign == 0:
        over = np.flatnonzero(np.abs(seg) > band)
        if over.size == 0:
            return None
        sign = 1 if seg[over[0]] > 0 else -1
    # the hump must stand out of the band and be a good part of its own peak: a sway wave
    # before the movement is not its start
    level = max(band, rel * float(np.max(sign * seg)))
    over = np.flatnonzero(sign * seg > level)
    if over.size == 0:
        return None
    i = int(over[0])
    back = np.flatnonzero(sign * seg[:i] <= EDGE_REL * band)
    return lo + (int(back[-1]) + 1 if back.size else 0)


def _end_of_hump(d: np.ndarray, lo: int, hi: int, sign: int, band: float, stop: int,
                 rel: float = HUMP_REL) -> int | None:
    """Where the last hump of the given sign (0: either) over the band in [lo, hi) ends: the
    first zero crossing after it (searching up to stop)."""
    if hi <= lo:
        return None
    seg = d[lo:hi]
    if sign == 0:
        over = np.flatnonzero(np.abs(seg) > band)
        if over.size == 0:
            return None
        sign = 1 if seg[over[-1]] > 0 else -1
    level = max(band, rel * float(np.max(sign * seg)))
    over = np.flatnonzero(sign * seg > level)
    if over.size == 0:
        return None
    i = lo + int(over[-1])
    fwd = np.flatnonzero(sign * d[i:stop] <= EDGE_REL * band)
    return i + int(fwd[0]) if fwd.size else None


@dataclass(frozen=True, slots=True)
class _Run:
    start: int
    end: int      # exclusive
    sign: int
    peak: int     # index of max |v|


def direction_runs(v: np.ndarray, t: np.ndarray, rel: float = REL_TRAVEL) -> list[_Run]:
    """Runs of one direction of motion that travel far enough to be a phase; same-direction
    runs separated only by jitter are merged."""
    starts, ends, signs = sign_runs(v)
    if starts.size == 0:
        return []
    s = cumtrapz(v, t)
    travel = np.abs(s[np.minimum(ends, s.size - 1)] - s[starts])
    keep = travel >= max(MIN_TRAVEL_M, rel * float(travel.max())) if travel.size else []
    runs: list[_Run] = []
    for a, b, sg, k in zip(starts, ends, signs, keep, strict=True):
        if not k or sg == 0:
            continue
        a, b, sg = int(a), int(b), int(sg)
        if runs and runs[-1].sign == sg:
            prev = runs[-1]
            seg = np.abs(v[prev.start:b])
            runs[-1] = _Run(prev.start, b, sg, prev.start + int(np.argmax(seg)))
        else:
            runs.append(_Run(a, b, sg, a + int(np.argmax(np.abs(v[a:b])))))
    return runs


def _half_speed(v: np.ndarray, run: _Run, after_peak: bool) -> int:
    """Index where |v| is at half the run's peak, on the far side of the peak (after_peak)
    or the near side: a point safely inside the phase's braking (or launch) hump. The outermost
    crossing, so that a sticking point (the speed sagging mid-phase) stays inside the phase."""
    half = 0.5 * abs(float(v[run.peak]))
    if after_peak:
        idx = np.flatnonzero(np.abs(v[run.peak:run.end]) >= half)
        return run.peak + (int(idx[-1]) + 1 if idx.size else 0)
    idx = np.flatnonzero(np.abs(v[run.start:run.peak + 1]) >= half)
    return run.start + (int(idx[0]) - 1 if idx.size else run.peak - run.start)


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
        inside = np.flatnonzero(np.abs(v[lo:hi]) <= HOLD_V_REL * vmin)
    else:
        w = hump * d[lo:hi]
        inside = np.flatnonzero(w <= HOLD_REL * band)
    if inside.size == 0:
        return z, z          # braking runs straight into the next launch
    return lo + int(inside[0]), lo + int(inside[-1]) + 1


def _leaves_zero(v: np.ndarray, lo: int, k: int, sign: int) -> int:
    """Start of the movement in direction sign whose speed peaks at k: the last point before
    it is on its way (ONSET_REL of the peak), walked back to where the velocity left zero
    (not before lo). On a measured motion this is the instant itself, however slow the
    movement: the velocity has no level error to hide it."""
    w = sign * v[lo:k + 1]
    if w.size == 0:
        return lo
    below = np.flatnonzero(w <= ONSET_REL * float(w[-1]))
    if below.size == 0:
        return lo
    zero = np.flatnonzero(w[:int(below[-1]) + 1] <= 0.0)
    return lo + (int(zero[-1]) + 1 if zero.size else 0)


def _reaches_zero(v: np.ndarray, k: int, hi: int, sign: int) -> int:
    """End of the movement in direction sign whose speed peaks at k: from the last point still
    on its way (ONSET_REL of the peak) to where the velocity is back at zero (before hi)."""
    w = sign * v[k:hi]
    if w.size == 0:
        return min(k, v.size - 1)
    below = np.flatnonzero(w <= ONSET_REL * float(w[0]))
    above = np.flatnonzero(w > ONSET_REL * float(w[0]))
    start = int(above[-1]) if above.size else 0
    zero = np.flatnonzero(w[start:] <= 0.0)
    if zero.size:
        return k + start + int(zero[0])
    return k + (int(below[-1]) if below.size else w.size - 1)


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from forceplate.analysis.sigproc import bool_runs
    return bool_runs(mask)


def find_reps(ch: Chunk) -> ChunkResult:
    n = ch.t.size
    v_force, dev, residual = chunk_velocity(ch)
    d = lowpass(dev, ch.rate_hz, FORCE_CUTOFF_HZ)
    band = ch.band_n
    assisted = "none"
    # a measured motion with a force integral that does not return to zero: a spotter acted
    spotted = ch.source in ("position", "velocity") and spotter_evident(ch, residual)
    if ch.source == "position" and ch.position_m is not None:
        pos = lowpass(ch.position_m, ch.rate_hz, VELOCITY_CUTOFF_HZ)
        v = np.gradient(pos, ch.t)
        confidence = 0.95
    elif ch.source == "velocity" and ch.velocity_m_s is not None:
        v = lowpass(ch.velocity_m_s, ch.rate_hz, VELOCITY_CUTOFF_HZ)
        confidence = 0.95
    else:
        if (ch.source == "force_integral" and spotter_evident(ch, residual)
                and not rezeroed_returns(v_force, residual, ch.t)):
            assisted = "lowering" if residual > 0 else "raising"
        if assisted == "none":
            # re-zero at both rests: whatever is left is mass error / drift, spread evenly
            frac = (ch.t - ch.t[0]) / max(ch.t[-1] - ch.t[0], 1e-9)
            v = v_force - residual * frac
            peak = float(np.max(np.abs(v))) if n else 0.0
            confidence = 0.9 * float(np.clip(1.0 - abs(residual) / max(peak, 1e-6), 0.3, 1.0))
        elif assisted == "lowering":
            v = v_force - residual            # integrated backwards from the rest after
            confidence = 0.6
        else:
            v = v_force                       # integrated forwards from the rest before
            confidence = 0.6
    runs = direction_runs(v, ch.t, rel=0.0 if assisted != "none" else REL_TRAVEL)
    if assisted != "none":
        return ChunkResult(_assisted_rep(d, v, runs, n, band, assisted, confidence, ch.rate_hz), v, residual)
    src = ch.source
    measured = ch.source in ("position", "velocity")
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
            # the bar's own velocity: every boundary is where it leaves or reaches zero
            ecc_start = _leaves_zero(v, prev_end, down.peak, -1)
            ecc_end = _reaches_zero(v, down.peak, up.peak, -1)
            con_start = max(ecc_end, _leaves_zero(v, ecc_end, up.peak, 1))
            nxt = runs[i + 2] if i + 2 < len(runs) else None
            con_end = _reaches_zero(v, up.peak, nxt.peak if nxt is not None else n, 1)
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
            ecc_start = s0 if s0 is not None else down.start
            if ch.source == "force_integral" and s0 is not None:
                # a sway wave running into the unweighting walks the hump start back too far:
                # the velocity must already be on its way down there
                vp = abs(float(v[down.peak]))
                seg = v[s0:down.peak + 1]
                above = np.flatnonzero(seg > -ONSET_REL * vp)
                if above.size:
                    k = s0 + int(above[-1])
                    back = np.flatnonzero(v[s0:k + 1] >= 0.0)
                    ecc_start = max(ecc_start, s0 + int(back[-1]) if back.size else s0)
        ecc_end, con_start = _turn(d, v, down, up, band, by_velocity=spotted)
        nxt = runs[i + 2] if i + 2 < len(runs) else None
        if nxt is not None and nxt.sign < 0:
            con_end, carry = _turn(d, v, up, nxt, band, by_velocity=spotted)
        else:
            stop = n if nxt is None else nxt.start
            e = _end_of_hump(d, up.peak, up.end, -1, band, stop=stop)
            con_end, carry = (e if e is not None else min(up.end, n - 1)), None
        prev_end = con_end
        label = ("lowering" if residual > 0 else "raising") if spotted else "none"
        reps.append(RepBounds(ecc_start, ecc_end, con_start, con_end, src, confidence, label,
                              True, True))
        i += 2
    return ChunkResult(reps, v, residual)


def _gaps(d: np.ndarray, lo: int, hi: int, band: float, min_len: int) -> list[tuple[int, int]]:
    """Stretches inside [lo, hi) where the force is back inside the band, between two humps."""
    if hi - lo < 3:
        return []
    out = np.abs(d[lo:hi]) > band
    starts, ends = _runs(~out)
    return [(lo + int(a), lo + int(b)) for a, b in zip(starts, ends, strict=True)
            if a > 0 and b < out.size and b - a >= min_len]


def _hold(d: np.ndarray, gap: tuple[int, int], band: float, hump: int = 0) -> tuple[int, int]:
    """A hold at the turnaround: from where the stopping hump fades into the band to where the
    next hump starts to rise out of it (hump: their sign, 0 if unknown)."""
    ga, gb = gap
    w = d[ga:gb] * hump if hump else np.abs(d[ga:gb])
    quiet = np.flatnonzero(w <= HOLD_REL * band)
    if quiet.size == 0:
        mid = (ga + gb) // 2
        return mid, mid
    return ga + int(quiet[0]), ga + int(quiet[-1]) + 1


def lowered_then_lifted(ch: Chunk, v: np.ndarray, dev: np.ndarray) -> bool:
    """A whole spotter-lifted rep in the chunk, told without trusting the level over a long
    lowering: a clear step down of the force (the spotter taking load) after a lowering that,
    integrated from the rest before and re-zeroed at the break (two instants of zero
    velocity), travelled at least MIN_TRAVEL_M."""
    d = lowpass(dev, ch.rate_hz, FORCE_CUTOFF_HZ)
    brk = _force_break(d, 0, d.size, ch.band_n, ch.rate_hz)
    if brk is None:
        return False
    b = brk[0]
    if b < 4:
        return False
    vv = v[:b + 1] - v[b] * np.linspace(0.0, 1.0, b + 1)
    return float(np.min(cumtrapz(vv, ch.t[:b + 1]))) <= -MIN_TRAVEL_M


def _onset_between_zeros(v: np.ndarray, bottom: int, fallback: int) -> int:
    """Start of a lowering whose two ends are known instants of zero velocity (the rest before
    the chunk, the bottom from the force break): re-zeroing the forward integral at the bottom
    removes the level error, and the onset is where the downward speed first reaches
    ONSET_REL of its peak, walked back to where it left zero."""
    if bottom < 4:
        return fallback
    vv = v[:bottom + 1] - v[bottom] * np.linspace(0.0, 1.0, bottom + 1)
    kk = int(np.argmin(vv))
    peak = -float(vv[kk])
    if peak <= 0.0:
        return fallback
    up = np.flatnonzero(vv[:kk + 1] > -ONSET_REL * peak)
    return int(up[-1]) + 1 if up.size else fallback


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
    starts, ends = _runs(d[mid:j + 1] < -band)
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
    starts, ends, vals = sign_runs(lab)
    hold = max(2, int(HOLD_MIN_S * rate_hz))
    allowed = [1, -1]            # going back: the launch, then the spotter's grab
    i = starts.size - 1
    if i >= 0 and vals[i] < 0:
        i -= 1                   # the step's own way down
    while i >= 0:
        r0, r1, sg = a + int(starts[i]), a + int(ends[i]), int(vals[i])
        if sg == 0:
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


def _assisted_rep(d: np.ndarray, v: np.ndarray, runs: list[_Run], n: int, band: float,
                  assisted: str, confidence: float, rate_hz: float = 1000.0) -> list[RepBounds]:
    """One rep per chunk when a spotter acted: the velocity is only valid on the side the
    spotter did not touch (integrated from the rest on that side); the other boundaries
    come from the force levels: the humps of launching and stopping, and the quiet hold
    between them."""
    min_gap = max(2, int(0.04 * rate_hz))
    if assisted == "lowering":
        k = int(np.argmax(v))                     # peak of the (valid) raise
        vmax = float(v[k])
        if vmax <= 0.02:
            return []
        below = np.flatnonzero(v[:k] <= 0.5 * vmax)
        hi = int(below[-1]) if below.size else k
        s0 = _start_of_hump(d, 0, hi, 0, band, rel=0.0)
        ecc_start = 0 if s0 is None else s0
        gaps = _gaps(d, ecc_start, hi, band, min_gap)
        if gaps:
            ecc_end, con_start = _hold(d, gaps[-1], band)
        else:
            zero = np.flatnonzero(v[:k] <= 0.0)
            ecc_end = con_start = int(zero[-1]) if zero.size else hi
        e1 = _end_of_hump(d, k, n, 0, band, stop=n, rel=0.0)
        con_end = n - 1 if e1 is None else e1
    else:
        run_min = np.minimum.accumulate(v)
        back = np.flatnonzero((run_min <= -0.015) & ((v - run_min) >= 0.7 * np.abs(run_min)))
        trusted = False
        ecc_start = ecc_end = con_start = con_end = 0
        if back.size:
            j = int(back[0])
            k = int(np.argmin(v[:j + 1]))             # peak of the (valid) lowering
            vmin = float(v[k])
            s0 = _start_of_hump(d, 0, k, -1, band)   # the untouched side: as unassisted
            ecc_start = 0 if s0 is None else s0
            after = np.flatnonzero(v[k:] >= 0.5 * vmin)
            lo = k + (int(after[0]) if after.size else 0)
            e1 = _end_of_hump(d, lo, n, 0, band, stop=n, rel=0.0)
            con_end = n - 1 if e1 is None else e1
            gaps = _gaps(d, lo, con_end, band, min_gap)
            if gaps:
                ecc_end, con_start = _hold(d, gaps[0], band)
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
                e1 = _end_of_hump(d, con_start, n, 0, band, stop=n, rel=0.0)
                con_end = n - 1 if e1 is None else e1
                confidence = BREAK_CONFIDENCE
    if not ecc_start < ecc_end <= con_start < con_end:
        return []
    return [RepBounds(ecc_start, ecc_end, con_start, con_end, "force_levels", confidence,
                      assisted, assisted == "raising", assisted == "lowering")]
