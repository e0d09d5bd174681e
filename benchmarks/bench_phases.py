"""Phase-detection accuracy against the simulated plate's ground truth.

Many seeded random scenarios per method (masses, tempos, depths, pauses, noise, drift, sway,
sample rates, cells, position / spotter-plate channels drawn wide by random_scenario), each
decoded through the real report path (SimulatedRecording.block()) and analysed offline.

Per group: reps found / true, share of sets with the exact rep count, share of boundaries
within tolerance (unassisted: max(150 ms, 6% of the phase); assisted: max(250 ms, 10%)),
median and 95th-percentile boundary error, share of per-phase mean forces within 2%, and the
spread over scenarios (worst scenario's boundary share).

    python benchmarks/bench_phases.py [--n 12] [--seed 1] [--methods normal,...] [--verbose]
    python benchmarks/bench_phases.py --seeds 1-5 [--n 12]   # spread over seeds (README table)
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from forceplate.analysis import AnalysisConfig, analyse
from forceplate.simulator import random_scenario, simulate

METHODS = ("normal", "slow_negatives", "beyond_failure", "forced_positive", "forced_negative")


@dataclass
class Tally:
    true_reps: int = 0
    found_reps: int = 0
    matched: int = 0
    sets: int = 0
    exact_sets: int = 0
    bounds_ok: int = 0
    bounds: int = 0
    errors: list[float] = field(default_factory=list)
    force_ok: int = 0
    forces: int = 0
    per_scenario: list[float] = field(default_factory=list)
    sources: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, other: Tally) -> None:
        for k in ("true_reps", "found_reps", "matched", "sets", "exact_sets", "bounds_ok", "bounds",
                  "force_ok", "forces"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.errors += other.errors
        self.per_scenario += other.per_scenario
        for k, v in other.sources.items():
            self.sources[k] += v


def score(rec, res) -> dict[str, Tally]:
    """Match each true rep to the found rep with the nearest eccentric start; tally by
    'unassisted' / 'assisted'."""
    out = {"unassisted": Tally(), "assisted": Tally()}
    found = list(res.reps)
    starts = np.array([r.eccentric.start_s for r in found]) if found else np.empty(0)
    used: set[int] = set()
    per = {k: [0, 0] for k in out}
    for tr in rec.truth.reps:
        key = "unassisted" if tr.assisted == "none" else "assisted"
        t = out[key]
        t.true_reps += 1
        if starts.size == 0:
            t.bounds += 4
            t.forces += 2
            per[key][1] += 4
            continue
        i = int(np.argmin(np.abs(starts - tr.ecc_start_s)))
        r = found[i]
        if i in used or abs(starts[i] - tr.ecc_start_s) > 0.5 * (tr.con_end_s - tr.ecc_start_s):
            t.bounds += 4
            t.forces += 2
            per[key][1] += 4
            continue
        used.add(i)
        t.matched += 1
        t.sources[r.phase_source] += 1
        ecc_d, con_d = tr.ecc_duration_s, tr.con_duration_s
        pairs = [(r.eccentric.start_s, tr.ecc_start_s, ecc_d), (r.eccentric.end_s, tr.ecc_end_s, ecc_d),
                 (r.concentric.start_s, tr.con_start_s, con_d), (r.concentric.end_s, tr.con_end_s, con_d)]
        for got, want, dur in pairs:
            err = abs(got - want)
            tol = max(0.150, 0.06 * dur) if key == "unassisted" else max(0.250, 0.10 * dur)
            t.errors.append(err)
            t.bounds += 1
            per[key][1] += 1
            if err <= tol:
                t.bounds_ok += 1
                per[key][0] += 1
        for got, want in ((r.eccentric.mean_force_n, tr.ecc_mean_force_n),
                          (r.concentric.mean_force_n, tr.con_mean_force_n)):
            t.forces += 1
            t.force_ok += int(abs(got / want - 1.0) <= 0.02)
    for key, t in out.items():
        if per[key][1]:
            t.per_scenario.append(per[key][0] / per[key][1])
    # set-level rep counts (all reps, both kinds)
    true_by_set = defaultdict(int)
    for tr in rec.truth.reps:
        true_by_set[tr.set] += 1
    found_by_set = defaultdict(int)
    for r in found:
        found_by_set[r.set] += 1
    tot = out["unassisted"] if not any(tr.assisted != "none" for tr in rec.truth.reps) else out["assisted"]
    tot.sets += len(true_by_set)
    tot.exact_sets += sum(1 for s, n in true_by_set.items() if found_by_set.get(s, 0) == n)
    tot.found_reps += len(found)
    return out


def row(name: str, t: Tally) -> str:
    if not t.true_reps:
        return ""
    e = np.array(t.errors) if t.errors else np.array([np.nan])
    worst = min(t.per_scenario) if t.per_scenario else float("nan")
    src = ",".join(f"{k}:{v}" for k, v in sorted(t.sources.items()))
    sets = f"{t.exact_sets}/{t.sets}" if t.sets else "-"
    return (f"{name:<28} {t.matched:>4}/{t.true_reps:<4} {sets:>7} {100 * t.bounds_ok / max(t.bounds, 1):6.1f}% "
            f"{1000 * np.median(e):7.0f} {1000 * np.percentile(e, 95):7.0f} "
            f"{100 * t.force_ok / max(t.forces, 1):6.1f}% {100 * worst:6.1f}%  {src}")


def run_scenario(rng, method: str):
    """One random scenario through the real decode path:
    (scenario, scores, analysis seconds, samples, reps found, true reps)."""
    sc = random_scenario(rng, method)
    rec = simulate(sc)
    block = rec.block()
    t0 = time.perf_counter()
    res = analyse(rec.info, block, AnalysisConfig.for_method(method))
    seconds = time.perf_counter() - t0
    return sc, score(rec, res), seconds, len(block), len(res.reps), len(rec.truth.reps)


def run_seed(seed: int, n: int, methods: list[str], verbose: bool = False,
             ) -> tuple[dict[str, Tally], dict[str, Tally], dict[str, Tally], float, int]:
    """(per method/kind, per kind/channels, totals, analysis seconds, samples) for one seed."""
    rng = np.random.default_rng(seed)
    per_method: dict[str, Tally] = defaultdict(Tally)
    groups: dict[str, Tally] = defaultdict(Tally)
    total = {"unassisted": Tally(), "assisted": Tally()}
    t_an = 0.0
    n_samples = 0
    for method in methods:
        for _ in range(n):
            sc, sc_scores, seconds, samples, found, true = run_scenario(rng, method)
            t_an += seconds
            n_samples += samples
            kind = "position" if sc.with_position else "spotter plate" if sc.with_spotter_plate else "force only"
            for k, t in sc_scores.items():
                total[k].add(t)
                if t.true_reps:
                    per_method[f"{method} ({k})"].add(t)
                    groups[f"{k} / {kind}"].add(t)
            if verbose:
                u, a = sc_scores["unassisted"], sc_scores["assisted"]
                print(f"  seed={sc.seed} {method} rate={sc.sample_rate_hz:.0f} cells={sc.n_cells} "
                      f"noise={sc.noise_sd_n:.1f} pos={sc.with_position} spot={sc.with_spotter_plate} "
                      f"reps {found}/{true} "
                      f"u {u.bounds_ok}/{u.bounds} a {a.bounds_ok}/{a.bounds}", file=sys.stderr)
    return per_method, groups, total, t_an, n_samples


def _seed_list(text: str) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out += list(range(int(lo), int(hi or lo) + 1))
    return out


def spread(seeds: list[int], n: int, methods: list[str]) -> int:
    """Per group: in-tolerance share, mean-force share and exact sets over each seed (min-max),
    pooled median error - the spread, not the best run."""
    rows: dict[str, list[Tally]] = defaultdict(list)
    pooled: dict[str, Tally] = defaultdict(Tally)
    for seed in seeds:
        _, groups, total, _, _ = run_seed(seed, n, methods)
        for name, t in [*groups.items(), *((f"ALL {k}", t) for k, t in total.items())]:
            rows[name].append(t)
            pooled[name].add(t)
        print(f"seed {seed}: unassisted {100 * total['unassisted'].bounds_ok / max(total['unassisted'].bounds, 1):.1f}% "
              f"assisted {100 * total['assisted'].bounds_ok / max(total['assisted'].bounds, 1):.1f}%", flush=True)
    head = (f"{'group':<28} {'in tol (min-max over seeds)':>28} {'pooled':>7} {'med ms':>7} "
            f"{'F<=2% (min-max)':>16} {'exact sets':>11}")
    print(f"\nseeds {seeds[0]}..{seeds[-1]} ({len(seeds)}), {n} scenarios per method per seed")
    print(head)
    print("-" * len(head))
    for name in sorted(rows, key=lambda k: (k.startswith("ALL"), k)):
        ts = rows[name]
        tol = [100 * t.bounds_ok / t.bounds for t in ts if t.bounds]
        frc = [100 * t.force_ok / t.forces for t in ts if t.forces]
        p = pooled[name]
        med = 1000 * float(np.median(p.errors)) if p.errors else float("nan")
        sets = f"{p.exact_sets}/{p.sets}" if p.sets else "-"
        print(f"{name:<28} {min(tol):>18.1f}-{max(tol):5.1f}% {100 * p.bounds_ok / max(p.bounds, 1):6.1f}% "
              f"{med:7.0f} {min(frc):>9.1f}-{max(frc):5.1f}% {sets:>11}")
    u, a = pooled["ALL unassisted"], pooled["ALL assisted"]
    per_seed = [100 * (x.force_ok + y.force_ok) / max(x.forces + y.forces, 1)
                for x, y in zip(rows["ALL unassisted"], rows["ALL assisted"], strict=True)]
    print(f"{'ALL phases: mean force <=2%':<28} {min(per_seed):>18.1f}-{max(per_seed):5.1f}% "
          f"{100 * (u.force_ok + a.force_ok) / max(u.forces + a.forces, 1):6.1f}%")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=12, help="scenarios per method")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seeds", help="e.g. 1-5 or 10,12: print the spread over these seeds")
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    if args.seeds:
        return spread(_seed_list(args.seeds), args.n, args.methods.split(","))
    rng = np.random.default_rng(args.seed)
    header = (f"{'group':<28} {'reps':>9} {'sets ok':>7} {'in tol':>7} {'med ms':>7} {'p95 ms':>7} "
              f"{'F<=2%':>7} {'worst':>7}  phase sources")
    print(header)
    print("-" * len(header))
    total = {"unassisted": Tally(), "assisted": Tally()}
    groups: dict[str, Tally] = defaultdict(Tally)
    t_an = 0.0
    n_samples = 0
    for method in args.methods.split(","):
        per_method = {"unassisted": Tally(), "assisted": Tally()}
        for _ in range(args.n):
            sc, sc_scores, seconds, samples, found, true = run_scenario(rng, method)
            t_an += seconds
            n_samples += samples
            for k, t in sc_scores.items():
                per_method[k].add(t)
                total[k].add(t)
            kind = "position" if sc.with_position else "spotter plate" if sc.with_spotter_plate else "force only"
            for k, t in sc_scores.items():
                if t.true_reps:
                    groups[f"{k} / {kind}"].add(t)
            if args.verbose:
                u = sc_scores["unassisted"]
                a = sc_scores["assisted"]
                print(f"  seed={sc.seed} {method} rate={sc.sample_rate_hz:.0f} cells={sc.n_cells} "
                      f"noise={sc.noise_sd_n:.1f} pos={sc.with_position} spot={sc.with_spotter_plate} "
                      f"reps {found}/{true} "
                      f"u {u.bounds_ok}/{u.bounds} a {a.bounds_ok}/{a.bounds}", file=sys.stderr)
        for k, t in per_method.items():
            line = row(f"{method} ({k})", t)
            if line:
                print(line)
    print("-" * len(header))
    for name, t in sorted(groups.items()):
        print(row(name, t))
    print("-" * len(header))
    for k, t in total.items():
        print(row(f"ALL {k}", t))
    print(f"\nanalysis time {t_an:.2f} s for {n_samples / 1e6:.1f} M samples "
          f"({n_samples / max(t_an, 1e-9) / 1e6:.1f} M samples/s)")
    print("tolerances: unassisted max(150 ms, 6% of phase); assisted max(250 ms, 10%); "
          "'worst' = lowest per-scenario in-tolerance share")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
