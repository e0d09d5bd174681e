"""Report figures: time and size of `eccentric report` for one long simulated session.

    python benchmarks/bench_report.py [--minutes 20] [--seed 3] [--method slow_negatives]

Records --minutes of the simulated plate (unpaced) into a temporary library, then times the
report of that session: reading it, drawing every set's rep profiles and the trend with
matplotlib (Agg), and writing the page. Prints reps, sets, wall and CPU seconds (CPU is the
figure to compare on a shared machine) and the page's size.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eccentric.cli import main  # noqa: E402
from sessions.library import Library  # noqa: E402
from sessions.report import make_report  # noqa: E402
from sessions.report.data import gather  # noqa: E402


def run() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=20.0)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--method", default="slow_negatives")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        t = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            rc = main(["--data-dir", str(data), "record", "--reader", "mock", "-o", "realtime=false", "-o",
                       f"seed={a.seed}", "-o", f"method={a.method}", "--method", a.method,
                       "--seconds", str(a.minutes * 60), "--athlete", "Ana"])
        assert rc == 0
        print(f"recorded {a.minutes:g} min in {time.perf_counter() - t:.1f} s")
        lib = Library(data)
        [s] = lib.list()
        t = time.perf_counter()
        d = gather([str(s.path)], library=lib)
        t_gather = time.perf_counter() - t
        t, cpu = time.perf_counter(), time.process_time()
        html = make_report([str(s.path)], Path(tmp) / "report", library=lib)
        t_all, cpu = time.perf_counter() - t, time.process_time() - cpu
        sets = d.sessions[0].reps["set"].n_unique()
        print(f"{s.reps} reps in {sets} sets: gather {t_gather:.2f} s, whole report {t_all:.1f} s wall, "
              f"{cpu:.1f} s CPU ({cpu / max(sets, 1):.2f} s CPU per set), page {html.stat().st_size / 1e6:.2f} MB, "
              f"figures {sum(f.stat().st_size for f in (html.parent / 'figures').glob('*.png')) / 1e6:.2f} MB")


if __name__ == "__main__":
    run()
