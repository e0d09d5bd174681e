"""One answer: the analysis fed the whole recording at once (offline, analyse()) against the
same analysis fed in blocks as a live plate or a replay delivers them (Analyser.feed per block).

For many simulated recordings - the wide world (every method, every channel kind: force only,
bar position, spotter plate), the classic world, and jump recordings (forceplate/simulator/
jumps.py, 50-2000 Hz) - every rep's row (its four boundaries, assisted flag, confidence,
verdict, set numbering, per-phase metrics, jump events and metrics), every set summary and
every weighing must be the same for every block size. Floats are compared to 1e-9 relative
(a different summation order is no different answer); a boundary differing at all is one.

    python benchmarks/bench_live_offline.py [--seeds 8950-8969] [--classic 1-4] [--jumps 1-10]
                                             [--blocks 61,137,997] [--one 2]   # 1-sample blocks

Prints per world and block size the scenarios swept and those that differ, and for each
difference the first field that differs. Exit code 1 if any differ.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from seed_ranges import seed_list  # noqa: E402

from forceplate.analysis import AnalysisConfig, analyse  # noqa: E402
from forceplate.analysis.analyser import AnalysisResult  # noqa: E402
from forceplate.samples import ReaderInfo, SampleBlock  # noqa: E402
from forceplate.simulator import jumps as sim_jumps  # noqa: E402
from forceplate.simulator import random_scenario, simulate  # noqa: E402

METHODS = ("normal", "slow_negatives", "beyond_failure", "forced_positive", "forced_negative")
CHANNELS = {"force": {"with_position": False, "with_spotter_plate": False},
            "position": {"with_position": True, "with_spotter_plate": False},
            "spotter": {"with_position": False, "with_spotter_plate": True}}
JUMP_RATES_HZ = (50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0)
REL_TOL = 1e-9


def fed(info: ReaderInfo, block: SampleBlock, config: AnalysisConfig | None, size: int) -> AnalysisResult:
    """The analyser fed `size`-sample blocks, as a live plate delivers them."""
    return analyse(info, block, config, block_size=size)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) and math.isnan(b):
            return True
        return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-12)
    return bool(a == b)


def rows(res: AnalysisResult) -> Iterator[tuple[str, dict[str, Any]]]:
    for r in res.reps:
        yield f"rep {r.rep}", r.to_row()
    for s in res.sets:
        yield f"set {s.set}", s.to_row()
    for k, w in enumerate(res.weighings):
        yield f"weighing {k}", {f: getattr(w, f) for f in w.__dataclass_fields__}


def first_difference(off: AnalysisResult, live: AnalysisResult) -> str | None:
    """The first field (in rep, set, weighing order) that differs, or None."""
    for name, a, b in (("reps", len(off.reps), len(live.reps)), ("sets", len(off.sets), len(live.sets)),
                       ("weighings", len(off.weighings), len(live.weighings))):
        if a != b:
            return f"{name}: offline {a}, live {b}"
    for (name, ro), (_, rl) in zip(rows(off), rows(live), strict=True):
        for k, v in ro.items():
            if not _same(v, rl.get(k)):
                return f"{name} {k}: offline {v!r}, live {rl.get(k)!r}"
    for name in ("body_mass_kg", "system_mass_kg"):
        a, b = getattr(off, name), getattr(live, name)
        if not ((a is None and b is None) or (a is not None and b is not None and _same(a, b))):
            return f"{name}: offline {a}, live {b}"
    return None


def strength_cases(world: str, seeds: list[int]) -> Iterator[tuple[str, ReaderInfo, SampleBlock, AnalysisConfig]]:
    for seed in seeds:
        rng = np.random.default_rng(seed)
        for method in METHODS:
            for chan, extra in CHANNELS.items():
                kw = extra if world == "wide" else {}
                sc = random_scenario(rng, method, world=world, **kw)
                rec = simulate(sc)
                label = f"{world} seed={seed} {method} {chan if world == 'wide' else ''} sc={sc.seed}"
                yield label, rec.info, rec.block(), AnalysisConfig.for_method(method)
                if world != "wide":
                    break


def jump_cases(seeds: list[int]) -> Iterator[tuple[str, ReaderInfo, SampleBlock, AnalysisConfig | None]]:
    for seed in seeds:
        for rate in JUMP_RATES_HZ:
            rec = sim_jumps.recording(seed, rate_hz=rate)
            yield f"jumps seed={seed} {rate:.0f} Hz ({rec.description})", rec.info, rec.block, None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="8950-8969", help="wide-world seeds (5 methods x 3 channel kinds each)")
    ap.add_argument("--classic", default="1-4", help="classic-world seeds (5 methods each)")
    ap.add_argument("--jumps", default="1-6", help="jump-recording seeds (each at 50-2000 Hz)")
    ap.add_argument("--blocks", default="61,137,997", help="block sizes, samples")
    ap.add_argument("--one", type=int, default=1, help="also 1-sample blocks for this many of the shortest recordings of each world")
    ap.add_argument("--quiet", action="store_true", help="only the table")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.blocks.split(",") if x]
    swept: dict[tuple[str, int], int] = defaultdict(int)
    differ: dict[tuple[str, int], int] = defaultdict(int)
    short: list[tuple[int, str, str, ReaderInfo, SampleBlock, Any, AnalysisResult]] = []
    shortest: list[tuple[int, str, str, ReaderInfo, SampleBlock, Any, AnalysisResult]] = []
    worlds = [("wide", strength_cases("wide", seed_list(args.seeds))),
              ("classic", strength_cases("classic", seed_list(args.classic))),
              ("jumps", jump_cases(seed_list(args.jumps)))]
    for world, cases in worlds:
        shortest += short
        short = []
        for label, info, block, config in cases:
            off = analyse(info, block, config)
            short.append((len(block), world, label, info, block, config, off))
            short.sort(key=lambda x: x[0])
            del short[args.one:]
            for size in sizes:
                swept[world, size] += 1
                diff = first_difference(off, fed(info, block, config, size))
                if diff is not None:
                    differ[world, size] += 1
                    if not args.quiet:
                        print(f"  DIFF blocks={size} {label}: {diff}", flush=True)
    for n, world, label, info, block, config, off in shortest + short:
        swept[world, 1] += 1
        diff = first_difference(off, fed(info, block, config, 1))
        if diff is not None:
            differ[world, 1] += 1
            if not args.quiet:
                print(f"  DIFF blocks=1 {label} ({n} samples): {diff}", flush=True)
    print(f"\n{'world':8s} {'block':>6s} {'swept':>6s} {'differ':>6s}")
    for (world, size), n in swept.items():
        print(f"{world:8s} {size:6d} {n:6d} {differ[world, size]:6d}")
    return 1 if any(differ.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
