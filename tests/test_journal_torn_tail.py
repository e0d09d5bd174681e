"""Garbage at a journal's end (a torn write: stale disk blocks after a power loss or a kill -9
mid-write) is no samples: recovery drops it and says how many records it dropped."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_journal_damaged_header import _crashed

from eccentric.cli import main
from sessions import journal as J
from sessions.library import Library
from sessions.session_file import read_session

SIZE = J.record_dtype(3, "counts").itemsize


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(garbage=st.binary(min_size=SIZE, max_size=40 * SIZE).filter(lambda b: any(b)))
def test_garbage_records_at_the_end_are_dropped_and_counted(tmp_path_factory, garbage):
    root = tmp_path_factory.mktemp("g")
    jp, block = _crashed(root, 300)
    with open(jp, "ab") as fh:
        fh.write(garbage)
    jr = J.read_journal(jp)
    whole = len(garbage) // SIZE
    # every genuine sample is kept (the last may go with the tail if it straddles a sector, where
    # a tear could have cut it); a garbage record may only survive by continuing the sequence
    assert np.array_equal(jr.block.seq[:299], block.seq[:299])
    assert len(jr.block) + jr.torn_records + jr.zeroed_records == 300 + whole
    assert np.all(np.diff(jr.block.seq) >= 1) and np.all(np.diff(jr.block.time_s) >= 0)


def test_recover_says_how_many_it_dropped(tmp_path, capsys):
    jp, block = _crashed(tmp_path, 300)
    rng = np.random.default_rng(7)
    rec = np.zeros(5, dtype=J.record_dtype(3, "counts"))
    rec["seq"] = rng.integers(-(2**62), -1, 5)   # stale bytes: a sequence that goes nowhere
    rec["time_s"] = rng.normal(0, 1e9, 5)
    rec["flags"] = 0xFF
    with open(jp, "ab") as fh:
        fh.write(rec.tobytes())
    assert J.read_journal(jp).torn_records == 5
    assert main(["sessions", "--data-dir", str(tmp_path), "recover"]) == 0
    out = capsys.readouterr().out
    assert "5 garbage records at the journal's end left out" in out
    path = next((tmp_path / "sessions").rglob("*.parquet"))
    s = read_session(path)
    assert np.array_equal(s.block.seq, block.seq) and "left out 5 garbage journal records" in s.meta.notes


def test_a_clean_journal_loses_nothing(tmp_path):
    jp, block = _crashed(tmp_path, 300)
    jr = J.read_journal(jp)
    assert jr.torn_records == 0 and np.array_equal(jr.block.seq, block.seq)
    assert Library(tmp_path).unfinished() == [jp]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_record_a_sector_tear_cut_keeps_no_garbage_counts(tmp_path_factory, data):
    """A torn write tears at a sector boundary inside a record: the record across it keeps a
    genuine seq and time but stale counts (a 13.9 MN spike was saved). It is dropped with the tail."""
    root = tmp_path_factory.mktemp("s")
    jp, block = _crashed(root, 600)
    buf = bytearray(jp.read_bytes())
    start = buf.index(b"\n") + 1
    p = 512 * data.draw(st.integers(start // 512 + 2, len(buf) // 512 - 1))
    seed = data.draw(st.integers(0, 2**32 - 1))
    buf[p:] = np.random.default_rng(seed).integers(0, 256, len(buf) - p, dtype=np.uint8).tobytes()
    jp.write_bytes(bytes(buf))
    jr = J.read_journal(jp)
    n = len(jr.block)
    assert n >= (p - start) // SIZE - 1 and n <= (p - start) // SIZE
    assert np.array_equal(jr.block.seq, block.seq[:n]) and np.array_equal(jr.block.values, block.values[:n])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(m=st.integers(1, 200), first=st.integers(0, 250))
def test_stale_records_of_an_earlier_recording_are_torn(tmp_path_factory, m, first):
    """An earlier recording's records after the genuine ones continue each other but seq falls
    where they begin (seq never falls in a recording): they are torn and counted."""
    root = tmp_path_factory.mktemp("t")
    jp, block = _crashed(root, 300)
    raw = jp.read_bytes()
    start = raw.index(b"\n") + 1
    old = np.frombuffer(raw[start:], dtype=J.record_dtype(3, "counts"))[first:first + m].copy()
    with open(jp, "ab") as fh:
        fh.write(old.tobytes())
    jr = J.read_journal(jp)
    n = len(jr.block)
    assert n >= 299 and n + jr.torn_records == 300 + len(old)
    assert np.array_equal(jr.block.seq, block.seq[:n])


def test_the_torn_tail_scan_reads_only_the_tail():
    """_torn_tail scans back from the end in blocks: no diff over every record (a 3-hour
    8-channel journal made ~270 MB of temporaries), and a long torn tail is still found whole."""
    import tracemalloc

    n, bad = 1_000_000, 10_000
    rec = np.zeros(n + bad, dtype=J.record_dtype(8, "counts"))
    rec["seq"][:n] = np.arange(n)
    rec["time_s"][:n] = np.arange(n) / 1000.0
    rng = np.random.default_rng(5)
    rec["seq"][n:] = rng.integers(-(2**62), -1, bad)     # stale bytes: a sequence that goes nowhere
    rec["time_s"][n:] = rng.normal(0, 1e9, bad)
    tracemalloc.start()
    try:
        assert J._torn_tail(rec, 1000.0) == bad
        assert J._torn_tail(rec[:n], 1000.0) == 0
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4e6, peak
