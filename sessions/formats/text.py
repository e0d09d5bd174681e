"""Delimited text tables (CSV, TSV, TXT, OpenSim .mot/.sto, Kistler BioWare .txt) -> Table.

Sniffed, never assumed: the encoding (BOM, UTF-8, else Windows-1252), the delimiter and the
decimal mark (the pair under which the most sampled lines are rows of numbers with one field
count), the header block (everything above the column-name row; a units row may follow the
names), and the rate when the header block states one. The numbers themselves are parsed by
Polars, column by column, so a 100 000-row file costs no Python loop per row.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from datetime import datetime
from datetime import time as dtime

import numpy as np
import polars as pl

from forceplate.errors import BadInputError
from sessions.formats.clock_columns import CLOCK_NAMES, clock_seconds, one_date
from sessions.formats.dates import as_utc, header_date, parse_when, read_clock
from sessions.formats.names import looks_like_unit, parse_header, tokens
from sessions.formats.quoted_rows import stray_quote_above, stray_quote_error
from sessions.formats.table import Column, ImportOptions, Table
from sessions.formats.text_lines import Lines, decode_whole, float_array, parse_body

SEPARATORS = (",", "\t", ";", " ", "|")
SEP_NAMES = {",": "comma", "\t": "tab", ";": "semicolon", " ": "space", "|": "pipe"}
_NUM = {".": re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$|^[+-]?(?:nan|inf|infinity)$", re.I),
        ",": re.compile(r"^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$|^[+-]?(?:nan|inf|infinity)$", re.I)}
_DELTA_X = re.compile(r"^\s*Delta_X\s+([0-9]*\.?[0-9]+(?:[eE][+-]?\d+)?)\s*$")   # LabVIEW .lvm
_COMMENT = re.compile(r"^\s*(?:#+|%+|//)\s*")   # a comment mark before a header line
_LEAD0 = re.compile(r"^[+-]?0\d")   # '013': no software writes an integer so; a decimal's fraction
_RATE = re.compile(r"(?:rate|frequency|sampling|freq)[^0-9\n]{0,30}?([0-9]+(?:[.,][0-9]+)?)\s*(k?hz)?", re.I)
SAMPLE_LINES = 80
# a plate export has tens of columns (8 plates x 8 channels, with EMG a few hundred); thousands of
# numbers on a line is a recording written across, one sample per column (20,000 took 15 s to refuse)
MAX_COLUMNS = 1000


def split(line: str, sep: str) -> list[str]:
    if sep == " ":
        parts = line.split()
        if not all(_NUM["."].match(p) or _NUM[","].match(p) for p in parts) and re.search(r"\S(?: {2,}|\t)\S", line):
            return [c.strip() for c in re.split(r" {2,}|\t", line.strip())]   # names with spaces, aligned
        return parts
    try:
        return next(csv.reader([line], delimiter=sep, quotechar='"'))
    except (csv.Error, StopIteration):
        return line.split(sep)


def _is_num(cell: str, dec: str) -> bool:
    return bool(_NUM[dec].match(cell.strip().strip('"').strip()))


def _numeric_row(cells: list[str], dec: str) -> bool:
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(_is_num(c, dec) for c in filled)


def _fraction_split(rows: list[list[str]], k: int) -> bool:
    """Comma-split rows that read as whole numbers then digits of one fixed width ('661,2',
    '659,8', '0,0'): one column of decimals with a decimal comma split at it, not two columns of
    integers (a force's integer part spans 0 to thousands; its fraction has a fixed width)."""
    if k != 2:
        return False
    pairs = [(r[0].strip(), r[1].strip()) for r in rows if len(r) == 2]
    if len(pairs) < 8 or not all(a.lstrip("+-").isdigit() and b.isdigit() for a, b in pairs):
        return False
    return len({len(b) for _, b in pairs}) == 1 and len({len(a.lstrip("+-")) for a, _ in pairs}) > 1


def sniff(lines: Lines, start: int, opts: ImportOptions) -> tuple[str, str, int, int]:
    """(delimiter, decimal mark, field count, lines of numbers found in the sample)."""
    sample = lines.sample(start, SAMPLE_LINES)
    best: tuple[tuple[int, int, int, int, int], str, str, int] | None = None
    split_at_comma: tuple[int, ...] = ()
    one_decimal_column: tuple[int, ...] = ()
    for rank, sep in enumerate(SEPARATORS):
        if opts.delimiter and sep != opts.delimiter:
            continue
        for dec in (".", ","):
            if (opts.decimal and dec != opts.decimal) or dec == sep:
                continue
            rows = [split(lines[i], sep) for i in sample]
            counts = Counter(len(r) for r in rows if _numeric_row(r, dec))
            # the header candidate: the line just above the first row of numbers
            first_i = next((i for i, r in zip(sample, rows, strict=True) if _numeric_row(r, dec)), None)
            first = next((lines[j] for j in range((first_i or start) - 1, start - 1, -1) if lines[j].strip()), "")
            if not counts:
                k, good = (len(split(first, sep)) if first else 0), 0
            else:
                k, _ = counts.most_common(1)[0]
                # a row with its empty last cells left off (a mostly empty marker column) still counts
                good = sum(1 for r in rows if (len(r) == k or sep != " " and 1 < len(r) < k) and _numeric_row(r, dec))
            header_ok = int(bool(first) and not _numeric_row(split(first, sep), dec) and len(split(first, sep)) == k)
            # an integer written with a leading zero ('013') is the fraction of a decimal comma
            # split off by a comma delimiter: one column of Fz written '661,013' (a Brazilian
            # lab's export, no header) read as the columns 661 and 13, its force truncated
            whole = int(not any(_LEAD0.match(c.strip()) for r in rows if _numeric_row(r, dec) for c in r))
            score = (good, header_ok, whole, min(k, 64), -2 * rank - (dec == ","))
            if sep == "," and dec == "." and good and not header_ok and _fraction_split(rows, k):
                split_at_comma = score[:3]
            elif dec == "," and k == 1:
                one_decimal_column = max(one_decimal_column, score[:3])
            if best is None or score > best[0]:
                best = (score, sep, dec, k)
    if best is None:
        raise BadInputError("no delimiter/decimal mark fits (see --delimiter, --decimal)")
    if split_at_comma and split_at_comma == one_decimal_column and best[1:3] == (",", "."):
        # '654,3' in every row, no header: one column with a decimal comma, or whole numbers and
        # a column of fixed-width digits - the file does not say (never guessed)
        row = lines[sample[0]].strip()[:20]
        raise BadInputError(f"its rows ('{row}') read as one column with a decimal comma or as two columns of "
                            f"whole numbers: choose with --decimal , (one column) or --decimal . (two)")
    return best[1], best[2], best[3], best[0][0]


def _refuse_written_across(lines: Lines, start: int) -> None:
    """A recording written across (a sample per column: thousands of numbers on a line, a label
    in its first cell or none) is refused before the sniffer splits its lines ten ways. Empty
    cells (Excel's used range, trailing separators) count nothing, and a header naming every
    column (PASCO's 170 runs x 6 columns) says the columns are channels."""
    numbers, named = 0, 0
    for i in lines.sample(start, SAMPLE_LINES):
        line = lines[i]
        if len(line) < 2 * MAX_COLUMNS:      # a value and its separator: too short to matter
            continue
        for sep in SEPARATORS:
            if (line.count(sep) if sep != " " else len(line) // 2) <= MAX_COLUMNS:
                continue
            cells = [c for c in (line.split() if sep == " " else line.split(sep)) if c.strip()]
            n_num = sum(1 for c in cells if _NUM["."].match(c.strip().strip('"')) or _NUM[","].match(c.strip()))
            numbers = max(numbers, n_num)
            named = max(named, len(cells) - n_num)
    if numbers > MAX_COLUMNS and named <= MAX_COLUMNS:
        raise BadInputError(f"its rows hold {numbers} values each: a recording is a column per channel and a row "
                            f"per sample (written across? save it with one sample per row)")


def _rate_from(lines: list[str]) -> float | None:
    for line in lines:
        low = line.lower()
        d = _DELTA_X.match(line)
        if d and 1e-5 <= float(d.group(1)) <= 1.0:
            return 1.0 / float(d.group(1))      # LabVIEW .lvm: the sample period
        m = _RATE.search(line)
        if m and ("hz" in low or "rate" in low):
            rate = float(m.group(1).replace(",", "."))
            if m.group(2) and m.group(2).lower() == "khz":
                rate *= 1000.0
            if 1.0 <= rate <= 100_000.0:
                return rate
    return None


def _cut_row(lines: Lines, start: int, sep: str, dec: str, k: int, found: int) -> bool:
    """Whether the last line, written without a newline, was cut: short of fields, not numbers
    where the rows are numbers, or its last number cut: fewer decimals than a writer that
    always writes the same number, else a digit lost ('812.4' cut to '81' is a wrong sample).
    A last line whole but without its newline (a script's "\n".join) is kept."""
    last = split(lines[-1], sep)
    above = [split(lines[i], sep) for i in range(max(start, len(lines) - 51), len(lines) - 1)]
    above = [r for r in above if r and any(c.strip() for c in r)]
    # (a table with text columns - an eccentric samples export, a vendor's with names - has
    # no row of numbers only: its cut row is the one short of the rows before it)
    width = k or (Counter(len(r) for r in above).most_common(1)[0][0] if above else 0)
    # a blank cell where the row above has one too is the writer's (a trailing separator), not a cut
    prev_row = above[-1] if above else []
    blank = [not c.strip() and i < len(prev_row) and not prev_row[i].strip() for i, c in enumerate(last)]
    if len(last) < width or found and (len(last) != k or not all(_is_num(c, dec) or b
                                                                   for c, b in zip(last, blank, strict=True))):
        return True
    j = max((i for i, c in enumerate(last) if c.strip()), default=-1)
    cells = [r[j].strip() for r in above if len(r) > j and _is_num(r[j], dec)]
    if j < 0 or len(cells) < 8 or not _is_num(last[j], dec):
        return False
    cell = last[j].strip()
    places = {len(c.partition(dec)[2]) for c in cells}
    if len(places) == 1 and min(places):    # a writer's fixed decimals: a cut number has fewer
        return len(cell.partition(dec)[2]) < min(places)
    # whole numbers, or a %g writer's: a lost digit leaves fewer digits than the row just above
    # AND about a tenth of its size (95 after 110 is a falling force, 812 after 811.7 a %g cell)
    prev = cells[-1]
    digits = sum(ch.isdigit() for ch in cell)
    return digits < sum(ch.isdigit() for ch in prev) and abs(_num(cell, dec)) < abs(_num(prev, dec)) / 5.0


def _num(cell: str, dec: str) -> float:
    try:
        return float(cell.strip().strip('"').strip().replace(dec, "."))
    except ValueError:
        return math.nan        # compares False: the line is kept


def read_text(data: bytes, opts: ImportOptions, suffix: str = "") -> Table:
    data, base, encoding = decode_whole(data)
    lines = Lines(data, base, encoding)
    del data
    if not len(lines):
        raise BadInputError("is empty (not a readable CSV or text table)")
    start, fmt, rate_lines = 0, "", []
    if lines[0].lstrip().startswith("BioWare"):
        fmt = "Kistler BioWare export"
    for i, line in enumerate(lines.head(0, 200)):
        if line.strip().lower() == "endheader":
            start, fmt = i + 1, "OpenSim " + (suffix.lstrip(".") or "mot/sto") + " file"
            rate_lines = lines.head(0, i)
            break
    _refuse_written_across(lines, start)
    sep, dec, k, found = sniff(lines, start, opts)
    notes = []
    drop_last = lines.cut and len(lines) - start > 2 and _cut_row(lines, start, sep, dec, k, found)
    if drop_last:
        # an export cut short (a copy or a download stopped mid-line): the rows before it
        # are whole; the cut row is left out, not the file refused
        notes.append(f"the file ends mid-line (cut short?): its last line, {len(lines)}, is left out")
    n_lines = len(lines) - drop_last
    rows = [split(line, sep) for line in lines.head(start, min(start + 400, n_lines))]
    numeric = [_numeric_row(r, dec) and len(r) >= k for r in rows]
    first_num = next((i for i, ok in enumerate(numeric) if ok), None) if found else None
    if first_num is not None:
        bad = stray_quote_above(lines.head(start, start + first_num), sep, lambda c: _numeric_row(c, dec), k)
        if bad is not None:
            raise stray_quote_error(start + bad + 1)
    names_i, units_i, data_i = _header_rows(rows, first_num, dec)
    pre_end = start + (names_i if names_i is not None else data_i)
    rate = _rate_from(rate_lines or lines.head(0, pre_end))
    names_line = "" if names_i is None else _COMMENT.sub("", lines[start + names_i], count=1)
    if names_i is not None:
        # a lab script's header behind a comment mark (numpy's savetxt '# time force', MATLAB's
        # '% ...'): the mark names no column ('# time force' was 3 names for 2 columns)
        rows[names_i] = split(names_line, sep)
    names = [c.strip() for c in rows[names_i]] if names_i is not None else []
    if k == 1 and len(names) == 1 and "\t" in names[0]:
        names = [names[0].split("\t")[0].strip()]   # one column of numbers; the other names hold none
    if sep == " " and names_i is not None and len(names) != k:
        # space-aligned columns whose names hold spaces ("Time (s)  Force (N)"): split on 2+ spaces
        wide = [c.strip() for c in re.split(r"\s{2,}|\t", names_line.strip())]
        if len(wide) != k:
            raise BadInputError(f"the header names {len(names)} columns but the rows hold {k} numbers (space-"
                                f"separated; names with spaces need two spaces or a tab between them; see --delimiter)")
        names = wide
    units = [c.strip() for c in rows[units_i]] if units_i is not None else []
    body_from = start + data_i
    when, where, date_only = header_date(rate_lines or lines.head(0, pre_end))
    frame = parse_body(lines, body_from, drop_last, sep, dec)
    del lines                        # the file's bytes: only the columns are kept from here
    clock_dates: list[tuple[datetime, str, bool]] = []
    clock_times: list[tuple[str, str]] = []
    series: list[pl.Series | None] = list(frame.get_columns())
    del frame                        # each column is released as it becomes an array
    columns = _columns(series, names, units, dec, body_from, clock_dates, clock_times)
    # the first column that dates the session with a time, whatever the columns' order; a day
    # alone (a 'Date' column) takes the first time of a time-of-day column ('Date,Time' loggers)
    column_date = next((c for c in clock_dates if not c[2]), None) or \
        (_day_and_time(clock_dates[0], clock_times[0]) if clock_dates and clock_times else None) or \
        (clock_dates[0] if clock_dates else None)
    if column_date and (when is None or date_only and not column_date[2]
                        and column_date[0].astimezone().date() == when.astimezone().date()):
        when, where, date_only = column_date    # the wall clock's time on the header's day
    date_column = next((c.index for c in columns if c.date), None)
    fmt = fmt or _format_of([c.header for c in columns], sep, suffix)
    layout = (f"{SEP_NAMES[sep]}-separated, decimal {'comma' if dec == ',' else 'point'}, {encoding}, "
              f"{body_from} header line{'s' if body_from != 1 else ''}")
    return Table(format=fmt, layout=layout, columns=columns, rate_hz=rate,
                 rate_source="the file's header" if rate else "", first_data_line=body_from + 1,
                 has_header=names_i is not None, notes=notes, recorded_at=when, recorded_at_source=where,
                 recorded_date_only=date_only, date_column=date_column)


def _label_row(row: list[str], dec: str) -> bool:
    filled = [c for c in row if c.strip()]
    return bool(filled) and not any(_is_num(c, dec) for c in filled)


def _header_rows(rows: list[list[str]], first_num: int | None, dec: str) -> tuple[int | None, int | None, int]:
    """(names row, units row, first data row), indices into rows. The names are the label row
    nearest above the first row of numbers; a row of units may sit between them."""
    if first_num is None:                     # no row of numbers: the first non-empty line names the columns
        names = next((i for i, r in enumerate(rows) if _label_row(r, dec)), None)
        return names, None, (names + 1 if names is not None else 0)
    run: list[int] = []
    i = next((j for j in range(first_num - 1, -1, -1) if any(c.strip() for c in rows[j])), -1)   # past blanks
    while i >= 0 and _label_row(rows[i], dec):
        run.insert(0, i)
        i -= 1
    if run:
        if len(run) >= 2 and all(looks_like_unit(c) for c in rows[run[-1]]):
            return run[-2], run[-1], first_num
        return run[-1], None, first_num
    # a label row a little above, with non-numeric data rows between (they will be reported)
    above = [j for j in range(max(0, first_num - 3), first_num) if _label_row(rows[j], dec)]
    if above:
        return above[0], None, above[0] + 1
    return None, None, first_num


def _day_and_time(day: tuple[datetime, str, bool], clock: tuple[str, str]) -> tuple[datetime, str, bool] | None:
    """A date-only column's day at the first time of a time-of-day column, in UTC; None unless
    the day is a date only and the time reads."""
    hms = read_clock(clock[0])
    if not day[2] or hms is None:
        return None
    h, m, s = hms
    local = datetime.combine(day[0].astimezone().date(), dtime(h, m, int(s), round((s % 1) * 1e6) % 1_000_000))
    when = as_utc(local)
    return (when, f"{day[1]} and the first time in its column '{clock[1]}'", False) if when is not None else None


def _columns(series: list[pl.Series | None], names: list[str], units: list[str], dec: str, body_from: int,
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


def _format_of(headers: list, sep: str, suffix: str) -> str:
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


__all__ = ["read_text", "sniff", "split"]
