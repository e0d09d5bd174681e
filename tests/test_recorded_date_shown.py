"""`inspect` and `analyze` show when a file was recorded: from the file's own date where it has
one (named), else its modification time (said so); a session shows its stored start."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

import import_synth as S

from eccentric.cli import main

MTIME = datetime(2025, 6, 7, 8, 9, 10, tzinfo=UTC)


def _dated(tmp_path):
    src = S.write_hawkin_py(tmp_path / "cmj.csv", S.jump_trace(seed=4))
    head, *rows = src.read_text().splitlines()
    src.write_text("\n".join([f"{head},timestamp", *(f"{r},2024-03-05 12:00:00 UTC" for r in rows)]) + "\n")
    return src


def _undated(tmp_path):
    p = S.write_hawkin_py(tmp_path / "plain.csv", S.jump_trace(seed=4))
    os.utime(p, (MTIME.timestamp(), MTIME.timestamp()))
    return p


def test_inspect_shows_the_file_s_own_date_or_says_it_is_the_modification_time(tmp_path, capsys):
    assert main(["inspect", str(_dated(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "recorded  2024-03-05 12:00 UTC (the file's own date, its column 'timestamp')" in out
    assert main(["inspect", str(_undated(tmp_path))]) == 0
    assert "recorded  2025-06-07 08:09 UTC (the file's modification time: it states no date)" in \
        capsys.readouterr().out
    assert main(["inspect", str(_dated(tmp_path)), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["recorded_at"] == "2024-03-05T12:00:00+00:00" and "its column 'timestamp'" in doc["recorded_at_source"]


def test_analyze_shows_the_recording_date_under_its_first_line(tmp_path, capsys):
    assert main(["analyze", str(_undated(tmp_path))]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "recorded 2025-06-07 08:09 UTC (the file's modification time: it states no date)"
    assert main(["analyze", str(_dated(tmp_path)), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["recorded_at"] == "2024-03-05T12:00:00+00:00"


def test_an_imported_session_shows_its_stored_date(tmp_path, capsys):
    lib = tmp_path / "lib"
    assert main(["--data-dir", str(lib), "import", str(_dated(tmp_path))]) == 0
    session = capsys.readouterr().out.strip().splitlines()[-1]
    assert main(["analyze", session]) == 0
    assert "recorded 2024-03-05 12:00 UTC (the file's own date, its column 'timestamp')" in capsys.readouterr().out
    assert main(["inspect", session]) == 0
    assert "recorded  2024-03-05 12:00 UTC" in capsys.readouterr().out
