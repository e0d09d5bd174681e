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

import numpy as np

from forceplate.analysis import AnalysisConfig, analyse
from forceplate.simulator import Scenario, random_scenario, simulate

# the confidence under which the dashboard and `record` tell the coach to look again
from tui.verdicts import LOW_CONFIDENCE as SHOWN_UNSURE

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
    # phases whose mean force missed 2 %: of reps not found / matched, of found reps with a
    # boundary of that phase out of tolerance, with both within tolerance
    force_miss: list[int] = field(default_factory=lambda: [0, 0, 0])
    per_scenario: list[float] = field(default_factory=list)
    sources: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # per true rep: (force shows both phases, found, boundaries in tolerance 0-4, found with
    # confidence <= LOW_CONFIDENCE, found and shown to the coach as unsure) - see visible()
    seen: list[tuple[bool, bool, int, bool, bool]] = field(default_factory=list)
    # force only, unassisted, visible reps with a boundary off or not found (--misses): one line
    # each, "ecc start s: what is off"
    misses: list[str] = field(default_factory=list)
    # found reps that match no true rep: True where the rep was flagged (see LOW_CONFIDENCE)
    extra: list[bool] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for k in ("true_reps", "found_reps", "matched", "sets", "exact_sets", "bounds_ok", "bounds",
                  "force_ok", "forces"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.errors += other.errors
        self.force_miss = [a + b for a, b in zip(self.force_miss, other.force_miss, strict=True)]
        self.per_scenario += other.per_scenario
        self.seen += other.seen
        self.misses += other.misses
        self.extra += other.extra
        for k, v in other.sources.items():
            self.sources[k] += v

    @property
    def in_tol(self) -> float:
        return 100.0 * self.bounds_ok / max(self.bounds, 1)

    @property
    def force_share(self) -> float:
        return 100.0 * self.force_ok / max(self.forces, 1)


SWAY_PCTL = 99.0        # %, the sway's peak: this percentile of |m*(sway + tremor) accelerations|
NOISE_SDS = 3.0         # frame-noise SDs on top of it (10-ms frame means, as the analysis sees them)
LOW_CONFIDENCE = 0.4    # a rep marked at or under this is flagged as not seen (segment.py)


def visible(rec) -> Callable[[float, float, float, float], bool]:
    """From the simulator's truth: does the force show both phases of a rep (ecc start/end,
    con start/end, s)? A phase shows when its peak |m*a| stands over the recording's own sway
    peak plus NOISE_SDS SDs of a 10-ms frame mean's noise (the sum of the cells' noise); under
    that, whatever the force shows there is sway and noise, and only the integral can find it
    (the bound in docs/analysis.md)."""
    sc = rec.scenario
    t = rec.time_s
    ma = np.abs(rec.mass_kg * rec.accel_m_s2)
    frame_noise = sc.noise_sd_n * np.sqrt(sc.n_cells) / np.sqrt(max(sc.sample_rate_hz * 0.01, 1.0))
    bound = float(np.percentile(np.abs(rec.perturbation_force_n), SWAY_PCTL)) + NOISE_SDS * frame_noise

    def shows(a: float, b: float, c: float, d: float) -> bool:
        for lo, hi in ((a, b), (c, d)):
            i, j = np.searchsorted(t, (lo, hi))
            if j <= i or float(ma[i:j].max()) < bound:
                return False
        return True
    return shows


def score(rec, res) -> dict[str, Tally]:
    """Match each true rep to the found rep with the nearest eccentric start; tally by
    'unassisted' / 'assisted'."""
    out = {"unassisted": Tally(), "assisted": Tally()}
    found = list(res.reps)
    starts = np.array([r.eccentric.start_s for r in found]) if found else np.empty(0)
    used: set[int] = set()
    per = {k: [0, 0] for k in out}
    shows = visible(rec)
    for tr in rec.truth.reps:
        key = "unassisted" if tr.assisted == "none" else "assisted"
        t = out[key]
        t.true_reps += 1
        seen = shows(tr.ecc_start_s, tr.ecc_end_s, tr.con_start_s, tr.con_end_s)
        if starts.size == 0:
            t.bounds += 4
            t.forces += 2
            t.force_miss[0] += 2
            per[key][1] += 4
            t.seen.append((seen, False, 0, False, False))
            if seen:
                t.misses.append(f"rep at {tr.ecc_start_s:.2f} s (set {tr.set}): not found")
            continue
        i = int(np.argmin(np.abs(starts - tr.ecc_start_s)))
        r = found[i]
        if i in used or abs(starts[i] - tr.ecc_start_s) > 0.5 * (tr.con_end_s - tr.ecc_start_s):
            t.bounds += 4
            t.forces += 2
            t.force_miss[0] += 2
            per[key][1] += 4
            t.seen.append((seen, False, 0, False, False))
            if seen:
                t.misses.append(f"rep at {tr.ecc_start_s:.2f} s (set {tr.set}): not found")
            continue
        used.add(i)
        t.matched += 1
        t.sources[r.phase_source] += 1
        ecc_d, con_d = tr.ecc_duration_s, tr.con_duration_s
        pairs = [(r.eccentric.start_s, tr.ecc_start_s, ecc_d), (r.eccentric.end_s, tr.ecc_end_s, ecc_d),
                 (r.concentric.start_s, tr.con_start_s, con_d), (r.concentric.end_s, tr.con_end_s, con_d)]
        ok = []
        off = []
        for (got, want, dur), name in zip(pairs, ("ecc start", "ecc end", "con start", "con end"), strict=True):
            err = abs(got - want)
            tol = max(0.150, 0.06 * dur) if key == "unassisted" else max(0.250, 0.10 * dur)
            t.errors.append(err)
            t.bounds += 1
            per[key][1] += 1
            ok.append(err <= tol)
            if err > tol:
                off.append(f"{name} {got - want:+.2f} s")
            if err <= tol:
                t.bounds_ok += 1
                per[key][0] += 1
        t.seen.append((seen, True, sum(ok), r.confidence <= LOW_CONFIDENCE, r.confidence < SHOWN_UNSURE))
        if seen and off:
            t.misses.append(f"rep at {tr.ecc_start_s:.2f} s (set {tr.set}, ecc {ecc_d:.1f} s, con {con_d:.1f} s, "
                            f"confidence {r.confidence:.2f}): {', '.join(off)}")
        for k, (got, want) in enumerate(((r.eccentric.mean_force_n, tr.ecc_mean_force_n),
                                         (r.concentric.mean_force_n, tr.con_mean_force_n))):
            t.forces += 1
            good = abs(got / want - 1.0) <= 0.02
            t.force_ok += int(good)
            if not good:
                t.force_miss[2 if ok[2 * k] and ok[2 * k + 1] else 1] += 1
    for key, t in out.items():
        if per[key][1]:
            t.per_scenario.append(per[key][0] / per[key][1])
    # set-level rep counts (all reps, both kinds)
    true_by_set: dict[int, int] = defaultdict(int)
    for tr in rec.truth.reps:
        true_by_set[tr.set] += 1
    found_by_set: dict[int, int] = defaultdict(int)
    for r in found:
        found_by_set[r.set] += 1
    tot = out["unassisted"] if not any(tr.assisted != "none" for tr in rec.truth.reps) else out["assisted"]
    tot.sets += len(true_by_set)
    tot.exact_sets += sum(1 for s, n in true_by_set.items() if found_by_set.get(s, 0) == n)
    tot.found_reps += len(found)
    tot.extra += [r.confidence < SHOWN_UNSURE for i, r in enumerate(found) if i not in used]
    return out


# --- families ------------------------------------------------------------------------------

def _channels(sc: Scenario) -> str:
    return "position" if sc.with_position else "spotter plate" if sc.with_spotter_plate else "force only"


def _travel(sc: Scenario) -> str:
    return "travel <25cm" if sc.travel_m < 0.25 else "travel 25-50cm" if sc.travel_m <= 0.5 else "travel >50cm"


def _tempo(sc: Scenario) -> str:
    return "ecc <1.5s" if sc.ecc_s < 1.5 else "ecc 1.5-4s" if sc.ecc_s <= 4.0 else "ecc >4s"


def _rate(sc: Scenario) -> str:
    return "<=500 Hz" if sc.sample_rate_hz <= 500 else "2 kHz" if sc.sample_rate_hz >= 2000 else "800-1200 Hz"


def _mass(sc: Scenario) -> str:
    m = sc.system_mass_kg
    return "plate <100kg" if m < 100 else "plate 100-200kg" if m <= 200 else "plate >200kg"


def _spotter(sc: Scenario) -> str:
    return "spotter uneven" if sc.spotter_uneven >= 0.1 else "spotter even"


FAMILIES: dict[str, Callable[[Scenario], str]] = {
    "method": lambda sc: sc.method, "channels": _channels, "travel": _travel, "tempo": _tempo,
    "rate": _rate, "mass": _mass, "spotter": _spotter,
    "method x channels x travel": lambda sc: f"{sc.method}/{_channels(sc)}/{_travel(sc)}",
}


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
                 export_hz: float | None = None):
    """One random scenario through the real decode path:
    (scenario, scores, analysis seconds, samples, reps found, true reps). spotter_plate: every
    scenario with a spotter plate and no bar sensor (the same lifters, another channel)."""
    extra = {"with_spotter_plate": True, "with_position": False} if spotter_plate else {}
    sc = random_scenario(rng, method, world=world, **extra)
    rec = simulate(sc)
    info, block = rec.exported(export_hz) if export_hz else (rec.info, rec.block())
    t0 = time.perf_counter()
    res = analyse(info, block, AnalysisConfig.for_method(method))
    seconds = time.perf_counter() - t0
    return sc, score(rec, res), seconds, len(block), len(res.reps), len(rec.truth.reps)


def run_seed(seed: int, n: int, methods: list[str], world: str = "wide", verbose: bool = False,
             spotter_plate: bool = False, export_hz: float | None = None, misses: bool = False) -> Run:
    rng = np.random.default_rng(seed)
    run = Run()
    for method in methods:
        for _ in range(n):
            sc, sc_scores, seconds, samples, found, true = run_scenario(rng, method, world, spotter_plate,
                                                                        export_hz)
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


def _seed_list(text: str) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out += list(range(int(lo), int(hi or lo) + 1))
    return out


def spread(seeds: list[int], n: int, methods: list[str], world: str, families: list[str],
           spotter_plate: bool = False, export_hz: float | None = None, misses: bool = False) -> int:
    """Per seed the totals, then every family pooled over the seeds, with the per-seed range
    of the totals - the spread, not the best run."""
    pooled = Run()
    per_seed: list[dict[str, Tally]] = []
    for seed in seeds:
        run = run_seed(seed, n, methods, world, spotter_plate=spotter_plate, export_hz=export_hz,
                       misses=misses)
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
    args = ap.parse_args(argv)
    methods = args.methods.split(",")
    families = [f for f in args.families.split(",") if f]
    if args.seeds:
        return spread(_seed_list(args.seeds), args.n, methods, args.world, families,
                      args.spotter_plate, args.export_hz, args.misses)
    run = run_seed(args.seed, args.n, methods, args.world, args.verbose, args.spotter_plate,
                   args.export_hz, args.misses)
    print_families(run, families)
    print(f"\nanalysis time {run.seconds:.2f} s for {run.samples / 1e6:.1f} M samples "
          f"({run.samples / max(run.seconds, 1e-9) / 1e6:.1f} M samples/s)")
    print("tolerances: unassisted max(150 ms, 6% of phase); assisted max(250 ms, 10%); "
          "'worst' = lowest per-scenario in-tolerance share")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
