"""Recorder: journal while recording, Parquet on stop, survive kill -9 and a full disk."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from test_sessions_support import (
    blocks_equal,
    decoded_block,
    make_block,
    meta,
    plate_info,
    split,
)

from forceplate.analysis.events import (
    Calibrated,
    PhaseMetrics,
    Rep,
    RepCompleted,
    SetEnded,
    SetSummary,
    Weighing,
)
from forceplate.errors import DiskError, EccentricError
from forceplate.samples import SampleBlock
from sessions import journal_writer as JW
from sessions import recorder as R
from sessions.library import Library
from sessions.session_file import read_session

ROOT = Path(__file__).resolve().parents[1]


def _rep(i: int) -> Rep:
    ph = PhaseMetrics(start_s=i, end_s=i + 3.0, duration_s=3.0, mean_force_n=1500.0 + i, peak_force_n=1800.0,
                      mean_load_n=600.0, impulse_n_s=12.0, peak_rfd_n_per_s=5000.0)
    return Rep(rep=i, set=1, rep_in_set=i, eccentric=ph, concentric=ph, bottom_s=i + 3.0, pause_bottom_s=0.2,
               ecc_con_load_ratio=1.02, time_under_tension_s=4.2, phase_source="force_integral", confidence=0.8,
               verdict_codes=("on_target", "slow"))


@pytest.fixture
def live_rows_only(monkeypatch):
    """The stored analysis cannot run: the recorder keeps the live analysis' rows."""
    import sessions.recovery as REC

    monkeypatch.setattr(REC, "try_analyse_session", lambda info, block, meta: (None, ""))


def test_stored_reps_are_one_analysis_of_the_saved_samples(tmp_path):
    """Whatever the live analysis said, the session stores the analysis of its samples,
    with the settings fixed when the recording started and the analyser's version."""
    from forceplate.analysis import analyse
    from forceplate.analysis.version import ANALYSIS_VERSION
    from forceplate.simulator import Scenario, simulate
    from sessions.analysis import config_for

    rec0 = simulate(Scenario.for_method("slow_negatives", seed=3, reps_per_set=3))
    info, block = rec0.info, rec0.block()
    m = meta(load_kg=None)
    rec = R.Recorder(tmp_path, info, m).start()
    assert m.analysis["method"] == "slow_negatives"   # fixed before the first sample
    for b in split(block, 250):
        rec.append(b)
    rec.add_events([RepCompleted(t_s=4.0, rep=_rep(1))])   # a stray live rep is not the truth
    s = read_session(rec.stop())
    want = analyse(info, block, config_for(meta(load_kg=None)))
    assert len(want.reps) == 3
    assert s.reps["ecc_start_s"].to_list() == [r.eccentric.start_s for r in want.reps]
    assert s.reps["analysis_version"].to_list() == [ANALYSIS_VERSION] * 3
    assert s.sets["analysis_version"].to_list() == [ANALYSIS_VERSION]
    assert s.meta.analysis_version == ANALYSIS_VERSION
    assert s.meta.body_mass_kg == pytest.approx(want.body_mass_kg)


@pytest.mark.parametrize(("seed", "block_size"), [(0, 4), (1, 97), (2, 2000)])
def test_recording_round_trips_and_removes_the_journal(tmp_path, seed, block_size, live_rows_only):
    info, block = decoded_block(np.random.default_rng(seed), 3000)
    rec = R.Recorder(tmp_path, info, meta()).start()
    for b in split(block, block_size):
        rec.append(b)
    rec.add_events([RepCompleted(t_s=4.0, rep=_rep(1)), RepCompleted(t_s=8.0, rep=_rep(2)),
                    Calibrated(t_s=1.0, weighing=Weighing("body", 0, 1, 785.0, 1.1, 80.05)),
                    SetEnded(t_s=9.0, summary=SetSummary(1, 0.0, 9.0, 2, 8.4, 3.0, 1.02, 1.1))])
    rec.meta.notes = "felt strong"   # changed after start: still saved
    path = rec.stop()
    assert rec.error is None and path == rec.path and path.exists()
    assert not list((tmp_path / "journal").iterdir())
    s = read_session(path)
    assert blocks_equal(s.block, block)
    assert rec.samples_written == len(block)
    assert s.reps["ecc_mean_force_n"].to_list() == [1501.0, 1502.0]
    assert s.reps["verdict_codes"].to_list() == ["on_target,slow"] * 2
    assert s.sets.height == 1 and s.sets["method"][0] == "slow_negatives"
    assert s.meta.body_mass_kg == pytest.approx(80.05) and s.meta.reader == "hid"
    assert s.meta.notes == "felt strong"
    assert Library(tmp_path).list()[0].reps == 2


def test_append_is_cheap_and_never_touches_the_disk(tmp_path, monkeypatch):
    info = plate_info(4)
    blocks = split(make_block(np.random.default_rng(4), 20_000, info), 20)
    rec = R.Recorder(tmp_path, info, meta()).start()
    calls = []
    real_write = os.write

    def spy(fd, data):
        calls.append(__import__("threading").current_thread().name)
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", spy)
    t0 = time.perf_counter()
    for b in blocks:
        rec.append(b)
    per_block = (time.perf_counter() - t0) / len(blocks)
    rec.stop()
    assert calls and set(calls) == {"eccentric-recorder"}
    assert per_block < 0.01   # generous: it only queues


def test_empty_recording_still_saves(tmp_path):
    rec = R.Recorder(tmp_path, plate_info(2), meta()).start()
    s = read_session(rec.stop())
    assert len(s.block) == 0 and s.reps.height == 0


def test_disk_full_sets_error_keeps_samples_and_recovers(tmp_path, monkeypatch):
    info = plate_info(4)
    block = make_block(np.random.default_rng(6), 6_000, info)
    parts = split(block, 200)
    rec = R.Recorder(tmp_path, info, meta()).start()
    real_write = os.write
    full = {"on": False}

    def write(fd, data):
        if full["on"]:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    monkeypatch.setattr(JW, "RETRY_INTERVAL_S", 0.05)
    for b in parts[:10]:
        rec.append(b)
    _wait(lambda: rec.samples_written == 2000)
    full["on"] = True
    for b in parts[10:20]:
        rec.append(b)   # must not raise
    _wait(lambda: rec.error is not None)
    assert isinstance(rec.error, DiskError) and "disk full" in str(rec.error)
    assert rec.samples_written == 2000
    full["on"] = False   # space comes back: the backlog goes out, the error clears
    for b in parts[20:]:
        rec.append(b)
    _wait(lambda: rec.samples_written == len(block))
    path = rec.stop()
    assert rec.error is None
    assert blocks_equal(read_session(path).block, block)


def test_disk_full_backlog_is_bounded_and_keeps_the_newest(tmp_path, monkeypatch):
    info = plate_info(2)
    block = make_block(np.random.default_rng(8), 10_000, info)
    itemsize = 17 + 2 * 4
    rec = R.Recorder(tmp_path, info, meta(), max_backlog_bytes=3000 * itemsize).start()
    real_write = os.write
    state = {"full": True}

    def write(fd, data):
        if state["full"] and fd == rec._fd:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    for b in split(block, 500):
        rec.append(b)
    _wait(lambda: rec.samples_dropped >= 7000 and rec.error is not None)
    assert rec.samples_written == 0 and isinstance(rec.error, DiskError)
    state["full"] = False
    path = rec.stop()
    s = read_session(path)
    assert len(s.block) == 10_000 - rec.samples_dropped
    assert np.array_equal(s.block.seq, block.seq[-len(s.block):])   # the newest survived, in order


def test_stop_on_a_dead_disk_keeps_the_journal_and_reports(tmp_path, monkeypatch):
    info = plate_info(2)
    rec = R.Recorder(tmp_path, info, meta()).start()
    rec.append(make_block(np.random.default_rng(1), 1000, info))
    _wait(lambda: rec.samples_written == 1000)

    def no_space(*a, **k):
        raise DiskError("cannot write: No space left on device")

    monkeypatch.setattr("sessions.recovery.save_session", no_space)
    out = rec.stop()
    assert isinstance(rec.error, DiskError) and out == rec.journal_path and out.exists()
    assert Library(tmp_path).unfinished() == [out]


def test_disk_full_until_the_end_rescues_every_sample_elsewhere(tmp_path, monkeypatch):
    """The data folder fills mid-set and stays full: the samples the disk refused were held in
    memory and lost when the process ended (a 20-s set kept 8 s). stop() now writes the whole
    journal to a rescue folder on another disk, and `sessions recover RESCUED` saves it all."""
    info = plate_info(4)
    block = make_block(np.random.default_rng(11), 6_000, info)
    data, rescue = tmp_path / "data", tmp_path / "rescue"
    rec = R.Recorder(data, info, meta(), rescue_dirs=[rescue]).start()
    real_write = os.write
    full = {"on": False}

    def write(fd, buf):
        if full["on"] and fd in (rec._fd, rec._events_fd):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, buf)

    monkeypatch.setattr(os, "write", write)
    monkeypatch.setattr(JW, "RETRY_INTERVAL_S", 0.05)
    parts = split(block, 200)
    for b in parts[:10]:
        rec.append(b)
    _wait(lambda: rec.samples_written == 2000)
    full["on"] = True
    for b in parts[10:]:
        rec.append(b)
    _wait(lambda: rec.error is not None)
    out = rec.stop()
    assert isinstance(rec.error, DiskError)
    assert rec.rescued is not None and out == rec.rescued and rec.rescued.parent == rescue
    assert not Library(data).unfinished()     # one copy to recover, not a partial one as well
    monkeypatch.setattr(os, "write", real_write)
    s = read_session(Library(data).recover(rec.rescued))
    assert blocks_equal(s.block, block)


def test_append_before_start_is_an_error(tmp_path):
    rec = R.Recorder(tmp_path, plate_info(1), meta())
    with pytest.raises(EccentricError):
        rec.append(SampleBlock.empty(1))


def _wait(cond, timeout=10.0):
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise AssertionError("timed out")
        time.sleep(0.01)


CHILD = textwrap.dedent("""
    import sys, time
    import numpy as np
    sys.path.insert(0, {tests!r})
    from test_sessions_support import make_block, meta, plate_info, split
    from sessions.recorder import Recorder
    info = plate_info(4, {rate})
    block = make_block(np.random.default_rng({seed}), int({rate} * 60), info)
    rec = Recorder({data!r}, info, meta()).start()
    print(rec.journal_path, flush=True)
    t0 = time.monotonic()
    for b in split(block, {chunk}):   # paced like a live plate
        while time.monotonic() - t0 < b.time_s[-1]:
            time.sleep(0.002)
        rec.append(b)
        print(int(b.seq[-1]), flush=True)
    time.sleep(60)
""")


@pytest.mark.parametrize(("seed", "rate", "chunk", "run_s"), [(0, 1000, 20, 2.3), (1, 2000, 64, 3.1)])
def test_kill_9_loses_at_most_one_second(tmp_path, seed, rate, chunk, run_s):
    data = tmp_path / "lib"
    code = CHILD.format(tests=str(ROOT / "tests"), rate=rate, seed=seed, data=str(data), chunk=chunk)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout is not None
    journal = Path(proc.stdout.readline().strip())
    lib = Library(data)
    t0 = time.monotonic()
    last = -1
    while time.monotonic() - t0 < run_s:
        line = proc.stdout.readline()
        if line.strip().isdigit():
            last = int(line)
    assert lib.unfinished() == []    # a live recording is not "unfinished"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    for line in proc.stdout.read().split():
        if line.isdigit():
            last = max(last, int(line))   # appended just before the kill
    assert last > rate                   # it really was recording
    assert lib.unfinished() == [journal]
    path = lib.recover(journal)
    assert not journal.exists() and lib.unfinished() == []
    s = read_session(path)
    info = plate_info(4, rate)
    truth = make_block(np.random.default_rng(seed), int(rate * 60), info)
    n = len(s.block)
    assert last - (n - 1) <= rate        # at most one second of samples lost
    assert blocks_equal(s.block, split(truth, n)[0])   # and what is there is exact


def test_a_block_without_counts_in_a_counts_recording_keeps_its_values(tmp_path):
    info = plate_info(3, offset=-4.0)
    block = make_block(np.random.default_rng(12), 2000, info)
    a, b = split(block, 1000)
    rec = R.Recorder(tmp_path, info, meta()).start()
    rec.append(a)
    rec.append(SampleBlock(b.time_s, b.values, b.seq, b.flags, None))
    assert blocks_equal(read_session(rec.stop()).block, block)


def test_journal_that_cannot_be_created_yet_loses_nothing(tmp_path, monkeypatch, live_rows_only):
    info = plate_info(2)
    block = make_block(np.random.default_rng(13), 3000, info)
    real_open = os.open
    state = {"broken": True}

    def flaky_open(path, *a, **k):
        if state["broken"] and str(path).startswith(str(tmp_path)):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, *a, **k)

    monkeypatch.setattr(os, "open", flaky_open)
    monkeypatch.setattr(JW, "RETRY_INTERVAL_S", 0.05)
    rec = R.Recorder(tmp_path, info, meta()).start()   # no exception into the caller
    for b in split(block, 300):
        rec.append(b)
    rec.add_events([RepCompleted(t_s=1.0, rep=_rep(1))])
    _wait(lambda: rec.error is not None)
    assert isinstance(rec.error, DiskError) and rec.samples_written == 0
    state["broken"] = False
    _wait(lambda: rec.samples_written == len(block) and rec.error is None)
    s = read_session(rec.stop())
    assert blocks_equal(s.block, block) and s.reps.height == 1


def test_two_recorders_started_together_get_their_own_files(tmp_path):
    info = plate_info(1)
    m = meta()
    recs = [R.Recorder(tmp_path, info, meta(started_at=m.started_at)).start() for _ in range(3)]
    blocks = [make_block(np.random.default_rng(20 + k), 700, info) for k in range(3)]
    for rec, b in zip(recs, blocks, strict=True):
        rec.append(b)
    paths = [rec.stop() for rec in recs]
    assert len(set(paths)) == 3 and all(r.error is None for r in recs)
    for p, b in zip(paths, blocks, strict=True):
        assert blocks_equal(read_session(p).block, b)


def _crash(rec: R.Recorder) -> None:
    """The process dies: the writer drains what it has, stop() never runs."""
    rec._stopped = True
    rec._queue.put(JW.STOP)
    assert rec._thread is not None
    rec._thread.join()
    rec._close()


def test_a_recording_renamed_then_killed_is_recovered_under_the_new_name(tmp_path, live_rows_only, capsys):
    """Changing the athlete mid-recording files the session under the new name, after a
    crash as after a stop (issue 12): the rename is in the journal at once."""
    info, block = decoded_block(np.random.default_rng(12), 4000)
    first, *rest = split(block, 1500)
    rec = R.Recorder(tmp_path, info, meta(athlete="Ana")).start()
    rec.append(first)
    rec.retitle(meta(athlete="Bo Renamed", exercise="bench", method="normal", load_kg=None,
                     targets={"ecc_target_s": 4.0}))
    for b in rest:
        rec.append(b)
    _crash(rec)
    lib = Library(tmp_path)
    [journal] = lib.unfinished()
    from eccentric.cli import main

    assert main(["--data-dir", str(tmp_path), "sessions", "recover", "--list"]) == 0
    listed = capsys.readouterr().out
    assert journal.name in listed and f"(saved as {rec.paths.athlete_dir}/{rec.paths.stem})" in listed
    path = lib.recover(journal)
    assert path is not None and path == rec.path and "Bo" in path.parent.name
    s = read_session(path)
    assert (s.meta.athlete, s.meta.exercise, s.meta.method) == ("Bo Renamed", "bench", "normal")
    assert s.meta.load_kg is None and s.meta.targets == {"ecc_target_s": 4.0}
    assert blocks_equal(s.block, block)          # nothing recorded before the rename is lost
    assert not list((tmp_path / "sessions").glob("Ana*"))


def test_changing_only_the_load_mid_recording_keeps_the_sessions_name(tmp_path):
    """Same athlete, exercise and method: the name claimed at the start stays (no "_2"), and
    going back to the first athlete after a rename finds it again."""
    info, block = decoded_block(np.random.default_rng(13), 1000)
    rec = R.Recorder(tmp_path, info, meta()).start()
    rec.append(block)
    _wait(lambda: rec.claimed)
    first = rec.path
    rec.retitle(meta(load_kg=80.0, targets={"ecc_target_s": 5.0}))
    assert rec.path == first
    rec.retitle(meta(athlete="Bo"))
    assert rec.path != first and "Bo" in rec.path.parent.name
    rec.retitle(meta(load_kg=90.0))
    assert rec.path == first
    path = rec.stop()
    assert path == first and read_session(path).meta.load_kg == 90.0
    assert [p.name for p in (tmp_path / "sessions").rglob("*.parquet")] == [first.name]
