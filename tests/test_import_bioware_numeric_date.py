"""Kistler BioWare's `Date` line as a Windows short-date locale writes it (`03/05/2024 14:02:40`).

Before, every such date was ignored without a word: the session took the file's modification
time and said "it states no date", also for 13/05/2024, whose order the numbers show. Now a
numeric date is read when its numbers show the day and month order; when they do not, inspect,
analyze and import say so (both dates) and the modification time dates it, unless --date-order
settles it."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import import_synth as S
import pytest

from eccentric.cli import main
from forceplate.errors import BadInputError
from sessions.formats.dates import header_date, read_dated
from sessions.formats.table import ImportOptions
from sessions.importer import import_csv
from sessions.session_file import read_meta

MTIME = datetime(2025, 6, 7, 8, 9, 10, tzinfo=UTC)


def _bioware(tmp_path: Path, date: str) -> Path:
    path = S.write_kistler_bioware(tmp_path / "SubjectA_CMJ.txt", S.jump_trace(2))
    path.write_bytes(path.read_bytes().replace(b"Jan 01, 1980  03:02:40", date.encode()))
    os.utime(path, (MTIME.timestamp(), MTIME.timestamp()))
    return path


def _local(*a: int) -> datetime:
    return datetime(*a).astimezone(UTC)


@pytest.mark.parametrize(("written", "when"), [
    ("13/05/2024  14:02:40", (2024, 5, 13, 14, 2, 40)),        # day first: 13 is no month
    ("05/13/2024  02:02:40 PM", (2024, 5, 13, 14, 2, 40)),     # month first, a US 12-hour clock
    ("05/05/2024  14:02:40", (2024, 5, 5, 14, 2, 40)),         # the same either way
    ("13-05-2024  14:02:40", (2024, 5, 13, 14, 2, 40)),
])
def test_a_numeric_date_whose_order_shows_is_read(tmp_path: Path, written: str, when: tuple) -> None:
    meta = read_meta(import_csv(_bioware(tmp_path, written), tmp_path / "data", progress=False))
    assert meta.started_utc == _local(*when)
    assert meta.started_at_source == "the file's own date, its header's 'Date' line"


def test_an_ambiguous_date_is_said_and_the_modification_time_dates_it(tmp_path: Path, capsys) -> None:
    path = _bioware(tmp_path, "03/05/2024  14:02:40")
    meta = read_meta(import_csv(path, tmp_path / "data", progress=False))
    assert meta.started_utc == MTIME
    assert meta.started_at_source == ("the file's modification time: its header's 'Date' line, 03/05/2024 14:02:40, "
                                      "is 3 May 2024 or March 5, 2024 by locale - give --date-order dmy or mdy")
    assert main(["inspect", str(path)]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("recorded"))
    assert "3 May 2024 or March 5, 2024" in line and "--date-order" in line and "modification time" in line
    assert main(["--data-dir", str(tmp_path / "cli"), "import", str(path)]) == 0
    assert "3 May 2024 or March 5, 2024 by locale" in capsys.readouterr().err


@pytest.mark.parametrize(("order", "when", "said"), [("dmy", (2024, 5, 3), "day first"),
                                                       ("mdy", (2024, 3, 5), "month first")])
def test_date_order_settles_an_ambiguous_date(tmp_path: Path, capsys, order: str, when: tuple, said: str) -> None:
    path = _bioware(tmp_path, "03/05/2024  14:02:40")
    assert main(["--data-dir", str(tmp_path / "data"), "import", str(path), "--date-order", order]) == 0
    meta = read_meta(Path(capsys.readouterr().out.strip()))
    assert meta.started_utc == _local(*when, 14, 2, 40)
    assert meta.started_at_source == f"the file's own date, its header's 'Date' line, {said} by --date-order"


def test_date_order_never_overrides_numbers_that_show_the_order(tmp_path: Path) -> None:
    assert read_dated("13/05/2024", "mdy") == (datetime(2024, 5, 13), False)
    assert header_date(["Date: 13/05/2024 10:00"], "mdy")[1] == "its header's 'Date' line"
    with pytest.raises(BadInputError, match="--date-order"):
        ImportOptions(date_order="ymd")
