"""Bodyweight-only sessions (no bar: slow bodyweight squats, tests/bodyweight_synth.py): are
their reps found after a stand (default 1-6 s) before them, at the boundaries the barbell reps are held to?

Per seed one session: body 45-130 kg, stand 1-6 s before the first rep, 1-4 reps, lowering
1.5-6 s, pause 0-1 s, raise 1-3 s, 0.5-3 s standing between reps, COM travel 0.3-0.5 m,
250-2000 Hz, 1-4 cells, 0.3-4 N of noise per cell, sway x0.5-2.

    PYTHONPATH=. python benchmarks/bench_bodyweight.py --seeds 0-99
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from analysis_synth import unassisted_ok  # noqa: E402
from bodyweight_synth import bodyweight_session  # noqa: E402

from forceplate.analysis import AnalysisConfig, analyse  # noqa: E402


def draw(seed: int, stand: tuple[float, float] = (1.0, 6.0)) -> dict:
    rng = np.random.default_rng(seed)
    return dict(body_kg=rng.uniform(45, 130), stand_s=rng.uniform(*stand), ecc_s=rng.uniform(1.5, 6),
                pause_s=rng.uniform(0, 1), con_s=rng.uniform(1, 3), rest_s=rng.uniform(0.5, 3),
                travel_m=rng.uniform(0.3, 0.5), rate_hz=float(rng.choice([250, 500, 1000, 2000])),
                noise_n=rng.uniform(0.3, 4), n_cells=int(rng.integers(1, 5)), sway=rng.uniform(0.5, 2),
                reps=int(rng.integers(1, 5)), seed=seed)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="0-49", help="A-B (inclusive)")
    ap.add_argument("--method", default="slow_negatives")
    ap.add_argument("--stand", default="1-6", help="A-B s standing before the first rep (default 1-6; "
                                                    "~35 s or more, near MAX_CHUNK_S, is a known limit)")
    args = ap.parse_args()
    a, b = (int(x) for x in args.seeds.split("-"))
    lo, hi = (float(x) for x in args.stand.split("-"))
    true = found = hit = bounds = bounds_ok = exact = sessions = bodyweight = 0
    by_stand: dict[int, list[int]] = {}
    for seed in range(a, b + 1):
        p = draw(seed, (lo, hi))
        s = bodyweight_session(**p)
        res = analyse(s.info, s.block, AnalysisConfig.for_method(args.method, exercise="bodyweight_squat"))
        sessions += 1
        true += len(s.reps)
        found += len(res.reps)
        exact += len(res.reps) == len(s.reps)
        bodyweight += sum(r.movement == "bodyweight" for r in res.reps)
        row = by_stand.setdefault(int(p["stand_s"]), [0, 0])
        row[1] += len(s.reps)
        for tr in s.reps:
            ecc, con = tr.ecc_end_s - tr.ecc_start_s, tr.con_end_s - tr.con_start_s
            best = 0
            for r in res.reps:
                ok = [unassisted_ok(r.eccentric.start_s, tr.ecc_start_s, ecc),
                      unassisted_ok(r.eccentric.end_s, tr.ecc_end_s, ecc),
                      unassisted_ok(r.concentric.start_s, tr.con_start_s, con),
                      unassisted_ok(r.concentric.end_s, tr.con_end_s, con)]
                best = max(best, sum(ok))
            hit += best >= 3
            row[0] += best >= 3
            bounds += 4
            bounds_ok += best
    print(f"bodyweight sessions {sessions} (seeds {args.seeds}, method {args.method}, stand {args.stand} s)")
    print(f"reps: true {true}, found {found}, matched (3 of 4 boundaries in tolerance) {hit} "
          f"({100 * hit / max(true, 1):.1f} %), read as bodyweight {bodyweight}")
    print(f"boundaries in tolerance (max(150 ms, 6 %)) of the best match: {bounds_ok}/{bounds} "
          f"({100 * bounds_ok / max(bounds, 1):.1f} %)")
    print(f"sessions with the exact rep count: {exact}/{sessions}")
    print("matched by stand before the first rep: " + ", ".join(
        f"{k}-{k + 1} s {v[0]}/{v[1]}" for k, v in sorted(by_stand.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
