"""A Hawkin-style force-time export with the test's date written as text in a column - on every
row or on the first only, with or without a time, in several spellings - dates the imported
session (before: only ISO dates with seconds were read; '2024-03-05', '2024-03-05 12:00',
'2024/03/05 12:00:00', an offset with a fraction or a weekday fell back to the modification
time, and a repeated '12:00:00' in a 'timestamp' column was a second time axis)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import import_synth as S
import pytest

from sessions.formats.dates import read_when
from sessions.importer import import_csv
from sessions.session_file import read_meta

MTIME = datetime(2025, 6, 7, 8, 9, 10, tzinfo=UTC)


def _hawkin(path: Path, column: str, stamp: str, where: str) -> Path:
    src = S.write_hawkin_py(path, S.jump_trace(seed=4))
    head, *rows = src.read_text().splitlines()
    cell = f'"{stamp}"' if "," in stamp else stamp
    if where == "every row":
        lines = [f"{head},{column}", *(f"{r},{cell}" for r in rows)]
    else:
        lines = [f"{head},{column}", f"{rows[0]},{cell}", *(f"{r}," for r in rows[1:])]
    path.write_text("\n".join(lines) + "\n")
    os.utime(path, (MTIME.timestamp(), MTIME.timestamp()))
    return path


def _meta(tmp_path: Path, path: Path):
    return read_meta(import_csv(path, tmp_path / "data", progress=False))


def _local(*args: int) -> datetime:
    return datetime(*args).astimezone(UTC)   # type: ignore[arg-type]


@pytest.mark.parametrize("where", ["every row", "first row"])
@pytest.mark.parametrize(("stamp", "expected"), [
    ("2024-03-05 12:00", _local(2024, 3, 5, 12, 0)),
    ("2024/03/05 12:00:00", _local(2024, 3, 5, 12, 0)),
    ("2024-03-05T12:00:00.250+01:00", datetime(2024, 3, 5, 11, 0, 0, 250000, tzinfo=UTC)),
    ("2024-03-05 12:00:00 UTC", datetime(2024, 3, 5, 12, 0, tzinfo=UTC)),
    ("Mar 05, 2024 12:00:00", _local(2024, 3, 5, 12, 0)),
    ("05 Mar 2024 12:00", _local(2024, 3, 5, 12, 0)),
])
@pytest.mark.parametrize("column", ["timestamp", "Date", "Test Date"])
def test_a_written_date_and_time_in_a_column_dates_the_session(tmp_path: Path, where: str, stamp: str,
                                                                 expected: datetime, column: str) -> None:
    meta = _meta(tmp_path, _hawkin(tmp_path / "cmj.csv", column, stamp, where))
    assert meta.started_utc == expected
    assert meta.started_at_source == f"the file's own date, its column '{column}'"


@pytest.mark.parametrize("where", ["every row", "first row"])
@pytest.mark.parametrize("stamp", ["2024-03-05", "Tue Mar 05 2024", "5 March 2024"])
def test_a_date_only_column_dates_the_day(tmp_path: Path, where: str, stamp: str) -> None:
    meta = _meta(tmp_path, _hawkin(tmp_path / "cmj.csv", "Date", stamp, where))
    assert meta.started_utc.astimezone().date() == datetime(2024, 3, 5).date()
    assert "its column 'Date'" in meta.started_at_source and "date only" in meta.started_at_source


def test_an_ambiguous_or_varying_date_column_is_not_read(tmp_path: Path) -> None:
    """01/02/2024 is January or February by locale; two dates in one column date nothing."""
    meta = _meta(tmp_path, _hawkin(tmp_path / "a.csv", "Date", "01/02/2024", "every row"))
    assert meta.started_utc == MTIME
    path = _hawkin(tmp_path / "b.csv", "Date", "2024-03-05", "every row")
    text = path.read_text().replace("2024-03-05\n", "2024-03-06\n", 3)
    path.write_text(text)
    os.utime(path, (MTIME.timestamp(), MTIME.timestamp()))
    meta = read_meta(import_csv(path, tmp_path / "data2", progress=False))
    assert meta.started_utc == MTIME


def test_one_time_of_day_on_every_row_is_no_second_time_axis(tmp_path: Path) -> None:
    """'12:00:00' on every row of a 'timestamp' column said "2 time columns"; it moves no time."""
    meta = _meta(tmp_path, _hawkin(tmp_path / "cmj.csv", "timestamp", "12:00:00", "every row"))
    assert meta.started_utc == MTIME


def test_a_weekday_before_a_date_is_read() -> None:
    assert read_when("Tue Mar 05 2024") == datetime(2024, 3, 5)
    assert read_when("Tuesday, 05 March 2024 10:00") == datetime(2024, 3, 5, 10, 0)
    assert read_when("Monday") is None


def test_a_weekday_that_is_not_the_dates_is_no_date() -> None:
    """'Wed Mar 05 2024' was read as 5 March: the weekday was dropped unchecked (the 5th was a Tuesday)."""
    assert read_when("Wed Mar 05 2024") is None
    assert read_when("Wednesday, 05 March 2024 10:00") is None
    assert read_when("Tue, 05 Mar 2024") == datetime(2024, 3, 5)


@pytest.mark.parametrize(("text", "want", "timed"), [
    ("2024-03-05", datetime(2024, 3, 5), False),
    ("2024.03.05", datetime(2024, 3, 5), False),
    ("20240305", datetime(2024, 3, 5), False),
    ("20240305T1430", datetime(2024, 3, 5, 14, 30), True),
    ("2024-03-05T14:30", datetime(2024, 3, 5, 14, 30), True),
    ("2024-03-05 14:30:15.5", datetime(2024, 3, 5, 14, 30, 15, 500000), True),
    ("Mar 05, 2024", datetime(2024, 3, 5), False),
    ("Mar 05, 2024 14:30", datetime(2024, 3, 5, 14, 30), True),
])
def test_one_reader_says_whether_a_time_was_read(text: str, want: datetime, timed: bool) -> None:
    """Three checks disagreed: '2024.03.05' matched a time's '\\d[:.]\\d{2}', compact '20240305T1430'
    no '\\d:\\d{2}'. The form that matched says it."""
    from sessions.formats.dates import read_dated
    assert read_dated(text) == (want, timed)


@pytest.mark.parametrize("text", ["2024-03-05 14.30", "2024-03-05T14,30", "2024-03-05 14.30.15"])
def test_an_iso_date_with_a_dotted_time_is_no_date(text: str) -> None:
    """fromisoformat('2024-03-05 14.30') is 14:00:00.300: ISO's time has colons (or none)."""
    assert read_when(text) is None


def test_a_compact_iso_date_and_time_column_is_no_date_only(tmp_path: Path) -> None:
    meta = _meta(tmp_path, _hawkin(tmp_path / "cmj.csv", "Date", "20240305T1430", "every row"))
    assert meta.started_utc == _local(2024, 3, 5, 14, 30)
    assert "date only" not in meta.started_at_source


def _logger(path: Path, cols: list[str]) -> Path:
    """A logger's export: a date column, a wall-clock column and the force, in the given order."""
    from datetime import timedelta
    tr = S.jump_trace(seed=4)
    start = datetime(2024, 3, 5, 14, 30, 15)
    rows = []
    for t, fz in zip(tr.t[::2], tr.fz[::2], strict=True):
        at = start + timedelta(seconds=float(t))
        cell = {"Date": "2024-03-05", "Timestamp": at.isoformat(sep=" ", timespec="milliseconds"),
                "Time": at.time().isoformat(timespec="milliseconds"), "Fz": f"{fz:.2f}"}
        rows.append(",".join(cell[c] for c in cols))
    path.write_text("\n".join([",".join(cols), *rows]) + "\n")
    os.utime(path, (MTIME.timestamp(), MTIME.timestamp()))
    return path


@pytest.mark.parametrize("cols", [["Date", "Timestamp", "Fz"], ["Timestamp", "Date", "Fz"]])
def test_the_date_does_not_depend_on_the_column_order(tmp_path: Path, cols: list[str]) -> None:
    """Date,Timestamp,Fz took the date-only column first (noon or the file's time); Timestamp,Date,Fz
    the full time. The first column that has a time dates the session."""
    meta = _meta(tmp_path, _logger(tmp_path / "log.csv", cols))
    assert meta.started_utc == _local(2024, 3, 5, 14, 30, 15)
    assert "date only" not in meta.started_at_source


@pytest.mark.parametrize("cols", [["Date", "Time", "Fz"], ["Time", "Date", "Fz"]])
def test_a_date_column_takes_the_first_time_of_a_time_column(tmp_path: Path, cols: list[str]) -> None:
    """'2024-03-05' beside '14:30:15.000': the day at the time column's first time."""
    meta = _meta(tmp_path, _logger(tmp_path / "log.csv", cols))
    assert meta.started_utc == _local(2024, 3, 5, 14, 30, 15)
    assert "date only" not in meta.started_at_source and "'Time'" in meta.started_at_source
