"""One jump's phases and metrics from the unfiltered plate force (conventions in docs/jumps.md).

Pure functions on sample arrays; forceplate.analysis.jumps finds the jumps in the stream and
calls analyse_standing() / analyse_rebound() with the samples around one take-off.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from forceplate.analysis.events import JumpMetrics, PhaseMetrics, Rep
from forceplate.analysis.jump_events import (
    ONSET_LEAD_S,
    WEIGH_MIN_S,
    WEIGH_S,
    Weigh,
    onset,
    takeoff_time,
    touchdown_time,
)
from forceplate.analysis.metrics import phase_metrics, smooth_force
from forceplate.analysis.sigproc import cumtrapz
from forceplate.units import G


def _peak_down(ts: np.ndarray, v: np.ndarray, net: np.ndarray, k_min: int) -> tuple[float, float]:
    """(time, velocity) of the peak downward velocity near sample k_min: where the net force
    (F - m*g)/m crosses zero upwards, interpolated between the samples around it (at 50 Hz the
    lowest sample of v is up to 10 ms from it), with v carried there by the same trapezoid."""
    lo, hi = max(k_min - 1, 1), min(k_min + 1, net.size - 1)
    up = [j for j in range(lo, hi + 1) if net[j - 1] < 0 <= net[j]]
    if not up:
        return float(ts[k_min]), float(v[k_min])
    j = min(up, key=lambda q: abs(q - k_min))
    x = -net[j - 1] / (net[j] - net[j - 1])
    dt = x * float(ts[j] - ts[j - 1])
    return float(ts[j - 1]) + dt, float(v[j - 1] + 0.5 * net[j - 1] * dt)


def _time_means(ph: PhaseMetrics, weight: float, mass: float, v_a: float, v_b: float) -> PhaseMetrics:
    """A jump phase's impulse and mean force from the velocities at its ends (v_a -> v_b, the
    same integral, partial periods included): impulse m*(v_b - v_a), mean force weight +
    impulse / duration. The samples inside a phase cover it unevenly at 50 Hz (a 0.25-s
    propulsion holds 12): their mean was up to 3 % off, the ECC:CON ratio 4.5 %."""
    if ph.duration_s <= 0:
        return ph
    imp = mass * (v_b - v_a)
    mean = weight + imp / ph.duration_s
    return replace(ph, mean_force_n=mean, mean_load_n=mean - weight, impulse_n_s=imp)


@dataclass
class JumpParts:
    """What the stream knows about one take-off (sample indices into t/f)."""

    kind: str                 # "standing" | "rebound" | "drop"
    t: np.ndarray
    f: np.ndarray             # untared plate force
    empty_n: float            # plate level when empty
    threshold_n: float        # contact threshold (empty + margin)
    contact_start: int        # first loaded sample of this contact
    takeoff: int              # first sample in the air (under the threshold, or the plate ringing)
    landing: int | None       # first sample back above it (None: landed off the plate)
    peak_end: int             # end of the search for the landing's peak force
    weighing: Weigh | None    # still stance for mass (before, or after for drops)
    v_touchdown: float | None = None     # rebound: from the previous flight
    mass_kg: float | None = None         # rebound: the chain's mass
    rate_hz: float = 0.0                 # the stream's rate (0: from the time steps)


@dataclass
class Jump:
    metrics: JumpMetrics
    eccentric: PhaseMetrics
    concentric: PhaseMetrics
    mass_kg: float
    onset_s: float
    takeoff_velocity_m_s: float | None
    weighed_briefly: bool = False     # the mass from a trimmed trial's first samples only

    def to_rep(self, rep: int, set_no: int, rep_in_set: int, body_kg: float | None) -> Rep:
        m = self.metrics
        text = _verdict(m)
        codes = (("jump", m.type) + (("landed_off_plate",) if m.landed == "off" else ())
                 + (("ended_in_flight",) if m.landed == "unknown" else ())
                 + (("weighed_briefly",) if self.weighed_briefly else ()))
        return Rep(
            rep=rep, set=set_no, rep_in_set=rep_in_set, eccentric=self.eccentric,
            concentric=self.concentric, bottom_s=self.eccentric.end_s, pause_bottom_s=0.0,
            ecc_con_load_ratio=float("nan"), time_under_tension_s=m.contraction_time_s,
            phase_source="force_integral", confidence=0.9 if m.height_impulse_m is not None and not self.weighed_briefly else 0.6,
            body_mass_kg=body_kg if body_kg else self.mass_kg, system_mass_kg=self.mass_kg,
            verdict=text, verdict_codes=codes, movement="jump", jump=m)


def _verdict(m: JumpMetrics) -> str:
    h = m.height_impulse_m if m.height_impulse_m is not None else m.height_flight_m
    name = {"countermovement": "CMJ", "squat": "SJ", "drop": "drop jump", "rebound": "rebound"}[m.type]
    parts = [name]
    if h is not None:
        parts.append(f"{100 * h:.1f} cm")
    if m.rsi_modified is not None:
        parts.append(f"RSI-mod {m.rsi_modified:.2f}")
    elif m.rsi is not None:
        parts.append(f"RSI {m.rsi:.2f}")
    if m.landed == "off":
        parts.append("landed off the plate")
    elif m.landed == "unknown":
        parts.append("the recording ended in the air")
    return ", ".join(parts)


def analyse_jump(p: JumpParts) -> Jump | None:
    """Phases and metrics of one take-off, or None if it is not a jump (e.g. stepping off)."""
    if p.takeoff <= p.contact_start:
        # a take-off no later than its contact's first loaded sample left from no contact: the
        # stream's kept samples begin inside a flight-like dip (a strength set's 15-N-per-cell
        # noise under the threshold, wide 8002 stressed) - no jump, rather than a traceback
        return None
    t, f = p.t, p.f
    # the stream's nominal rate: a median of the time steps differs in its last bits with the
    # buffer's length (live against offline), and int(0.4 s * 49.99999 Hz / 2) is 9, not 10
    rate = p.rate_hz or 1.0 / float(np.median(np.diff(t[: min(t.size, 2000)])))
    t_to = takeoff_time(t, f, p.takeoff, p.threshold_n)
    t_land = None if p.landing is None else touchdown_time(t, f, p.landing, p.threshold_n)
    w = p.weighing
    if p.kind == "standing":
        if w is None:
            return None
        i0, sign = onset(f, w, p.takeoff, rate)
        for _ in range(2):
            # weigh again clear of the movement: the still window may hold the start of the dip
            e = i0 - int(ONSET_LEAD_S * rate)
            if e >= w.b:
                break
            a = max(w.run_a, e - int(WEIGH_S * rate))
            if e - a < int(WEIGH_MIN_S * rate / 2):
                break
            x = f[a:e]
            w = Weigh(a, e, float(x.mean()), float(x.std()), w.run_a)
            i0, sign = onset(f, w, p.takeoff, rate)
        bw = w.level_n
        mass = (bw - p.empty_n) / G
        if i0 >= p.takeoff - 2:
            return None
        jtype = "squat" if sign > 0 else "countermovement"
        seg = slice(i0, p.takeoff + 1)
        v = cumtrapz((f[seg] - bw) / mass, t[seg])
        td = None
    else:
        if p.kind == "drop" and w is None and p.mass_kg is None:
            return None
        if p.kind == "drop" and w is not None:
            bw = w.level_n
            mass = (bw - p.empty_n) / G
        else:
            assert p.mass_kg is not None
            mass = p.mass_kg
            bw = p.empty_n + mass * G
        i0 = p.contact_start
        td = touchdown_time(t, f, i0, p.threshold_n)
        jtype = p.kind
        seg = slice(i0, p.takeoff + 1)
        if p.v_touchdown is not None:
            # from the touchdown to the first loaded sample the force rose from the threshold
            # (a trapezoid on the part of the period the feet were on the plate)
            v_c = p.v_touchdown + 0.5 * ((p.threshold_n - bw) + (f[i0] - bw)) / mass * (float(t[i0]) - td)
            v = v_c + cumtrapz((f[seg] - bw) / mass, t[seg])
        elif w is not None:
            # integrate back from the still stance after the landing (v = 0 there)
            back = slice(i0, w.a + 1)
            vb = cumtrapz((f[back] - bw) / mass, t[back])
            v = (vb - vb[-1])[: seg.stop - seg.start]
        else:
            return None
    if v.size == 0:
        # no loaded sample between the movement's start and the take-off in the samples kept
        # (live, a strength set's spotter-lifted raise read as flight: wide 8028): no jump to
        # measure, rather than a traceback
        return None
    ts = t[seg]
    # the take-off velocity: v at the last loaded sample plus the impulse of the force falling
    # from it to the threshold at the take-off (not the trapezoid into the flight sample, whose
    # -g over the part of the period in the air made a 50-Hz take-off 0.1-0.2 m/s slow)
    k_last = v.size - 2
    if k_last >= 0 and t_to >= ts[k_last]:
        v_to = float(v[k_last] + 0.5 * ((f[p.takeoff - 1] - bw) + (p.threshold_n - bw)) / mass
                     * (t_to - float(ts[k_last])))
    else:
        v_to = float(v[-1])
    if v_to < 0.25:
        return None           # no upward take-off: stepping off, or a foot lifted
    start_s = float(t[i0]) if td is None else td
    # lowest point: v crosses zero upwards after its most negative value
    k_min = int(np.argmin(v))
    if jtype == "squat" or v[k_min] >= 0:
        k_min, t_v0 = 0, start_s
    else:
        up = np.flatnonzero((v[k_min:-1] < 0) & (v[k_min + 1:] >= 0))
        k = k_min + (int(up[0]) if up.size else v.size - 2)
        t_v0 = float(ts[k] + (ts[k + 1] - ts[k]) * (-v[k]) / (v[k + 1] - v[k])) if v[k + 1] != v[k] else float(ts[k])
    net = (f[seg] - bw) / mass
    if td is not None:
        # drop / rebound: braking from the touchdown (v there: back over the rise from the
        # threshold to the first loaded sample, the part of the period the feet were on)
        t_vmin = start_s
        v_vmin = float(v[0] - 0.5 * ((p.threshold_n - bw) / mass + net[0]) * (float(ts[0]) - td))
    elif jtype == "squat":
        t_vmin, v_vmin = start_s, 0.0
    else:
        t_vmin, v_vmin = _peak_down(ts, v, net, k_min)
    s = cumtrapz(v, ts)
    fs = smooth_force(f[seg] - p.empty_n, rate)
    ft = f[seg] - p.empty_n
    weight = mass * G
    v_ok = v if (p.kind == "standing" or p.v_touchdown is not None or w is not None) else None
    ecc = _time_means(phase_metrics(ts, ft, fs, v_ok, start_s, t_v0, weight, weight),
                      weight, mass, 0.0 if td is None else v_vmin, 0.0)
    con = _time_means(phase_metrics(ts, ft, fs, v_ok, t_v0, t_to, weight, weight), weight, mass, 0.0, v_to)
    # braking: peak downward velocity -> zero velocity (force above body weight, moving down).
    # Its impulse is the momentum it stops, m * |v at its start| (v = 0 at its end): the same
    # integral as the velocity's, with the partial periods at both ends (a sum over the samples
    # inside missed them: 12 % low at 50 Hz); its mean force is the time mean, weight +
    # impulse / duration (the mean of 10 samples weighted their uneven coverage: 2 % at 50 Hz)
    br = (ts >= t_vmin) & (ts < t_v0)
    brake_dur = t_v0 - t_vmin
    braking = brake_dur > 0 and jtype != "squat"
    decel = mass * -v_vmin if braking else None
    brake_mean = weight + mass * -v_vmin / brake_dur if braking else None
    brake_peak = float(ft[br].max()) if braking and br.any() else None
    f_v0 = float(np.interp(t_v0, ts, fs))
    f_vmin = float(np.interp(t_vmin, ts, fs))
    rfd = (f_v0 - f_vmin) / brake_dur if brake_dur > 0.005 and jtype != "squat" else None
    ratio = ecc.mean_force_n / con.mean_force_n if ecc.duration_s > 0 and con.mean_force_n > 0 else None
    flight = None if t_land is None else t_land - t_to
    h_imp = v_to ** 2 / (2 * G)
    h_ft = None if flight is None else G * flight ** 2 / 8
    contraction = t_to - start_s
    peak_land = None
    if p.landing is not None:
        pl = f[p.landing:max(p.peak_end, p.landing + 1)] - p.empty_n
        peak_land = float(pl.max())
    depth = float(s.min()) if jtype == "countermovement" else 0.0 if jtype == "squat" else None
    metrics = JumpMetrics(
        type=jtype, landed="plate" if t_land is not None else "off", onset_s=start_s,
        zero_velocity_s=t_v0, takeoff_s=t_to, landing_s=t_land, flight_time_s=flight,
        takeoff_velocity_m_s=v_to, height_impulse_m=h_imp, height_flight_m=h_ft,
        contraction_time_s=contraction,
        rsi_modified=h_imp / contraction if p.kind == "standing" else None,
        rsi=(h_ft if h_ft is not None else h_imp) / contraction if p.kind != "standing" else None,
        unweighting_s=(t_vmin - start_s) if p.kind == "standing" else None,
        braking_s=brake_dur, propulsion_s=t_to - t_v0,
        braking_mean_force_n=brake_mean, braking_peak_force_n=brake_peak,
        braking_rfd_n_per_s=rfd, ecc_decel_impulse_n_s=decel,
        countermovement_depth_m=depth, force_at_zero_velocity_n=f_v0,
        ecc_con_mean_force_ratio=ratio, peak_landing_force_n=peak_land, mass_kg=mass,
        weighing_sd_n=None if w is None else w.sd_n,
    )
    return Jump(metrics, ecc, con, mass, start_s, v_to)
