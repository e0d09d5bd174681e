"""Rescue journals: none left holding no sample, and the error names one that holds samples."""

from __future__ import annotations

import errno
import os
import time

import numpy as np
import pytest
from hardening_support import assert_one_line_error
from test_sessions_support import blocks_equal, make_block, meta, plate_info

from eccentric.cli import main
from forceplate.errors import DeviceError, DiskError
from forceplate.simulator.mock_reader import MockReader
from sessions import journal as J
from sessions import recorder as R
from sessions.library import Library
from sessions.session_file import read_session

MOCK = ["--reader", "mock", "-o", "realtime=false"]


def _refuse_new_files(monkeypatch: pytest.MonkeyPatch, root) -> None:
    """The data folder refuses to create files, as a read-only one does (the tests run as any
    user, root too: chmod would not refuse root)."""
    real = os.open

    def refuse(path, flags, *a, **k):
        if flags & os.O_CREAT and str(path).startswith(str(root)):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real(path, flags, *a, **k)

    monkeypatch.setattr(os, "open", refuse)


def _journals(folder) -> list:
    return sorted(folder.glob(f"*{J.SUFFIX}")) if folder.is_dir() else []


def test_a_read_only_data_dir_leaves_no_empty_rescue_journal(tmp_path, capsys, monkeypatch):
    """`eccentric record` on a read-only data folder failed at once but left a journal of a
    header alone (0 samples) in ~/eccentric-rescue, which the error did not mention."""
    data, rescue = tmp_path / "data", tmp_path / "rescue"
    monkeypatch.setattr(R, "default_rescue_dirs", lambda *_: [rescue])
    _refuse_new_files(monkeypatch, data)
    rc = main(["--data-dir", str(data), "record", *MOCK, "--seconds", "0.5"])
    err = capsys.readouterr().err
    assert_one_line_error(err, rc, 6)
    assert "read-only" in err and "nothing could be saved" in err and "kept" not in err
    assert _journals(rescue) == [] and not list(rescue.glob("*.events.jsonl"))


def test_a_recorder_stopped_before_any_sample_keeps_no_journal_anywhere(tmp_path, monkeypatch):
    data, rescue = tmp_path / "data", tmp_path / "rescue"
    _refuse_new_files(monkeypatch, data)
    rec = R.Recorder(data, plate_info(2), meta(), rescue_dirs=[rescue]).start()
    out = rec.stop()
    assert isinstance(rec.error, DiskError) and rec.rescued is None and not rec.journal_kept
    assert not out.exists() and _journals(rescue) == []


def test_a_recorder_refused_from_the_start_still_rescues_every_sample(tmp_path, monkeypatch):
    """The other side: a rescue journal that holds samples is never dropped."""
    info = plate_info(2)
    block = make_block(np.random.default_rng(5), 1500, info)
    data, rescue = tmp_path / "data", tmp_path / "rescue"
    _refuse_new_files(monkeypatch, data)
    rec = R.Recorder(data, info, meta(), rescue_dirs=[rescue]).start()
    rec.append(block)
    out = rec.stop()
    assert rec.rescued == out and _journals(rescue) == [out]
    assert blocks_equal(J.read_journal(out).block, block)


def test_a_plate_failing_on_a_full_disk_names_the_rescued_journal(tmp_path, capsys, monkeypatch):
    """The plate fails mid-recording while the disk is full: the samples go to a rescue folder,
    and the one-line error says where and how to save them (it gave the plate's error alone)."""
    data, rescue = tmp_path / "data", tmp_path / "rescue"
    monkeypatch.setattr(R, "default_rescue_dirs", lambda *_: [rescue])
    real_write, real_read = os.write, MockReader.read
    calls = {"n": 0}

    def write(fd, buf):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            target = ""
        if target.startswith(str(data)) and calls["n"] > 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, buf)

    def read(self, timeout_s=0.1):
        calls["n"] += 1
        if calls["n"] > 40:
            raise DeviceError("plate unplugged")
        if calls["n"] == 4:
            time.sleep(0.3)   # the writer catches up: some samples are on disk, the rest held
        return real_read(self, timeout_s)

    monkeypatch.setattr(os, "write", write)
    monkeypatch.setattr(MockReader, "read", read)
    rc = main(["--data-dir", str(data), "record", *MOCK])
    err = capsys.readouterr().err
    assert_one_line_error(err, rc, DeviceError.exit_code)
    [kept] = _journals(rescue)
    line = err.strip().splitlines()[-1]
    assert "plate unplugged" in line and "disk full" in line
    assert str(kept) in line and "sessions recover" in line
    monkeypatch.setattr(os, "write", real_write)
    assert len(read_session(Library(data).recover(kept)).block) > 0
