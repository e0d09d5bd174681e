"""Invariants of the reported reps over many recordings, offline and live (block-fed).

For every recording swept - the wide world (every method, seeds' own channel draw), the
classic world, and jump recordings (forceplate/simulator/jumps.py, 50-2000 Hz) - the reps
the analyser reports must be:

    crash       the analyser raised (no reps at all)
    numbering   rep numbers 1..N in report order
    in_set      rep_in_set 1..k within each set, sets numbered 1, 2, ... without gaps
    set_order   sets numbered in time order (a set's first rep after the last set's last)
    order       reps in time order (each eccentric start after the previous one's)
    phases      eccentric start < bottom < concentric end, eccentric end <= concentric start
                (a jump's eccentric may be empty: a squat jump has no countermovement)
    overlap     no rep beginning before the previous one ended (beyond OVERLAP_TOL_S)
    duplicate   no rep reported twice (two reps sharing over half the shorter one's span)

No truth is needed: these hold for any recording. The same checks on the analyser fed in
blocks of --block samples, as a live plate delivers them.

    python benchmarks/sweep_rep_invariants.py [--seeds 8000-8399] [--n 4] [--classic 1-40]
                                              [--jumps 1-10] [--block 137] [--no-live] [--verbose]

Prints the violations per kind (offline and live) and one line per recording with any.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_live_offline import METHODS, jump_cases  # noqa: E402  (the same draws)
from seed_ranges import seed_list  # noqa: E402

from forceplate.analysis import AnalysisConfig, analyse  # noqa: E402
from forceplate.analysis.events import Rep  # noqa: E402
from forceplate.analysis.judge import OVERLAP_TOL_S as JUDGE_OVERLAP_TOL_S  # noqa: E402
from forceplate.simulator import random_scenario, simulate  # noqa: E402

# s, one 10-ms analysis frame, as the analysis allows (judge.OVERLAP_TOL_S): boundaries are placed
# on frames, so two reps touching at a frame may share it; more is two reps at one time. Plus a
# microsecond: times are sums of floats (85.275 - 85.265 s reads 10.000000000005 ms)
OVERLAP_TOL_S = JUDGE_OVERLAP_TOL_S + 1e-6
DUP_SHARE = 0.5         # a rep sharing over half the shorter one's span with another is that rep again
KINDS = ("crash", "numbering", "in_set", "set_order", "order", "phases", "overlap", "duplicate")


def violations(reps: list[Rep]) -> list[tuple[str, str]]:
    """(kind, what) for every broken invariant among reps, in report order."""
    out: list[tuple[str, str]] = []
    if [r.rep for r in reps] != list(range(1, len(reps) + 1)):
        out.append(("numbering", f"rep numbers {[r.rep for r in reps]}"))
    sets: list[int] = []
    for r in reps:
        if not sets or sets[-1] != r.set:
            sets.append(r.set)
    if sets != list(range(1, len(sets) + 1)) and sets != list(range(sets[0], sets[0] + len(sets))):
        out.append(("in_set", f"set numbers in report order {sets}"))
    for s in sets:
        k = [r.rep_in_set for r in reps if r.set == s]
        if k != list(range(1, len(k) + 1)):
            out.append(("in_set", f"set {s}: rep_in_set {k}"))
    for s0, s1 in zip(sets, sets[1:], strict=False):
        last = max(r.concentric.end_s for r in reps if r.set == s0)
        first = min(r.eccentric.start_s for r in reps if r.set == s1)
        if first < last - OVERLAP_TOL_S:
            out.append(("set_order", f"set {s1} begins {first:.2f} s before set {s0} ends {last:.2f} s"))
    for r in reps:
        e, c = r.eccentric, r.concentric
        if r.movement == "jump":
            # a squat jump starts from a held squat: no countermovement, its eccentric is empty
            # (docs/jumps.md) - ecc start = ecc end = bottom is its shape, not a fault
            ok = e.start_s <= e.end_s <= c.start_s + 1e-9 and e.start_s <= r.bottom_s < c.end_s
        else:
            ok = e.start_s < r.bottom_s < c.end_s and e.end_s <= c.start_s + 1e-9
        if not ok:
            out.append(("phases", f"rep {r.rep}: ecc {e.start_s:.3f}-{e.end_s:.3f} bottom {r.bottom_s:.3f} "
                                  f"con {c.start_s:.3f}-{c.end_s:.3f}"))
    for p, r in zip(reps, reps[1:], strict=False):
        if r.eccentric.start_s < p.eccentric.start_s:
            out.append(("order", f"rep {r.rep} at {r.eccentric.start_s:.2f} s before rep {p.rep} at "
                                 f"{p.eccentric.start_s:.2f} s"))
    spans = [(r.eccentric.start_s, r.concentric.end_s, r.rep) for r in reps]
    for i, (a0, a1, na) in enumerate(spans):
        for b0, b1, nb in spans[i + 1:]:
            shared = min(a1, b1) - max(a0, b0)
            if shared <= OVERLAP_TOL_S:
                continue
            if shared > DUP_SHARE * min(a1 - a0, b1 - b0):
                out.append(("duplicate", f"reps {na} and {nb} share {shared:.2f} s ({a0:.2f}-{a1:.2f}, "
                                         f"{b0:.2f}-{b1:.2f})"))
            else:
                out.append(("overlap", f"reps {na} and {nb} overlap {1000 * shared:.0f} ms"))
    return out


def cases(args: argparse.Namespace) -> Iterator[tuple[str, Any, Any, AnalysisConfig | None]]:
    for world, seeds, n in (("wide", args.seeds, args.n), ("classic", args.classic, args.n_classic)):
        for seed in seed_list(seeds):
            rng = np.random.default_rng(seed)
            for method in METHODS:
                for _ in range(n):
                    sc = random_scenario(rng, method, world=world)
                    rec = simulate(sc)
                    yield (f"{world} seed={seed} {method} sc={sc.seed}", rec.info, rec.block(),
                           AnalysisConfig.for_method(method))
    yield from jump_cases(seed_list(args.jumps))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="8000-8399", help="wide-world seeds")
    ap.add_argument("--n", type=int, default=4, help="wide scenarios per method per seed")
    ap.add_argument("--classic", default="1-40", help="classic-world seeds")
    ap.add_argument("--n-classic", type=int, default=4, help="classic scenarios per method per seed")
    ap.add_argument("--jumps", default="1-10", help="jump-recording seeds (each at 50-2000 Hz)")
    ap.add_argument("--block", type=int, default=137, help="live block size, samples")
    ap.add_argument("--no-live", action="store_true", help="offline only")
    ap.add_argument("--verbose", action="store_true", help="every violation, not only the first per recording")
    args = ap.parse_args(argv)
    modes = ["offline"] if args.no_live else ["offline", "live"]
    counts = {m: Counter[str]() for m in modes}
    bad = {m: Counter[str]() for m in modes}
    swept: Counter[str] = Counter()
    reps_seen = {m: 0 for m in modes}
    t0 = time.perf_counter()
    for label, info, block, config in cases(args):
        world = label.split()[0]
        swept[world] += 1
        for mode in modes:
            try:
                res = analyse(info, block, config, block_size=args.block if mode == "live" else None)
            except Exception as exc:  # noqa: BLE001 - a crash is one more violation, counted
                found = [("crash", f"{type(exc).__name__}: {exc}")]
            else:
                reps_seen[mode] += len(res.reps)
                found = violations(list(res.reps))
            for kind, _ in found:
                counts[mode][kind] += 1
            if found:
                bad[mode][world] += 1
                shown = found if args.verbose else found[:1]
                for kind, what in shown:
                    print(f"  {mode:7s} {label}: {kind}: {what}" + (f" (+{len(found) - 1} more)"
                                                                  if not args.verbose and len(found) > 1 else ""),
                          flush=True)
    print(f"\nswept {dict(swept)} in {time.perf_counter() - t0:.0f} s")
    print(f"{'kind':12s} " + " ".join(f"{m:>8s}" for m in modes))
    for kind in KINDS:
        print(f"{kind:12s} " + " ".join(f"{counts[m][kind]:8d}" for m in modes))
    print(f"{'TOTAL':12s} " + " ".join(f"{sum(counts[m].values()):8d}" for m in modes))
    print(f"{'reps':12s} " + " ".join(f"{reps_seen[m]:8d}" for m in modes))
    for m in modes:
        print(f"{m}: recordings with a violation {dict(bad[m])}")
    return 1 if any(sum(c.values()) for c in counts.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
