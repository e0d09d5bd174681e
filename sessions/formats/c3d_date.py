"""When a C3D trial was recorded: its TRIAL:DATE and TRIAL:TIME parameters.

What is verified and what is not: the C3D parameter types (char, byte, int16, float) and how the
`c3d` package returns them are checked against the package; that a 4-byte parameter is a float
is C3D's own rule. The *layout* of DATE and TIME is not documented in any reference this project
holds (docs/import.md): it was written from memory of Vicon-style files (DATE = year, month, day;
TIME = hour, minute, second), so every form a lab program could plausibly write is read where it
is unambiguous, and nothing else is guessed:
- numbers, int16 or float: year, month, day with a four-digit year, or a two-digit one first
  (C3D's order: 24, 3, 5 is 2024-03-05 - 20yy up to this year, 19yy over 69: 95, 3, 5 is 1995);
  where day, month, two-digit year is a past date too (5, 3, 24: 2005-03-24 or 2024-03-05,
  decades apart) the reading nearer the file's modification time is taken and said; or day and
  month before a four-digit year when the day is over 12 (5, 3, 2024 is March or May: not read);
  TIME hour, minute[, second[, anything after]] (a fraction of a second is cut);
- text, space, NUL or unpadded: any date parse_when reads (ISO, `2024/03/05`, `Mar 05, 2024`,
  `05-Mar-2024`, compact `20240305`), a date and time in DATE alone, or three numbers as above
  except a two-digit year under 32 (text '5/3/24' is written day or month first as often);
  TIME as `14:30:15`, `14.30.15`, `14:30`, `2:30:15 PM` or compact `143015`;
- mixed: numeric DATE with text TIME and the other way round.
Not read: a TIME of one number (seconds since midnight? since the trial's start? unknown), a
date whose day and month could be swapped, and a clock never set (before 1990) or ahead of now.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import numpy as np

from sessions.formats.dates import EARLIEST, as_utc, read_clock, read_dated

_CLOCK_COMPACT = re.compile(r"^(\d{2})(\d{2})(\d{2})?$")


def _param(reader: object, key: str) -> tuple[list[float], str]:
    """(numbers, text) of one parameter; ([], "") when absent or unreadable."""
    try:
        p = reader.get(key)  # type: ignore[attr-defined]
        if p is None:
            return [], ""
        if p.bytes_per_element == -1:   # char: one string, or a 2-D array of them
            raw = str(p.string_value if p.num_elements <= 1 else " ".join(p.string_array.ravel()))
            return [], " ".join(raw.replace("\x00", " ").split())
        # C3D's 4-byte parameters are floats (its types: char, byte, int16, float): read as
        # ints their bits are nonsense
        nums = p.float_array if p.bytes_per_element == 4 else p.int_array
        return [float(x) for x in np.atleast_1d(nums).ravel()], ""
    except Exception:   # noqa: BLE001 - a damaged parameter dates nothing
        return [], ""


def _ymd(nums: list[float], numeric: bool = False) -> tuple[int, int, int] | None:
    """(year, month, day) of three numbers, where unambiguous. `numeric`: a DATE of numbers,
    C3D's year, month, day, whose two-digit year is 20yy while that is not ahead of this year."""
    if len(nums) < 3 or not all(np.isfinite(nums[:3])):
        return None
    a, b, c = (int(np.floor(x)) for x in nums[:3])
    if c >= 1000:                      # the year last: day and month first, in some order
        if a > 12 >= b:
            return c, b, a
        if b > 12 >= a:
            return c, a, b
        return (c, a, a) if a == b else None
    if 31 < a < 100:                   # a two-digit year, as no day is over 31 (19xx: before 2032)
        return a + (2000 if a < 70 else 1900), b, c
    if a < 100 and numeric and 2000 + a <= datetime.now().year:
        # a number array keeps C3D's order, year first: 24, 3, 5 is 2024-03-05 (as 95, 3, 5 is
        # 1995) - a future 20yy is no recording's year, and c3d_date refuses a future date
        return 2000 + a, b, c
    if a < 100:                        # text '24 3 5' or '5/3/24': which is the year is a guess
        return None
    return a, b, c


def _hms_text(text: str) -> tuple[int, int, int] | None:
    clock = read_clock(text)
    if clock is not None:
        return clock[0], clock[1], int(clock[2])   # a fraction of a second is cut
    m = _CLOCK_COMPACT.match(text)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)) if m else None


def _hms(nums: list[float], text: str) -> tuple[int, int, int] | None:
    if text:
        return _hms_text(text)
    if len(nums) < 2 or not all(np.isfinite(nums[:3])):
        return None                    # one number: seconds since what? not guessed
    h, m, s = (int(np.floor(x)) for x in (nums + [0.0])[:3])
    return h, m, s


def _day_first(nums: list[float]) -> tuple[int, int, int] | None:
    """Numbers read day, month, two-digit year ('5, 3, 24' as 2024-03-05): the other reading of
    a numeric DATE whose year-first one (_ymd) took a two-digit year."""
    if len(nums) < 3 or not all(np.isfinite(nums[:3])):
        return None
    d, m, y = (int(np.floor(x)) for x in nums[:3])
    if not 0 <= y < 100 or not 1 <= d <= 31:
        return None
    year = 2000 + y if 2000 + y <= datetime.now().year else 1900 + y if y >= 70 else None
    return (year, m, d) if year is not None else None


def _in_range(when: datetime | None) -> datetime | None:
    utc = as_utc(when) if when is not None else None
    return utc if utc is not None and EARLIEST <= utc <= datetime.now(UTC) + timedelta(days=1) else None


def c3d_date(reader: object, mtime: float | None = None) -> tuple[datetime | None, str, bool]:
    """(when in UTC, where, date only) from TRIAL:DATE (and TRIAL:TIME); a lab computer's wall
    clock, so local time unless the text names a zone. (None, "", False) when there is none.
    `mtime` (the file's modification time, unix s) settles a numeric DATE with a two-digit year
    read either way ('5, 3, 24': 2005-03-24 year first or 2024-03-05 day first): the reading
    nearer it, said in `where`; without it such a date is not read."""
    date_nums, date_text = _param(reader, "TRIAL:DATE")
    clock_nums, clock_text = _param(reader, "TRIAL:TIME")
    hms = _hms(clock_nums, clock_text)
    when: datetime | None = None
    from_time = in_text = False
    if date_text:
        found = read_dated(date_text)
        if found is not None and found[1]:
            when, in_text = found[0], True   # a date and a time in DATE itself
        else:
            full = found[0] if found is not None else None
            parts = [float(x) for x in re.findall(r"\d+", date_text)]
            day = (full.year, full.month, full.day) if full is not None else _ymd(parts if len(parts) == 3 else [])
            when, from_time = _local(day, hms)
    read_as = ""
    if not date_text:
        when, from_time = _local(_ymd(date_nums, numeric=True), hms)
        other, other_time = _local(_day_first(date_nums), hms)
        utc, alt = _in_range(when), _in_range(other)
        if utc is not None and alt is not None and alt != utc and date_nums[0] < 100:
            # both are past dates: decades apart, so the one nearer the file's time is meant
            if mtime is None:
                return None, "", False
            file_time = datetime.fromtimestamp(mtime, UTC)
            day_first = abs(alt - file_time) < abs(utc - file_time)
            if day_first:
                when, from_time = other, other_time
            n = ", ".join(str(int(x)) for x in date_nums[:3])
            read_as = (f"; '{n}' read {'day' if day_first else 'year'} first as {when:%Y-%m-%d}, the reading "
                       f"nearer the file's modification time")
    utc = _in_range(when)
    if utc is None:
        return None, "", False
    where = (f"its C3D parameter{'s' if from_time else ''} TRIAL:DATE{' (text)' if date_text else ''}"
             f"{' and TRIAL:TIME' if from_time else ''}{read_as}")
    return utc, where, not (from_time or in_text)


def _local(day: tuple[int, int, int] | None, hms: tuple[int, int, int] | None) -> tuple[datetime | None, bool]:
    """(the naive local datetime, whether TIME gave its time): midnight without a usable TIME."""
    if day is None:
        return None, False
    for clock in ((hms, True), ((0, 0, 0), False)) if hms is not None else (((0, 0, 0), False),):
        try:
            return datetime(*day, *clock[0]), clock[1]
        except (ValueError, OverflowError):
            continue
    return None, False


__all__ = ["c3d_date"]
