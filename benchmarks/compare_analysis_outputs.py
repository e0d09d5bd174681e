"""Bit-for-bit identity of the analysis output between two trees (a speed-up must change nothing).

Dump every rep's row (four boundaries, phase metrics, confidence, assisted flag, verdict, set
numbering, jump figures), every set summary, every weighing and the body / system masses of
many simulated recordings, with each float written exactly (float.hex), analysed by the tree
given with --src (default: the tree this file sits in); then diff two dumps:

    python benchmarks/compare_analysis_outputs.py dump OUT.jsonl [--src /work/main]
        [--wide 8501-8510] [--n 4] [--spotter-plate 8501-8502] [--classic 1-3] [--jumps 1-2]
        [--hour-minutes 10] [--blocks 20]
    python benchmarks/compare_analysis_outputs.py diff A.jsonl B.jsonl

The wide and classic scenarios are drawn as bench_phases.py draws them (the same seeds give the
same lifters: n per method per seed); --blocks also feeds the first scenarios of each world and
the speed benchmark's session (bench_analysis_speed.py, --hour-minutes long) in blocks of that
many samples, as a live plate does, and dumps every event the analyser emits. diff prints the
first difference of each differing recording; exit code 1 if any differ.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import sys
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from seed_ranges import seed_list

HERE = Path(__file__).resolve().parent
METHODS = ("normal", "slow_negatives", "beyond_failure", "forced_positive", "forced_negative")


def _exact(x: Any) -> Any:
    """x with every float as its exact hex text (NaN, inf and -0.0 kept apart)."""
    if isinstance(x, float):
        return x.hex() if math.isfinite(x) else repr(x)
    if type(x).__module__ == "numpy" and hasattr(x, "item"):
        return _exact(x.item())
    if isinstance(x, dict):
        return {str(k): _exact(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_exact(v) for v in x]
    if is_dataclass(x) and not isinstance(x, type):
        return {"_": type(x).__name__, **{f.name: _exact(getattr(x, f.name)) for f in fields(x)}}
    if hasattr(x, "tolist"):
        return _exact(x.tolist())
    if hasattr(x, "value") and type(x).__module__.startswith("forceplate"):   # enums
        return f"{type(x).__name__}.{x.value}"
    return x


def _result(res: Any) -> dict[str, Any]:
    return {"reps": [_exact(r.to_row()) for r in res.reps],
            "sets": [_exact(s.to_row()) for s in res.sets],
            "weighings": [_exact(w) for w in res.weighings],
            "body_mass_kg": _exact(res.body_mass_kg), "system_mass_kg": _exact(res.system_mass_kg)}


def dump(args: argparse.Namespace) -> int:
    src = Path(args.src).resolve() if args.src else HERE.parent
    sys.path.insert(0, str(src))
    import numpy as np

    from forceplate.analysis import Analyser, AnalysisConfig, analyse
    from forceplate.samples import SampleBlock
    from forceplate.simulator import Scenario, random_scenario, simulate
    from forceplate.simulator import jumps as sim_jumps
    print(f"analysis from {Path(sys.modules['forceplate'].__file__).parent.parent}", file=sys.stderr)

    def live(info: Any, blk: Any, config: Any) -> dict[str, Any]:
        an = Analyser(info, config)
        events: list[Any] = []
        step = args.blocks
        for i in range(0, len(blk), step):
            events += an.feed(SampleBlock(blk.time_s[i:i + step], blk.values[i:i + step],
                                          blk.seq[i:i + step], blk.flags[i:i + step]))
        events += an.finish()
        out = _result(an.result())
        out["events"] = [_exact(e) for e in events]
        return out

    def strength(world: str, seeds: list[int], n: int, spotter_plate: bool) -> Iterator[tuple[str, Any, Any, Any]]:
        extra = {"with_spotter_plate": True, "with_position": False} if spotter_plate else {}
        for seed in seeds:
            rng = np.random.default_rng(seed)
            for method in METHODS:
                for k in range(n):
                    sc = random_scenario(rng, method, world=world, **extra)
                    rec = simulate(sc)
                    label = f"{world}{' spotter-plate' if spotter_plate else ''} seed={seed} {method} {k}"
                    yield label, rec.info, rec.block(), AnalysisConfig.for_method(method)

    def others() -> Iterator[tuple[str, Any, Any, Any]]:
        for seed in seed_list(args.jumps):
            for rate in (100.0, 1000.0):
                rec = sim_jumps.recording(seed, rate_hz=rate)
                yield f"jumps seed={seed} {rate:.0f} Hz", rec.info, rec.block, None
        if args.hour_minutes <= 0:
            return
        sc = Scenario.for_method("normal", seed=3, n_sets=3, reps_per_set=10, n_cells=4, sample_rate_hz=1000.0)
        rec = simulate(sc)
        b = rec.block()
        n = len(b)
        total = int(args.hour_minutes * 60 * 1000)
        reps = -(-total // n)
        t = np.concatenate([b.time_s + k * n / rec.info.sample_rate_hz for k in range(reps)])[:total]
        blk = SampleBlock(t, np.concatenate([b.values] * reps)[:total], np.arange(total, dtype=np.int64),
                          np.zeros(total, np.uint8))
        yield f"speed session {args.hour_minutes:g} min", rec.info, blk, AnalysisConfig.for_method("normal")

    cases = itertools.chain(strength("wide", seed_list(args.wide), args.n, False),
                            strength("wide", seed_list(args.spotter_plate), args.n, True),
                            strength("classic", seed_list(args.classic), args.classic_n, False), others())
    fed_live: set[str] = set()
    with open(args.out, "w", encoding="utf-8") as f:
        for label, info, blk, config in cases:
            row: dict[str, Any] = {"case": label, "offline": _result(analyse(info, blk, config))}
            kind = label.split(" seed=")[0]
            if args.blocks > 0 and (kind not in fed_live or label.startswith("speed")):
                fed_live.add(kind)
                row["live"] = live(info, blk, config)
            text = json.dumps(row, sort_keys=True)
            row["digest"] = hashlib.sha256(text.encode()).hexdigest()[:16]
            f.write(json.dumps(row, sort_keys=True) + "\n")
            print(f"{label}: {len(row['offline']['reps'])} reps {row['digest']}", file=sys.stderr, flush=True)
    return 0


def _first_diff(a: Any, b: Any, path: str = "") -> str | None:
    if type(a) is not type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: only in {'B' if k not in a else 'A'}"
            d = _first_diff(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            d = _first_diff(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {a!r} != {b!r}"


def diff(a_path: str, b_path: str) -> int:
    def load(p: str) -> dict[str, dict[str, Any]]:
        with open(p, encoding="utf-8") as f:
            return {d["case"]: d for d in map(json.loads, f)}
    a, b = load(a_path), load(b_path)
    differ = 0
    for case in sorted(set(a) | set(b)):
        if case not in a or case not in b:
            print(f"{case}: only in {'B' if case not in a else 'A'}")
            differ += 1
            continue
        x, y = dict(a[case]), dict(b[case])
        x.pop("digest"), y.pop("digest")
        d = _first_diff(x, y)
        if d:
            print(f"{case}: {d}")
            differ += 1
    reps = sum(len(d["offline"]["reps"]) for d in a.values())
    lives = sum(1 for d in a.values() if "live" in d)
    print(f"{len(set(a) | set(b))} recordings ({lives} also fed live), {reps} reps in A: {differ} differ")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out")
    d.add_argument("--src", help="the tree whose forceplate analyses (default: this file's)")
    d.add_argument("--wide", default="8501-8510", help="wide-world seeds (bench_phases draws)")
    d.add_argument("--n", type=int, default=4, help="wide scenarios per method per seed")
    d.add_argument("--spotter-plate", default="", help="wide seeds drawn again with a spotter plate")
    d.add_argument("--classic", default="1-3", help="classic-world seeds")
    d.add_argument("--classic-n", type=int, default=12, help="classic scenarios per method per seed")
    d.add_argument("--jumps", default="1-2", help="jump-recording seeds (100 Hz and 1 kHz)")
    d.add_argument("--hour-minutes", type=float, default=10.0, help="the speed benchmark's session, minutes")
    d.add_argument("--blocks", type=int, default=20, help="live block size, samples (0: none)")
    c = sub.add_parser("diff")
    c.add_argument("a")
    c.add_argument("b")
    args = ap.parse_args(argv)
    return dump(args) if args.cmd == "dump" else diff(args.a, args.b)


if __name__ == "__main__":
    raise SystemExit(main())
