"""Synthetic jump recordings with exact truth (tests and benchmarks/bench_jumps.py).

Physics first: every movement on the plate is a centre-of-mass acceleration a(t) on a fine
grid (>= 16 kHz); the plate reads F = m(g + a) while the athlete is on it and 0 in flight, and
velocity and position are that acceleration integrated, so the truth (take-off velocity,
lowest point, depth) is the movement's own. Stepping on and off, where the floor carries part
of the weight, are force ramps that start and end at rest. Built independently of the
analysis (no thresholds shared with forceplate.analysis.jumps).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from forceplate.samples import ChannelInfo, ReaderInfo, SampleBlock
from forceplate.simulator.jump_builder import Builder
from forceplate.units import G

RATES_HZ = (250.0, 500.0, 1000.0, 1200.0, 2000.0)
LOW_RATES_HZ = (50.0, 100.0, 200.0)     # vendor exports (Vernier GA / Logger Pro, AMTI over LSL)
SAMPLINGS = ("point", "mean")
KINDS = ("countermovement", "squat", "loaded", "drop", "hops", "off_plate")


@dataclass
class JumpTruth:
    kind: str                       # countermovement | squat | drop | rebound
    onset_s: float                  # start of movement (touchdown for drop / rebound)
    zero_velocity_s: float          # lowest point
    takeoff_s: float
    takeoff_velocity_m_s: float
    landing_s: float | None         # None: landed off the plate
    mass_kg: float
    depth_m: float                  # lowest COM displacement from the start (negative)
    peak_landing_force_n: float | None = None
    # countermovement only: the braking phase (peak downward velocity -> zero velocity)
    braking_start_s: float | None = None
    peak_down_velocity_m_s: float | None = None
    braking_mean_force_n: float | None = None       # time mean of the plate force over braking
    force_at_zero_velocity_n: float | None = None

    @property
    def height_m(self) -> float:
        return self.takeoff_velocity_m_s ** 2 / (2 * G)

    @property
    def flight_time_s(self) -> float | None:
        return None if self.landing_s is None else self.landing_s - self.takeoff_s


@dataclass
class JumpRecording:
    info: ReaderInfo
    block: SampleBlock
    force_n: np.ndarray             # noiseless plate force at the sample times
    jumps: list[JumpTruth] = field(default_factory=list)
    body_kg: float = 0.0
    load_kg: float = 0.0
    description: str = ""


def _zero_cross(v: np.ndarray, t: np.ndarray, a: int, b: int) -> float:
    """Time where v crosses 0 upwards in [a, b) (fine grid, interpolated)."""
    seg = v[a:b]
    k = np.flatnonzero((seg[:-1] < 0) & (seg[1:] >= 0))
    if k.size == 0:
        return float(t[a])
    i = a + int(k[-1])
    return float(t[i] + (t[i + 1] - t[i]) * (-v[i]) / (v[i + 1] - v[i]))


def recording(seed: int, kinds: tuple[str, ...] | None = None, rate_hz: float | None = None,
              n_jumps: int | None = None, sampling: str = "point") -> JumpRecording:
    """A mixed recording: weighing, several jumps of the chosen kinds, stepping on and off.

    sampling "point": each sample is the force at its instant (an ADC read at the period);
    "mean": the mean force over its period, stamped with the period's start (a plate's or an
    export's own averaging, as forceplate.simulator.recording.Recording.exported does)."""
    if sampling not in SAMPLINGS:
        raise ValueError(f"sampling must be one of {SAMPLINGS}")
    rng = np.random.default_rng(seed)
    rate = float(rate_hz or rng.choice(RATES_HZ))
    fine = rate * int(np.ceil(16000 / rate))
    body = float(rng.uniform(40, 140))
    kind = str(rng.choice(kinds or KINDS))
    load = float(rng.uniform(10, 40)) if kind == "loaded" else 0.0
    m = body + load
    b = Builder(fine, m, rng)
    sway = float(rng.uniform(0.3, 3.0))   # peak, N: quiet stance, heartbeat and breathing
    noise = float(rng.uniform(0.3, 4.0))
    truths: list[JumpTruth] = []
    marks: list[tuple[str, int, int, int, float, int]] = []  # kind, onset, zero-v window, takeoff...

    def stand(lo: float, hi: float) -> None:
        b.stand(float(rng.uniform(lo, hi)), sway)

    def standing_jump(sj: bool) -> None:
        h = float(rng.uniform(0.10, 0.60)) if load == 0 else float(rng.uniform(0.05, 0.30))
        v_to = float(np.sqrt(2 * G * h))
        if sj:
            depth = float(rng.uniform(0.15, 0.35))
            b.lower(float(rng.uniform(0.8, 1.5)), depth)
            stand(1.2, 2.5)
        b.s = 0.0
        onset = b.n
        if not sj:
            # peak downward speed 0.5-1.6 m/s (McMahon 2018: ~1 m/s), force down to 25-70 % BW
            tu = float(rng.uniform(0.3, 0.6))
            b.unweight(tu, min(2 * float(rng.uniform(0.5, 1.6)) / tu, 0.75 * G))
        b.propulsion(v_to, float(rng.uniform(0.9, 2.0)) * G, float(rng.uniform(0.75, 1.3)),
                     float(rng.uniform(0.03, 0.07)))
        marks.append(("squat" if sj else "countermovement", onset, onset, b.n, b.v, b.n))

    def flight_and_land(off: bool = False) -> None:
        v_to = b.v
        b.s = 0.0
        b.flight(2 * v_to / G)
        if off:
            _off(marks)
            return
        _landed(marks, b)
        b.landing(float(rng.uniform(2.0, 6.0)), float(rng.uniform(0.3, 0.6)))

    b.empty(float(rng.uniform(0.5, 2.0)))
    if load:
        # step on alone and stand (the body weighing), then take the bar from the rack
        b.m = body
        b.ramp(float(rng.uniform(0.5, 1.0)), up=True)
        stand(1.5, 3.0)
        b.load(float(rng.uniform(0.6, 1.2)), m)
    else:
        b.ramp(float(rng.uniform(0.5, 1.0)), up=True)
    stand(1.5, 3.0)
    nj = n_jumps or int(rng.integers(2, 5))
    desc = kind
    if kind == "drop":
        for j in range(nj):
            if j:
                stand(1.0, 2.0)
            b.ramp(float(rng.uniform(0.4, 0.8)), up=False)
            b.empty(float(rng.uniform(1.5, 3.0)))         # on the box
            box = float(rng.uniform(0.2, 0.6))
            b.v, b.s = -float(np.sqrt(2 * G * box)), 0.0
            onset = b.n
            v_out = float(np.sqrt(2 * G * rng.uniform(0.15, 0.5)))
            b.contact(float(rng.uniform(0.18, 0.45)), v_out, float(rng.uniform(1.0, 4.0)))
            marks.append(("drop", onset, onset, b.n, b.v, b.n))
            flight_and_land()
            stand(1.5, 2.5)
    elif kind == "hops":
        for _ in range(max(1, nj - 1)):
            standing_jump(False)
            for _ in range(int(rng.integers(2, 6))):
                b.s = 0.0
                v_to = b.v
                b.flight(2 * v_to / G)
                _landed(marks, b)
                onset = b.n
                v_out = float(np.sqrt(2 * G * rng.uniform(0.08, 0.3)))
                b.contact(float(rng.uniform(0.15, 0.3)), v_out, float(rng.uniform(0.5, 2.5)))
                marks.append(("rebound", onset, onset, b.n, b.v, b.n))
            flight_and_land()
            stand(1.5, 2.5)
    else:
        for j in range(nj):
            sj = kind == "squat" or (kind == "off_plate" and rng.uniform() < 0.3)
            standing_jump(sj)
            off = kind == "off_plate" and j == nj - 1
            flight_and_land(off=off)
            if off:
                b.empty(float(rng.uniform(1.5, 3.0)))
                b.ramp(float(rng.uniform(0.5, 1.0)), up=True)
            stand(1.5, 3.0)
    b.ramp(float(rng.uniform(0.4, 0.8)), up=False)
    b.empty(float(rng.uniform(1.0, 2.0)))

    force, vel, pos = b.arrays()
    tf = np.arange(force.size) * b.dt
    step = int(round(fine / rate))
    t0 = float(rng.uniform(0, 5)) if rng.uniform() < 0.3 else 0.0
    for mk in marks:
        kind_j, onset, _, to, v_to, _ = mk[:6]
        land = mk[6] if len(mk) > 6 else None
        seg = slice(onset, to)
        zv = _zero_cross(vel, tf, onset, to) if kind_j != "squat" else float(tf[onset])
        depth = float(np.nanmin(pos[seg]) - (pos[onset] if np.isfinite(pos[onset]) else 0.0))
        peak = None
        if land is not None:
            e = min(force.size, int(land) + int(0.5 * fine))
            peak = float(force[int(land):e].max())
        truths.append(JumpTruth(kind_j, float(tf[onset]) + t0, zv + t0, float(tf[to]) + t0, float(v_to),
                                None if land is None else float(tf[int(land)]) + t0, m,
                                depth if kind_j in ("countermovement", "squat") else float("nan"), peak))
        if kind_j == "squat":
            truths[-1].depth_m = 0.0
        if kind_j == "countermovement":
            k_min = onset + int(np.nanargmin(vel[onset:to]))
            k_zv = int(np.searchsorted(tf, zv))
            tr = truths[-1]
            tr.braking_start_s = float(tf[k_min]) + t0
            tr.peak_down_velocity_m_s = float(vel[k_min])
            tr.braking_mean_force_n = float(force[k_min:k_zv].mean())
            tr.force_at_zero_velocity_n = float(np.interp(zv, tf, force))
    if sampling == "mean":
        n = force.size // step
        f_s = force[:n * step].reshape(n, step).mean(axis=1)
    else:
        f_s = force[::step]
    n = f_s.size
    tt = np.arange(n) / rate
    if rng.uniform() < 0.3:
        # the plate rings after each toe-off (its own mechanics, not the athlete's)
        amp, hz, tau = rng.uniform(30, 90), rng.uniform(40, 90), rng.uniform(0.01, 0.03)
        ring = np.zeros(n)
        for tr in truths:
            k = int(np.ceil((tr.takeoff_s - t0) * rate))
            x = tt[k:k + int(0.2 * rate)] - tt[k]
            ring[k:k + x.size] += amp * np.sin(2 * np.pi * hz * x) * np.exp(-x / tau)
        f_s = f_s + ring
    hum = rng.uniform(0, 1.5) * np.sin(2 * np.pi * 50 * tt + rng.uniform(0, 6))
    measured = f_s + noise * rng.standard_normal(n) + hum
    n_cells = int(rng.integers(1, 5))
    share = rng.dirichlet(np.ones(n_cells) * 5)
    offsets = rng.uniform(-15, 15, n_cells) if rng.uniform() < 0.5 else np.zeros(n_cells)
    cells = measured[:, None] * share[None, :] + offsets[None, :]
    chans = tuple(ChannelInfo(f"cell{i + 1}", "N", "force") for i in range(n_cells))
    info = ReaderInfo("synthetic", "Synthetic jump plate", "JMP", chans, rate)
    block = SampleBlock(time_s=tt + t0, values=cells, seq=np.arange(n, dtype=np.int64),
                        flags=np.zeros(n, np.uint8))
    desc = (f"seed {seed}: {desc}, {len(truths)} jumps, {body:.0f}+{load:.0f} kg, {rate:.0f} Hz, "
            f"noise {noise:.1f} N, sway {sway:.1f} N")
    return JumpRecording(info, block, f_s, truths, body, load, desc)


def _landed(marks: list, b: Builder) -> None:
    """The last jump's landing is the start of the part being built now."""
    k, onset, zv, to, v_to, _ = marks[-1][:6]
    marks[-1] = (k, onset, zv, to, v_to, b.n, b.n)


def _off(marks: list) -> None:
    k, onset, zv, to, v_to, _ = marks[-1][:6]
    marks[-1] = (k, onset, zv, to, v_to, to)


__all__ = ["KINDS", "LOW_RATES_HZ", "RATES_HZ", "SAMPLINGS", "JumpRecording", "JumpTruth", "recording"]


def match(truths: list[JumpTruth], found: list, tol_s: float = 0.05) -> tuple[list[tuple[JumpTruth, object]], list, list]:
    """Pair true jumps with found ones (JumpMetrics) by take-off time.
    Returns (pairs, missed truths, extra found)."""
    pairs: list[tuple[JumpTruth, object]] = []
    used: set[int] = set()
    missed: list[JumpTruth] = []
    for tr in truths:
        best = None
        for k, j in enumerate(found):
            if k in used:
                continue
            d = abs(j.takeoff_s - tr.takeoff_s)
            if d <= tol_s and (best is None or d < abs(found[best].takeoff_s - tr.takeoff_s)):
                best = k
        if best is None:
            missed.append(tr)
        else:
            used.add(best)
            pairs.append((tr, found[best]))
    extra = [j for k, j in enumerate(found) if k not in used]
    return pairs, missed, extra


__all__ += ["match"]
