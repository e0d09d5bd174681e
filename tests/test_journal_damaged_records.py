"""Nothing recorded is ever lost (sessions/journal_damage.py): a record after a gap of over a
day is kept when the recording ran that long, and a record with a corrupted seq or time is
dropped alone - the good records after it are kept - and counted."""

from __future__ import annotations

import os

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_journal_damaged_header import T0, _crashed
from test_sessions_support import make_block, plate_info

from eccentric.cli import main
from sessions import journal as J
from sessions import journal_damage as JD
from sessions.session_file import read_session

DTYPE = J.record_dtype(3, "counts")


def _append_after_gap(jp, block, gap_s, m):
    """m genuine records gap_s after the journal's last, the file last written just after them."""
    info = plate_info(3)
    rate = info.sample_rate_hz
    later = make_block(np.random.default_rng(1), m, info, start_seq=int(block.seq[-1]) + round(gap_s * rate))
    with open(jp, "ab") as fh:
        fh.write(J.encode_block(later, DTYPE, "counts"))
    last = T0.timestamp() + float(later.time_s[-1]) + 5.0
    os.utime(jp, (last, last))
    return later


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(gap_s=st.floats(1.01 * 86400, 30 * 86400), m=st.integers(1, 5))
def test_a_record_over_a_day_after_the_last_is_kept(tmp_path_factory, gap_s, m):
    """A plate away over a day (the recorder waited): the records after the gap were dropped as
    garbage (a 'day' cap); the recording ran that long (its start to the file's last write)."""
    jp, block = _crashed(tmp_path_factory.mktemp("g"), 300)
    later = _append_after_gap(jp, block, gap_s, m)
    jr = J.read_journal(jp)
    assert jr.torn_records == 0 and jr.damaged_records == 0
    assert np.array_equal(jr.block.seq, np.concatenate([block.seq, later.seq]))


def test_a_journal_written_an_hour_still_drops_a_far_future_record(tmp_path):
    """The span is the recording's own: a record a week on, in a journal last written an hour
    after its start, is garbage."""
    jp, block = _crashed(tmp_path, 300)
    _append_after_gap(jp, block, 7 * 86400, 1)
    os.utime(jp, (T0.timestamp() + 3600, T0.timestamp() + 3600))
    jr = J.read_journal(jp)
    assert jr.torn_records == 1 and np.array_equal(jr.block.seq, block.seq)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), field=st.sampled_from(["seq", "time_s", "both"]))
def test_a_corrupted_record_is_dropped_alone(tmp_path_factory, data, field):
    """A corrupted seq (or time) in the last 1 MiB cut the journal there (taken for the start of an
    earlier recording's stale records): every good record after it was lost."""
    jp, block = _crashed(tmp_path_factory.mktemp("c"), 1200)
    buf = bytearray(jp.read_bytes())
    start = buf.index(b"\n") + 1
    rec = np.frombuffer(bytes(buf[start:]), dtype=DTYPE).copy()
    j = data.draw(st.integers(0, 1199), label="record")
    if field in ("seq", "both"):
        rec["seq"][j] = data.draw(st.integers(-(2**63), 2**63 - 1).filter(lambda v: v != block.seq[j]), label="seq")
    if field in ("time_s", "both"):
        t = data.draw(st.floats(allow_nan=True, allow_infinity=True).filter(lambda v: v != block.time_s[j]))
        rec["time_s"][j] = t
    buf[start:] = rec.tobytes()
    jp.write_bytes(bytes(buf))
    os.utime(jp, (T0.timestamp() + 600, T0.timestamp() + 600))   # written for 10 minutes
    jr = J.read_journal(jp)
    keep = np.arange(1200) != j
    if jr.damaged_records == 0 and jr.torn_records == 0:   # it still fits its place (a time a tick on)
        assert len(jr.block) == 1200
        return
    assert jr.damaged_records == 1 and jr.torn_records == 0
    assert np.array_equal(jr.block.seq, block.seq[keep]) and np.array_equal(jr.block.values, block.values[keep])


def test_recover_says_how_many_damaged_records_it_dropped(tmp_path, capsys):
    jp, block = _crashed(tmp_path, 1200)
    buf = bytearray(jp.read_bytes())
    start = buf.index(b"\n") + 1
    rec = np.frombuffer(bytes(buf[start:]), dtype=DTYPE).copy()
    rec["seq"][[300, 900]] = [-5, 2**40]
    buf[start:] = rec.tobytes()
    jp.write_bytes(bytes(buf))
    assert main(["sessions", "--data-dir", str(tmp_path), "recover"]) == 0
    assert "2 damaged journal records left out" in capsys.readouterr().out
    s = read_session(next((tmp_path / "sessions").rglob("*.parquet")))
    keep = ~np.isin(np.arange(1200), [300, 900])
    assert np.array_equal(s.block.seq, block.seq[keep]) and "left out 2 damaged journal records" in s.meta.notes


def test_the_scan_keeps_its_temporaries_small():
    """The garbage scan reads the journal _SCAN records at a time: no diff over every record (a
    3-hour 8-channel journal made ~270 MB of temporaries), and a long torn tail is found whole."""
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
        assert JD.garbage(rec, 1000.0) == ([], bad)
        assert JD.garbage(rec[:n], 1000.0) == ([], 0)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4e6, peak
