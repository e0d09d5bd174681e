"""`eccentric sessions list|show|delete|rename|recover`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from test_sessions_support import make_block, meta, plate_info

from eccentric.cli import main
from sessions import journal as J
from sessions.library import Library
from sessions.session_file import read_session
from sessions.store import SessionPaths, save_session

T0 = datetime(2026, 5, 1, 7, tzinfo=UTC)


@pytest.fixture
def data(tmp_path):
    rng = np.random.default_rng(2)
    for k, athlete in enumerate(["Ana", "Ben", "Ana"]):
        m = meta(athlete=athlete, started_at=T0 + timedelta(days=k))
        info = plate_info(2, simulated=k == 1)
        rows = [{"rep": 1, "set": 1, "rep_in_set": 1, "ecc_duration_s": 3.2, "ecc_mean_force_n": 1200.0,
                 "con_duration_s": 1.1, "con_mean_force_n": 1100.0, "ecc_con_load_ratio": 1.3}] * (k + 1)
        save_session(SessionPaths.for_meta(tmp_path, m), m, info, make_block(rng, 1000, info), rows, [])
    return tmp_path


def run(data, *args):
    return main(["--data-dir", str(data), "sessions", *args])


def test_list_text_and_json(data, capsys):
    assert run(data, "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and "SIMULATED" in lines[1] and lines[0].startswith("Ana/2026-05-01")
    assert run(data, "list", "--athlete", "Ana", "--json") == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["reps"] for r in rows] == [1, 3] and {r["athlete"] for r in rows} == {"Ana"}


def test_show(data, capsys):
    assert run(data, "show", "latest") == 0
    out = capsys.readouterr().out
    assert "Ana" in out and out.count("rep 1: lowering 3.2 s") == 3
    assert run(data, "show", "Ben/2026", "--json") == 0
    d = json.loads(capsys.readouterr().out)
    assert d["meta"]["athlete"] == "Ben" and d["samples"] == 1000 and len(d["reps"]) == 2


def test_rename_and_delete(data, capsys, monkeypatch):
    assert run(data, "rename", "Ben/2026", "--athlete", "Bea") == 0
    new = capsys.readouterr().out.strip()
    assert "/Bea/" in new and read_session(new).meta.athlete == "Bea"
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert run(data, "delete", "Bea/2026") == 2           # no --yes, no terminal: refuse
    assert len(Library(data).list()) == 3
    assert run(data, "delete", "Bea/2026", "--yes") == 0
    assert len(Library(data).list()) == 2
    capsys.readouterr()
    assert run(data, "delete", "Bea/2026", "--yes") == 3
    assert capsys.readouterr().err.count("\n") == 1


def test_recover_cli(data, capsys):
    info = plate_info(2)
    block = make_block(np.random.default_rng(5), 2500, info)
    m = meta(athlete="Crash", started_at=T0 + timedelta(days=9))
    sp = SessionPaths.for_meta(data, m)
    sp.journal.parent.mkdir(parents=True, exist_ok=True)
    body = J.encode_block(block, J.record_dtype(2, "counts"), "counts")
    sp.journal.write_bytes(J.header_bytes(m, info, "counts", sp.relative) + body[:-7])   # torn last record
    broken = data / "journal" / "broken.journal"
    broken.write_bytes(b"{not json")
    assert run(data, "list") == 0
    assert "2 unfinished" in capsys.readouterr().err
    assert run(data, "recover", "--list") == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    assert run(data, "recover") == 3                   # the broken one fails, the good one is saved
    out, err = capsys.readouterr()
    assert "recovered" in out and "broken.journal" in err
    stored = read_session(sp.session)
    assert len(stored.block) == 2499 and np.array_equal(stored.block.counts, block.counts[:2499])
    assert run(data, "recover", "--discard") == 0
    assert Library(data).unfinished() == []


@pytest.mark.parametrize("body", [b"time_s,force_n\n0,700\n", b"PAR1\x00\x01", b'{"a": 1}\n', b""])
def test_recovering_a_file_that_is_no_journal_says_so(tmp_path, capsys, body):
    """`sessions recover trial.csv` said "journal header is not valid JSON": the user is told
    the file is no recording journal at all, in one line, as bad input; the file is kept (an
    empty one was deleted as a recording that died before its first sample)."""
    src = tmp_path / "trial.csv"
    src.write_bytes(body)
    assert main(["--data-dir", str(tmp_path / "data"), "sessions", "recover", str(src)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not an eccentric recording journal" in err and "JSON" not in err
    assert src.read_bytes() == body


def test_replaying_a_vendor_export_points_at_import(tmp_path, capsys):
    """`eccentric replay export.csv` said only "a CSV/text file, not a session": a coach with a
    vendor export is told how to make it one."""
    src = tmp_path / "trial.csv"
    src.write_text("time_s,force_n\n" + "".join(f"{i / 1000},700\n" for i in range(100)))
    assert main(["--data-dir", str(tmp_path / "data"), "replay", str(src)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a session" in err and "eccentric import" in err


def test_a_file_given_as_the_data_folder_is_a_one_line_error(tmp_path, capsys):
    not_a_folder = tmp_path / "passwd"
    not_a_folder.write_text("root:x:0:0\n")
    assert run(not_a_folder, "list") != 0
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_the_dashboard_given_a_file_as_the_data_folder_says_so(tmp_path, capsys):
    """It said "cannot use data folder afile: File exists" (exit 6, a disk error) where every
    other command says what is wrong and exits 3."""
    not_a_folder = tmp_path / "afile"
    not_a_folder.write_text("hi\n")
    assert main(["--data-dir", str(not_a_folder), "--reader", "mock"]) == 3
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err and len(err.strip().splitlines()) == 1


def test_the_import_hint_for_a_vendor_export_pastes_as_is(tmp_path, capsys):
    """A path with a space was printed bare (`eccentric import /x/Ana Ł_CMJ.csv`): pasted, it
    named two files."""
    import shlex

    src = tmp_path / "Ana Ł_CMJ.csv"
    src.write_text("time_s,force_n\n" + "".join(f"{i / 1000},700\n" for i in range(100)))
    assert main(["--data-dir", str(tmp_path / "data"), "replay", str(src)]) == 3
    hint = capsys.readouterr().err.split("`")[1]
    assert shlex.split(hint) == ["eccentric", "import", str(src)]


def test_replay_given_a_file_as_the_data_folder_says_so(tmp_path, capsys):
    not_a_folder = tmp_path / "afile"
    not_a_folder.write_text("hi\n")
    assert main(["--data-dir", str(not_a_folder), "replay", "some-session"]) == 3
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err and len(err.strip().splitlines()) == 1


def test_the_dashboard_on_a_data_folder_that_takes_no_file_opens_to_watch(tmp_path, capsys, monkeypatch):
    """A read-only data folder refused the dashboard at start (exit 6), even to watch the plate or
    replay; now it opens, and only `r` says it cannot save (tests/tui/test_tui_flows.py)."""
    import errno

    def refuse(*a, **kw):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("tempfile.TemporaryFile", refuse)
    monkeypatch.setattr("eccentric.commands.dashboard.require_terminal", lambda: None)   # pytest has no tty
    opened = {}
    monkeypatch.setattr("tui.app.EccentricApp.run", lambda self: opened.setdefault("data_dir", self.data_dir) and 0)
    (tmp_path / "ro").mkdir()
    assert main(["--data-dir", str(tmp_path / "ro"), "--reader", "mock"]) == 0
    assert opened["data_dir"] == tmp_path / "ro" and capsys.readouterr().err == ""
