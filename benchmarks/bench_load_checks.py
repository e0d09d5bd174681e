"""How often the load checks fire, on random simulated scenarios (forceplate.analysis.loads).

    python benchmarks/bench_load_checks.py --seeds 1-3 --n 6

Per method, four ways of knowing the masses:
  weighed      the recording's own weighings (empty plate, standing, with the bar)
  setup load   the same plus the true bar load typed into the setup
  bar on body  the body mass given as lifter + bar (weighed with the bar on), no setup load
  bar + setup  the same, with the setup's load (eccentric takes the body as weighing - load)
It prints the share of reps that read "check weighing" and the share judged "on target"
anywhere while the masses were wrong. Wanted: ~0 % check weighing on the first two and the
last, 100 % on "bar on body", and never an on-target load there.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict

import numpy as np
from seed_ranges import seed_list

from forceplate.analysis import AnalysisConfig, analyse
from forceplate.simulator import random_scenario, simulate

METHODS = ("normal", "slow_negatives", "beyond_failure", "forced_positive", "forced_negative")
CASES = ("weighed", "setup load", "bar on body", "bar + setup")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="1-2")
    ap.add_argument("--n", type=int, default=4, help="scenarios per method and seed")
    args = ap.parse_args(argv)
    flagged: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])   # check, on target, reps
    why: dict[str, int] = defaultdict(int)
    for seed in seed_list(args.seeds):
        rng = np.random.default_rng(seed)
        for method in METHODS:
            for _ in range(args.n):
                sc = random_scenario(rng, method)
                rec = simulate(sc)
                block = rec.block()
                for case in CASES:
                    over: dict[str, object] = {}
                    if case in ("setup load", "bar + setup"):
                        over["load_kg"] = sc.bar_mass_kg
                    if case in ("bar on body", "bar + setup"):
                        over["body_mass_kg"] = sc.body_mass_kg + sc.bar_mass_kg
                    res = analyse(rec.info, block, AnalysisConfig.for_method(method, **over))
                    tally = flagged[(method, case)]
                    for r in res.reps:
                        tally[2] += 1
                        if "check_weighing" in r.verdict_codes:
                            tally[0] += 1
                            if case != "bar on body":
                                why[r.verdict.split(";")[0][:70]] += 1
                        if "overload_on_target" in r.verdict_codes and case == "bar on body":
                            tally[1] += 1
    print(f"{'method':<16}" + "".join(f"{c:>22}" for c in CASES))
    for method in METHODS:
        cells = []
        for case in CASES:
            c, o, n = flagged[(method, case)]
            cells.append(f"{100 * c / max(n, 1):6.1f}% chk {o:2d} ok {n:4d}")
        print(f"{method:<16}" + "".join(f"{c:>22}" for c in cells))
    if why:
        print("\nfalse alarms (masses right):", file=sys.stderr)
        for text, k in sorted(why.items(), key=lambda kv: -kv[1])[:15]:
            print(f"  {k:4d}  {text}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
