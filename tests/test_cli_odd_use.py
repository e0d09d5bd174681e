"""A coach's first, odd uses of the command line: each answer is one clear line and an exit
code, and a filter that leaves every session out says the sessions are there."""

from __future__ import annotations

from eccentric.cli import main


def _record(data, athlete: str) -> None:
    assert main(["--data-dir", str(data), "record", "--reader", "mock", "-o", "realtime=false", "--seconds", "3",
                 "--athlete", athlete]) == 0


def test_a_filter_matching_nothing_says_the_sessions_are_there(tmp_path, capsys):
    """'no sessions in DATA' read as if the recordings were gone when only the filter missed."""
    _record(tmp_path, "Zoë")
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "sessions", "list", "--athlete", "Zoey"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no sessions match --athlete 'Zoey'" in err and "1 session in all" in err
    # the suggestion lists the library that was searched, not the default one
    assert f"`eccentric --data-dir {tmp_path} sessions list`" in err
    # 'Zoe' without the accent is Zoë (tests/test_names_loose.py), said on stderr
    assert main(["--data-dir", str(tmp_path), "sessions", "list", "--athlete", "Zoe"]) == 0
    out, err = capsys.readouterr()
    assert "Zoë/" in out and "--athlete 'Zoe' matches 'Zoë'" in err
    assert main(["--data-dir", str(tmp_path / "empty"), "sessions", "list", "--athlete", "Zoe"]) == 0
    assert capsys.readouterr().err.startswith("no sessions in ")


import pytest  # noqa: E402

from forceplate.errors import ExitCode  # noqa: E402


@pytest.mark.parametrize(("argv", "words"), [
    (["--reader", "mock", "-o", "seed=abc"], "not a number"),
    (["--reader", "mock", "-o", "rate=-5"], "must be 500-2000"),
    (["--reader", "mock", "-o", "nosuch=1"], "unknown mock reader option"),
    (["--reader", "mock", "-o", "method=nosuch"], "use one of"),
    (["--reader", "mock", "-o", "realtime=maybe"], "true or false"),
    (["--reader", "mock", "-o", "seed"], "KEY=VALUE"),
    (["--reader", "nosuch"], "unknown reader"),
    (["--reader", "gdx", "-o", "bogus=1"], "no option 'bogus'"),
    (["--reader", "gdx", "-o", "channels=x"], "channels must be"),
    (["--reader", "jsonw", "-o", "baudrate=abc"], "must be numbers"),
    (["--reader", "diy4", "-o", "read_timeout_ms=zz"], "must be numbers"),
])
def test_a_bad_reader_option_is_a_command_line_error(tmp_path, capsys, argv, words):
    """Every -o mistake is the command line's (exit 2, as --reader nosuch and a malformed -o
    were); the mock's said 'bad input file' (3) and the USB/serial readers' 'other error' (1)."""
    assert main(["--data-dir", str(tmp_path), "record", *argv, "--seconds", "1"]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and "Traceback" not in err


@pytest.mark.parametrize("name", ["reps.xlsx", "reps.XLS", "reps.ods", "reps.txt", "r.csv.gz", "r.dat", "r.tab"])
def test_export_to_a_spreadsheet_name_asks_for_csv(tmp_path, capsys, name):
    """`--out reps.xlsx` wrote Parquet under that name: Excel refused to open it."""
    _record(tmp_path, "Ana")
    capsys.readouterr()
    out = tmp_path / name
    assert main(["--data-dir", str(tmp_path), "export", "--out", str(out)]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ".csv" in err and not out.exists()
    assert str(out.parent) in err   # the suggestion keeps the folder
    assert main(["--data-dir", str(tmp_path), "export", "--out", str(out), "--format", "csv"]) == 0
    assert out.read_text().startswith("session,")


def test_export_suggestion_keeps_the_folder_and_quotes_spaces(tmp_path, capsys):
    _record(tmp_path, "Ana")
    capsys.readouterr()
    out = tmp_path / "my exports" / "reps.csv.gz"
    assert main(["--data-dir", str(tmp_path), "export", "--out", str(out)]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert f"--out '{tmp_path}/my exports/reps.csv'" in err


@pytest.mark.parametrize("name", ["table", "table.pq", "table.parquet"])
def test_export_parquet_names_write_parquet(tmp_path, capsys, name):
    _record(tmp_path, "Ana")
    out = tmp_path / name
    assert main(["--data-dir", str(tmp_path), "export", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"PAR1")


def test_a_blank_session_name_is_refused_not_taken_as_every_name(tmp_path, capsys):
    """'' is the start of every stem: with one session, `sessions show ""` (and delete) took it."""
    _record(tmp_path, "Ana")
    capsys.readouterr()
    for name in ("", "  "):
        for cmd in (["sessions", "show", name], ["sessions", "delete", "--yes", name], ["export", name]):
            assert main(["--data-dir", str(tmp_path), *cmd]) == 3
            assert "the session name is blank" in capsys.readouterr().err
    assert len(list((tmp_path / "sessions").rglob("*.parquet"))) == 1


@pytest.mark.parametrize("name", ["Ana/", "Ana//", "Ana/ ", "Ana/.parquet"])
def test_an_athlete_with_a_blank_session_name_is_refused(tmp_path, capsys, name):
    """'Ana/' took Ana's only session: the blank stem after the '/' starts every stem."""
    _record(tmp_path, "Ana")
    capsys.readouterr()
    for cmd in (["sessions", "show", name], ["sessions", "delete", "--yes", name], ["sessions", "rename", name, "x"],
                ["sessions", "reanalyse", name], ["export", name]):
        assert main(["--data-dir", str(tmp_path), *cmd]) == 3
        assert "the session name is blank" in capsys.readouterr().err
    assert len(list((tmp_path / "sessions").rglob("*.parquet"))) == 1


def test_a_blank_started_at_is_refused(tmp_path, capsys):
    import import_synth as S

    p = S.write_hawkin_py(tmp_path / "h.csv", S.jump_trace(1))
    assert main(["--data-dir", str(tmp_path / "lib"), "import", str(p), "--started-at", ""]) == 2
    assert "--started-at '' is not an ISO date/time" in capsys.readouterr().err


def test_the_dashboard_and_replay_without_a_terminal_say_so(tmp_path, capsys, monkeypatch) -> None:
    """`eccentric > log` or from cron: the screen's escape codes went into the file and the app
    ran on, no keyboard to quit it. One line and exit 2, after the usual checks."""
    import io

    from eccentric.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)   # (set by `eccentric serve`: its web driver)
    assert main(["--data-dir", str(tmp_path / "d"), "--reader", "mock"]) == 2
    assert main(["--data-dir", str(tmp_path / "d"), "record", "--reader", "mock", "--seconds", "1"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path / "d"), "replay", "latest"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "needs a terminal" in err, err


def test_session_fields_before_the_command_are_kept(tmp_path):
    # `eccentric --athlete Bo --method slow record ...`: the top-level options were parsed,
    # then overwritten by record's own defaults (saved as "athlete", method normal)
    assert main(["--data-dir", str(tmp_path), "--athlete", "Bo", "--method", "slow", "--exercise", "smith_squat",
                 "record", "--reader", "mock", "-o", "realtime=false", "--seconds", "2"]) == 0
    saved = [p for p in tmp_path.rglob("*.parquet") if p.parent.parent.name not in ("reps", "sets")]
    assert len(saved) == 1 and saved[0].parent.name == "Bo"
    assert saved[0].stem.endswith("_smith_squat_slow_negatives")
    # after the command wins, as before
    assert main(["--data-dir", str(tmp_path), "--athlete", "Bo", "record", "--athlete", "Cy", "--reader", "mock",
                 "-o", "realtime=false", "--seconds", "2"]) == 0
    assert {p.parent.name for p in tmp_path.rglob("*.parquet")} == {"Bo", "Cy"}


def test_a_mistyped_command_names_the_nearest(capsys):
    for typed, expected in (("recrod", "unknown command 'recrod' - did you mean record?"),
                            ("zzzz", "unknown command 'zzzz' (`eccentric --help` lists them: ")):
        with pytest.raises(SystemExit) as stop:
            main([typed])
        assert stop.value.code == ExitCode.USAGE
        err = capsys.readouterr().err.strip().splitlines()[-1]
        assert expected in err and "Traceback" not in err


def test_the_methods_list_reads_once_per_method(capsys):
    assert main(["methods"]) == 0
    out = capsys.readouterr().out
    assert "Normal reps: No tempo target" in out and "Ordinary reps" not in out
