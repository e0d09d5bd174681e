"""Jump accuracy against the synthesiser's exact truth, per jump type, over many seeds.

    python benchmarks/bench_jumps.py --seeds 1000-1099 [--kinds countermovement,squat]
    python benchmarks/bench_jumps.py --seeds 2000-2099 --rates low      # 50, 100, 200 Hz
    python benchmarks/bench_jumps.py --seeds 2000-2099 --rates 50,1000 --sampling mean
    python benchmarks/bench_jumps.py --seeds 8000-8099 --offset 150     # an untared lab plate
    python benchmarks/bench_jumps.py --seeds 8000-8099 --trim hawkin    # a vendor's trimmed trial

Each seed is one mixed recording (forceplate/simulator/jumps.py): empty plate, stepping on,
weighing, 2-4 jumps of one family (countermovement, squat, loaded, drop from a box, hops,
landing off the plate), stepping off; 40-140 kg, 250-2000 Hz, noise, sway, 1-4 cells.
`--rates` runs every seed at each rate given instead (`low` = 50, 100, 200 Hz as vendor exports
have them; `high` = the default draw, 250-2000 Hz; or Hz values) and prints one table per rate;
`--sampling mean` gives each sample the mean force over its period (a plate's or an export's
averaging) instead of the force at its instant. The recording goes through the streaming Analyser (analyse(): the same code as live and replay).
Printed per type: jumps found / true, extra jumps, ghost strength reps, and the share within
the acceptance tolerances (take-off 5 ms, lowest point 15 ms, start 30 ms, mass 0.5 kg,
height by impulse-momentum 1 cm) with the median and 95th percentile of |error|, and the
contraction time and eccentric (unweighting + braking) duration against the truth.
`--offset N` adds N newtons to the plate (spread over its cells): an untared lab file whose
empty plate reads N (over +100 N no stretch of the file reads as an empty plate). `--trim
hawkin` cuts each recording as Hawkin Dynamics exports a trial: from 30 ms before the first
jump's start of movement (time 0 there, so time_s starts at -0.03) to 1.0-1.5 s after its
landing (the athlete may not have settled); the jumps scored are those taken off at least 50 ms
before the end (a hop whose flight the cut ends is a jump whose landing is unknown).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from forceplate.analysis import analyse  # noqa: E402
from forceplate.samples import SampleBlock  # noqa: E402
from forceplate.simulator.jumps import KINDS, LOW_RATES_HZ, SAMPLINGS, match, recording  # noqa: E402

TOL = {"takeoff_ms": 5.0, "zero_velocity_ms": 15.0, "onset_ms": 30.0, "mass_kg": 0.5,
       "height_impulse_cm": 1.0, "height_flight_cm": 1.0, "contraction_ms": 30.0}
# the countermovement's eccentric figures (the field's standard eccentric test): braking
# duration, braking (deceleration) impulse, mean braking force, braking RFD, force at v = 0
ECC_TOL = {"braking_ms": 15.0, "decel_impulse_pct": 2.0, "braking_force_pct": 2.0,
           "braking_rfd_pct": 10.0, "force_v0_pct": 5.0}


def seeds_arg(text: str) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        a, _, b = part.partition("-")
        out += list(range(int(a), int(b or a) + 1))
    return out


def errors(tr, m) -> dict[str, float]:
    e = {"takeoff_ms": 1000 * (m.takeoff_s - tr.takeoff_s),
         "zero_velocity_ms": 1000 * (m.zero_velocity_s - tr.zero_velocity_s),
         "onset_ms": 1000 * (m.onset_s - tr.onset_s),
         "mass_kg": m.mass_kg - tr.mass_kg}
    if m.height_impulse_m is not None:
        e["height_impulse_cm"] = 100 * (m.height_impulse_m - tr.height_m)
    e["contraction_ms"] = 1000 * (m.contraction_time_s - (tr.takeoff_s - tr.onset_s))
    if tr.braking_start_s is not None and m.type == "countermovement":
        dur = tr.zero_velocity_s - tr.braking_start_s
        e["braking_ms"] = 1000 * (m.braking_s - dur)
        imp = tr.mass_kg * abs(tr.peak_down_velocity_m_s)
        if m.ecc_decel_impulse_n_s is not None:
            e["decel_impulse_pct"] = 100 * (m.ecc_decel_impulse_n_s / imp - 1)
        if m.braking_mean_force_n is not None:
            e["braking_force_pct"] = 100 * (m.braking_mean_force_n / tr.braking_mean_force_n - 1)
        if m.braking_rfd_n_per_s is not None:
            rfd = (tr.force_at_zero_velocity_n - tr.mass_kg * 9.80665) / dur
            e["braking_rfd_pct"] = 100 * (m.braking_rfd_n_per_s / rfd - 1)
        e["force_v0_pct"] = 100 * (m.force_at_zero_velocity_n / tr.force_at_zero_velocity_n - 1)
    if m.height_flight_m is not None and tr.flight_time_s is not None:
        e["height_flight_cm"] = 100 * (m.height_flight_m - 9.80665 * tr.flight_time_s ** 2 / 8)
    return e


def rates_arg(text: str) -> list[float | None]:
    """`low` -> the vendor-export rates, `high` -> the default draw (None), else Hz values."""
    out: list[float | None] = []
    for part in text.split(","):
        if part == "low":
            out += list(LOW_RATES_HZ)
        elif part == "high":
            out.append(None)
        else:
            out.append(float(part))
    return out


def offset_trim(rec, offset_n: float, trim: str, seed: int):
    """The recording with offset_n added to its plate and cut as `trim` says (see the doc)."""
    b = rec.block
    t, v = b.time_s, b.values + offset_n / b.values.shape[1]
    truths = list(rec.jumps)
    if trim == "hawkin" and truths:
        rng = np.random.default_rng(seed + 77)
        first = truths[0]
        end_ref = first.landing_s if first.landing_s is not None else first.takeoff_s + 1.3
        a, z = first.onset_s - 0.03, end_ref + float(rng.uniform(1.0, 1.5))
        keep = (t >= a) & (t <= z)
        t0 = first.onset_s
        t, v = t[keep] - t0, v[keep]
        truths = [dataclasses.replace(tr, onset_s=tr.onset_s - t0, zero_velocity_s=tr.zero_velocity_s - t0,
                                      takeoff_s=tr.takeoff_s - t0,
                                      landing_s=None if tr.landing_s is None else tr.landing_s - t0,
                                      braking_start_s=None if tr.braking_start_s is None else tr.braking_start_s - t0)
                  for tr in truths
                  if tr.takeoff_s <= z - 0.05]
    n = t.size
    block = SampleBlock(time_s=t, values=v, seq=np.arange(n, dtype=np.int64), flags=np.zeros(n, np.uint8))
    return dataclasses.replace(rec, block=block, jumps=truths)


def table(title: str, count: dict[str, list[int]], per: dict[str, dict[str, list[float]]],
          tols: dict[str, float] = TOL, kinds: tuple[str, ...] | None = None) -> None:
    print(title)
    head = f"{'type':<16} {'found':>9}  " + "  ".join(f"{k:>22}" for k in tols)
    print(head)
    print("-" * len(head))
    for kind in sorted(count):
        if kinds is not None and kind not in kinds:
            continue
        found_n, true_n = count[kind]
        cells = []
        for k, tol in tols.items():
            x = np.abs(np.array(per[kind].get(k, [])))
            if x.size == 0:
                cells.append(f"{'-':>22}")
                continue
            cells.append(f"{100 * np.mean(x <= tol):5.1f}% {np.median(x):6.2f} {np.percentile(x, 95):7.2f}")
        print(f"{kind:<16} {found_n:>4}/{true_n:<4}  " + "  ".join(cells))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", default="1000-1059")
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--rates", default="high", help="low (50,100,200 Hz), high (250-2000 Hz drawn), or Hz values")
    ap.add_argument("--sampling", default="point", choices=SAMPLINGS)
    ap.add_argument("--offset", type=float, default=0.0, help="N added to the plate (an untared file)")
    ap.add_argument("--trim", default="none", choices=("none", "hawkin"), help="cut as a vendor's trial")
    ap.add_argument("--worst", type=int, default=0, help="print the N worst jumps per figure")
    args = ap.parse_args()
    kinds = tuple(args.kinds.split(","))
    seeds = seeds_arg(args.seeds)
    rates = rates_arg(args.rates)
    t0 = time.perf_counter()
    worst: list[tuple[float, str, str]] = []
    out = []
    for rate in rates:
        per: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        count: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        extra = ghosts = landed_off_ok = landed_off = 0
        for seed in seeds:
            rec = recording(seed, kinds=kinds, rate_hz=rate, sampling=args.sampling)
            if args.offset or args.trim != "none":
                rec = offset_trim(rec, args.offset, args.trim, seed)
            res = analyse(rec.info, rec.block)
            found = [r.jump for r in res.reps if r.jump is not None]
            ghosts += sum(1 for r in res.reps if r.movement != "jump")
            pairs, missed, ex = match(rec.jumps, found)
            extra += len(ex)
            for tr in rec.jumps:
                count[tr.kind][1] += 1
            for tr, m in pairs:
                count[tr.kind][0] += 1
                if tr.landing_s is None:
                    landed_off += 1
                    landed_off_ok += m.landed == "off" and m.flight_time_s is None
                for k, v in errors(tr, m).items():
                    per[tr.kind][k].append(v)
                    worst.append((abs(v) / {**TOL, **ECC_TOL}[k], k, f"{rec.description} {tr.kind} take-off {tr.takeoff_s:.3f}: {k} {v:+.2f}"))
            for tr in missed:
                worst.append((99.0, "missed", f"{rec.description} MISSED {tr.kind} at {tr.takeoff_s:.3f}"))
        name = "250-2000 Hz (drawn)" if rate is None else f"{rate:g} Hz"
        out.append((f"{name}, {args.sampling} sampling: extra jumps {extra}, ghost strength reps {ghosts}, "
                    f"landings off the plate told {landed_off_ok}/{landed_off}", count, per))
    dt = time.perf_counter() - t0
    print(f"{len(seeds)} recordings ({args.seeds}) x {len(rates)} rate(s), {dt:.1f} s")
    for title, count, per in out:
        table(title, count, per)
    for title, count, per in out:
        if "countermovement" in count:
            table(title.split(":")[0] + ": countermovement eccentric (braking) figures", count, per,
                  ECC_TOL, ("countermovement",))
    print("cells: share within tolerance, median |error|, 95th percentile |error| (ms, kg, cm)")
    if args.worst:
        for _, _, text in sorted(worst, reverse=True)[: args.worst]:
            print("  ", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
