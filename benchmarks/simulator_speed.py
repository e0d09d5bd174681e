"""How fast the simulator runs: simulate() throughput, MockReader fast and real-time cost.

    python benchmarks/simulator_speed.py
"""

from __future__ import annotations

import time

import numpy as np

from forceplate.registry import create_reader
from forceplate.simulator import METHODS, random_scenario, simulate


def bench_simulate() -> None:
    rng = np.random.default_rng(0)
    samples = 0
    sim_s = 0.0
    t0 = time.perf_counter()
    for i in range(25):
        rec = simulate(random_scenario(rng, METHODS[i % len(METHODS)]))
        rec.block()
        samples += len(rec.time_s)
        sim_s += float(rec.time_s[-1])
    wall = time.perf_counter() - t0
    print(f"simulate()+reports+decode: 25 random sessions, {sim_s:.0f} s simulated, "
          f"{samples / wall / 1e6:.2f} M samples/s, {sim_s / wall:.0f}x real time")


def bench_mock_fast() -> None:
    with create_reader("mock", seed=1, realtime=False) as r:
        t0 = time.perf_counter()
        n = 0
        while n < 600_000:
            n += len(r.read())
        wall = time.perf_counter() - t0
    print(f"MockReader realtime=false (100 ms chunks, 1 kHz, 4 cells): 600 s in {wall:.2f} s, "
          f"{600 / wall:.0f}x real time")


def bench_mock_realtime(seconds: float = 5.0) -> None:
    with create_reader("mock", seed=1, realtime=True, rate=2000) as r:
        c0, t0 = time.process_time(), time.perf_counter()
        n = 0
        while time.perf_counter() - t0 < seconds:
            b = r.read(0.1)
            n += 0 if b is None else len(b)
        cpu, wall = time.process_time() - c0, time.perf_counter() - t0
        st = r.status()
    print(f"MockReader realtime 2 kHz: {n / wall:.0f} samples/s delivered "
          f"(status {st.achieved_rate_hz:.0f} Hz), CPU {100 * cpu / wall:.1f}% of a core")


def bench_mock_memory(hours: float = 2.0) -> None:
    import psutil

    proc = psutil.Process()
    with create_reader("mock", seed=2, realtime=False, chunk_ms=1000) as r:
        rss = []
        t_end, mark = 0.0, 0.0
        while t_end < hours * 3600:
            b = r.read()
            t_end = float(b.time_s[-1])
            if t_end >= mark:  # every simulated 20 minutes
                rss.append(proc.memory_info().rss / 2**20)
                mark += 1200
        n_reps = len(r.truth.reps)
    print(f"MockReader {hours:g} h simulated (1 kHz, 4 cells): RSS every 20 min "
          f"{' '.join(f'{x:.0f}' for x in rss)} MB, {n_reps} reps of truth")


if __name__ == "__main__":
    bench_simulate()
    bench_mock_fast()
    bench_mock_realtime()
    bench_mock_memory()
