"""One session file of an athlete's season damaged (a flipped block: its samples fail their
checksum, its footer reads) no longer fails the whole `report --athlete`: it is left out of the
drawings with a warning, as `export` and `sessions list` skip it; named, it is still an error."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from hardening_support import library_session

from eccentric.cli import main


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for k in range(len(data) // 4, len(data) // 2, 97):    # the column pages, not the footer
        data[k] ^= 0xFF
    path.write_bytes(bytes(data))


def _season(root: Path) -> list[Path]:
    t0 = datetime(2026, 11, 1, 10, 0, tzinfo=UTC)
    return [library_session(root, seed=i, started_at=t0 + timedelta(days=i)) for i in range(3)]


def test_a_damaged_session_is_skipped_in_an_athletes_report(tmp_path, capsys) -> None:
    root = tmp_path / "data"
    paths = _season(root)
    _damage(paths[1])
    rc = main(["--data-dir", str(root), "report", "--athlete", "Ana", "--out", str(tmp_path / "rep")])
    err = capsys.readouterr().err
    assert rc == 0 and (tmp_path / "rep" / "report.html").exists()
    assert f"warning: skipped {paths[1]}" in err or "warning: skipped" in err and paths[1].name in err


def test_a_damaged_session_named_is_an_error(tmp_path, capsys) -> None:
    root = tmp_path / "data"
    paths = _season(root)
    _damage(paths[1])
    rc = main(["--data-dir", str(root), "report", str(paths[1]), "--out", str(tmp_path / "rep")])
    err = capsys.readouterr().err
    assert rc == 3 and err.count("\n") == 1 and "Traceback" not in err
