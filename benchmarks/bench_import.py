"""Import figures: seconds to read a long vendor export, per layout.

    python benchmarks/bench_import.py [--minutes 10] [--rate 1000]

Data: repeated synthetic countermovement jumps (tests/import_synth.py) written in each vendor's
layout, then read by sessions.csv_input.read_foreign (sniffing, roles, force rule). Prints the
file size, the seconds to read it and the samples per second.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import import_synth as S  # noqa: E402

from sessions.csv_input import read_foreign  # noqa: E402
from sessions.formats import ImportOptions  # noqa: E402


def long_trace(minutes: float, rate: float) -> S.Trace:
    one = S.jump_trace(0, rate_hz=rate, mass_kg=80.0)
    reps = max(1, int(minutes * 60 / one.t[-1]))
    fz = np.tile(one.fz, reps)
    return S.Trace(t=np.arange(fz.size) / rate, fz=fz, mass_kg=80.0, rate_hz=rate, rng=np.random.default_rng(1))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--rate", type=float, default=1000.0)
    a = ap.parse_args()
    tr = long_trace(a.minutes, a.rate)
    layouts = [("hawkin.csv", S.write_hawkin_py, None), ("capstone.csv", S.write_pasco, ImportOptions(run="2")),
               ("bioware.txt", S.write_kistler_bioware, None), ("grf.mot", S.write_opensim, None),
               ("polars.parquet", S.write_parquet, None)]
    short = S.Trace(t=tr.t[: int(60 * a.rate)], fz=tr.fz[: int(60 * a.rate)], mass_kg=80.0, rate_hz=a.rate,
                    rng=np.random.default_rng(2))
    print(f"{tr.t.size} samples ({a.minutes:g} min at {a.rate:g} Hz); C3D: 1 min")
    with tempfile.TemporaryDirectory() as d:
        for name, writer, opts in [*layouts, ("trial.c3d", S.write_c3d, None)]:
            src = short if name.endswith(".c3d") else tr
            path = writer(Path(d) / name, src)
            t0 = time.perf_counter()
            info, block, _ = read_foreign(path, options=opts)
            dt = time.perf_counter() - t0
            mb = path.stat().st_size / 1e6
            print(f"{name:<16} {mb:7.1f} MB  {dt:6.2f} s  {len(block) / dt / 1e6:5.2f} M samples/s  "
                  f"channels {len(info.channels)}")


if __name__ == "__main__":
    main()
