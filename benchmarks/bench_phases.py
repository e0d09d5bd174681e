"""Phase-detection accuracy against the simulated plate's ground truth, per family.

Many seeded random scenarios per method, each decoded through the real report path
(SimulatedRecording.block()) and analysed offline. Two worlds (forceplate.simulator.scenario):
"wide" (default) draws lifters the analysis was not developed on - body 40-160 kg with bars up
to 200 kg, travel 5-80 cm, every phase 0.5-8 s, pauses up to 2 s, 250 Hz-2 kHz, strong sway and
drift, spotters who help unevenly; "classic" is the world it grew up in.

Per family (method, channels, travel, lowering tempo, sample rate, mass on the plate, spotter,
and method x channels x travel): reps found / true, sets with the exact rep count, share of
boundaries within tolerance (unassisted: max(150 ms, 6% of the phase); assisted: max(250 ms,
10%)), median and 95th-percentile boundary error, share of per-phase mean forces within 2%, and
the worst scenario's boundary share.

    python benchmarks/bench_phases.py [--n 12] [--seed 1] [--world wide|classic] [--verbose]
    python benchmarks/bench_phases.py --seeds 9001-9005 [--n 12]   # spread over seeds
    python benchmarks/bench_phases.py --world classic --export-hz 100   # as a 100-Hz vendor export

--export-hz averages each recording down to about that rate (whole groups of samples, as a
plate's own anti-alias averaging would) before analysing it: vendor exports are often 50-200 Hz.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from forceplate.analysis import AnalysisConfig, analyse
from forceplate.simulator import Scenario, random_scenario, simulate
from forceplate.simulator.kinematics import RAMPS

sys.path.insert(0, str(Path(__file__).resolve().parent))   # phase_score, also when loaded by path
from phase_score import (  # noqa: E402
    FAMILIES,
    LOW_CONFIDENCE,
    NOISE_SDS,
    SHOWN_UNSURE,
    SWAY_PCTL,
    Tally,
    _channels,
    score,
    visible,
)
from seed_ranges import seed_list as _seed_list  # noqa: E402  (classify_force_only, compare_scenarios)

__all__ = ["FAMILIES", "LOW_CONFIDENCE", "NOISE_SDS", "SWAY_PCTL", "Tally", "score", "visible"]

METHODS = ("normal", "slow_negatives", "beyond_failure", "forced_positive", "forced_negative")


@dataclass
class Run:
    """Every scenario's scores, to be grouped any way."""

    items: list[tuple[Scenario, dict[str, Tally]]] = field(default_factory=list)
    seconds: float = 0.0
    samples: int = 0

    def group(self, key: Callable[[Scenario], str]) -> dict[str, dict[str, Tally]]:
        out: dict[str, dict[str, Tally]] = defaultdict(lambda: {"unassisted": Tally(), "assisted": Tally()})
        for sc, scores in self.items:
            for kind, t in scores.items():
                out[key(sc)][kind].add(t)
        return out

    def total(self) -> dict[str, Tally]:
        return self.group(lambda sc: "ALL")["ALL"]


def run_scenario(rng, method: str, world: str = "wide", spotter_plate: bool = False,
                 export_hz: float | None = None, ramp: str = "quintic"):
    """One random scenario through the real decode path:
    (scenario, scores, analysis seconds, samples, reps found, true reps). spotter_plate: every
    scenario with a spotter plate and no bar sensor (the same lifters, another channel)."""
    extra: dict = {"with_spotter_plate": True, "with_position": False} if spotter_plate else {}
    if ramp != "quintic":
        extra["ramp"] = ramp     # set after the draws: the same lifters, another ease
    sc = random_scenario(rng, method, world=world, **extra)
    rec = simulate(sc)
    info, block = rec.exported(export_hz) if export_hz else (rec.info, rec.block())
    t0 = time.perf_counter()
    res = analyse(info, block, AnalysisConfig.for_method(method))
    seconds = time.perf_counter() - t0
    return sc, score(rec, res), seconds, len(block), len(res.reps), len(rec.truth.reps)


def run_seed(seed: int, n: int, methods: list[str], world: str = "wide", verbose: bool = False,
             spotter_plate: bool = False, export_hz: float | None = None, misses: bool = False,
             ramp: str = "quintic") -> Run:
    rng = np.random.default_rng(seed)
    run = Run()
    for method in methods:
        for _ in range(n):
            sc, sc_scores, seconds, samples, found, true = run_scenario(rng, method, world, spotter_plate,
                                                                        export_hz, ramp)
            run.items.append((sc, sc_scores))
            run.seconds += seconds
            run.samples += samples
            if misses and _channels(sc) == "force only":
                for line in sc_scores["unassisted"].misses:
                    print(f"  visible miss: seed={seed} {method} sc={sc.seed} m={sc.system_mass_kg:.0f}kg "
                          f"travel={100 * sc.travel_m:.0f}cm ecc={sc.ecc_s:.1f}s con={sc.con_s:.1f}s "
                          f"pause={sc.pause_bottom_s:.1f}s rest={sc.rest_top_s:.1f}s rate={sc.sample_rate_hz:.0f} "
                          f"sway={sc.sway:.1f} {line}", file=sys.stderr, flush=True)
            if verbose:
                u, a = sc_scores["unassisted"], sc_scores["assisted"]
                print(f"  seed={sc.seed} {method} rate={sc.sample_rate_hz:.0f} cells={sc.n_cells} "
                      f"m={sc.system_mass_kg:.0f}kg travel={100 * sc.travel_m:.0f}cm ecc={sc.ecc_s:.1f}s "
                      f"con={sc.con_s:.1f}s pause={sc.pause_bottom_s:.1f}s rest={sc.rest_top_s:.1f}s "
                      f"noise={sc.noise_sd_n:.1f} sway={sc.sway:.1f} uneven={sc.spotter_uneven:.2f} "
                      f"ch={_channels(sc)} reps {found}/{true} "
                      f"u {u.bounds_ok}/{u.bounds} F {u.force_ok}/{u.forces} "
                      f"a {a.bounds_ok}/{a.bounds} F {a.force_ok}/{a.forces}", file=sys.stderr, flush=True)
    return run


def row(name: str, t: Tally) -> str:
    if not t.true_reps:
        return ""
    e = np.array(t.errors) if t.errors else np.array([np.nan])
    worst = min(t.per_scenario) if t.per_scenario else float("nan")
    src = ",".join(f"{k}:{v}" for k, v in sorted(t.sources.items()))
    sets = f"{t.exact_sets}/{t.sets}" if t.sets else "-"
    return (f"{name:<44} {t.matched:>4}/{t.true_reps:<4} {sets:>7} {t.in_tol:6.1f}% "
            f"{1000 * np.median(e):7.0f} {1000 * np.percentile(e, 95):7.0f} "
            f"{t.force_share:6.1f}% {100 * worst:6.1f}%  {src}")


HEADER = (f"{'family':<44} {'reps':>9} {'sets ok':>7} {'in tol':>7} {'med ms':>7} {'p95 ms':>7} "
          f"{'F<=2%':>7} {'worst':>7}  phase sources")


def print_families(run: Run, families: list[str]) -> None:
    print(HEADER)
    for fam in families:
        print("-" * len(HEADER) + f"  [{fam}]")
        for name, kinds in sorted(run.group(FAMILIES[fam]).items()):
            for kind, t in kinds.items():
                line = row(f"{name} ({kind})", t)
                if line:
                    print(line)
    print("-" * len(HEADER))
    print_seen(run)
    print_trust(run)
    tot = run.total()
    for kind, t in tot.items():
        print(row(f"ALL {kind}", t))
    u, a = tot["unassisted"], tot["assisted"]
    print(f"{'ALL phases: mean force <=2%':<44} {100 * (u.force_ok + a.force_ok) / max(u.forces + a.forces, 1):.1f}% "
          f"of {u.forces + a.forces}; exact sets {u.exact_sets + a.exact_sets}/{u.sets + a.sets}")
    miss = [x + y for x, y in zip(u.force_miss, a.force_miss, strict=True)]
    print(f"{'mean forces over 2% off':<44} {sum(miss)}: {miss[0]} of reps not found, {miss[1]} with a "
          f"boundary of the phase out of tolerance, {miss[2]} with both within")


def print_seen(run: Run) -> None:
    """Force only, unassisted reps split by what the force can show (visible()): the misses a
    better analysis can fix, and those under the physical bound, which it should flag."""
    t = run.group(lambda sc: _channels(sc))["force only"]["unassisted"]
    if not t.seen:
        return
    print(f"force only (unassisted), by the weaker phase's peak |m*a| against the recording's sway "
          f"peak + {NOISE_SDS:.0f} frame-noise SDs:")
    for name, want in (("both phases over it", True), ("a phase under it", False)):
        rows = [x for x in t.seen if x[0] == want]
        if not rows:
            continue
        found = [x for x in rows if x[1]]
        bad = [x for x in found if x[2] < 4]
        print(f"  {name:<22} reps {len(found):>4}/{len(rows):<4} boundaries in tol "
              f"{100 * sum(x[2] for x in rows) / max(4 * len(rows), 1):5.1f}%, missed "
              f"{4 * len(rows) - sum(x[2] for x in rows):>4}; confidence <= {LOW_CONFIDENCE}: "
              f"{sum(x[3] for x in bad)}/{len(bad)} found with a boundary off, "
              f"{sum(x[3] for x in found) - sum(x[3] for x in bad)}/{len(found) - len(bad)} with all four in")


def print_trust(run: Run) -> None:
    """What a coach is shown, all channels: the reps given without "look again" and how many of
    them are right, the reps flagged, and found reps that match no true rep."""
    tot = run.total()
    print(f'shown to a coach (confidence < {SHOWN_UNSURE} reads "look again"), all channels:')
    for kind, t in tot.items():
        found = [x for x in t.seen if x[1]]
        sure = [x for x in found if not x[4]]
        unsure = [x for x in found if x[4]]
        print(f"  {kind:<11} sure {len(sure):>5} reps: boundaries in tol "
              f"{100 * sum(x[2] for x in sure) / max(4 * len(sure), 1):5.1f}%, all four in "
              f"{100 * sum(x[2] == 4 for x in sure) / max(len(sure), 1):5.1f}%; flagged {len(unsure)}, "
              f"{sum(x[2] < 4 for x in unsure)} of them with a boundary off; not found {len(t.seen) - len(found)}")
    extra = tot["unassisted"].extra + tot["assisted"].extra
    print(f"  found reps matching no true rep (extra, or a true rep's start over half a rep off): "
          f"{len(extra)}, {sum(extra)} of them flagged")


def spread(seeds: list[int], n: int, methods: list[str], world: str, families: list[str],
           spotter_plate: bool = False, export_hz: float | None = None, misses: bool = False,
           ramp: str = "quintic") -> int:
    """Per seed the totals, then every family pooled over the seeds, with the per-seed range
    of the totals - the spread, not the best run."""
    pooled = Run()
    per_seed: list[dict[str, Tally]] = []
    for seed in seeds:
        run = run_seed(seed, n, methods, world, spotter_plate=spotter_plate, export_hz=export_hz,
                       misses=misses, ramp=ramp)
        pooled.items += run.items
        pooled.seconds += run.seconds
        pooled.samples += run.samples
        tot = run.total()
        per_seed.append(tot)
        u, a = tot["unassisted"], tot["assisted"]
        print(f"seed {seed}: unassisted {u.in_tol:.1f}% assisted {a.in_tol:.1f}% "
              f"F<=2% {100 * (u.force_ok + a.force_ok) / max(u.forces + a.forces, 1):.1f}% "
              f"exact sets {u.exact_sets + a.exact_sets}/{u.sets + a.sets}", flush=True)
    print(f"\nworld {world}, seeds {seeds[0]}..{seeds[-1]} ({len(seeds)}), {n} scenarios per method per seed")
    for kind in ("unassisted", "assisted"):
        vals = [t[kind].in_tol for t in per_seed if t[kind].bounds]
        if vals:
            print(f"{kind}: in tolerance per seed {min(vals):.1f}-{max(vals):.1f}%")
    frc = [100 * (t["unassisted"].force_ok + t["assisted"].force_ok)
           / max(t["unassisted"].forces + t["assisted"].forces, 1) for t in per_seed]
    print(f"mean force <=2% per seed {min(frc):.1f}-{max(frc):.1f}%\n")
    print_families(pooled, families)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=12, help="scenarios per method")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seeds", help="e.g. 1-5 or 10,12: print the spread over these seeds")
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--world", default="wide", choices=("wide", "classic"))
    ap.add_argument("--families", default=",".join(FAMILIES),
                    help=f"families to report (of {', '.join(FAMILIES)})")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--misses", action="store_true",
                    help="list (on stderr) every force-only unassisted rep over the physical bound with a "
                         "boundary out of tolerance or not found")
    ap.add_argument("--spotter-plate", action="store_true",
                    help="give every scenario a spotter plate (and no bar sensor)")
    ap.add_argument("--export-hz", type=float, help="average each recording down to about this rate first")
    ap.add_argument("--ramp", default="quintic", choices=tuple(RAMPS),
                    help="how the simulated bar's speed eases between knots (no world draws it: "
                         "the same lifters with another smooth ramp)")
    args = ap.parse_args(argv)
    methods = args.methods.split(",")
    families = [f for f in args.families.split(",") if f]
    if args.seeds:
        return spread(_seed_list(args.seeds), args.n, methods, args.world, families,
                      args.spotter_plate, args.export_hz, args.misses, args.ramp)
    run = run_seed(args.seed, args.n, methods, args.world, args.verbose, args.spotter_plate,
                   args.export_hz, args.misses, args.ramp)
    print_families(run, families)
    print(f"\nanalysis time {run.seconds:.2f} s for {run.samples / 1e6:.1f} M samples "
          f"({run.samples / max(run.seconds, 1e-9) / 1e6:.1f} M samples/s)")
    print("tolerances: unassisted max(150 ms, 6% of phase); assisted max(250 ms, 10%); "
          "'worst' = lowest per-scenario in-tolerance share")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
