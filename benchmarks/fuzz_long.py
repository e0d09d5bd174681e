"""Long mode of the hardening fuzz suite (issue 13): thousands of random cases, watched.

    python benchmarks/fuzz_long.py [--runs 10000] [--pairs 50] [--dashboards 20] [--workers 2]

* CLI cases (tests/fuzz_cases.py: damaged loaders, odd command lines, metadata, names, FIFOs
  and devices) run in worker processes through eccentric's main(); every command run is one
  case. A worker that has not finished a case within --hang-s is a hang: it is killed and
  replaced. Each worker reports its peak RSS; workers are recycled every 300 cases so a
  case's memory is visible.
* --pairs: two `eccentric record` processes started together into one data dir (the same
  second, the same athlete); both sessions must be complete every time.
* --dashboards: the dashboard under random keys and resizes (Pilot, 150 keys each).

Prints the figures; exits 1 if any case found a traceback, hang, runaway or failure.
Inside the CLI workers fsync is a no-op (durability is not under test; it would dominate).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import queue
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "tui"), str(ROOT)]

RECYCLE = 300
GB = 1 << 30


def _worker(jobs: list[tuple[str, int]], out: mp.Queue) -> None:
    os.fsync = lambda fd: None   # type: ignore[assignment]  # see module docstring
    import random

    from fuzz_cases import GENERATORS, check, run_main

    # everything a command may import, before the first case: a case's time is its own work
    import forceplate.analysis  # noqa: F401
    import forceplate.simulator  # noqa: F401
    import sessions.export  # noqa: F401
    import sessions.importer  # noqa: F401
    import sessions.recorder  # noqa: F401
    from eccentric.cli import build_parser

    build_parser()
    base = Path(tempfile.mkdtemp(prefix="fuzz-long-"))
    for i, (kind, seed) in enumerate(jobs):
        work = base / f"{i}"
        work.mkdir()
        out.put(("start", kind, seed, time.monotonic()))
        problems: list[str] = []
        runs = 0
        try:
            commands = GENERATORS[kind](work, random.Random(f"{kind}:{seed}"))
        except Exception as exc:   # noqa: BLE001
            commands = []
            problems.append(f"generator failed: {exc!r}")
        for argv in commands:
            t0 = time.monotonic()
            rc, o, e, warns = run_main(argv)
            runs += 1
            why = check(argv, rc, o, e, warns)
            if why:
                problems.append(why)
            out.put(("run", time.monotonic() - t0))
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        out.put(("done", kind, seed, runs, problems, rss))


def cli_cases(n_runs: int, workers: int, hang_s: float, seed0: int, max_s: float = float("inf")) -> dict:
    from fuzz_cases import GENERATORS

    kinds = sorted(GENERATORS)
    ctx = mp.get_context("fork")
    stats = {"runs": 0, "inputs": 0, "problems": [], "hangs": [], "over_1gb": 0, "peak_rss": 0, "longest_s": 0.0,
             "by_kind": {k: 0 for k in kinds}}
    next_seed = seed0
    procs: list[dict] = []

    def launch() -> dict:
        nonlocal next_seed
        jobs = [(kinds[(next_seed + j) % len(kinds)], next_seed + j) for j in range(RECYCLE)]
        next_seed += RECYCLE
        q: mp.Queue = ctx.Queue()
        p = ctx.Process(target=_worker, args=(jobs, q), daemon=True)
        p.start()
        return {"p": p, "q": q, "current": None, "since": time.monotonic(), "left": len(jobs)}

    procs = [launch() for _ in range(workers)]
    t_start = time.monotonic()
    while stats["runs"] < n_runs and time.monotonic() - t_start < max_s:
        for w in procs:
            try:
                msg = w["q"].get(timeout=0.05)
            except queue.Empty:
                msg = None
            now = time.monotonic()
            if msg is not None:
                if msg[0] == "start":
                    w["current"], w["since"] = (msg[1], msg[2]), now
                elif msg[0] == "run":
                    stats["runs"] += 1
                    stats["longest_s"] = max(stats["longest_s"], msg[1])
                    w["since"] = now
                elif msg[0] == "done":
                    _, kind, seed, runs, problems, rss = msg
                    stats["inputs"] += 1
                    stats["by_kind"][kind] += runs
                    stats["problems"] += [f"{kind} seed {seed}: {p}" for p in problems]
                    for p in problems:   # as they happen: a long run may be cut short
                        print(f"  PROBLEM {kind} seed {seed}: {p}", file=sys.stderr, flush=True)
                    stats["peak_rss"] = max(stats["peak_rss"], rss)
                    stats["over_1gb"] += rss > GB
                    w["left"] -= 1
                    w["current"] = None
            if w["current"] is not None and now - w["since"] > hang_s:
                stats["hangs"].append(f"{w['current'][0]} seed {w['current'][1]}: no progress in {hang_s:.0f} s")
                print(f"  HANG {stats['hangs'][-1]}", file=sys.stderr, flush=True)
                w["p"].kill()
                w["left"] = 0
            if w["left"] == 0 or (not w["p"].is_alive() and w["q"].empty()):
                if w["p"].is_alive():
                    w["p"].join(5)
                if w["left"] and w["current"] is not None:   # died in a case: a crash is a finding
                    stats["problems"].append(f"{w['current'][0]} seed {w['current'][1]}: worker died")
                w.update(launch())
        if stats["runs"] >= stats.get("next_note", 250):
            stats["next_note"] = stats["runs"] + 250
            rate = stats["runs"] / (time.monotonic() - t_start)
            print(f"  ... {stats['runs']} runs, {rate:.1f}/s, problems {len(stats['problems'])}, "
                  f"hangs {len(stats['hangs'])}", file=sys.stderr, flush=True)
    for w in procs:
        w["p"].kill()
    stats["seconds"] = time.monotonic() - t_start
    return stats


def recorder_pairs(n: int) -> dict:
    from hardening_support import TIMEOUT_S, start_together

    from sessions.library import Library

    ok = 0
    failures = []
    same_second = 0
    t0 = time.monotonic()
    for trial in range(n):
        root = Path(tempfile.mkdtemp(prefix="fuzz-pair-"))
        procs = start_together(2, ["--data-dir", str(root), "record", "--reader", "mock", "-o", "realtime=false",
                                   "--seconds", "1.5", "--athlete", "Twin"], delay_s=12.0)
        rcs = []
        for p in procs:
            try:
                _, err = p.communicate(timeout=TIMEOUT_S)
                rcs.append((p.returncode, err))
            except Exception as exc:   # noqa: BLE001
                p.kill()
                rcs.append((None, repr(exc)))
        found = Library(root).list()
        complete = (all(rc == 0 for rc, _ in rcs) and len(found) == 2 and all(s.samples == 1500 for s in found)
                    and not Library(root).unfinished())
        stems = sorted(s.path.stem for s in found)
        if len(stems) == 2 and stems[1].startswith(stems[0]):   # "<stem>" and "<stem>_2": the same second
            same_second += 1
        if complete:
            ok += 1
        else:
            failures.append(f"trial {trial}: {[rc for rc, _ in rcs]} {len(found)} sessions {[e[-200:] for _, e in rcs]}")
    return {"trials": n, "ok": ok, "same_second": same_second, "failures": failures, "seconds": time.monotonic() - t0}


def dashboards(n: int, keys: int = 150) -> dict:
    import asyncio
    import random

    from conftest import advance, build_app
    from hardening_support import library_session

    keyset = ["r", "s", "w", "c", "l", "o", "t", "escape", "enter", "tab", "up", "down", "left", "right", "pageup",
              "pagedown", "home", "end", "space", "plus", "minus", "ctrl+p", "x", "slash", "backspace", "e"]
    problems = []
    t0 = time.monotonic()

    async def one(seed: int) -> None:
        rng = random.Random(seed)
        data = Path(tempfile.mkdtemp(prefix="fuzz-dash-"))
        library_session(data, athlete=rng.choice(["[/]", "[link=x]y", "\x1b[2J", "王力"]))
        app = build_app(data, seed=seed % 7)
        async with app.run_test(size=(100, 30)) as pilot:
            await advance(pilot, 2.0)
            for i in range(keys):
                if i % 15 == 0:
                    await pilot.resize_terminal(rng.randint(20, 220), rng.randint(6, 70))
                await pilot.press(rng.choice(keyset))
                if i % 10 == 0:
                    await pilot.pause()

    for seed in range(n):
        try:
            asyncio.run(asyncio.wait_for(one(1000 + seed), 120))
        except Exception as exc:   # noqa: BLE001 - every failure is a finding
            problems.append(f"dashboard seed {1000 + seed}: {exc.__class__.__name__}: {str(exc)[:200]}")
    return {"runs": n, "keys": n * keys, "problems": problems, "seconds": time.monotonic() - t0}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10_000, help="CLI command runs (default 10000)")
    ap.add_argument("--pairs", type=int, default=50, help="two-recorder trials (default 50)")
    ap.add_argument("--dashboards", type=int, default=20, help="random-key dashboard runs (default 20)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--hang-s", type=float, default=30.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-minutes", type=float, default=float("inf"),
                    help="stop the CLI cases after this long and report what ran (a busy machine)")
    a = ap.parse_args()
    t0 = time.monotonic()
    print(f"fuzz_long: {a.runs} CLI runs on {a.workers} workers, {a.pairs} recorder pairs, "
          f"{a.dashboards} dashboard runs", flush=True)
    cli = cli_cases(a.runs, a.workers, a.hang_s, a.seed, a.max_minutes * 60) if a.runs else None
    if cli:
        print(f"CLI cases: {cli['runs']} command runs from {cli['inputs']} generated inputs in {cli['seconds']:.0f} s "
              f"({cli['runs'] / max(cli['seconds'], 1e-9):.1f}/s)")
        print("  by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(cli["by_kind"].items())))
        print(f"  tracebacks/failures: {len(cli['problems'])}   hangs over {a.hang_s:.0f} s: {len(cli['hangs'])}   "
              f"runs over 1 GB RSS: {cli['over_1gb']}   peak worker RSS: {cli['peak_rss'] / 2**20:.0f} MB   "
              f"longest command: {cli['longest_s']:.1f} s")
        for p in (cli["problems"] + cli["hangs"])[:30]:
            print("   ", p)
    pairs = recorder_pairs(a.pairs) if a.pairs else None
    if pairs:
        print(f"two recorders, one data dir: {pairs['ok']}/{pairs['trials']} trials with both sessions complete "
              f"({pairs['same_second']} in the same second) in {pairs['seconds']:.0f} s")
        for f in pairs["failures"][:10]:
            print("   ", f)
    dash = dashboards(a.dashboards) if a.dashboards else None
    if dash:
        print(f"dashboard: {dash['runs']} runs, {dash['keys']} random keys with resizes, "
              f"{len(dash['problems'])} failures, in {dash['seconds']:.0f} s")
        for p in dash["problems"][:10]:
            print("   ", p)
    total = (cli["runs"] if cli else 0) + (pairs["trials"] * 2 if pairs else 0) + (dash["runs"] if dash else 0)
    bad = ((len(cli["problems"]) + len(cli["hangs"]) + cli["over_1gb"]) if cli else 0) \
        + (pairs["trials"] - pairs["ok"] if pairs else 0) + (len(dash["problems"]) if dash else 0)
    print(f"total: {total} cases, {bad} bad, {time.monotonic() - t0:.0f} s "
          f"(machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
