"""Crash hunt on the CLI: odd traces in several export layouts (plain, comment-mark header,
wall clock past midnight, LabVIEW .lvm with and without X, pandas index, numbered trials, Hawkin,
no time with --rate, position + spotter columns) through inspect / analyze / import, then
export, export --samples and analyze --reanalyse of what was imported.

    python benchmarks/crash_hunt_cli.py FIRST_SEED END_SEED   (seeds 8000-8999 only)
"""

from __future__ import annotations

import random
import signal
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "benchmarks"), str(ROOT)]
from crash_hunt_analysis import base_jump, base_sim, force_cols  # noqa: E402
from fuzz_cases import check, run_main  # noqa: E402
from import_synth import Trace, write_labview_lvm  # noqa: E402


def traces(seed, rng):
    kind = seed % 3
    if kind == 0:
        info, b = base_jump(seed, rate=float(rng.choice([50.0, 200.0, 1000.0])))
    else:
        info, b = base_sim(seed, sample_rate_hz=float(rng.choice([250.0, 500.0, 1000.0])))
    t, f = b.time_s, b.values[:, force_cols(info)].sum(1)
    n = len(t)
    out = [("base", t, f)]
    for k in (0, 1, 2, 5, 30):
        out.append((f"short{k}", t[:k], f[:k]))
    out.append(("const", t, np.full(n, f[n // 2])))
    out.append(("zeros", t, np.zeros(n)))
    out.append(("neg", t, -f))
    out.append(("offset", t, f + 4000))
    a, e = int(rng.integers(0, n // 2)), int(rng.integers(n // 2, n))
    out.append(("slice", t[a:e], f[a:e]))
    tt = t.copy()
    tt[n // 2 :] += 2.0
    out.append(("gap", tt, f))
    idx = np.sort(np.concatenate([np.arange(n), rng.integers(0, n, 10)]))
    out.append(("dup", t[idx], f[idx]))
    return out


def write(path: Path, layout: str, t, f, rng) -> list[str]:
    """Write one layout; returns extra CLI args."""
    ff = [f"{x:.2f}" for x in f]
    ts = [f"{x:.4f}" for x in t]
    lines, extra = [], []
    if layout == "plain":
        lines = ["time_s,force_n"] + [f"{a},{b}" for a, b in zip(ts, ff, strict=False)]
    elif layout == "comment":
        lines = ["% MATLAB export", "# time force"] + [
            f"{a} {b}" for a, b in zip(ts, ff, strict=False)
        ]
    elif layout == "wallclock":
        base = 23 * 3600 + 59 * 60 + 55.0

        def clock(x):
            s = (base + x) % 86400
            return f"{int(s // 3600):02d}:{int(s % 3600 // 60):02d}:{s % 60:06.3f}"

        lines = ["Timestamp,Force (N)"] + [f"{clock(a)},{b}" for a, b in zip(t, ff, strict=False)]
    elif layout in ("lvm", "lvm_nox"):
        # the documented .lvm layout, written as the import tests write it (import_synth)
        steps = np.diff(t)
        dt = float(np.median(steps)) if steps.size and np.median(steps) > 0 else 0.001
        tr = Trace(t=np.asarray(t), fz=np.asarray(f), mass_kg=0.0, rate_hz=1.0 / dt,
                   rng=np.random.default_rng(0))
        write_labview_lvm(path, tr, x_column=layout == "lvm")
        return []
    elif layout == "pandas":
        lines = [",time_s,force_n"] + [
            f"{i},{a},{b}" for i, (a, b) in enumerate(zip(ts, ff, strict=False))
        ]
    elif layout == "trials":
        lines = ["Time (s),Fz Trial 1 (N),Fz Trial 2 (N)"] + [
            f"{a},{b},{b}" for a, b in zip(ts, ff, strict=False)
        ]
        extra = rng.choice([[], ["--force-columns", "Fz Trial 1 (N)"]])
    elif layout == "hawkin":
        lines = ["Time(s),LeftForce(N),RightForce(N),CombinedForce(N),Velocity(m/s)"] + [
            f"{a},{round(x / 2)},{round(x - round(x / 2))},{round(x)},0.0"
            for a, x in zip(ts, f, strict=False)
        ]
    elif layout == "channels":
        m = len(t)
        pos = (
            np.cumsum(np.random.default_rng(m).normal(0, 1e-3, m))
            if rng.random() < 0.5
            else np.full(m, 1.1)
        )
        spot = (
            np.random.default_rng(m + 1).normal(0, 30, m)
            if rng.random() < 0.5
            else np.full(m, 12.0)
        )
        lines = ["time_s,force_n,bar_position_m,spotter_force_n"] + [
            f"{a},{b},{p:.5f},{s:.2f}" for a, b, p, s in zip(ts, ff, pos, spot, strict=False)
        ]
    elif layout == "norate":
        lines = ["force_n"] + ff
        extra = ["--rate", str(rng.choice([50, 1000, 4000]))]
    path.write_text("\n".join(lines) + ("\n" if rng.random() < 0.8 else ""))
    return list(extra)


LAYOUTS = [
    "plain",
    "comment",
    "wallclock",
    "lvm",
    "lvm_nox",
    "pandas",
    "trials",
    "hawkin",
    "norate",
    "channels",
    "channels",
]


class Hang(Exception):
    pass


def _alarm(*a):
    raise Hang()


signal.signal(signal.SIGALRM, _alarm)

if __name__ == "__main__":
    a, z = int(sys.argv[1]), int(sys.argv[2])
    runs = probs = 0
    for seed in range(a, z):
        rng = np.random.default_rng(seed)
        prng = random.Random(seed)
        work = Path(tempfile.mkdtemp(prefix=f"cli{seed}-"))
        for name, t, f in traces(seed, rng):
            layout = LAYOUTS[prng.randrange(len(LAYOUTS))]
            p = work / f"{name}_{layout}.{'lvm' if layout.startswith('lvm') else 'csv'}"
            extra = write(p, layout, t, f, prng)
            dd = str(work / "lib")
            cmds = [
                ["inspect", str(p), *extra],
                ["analyze", str(p), "--format", prng.choice(["table", "json", "csv"]), *extra],
                ["--data-dir", dd, "import", str(p), "--athlete", "Ana", *extra],
            ]
            for argv in cmds:
                signal.alarm(180)
                try:
                    rc, out, err, rt = run_main(argv)
                    why = check(argv, rc, out, err, rt)
                except Hang:
                    why = f"HANG {argv}"
                finally:
                    signal.alarm(0)
                runs += 1
                if why:
                    probs += 1
                    print(f"{seed}:{name}:{layout}", why[:600], flush=True)
        # export + reanalyse on what was imported
        lib = work / "lib"
        for argv in (
            ["--data-dir", str(lib), "export", "--out", str(work / "x.csv"), "--format", "csv"],
            [
                "--data-dir",
                str(lib),
                "export",
                "--samples",
                "--out",
                str(work / "s.csv"),
                "--format",
                "csv",
            ],
        ):
            rc, out, err, rt = run_main(argv)
            runs += 1
            why = check(argv, rc, out, err, rt)
            if why:
                probs += 1
                print(f"{seed}:export", why[:600], flush=True)
        for s in sorted(lib.rglob("*.parquet"))[:3]:
            argv = ["--data-dir", str(lib), "analyze", str(s), "--reanalyse"]
            rc, out, err, rt = run_main(argv)
            runs += 1
            why = check(argv, rc, out, err, rt)
            if why:
                probs += 1
                print(f"{seed}:reanalyse", why[:600], flush=True)
        if (work / "s.csv").exists():
            argv = ["analyze", str(work / "s.csv")]
            rc, out, err, rt = run_main(argv)
            runs += 1
            why = check(argv, rc, out, err, rt)
            if why:
                probs += 1
                print(f"{seed}:samples-back", why[:600], flush=True)
    print(f"DONE {a}-{z}: {runs} runs, {probs} problems", flush=True)
