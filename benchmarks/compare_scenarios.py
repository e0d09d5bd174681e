"""Per-scenario regression hunt: the same scenarios through two versions, scenario by scenario.

Overall gains can hide scenarios that got worse. Dump each version's per-scenario scores (run
this file with that version's checkout and venv: it imports forceplate and bench_phases from
the tree it sits in), then diff the two dumps:

    python benchmarks/compare_scenarios.py dump --seeds 7700-7739 [--n 4] [--world classic] [--spotter-plate] OUT.jsonl
    python benchmarks/compare_scenarios.py diff BEFORE.jsonl AFTER.jsonl

diff prints both aggregates, then every scenario (seed:method:index, as drawn by bench_phases)
that lost a matched rep or an exact set, or lost 2+ boundaries in tolerance or 2+ mean forces
within 2 % (--all: any loss or gain at all).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_phases as bp  # noqa: E402


def dump(seeds: str, n: int, world: str, out: str, spotter_plate: bool = False,
         ramp: str = "quintic") -> int:
    with open(out, "w", encoding="utf-8") as f:
        for seed in bp._seed_list(seeds):
            rng = np.random.default_rng(seed)
            for method in bp.METHODS:
                for k in range(n):
                    sc, s, _, _, found, true = bp.run_scenario(rng, method, world, spotter_plate, ramp=ramp)
                    u, a = s["unassisted"], s["assisted"]
                    row = {"seed": seed, "method": method, "k": k, "channels": bp._channels(sc),
                           "found": found, "true": true, "matched": u.matched + a.matched,
                           "sets": u.sets + a.sets, "exact": u.exact_sets + a.exact_sets,
                           "ub": u.bounds_ok, "un": u.bounds, "ab": a.bounds_ok, "an": a.bounds,
                           "fok": u.force_ok + a.force_ok, "fn": u.forces + a.forces,
                           "desc": (f"m={sc.system_mass_kg:.0f}kg travel={100 * sc.travel_m:.0f}cm "
                                    f"ecc={sc.ecc_s:.1f}s con={sc.con_s:.1f}s "
                                    f"pause={sc.pause_bottom_s:.1f}s rest={sc.rest_top_s:.1f}s "
                                    f"rate={sc.sample_rate_hz:.0f} sway={sc.sway:.1f}")}
                    f.write(json.dumps(row) + "\n")
                    f.flush()
    return 0


def _load(path: str) -> dict[tuple[int, str, int], dict]:
    try:
        with open(path, encoding="utf-8") as f:
            return {(d["seed"], d["method"], d["k"]): d for d in map(json.loads, f)}
    except (OSError, ValueError, KeyError) as e:
        raise SystemExit(f"compare_scenarios: cannot read {path}: {e}") from None


def _aggregate(rows: list[dict]) -> str:
    def tot(key: str) -> int:
        return sum(int(r[key]) for r in rows)
    return (f"unassisted {100 * tot('ub') / max(tot('un'), 1):.1f}% "
            f"assisted {100 * tot('ab') / max(tot('an'), 1):.1f}% "
            f"F<=2% {100 * tot('fok') / max(tot('fn'), 1):.1f}% "
            f"exact sets {tot('exact')}/{tot('sets')} reps {tot('matched')}/{tot('true')}")


def diff(before: str, after: str, show_all: bool) -> int:
    a, b = _load(before), _load(after)
    keys = sorted(set(a) & set(b))
    print(f"{len(keys)} scenarios in both")
    print(f"before: {_aggregate([a[k] for k in keys])}")
    print(f"after:  {_aggregate([b[k] for k in keys])}")
    for title, sign in (("worse", -1), ("better", 1)):
        lines = []
        for k in keys:
            x, y = a[k], b[k]
            d = [sign * (y[f] - x[f]) for f in ("matched", "exact")]
            d += [sign * ((y["ub"] + y["ab"]) - (x["ub"] + x["ab"])), sign * (y["fok"] - x["fok"])]
            hit = any(v > 0 for v in d) if show_all else (d[0] > 0 or d[1] > 0 or d[2] >= 2 or d[3] >= 2)
            if hit:
                lines.append(f"  {k[0]}:{k[1]}:{k[2]} {y['channels']:<14} reps {x['matched']}->{y['matched']}/"
                             f"{y['true']} sets {x['exact']}->{y['exact']}/{y['sets']} bounds "
                             f"{x['ub'] + x['ab']}->{y['ub'] + y['ab']}/{y['un'] + y['an']} "
                             f"F {x['fok']}->{y['fok']}/{y['fn']}  {y['desc']}")
        print(f"{title} ({len(lines)}):")
        print("\n".join(lines))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump", help="per-scenario scores of this tree, one JSON line each")
    d.add_argument("--seeds", required=True, help="e.g. 7700-7739 or 1600,1602")
    d.add_argument("--n", type=int, default=4, help="scenarios per method per seed")
    d.add_argument("--world", default="wide", choices=("wide", "classic"))
    d.add_argument("--spotter-plate", action="store_true",
                   help="every scenario with a spotter plate and no bar sensor (as bench_phases)")
    d.add_argument("--ramp", default="quintic", choices=tuple(bp.RAMPS),
                   help="the bar's speed eased by another smooth ramp (as bench_phases)")
    d.add_argument("out")
    c = sub.add_parser("diff", help="two dumps of the same seeds, scenario by scenario")
    c.add_argument("before")
    c.add_argument("after")
    c.add_argument("--all", action="store_true", help="any change, however small")
    args = ap.parse_args(argv)
    if args.cmd == "dump":
        return dump(args.seeds, args.n, args.world, args.out, args.spotter_plate, args.ramp)
    return diff(args.before, args.after, args.all)


if __name__ == "__main__":
    raise SystemExit(main())
