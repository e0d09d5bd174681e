"""Dotted dates are day first (07.12.2026 is 7 December: the dot is the mark of the locales that
write day.month.year, BioWare's own market), and `analyze --format csv` carries the recorded date
that the table and the JSON show."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import import_synth as S
from hypothesis import given
from hypothesis import strategies as st

from eccentric.cli import main
from sessions.formats.dates import header_date, parse_dated


@given(day=st.dates(min_value=date(1990, 1, 2), max_value=date.today() - timedelta(days=1)))
def test_a_dotted_date_is_read_day_first(day: date) -> None:
    found = parse_dated(f"{day.day:02d}.{day.month:02d}.{day.year}")
    assert found is not None and found[0].astimezone().date() == day and found[1] is False


def test_a_year_first_dotted_date_still_reads() -> None:
    assert parse_dated("2024.03.05")[0].astimezone().date() == date(2024, 3, 5)


def test_a_bioware_date_line_dotted_with_a_time() -> None:
    when, where, date_only = header_date(["Date\t05.03.2024  14:02:40"])
    assert when == datetime(2024, 3, 5, 14, 2, 40).astimezone(UTC) and not date_only and "'Date'" in where


def test_a_bioware_export_with_a_dotted_date_is_dated_by_it(tmp_path, capsys) -> None:
    path = S.write_kistler_bioware(tmp_path / "SubjectA_CMJ.txt", S.jump_trace(2))
    path.write_text(path.read_text().replace("Jan 01, 1980  03:02:40", "05.03.2024  14:02:40"))
    assert main(["analyze", str(path), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and all(r["recorded_at"] == datetime(2024, 3, 5, 14, 2, 40).astimezone(UTC).isoformat()
                        for r in rows)
    assert "'Date' line" in rows[0]["recorded_at_source"]


def test_analyze_csv_without_reps_still_names_the_date_columns(tmp_path, capsys) -> None:
    path = tmp_path / "still.csv"
    path.write_text("time_s,force_n\n" + "\n".join(f"{i / 1000:.3f},{700 + i % 3}" for i in range(3000)) + "\n")
    assert main(["analyze", str(path), "--format", "csv"]) == 0
    header = capsys.readouterr().out.splitlines()[0].split(",")
    assert header[-2:] == ["recorded_at", "recorded_at_source"]
