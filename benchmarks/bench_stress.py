"""Stress run: one knob at a time pushed past the wide world's ranges (scenario.wide_scenario).

The judge's lifters may reach past the wide world. Each knob takes the same wide-world draws
(seed by seed, method by method) and overrides one parameter beyond its range:

    rate 100 / 200 Hz     the recording averaged down (a vendor export, SimulatedRecording.exported)
    rate 4000 Hz          rendered at 4 kHz (the scenario's own 250-2000 Hz check bypassed)
    noise x3              15 N per cell (3x the wide world's 5 N)
    drift x3              +-0.45 N/s (3x its 0.15 N/s)
    spotter plate         every scenario given a spotter plate, no bar sensor (spdrift's base)
    spotter drift         +-0.45 N/s on a spotter plate of its own (the wide world's spotter
                          plate does not drift; the knob gives every scenario one, no bar sensor)
    sway x2               4.0 (2x its 2.0)
    lifter 35 / 250 kg    body mass
    bar 5 / 300 kg        bar mass
    travel 3 / 100 cm     travel (the lockout spread scaled as the wide world scales it)
    tempo 0.3 / 10 s      every phase (lowering, raising, a beyond-failure negative)
    pause 4 s             at the bottom
    as_normal             the wide world's lifter, the analysis told "normal" whatever the method

Per knob: reps found / true, sets exact, boundaries in tolerance (bench_phases' tolerances),
phases' mean force within 2 %, crashes (with knob, method and seed), absurd output (rep
invariants of sweep_rep_invariants, NaN / inf or negative figures, a rep shown sure - confidence
at or over the dashboard's "look again" line - with a boundary over 3 tolerances off or a mean
force over 10 % off, or matching no true rep), and analysis time.

    python benchmarks/bench_stress.py [--seeds 8000-8003] [--n 1] [--knobs rate100,tempo10]
                                      [--live] [--verbose]

Explore seeds 8000-8999 only.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from phase_score import SHOWN_UNSURE, Tally, score  # noqa: E402
from seed_ranges import seed_list  # noqa: E402
from sweep_rep_invariants import violations  # noqa: E402

from forceplate.analysis import AnalysisConfig, analyse  # noqa: E402
from forceplate.simulator import Scenario, random_scenario, simulate  # noqa: E402

METHODS = ("normal", "slow_negatives", "beyond_failure", "forced_positive", "forced_negative")
SURE_OFF_TOLS = 3.0     # a sure rep with a boundary this many tolerances off is absurd
SURE_FORCE_OFF = 0.10   # ... or a phase's mean force this far off


def _unchecked(sc: Scenario, **changes: Any) -> Scenario:
    """sc with changes the scenario's own range checks would refuse (a 4-kHz plate)."""
    out = sc.with_()
    for k, v in changes.items():
        object.__setattr__(out, k, v)
    return out


def _travel(sc: Scenario, travel_m: float) -> Scenario:
    # the wide world scales the lockout spread with travel under 15 cm
    old = min(1.0, sc.travel_m / 0.15)
    new = min(1.0, travel_m / 0.15)
    return sc.with_(travel_m=travel_m, lockout_spread_m=sc.lockout_spread_m * new / old)


def _tempo(sc: Scenario, s: float) -> Scenario:
    return sc.with_(ecc_s=s, con_s=s, negative_ecc_s=s)


# knob -> (scenario change, export rate Hz or None)
KNOBS: dict[str, tuple[Callable[[Scenario, np.random.Generator], Scenario], float | None]] = {
    "base": (lambda sc, r: sc, None),
    "rate100": (lambda sc, r: sc.with_(sample_rate_hz=1000.0), 100.0),
    "rate200": (lambda sc, r: sc.with_(sample_rate_hz=1000.0), 200.0),
    "rate4000": (lambda sc, r: _unchecked(sc, sample_rate_hz=4000.0), None),
    "noise15": (lambda sc, r: sc.with_(noise_sd_n=15.0), None),
    "drift0.45": (lambda sc, r: sc.with_(drift_n_per_s=float(r.choice([-0.45, 0.45]))), None),
    "spplate": (lambda sc, r: sc.with_(with_spotter_plate=True, with_position=False), None),
    "spdrift0.45": (lambda sc, r: sc.with_(with_spotter_plate=True, with_position=False,
                                           spotter_drift_n_per_s=float(r.choice([-0.45, 0.45]))), None),
    "sway4": (lambda sc, r: sc.with_(sway=4.0), None),
    "body35": (lambda sc, r: sc.with_(body_mass_kg=35.0), None),
    "body250": (lambda sc, r: sc.with_(body_mass_kg=250.0), None),
    "bar5": (lambda sc, r: sc.with_(bar_mass_kg=5.0), None),
    "bar300": (lambda sc, r: sc.with_(bar_mass_kg=300.0), None),
    "travel3": (lambda sc, r: _travel(sc, 0.03), None),
    "travel100": (lambda sc, r: _travel(sc, 1.0), None),
    "tempo0.3": (lambda sc, r: _tempo(sc, 0.3), None),
    "tempo10": (lambda sc, r: _tempo(sc, 10.0), None),
    "pause4": (lambda sc, r: sc.with_(pause_bottom_s=4.0), None),
    "as_normal": (lambda sc, r: sc, None),
}
# knob -> the method the analysis is told (a coach who picked the wrong one): the method's name
# is a prior, never the only evidence
TOLD = {"as_normal": "normal"}


@dataclass
class KnobTally:
    scenarios: int = 0
    found: int = 0
    true: int = 0
    sets: int = 0
    exact_sets: int = 0
    tally: dict[str, Tally] = field(default_factory=lambda: {"unassisted": Tally(), "assisted": Tally()})
    crashes: list[str] = field(default_factory=list)
    absurd: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _finite(x: float | None) -> bool:
    return x is None or math.isfinite(x)


def absurdities(rec, res) -> list[str]:
    """What no analysis should ever report, truth or not, plus sure reps far from the truth."""
    out = [f"{k}: {w}" for k, w in violations(list(res.reps))]
    for r in res.reps:
        for name, p in (("ecc", r.eccentric), ("con", r.concentric)):
            figs = (p.start_s, p.end_s, p.duration_s, p.mean_force_n, p.peak_force_n, p.impulse_n_s,
                    p.mean_velocity_m_s, p.peak_velocity_m_s, p.mean_power_w, p.peak_power_w)
            if not all(_finite(x) for x in figs):
                out.append(f"rep {r.rep} {name}: a NaN / inf figure")
            if p.duration_s < 0 or p.mean_force_n < 0 or p.peak_force_n < 0:
                out.append(f"rep {r.rep} {name}: negative duration or force ({p.duration_s:.3f} s, "
                           f"{p.mean_force_n:.0f} N)")
        if not math.isfinite(r.confidence) or not 0.0 <= r.confidence <= 1.0:
            out.append(f"rep {r.rep}: confidence {r.confidence}")
    truth = rec.truth.reps
    starts = np.array([t.ecc_start_s for t in truth]) if truth else np.empty(0)
    for r in res.reps:
        if r.confidence < SHOWN_UNSURE:
            continue
        if not starts.size:
            out.append(f"sure rep {r.rep} at {r.eccentric.start_s:.2f} s: no true rep at all")
            continue
        t = truth[int(np.argmin(np.abs(starts - r.eccentric.start_s)))]
        if abs(t.ecc_start_s - r.eccentric.start_s) > 0.5 * (t.con_end_s - t.ecc_start_s):
            out.append(f"sure rep {r.rep} at {r.eccentric.start_s:.2f} s matches no true rep")
            continue
        helped = t.assisted != "none"
        for got, want, dur, name in ((r.eccentric.start_s, t.ecc_start_s, t.ecc_duration_s, "ecc start"),
                                     (r.eccentric.end_s, t.ecc_end_s, t.ecc_duration_s, "ecc end"),
                                     (r.concentric.start_s, t.con_start_s, t.con_duration_s, "con start"),
                                     (r.concentric.end_s, t.con_end_s, t.con_duration_s, "con end")):
            tol = max(0.250, 0.10 * dur) if helped else max(0.150, 0.06 * dur)
            if abs(got - want) > SURE_OFF_TOLS * tol:
                out.append(f"sure rep {r.rep} (conf {r.confidence:.2f}) {name} {got - want:+.2f} s")
        for got, want, name in ((r.eccentric.mean_force_n, t.ecc_mean_force_n, "ecc"),
                                (r.concentric.mean_force_n, t.con_mean_force_n, "con")):
            if abs(got / want - 1.0) > SURE_FORCE_OFF:
                out.append(f"sure rep {r.rep} (conf {r.confidence:.2f}) {name} mean force "
                           f"{100 * (got / want - 1):+.0f} %")
    return out


def run_knob(name: str, seeds: list[int], n: int, live: bool, verbose: bool) -> KnobTally:
    change, export_hz = KNOBS[name]
    kt = KnobTally()
    for seed in seeds:
        rng = np.random.default_rng(seed)
        for method in METHODS:
            for _ in range(n):
                base = random_scenario(rng, method, world="wide")
                sc = change(base, np.random.default_rng([seed, base.seed]))
                label = f"{name} seed={seed} {method} sc={sc.seed}"
                try:
                    rec = simulate(sc)
                    info, block = rec.exported(export_hz) if export_hz else (rec.info, rec.block())
                except Exception as exc:  # noqa: BLE001 - the simulator's limit, not the analysis'
                    print(f"  SIM FAIL {label}: {type(exc).__name__}: {exc}", flush=True)
                    continue
                kt.scenarios += 1
                t0 = time.perf_counter()
                try:
                    res = analyse(info, block, AnalysisConfig.for_method(TOLD.get(name, method)),
                                  block_size=137 if live else None)
                except Exception as exc:  # noqa: BLE001 - a crash is what this run hunts
                    kt.seconds += time.perf_counter() - t0
                    kt.crashes.append(f"{label}: {type(exc).__name__}: {exc}")
                    print(f"  CRASH {label}:\n" + traceback.format_exc(), flush=True)
                    continue
                kt.seconds += time.perf_counter() - t0
                scores = score(rec, res)
                for k, t in scores.items():
                    kt.tally[k].add(t)
                kt.found += len(res.reps)
                kt.true += len(rec.truth.reps)
                bad = absurdities(rec, res)
                kt.absurd += [f"{label}: {b}" for b in bad]
                if verbose or bad:
                    u, a = scores["unassisted"], scores["assisted"]
                    print(f"  {label} m={sc.system_mass_kg:.0f}kg travel={100 * sc.travel_m:.0f}cm "
                          f"ecc={sc.ecc_s:.1f}s con={sc.con_s:.1f}s reps {len(res.reps)}/{len(rec.truth.reps)} "
                          f"u {u.bounds_ok}/{u.bounds} a {a.bounds_ok}/{a.bounds}"
                          + "".join(f"\n      ABSURD {b}" for b in bad), flush=True)
    for t in kt.tally.values():
        kt.sets += t.sets
        kt.exact_sets += t.exact_sets
    return kt


def _seeds(text: str) -> list[int]:
    out = seed_list(text)
    if any(not 8000 <= s <= 8999 for s in out):
        raise SystemExit("explore seeds 8000-8999 only")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="8000-8001")
    ap.add_argument("--n", type=int, default=1, help="scenarios per method per seed")
    ap.add_argument("--knobs", default=",".join(KNOBS))
    ap.add_argument("--live", action="store_true", help="feed the analysis in blocks of 137 samples")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    seeds = _seeds(args.seeds)
    rows = []
    for name in args.knobs.split(","):
        kt = run_knob(name, seeds, args.n, args.live, args.verbose)
        u, a = kt.tally["unassisted"], kt.tally["assisted"]
        forces = u.forces + a.forces
        rows.append(f"{name:<10} {kt.scenarios:>4} {kt.found:>5}/{kt.true:<5} {kt.exact_sets:>4}/{kt.sets:<4} "
                    f"{u.in_tol:6.1f}% {a.in_tol:6.1f}% {100 * (u.force_ok + a.force_ok) / max(forces, 1):6.1f}% "
                    f"{len(kt.crashes):>6} {len(kt.absurd):>6} {kt.seconds / max(kt.scenarios, 1):7.2f}")
        print(rows[-1], flush=True)
        for c in kt.crashes:
            print(f"    crash: {c}")
    print(f"\nseeds {seeds[0]}-{seeds[-1]}, {args.n} per method per seed" + (", live (137-sample blocks)"
                                                                             if args.live else ""))
    print(f"{'knob':<10} {'scen':>4} {'reps':>11} {'sets':>9} {'unass':>7} {'assist':>7} {'F<=2%':>7} "
          f"{'crash':>6} {'absurd':>6} {'s/scen':>7}")
    for r in rows:
        print(r)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
