"""Report figures: time and size of `eccentric report` for one long simulated session, or for
an athlete with many sessions.

    python benchmarks/bench_report.py [--minutes 20] [--seed 3] [--method slow_negatives]
    python benchmarks/bench_report.py --minutes 3 --sessions 40 [--detail N|all]

Records --minutes of the simulated plate (unpaced) into a temporary library, then times the
report of that session: reading it, drawing every set's rep profiles and the trend with
matplotlib (Agg), and writing the page. Prints reps, sets, wall and CPU seconds (CPU is the
figure to compare on a shared machine) and the page's size. With --sessions K the recording is
saved K times, a day apart (as `eccentric sessions` would list a season of them), and the
report is `eccentric report --athlete` of them all with --detail (default: the command's).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eccentric.cli import main  # noqa: E402
from sessions.library import Library  # noqa: E402
from sessions.report import DETAIL_SESSIONS, make_report  # noqa: E402
from sessions.report.data import gather  # noqa: E402
from sessions.session_file import read_session  # noqa: E402
from sessions.store import SessionPaths, save_session  # noqa: E402


def season(lib: Library, path: Path, k: int) -> None:
    """The recorded session saved k-1 more times, each a day later."""
    s = read_session(path)
    reps, sets = s.reps.to_dicts(), s.sets.to_dicts()
    for day in range(1, k):
        meta = dataclasses.replace(s.meta, started_at=s.meta.started_utc + timedelta(days=day))
        save_session(SessionPaths.for_meta(lib.root, meta), meta, s.info, s.block, reps, sets)


def run() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=20.0)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--method", default="slow_negatives")
    ap.add_argument("--sessions", type=int, default=1, help="the athlete's sessions (the recording saved K times)")
    ap.add_argument("--detail", default=str(DETAIL_SESSIONS), help="sessions rep by rep with --sessions (N or all)")
    a = ap.parse_args()
    detail = None if a.detail == "all" else int(a.detail)
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
        if a.sessions > 1:
            season(lib, s.path, a.sessions)
            t, cpu = time.perf_counter(), time.process_time()
            html = make_report(None, Path(tmp) / "report", library=lib, athlete="Ana", detail=detail)
            t_all, cpu = time.perf_counter() - t, time.process_time() - cpu
            figs = list((html.parent / "figures").glob("*.png"))
            print(f"{a.sessions} sessions of {s.reps} reps, --detail {a.detail}: report {t_all:.1f} s wall, "
                  f"{cpu:.1f} s CPU, page {html.stat().st_size / 1e6:.2f} MB, {len(figs)} figures "
                  f"{sum(f.stat().st_size for f in figs) / 1e6:.2f} MB")
            return
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
