"""A C3D file's TRIAL:DATE and TRIAL:TIME in every form a lab program could plausibly write them
(sessions/formats/c3d_date.py says which are verified): numbers or text, each of the two either
way, padded with spaces or NULs, day-first where unambiguous, a 12-hour or dotted clock. Before:
a numeric DATE with a text TIME (or the other way round) dropped the time, '05-Mar-2024', a day
before a four-digit year and '14.30.15' were not read, and 'Tue Mar 05 2024' with '2:30:15 PM'
was taken for midnight *with* a time (no 'date only')."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

pytest.importorskip("c3d")

from test_import_unix_dates import MTIME, _c3d, _imported  # noqa: E402

from sessions.importer import import_csv  # noqa: E402
from sessions.session_file import read_meta  # noqa: E402


def _local(*parts: int) -> datetime:
    return datetime(*parts).astimezone(UTC)   # type: ignore[arg-type]


@pytest.mark.parametrize(("date", "clock", "want"), [
    ([2024, 3, 5], "14:30:15", (2024, 3, 5, 14, 30, 15)),
    ("2024-03-05", [14, 30, 15], (2024, 3, 5, 14, 30, 15)),
    ("2024-03-05\x00\x00\x00", "14:30:15\x00", (2024, 3, 5, 14, 30, 15)),
    ("2024-03-05      ", "14:30:15   ", (2024, 3, 5, 14, 30, 15)),
    ("05-Mar-2024", "14:30", (2024, 3, 5, 14, 30, 0)),
    ("2024/03/05", "14.30.15", (2024, 3, 5, 14, 30, 15)),
    ("20240305", "143015", (2024, 3, 5, 14, 30, 15)),
    ("Tue Mar 05 2024", "2:30:15 PM", (2024, 3, 5, 14, 30, 15)),
    ([25, 3, 2024], [9, 5, 1], (2024, 3, 25, 9, 5, 1)),
    ("25 3 2024", "09:05:01", (2024, 3, 25, 9, 5, 1)),
    ([2024, 3, 5], [14, 30, 15, 500], (2024, 3, 5, 14, 30, 15)),
    ([95.0, 3.0, 5.0], [14.0, 30.0], (1995, 3, 5, 14, 30, 0)),
    # a dotted date is a date only: TIME gives the time (its '4.03' read as a time gave midnight)
    ("2024.03.05", "14:30:15", (2024, 3, 5, 14, 30, 15)),
    ("2024.03.05", [14, 30, 15], (2024, 3, 5, 14, 30, 15)),
])
def test_date_and_time_in_either_form(tmp_path: Path, date: object, clock: object, want: tuple[int, ...]) -> None:
    meta = _imported(tmp_path, _c3d(tmp_path / "trial.c3d", date, clock))
    assert meta.started_utc == _local(*want)
    assert "TRIAL:DATE" in meta.started_at_source and "TRIAL:TIME" in meta.started_at_source
    assert "date only" not in meta.started_at_source


@pytest.mark.parametrize("date", ["2024-03-05 14:30:15", "20240305T143015", "2024.03.05 14:30:15"])
def test_a_date_and_time_in_date_alone(tmp_path: Path, date: str) -> None:
    meta = _imported(tmp_path, _c3d(tmp_path / "trial.c3d", date))
    assert meta.started_utc == _local(2024, 3, 5, 14, 30, 15)
    assert "date only" not in meta.started_at_source


@pytest.mark.parametrize("clock", [None, 52215.0, "25:99", "13:00 PM"])
def test_a_time_that_cannot_be_read_leaves_the_day(tmp_path: Path, clock: object) -> None:
    """One number (seconds since what?) and impossible clocks are not guessed: the day only."""
    meta = _imported(tmp_path, _c3d(tmp_path / "trial.c3d", "2024-03-05", clock))
    assert meta.started_utc.astimezone().date() == datetime(2024, 3, 5).date()
    assert "date only" in meta.started_at_source


@pytest.mark.parametrize(("date", "want"), [([24, 3, 5], (2024, 3, 5)), ([5, 3, 24], (2024, 3, 5)),
                                            ([0.0, 1.0, 2.0], (2000, 1, 2)), ([26, 1, 1], (2026, 1, 1))])
def test_a_two_digit_year_in_numbers_is_20yy(tmp_path: Path, date: list[float], want: tuple[int, ...]) -> None:
    """C3D's numeric DATE is year, month, day: a two-digit year 00-31 fell back to the file's time.
    Read day first it may be a past date too ('5, 3, 24': 2005-03-24 or 2024-03-05): the reading
    nearer the file's modification time (2025) is taken, and said (2005 was taken silently)."""
    meta = _imported(tmp_path, _c3d(tmp_path / "trial.c3d", date, [14, 30, 15]))
    assert meta.started_utc == _local(*want, 14, 30, 15) and "TRIAL:DATE" in meta.started_at_source
    if date == [5, 3, 24]:
        assert "'5, 3, 24' read day first as 2024-03-05" in meta.started_at_source


def test_a_two_digit_year_read_either_way_takes_the_one_nearer_the_file(tmp_path: Path) -> None:
    p = _c3d(tmp_path / "trial.c3d", [5, 3, 24], [14, 30, 15])
    when = datetime(2005, 4, 1, tzinfo=UTC).timestamp()
    os.utime(p, (when, when))
    meta = read_meta(import_csv(p, tmp_path / "data", progress=False))
    assert meta.started_utc == _local(2005, 3, 24, 14, 30, 15)
    assert "read year first as 2005-03-24" in meta.started_at_source


@pytest.mark.parametrize("date", [[5, 3, 2024], "05/03/2024", [2024, 2, 30], "yesterday", [0, 0, 0],
                                  "5/3/24", "24 3 5", "Wed Mar 05 2024", [26, 13, 1],
                                  [(datetime.now().year + 1) % 100, 1, 1]])   # a future 20yy
def test_an_ambiguous_or_impossible_date_is_not_read(tmp_path: Path, date: object) -> None:
    meta = _imported(tmp_path, _c3d(tmp_path / "trial.c3d", date, [14, 30, 15]))
    assert meta.started_utc == MTIME and "modification time" in meta.started_at_source
