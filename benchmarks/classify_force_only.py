"""Force only, unassisted: every missed boundary classified by the physics of its phase.

For each true unassisted rep of a force-only scenario (wide world, the bench's own draws: the same
seeds give the same scenarios as bench_phases.py), each phase's deviation from m*g - its peak
|m*a| in N, from the simulator's truth - is set against the noise + sway band measured on the
recorded force in the true rests around the rep (the 99th percentile of |10-ms frame mean - the
rest's own mean|, pooled over the rest before and the one after, within the set). A phase under
that band is (a) physically undetectable in the force: only the integral can find it, and a level
error decides where; so is a boundary next to which the force stays inside the band for longer than
the boundary's tolerance (a slow stop's tail). Otherwise a miss is (b): a stage lost what the force
shows ((b-) where the phase peaks under 2 bands).

    python benchmarks/classify_force_only.py --seeds 8400-8499 [--n 4] [--list]

Prints, per class and per cause (boundary early/late, rep not found), the counts, and whether the
analysis marked the rep low-confidence (<= LOW_CONFIDENCE); --list prints each class-(b) miss.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_phases import LOW_CONFIDENCE, _seed_list  # noqa: E402

from forceplate.analysis import AnalysisConfig, analyse  # noqa: E402
from forceplate.simulator import random_scenario, simulate  # noqa: E402

METHODS = ("normal", "slow_negatives", "beyond_failure", "forced_positive", "forced_negative")
UNASSISTED = ("normal", "slow_negatives", "beyond_failure")
FRAME_S = 0.01      # s, the analysis's frame (10-ms means)
BAND_PCTL = 99.0    # %, the band: this percentile of a rest's |frame mean - its mean|
MARGIN = 2.0        # bands: a phase peaking under this many bands is (b) but marginal (b-)
NAMES = ("ecc start", "ecc end", "con start", "con end")


def _frames(t: np.ndarray, f: np.ndarray, lo: float, hi: float) -> np.ndarray:
    i, j = np.searchsorted(t, (lo, hi))
    n = int(round(FRAME_S * (len(t) - 1) / max(t[-1] - t[0], 1e-9)))
    n = max(n, 1)
    k = (j - i) // n
    if k < 3:
        return np.empty(0)
    fr = f[i:i + k * n].reshape(k, n).mean(axis=1)
    return fr - fr.mean()


def rep_rows(rec, res) -> list[dict]:
    """One row per true unassisted rep: per phase peak |m*a|, band, and the found boundaries."""
    t, f = rec.time_s, rec.total_force_n
    ma = np.abs(rec.mass_kg * rec.accel_m_s2)
    reps = rec.truth.reps
    found = list(res.reps)
    starts = np.array([r.eccentric.start_s for r in found]) if found else np.empty(0)
    used: set[int] = set()
    rows = []
    for k, tr in enumerate(reps):
        if tr.assisted != "none":
            continue
        prev = reps[k - 1] if k > 0 and reps[k - 1].set == tr.set else None
        nxt = reps[k + 1] if k + 1 < len(reps) and reps[k + 1].set == tr.set else None
        devs = []
        if prev is not None:
            devs.append(_frames(t, f, prev.con_end_s, tr.ecc_start_s))
        if nxt is not None:
            devs.append(_frames(t, f, tr.con_end_s, nxt.ecc_start_s))
        pooled = np.concatenate(devs) if devs else np.empty(0)
        band = float(np.percentile(np.abs(pooled), BAND_PCTL)) if pooled.size else float("nan")
        phases = []
        for lo, hi in ((tr.ecc_start_s, tr.ecc_end_s), (tr.con_start_s, tr.con_end_s)):
            i, j = np.searchsorted(t, (lo, hi))
            phases.append(float(ma[i:j].max()) if j > i else 0.0)
        # per boundary: how long the force stays inside the band next to it (from the boundary to
        # the nearest |m*a| over the band in the adjacent half-phase): the force cannot place the
        # boundary closer than that; only the integral can
        tails = []
        for tb, lo, hi, fwd in ((tr.ecc_start_s, tr.ecc_start_s, 0.5 * (tr.ecc_start_s + tr.ecc_end_s), True),
                                (tr.ecc_end_s, 0.5 * (tr.ecc_start_s + tr.ecc_end_s), tr.ecc_end_s, False),
                                (tr.con_start_s, tr.con_start_s, 0.5 * (tr.con_start_s + tr.con_end_s), True),
                                (tr.con_end_s, 0.5 * (tr.con_start_s + tr.con_end_s), tr.con_end_s, False)):
            i, j = np.searchsorted(t, (lo, hi))
            over = (ma[i:j] >= band).nonzero()[0]
            if over.size == 0:
                tails.append(float("inf"))
            else:
                tails.append(abs(float(t[i + (over[0] if fwd else over[-1])]) - tb))
        row = dict(tr=tr, band=band, peak=phases, tails=tails, found=None, errs=None, conf=None)
        if starts.size:
            i = int(np.argmin(np.abs(starts - tr.ecc_start_s)))
            if i not in used and abs(starts[i] - tr.ecc_start_s) <= 0.5 * (tr.con_end_s - tr.ecc_start_s):
                used.add(i)
                r = found[i]
                row["found"] = r
                row["conf"] = r.confidence
                row["errs"] = [r.eccentric.start_s - tr.ecc_start_s, r.eccentric.end_s - tr.ecc_end_s,
                               r.concentric.start_s - tr.con_start_s, r.concentric.end_s - tr.con_end_s]
        rows.append(row)
    return rows


def classify(rows: list[dict], sc, seed: int, counts: Counter, lines: list[str]) -> None:
    for row in rows:
        tr = row["tr"]
        band = row["band"]
        seen = [p >= band for p in row["peak"]]
        clear = [p >= MARGIN * band for p in row["peak"]]
        low = row["conf"] is not None and row["conf"] <= LOW_CONFIDENCE

        def kind(ok: bool, sure: bool) -> str:
            return "a" if not ok else "b" if sure else "b-"

        counts[("reps", kind(all(seen), all(clear)))] += 1
        if row["found"] is None:
            cls = kind(all(seen), all(clear))
            counts[(cls, "rep not found")] += 1
            counts[(cls, "boundaries")] += 4
            if cls != "a":
                lines.append(f"seed={seed} {sc.method} sc={sc.seed} m={sc.system_mass_kg:.0f}kg "
                             f"travel={100 * sc.travel_m:.0f}cm rep@{tr.ecc_start_s:.2f}s set {tr.set} "
                             f"peaks {row['peak'][0]:.1f}/{row['peak'][1]:.1f} N band {band:.1f} N: not found")
            continue
        durs = (tr.ecc_duration_s, tr.ecc_duration_s, tr.con_duration_s, tr.con_duration_s)
        off = []
        for b, (err, dur) in enumerate(zip(row["errs"], durs, strict=True)):
            tol = max(0.150, 0.06 * dur)
            if abs(err) <= tol:
                continue
            # the force inside the band for longer than the tolerance next to the boundary:
            # (a) as well, whatever the phase's peak elsewhere
            cls = kind(seen[b // 2] and row["tails"][b] <= tol, clear[b // 2])
            counts[(cls, "boundaries")] += 1
            counts[(cls, f"{NAMES[b]} {'early' if err < 0 else 'late'}")] += 1
            counts[(cls, "low confidence" if low else "confident")] += 1
            off.append(f"{NAMES[b]} {err:+.2f}s (in band {row['tails'][b]:.2f}s) [{cls}]")
        if off and any("[a]" not in o for o in off):
            lines.append(f"seed={seed} {sc.method} sc={sc.seed} m={sc.system_mass_kg:.0f}kg "
                         f"travel={100 * sc.travel_m:.0f}cm ecc={tr.ecc_duration_s:.1f}s "
                         f"con={tr.con_duration_s:.1f}s rep@{tr.ecc_start_s:.2f}s set {tr.set} "
                         f"peaks {row['peak'][0]:.1f}/{row['peak'][1]:.1f} N band {band:.1f} N "
                         f"conf {row['conf']:.2f}: {', '.join(off)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", required=True)
    ap.add_argument("--n", type=int, default=4)
    ap.add_argument("--list", action="store_true", help="print each class-(b) miss")
    args = ap.parse_args(argv)
    counts: Counter = Counter()
    lines: list[str] = []
    for seed in _seed_list(args.seeds):
        rng = np.random.default_rng(seed)
        for method in METHODS:
            for _ in range(args.n):
                sc = random_scenario(rng, method, world="wide")
                if method not in UNASSISTED or sc.with_position or sc.with_spotter_plate:
                    continue
                rec = simulate(sc)
                res = analyse(rec.info, rec.block(), AnalysisConfig.for_method(method))
                classify(rep_rows(rec, res), sc, seed, counts, lines)
    if args.list:
        print("\n".join(lines))
    print(f"\nforce only, unassisted, seeds {args.seeds} (--n {args.n}): phase's peak |m*a| against the band "
          f"({BAND_PCTL:.0f}th pct of |10-ms frame - mean| in the true rests around the rep)")
    for cls, name in (("a", "(a) a phase under the band"),
                      ("b-", f"(b-) over it, a phase under {MARGIN:.0f} bands"),
                      ("b", f"(b) both phases over {MARGIN:.0f} bands")):
        print(f"{name}: reps {counts[('reps', cls)]}, boundaries missed {counts[(cls, 'boundaries')]} "
              f"(reps not found {counts[(cls, 'rep not found')]} = {4 * counts[(cls, 'rep not found')]}; "
              f"of the other boundaries: in confident reps {counts[(cls, 'confident')]}, in reps marked <= {LOW_CONFIDENCE} {counts[(cls, 'low confidence')]})")
        for key, v in sorted(counts.items(), key=lambda kv: -kv[1]):
            if key[0] == cls and key[1] not in ("boundaries", "confident", "low confidence", "rep not found"):
                print(f"    {key[1]:<20} {v:>5}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
