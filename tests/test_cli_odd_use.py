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
    assert main(["--data-dir", str(tmp_path), "sessions", "list", "--athlete", "Zoe"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no sessions match --athlete 'Zoe'" in err and "1 session in all" in err
    assert main(["--data-dir", str(tmp_path / "empty"), "sessions", "list", "--athlete", "Zoe"]) == 0
    assert capsys.readouterr().err.startswith("no sessions in ")
