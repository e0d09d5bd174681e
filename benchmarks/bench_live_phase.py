"""The live phase word against the simulator's ground truth: how often it is wrong, and how
often it says UNSURE, on a force-only plate fed in 20-ms blocks (docs/analysis.md, live phase).

Every 20 ms inside a set (1 s after the unrack to 0.3 s before the rack) and 0.3 s or more
after the truth last changed (the reading lags), the word is wrong if it names another
phase: LOWERING / RAISING / BOTTOM / REST against the true lowering, bottom pause, raising or
rest at the top (at a true bottom pause LOWERING or RAISING count as right). UNSURE and
UNKNOWN are never wrong: they are counted apart.

    python benchmarks/bench_live_phase.py [--seeds 1-6] [--wide 8101,8202,8303]
"""

from __future__ import annotations

import argparse
from collections import Counter

import numpy as np
from seed_ranges import seed_list

from forceplate.analysis import Analyser, AnalysisConfig
from forceplate.analysis.events import Phase
from forceplate.samples import SampleBlock
from forceplate.simulator import Scenario, simulate
from forceplate.simulator.scenario import random_scenario

GRACE_S = 0.3
METHODS = ("forced_negative", "forced_positive", "beyond_failure", "normal", "slow_negatives")
UNSURE = (Phase.UNSURE, Phase.UNKNOWN)
MOVING = (Phase.LOWERING, Phase.RAISING)


def truth_phase(truth, t: float) -> tuple[Phase, float]:
    """(true phase at t, when it began)."""
    for r in truth.reps:
        if r.ecc_start_s <= t < r.ecc_end_s:
            return Phase.LOWERING, r.ecc_start_s
        if r.ecc_end_s <= t < r.con_start_s:
            return Phase.BOTTOM, r.ecc_end_s
        if r.con_start_s <= t < r.con_end_s:
            return Phase.RAISING, r.con_start_s
    return Phase.REST, max([r.con_end_s for r in truth.reps if r.con_end_s <= t], default=-1e9)


def wrong(shown: Phase, want: Phase) -> bool:
    if shown in UNSURE:
        return False
    if want == Phase.BOTTOM:
        return shown not in (Phase.BOTTOM, *MOVING)
    if want == Phase.REST:
        return shown in (*MOVING, Phase.BOTTOM)
    return shown != want


def run(sc: Scenario) -> Counter:
    rec = simulate(sc)
    b = rec.block()
    an = Analyser(rec.info, AnalysisConfig.for_method(sc.method))
    tr = rec.truth
    sets = list(zip(tr.unrack_s, tr.rack_s, strict=False))
    step = max(1, int(round(0.02 * rec.info.sample_rate_hz)))
    st: Counter = Counter()
    for i in range(0, len(b), step):
        j = min(i + step, len(b))
        an.feed(SampleBlock(b.time_s[i:j], b.values[i:j], b.seq[i:j], b.flags[i:j]))
        t = float(b.time_s[j - 1])
        if not any(u + 1.0 < t < r - 0.3 for u, r in sets):
            continue
        want, since = truth_phase(tr, t)
        if t - since < GRACE_S:
            continue
        shown = an.phase
        bad = wrong(shown, want)
        st["n"] += 1
        st["unsure"] += shown in UNSURE
        st["wrong"] += bad
        st["direction"] += bad and shown in MOVING
        if bad:
            st[f"{want.value}->{shown.value}"] += 1
    an.finish()
    return st


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="1-6", help="method-preset seeds")
    ap.add_argument("--wide", default="8101,8202,8303", help="wide-world seeds (force only)")
    args = ap.parse_args()
    total: Counter = Counter()
    for method in METHODS:
        st: Counter = Counter()
        for seed in seed_list(args.seeds):
            st += run(Scenario.for_method(method, seed=seed, n_sets=1))
        for seed in seed_list(args.wide):
            st += run(random_scenario(np.random.default_rng(seed), method, world="wide",
                                      with_position=False, with_spotter_plate=False))
        total += st
        top = [(k, v) for k, v in st.most_common() if "->" in k][:4]
        n = max(st["n"], 1)
        print(f"{method:16s} wrong {100 * st['wrong'] / n:5.1f}% (wrong direction "
              f"{100 * st['direction'] / n:4.1f}%)  unsure {100 * st['unsure'] / n:5.1f}%  {top}")
    n = max(total["n"], 1)
    print(f"{'ALL':16s} wrong {100 * total['wrong'] / n:5.1f}% (wrong direction "
          f"{100 * total['direction'] / n:4.1f}%)  unsure {100 * total['unsure'] / n:5.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
