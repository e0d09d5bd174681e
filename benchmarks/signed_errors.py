"""Signed boundary errors (found - true, s) of assisted reps, per channel, method and the
confidence the analysis gave (0.5: the bottom from the force break; 0.3: a lowering the force
never showed): a systematic bias shows as a median away from zero, which |error| hides.

    python benchmarks/signed_errors.py --seeds 8000-8019 [--n 2] [--spotter-plate] [--dump FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

from forceplate.analysis import AnalysisConfig, analyse
from forceplate.simulator import random_scenario, simulate

sys.path.insert(0, str(Path(__file__).resolve().parent))
from phase_score import _channels  # noqa: E402

NAMES = ("ecc start", "ecc end", "con start", "con end")


def signed(seed: int, n: int, methods: list[str], world: str, spotter_plate: bool) -> list[dict]:
    """One row per true assisted rep matched to a found rep (nearest lowering start)."""
    rng = np.random.default_rng(seed)
    extra = {"with_spotter_plate": True, "with_position": False} if spotter_plate else {}
    rows = []
    for method in methods:
        for _ in range(n):
            sc = random_scenario(rng, method, world=world, **extra)
            rec = simulate(sc)
            res = analyse(rec.info, rec.block(), AnalysisConfig.for_method(method))
            found = list(res.reps)
            if not found:
                continue
            starts = np.array([r.eccentric.start_s for r in found])
            for tr in rec.truth.reps:
                if tr.assisted == "none":
                    continue
                i = int(np.argmin(np.abs(starts - tr.ecc_start_s)))
                if abs(starts[i] - tr.ecc_start_s) > 0.5 * (tr.con_end_s - tr.ecc_start_s):
                    continue
                r = found[i]
                got = (r.eccentric.start_s, r.eccentric.end_s, r.concentric.start_s, r.concentric.end_s)
                want = (tr.ecc_start_s, tr.ecc_end_s, tr.con_start_s, tr.con_end_s)
                durs = (tr.ecc_duration_s, tr.ecc_duration_s, tr.con_duration_s, tr.con_duration_s)
                rows.append({"seed": seed, "sc": sc.seed, "method": method, "ch": _channels(sc),
                             "conf": round(float(r.confidence), 2), "src": r.phase_source,
                             "t": tr.ecc_start_s, "err": [g - w for g, w in zip(got, want, strict=True)],
                             "tol": [max(0.25, 0.1 * d) for d in durs]})
    return rows


def report(rows: list[dict]) -> None:
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        c = r["conf"]
        cls = "0.5" if c == 0.5 else "0.3" if c == 0.3 else "other"
        groups[f"{r['ch']:<13} {r['method']:<15} {r['src']:<12} conf {cls:<5}"].append(r)
    print(f"{'group':<56} {'n':>4}  " + "  ".join(f"{k:>22}" for k in NAMES))
    print(f"{'':<56} {'':>4}  " + "  ".join(f"{'med ms  q25/q75  ok':>22}" for _ in NAMES))
    for key in sorted(groups):
        g = groups[key]
        e = np.array([r["err"] for r in g])
        tol = np.array([r["tol"] for r in g])
        cells = []
        for k in range(4):
            q25, q50, q75 = np.percentile(e[:, k], (25, 50, 75)) * 1000
            ok = int(np.sum(np.abs(e[:, k]) <= tol[:, k]))
            cells.append(f"{q50:+5.0f} {q25:+5.0f}/{q75:+5.0f} {ok:>3}")
        print(f"{key:<56} {len(g):>4}  " + "  ".join(f"{c:>22}" for c in cells))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", required=True)
    ap.add_argument("--n", type=int, default=2)
    ap.add_argument("--world", default="wide")
    ap.add_argument("--methods", default="forced_positive,beyond_failure")
    ap.add_argument("--spotter-plate", action="store_true")
    ap.add_argument("--dump", help="write the rows as JSON lines")
    a = ap.parse_args()
    lo, hi = (int(x) for x in a.seeds.split("-"))
    rows = []
    for seed in range(lo, hi + 1):
        rows += signed(seed, a.n, a.methods.split(","), a.world, a.spotter_plate)
    if a.dump:
        Path(a.dump).write_text("".join(json.dumps(r) + "\n" for r in rows))
    report(rows)


if __name__ == "__main__":
    main()
