"""When a foreign recording was made, where its layout says: a header's date line (Kistler
BioWare's `Date`, LabVIEW's `Date` and `Time`, a lab script's `Date: ...`), the first time
of a wall-clock time column that carries a date, a unix time (Hawkin's test `timestamp`, in
seconds since 1970 UTC: a header line, or a column holding it once or on every row) or a C3D
file's TRIAL:DATE and TRIAL:TIME parameters. Only unambiguous dates are read: 01/02/2026
is January or February by locale, never guessed (the file's modification time is used then)."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, time, timedelta

import numpy as np

# 'created' is no key: it is usually when the file was made or exported, not the recording.
_DATE_LINE = re.compile(r"^\s*(?:#+|%+|//)?\s*(?P<key>date|date\s*/\s*time|datetime|recorded|recording\s+date|"
                        r"timestamp|time\s*stamp|unix\s*time(?:stamp)?|epoch)"
                        r"\s*[:=,;\t]\s*(?P<value>.+?)[\s,;]*$", re.I)
_TIME_LINE = re.compile(r"^\s*(?:#+|%+|//)?\s*time\s*[:=,;\t]\s*(\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)[\s,;]*$", re.I)
_DATES = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%d-%b-%Y")
_TIMES = ("", " %H:%M", " %H:%M:%S", " %H:%M:%S.%f", "T%H:%M", "T%H:%M:%S", "T%H:%M:%S.%f")
# A clock that was never set reads 1970 (Unix) or 1980 (DOS/FAT: BioWare's 'Jan 01, 1980'); the
# plates and programs whose exports these are came later. A date ahead of now is a wrong clock too.
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)


def read_when(text: str) -> datetime | None:
    """An unambiguous date (and time) as written: naive unless it names its own zone (ISO 'Z'
    or +hh:mm); None when it is not one. No plausibility window (see parse_when)."""
    s = re.sub(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", "", text.strip(), flags=re.I)  # 'Tue Mar 05 2024'
    s = re.sub(r"(\d{1,2}:\d{2}:\d{2}),(\d+)", r"\1.\2", s)   # a decimal comma in the seconds,
    s = " ".join(s.replace(",", ", ").split()).replace(" ,", ",").strip()   # before 'Mar 05,2024' is spaced
    m = re.search(r"\.(\d{7,})", s)
    if m:                                                      # strptime takes 6 digits of fraction
        s = s.replace(m.group(0), "." + m.group(1)[:6])
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        pass
    for d in _DATES:
        for t in _TIMES:
            try:
                return datetime.strptime(s, d + t)
            except ValueError:
                continue
    return None


def as_utc(when: datetime) -> datetime | None:
    """In UTC, a naive time read as this computer's local time (a lab's computer wrote it, a
    person typed it: wall-clock time); None when it has no UTC time (year 1 or 9999 moved)."""
    try:
        return when.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def parse_when(text: str) -> datetime | None:
    """A file's date (read_when, local time unless it names a zone) in UTC; None when it is not
    one or not plausible (before EARLIEST, ahead of now)."""
    when = read_when(text)
    when = as_utc(when) if when is not None else None
    if when is None:
        return None
    return when if EARLIEST <= when <= datetime.now(UTC) + timedelta(days=1) else None


def unix_when(value: float) -> datetime | None:
    """A unix time (seconds since 1970-01-01 UTC; milliseconds where seconds would be over a
    thousand years ahead, as JavaScript and many APIs count) in UTC, if plausible."""
    found = unix_scaled(value)
    return found[0] if found is not None else None


def unix_scaled(value: float) -> tuple[datetime, float] | None:
    """(when, seconds per unit: 1 or 0.001) of a plausible unix time (see unix_when)."""
    if not math.isfinite(value):
        return None
    now = datetime.now(UTC) + timedelta(days=1)
    for scale in (1.0, 1e-3):
        try:
            when = datetime.fromtimestamp(value * scale, UTC)
        except (ValueError, OverflowError, OSError):
            continue
        if EARLIEST <= when <= now:
            return when, scale
    return None


_UNIX_NAMES = ({"timestamp"}, {"time", "stamp"}, {"unix", "time"}, {"unix", "timestamp"}, {"epoch"},
               {"unix"}, {"utc", "timestamp"}, {"epoch", "time"})


MAX_UNIX_STEP_S = 0.1   # s, the step of a 10-Hz recording, the slowest a force plate exports


def unix_column(name_tokens: set[str], values: np.ndarray) -> tuple[datetime, bool, float] | None:
    """(when, whether the column is that date alone, seconds per unit) for a column named as a
    unix time whose first value is one: the same value on every filled row (a test's
    `timestamp` repeated, or given on the first row only) is the recording's date, not a time
    axis; rising values are a time axis in unix time (s or ms), which starts at its first
    value. None for any other column."""
    if name_tokens not in _UNIX_NAMES:
        return None
    filled = values[np.isfinite(values)]
    if filled.size == 0:
        return None
    found = unix_scaled(float(filled[0]))
    if found is None:
        return None
    when, scale = found
    if (filled == filled[0]).all():
        return when, True, scale
    steps = np.diff(filled)
    # a plate samples at 10 Hz or faster: a rising count that steps a second or more in its
    # unit-s reading is a device counter (ms or us since power-on), not a unix time
    if not (steps > 0).all() or float(np.median(steps)) * scale > MAX_UNIX_STEP_S:
        return None
    return when, False, scale


def header_date(lines: list[str]) -> tuple[datetime | None, str, bool]:
    """(when, which line said so, whether it holds a date only) from a header block's date line,
    with a separate time line where the date has none (LabVIEW); (None, "", False) when the
    header holds no usable date. A date only is its local midnight (see on_the_day)."""
    time_text = next((m.group(1) for ln in lines if (m := _TIME_LINE.match(ln))), "")
    for ln in lines:
        m = _DATE_LINE.match(ln)
        if not m:
            continue
        value = m.group("value").replace("\t", " ")
        if re.fullmatch(r"\d{9,13}(?:\.\d*)?", value.strip()):   # a unix time (Hawkin's test timestamp)
            when = unix_when(float(value))
            if when is not None:
                return when, f"its header's '{' '.join(m.group('key').split())}' line (unix time)", False
            continue
        when = parse_when(value)
        date_only = not re.search(r"\d:\d{2}", value)
        if when is not None and time_text and date_only:
            timed = parse_when(f"{value.strip()} {time_text}")
            when, date_only = (timed, False) if timed is not None else (when, True)
        if when is not None:
            return when, f"its header's '{' '.join(m.group('key').split())}' line", date_only
    return None, "", False


def on_the_day(midnight: datetime, mtime_s: float) -> tuple[datetime, str]:
    """A recording known by its day only: the file's modification time where it falls on that
    local day (the session's end or its export: trials of one day keep their order), else noon
    local time (the day stays the day in every time zone from UTC-12 to UTC+12)."""
    day = midnight.astimezone().date()
    mtime = datetime.fromtimestamp(mtime_s).astimezone()
    if mtime.date() == day:
        return mtime.astimezone(UTC), "date only: the time is the file's modification time"
    return datetime.combine(day, time(12)).astimezone(UTC), "date only: noon local time"


__all__ = ["EARLIEST", "as_utc", "header_date", "on_the_day", "parse_when", "read_when", "unix_column", "unix_scaled", "unix_when"]
