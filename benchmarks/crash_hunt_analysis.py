"""Crash hunt: odd recordings through forceplate.analysis.analyse, offline and in blocks of 1, 7, 137.

    python benchmarks/crash_hunt_analysis.py FIRST_SEED END_SEED   (wide world, seeds 8000-8999 only)

Bases: a wide-world simulated session (with bar position and spotter plate, or at 250/2000 Hz),
a jump recording at 50-4000 Hz, or jumps + strength + a second athlete concatenated. Mutations:
0-50 samples, constant, zeros, NaN/inf, negated, offsets, slices cut mid-rep/flight, time gaps,
duplicated and backward timestamps, the position/spotter channel constant, noisy, NaN or stuck.
Prints every case that raised (CRASH), ran over 120 s (HANG) or warned; NaN/inf and repeated
timestamps are refused before the analysis by every reader (see the crash-hunt report).
"""

from __future__ import annotations

import signal
import sys
import time
import traceback
import warnings

import numpy as np

from forceplate.analysis import analyse
from forceplate.errors import BadInputError  # noqa
from forceplate.samples import ChannelInfo, ReaderInfo, SampleBlock
from forceplate.simulator import random_scenario, simulate
from forceplate.simulator.jumps import recording as jump_recording

METHODS = ("normal", "slow_negatives", "beyond_failure", "forced_positive", "forced_negative")


def base_sim(seed, **ov):
    rng = np.random.default_rng(seed)
    m = METHODS[seed % 5]
    sc = random_scenario(rng, m, world="wide", **ov)
    r = simulate(sc)
    n = len(r.time_s)
    return r.info, SampleBlock(
        r.time_s.copy(),
        np.asarray(r.values, float).copy(),
        np.arange(n, dtype=np.int64),
        np.zeros(n, np.uint8),
    )


def base_jump(seed, rate=None):
    j = jump_recording(seed, rate_hz=rate)
    b = j.block
    return j.info, SampleBlock(
        b.time_s.copy(), np.asarray(b.values, float).copy(), b.seq.copy(), b.flags.copy()
    )


def blk(t, v):
    n = len(t)
    v = np.asarray(v, float)
    if v.ndim == 1:
        v = v[:, None]
    return SampleBlock(np.asarray(t, float), v, np.arange(n, dtype=np.int64), np.zeros(n, np.uint8))


def force_cols(info):
    return [i for i, c in enumerate(info.channels) if c.kind == "force"]


def mutations(info, b, rng):
    n = len(b)
    t, v = b.time_s, b.values
    fc = force_cols(info)
    out = []
    for k in (0, 1, 2, 3, 10, 50):
        out.append((f"short{k}", info, blk(t[:k], v[:k])))
    k = int(rng.integers(0, max(n - 60, 1)))
    out.append(("short_mid50", info, blk(t[k : k + 50], v[k : k + 50])))
    c = v.copy()
    c[:] = v[n // 2]
    out.append(("constant", info, blk(t, c)))
    out.append(("zeros", info, blk(t, np.zeros_like(v))))
    for bad in (np.nan, np.inf, -np.inf):
        c = v.copy()
        idx = rng.integers(0, n, 5)
        c[idx, fc[0]] = bad
        out.append((f"bad{bad}", info, blk(t, c)))
    c = v.copy()
    c[n // 3 : n // 3 + 200, fc[0]] = np.nan
    out.append(("nanrun", info, blk(t, c)))
    c = v.copy()
    c[:, fc] = -c[:, fc]
    out.append(("negated", info, blk(t, c)))
    c = v.copy()
    c[:, fc[0]] += 5000
    out.append(("offset5k", info, blk(t, c)))
    c = v.copy()
    c[:, fc[0]] -= 3000
    out.append(("offset-3k", info, blk(t, c)))
    for _ in range(3):
        a = int(rng.integers(0, n // 2))
        e = int(rng.integers(n // 2, n))
        out.append((f"slice{a}-{e}", info, blk(t[a:e], v[a:e])))
    # time gap
    tt = t.copy()
    g = int(rng.integers(1, n - 1))
    tt[g:] += float(rng.choice([0.05, 1.0, 30.0]))
    out.append(("gap", info, blk(tt, v)))
    # duplicated timestamps
    idx = np.sort(np.concatenate([np.arange(n), rng.integers(0, n, 20)]))
    out.append(("dupts", info, blk(t[idx], v[idx])))
    tt = t.copy()
    tt[n // 2 : n // 2 + 10] = tt[n // 2]
    out.append(("dupts2", info, blk(tt, v)))
    # backwards time
    tt = t.copy()
    tt[n // 2 :] -= 0.5
    out.append(("backwards", info, blk(tt, v)))
    # other channels
    for j, ch in enumerate(info.channels):
        if ch.kind != "force":
            c = v.copy()
            c[:, j] = c[0, j]
            out.append((f"{ch.kind}_const", info, blk(t, c)))
            c = v.copy()
            c[:, j] += rng.normal(0, np.nanstd(v[:, j]) + 1.0, n)
            out.append((f"{ch.kind}_noisy", info, blk(t, c)))
            c = v.copy()
            c[:, j] = np.nan
            out.append((f"{ch.kind}_nan", info, blk(t, c)))
            c = v.copy()
            c[n // 2 :, j] = c[n // 2, j]
            out.append((f"{ch.kind}_stuck", info, blk(t, c)))
    return out


class Hang(Exception):
    pass


def _alarm(*a):
    raise Hang()


signal.signal(signal.SIGALRM, _alarm)


def run(label, info, b, sizes, results, limit=120):
    for bs in sizes:
        if bs == 1 and len(b) > 6000:
            continue
        signal.alarm(limit)
        t0 = time.time()
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", RuntimeWarning)
                analyse(info, b, block_size=bs)
            ws = {
                str(w.message)[:50] + "@" + w.filename.split("/")[-1] + ":" + str(w.lineno)
                for w in caught
                if issubclass(w.category, RuntimeWarning)
            }
            res = ("warn " + "; ".join(sorted(ws))) if ws else "ok"
        except Hang:
            res = "HANG"
        except BadInputError as e:
            res = "badinput:" + str(e)[:80]
        except Exception as e:
            tb = traceback.extract_tb(e.__traceback__)[-1]
            res = f"CRASH {type(e).__name__}: {str(e)[:100]} @ {tb.filename.split('/')[-1]}:{tb.lineno}"
        finally:
            signal.alarm(0)
        results.append((label, bs, res, time.time() - t0))
        if res != "ok":
            print(label, bs, res, f"{time.time() - t0:.1f}s", flush=True)


if __name__ == "__main__":
    a, z = int(sys.argv[1]), int(sys.argv[2])
    results = []
    for seed in range(a, z):
        rng = np.random.default_rng(seed)
        bases = []
        kind = seed % 4
        try:
            if kind == 0:
                bases.append(("sim", *base_sim(seed, with_position=True, with_spotter_plate=True)))
            elif kind == 1:
                bases.append(
                    ("sim", *base_sim(seed, sample_rate_hz=float(rng.choice([250.0, 2000.0]))))
                )
            elif kind == 2:
                bases.append(
                    (
                        "jump",
                        *base_jump(seed, rate=float(rng.choice([50.0, 100.0, 1000.0, 4000.0]))),
                    )
                )
            else:
                i1, b1 = base_jump(seed, rate=1000.0)
                i2, b2 = base_sim(seed, sample_rate_hz=1000.0)
                i3, b3 = base_sim(seed + 1, sample_rate_hz=1000.0)
                nf = [len(force_cols(i)) for i in (i1, i2, i3)]

                def tot(i, bb):
                    return bb.values[:, force_cols(i)].sum(1)

                f = np.concatenate([tot(i1, b1), tot(i2, b2), tot(i3, b3)])
                tt = np.arange(f.size) / 1000.0
                ci = ReaderInfo(
                    "synthetic", "cat", "CAT", (ChannelInfo("force", "N", "force"),), 1000.0
                )
                bases.append(("cat", ci, blk(tt, f)))
        except Exception as e:
            print("GEN FAIL", seed, e)
            continue
        for name, info, b in bases:
            run(f"{seed}:{name}:base", info, b, (None, 137), results)
            for mname, mi, mb in mutations(info, b, rng):
                sizes = (
                    (None, 1, 7, 137)
                    if len(mb) <= 6000
                    else (None, 137, 7)
                    if seed % 3 == 0
                    else (None, 137)
                )
                run(f"{seed}:{name}:{mname}", mi, mb, sizes, results)
    crashes = [r for r in results if r[2].startswith(("CRASH", "HANG"))]
    print(f"DONE {a}-{z}: {len(results)} runs, {len(crashes)} problems", flush=True)
