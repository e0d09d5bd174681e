"""A text table's columns from Polars' parsed body: numbers (units applied), wall-clock times,
the date a clock or date column gives the session, and the exporting software told by the
column names (split from text.py by job)."""

from __future__ import annotations

import re
from datetime import datetime
from datetime import time as dtime

import numpy as np
import polars as pl

from sessions.formats.clock_columns import CLOCK_NAMES, clock_seconds, one_date
from sessions.formats.dates import as_utc, parse_when, read_clock
from sessions.formats.names import parse_header, tokens
from sessions.formats.table import Column
from sessions.formats.text_lines import float_array


def day_and_time(day: tuple[datetime, str, bool], clock: tuple[str, str]) -> tuple[datetime, str, bool] | None:
    """A date-only column's day at the first time of a time-of-day column, in UTC; None unless
    the day is a date only and the time reads."""
    hms = read_clock(clock[0])
    if not day[2] or hms is None:
        return None
    h, m, s = hms
    local = datetime.combine(day[0].astimezone().date(), dtime(h, m, int(s), round((s % 1) * 1e6) % 1_000_000))
    when = as_utc(local)
    return (when, f"{day[1]} and the first time in its column '{clock[1]}'", False) if when is not None else None


def read_columns(series: list[pl.Series | None], names: list[str], units: list[str], dec: str, body_from: int,
             clock_dates: list[tuple[datetime, str, bool]] | None = None,
             clock_times: list[tuple[str, str]] | None = None) -> list[Column]:
    """The columns; clock_dates gets (date and time, where, whether a date only) of each
    wall-clock column's first row that carries a date, and of each date or time column holding
    one written date on every row or on the first only (a test's date beside its samples);
    clock_times (first time, column name) of each wall-clock column with no date."""
    out: list[Column] = []
    width = len(series)
    n_cols = max(width, len(names))
    for j in range(n_cols):
        raw = names[j] if j < len(names) else ""
        unit = units[j] if j < len(units) else ""
        header = parse_header(raw, unit)
        if j >= width:
            continue
        col = series[j]
        series[j] = None
        assert col is not None
        if col.dtype.is_numeric() or col.dtype == pl.Null:
            x = float_array(col)
            if not raw and not np.isfinite(x).any() and col.null_count() == col.len():
                continue                      # a trailing delimiter: an empty, unnamed column
            out.append(Column(header, j + 1, x * header.factor if header.factor != 1.0 else x,
                              line0=body_from + 1))
            continue
        orig = col
        if col.dtype != pl.String:   # Polars reads a column of true/false as Boolean: a flag, text here
            col = col.cast(pl.String)
        s = col.str.strip_chars().str.strip_chars('"')
        if dec == ",":
            s = s.str.replace(",", ".", literal=True)
        filled = s.is_not_null() & (s != "")
        vals = s.cast(pl.Float64, strict=False)
        bad = filled & vals.is_null()
        n_filled, n_bad = int(filled.sum()), int(bad.sum())
        if n_filled == 0 and not raw:
            continue                          # a trailing delimiter: an empty, unnamed column
        first_bad = None
        if n_bad:
            r = int(bad.arg_true()[0])
            first_bad = (r, str(orig[r]))
        if n_filled and n_bad * 2 > n_filled:
            clock = clock_seconds(s) if CLOCK_NAMES & set(tokens(header.name)) else None
            if clock is not None:    # a logger's wall-clock time: seconds from its first row
                first = s.drop_nulls().filter(s.drop_nulls() != "")[0]
                when = parse_when(first) if clock_dates is not None and re.match(r"\d{4}-", first) else None
                alone = not np.nanmax(np.abs(clock)) > 0   # one time on every row: the date, no time axis
                if when is not None and clock_dates is not None:
                    clock_dates.append((when, f"{'its' if alone else 'the first time in its'} column '{header.raw}'",
                                        False))
                if when is None and not alone and clock_times is not None:
                    clock_times.append((first, header.raw))
                if alone and when is None:   # one time of day on every row: no time axis, no date
                    out.append(Column(header, j + 1, None, first_bad, line0=body_from + 1))
                    continue
                out.append(Column(header, j + 1, clock, line0=body_from + 1, date=alone and when is not None))
                continue
            stamp = one_date(s) if CLOCK_NAMES & set(tokens(header.name)) else None
            if stamp is not None and clock_dates is not None:   # '2024-03-05', 'Mar 05, 2024 12:00' on every row
                clock_dates.append((stamp[0], f"its column '{header.raw}'", stamp[1]))
            out.append(Column(header, j + 1, None, first_bad, line0=body_from + 1))
            continue
        x = vals.fill_null(float("nan")).to_numpy().astype(np.float64, copy=False)
        if header.factor != 1.0:
            x = x * header.factor
        out.append(Column(header, j + 1, x, first_bad, line0=body_from + 1))
    return out


def format_of(headers: list, sep: str, suffix: str) -> str:
    return vendor_of(headers) or {".tsv": "TSV", ".txt": "text table"}.get(suffix, "CSV" if sep in ",;" else "text table")


def vendor_of(headers: list) -> str:
    """The exporting software told by its column names ('' when they tell nothing)."""
    low = {h.raw.lower() for h in headers}
    groups = {h.group for h in headers if h.group}
    if any(g.startswith("Run #") for g in groups):
        return "PASCO Capstone CSV"
    if any(g.startswith("Data Set") for g in groups):
        return "Vernier Graphical Analysis CSV"
    if groups & {"Latest"} or any(re.fullmatch(r"Run \d+", g) for g in groups):
        return "Vernier Logger Pro CSV"
    if {"combinedforce(n)", "leftforce(n)"} & low or {"force_combined", "force_left"} & low:
        return "Hawkin Dynamics force-time CSV"
    if {"seq", "flags", "total_force_n"} <= low:
        return "eccentric samples export"
    return ""


__all__ = ["day_and_time", "format_of", "read_columns", "vendor_of"]
