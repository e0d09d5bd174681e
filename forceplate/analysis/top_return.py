"""Stage 4, prove a rest: the tests on a chunk integrated from one quiet run to the next -
did the bar travel at all, and did it come back to the top (under a constant level error or
the plate's drift, removed as the physics allows)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from forceplate.analysis.assisted import LEVEL_REL_ERR
from forceplate.analysis.came_back import came_back
from forceplate.analysis.frames import QUIET_MIN_S
from forceplate.analysis.integrate import DRIFT_PRIOR_N_S, Chunk, chunk_velocity
from forceplate.analysis.motion import (
    FORCE_CUTOFF_HZ,
    MIN_TRAVEL_M,
    direction_runs,
    displacement,
    rezeroed,
)
from forceplate.analysis.sigproc import cumtrapz, lowpass, mean_sd
from forceplate.analysis.spotter_evidence import LIFT_LEVEL_ERRS, MAX_LEVEL_ERR_REL
from forceplate.units import G

# --- thresholds ------------------------------------------------------------------------------
TOP_REL_S = 0.35           # displacement at a rest: back up all but this share of the depth
REZERO_TOP_REL = 0.5       # ... under a level error: drift and lockouts a few cm apart blur the top
LOCKOUT_SPREAD_M = 0.06    # m, one lockout may sit this far above the last (on the force integral)
LOW_FREQ_NOISE = 2.0       # the noise's power at low frequencies over its white part's: converters
                           # add coloured (1/f-like) noise about as strong over seconds as the white.
                           # Assumed, not measured: at rests sway shares its band (branch cno), and
                           # the *_NOISE_SDS thresholds are tuned on this (under-reading) estimate
SANK_NOISE_SDS = 3.0       # SDs of the plate's integrated noise a sinking after a help must exceed
                           # (noise_travel_m; as proof.NOISE_MOVED_SDS for a whole rep's travel)


def noise_travel_m(ch: Chunk, dev: np.ndarray) -> float:
    """The SD (m) of the displacement the plate's own noise integrates to over the chunk, re-zeroed
    at both rests (a Brownian bridge's integral: sqrt(q*T^3/12)/m, q the noise impulse's variance
    per second). The frame noise is taken from the frame-to-frame differences at the two rests
    (sway, 0.2-1.5 Hz, hardly moves from one 10-ms frame to the next). A 2-cell plate at 500 Hz
    with 4.7 N of noise per cell: 1.2 cm over a 6-s rep of 123 kg - a fifth of a 6-cm lift."""
    k = int(max(QUIET_MIN_S * ch.rate_hz, 4.0))
    if dev.size < 2 * k + 2:
        return 0.0
    # (np.diff of both ends into one buffer, and np.std as mean_sd: the same numbers, a
    # tenth of the calls - this runs on every rest test)
    d = np.empty(2 * k - 2)
    np.subtract(dev[1:k], dev[:k - 1], out=d[:k - 1])
    np.subtract(dev[dev.size - k + 1:], dev[dev.size - k:-1], out=d[k - 1:])
    sd_frame = mean_sd(d)[1] / np.sqrt(2.0)
    q = LOW_FREQ_NOISE * sd_frame ** 2 / ch.rate_hz
    duration = float(ch.t[-1] - ch.t[0])
    return float(np.sqrt(q * duration ** 3 / 12.0)) / ch.mass_kg


def rezeroed_returns(v: np.ndarray, residual: float, t: np.ndarray, top_rel: float = TOP_REL_S,
                     need_raise: bool = False, drift_m: float = 0.0, above_m: float = 0.0) -> bool:
    """The unassisted hypothesis: a constant force error (mass error, drift) makes the velocity
    residual grow linearly, so removing it linearly must leave a motion that ends back near
    the top (displacement under top_rel of the furthest). A spotter's force acts in one phase
    only: re-zeroing then leaves a displacement error of about E*T_ecc*T_con/(2m) - metres -
    that does not come back. The size of the residual alone cannot tell the two apart on
    slow, short lifts, where a 0.5% weighing error outgrows the true speed. drift_m: how far
    a drift of the plate's zero (a force error growing linearly) may leave the re-zeroed top
    below where it ends: the linear re-zero removes a constant error, not the drift's bend.
    above_m: how much higher the end may read from the plate's noise integrated over the chunk."""
    duration = max(float(t[-1] - t[0]), 1e-9)
    if abs(residual) > G * MAX_LEVEL_ERR_REL * duration:
        return False             # a level error that large would not have passed as one rest level
    vz = rezeroed(v, residual, t) if residual else v   # (v - 0*frac is v)
    s = displacement(vz, t)
    far = float(np.maximum.reduce(abs(s))) if s.size else 0.0   # (= .max(), one call less)
    if far <= MIN_TRAVEL_M:
        return True
    # the bar moved a phase's distance, so a rest at the top must follow a phase-sized raise
    return back_at_top(s, top_rel, drift_m=drift_m, far=far, above_m=above_m) and (not need_raise or last_moved_up(vz, t, strict=True, s=s))


def back_at_top(s: np.ndarray, top_rel: float, measured: bool = False, drift_m: float = 0.0,
                far: float | None = None, above_m: float = 0.0) -> bool:
    """The displacement s (from a rest at the top) ends back near the top: risen from its
    lowest point at least (1 - top_rel) of the way back, and not above the start by more than
    LOCKOUT_SPREAD_M (or top_rel of the furthest). One lockout is not the next: on short lifts
    the two tops can be centimetres apart, a good share of the travel; a hold at the bottom or
    a stall part-way up does not pass, nor a level error's bend far above the start. A measured
    displacement (bar position) has no such bend: it may end as far above the start as it went
    below it. drift_m: how much lower the end may read from a drift of the plate's zero; above_m:
    how much further than LOCKOUT_SPREAD_M above from the plate's noise integrated over the chunk
    (not on top of top_rel of the furthest: a lowering's cruise bent up by a level error ends
    far above with no depth, explore 8049)."""
    depth = max(-float(np.minimum.reduce(s)), 0.0)   # (= .min() and .max(), fewer calls)
    end = float(s[-1])
    # the noise's room only after a whole rep's lowering (2 x MIN_TRAVEL_M, as rezeroed_rep):
    # a chunk that only rose is a level error's bend over a lowering the force hid (explore 8070)
    above = depth if measured else LOCKOUT_SPREAD_M + (above_m if depth >= 2.0 * MIN_TRAVEL_M else 0.0)
    if far is None:      # (max |s|, if the caller has it)
        far = float(np.maximum.reduce(abs(s)))
    return end + drift_m >= -top_rel * depth and end <= max(above, top_rel * far)


def last_moved_up(v: np.ndarray, t: np.ndarray, strict: bool = False, s: np.ndarray | None = None) -> bool:
    """A rest at the top follows a raising: the chunk's last phase-sized run of one direction
    goes up. A hold at the bottom follows a lowering, however a level error bends the
    displacement back towards the top. strict: there must be such a run (the bar moved a
    phase's distance: the quiet cruise of a slow lowering whose unweighting a level error hid
    has no phase-sized run at all, and is no top). s: the displacement cumtrapz(v, t), if known."""
    runs = direction_runs(v, t, s=s)
    return runs[-1].sign > 0 if runs else not strict


def rezeroed_rep(v: np.ndarray, residual: float, t: np.ndarray, top_rel: float = TOP_REL_S,
                 drift_m: float = 0.0) -> bool:
    """A whole rep under a level error: with the constant force error removed (the velocity
    re-zeroed linearly at both ends), the bar went down at least 2*MIN_TRAVEL_M and came back
    near the top (a lowering and a raising of about the same travel). The middle of a slow
    lowering ends at its furthest point and a hold at the bottom stays down, so neither passes.
    drift_m: how much lower the end may read from a drift of the plate's zero (back_at_top)."""
    vz = rezeroed(v, residual, t)
    s = displacement(vz, t)
    if s.size == 0:
        return False
    low = float(np.min(s))
    return low <= -2.0 * MIN_TRAVEL_M and back_at_top(s, top_rel, drift_m=drift_m) and last_moved_up(vz, t)


def drift_fixed(ch: Chunk, max_err_n: float, max_rate_n_s: float = np.inf) -> Chunk | None:
    """The chunk with a force error c0 + c1*(t - t0) removed, chosen so that the velocity
    and the displacement both end at zero (a chunk known to end at rest at its starting
    height), or None if that error is larger than max_err_n anywhere in the chunk (or drifts
    faster than max_rate_n_s)."""
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
    if max(abs(c0), abs(c0 + c1 * big_t)) > max_err_n or abs(c1) > max_rate_n_s:
        return None
    return replace(ch, fk=ch.fk - (c0 + c1 * tau))


def drifted_rep(ch: Chunk, max_gap_s: float = np.inf) -> bool:
    """A whole rep under a level error and the plate's drift (drift_fixed): with both removed
    the bar went down and came back up to the top (rezeroed_rep), and the last raise shows its
    launch in the force (a hump over the band). The fit has two free numbers, which can bend
    the quiet cruise of a slow lowering into a "raise" too - but that raise is the smooth fit,
    with no launch in the force. And the quiet run must begin within max_gap_s of the end of
    that raise (the chunk ends QUIET_MIN_S into it)."""
    v, dev, res = chunk_velocity(ch)
    if not rezeroed_rep(v, res, ch.t, REZERO_TOP_REL):
        return False
    runs = direction_runs(v - res * (ch.t - ch.t[0]) / max(float(ch.t[-1] - ch.t[0]), 1e-9), ch.t)
    if not runs:         # moved, but in no phase-sized run: no raise to show its launch
        return False
    up = runs[-1]
    gap = float(ch.t[-1] - ch.t[min(up.end, ch.t.size - 1)]) - QUIET_MIN_S
    return (gap <= max_gap_s
            and bool(float(np.max(lowpass(dev, ch.rate_hz, FORCE_CUTOFF_HZ)[up.start:up.end])) > ch.band_n))


def _moved(v: np.ndarray, residual: float, t: np.ndarray) -> bool:
    """Did the bar travel a phase's distance (MIN_TRAVEL_M) between the two quiet runs, with the
    velocity re-zeroed linearly (a constant level error removed)? A force that never left two
    noise bands can still move a bar: an 11-cm raise in 2.4 s of a 97-kg system deviates by
    m*5.8*D/T^2 = 11 N, under the 24-N bands of a 4-cell plate at 2 kHz, and a 7-s lowering by
    1-2 N. The integral sees what the force's size cannot; sway moves the centre of mass mm."""
    if t.size < 2:
        return False
    duration = max(float(t[-1] - t[0]), 1e-9)
    # frames are uniform: a running sum is the integral to well under a frame's travel
    if residual:
        # v - residual * (t - t0) / T, the same operations into one buffer
        c = t - t[0]
        c *= residual
        c /= duration
        np.subtract(v, c, out=c)
        c.cumsum(out=c)
    else:
        c = v.cumsum()                     # (v - 0*(t - t0)/T is v)
    # max |c * step| = max |c| * step exactly (step > 0: rounding keeps the order)
    np.abs(c, out=c)
    return float(np.maximum.reduce(c)) * (duration / (t.size - 1)) > MIN_TRAVEL_M


def sank_after_help(ch: Chunk, dev: np.ndarray) -> bool:
    """Measured help: did the bar go down after the spotter's last help and stay down - a quiet
    run at a lowering's bottom, not the top? A spotter lets go at the top (the bar stopped),
    and after that E = 0, so the plate alone (dev: F - level) moves the bar (sank_from). After
    a beyond-failure set's first lifted rep and a top too short to be quiet, the quiet end of
    the next 7-s negative passed for the top and a rep was lost (classic 2006)."""
    if ch.spotter_n is None:
        return False
    helped = np.flatnonzero(ch.spotter_n)
    if not helped.size:
        return False
    return sank_from(ch, dev, int(helped[-1]) + 1)


def sank_from(ch: Chunk, dev: np.ndarray, top: int) -> bool:
    """Did the bar go down from `top` (the end of the spotter's last help: the bar stopped there,
    and the spotter no longer touches it) and stay down to the chunk's end? Between there and
    the quiet run, two instants of zero velocity if that run is a rest, the re-zeroed integral
    has lost the level's error: it must not end a phase's distance down (MIN_TRAVEL_M, past what
    the plate's noise and a drifting zero, DRIFT_PRIOR_N_S, bend it: k*T^3/(12m)) and nearer
    that bottom than the top (1 - TOP_REL_S of the depth); and as integrated from the top a
    lowering that came back (reached the bottom) or went down faster than LIFT_LEVEL_ERRS level
    errors (LEVEL_REL_ERR of the weight) leave."""
    tt = ch.t[top:]
    if tt.size < 8:
        return False
    v = cumtrapz(dev[top:], tt) / ch.mass_kg
    dur = float(tt[-1] - tt[0])
    if not (came_back(v) or -float(np.min(v)) > LIFT_LEVEL_ERRS * LEVEL_REL_ERR * G * dur):
        # neither a lowering that stopped nor one faster than what a level error leaves over
        # the stretch (a 7-cm, 7-s negative's 2 cm/s read as 7.5 cm/s after 5.5 s): no answer
        return False
    s = displacement(rezeroed(v, float(v[-1]), tt), tt)
    depth = -float(np.min(s))
    bend = DRIFT_PRIOR_N_S * dur ** 3 / (12.0 * ch.mass_kg)
    # the plate's noise from the chunk's two rests (quiet by proof), scaled to the stretch (the
    # travel grows as T^1.5): the frames right after the help hold the spotter's ramp off and the
    # raise's braking, whose frame-to-frame steps read as noise (2-9x a quiet plate's)
    whole = max(float(ch.t[-1] - ch.t[0]), 1e-9)
    noise = SANK_NOISE_SDS * noise_travel_m(ch, dev) * (dur / whole) ** 1.5
    return depth > max(MIN_TRAVEL_M, noise + bend) and float(s[-1]) <= -(1.0 - TOP_REL_S) * depth
