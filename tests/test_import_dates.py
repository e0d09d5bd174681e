"""Imported sessions are dated by the file's own date where its layout carries one (Kistler
BioWare's `Date` line, LabVIEW's `Date` + `Time`, a wall clock with a date), else by the file's
modification time - never by the time of the import - and the session says which."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

import import_synth as S
import pytest

from eccentric.cli import main
from sessions.formats.dates import header_date, parse_when
from sessions.formats.table import ImportOptions
from sessions.importer import import_csv
from sessions.library import Library
from sessions.session_file import read_meta

MTIME = datetime(2025, 6, 7, 8, 9, 10, tzinfo=UTC)


def _imported(tmp_path: Path, path: Path):
    os.utime(path, (MTIME.timestamp(), MTIME.timestamp()))
    return read_meta(import_csv(path, tmp_path / "data", progress=False))


@pytest.mark.parametrize("writer", ["hawkin_py", "pasco", "vernier_ga", "opensim", "parquet"])
def test_a_layout_without_a_date_is_dated_by_its_modification_time(tmp_path: Path, writer: str) -> None:
    write = getattr(S, f"write_{writer}")
    name = tmp_path / f"{writer}.{'parquet' if writer == 'parquet' else 'csv'}"
    path = write(name, S.jump_trace(1), runs=1) if writer == "pasco" else write(name, S.jump_trace(1))
    meta = _imported(tmp_path, path)
    assert meta.started_utc == MTIME
    assert "modification time" in meta.started_at_source


def test_bioware_with_a_set_clock_is_dated_by_its_date_line(tmp_path: Path) -> None:
    path = S.write_kistler_bioware(tmp_path / "SubjectA_CMJ.txt", S.jump_trace(2))
    text = path.read_text().replace("Jan 01, 1980  03:02:40", "Mar 05, 2024  14:02:40")
    path.write_text(text)
    meta = _imported(tmp_path, path)
    assert meta.started_utc == datetime(2024, 3, 5, 14, 2, 40).astimezone(UTC)
    assert meta.started_at_source.startswith("the file's own date") and "'Date'" in meta.started_at_source


@pytest.mark.parametrize("written", [
    "Mar 05, 2024  02:02:40 PM",                       # a US Windows: a 12-hour clock
    "Mar 5, 2024 2:02:40 p.m.",
    "Mar 05, 2024  14:02:40\tMar 05, 2024  14:02:40",  # once per channel, as its other header lines
    "Mar 05, 2024  14:02:40" + "\tMar 05, 2024  14:02:40" * 7 + "\t",
])
def test_bioware_date_line_as_other_locales_and_versions_write_it(tmp_path: Path, written: str) -> None:
    """The 'Date' line with a 12-hour clock, or repeated per channel, was no date: the
    session took the file's modification time."""
    path = S.write_kistler_bioware(tmp_path / "SubjectA_CMJ.txt", S.jump_trace(2))
    path.write_bytes(path.read_bytes().replace(b"Jan 01, 1980  03:02:40", written.encode()))
    meta = _imported(tmp_path, path)
    assert meta.started_utc == datetime(2024, 3, 5, 14, 2, 40).astimezone(UTC)
    assert "'Date'" in meta.started_at_source


def test_bioware_with_a_clock_never_set_falls_back_to_the_modification_time(tmp_path: Path) -> None:
    """BioWare's 'Jan 01, 1980' is a PC clock never set (the DOS epoch), not the session's day."""
    path = S.write_kistler_bioware(tmp_path / "SubjectA_SJ.txt", S.jump_trace(3))
    meta = _imported(tmp_path, path)
    assert meta.started_utc == MTIME and "modification time" in meta.started_at_source


def test_labview_date_and_time_lines(tmp_path: Path) -> None:
    path = S.write_labview_lvm(tmp_path / "trial.lvm", S.jump_trace(4))
    meta = _imported(tmp_path, path)
    assert meta.started_utc == datetime(2024, 3, 1, 10, 0, 0, 123400).astimezone(UTC)
    assert "file's own date" in meta.started_at_source


def test_a_wall_clock_column_with_a_date(tmp_path: Path) -> None:
    tr = S.jump_trace(5)
    start = datetime(2024, 9, 1, 7, 30, 0)
    rows = [f"{(start.timestamp() + t):.3f},{f:.1f}" for t, f in zip(tr.t, tr.fz, strict=True)]
    rows = [f"{datetime.fromtimestamp(float(r.split(',')[0])).isoformat(sep=' ', timespec='milliseconds')},"
            f"{r.split(',')[1]}" for r in rows]
    path = tmp_path / "logger.csv"
    path.write_text("timestamp,force_n\n" + "\n".join(rows) + "\n")
    meta = _imported(tmp_path, path)
    assert meta.started_utc == start.astimezone(UTC)
    assert "'timestamp'" in meta.started_at_source


def test_a_decimal_comma_in_the_seconds_is_read() -> None:
    """'10:11:12,5' (a European clock) was spaced as a list ('12, 5') before its comma was read."""
    assert parse_when("2024-03-05 10:11:12,5") == datetime(2024, 3, 5, 10, 11, 12, 500000).astimezone(UTC)
    when, where, date_only = header_date(["Date: 2024-03-05", "Time: 10:11:12,5"])   # LabVIEW: midnight before
    assert when == datetime(2024, 3, 5, 10, 11, 12, 500000).astimezone(UTC) and "'Date'" in where
    assert not date_only


def test_a_wall_clock_column_with_a_decimal_comma_in_its_seconds(tmp_path: Path) -> None:
    tr = S.jump_trace(5)
    start = datetime(2024, 9, 1, 7, 30, 0)
    stamps = [datetime.fromtimestamp(start.timestamp() + t).isoformat(sep=" ", timespec="milliseconds")
              for t in tr.t]
    path = tmp_path / "logger.csv"
    path.write_text("timestamp;force_n\n" + "\n".join(f"{c.replace('.', ',')};{f:.1f}"
                                                     for c, f in zip(stamps, tr.fz, strict=True)) + "\n")
    os.utime(path, (MTIME.timestamp(), MTIME.timestamp()))
    meta = read_meta(import_csv(path, tmp_path / "data", progress=False,
                                options=ImportOptions(delimiter=";", decimal=".")))
    assert meta.started_utc == start.astimezone(UTC)
    assert "'timestamp'" in meta.started_at_source


@pytest.mark.parametrize(("line", "label"), [("Date,2024-03-05", "Date"), ("Recording date: 2024-03-05", "Recording date"),
                                             ("# Date/Time = 2024-03-05 10:00", "Date/Time"), ("Date\t2024/03/05\t", "Date")])
def test_the_date_line_is_named_by_its_key(line: str, label: str) -> None:
    assert header_date([line])[1] == f"its header's '{label}' line"


def test_a_created_line_is_not_the_recording_date() -> None:
    """'Created' is usually when the file was made or exported: the modification time is as good."""
    assert header_date(["Created: 2024-03-05 10:00"]) == (None, "", False)


def _dated_file(tmp_path: Path, mtime: datetime) -> Path:
    tr = S.jump_trace(7)
    path = tmp_path / "lab.csv"
    path.write_text("# Date: 2024-03-05\ntime_s,force_n\n"
                    + "\n".join(f"{t:.3f},{f:.1f}" for t, f in zip(tr.t, tr.fz, strict=True)) + "\n")
    os.utime(path, (mtime.timestamp(), mtime.timestamp()))
    return path


def test_a_date_only_header_takes_the_modification_time_on_that_day(tmp_path: Path) -> None:
    """Not midnight: trials of one day keep their order, and a UTC+ zone does not show the day before."""
    mtime = datetime(2024, 3, 5, 15, 20, 7).astimezone()
    meta = read_meta(import_csv(_dated_file(tmp_path, mtime), tmp_path / "data", progress=False))
    assert meta.started_utc == mtime.astimezone(UTC)
    assert "'Date'" in meta.started_at_source and "date only" in meta.started_at_source


def test_a_date_only_header_is_noon_local_when_the_file_was_changed_another_day(tmp_path: Path) -> None:
    meta = read_meta(import_csv(_dated_file(tmp_path, MTIME), tmp_path / "data", progress=False))
    assert meta.started_utc == datetime(2024, 3, 5, 12).astimezone(UTC)
    assert meta.started_utc.astimezone().date() == datetime(2024, 3, 5).date()
    assert "date only" in meta.started_at_source and "noon" in meta.started_at_source


@pytest.fixture
def tokyo(monkeypatch: pytest.MonkeyPatch):
    """A local zone that is not UTC (the test host's usually is), so local and UTC readings differ."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("tokyo")
def test_started_at_without_a_zone_is_local_time_as_a_files_date_is(tmp_path: Path) -> None:
    """People type wall-clock time; a file's zone-less date is read as local time too."""
    path = S.write_pasco(tmp_path / "p.csv", S.jump_trace(6), runs=1)
    assert main(["--data-dir", str(tmp_path / "d"), "import", str(path), "--started-at", "2024-03-05T10:00"]) == 0
    [s] = Library(tmp_path / "d").list()
    assert read_meta(s.path).started_utc == datetime(2024, 3, 5, 1, tzinfo=UTC)     # 10:00 in Tokyo (+09:00)
    assert main(["--data-dir", str(tmp_path / "z"), "import", str(path), "--started-at", "2024-03-05T10:00Z"]) == 0
    [s] = Library(tmp_path / "z").list()
    assert read_meta(s.path).started_utc == datetime(2024, 3, 5, 10, tzinfo=UTC)    # a named zone is kept
    meta = read_meta(import_csv(path, tmp_path / "api", started_at=datetime(2024, 3, 5, 10), progress=False))
    assert meta.started_utc == datetime(2024, 3, 5, 1, tzinfo=UTC)


def test_given_start_wins_and_says_so(tmp_path: Path) -> None:
    path = S.write_pasco(tmp_path / "p.csv", S.jump_trace(6), runs=1)
    when = datetime(2026, 4, 1, 10, tzinfo=UTC)
    meta = read_meta(import_csv(path, tmp_path / "data", started_at=when, progress=False))
    assert meta.started_utc == when and "--started-at" in meta.started_at_source


@pytest.mark.parametrize("text", ["01/02/2024", "Jan 01, 1980 03:02:40", "1970-01-01", "2999-01-01", "soon",
                                  "9999-12-31T23:59:59-05:00", "0001-01-01"])
def test_ambiguous_or_implausible_dates_are_not_read(text: str) -> None:
    assert parse_when(text) is None
    assert header_date([f"Date: {text}"]) == (None, "", False)
