"""Peak memory and time of importing one large text export.

    python benchmarks/bench_import_memory.py [--mb 180] [--layout hawkin|bioware|comma] [--keep DIR]
                                             [--root CHECKOUT]

Writes a synthetic export of about --mb megabytes (repeated countermovement jumps at 1000 Hz, in
the chosen vendor layout, written block by block), then reads it with sessions.csv_input.read_foreign
in a fresh Python process and prints the file size, the seconds, the peak resident memory of that
process (resource.getrusage: Polars allocates outside Python's allocator, so tracemalloc would
miss most of it) and that peak less the process's memory before the read. The numeric arrays
themselves are printed for comparison (float64, 8 bytes a value). --root reads with another
checkout's code (e.g. /work/main) for a before/after on the same file.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import import_synth as S  # noqa: E402

BLOCK_ROWS = 200_000

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from sessions.csv_input import read_foreign
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
info, block, _ = read_foreign(sys.argv[1])
dt = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"s": dt, "before_kb": before, "peak_kb": peak, "rows": len(block),
                  "channels": len(info.channels), "array_mb": (block.values.nbytes + block.time_s.nbytes) / 1e6}))
"""


def write_export(path: Path, megabytes: float, layout: str) -> Path:
    one = S.jump_trace(0, rate_hz=1000.0, mass_kg=80.0)
    fz = one.fz
    with open(path, "w", encoding="utf-8", newline="") as fh:
        if layout == "bioware":
            fh.write("BioWare Version 5.3.2.9 Export\r\nRate (Hz):\t1000.000000\r\n"
                     "abs time (s)\tFx\tFy\tFz\r\n\tN\tN\tN\r\n")
        elif layout == "comma":
            fh.write("\ufeffTime (s);Fz (N)\r\n")
        else:
            fh.write("Time(s),LeftForce(N),RightForce(N),CombinedForce(N)\n")
        start = 0
        while fh.tell() < megabytes * 1e6:
            i = np.arange(start, start + BLOCK_ROWS)
            t = i / 1000.0
            f = fz[i % fz.size]
            if layout == "bioware":
                rows = np.column_stack([t, 0.01 * f, -0.02 * f, f])
                text = "\r\n".join("\t".join(f"{v:.6f}" for v in r) for r in rows.tolist())
            elif layout == "comma":
                text = "\r\n".join(f"{a:.3f};{b:.2f}".replace(".", ",") for a, b in zip(t.tolist(), f.tolist(),
                                                                                         strict=True))
            else:
                rows = np.column_stack([t, np.round(f / 2), np.round(f - np.round(f / 2)), np.round(f)])
                text = "\n".join(f"{a:.3f},{b:.0f},{c:.0f},{d:.0f}" for a, b, c, d in rows.tolist())
            fh.write(text + ("\r\n" if layout in ("bioware", "comma") else "\n"))
            start += BLOCK_ROWS
    return path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=180.0)
    ap.add_argument("--layout", choices=("hawkin", "bioware", "comma"), default="hawkin")
    ap.add_argument("--keep", type=Path, help="write the export into this folder and keep it")
    ap.add_argument("--root", type=Path, default=ROOT, help="the checkout whose reader is measured")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        folder = a.keep or Path(d)
        path = folder / f"large_{a.layout}.{'txt' if a.layout == 'bioware' else 'csv'}"
        if not path.exists():
            write_export(path, a.mb, a.layout)
        out = subprocess.run([sys.executable, "-c", CHILD, str(path), str(a.root)], capture_output=True, text=True,
                             check=False)
        if out.returncode:
            sys.exit(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "the import failed")
        r = json.loads(out.stdout)
        size = path.stat().st_size / 1e6
        print(f"{path.name}: {size:.1f} MB, {r['rows']} rows, {r['channels']} channels; numeric arrays "
              f"{r['array_mb']:.0f} MB")
        print(f"import {r['s']:.2f} s, peak RSS {r['peak_kb'] / 1024:.0f} MB "
              f"({(r['peak_kb'] - r['before_kb']) / 1024:.0f} MB over the {r['before_kb'] / 1024:.0f} MB before the read)")


if __name__ == "__main__":
    main()
