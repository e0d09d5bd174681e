"""A journal whose header line is damaged: read through the events journal's copy of it, or
(an old journal without the copy) moved once to <data>/damaged/ with one line saying where."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_sessions_support import blocks_equal, make_block, meta, plate_info

from sessions import journal as J
from sessions import journal_writer as JW
from sessions.library import JournalQuarantined, Library
from sessions.recorder import Recorder
from sessions.session_file import read_session

T0 = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


def _crashed(root, n=1200):
    """A recording killed after its journal was written (stop() never ran)."""
    info = plate_info(3)
    block = make_block(np.random.default_rng(3), n, info)
    rec = Recorder(root, info, meta(started_at=T0)).start()
    rec.append(block)
    rec._stopped = True
    rec._queue.put(JW.STOP)
    rec._thread.join()
    rec._close()
    return rec.journal_path, block


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_header_is_read_from_its_copy(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("d")
    jp, block = _crashed(root)
    buf = bytearray(jp.read_bytes())
    head_len = buf.index(b"\n") + 1
    i = data.draw(st.integers(0, head_len - 1))
    n = data.draw(st.integers(1, head_len - i))
    buf[i:i + n] = data.draw(st.binary(min_size=n, max_size=n))
    jp.write_bytes(bytes(buf))
    assert blocks_equal(J.read_journal(jp).block, block)
    path = Library(root).recover(jp)
    assert blocks_equal(read_session(path).block, block) and not jp.exists()


def test_old_journal_without_copy_is_moved_once_and_said_where(tmp_path):
    jp, _ = _crashed(tmp_path)
    ev = J.events_path(jp)
    ev.write_bytes(b"".join(ln + b"\n" for ln in ev.read_bytes().split(b"\n") if ln and b'"header"' not in ln))
    jp.write_bytes(b"\0" * 50 + jp.read_bytes()[50:])
    lib = Library(tmp_path)
    with pytest.raises(JournalQuarantined) as err:
        lib.recover(jp)
    moved = tmp_path / "damaged" / jp.name
    assert "\n" not in str(err.value) and str(moved) in str(err.value)
    assert moved.exists() and J.events_path(moved).exists() and lib.unfinished() == []


def test_a_file_named_elsewhere_is_never_moved(tmp_path):
    p = tmp_path / "mine.journal"
    p.write_bytes(b"not a journal at all\n")
    with pytest.raises(Exception) as err:
        Library(tmp_path / "data").recover(p)
    assert not isinstance(err.value, JournalQuarantined) and p.exists()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_records_of_zero_bytes_are_left_out_and_said(tmp_path_factory, data):
    """A power loss after the file grew leaves blocks of zeros: never samples of force 0 at seq 0
    (they read as flights, jumps that never happened)."""
    root = tmp_path_factory.mktemp("z")
    jp, block = _crashed(root, 600)
    buf = bytearray(jp.read_bytes())
    head_len = buf.index(b"\n") + 1
    size = J.record_dtype(3, "counts").itemsize
    a = data.draw(st.integers(0, len(block) - 1))
    b = data.draw(st.integers(a + 1 + (a == 0), len(block)))   # one zero first record is a sample
    buf[head_len + a * size: head_len + b * size] = bytes((b - a) * size)
    jp.write_bytes(bytes(buf))
    jr = J.read_journal(jp)
    keep = np.r_[0:a, b:len(block)]
    assert jr.zeroed_records == b - a and np.array_equal(jr.block.seq, block.seq[keep])
    assert np.array_equal(jr.block.counts, block.counts[keep])
    path = Library(root).recover(jp)
    assert f"left out {b - a} journal records" in read_session(path).meta.notes


def test_a_first_sample_of_zeros_is_a_sample(tmp_path):
    jp, block = _crashed(tmp_path, 50)
    buf = bytearray(jp.read_bytes())
    head_len = buf.index(b"\n") + 1
    size = J.record_dtype(3, "counts").itemsize
    buf[head_len:head_len + size] = bytes(size)    # seq 0, time 0, counts 0: a real first sample
    jp.write_bytes(bytes(buf))
    jr = J.read_journal(jp)
    assert len(jr.block) == 50 and jr.zeroed_records == 0


def test_the_next_recording_says_a_crashed_one_waits(tmp_path, capsys):
    from eccentric.cli import main

    _crashed(tmp_path)
    assert main(["record", "--data-dir", str(tmp_path), "--reader", "mock", "-o", "realtime=false",
                 "--seconds", "1"]) == 0
    err = capsys.readouterr().err
    assert "1 earlier recording(s) did not stop" in err and "sessions recover" in err
    assert main(["record", "--data-dir", str(tmp_path / "other"), "--reader", "mock", "-o", "realtime=false",
                 "--seconds", "1"]) == 0
    assert "did not stop" not in capsys.readouterr().err


@pytest.mark.parametrize("cut", [0, 1, 100])
def test_a_journal_cut_inside_its_header_reads_as_no_samples_through_the_copy(tmp_path, cut):
    jp, _ = _crashed(tmp_path)
    jp.write_bytes(jp.read_bytes()[:cut])
    assert len(J.read_journal(jp).block) == 0
    Library(tmp_path).recover(jp)   # an empty session or nothing, never a traceback
    assert Library(tmp_path).unfinished() == []


def _newer(jp):
    """The journal (and its header's copy) as a newer eccentric would write it."""
    for p in (jp, J.events_path(jp)):
        p.write_bytes(p.read_bytes().replace(b'"version":%d' % J.JOURNAL_VERSION,
                                             b'"version":%d' % (J.JOURNAL_VERSION + 1)))


def test_a_journal_of_a_newer_eccentric_is_left_where_it_is(tmp_path):
    """Not damaged: a newer eccentric recovers it. Before, it was moved to damaged/."""
    jp, _ = _crashed(tmp_path)
    _newer(jp)
    with pytest.raises(Exception) as err:
        Library(tmp_path).recover(jp)
    assert not isinstance(err.value, JournalQuarantined) and "not supported" in str(err.value)
    assert "\n" not in str(err.value) and jp.exists() and J.events_path(jp).exists()
    assert not (tmp_path / "damaged").exists() and Library(tmp_path).unfinished() == [jp]


@pytest.mark.parametrize("damaged", [False, True])
def test_a_journal_that_cannot_be_read_now_is_left_where_it_is(tmp_path, monkeypatch, damaged):
    """An I/O error (EIO, a permission) says so and leaves the journal: it may read tomorrow.
    damaged: the header is damaged but its copy cannot be read now, so it may yet be recovered."""
    import builtins
    import errno

    jp, block = _crashed(tmp_path)
    ev = J.events_path(jp)
    if damaged:
        good = jp.read_bytes()
        jp.write_bytes(b"\0" * 50 + good[50:])
    real = builtins.open

    def eio(path, *a, **k):
        if str(path) == str(ev) or not damaged and str(path) == str(jp):
            raise OSError(errno.EIO, "Input/output error", str(path))
        return real(path, *a, **k)

    monkeypatch.setattr(J, "open", eio, raising=False)
    with pytest.raises(Exception) as err:
        Library(tmp_path).recover(jp)
    assert not isinstance(err.value, JournalQuarantined) and "Input/output error" in str(err.value)
    assert "\n" not in str(err.value) and jp.exists() and ev.exists() and not (tmp_path / "damaged").exists()
    monkeypatch.undo()
    assert blocks_equal(read_session(Library(tmp_path).recover(jp)).block, block)
