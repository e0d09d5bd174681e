"""When a foreign recording was made, where its layout says: a header's date line (Kistler
BioWare's `Date`, LabVIEW's `Date` and `Time`, a lab script's `Date: ...`), the first time
of a wall-clock time column that carries a date, a unix time (Hawkin's test `timestamp`, in
seconds since 1970 UTC: a header line, or a column holding it once or on every row) or a C3D
file's TRIAL:DATE and TRIAL:TIME parameters. Only unambiguous dates are read: 01/02/2026
is January or February by locale, never guessed (the file's modification time is used then).
A dotted date with the year last, 07.12.2026, is day first: the dot is the mark of the locales
that write day.month.year (German, Swiss, Nordic, Russian: BioWare's own market); month-first
locales write a slash."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, time, timedelta

import numpy as np

# 'created' is no key: it is usually when the file was made or exported, not the recording.
_DATE_LINE = re.compile(r"^\s*(?:#+|%+|//)?\s*(?P<key>date|date\s*/\s*time|datetime|recorded|recording\s+date|"
                        r"timestamp|time\s*stamp|unix\s*time(?:stamp)?|epoch)"
                        r"\s*[:=,;\t]\s*(?P<value>.+?)[\s,;]*$", re.I)
_TIME_LINE = re.compile(r"^\s*(?:#+|%+|//)?\s*time\s*[:=,;\t]\s*(?P<value>.+?)[\s,;]*$", re.I)
# A time of day as written, the one pattern every reader here uses: hours and minutes, seconds
# (a decimal point or comma), the same mark between all parts (14:30:15 or 14.30.15), am/pm.
# CLOCK_HMS is its colon form with seconds, as a logger's clock column writes every row.
CLOCK_HMS = r"(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2}(?:[.,]\d+)?)"
_CLOCK = re.compile(r"^(?P<h>\d{1,2})(?P<sep>[:.])(?P<m>\d{2})(?:(?P=sep)(?P<s>\d{2}(?:[.,]\d+)?))?"
                    r"\s*(?:(?P<ampm>[ap])\.?m\.?)?$", re.I)
# ISO's time after the date: with colons, or compact (hh, hhmm, hhmmss[.f]); '14.30' is no ISO
# time (fromisoformat read it as 14:00:00.300)
_ISO = re.compile(r"^\d{4}-?\d{2}-?\d{2}(?:[T ](?P<time>.+?))?(?:Z|[+-]\d{2}(?::?\d{2})?)?$")
_ISO_TIME = re.compile(r"\d{2}(?::\d{2}(?::\d{2}(?:[.,]\d+)?)?|\d{2}(?:\d{2}(?:[.,]\d+)?)?)?")
# a date of numbers with the year last, as a locale's short date writes it (BioWare's `Date` line on
# a Windows set to dd/mm/yyyy or mm/dd/yyyy): day and month in the order the locale chose
_NUMERIC = re.compile(r"^(?P<a>\d{1,2})(?P<sep>[/-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?P<rest>(?:[ T].*)?)$")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DATES = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%d.%m.%Y", "%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%d-%b-%Y")
_TIMES = ("", " %H:%M", " %H:%M:%S", " %H:%M:%S.%f", "T%H:%M", "T%H:%M:%S", "T%H:%M:%S.%f",
          " %I:%M %p", " %I:%M:%S %p", " %I:%M:%S.%f %p")   # a 12-hour clock: BioWare on a US Windows
# A clock that was never set reads 1970 (Unix) or 1980 (DOS/FAT: BioWare's 'Jan 01, 1980'); the
# plates and programs whose exports these are came later. A date ahead of now is a wrong clock too.
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)


def read_clock(text: str) -> tuple[int, int, float] | None:
    """(hour, minute, second) of a time of day as written (see _CLOCK); None when it is not one."""
    m = _CLOCK.match(text.strip())
    if not m:
        return None
    h, mi, s = int(m["h"]), int(m["m"]), float((m["s"] or "0").replace(",", "."))
    if m["ampm"]:                      # 12-hour clock
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if m["ampm"].lower() == "p" else 0)
    return (h, mi, s) if h <= 23 and mi <= 59 and s < 60 else None


def read_when(text: str) -> datetime | None:
    """An unambiguous date (and time) as written: naive unless it names its own zone (ISO 'Z'
    or +hh:mm); None when it is not one. No plausibility window (see parse_when)."""
    found = read_dated(text)
    return found[0] if found is not None else None


def read_dated(text: str, order: str | None = None) -> tuple[datetime, bool] | None:
    """(read_when's date, whether it holds a time of day: from the form that matched, so
    '2024.03.05' is a date only and '20240305T1430' a date and time); None when it is not one.
    A weekday before the date must be the date's ('Wed Mar 05 2024' is no date: the 5th was a
    Tuesday). `order` ('dmy' | 'mdy', --date-order) reads a numeric date whose numbers do not
    show it (03/05/2024)."""
    s = text.strip()
    weekday = re.match(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", s, re.I)   # 'Tue Mar 05 2024'
    if weekday:
        s = s[weekday.end():]
    found = _read_dated(s, order)
    if found is None or weekday and found[0].weekday() != _WEEKDAYS.index(weekday.group(1).lower()):
        return None
    return found


def _read_dated(s: str, given: str | None = None) -> tuple[datetime, bool] | None:
    s = re.sub(r"(\d{1,2}:\d{2}:\d{2}),(\d+)", r"\1.\2", s)   # a decimal comma in the seconds,
    s = " ".join(s.replace(",", ", ").split()).replace(" ,", ",").strip()   # before 'Mar 05,2024' is spaced
    s = re.sub(r"(?<=\d)\s*([ap])\.?m\.?$", lambda m: f" {m.group(1).upper()}M", s, flags=re.I)   # '2:02 p.m.'
    m = re.search(r"\.(\d{7,})", s)
    if m:                                                      # strptime takes 6 digits of fraction
        s = s.replace(m.group(0), "." + m.group(1)[:6])
    numeric = _NUMERIC.match(s)
    if numeric:   # 13/05/2024 or 05/13/2024: the order shows; 03/05/2024 does not (read neither way)
        order = _order(int(numeric["a"]), int(numeric["b"])) or given
        if order is None:
            return None
        day, month = (numeric["a"], numeric["b"]) if order == "dmy" else (numeric["b"], numeric["a"])
        s = f"{numeric['y']}-{int(month):02d}-{int(day):02d}{numeric['rest']}"
    iso = _ISO.match(s)
    if iso and (iso["time"] is None or _ISO_TIME.fullmatch(iso["time"])):
        try:
            return datetime.fromisoformat(s.replace("Z", "+00:00")), iso["time"] is not None
        except ValueError:
            pass
    for d in _DATES:
        for t in _TIMES:
            try:
                return datetime.strptime(s, d + t), t != ""
            except ValueError:
                continue
    return None


def _order(a: int, b: int) -> str | None:
    """'dmy' or 'mdy' for a numeric date whose first two numbers show their order (one over 12,
    or both the same); None when both orders are dates (03/05: 3 May or March 5)."""
    if not (1 <= a <= 31 and 1 <= b <= 31) or a > 12 and b > 12:
        return "dmy"                       # no date either way: strptime refuses it below
    if a > 12 or a == b:
        return "dmy"
    if b > 12:
        return "mdy"
    return None


def day_or_month(text: str) -> str:
    """For a numeric date whose order its numbers do not show ('03/05/2024 14:02:40'): the two
    dates it may be ('3 May 2024 or March 5, 2024'); "" for any other text."""
    m = _NUMERIC.match(" ".join(text.split()))
    if m is None or _order(int(m["a"]), int(m["b"])) is not None:
        return ""
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    try:
        dmy, mdy = datetime(y, b, a), datetime(y, a, b)
    except ValueError:
        return ""
    return f"{dmy.day} {dmy:%B %Y} or {mdy:%B} {mdy.day}, {y}"


def as_utc(when: datetime) -> datetime | None:
    """In UTC, a naive time read as this computer's local time (a lab's computer wrote it, a
    person typed it: wall-clock time); None when it has no UTC time (year 1 or 9999 moved)."""
    try:
        return when.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def parse_when(text: str, order: str | None = None) -> datetime | None:
    """A file's date (read_when, local time unless it names a zone) in UTC; None when it is not
    one or not plausible (before EARLIEST, ahead of now)."""
    found = parse_dated(text, order)
    return found[0] if found is not None else None


def parse_dated(text: str, order: str | None = None) -> tuple[datetime, bool] | None:
    """(parse_when's date in UTC, whether it holds a time of day: see read_dated)."""
    found = read_dated(text, order)
    when = as_utc(found[0]) if found is not None else None
    if found is None or when is None:
        return None
    return (when, found[1]) if EARLIEST <= when <= datetime.now(UTC) + timedelta(days=1) else None


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


def header_date(lines: list[str], order: str | None = None) -> tuple[datetime | None, str, bool]:
    """(when, which line said so, whether it holds a date only) from a header block's date line,
    with a separate time line where the date has none (LabVIEW); (None, "", False) when the
    header holds no usable date. A date only is its local midnight (see on_the_day). `order`:
    --date-order, for a numeric date whose numbers do not show it."""
    clock = next((c for ln in lines if (m := _TIME_LINE.match(ln)) and (c := read_clock(m["value"]))), None)
    time_text = f"{clock[0]:02d}:{clock[1]:02d}:{clock[2]:09.6f}" if clock is not None else ""
    for ln in lines:
        m = _DATE_LINE.match(ln)
        if not m:
            continue
        value = m.group("value")
        cells = {c.strip() for c in value.split("\t")} - {""}
        # BioWare repeats a header's value once per channel ('Rate (Hz):' 8 times): one date
        value = cells.pop() if len(cells) == 1 else value.replace("\t", " ")
        if re.fullmatch(r"\d{9,13}(?:\.\d*)?", value.strip()):   # a unix time (Hawkin's test timestamp)
            when = unix_when(float(value))
            if when is not None:
                return when, f"its header's '{' '.join(m.group('key').split())}' line (unix time)", False
            continue
        found = parse_dated(value, order)
        when, date_only = (found[0], not found[1]) if found is not None else (None, True)
        if when is not None and time_text and date_only:
            timed = parse_when(f"{value.strip()} {time_text}", order)
            when, date_only = (timed, False) if timed is not None else (when, True)
        if when is not None:
            how = f", {'day' if order == 'dmy' else 'month'} first by --date-order" if day_or_month(value) else ""
            return when, f"its header's '{' '.join(m.group('key').split())}' line{how}", date_only
    return None, "", False


def header_date_unread(lines: list[str]) -> str:
    """Why the header's date line was not read when its numbers do not show the day and month
    order ("its header's 'Date' line, 03/05/2024 14:02:40, is 3 May 2024 or March 5, 2024 by
    locale"); "" otherwise."""
    for ln in lines:
        m = _DATE_LINE.match(ln)
        if not m:
            continue
        cells = {c.strip() for c in m.group("value").split("\t")} - {""}
        value = cells.pop() if len(cells) == 1 else m.group("value").replace("\t", " ")
        both = day_or_month(value)
        if both:
            key = " ".join(m.group("key").split())
            return f"its header's '{key}' line, {' '.join(value.split())}, is {both} by locale"
    return ""


def on_the_day(midnight: datetime, mtime_s: float) -> tuple[datetime, str]:
    """A recording known by its day only: the file's modification time where it falls on that
    local day (the session's end or its export: trials of one day keep their order), else noon
    local time (the day stays the day in every time zone from UTC-12 to UTC+12)."""
    day = midnight.astimezone().date()
    mtime = datetime.fromtimestamp(mtime_s).astimezone()
    if mtime.date() == day:
        return mtime.astimezone(UTC), "date only: the time is the file's modification time"
    return datetime.combine(day, time(12)).astimezone(UTC), "date only: noon local time"


__all__ = ["CLOCK_HMS", "EARLIEST", "as_utc", "day_or_month", "header_date_unread", "parse_dated", "read_clock", "read_dated", "header_date", "on_the_day", "parse_when", "read_when", "unix_column", "unix_scaled", "unix_when"]
