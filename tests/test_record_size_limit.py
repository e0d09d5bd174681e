"""A per-file size limit (ulimit -f; FAT32's 4 GiB) refuses the journal while the folder still
takes new files. Before, the samples the journal could not take were held in memory, the rescue
copy was refused by the same limit and they were lost: 30 s recorded, 9 s recovered. Now the rest
is written beside the journal as more journals under the limit, and `sessions recover` saves
every sample (as one session per part, each started at its first sample)."""

from __future__ import annotations

import errno
import resource
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_sessions_support import make_block, meta, plate_info

from sessions import journal as J
from sessions import rescue
from sessions.session_file import read_session


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE as on Linux")
@pytest.mark.parametrize(("limit_kib", "seconds"), [(300, 30), (109, 10)])   # 109: the part header over it
def test_every_sample_is_recovered_under_a_file_size_limit(tmp_path: Path, limit_kib: int, seconds: int) -> None:
    data = tmp_path / "data"
    limit_bytes = limit_kib * 1024

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, resource.RLIM_INFINITY))

    rec = subprocess.run([sys.executable, "-m", "eccentric", "record", "--data-dir", str(data), "--reader", "mock",
                          "--seconds", str(seconds), "-o", "realtime=false", "--athlete", "Ed"],
                         capture_output=True, text=True, timeout=240, preexec_fn=limit)
    assert rec.returncode == 6 and "Traceback" not in rec.stderr
    # a per-file limit is named as such, not as a full disk, with its own way out
    assert "file size limit reached" in rec.stderr and "ulimit -f" in rec.stderr, rec.stderr
    assert "disk full" not in rec.stderr
    parts = sorted((data / "journal").glob("*.journal"))
    assert len(parts) >= 2 and all(p.stat().st_size <= limit_bytes for p in parts)
    rc = subprocess.run([sys.executable, "-m", "eccentric", "sessions", "--data-dir", str(data), "recover"],
                        capture_output=True, text=True, timeout=240)
    assert rc.returncode == 0, rc.stderr
    sessions = [read_session(p) for p in sorted((data / "sessions" / "Ed").glob("*.parquet"))]
    assert len(sessions) == len(parts)
    seq = sorted(int(x) for s in sessions for x in s.block.seq)
    assert seq == list(range(seq[0], seq[0] + seconds * 1000))             # every sample, once
    starts = [s.meta.started_utc for s in sessions]
    assert len(set(starts)) == len(starts)


# journal_parts itself, at many limits: the limit counts the part's own header, which is longer
# than the journal's (target `_part2`, a start with microseconds). Sized from the journal's header,
# about 1 limit in 5 had its first part refused and every sample after the limit was lost.

def _journal(tmp: Path, n: int, micro: int) -> tuple[Path, bytes, np.dtype]:
    info = plate_info()
    block = make_block(np.random.default_rng(n), n, info)
    m = meta(started_at=datetime(2026, 12, 7, 7, 30, 0, micro, tzinfo=UTC))
    head = J.header_bytes(m, info, "counts", "sessions/Ana/x.parquet")
    dtype = J.record_dtype(len(info.channels), "counts")
    path = tmp / f"Ana__x{n}_{micro}.journal"
    path.write_bytes(head)
    J.events_path(path).write_bytes(b'{"type":"set","row":{}}\n')
    return path, J.encode_block(block, dtype, "counts"), dtype


def _under(monkeypatch: pytest.MonkeyPatch, limit: int, folder: Path, refuse: set[int] | None = None) -> None:
    """A per-file size limit in folder as a file system applies it (FAT32's 4 GiB): the write
    stops at the limit, EFBIG; the k-th part written (1-based) in refuse gets ENOSPC (a full disk)."""
    real = rescue._write_synced
    count = {"parts": 0}

    def write(path: Path, data: bytes) -> None:
        if path.name.endswith(J.SUFFIX):
            count["parts"] += 1
            if refuse and count["parts"] in refuse:
                raise OSError(errno.ENOSPC, "No space left on device")
        if path.parent != folder:
            return real(path, data)
        real(path, data[:limit])
        if len(data) > limit:
            raise OSError(errno.EFBIG, "File too large")

    monkeypatch.setattr(rescue, "_write_synced", write)
    monkeypatch.setattr(resource, "getrlimit", lambda _r: (limit, resource.RLIM_INFINITY))


def _recorded(journal: Path, records: bytes, limit: int) -> tuple[int, bytes]:
    """The journal as the recorder leaves it under the limit: bytes of records written, backlog."""
    head_len = journal.stat().st_size
    took = max(0, min(len(records), limit - head_len))
    with open(journal, "ab") as fh:
        fh.write(records[:took])
    return took, records[took:]


def _seqs(paths: list[Path]) -> list[int]:
    return sorted(int(s) for p in paths for s in J.read_journal(p).block.seq)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(2, 300), spare=st.integers(0, 5), cut=st.integers(0, 299), micro=st.sampled_from([0, 250000]),
       records_over=st.integers(0, 60))
def test_journal_parts_recover_every_sample_once_at_any_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, n: int,
                                                             spare: int, cut: int, micro: int,
                                                             records_over: int) -> None:
    with monkeypatch.context() as mp:
        d = tmp_path / f"{n}_{spare}_{cut}_{micro}_{records_over}"
        d.mkdir()
        journal, records, dtype = _journal(d, n, micro)
        size = dtype.itemsize
        journal_head = journal.stat().st_size
        # a part's header is a little longer than the journal's: limits just around it (fewer than
        # 6 spare bytes over a whole record count), and anywhere a record may be cut
        part_head = len(J.read_header(journal)[0]["target"]) + 6 + journal.stat().st_size
        limit = part_head + records_over * size + spare if cut % 2 else journal.stat().st_size + cut * size // 7 + spare
        _under(mp, limit, d)
        data_bytes, backlog = _recorded(journal, records, limit)
        if not backlog:
            return
        parts, lost = rescue.journal_parts(journal, data_bytes, dtype, backlog, b"", [d / "rescue"])
        assert lost == 0
        if not parts:      # not even one record fits beside a part's header (its target `_part2`,
            # a start with microseconds): rescue_journal's job
            assert limit < journal_head + len("_part2") + len(".000001") + size
            return
        assert all(p.stat().st_size <= limit for p in parts) and all(p.parent == d for p in parts)
        assert _seqs([journal, *parts]) == list(range(n))               # every sample, once
        starts = [J.read_journal(p).meta.started_utc for p in [journal, *parts]]
        assert starts == sorted(set(starts))


def test_a_refused_later_part_keeps_the_parts_written_and_rescues_the_rest(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    journal, records, dtype = _journal(tmp_path, 3000, 0)
    limit = journal.stat().st_size + 700 * dtype.itemsize + 100
    _under(monkeypatch, limit, tmp_path, refuse={2})
    data_bytes, backlog = _recorded(journal, records, limit)
    rescue_dir = tmp_path / "rescue"
    parts, lost = rescue.journal_parts(journal, data_bytes, dtype, backlog, b"", [rescue_dir])
    assert lost == 0 and len(parts) == 2
    assert parts[0].parent == tmp_path and parts[1].parent == rescue_dir     # the rest, whole, elsewhere
    monkeypatch.undo()
    assert _seqs([journal, *parts]) == list(range(3000))


def test_a_file_size_limit_is_no_full_disk() -> None:
    from forceplate.errors import ExitCode
    from sessions.oserrors import os_error

    err = os_error(OSError(errno.EFBIG, "File too large"), "/data/journal/x.journal")
    assert str(err).startswith("file size limit reached: cannot write") and "disk full" not in str(err)
    assert err.exit_code == ExitCode.DISK
    assert str(os_error(OSError(errno.ENOSPC, "No space"), "/data/x")).startswith("disk full")


@pytest.mark.skipif(sys.platform != "linux", reason="/proc/self/fd names the journal")
def test_parts_are_written_while_recording_so_a_kill_loses_at_most_one(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, the parts were written only at stop(): a process killed after the journal hit
    the limit lost every sample since. Now each part's worth goes to disk as it fills."""
    import time

    from sessions import journal_writer as JW
    from sessions.library import Library
    from sessions.recorder import Recorder

    limit = 6000
    _journal_stops_at(monkeypatch, limit)
    monkeypatch.setattr(JW, "RETRY_INTERVAL_S", 0.01)
    info = plate_info()
    rec = Recorder(tmp_path, info, meta()).start()
    n, per_block = 0, 250
    for k in range(20):
        rec.append(make_block(np.random.default_rng(k), per_block, info, start_seq=n))
        n += per_block
        time.sleep(0.03)
    time.sleep(0.3)
    rec._stopped = True   # killed: stop() never runs
    rec._queue.put(JW.STOP)
    rec._thread.join()
    rec._close()
    monkeypatch.undo()
    lib = Library(tmp_path)
    journals = lib.unfinished()
    assert len(journals) > 2 and all(p.stat().st_size <= limit for p in journals)
    seq = sorted(int(x) for p in journals for x in read_session(lib.recover(p)).block.seq)
    per_part = limit // J.record_dtype(len(info.channels), "counts").itemsize
    assert seq == list(range(len(seq))) and len(seq) >= n - per_part


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE as on Linux")
def test_a_limit_below_the_header_says_nothing_was_kept_and_leaves_no_fragment(tmp_path: Path) -> None:
    """`ulimit -f 1`: not even the journal's header fits, in any folder. Before, the message said
    the journal was kept for `sessions recover`, which then failed on it at every start."""
    data = tmp_path / "data"

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    rec = subprocess.run([sys.executable, "-m", "eccentric", "record", "--data-dir", str(data), "--reader", "mock",
                          "--seconds", "3", "-o", "realtime=false", "--athlete", "Ed"],
                         capture_output=True, text=True, timeout=240, preexec_fn=limit)
    assert rec.returncode == 6 and "Traceback" not in rec.stderr
    err = [ln for ln in rec.stderr.splitlines() if ln.startswith("eccentric: error:")]
    assert len(err) == 1 and "nothing could be saved" in err[0] and "samples lost" in err[0], rec.stderr
    assert "sessions recover" not in err[0]
    assert not list((data / "journal").glob("*.journal"))


def test_the_rescue_folder_is_the_data_folder_then_home_and_the_temp_folder_last(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    from sessions import recorder

    monkeypatch.undo()   # the suite's own rescue folder (conftest)
    dirs = recorder.default_rescue_dirs(tmp_path)
    assert dirs[0] == tmp_path / "rescue" and dirs[-1].parent == Path(tempfile.gettempdir())
    assert dirs[1].parent == Path.home()


def test_a_journal_rescued_into_the_data_folder_is_offered_for_recovery(tmp_path: Path) -> None:
    """A journal its folder refused, kept in <data>/rescue/, is found by a plain `sessions
    recover` and the dashboard's prompt at the next start, like one a crash left."""
    from sessions import journal_writer as JW
    from sessions.library import Library
    from sessions.recorder import Recorder

    info = plate_info()
    block = make_block(np.random.default_rng(4), 800, info)
    rec = Recorder(tmp_path, info, meta()).start()
    rec.append(block)
    rec._stopped = True
    rec._queue.put(JW.STOP)
    rec._thread.join()
    rec._close()
    kept = tmp_path / "rescue" / rec.journal_path.name
    kept.parent.mkdir()
    rec.journal_path.rename(kept)
    J.events_path(rec.journal_path).rename(J.events_path(kept))
    lib = Library(tmp_path)
    assert lib.unfinished() == [kept]
    assert np.array_equal(read_session(lib.recover(kept)).block.seq, block.seq) and lib.unfinished() == []


@pytest.mark.skipif(sys.platform != "linux", reason="/proc/self/fd names the journal")
@pytest.mark.parametrize("no_part", [False, True])
def test_a_refused_final_part_after_parts_took_the_cut_record_shifts_no_record(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch,
                                                                              no_part: bool) -> None:
    """Parts written while recording took the journal's cut last record whole; the final part is
    refused (ENOSPC). Before, the rest was appended to a copy of the journal, which ends in that
    half record: every record after the join read shifted (garbage seq and force). Now the rest is
    a part of its own, and a copy of the journal (no_part: journal_parts wrote nothing at all)
    leaves the half record out."""
    import time

    from sessions import journal_writer as JW
    from sessions.library import Library
    from sessions.recorder import Recorder

    limit = 20003
    real_synced = rescue._write_synced
    journal_dir = tmp_path / "journal"

    def full(path: Path, data: bytes) -> None:   # the journal's disk is full by the time of stop()
        if path.parent == journal_dir:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_synced(path, data)

    _journal_stops_at(monkeypatch, limit)
    monkeypatch.setattr(JW, "RETRY_INTERVAL_S", 0.01)
    info = plate_info()
    rec = Recorder(tmp_path, info, meta(), rescue_dirs=[tmp_path / "rescue"]).start()
    blocks = [make_block(np.random.default_rng(k), 250, info, start_seq=250 * k) for k in range(12)]
    for b in blocks:
        rec.append(b)
        time.sleep(0.03)
    time.sleep(0.3)
    size = J.record_dtype(len(info.channels), "counts").itemsize
    assert rec.cut_carried and rec._data_bytes % size and rec.parts   # the case: parts took the cut record
    monkeypatch.setattr(rescue, "_write_synced", full)
    if no_part:
        from sessions import recorder

        monkeypatch.setattr(recorder, "journal_parts", lambda *_a, **_k: ([], 0))
    rec.stop()
    monkeypatch.undo()
    lib = Library(tmp_path)
    got = [read_session(lib.recover(p)).block for p in lib.unfinished()]
    seq = np.concatenate([b.seq for b in got])
    force = np.concatenate([b.values for b in got])
    order = np.argsort(seq, kind="stable")
    want = np.concatenate([b.values for b in blocks])
    assert np.array_equal(seq[order], np.arange(3000))                  # every sample, once, none shifted
    assert np.allclose(force[order], want)


def _journal_stops_at(monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    """A file size limit of `limit` bytes on the journal alone, as the kernel applies it (EFBIG
    once full, a short write at the edge); getrlimit reports it."""
    import os

    real_write = os.write

    def write(fd: int, buf: bytes) -> int:
        if not os.readlink(f"/proc/self/fd/{fd}").endswith(J.SUFFIX):
            return real_write(fd, buf)
        room = limit - os.fstat(fd).st_size
        if room <= 0:
            raise OSError(errno.EFBIG, "File too large")
        return real_write(fd, bytes(buf[:room]))

    monkeypatch.setattr(resource, "getrlimit", lambda _r: (limit, resource.RLIM_INFINITY))
    monkeypatch.setattr(os, "write", write)
