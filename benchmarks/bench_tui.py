"""Dashboard benchmark: chart updates per second and CPU share with the simulated plate at 1 kHz,
and resident memory over a simulated 2-hour recorded session run faster than real time.

    python benchmarks/bench_tui.py                 # both parts (30 s live + 2 h simulated)
    python benchmarks/bench_tui.py --live-s 10 --session-h 0.5   # quicker

Headless: Textual composes every frame as it would for a terminal but writes it nowhere, so
the terminal's own cost is not counted.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import threading
import time
from pathlib import Path

import psutil

from forceplate.registry import create_reader
from tui.app import EccentricApp
from tui.setup_state import SessionSetup
from tui.widgets.force_chart import ForceChart

MB = 1024 * 1024


def thread_cpu(proc: psutil.Process) -> dict[str, float]:
    """CPU seconds per thread name (threads of the same name summed)."""
    names = {t.native_id: t.name for t in threading.enumerate()}
    out: dict[str, float] = {}
    for t in proc.threads():
        name = names.get(t.id, "other")
        out[name] = out.get(name, 0.0) + t.user_time + t.system_time
    return out


def _app(data_dir: Path, **reader_opts: str) -> EccentricApp:
    setup = SessionSetup(reader="mock", reader_options=reader_opts, data_dir=data_dir)
    return EccentricApp(setup, data_dir, open_source=lambda: create_reader("mock", **reader_opts))


async def live(seconds: float, size: tuple[int, int]) -> None:
    proc = psutil.Process()
    with tempfile.TemporaryDirectory() as tmp:
        app = _app(Path(tmp), seed="1", rate="1000")
        async with app.run_test(size=size) as pilot:
            await pilot.pause(2.0)   # warm up: plate open, first frames
            chart = app.screen.query_one(ForceChart)
            th0 = thread_cpu(proc)
            cpu0, t0 = proc.cpu_times(), time.perf_counter()
            f0, p0 = chart.frames, chart.paints
            s0 = app.screen.pipeline.pipeline_samples if hasattr(app.screen.pipeline, "pipeline_samples") else None
            n0 = app.screen.pipeline.ring.total
            await asyncio.sleep(seconds)
            cpu1, t1 = proc.cpu_times(), time.perf_counter()
            th1 = thread_cpu(proc)
            wall = t1 - t0
            cpu = (cpu1.user - cpu0.user + cpu1.system - cpu0.system) / wall
            status = app.screen.pipeline.last_status
            samples = app.screen.pipeline.ring.total - n0
            del s0
            print(f"live {size[0]}x{size[1]}, {wall:.1f} s at 1 kHz (simulated plate, real analyser):")
            print(f"  chart updates/s       {(chart.frames - f0) / wall:6.1f}   (repaints/s {(chart.paints - p0) / wall:.1f})")
            print(f"  CPU, whole app        {100 * cpu:6.1f} % of one core   (load average {psutil.getloadavg()[0]:.1f})")
            print(f"  chart build (CPU)     {1000 * chart._cost_s:6.2f} ms a frame")
            ui = th1.get("MainThread", 0.0) - th0.get("MainThread", 0.0)
            pipe = th1.get("eccentric-pipeline", 0.0) - th0.get("eccentric-pipeline", 0.0)
            frames = max(chart.frames - f0, 1)
            print(f"  UI thread CPU per chart update (everything Textual does for it too) "
                  f"{1000 * ui / frames:.1f} ms")
            print(f"  -> at 25 updates/s: UI {100 * 25 * ui / frames:.1f} % "
                  f"+ pipeline {100 * pipe / wall:.1f} % of one core (projection from the costs above)")
            print(f"  samples handled/s     {samples / wall:6.0f}   dropped {status.dropped_samples}")
            for name in sorted(th1, key=lambda k: -(th1[k] - th0.get(k, 0.0))):
                share = 100 * (th1[name] - th0.get(name, 0.0)) / wall
                if share >= 0.5:
                    print(f"    thread {name:28s} {share:5.1f} %")


async def session(hours: float, size: tuple[int, int]) -> None:
    proc = psutil.Process()
    sim_s = hours * 3600.0
    with tempfile.TemporaryDirectory() as tmp:
        # unpaced plate: the pipeline thread runs as fast as it can while the UI redraws at its rate
        app = _app(Path(tmp), seed="2", rate="1000", realtime="false")
        async with app.run_test(size=size) as pilot:
            await pilot.pause(0.5)
            await pilot.press("r")
            pipe = app.screen.pipeline
            t0 = time.perf_counter()
            rows = []
            next_mark = sim_s / 12
            while pipe.time_s < sim_s:
                await asyncio.sleep(0.25)
                if pipe.time_s >= next_mark:
                    rows.append((pipe.time_s, proc.memory_info().rss / MB))
                    next_mark = (int(pipe.time_s / (sim_s / 12)) + 1) * sim_s / 12
            during = rows[-1][1] - rows[0][1] if rows else 0.0
            await pilot.press("r")
            wall = time.perf_counter() - t0
            for _ in range(600):
                await asyncio.sleep(0.1)
                if app.screen.saved_paths:
                    break
            after_save = proc.memory_info().rss / MB
            saved = app.screen.saved_paths[-1] if app.screen.saved_paths else None
    print(f"session: {sim_s / 3600:.1f} h simulated in {wall:.0f} s ({sim_s / wall:.0f}x real time), recording on")
    for t_s, rss in rows:
        print(f"  t={t_s / 60:6.1f} min  RSS {rss:7.1f} MB")
    print(f"  RSS growth while recording (first mark to last): {during:+.1f} MB")
    print(f"  RSS after the recorder wrote the session file: {after_save:.1f} MB; saved: {saved.name if saved else 'NO'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--live-s", type=float, default=30.0)
    ap.add_argument("--session-h", type=float, default=2.0)
    ap.add_argument("--width", type=int, default=120)
    ap.add_argument("--height", type=int, default=36)
    a = ap.parse_args()
    size = (a.width, a.height)
    if a.live_s > 0:
        asyncio.run(live(a.live_s, size))
    if a.session_h > 0:
        asyncio.run(session(a.session_h, size))


if __name__ == "__main__":
    main()
