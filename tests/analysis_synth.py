"""Synthetic force-plate sessions for the analysis tests, made independently of the simulator
(raised-cosine velocity profiles, not the simulator's knots), with exact phase truth."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from forceplate.samples import ChannelInfo, ReaderInfo, SampleBlock
from forceplate.simulator import Scenario, random_scenario
from forceplate.units import G


@dataclass
class SynthRep:
    ecc_start_s: float
    ecc_end_s: float
    con_start_s: float
    con_end_s: float


@dataclass
class Synth:
    info: ReaderInfo
    block: SampleBlock
    force_n: np.ndarray
    reps: list[SynthRep] = field(default_factory=list)
    body_kg: float = 0.0
    system_kg: float = 0.0


def session(*, rate_hz: float = 1000.0, body_kg: float = 80.0, bar_kg: float = 60.0,
            reps: int = 5, ecc_s: float = 2.0, pause_s: float = 0.2, con_s: float = 1.0,
            rest_s: float = 1.0, travel_m: float = 0.4, noise_n: float = 2.0, seed: int = 0,
            n_cells: int = 2, t0_s: float = 0.0, with_position: bool = False,
            reps_at_all: bool = True, lift_off_m: float = 0.0, lift_off_s: float = 0.9,
            lockouts_m: tuple[float, ...] = ()) -> Synth:
    """Empty plate, step on, stand, unrack, [lift-off,] settle, reps, rest, rack, step off, empty.
    lift_off_m: right after the unrack the bar rises this far off the hooks in lift_off_s, at a
    steady speed over its middle half (smooth launch and braking of a quarter each).
    lockouts_m: each rep's top (m above the first), for lockouts that differ rep to rep: every
    lowering goes travel_m down, its raise to that rep's top."""
    rng = np.random.default_rng(seed)
    dt = 1.0 / rate_hz
    m_sys = body_kg + bar_kg
    # piecewise description: (duration, mass from, mass to, kind, signed travel)
    segs: list[tuple[float, float, float, str, float]] = [
        (1.0, 0, 0, "hold", 0), (0.5, 0, body_kg, "mass", 0), (2.0, body_kg, body_kg, "hold", 0),
        (0.5, body_kg, m_sys, "mass", 0),
        *([(0.1, m_sys, m_sys, "hold", 0), (lift_off_s, m_sys, m_sys, "lift", lift_off_m)] if lift_off_m else []),
        (2.0, m_sys, m_sys, "hold", 0),
    ]
    truth: list[SynthRep] = []
    t = sum(s[0] for s in segs)
    top = 0.0
    for i in range(reps if reps_at_all else 0):
        e = ecc_s * (1 + 0.05 * rng.standard_normal())
        c = con_s * (1 + 0.05 * rng.standard_normal())
        truth.append(SynthRep(t, t + e, t + e + pause_s, t + e + pause_s + c))
        new_top = lockouts_m[i] if i < len(lockouts_m) else top
        segs += [(e, m_sys, m_sys, "move", -travel_m), (pause_s, m_sys, m_sys, "hold", 0),
                 (c, m_sys, m_sys, "move", travel_m + new_top - top), (rest_s, m_sys, m_sys, "hold", 0)]
        top = new_top
        t += e + pause_s + c + rest_s
    segs += [(1.5, m_sys, m_sys, "hold", 0), (0.5, m_sys, body_kg, "mass", 0),
             (2.0, body_kg, body_kg, "hold", 0), (0.5, body_kg, 0, "mass", 0), (1.0, 0, 0, "hold", 0)]
    total = sum(s[0] for s in segs)
    n = int(total * rate_hz)
    tt = np.arange(n) * dt
    mass = np.zeros(n)
    acc = np.zeros(n)
    pos = np.zeros(n)
    t = 0.0
    z = 0.0
    for dur, m0, m1, kind, d in segs:
        sel = (tt >= t) & (tt < t + dur)
        x = (tt[sel] - t) / dur
        if kind == "mass":
            mass[sel] = m0 + (m1 - m0) * (x - np.sin(2 * np.pi * x) / (2 * np.pi))
        else:
            mass[sel] = m0
        if kind == "move":
            # v = 2 d / T sin^2(pi x): raised cosine, zero speed and acceleration at both ends
            acc[sel] = 2 * d / dur * np.pi / dur * np.sin(2 * np.pi * x)
            pos[sel] = z + d * (x - np.sin(2 * np.pi * x) / (2 * np.pi))
            z += d
        elif kind == "lift":
            # trapezoidal speed: launch over the first quarter, cruise at vc, brake over the last
            r, vc = 0.25, d / (dur * 0.75)
            up, down = x < r, x > 1 - r
            acc[sel] = (vc / (r * dur) * (up * (1 - np.cos(2 * np.pi * x / r))
                                          - down * (1 - np.cos(2 * np.pi * (x - 1 + r) / r))))
            pos[sel] = z + np.cumsum(np.cumsum(acc[sel]) * dt) * dt
            z += d
        else:
            pos[sel] = z
        t += dur
    force = mass * (G + acc)
    sway = 2.0 * np.sin(2 * np.pi * 0.4 * tt + rng.uniform(0, 6)) * (mass > 1)
    measured = force + sway + noise_n * rng.standard_normal(n) * np.sqrt(n_cells)
    share = rng.dirichlet(np.ones(n_cells) * 5)
    cells = measured[:, None] * share[None, :]
    chans = [ChannelInfo(f"cell{i + 1}", "N", "force") for i in range(n_cells)]
    values = cells
    if with_position:
        chans.append(ChannelInfo("position", "m", "position"))
        values = np.column_stack([cells, 1.2 + pos + 0.0002 * rng.standard_normal(n)])
    info = ReaderInfo("synthetic", "Synthetic plate", "SYN", tuple(chans), rate_hz)
    block = SampleBlock(time_s=tt + t0_s, values=values, seq=np.arange(n, dtype=np.int64),
                        flags=np.zeros(n, np.uint8))
    if t0_s:
        truth = [SynthRep(r.ecc_start_s + t0_s, r.ecc_end_s + t0_s, r.con_start_s + t0_s,
                          r.con_end_s + t0_s) for r in truth]
    return Synth(info, block, force, truth, body_kg, m_sys)


def split(block: SampleBlock, rng: np.random.Generator, max_len: int = 3000) -> list[SampleBlock]:
    """The block cut at random places."""
    out = []
    i = 0
    n = len(block)
    while i < n:
        k = int(rng.integers(1, max_len))
        sl = slice(i, min(n, i + k))
        out.append(SampleBlock(block.time_s[sl], block.values[sl], block.seq[sl], block.flags[sl]))
        i += k
    return out


def boundaries(rep, truth) -> tuple[tuple[float, float, float], ...]:
    """(found, true, true phase duration) of a rep's four boundaries against the simulator's
    truth rep: eccentric start and end, concentric start and end."""
    return ((rep.eccentric.start_s, truth.ecc_start_s, truth.ecc_duration_s),
            (rep.eccentric.end_s, truth.ecc_end_s, truth.ecc_duration_s),
            (rep.concentric.start_s, truth.con_start_s, truth.con_duration_s),
            (rep.concentric.end_s, truth.con_end_s, truth.con_duration_s))


def unassisted_ok(got: float, want: float, duration_s: float) -> bool:
    """Within the unassisted boundary tolerance of bench_phases: max(150 ms, 6 % of the phase)."""
    return abs(got - want) <= max(0.15, 0.06 * duration_s)


def assisted_ok(got: float, want: float, duration_s: float) -> bool:
    """Within the assisted boundary tolerance of bench_phases: max(250 ms, 10 % of the phase)."""
    return abs(got - want) <= max(0.25, 0.1 * duration_s)


def unassisted_hits(sc: Scenario, set_no: int | None = None) -> tuple[int, int]:
    """(true unassisted reps some found rep matches with at least three of its four boundaries in
    the unassisted tolerance, true unassisted reps), in one set or all, analysed offline."""
    rec, res = analysed(sc)
    unassisted = [tr for tr in rec.truth.reps if tr.assisted == "none" and set_no in (None, tr.set)]
    hit = sum(any(sum(unassisted_ok(*b) for b in boundaries(r, tr)) >= 3 for r in res.reps)
              for tr in unassisted)
    return hit, len(unassisted)


# the benchmark's draw order: per seed, N scenarios of each method in this order
BENCH_METHODS = ("normal", "slow_negatives", "beyond_failure", "forced_positive", "forced_negative")


def bench_scenario(seed: int, method: str, k: int, n: int = 4, world: str = "classic") -> Scenario:
    """The k-th scenario of `method` that `bench_phases.py --seeds SEED --n N --world WORLD`
    analyses."""
    rng = np.random.default_rng(seed)
    for m in BENCH_METHODS:
        for j in range(n):
            sc = random_scenario(rng, m, world=world)
            if (m, j) == (method, k):
                return sc
    raise AssertionError("not drawn")


def scored_reps(sc: Scenario) -> list:
    """(truth, the found rep nearest each true rep's eccentric start or None) for one scenario,
    analysed offline with its method's settings."""
    from forceplate.analysis import AnalysisConfig, analyse
    from forceplate.simulator import simulate

    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method(sc.method))
    starts = np.array([r.eccentric.start_s for r in res.reps])
    out = []
    for tr in rec.truth.reps:
        i = int(np.argmin(np.abs(starts - tr.ecc_start_s))) if starts.size else -1
        out.append((tr, res.reps[i] if i >= 0 and abs(starts[i] - tr.ecc_start_s) <= 0.5 else None))
    return out


def analysed(sc: Scenario):
    """(recording, analysis) of one scenario, offline with its method's settings."""
    from forceplate.analysis import AnalysisConfig, analyse
    from forceplate.simulator import simulate

    rec = simulate(sc)
    return rec, analyse(rec.info, rec.block(), AnalysisConfig.for_method(sc.method))


def raises_helped_on_the_spotter_plate(rec, res):
    """(true rep, found rep) pairs, every rep found and measured as a spotter-plate helped raise."""
    assert len(res.reps) == len(rec.truth.reps)
    for tr in rec.truth.reps:
        r = min(res.reps, key=lambda r: abs(r.eccentric.start_s - tr.ecc_start_s))
        assert r.phase_source == "spotter_plate" and r.assisted == "raising"
        yield tr, r
