"""Date and time columns of a text table: a logger's wall clock ('10:00:00.123', ISO with a
date) as seconds from its first row, and a column holding one written date (a test's date beside
its samples). Split from text.py by job."""

from __future__ import annotations

import re
from datetime import datetime

import numpy as np
import polars as pl

from sessions.formats.dates import CLOCK_HMS, parse_dated

CLOCK = re.compile(r"^(?:(?P<d>\d{4}-\d{2}-\d{2})[ T])?" + CLOCK_HMS + r"Z?$")
CLOCK_NAMES = {"time", "timestamp", "clock", "date", "datetime", "zeit", "tiempo", "tempo", "temps"}


def one_date(s: pl.Series) -> tuple[datetime, bool] | None:
    """(when, whether a date only) of a text column holding one unambiguous written date on
    every filled row (a test's date repeated, or given on its first row only); None otherwise."""
    filled = s.drop_nulls().filter(s.drop_nulls() != "").unique()
    if filled.len() != 1:
        return None
    found = parse_dated(re.sub(r"\s+UTC$", "Z", str(filled[0])))
    return (found[0], not found[1]) if found is not None else None


def clock_seconds(s: pl.Series) -> np.ndarray | None:
    """Wall-clock times ('10:00:00.123', '2024-03-01 10:00:00.123', ISO 'T'), as serial and
    DAQ loggers write their time column, in seconds from the first row; None unless every
    filled cell is one. A clock passing midnight goes on (+24 h); a date is counted."""
    parts = s.str.extract_groups(CLOCK.pattern)
    h = parts.struct.field("h").cast(pl.Float64, strict=False).to_numpy()
    filled = (s.is_not_null() & (s != "")).fill_null(False).to_numpy()
    if not filled.any() or not np.isfinite(h[filled]).all():
        return None
    m = parts.struct.field("m").cast(pl.Float64, strict=False).to_numpy()
    sec = parts.struct.field("s").str.replace(",", ".", literal=True).cast(pl.Float64, strict=False).to_numpy()
    day = parts.struct.field("d").str.to_date(strict=False)
    days = (day - day.drop_nulls().min()).dt.total_days().cast(pl.Float64).fill_null(0.0).to_numpy() \
        if day.drop_nulls().len() else np.zeros(h.size)
    t = days * 86400.0 + h * 3600.0 + m * 60.0 + sec
    ok = np.isfinite(t)
    if not day.drop_nulls().len():
        back = np.zeros(t.size)
        back[ok] = np.cumsum(np.r_[0.0, np.diff(t[ok]) < -43200.0]) * 86400.0   # past midnight
        t = t + back
    first = t[ok][0]
    return t - first


__all__ = ["CLOCK", "CLOCK_NAMES", "clock_seconds", "one_date"]
