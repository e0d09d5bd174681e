"""A session file with some damaged sample pages: readers that only show or analyse keep the
row groups that read and say how many samples were left out; writers still refuse."""

from __future__ import annotations

import numpy as np
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_sessions_support import make_block, meta, plate_info

from eccentric.cli import main
from forceplate.errors import BadInputError
from sessions import session_file as SF
from sessions.replay import ReplayReader
from sessions.store import SessionPaths, save_session

ROWS = 1000


@pytest.fixture()
def session(tmp_path, monkeypatch):
    monkeypatch.setattr(SF, "ROW_GROUP_ROWS", ROWS)
    info = plate_info(2)
    block = make_block(np.random.default_rng(2), 3 * ROWS + 200, info)
    path = save_session(SessionPaths.for_meta(tmp_path, meta()), meta(), info, block, [], [])
    assert pq.read_metadata(path).num_row_groups == 4
    return path, block


def _damage(path, group: int, at: float, n: int) -> None:
    """n bytes flipped inside row group `group`'s first force column chunk."""
    col = pq.read_metadata(path).row_group(group).column(1)
    start = col.data_page_offset
    i = start + int(at * max(1, col.total_compressed_size - n))
    buf = bytearray(path.read_bytes())
    for k in range(i, i + n):
        buf[k] ^= 0xFF
    path.write_bytes(bytes(buf))

def _saved_in_row_groups(root):
    """A session saved in row groups of ROWS samples (3 whole groups and a part); hypothesis tests
    run in one process, so the monkeypatch is undone at once."""
    mp = pytest.MonkeyPatch()
    try:
        mp.setattr(SF, "ROW_GROUP_ROWS", ROWS)
        info = plate_info(2)
        block = make_block(np.random.default_rng(2), 3 * ROWS + 200, info)
        path = save_session(SessionPaths.for_meta(root, meta()), meta(), info, block, [], [])
    finally:
        mp.undo()
    return info, block, path



@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(at=st.floats(0, 1), n=st.integers(1, 8))
def test_salvage_keeps_the_readable_row_groups(tmp_path_factory, at, n):
    root = tmp_path_factory.mktemp("s")
    info, block, path = _saved_in_row_groups(root)
    _damage(path, 1, at, n)
    try:
        SF.read_session(path)
    except BadInputError as exc:   # strict (what rename / reanalyse rewrite from): refused, one line
        assert "\n" not in str(exc)
        s = SF.read_session(path, salvage=True)
        assert s.samples_lost == ROWS and len(s.block) == len(block) - ROWS
        keep = np.r_[0:ROWS, 2 * ROWS:len(block)]
        assert np.array_equal(s.block.seq, block.seq[keep]) and np.array_equal(s.block.counts, block.counts[keep])
    else:   # the flip hit bytes no reader checks (page padding): nothing lost
        assert SF.read_session(path, salvage=True).samples_lost == 0


def test_analyze_warns_how_many_samples_it_left_out(session, capsys):
    path, _ = session
    _damage(path, 2, 0.5, 4)
    assert main(["analyze", str(path), "--reanalyse", "--format", "json"]) == 0
    err = capsys.readouterr().err
    assert f"{ROWS:,} samples in damaged pages" in err.replace("\u202f", ",") or f"{ROWS} samples in damaged pages" in err
    assert len(err.strip().splitlines()) == 1


def test_replay_counts_them_as_dropped(session):
    path, block = session
    _damage(path, 0, 0.5, 4)
    src = ReplayReader(path)
    src.open()
    assert src.status().dropped_samples == ROWS


def test_every_page_damaged_is_still_one_line(session, capsys):
    path, _ = session
    for g in range(4):
        _damage(path, g, 0.5, 4)
    assert main(["analyze", str(path), "--reanalyse"]) == 3
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_eccentric_replay_opens_a_partly_damaged_session(session, monkeypatch):
    """`eccentric replay` read the whole file strictly before the dashboard and refused it."""
    path, _ = session
    _damage(path, 1, 0.5, 4)
    ran = {}

    class App:
        def __init__(self, *a, **kw):
            ran["path"] = kw.get("replay_path")

        def run(self):
            return 0

    monkeypatch.setattr("tui.app.EccentricApp", App)
    monkeypatch.setattr("eccentric.commands.dashboard.require_terminal", lambda: None)   # pytest has no tty
    assert main(["replay", str(path)]) == 0 and ran["path"] == path


def test_plain_analyze_says_the_file_is_damaged(session, capsys):
    """The stored analysis (read from the footer) was shown as if the file were whole."""
    path, _ = session
    _damage(path, 1, 0.5, 4)
    assert main(["analyze", str(path), "--format", "json"]) == 0
    err = capsys.readouterr().err
    said = [ln for ln in err.splitlines() if "damaged" in ln]
    assert len(said) == 1 and f"{ROWS} samples in damaged pages" in said[0] and "stored" in said[0]


def test_plain_analyze_of_a_whole_file_says_nothing(session, capsys):
    path, _ = session
    assert main(["analyze", str(path), "--format", "json"]) == 0
    assert "damaged" not in capsys.readouterr().err


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(group=st.integers(0, 3))
def test_export_samples_keeps_the_row_groups_that_read(tmp_path_factory, group):
    """`export --samples` of a session with one damaged row group refused the whole file."""
    import polars as pl

    root = tmp_path_factory.mktemp("x")
    info, block, path = _saved_in_row_groups(root)
    _damage(path, group, 0.5, 4)
    lost = pq.read_metadata(path).row_group(group).num_rows
    notes: list[str] = []
    from sessions.export import samples_frame

    frame = samples_frame(path, notes=notes)
    assert frame.height == len(block) - lost and len(notes) == 1 and f"{lost} samples" in notes[0]
    kept = np.ones(len(block), bool)
    kept[group * ROWS: group * ROWS + lost] = False
    assert np.array_equal(frame["seq"].to_numpy(), block.seq[kept])
    assert isinstance(frame, pl.DataFrame)


def test_export_and_report_of_a_damaged_session_by_name(session, tmp_path, capsys):
    path, block = session
    _damage(path, 2, 0.5, 4)
    out = tmp_path / "out" / "reps.parquet"
    out.parent.mkdir()
    assert main(["export", "--samples", str(path), "--out", str(out)]) == 0
    assert pq.read_metadata(out.with_name("reps_samples.parquet")).num_rows == len(block) - ROWS
    assert f"{ROWS} samples in damaged pages" in capsys.readouterr().err
    assert main(["report", str(path), "--out", str(tmp_path / "rep")]) == 0
    assert f"{ROWS} samples in damaged pages" in capsys.readouterr().err
