"""Bodyweight-only sessions for the tests, from physics: a lifter of mass m steps onto the
plate, stands, squats slowly down and up (the centre of mass moves 0.3-0.5 m), and steps off;
no bar is ever taken. The plate force is m*(g + a) of the centre of mass, with a
minimum-jerk position profile per phase (zero speed and acceleration at both ends, as a
controlled squat), postural sway (a fraction of a mm of vertical COM bob at 0.2-0.6 Hz) and
load-cell noise. Exact phase truth, independent of the simulator."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from forceplate.samples import ChannelInfo, ReaderInfo, SampleBlock
from forceplate.units import G


@dataclass
class BwRep:
    ecc_start_s: float
    ecc_end_s: float
    con_start_s: float
    con_end_s: float


@dataclass
class BwSession:
    info: ReaderInfo
    block: SampleBlock
    time_s: np.ndarray
    force_n: np.ndarray          # the cell sum as measured
    reps: list[BwRep] = field(default_factory=list)
    body_kg: float = 0.0


def _min_jerk(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Position share and acceleration factor (times d/T^2) of a minimum-jerk move, x = t/T."""
    s = 10 * x**3 - 15 * x**4 + 6 * x**5
    acc = 60 * x - 180 * x**2 + 120 * x**3
    return s, acc


def bodyweight_session(*, body_kg: float = 80.0, stand_s: float = 3.0, reps: int = 2, ecc_s: float = 3.0,
                       pause_s: float = 0.3, con_s: float = 1.5, rest_s: float = 1.5, travel_m: float = 0.4,
                       rate_hz: float = 1000.0, noise_n: float = 2.0, n_cells: int = 4, sway: float = 1.0,
                       end_stand_s: float = 3.0, seed: int = 0) -> BwSession:
    """Empty plate 1 s, step on (0.5 s), stand stand_s, `reps` squats (lower ecc_s, pause,
    raise con_s, stand rest_s between), stand end_stand_s, step off (0.5 s), empty 1 s."""
    rng = np.random.default_rng(seed)
    segs: list[tuple[float, str, float]] = [(1.0, "empty", 0.0), (0.5, "on", 0.0), (stand_s, "hold", 0.0)]
    truth = []
    t = 1.5 + stand_s
    for k in range(reps):
        e = ecc_s * (1 + 0.05 * rng.standard_normal())
        c = con_s * (1 + 0.05 * rng.standard_normal())
        d = travel_m * (1 + 0.03 * rng.standard_normal())
        truth.append(BwRep(t, t + e, t + e + pause_s, t + e + pause_s + c))
        segs += [(e, "move", -d), (pause_s, "hold", 0.0), (c, "move", d)]
        t += e + pause_s + c
        if k < reps - 1:
            segs.append((rest_s, "hold", 0.0))
            t += rest_s
    segs += [(end_stand_s, "hold", 0.0), (0.5, "off", 0.0), (1.0, "empty", 0.0)]
    n = int(round(sum(s[0] for s in segs) * rate_hz))
    tt = np.arange(n) / rate_hz
    mass = np.zeros(n)
    acc = np.zeros(n)
    t = 0.0
    for dur, kind, d in segs:
        sel = (tt >= t) & (tt < t + dur)
        x = (tt[sel] - t) / dur
        if kind in ("on", "off"):
            share = x - np.sin(2 * np.pi * x) / (2 * np.pi)      # a smooth weight transfer
            mass[sel] = body_kg * (share if kind == "on" else 1 - share)
        elif kind != "empty":
            mass[sel] = body_kg
        if kind == "move":
            acc[sel] = _min_jerk(x)[1] * d / dur**2
        t += dur
    on = mass > 1.0
    # postural sway: the COM bobs ~0.3 mm at 0.2-0.6 Hz (two waves): a = -w^2 z
    sway_a = np.zeros(n)
    for _ in range(2):
        f_hz, z = rng.uniform(0.2, 0.6), 0.0003 * sway * rng.uniform(0.5, 1.0)
        sway_a -= (2 * np.pi * f_hz) ** 2 * z * np.sin(2 * np.pi * f_hz * tt + rng.uniform(0, 2 * np.pi))
    force = mass * (G + acc + sway_a * on)
    cells = force[:, None] * rng.dirichlet(np.ones(n_cells) * 5)[None, :]
    cells += noise_n * rng.standard_normal((n, n_cells))
    chans = tuple(ChannelInfo(f"cell{i + 1}", "N", "force") for i in range(n_cells))
    info = ReaderInfo("synthetic", "Synthetic plate", "SYN", chans, rate_hz)
    block = SampleBlock(time_s=tt, values=cells, seq=np.arange(n, dtype=np.int64), flags=np.zeros(n, np.uint8))
    return BwSession(info, block, tt, cells.sum(axis=1), truth, body_kg)


def quick_unrack_session(body_kg: float = 80.0, bar_kg: float = 6.0, settle_s: float = 0.0, reps: int = 3,
                         rate_hz: float = 1000.0, seed: int = 0, ecc_s: float = 2.5, con_s: float = 1.2,
                         rest_s: float = 0.4, travel_m: float = 0.4) -> tuple[ReaderInfo, SampleBlock]:
    """A light bar unracked and squatted at once (settle_s at the heavier level before the first
    lowering), racked, stepped off: its mass change must not read as a body movement's crest."""
    rng = np.random.default_rng(seed)
    m = body_kg + bar_kg
    segs = [(1.0, 0.0, 0.0, "hold", 0.0), (0.5, 0.0, body_kg, "mass", 0.0), (3.0, body_kg, body_kg, "hold", 0.0),
            (0.5, body_kg, m, "mass", 0.0), (settle_s, m, m, "hold", 0.0)]
    for _ in range(reps):
        segs += [(ecc_s, m, m, "move", -travel_m), (0.2, m, m, "hold", 0.0), (con_s, m, m, "move", travel_m),
                 (rest_s, m, m, "hold", 0.0)]
    segs += [(0.5, m, body_kg, "mass", 0.0), (3.0, body_kg, body_kg, "hold", 0.0), (0.5, body_kg, 0.0, "mass", 0.0),
             (1.0, 0.0, 0.0, "hold", 0.0)]
    n = int(sum(s[0] for s in segs) * rate_hz)
    tt = np.arange(n) / rate_hz
    mass, acc, t = np.zeros(n), np.zeros(n), 0.0
    for dur, m0, m1, kind, d in segs:
        sel = (tt >= t) & (tt < t + dur)
        x = (tt[sel] - t) / dur if dur > 0 else tt[sel]
        mass[sel] = m0 + (m1 - m0) * (x - np.sin(2 * np.pi * x) / (2 * np.pi)) if kind == "mass" else m0
        if kind == "move":
            acc[sel] = _min_jerk(x)[1] * d / dur**2
        t += dur
    f = mass * (G + acc)
    cells = f[:, None] * np.array([0.5, 0.5])[None, :] + 1.5 * rng.standard_normal((n, 2))
    info = ReaderInfo("synthetic", "Synthetic plate", "SYN",
                      tuple(ChannelInfo(f"c{i}", "N", "force") for i in range(2)), rate_hz)
    return info, SampleBlock(tt, cells, np.arange(n, dtype=np.int64), np.zeros(n, np.uint8))
