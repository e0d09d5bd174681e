"""Delimited text tables (CSV, TSV, TXT, OpenSim .mot/.sto, Kistler BioWare .txt) -> Table.

Sniffed, never assumed: the encoding (BOM, UTF-8, else Windows-1252), the delimiter and the
decimal mark (the pair under which the most sampled lines are rows of numbers with one field
count), the header block (everything above the column-name row; a units row may follow the
names), and the rate when the header block states one. The numbers themselves are parsed by
Polars, column by column, so a 100 000-row file costs no Python loop per row.
"""


from __future__ import annotations

import math
import re
from collections import Counter
from datetime import datetime

import polars as pl

from forceplate.errors import BadInputError
from sessions.formats.dates import header_date, header_date_unread
from sessions.formats.names import looks_like_unit
from sessions.formats.quoted_rows import (
    records,
    stray_above_names,
    stray_quote_above,
    stray_quote_error,
)
from sessions.formats.sniff import (
    SEP_NAMES,
    is_num,
    numeric_row,
    refuse_written_across,
    sniff,
    split,
)
from sessions.formats.table import ImportOptions, Table
from sessions.formats.text_body import parse_body
from sessions.formats.text_columns import day_and_time, format_of, read_columns, vendor_of
from sessions.formats.text_lines import Lines, decode_whole

_DELTA_X = re.compile(r"^\s*Delta_X\s+([0-9]*\.?[0-9]+(?:[eE][+-]?\d+)?)\s*$")   # LabVIEW .lvm
_COMMENT = re.compile(r"^\s*(?:#+|%+|//)\s*")   # a comment mark before a header line
_RATE = re.compile(r"(?:rate|frequency|sampling|freq)[^0-9\n]{0,30}?([0-9]+(?:[.,][0-9]+)?)\s*(k?hz)?", re.I)


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
    if len(last) < width or found and (len(last) != k or not all(is_num(c, dec) or b
                                                                   for c, b in zip(last, blank, strict=True))):
        return True
    j = max((i for i, c in enumerate(last) if c.strip()), default=-1)
    cells = [r[j].strip() for r in above if len(r) > j and is_num(r[j], dec)]
    if j < 0 or len(cells) < 8 or not is_num(last[j], dec):
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
    refuse_written_across(lines, start)
    sep, dec, k, found = sniff(lines, start, opts)
    notes = []
    drop_last = lines.cut and len(lines) - start > 2 and _cut_row(lines, start, sep, dec, k, found)
    if drop_last:
        # an export cut short (a copy or a download stopped mid-line): the rows before it
        # are whole; the cut row is left out, not the file refused
        notes.append(f"the file ends mid-line (cut short?): its last line, {len(lines)}, is left out")
    n_lines = len(lines) - drop_last
    rows, at = records(lines.head(start, min(start + 400, n_lines)), sep, split)
    numeric = [numeric_row(r, dec) and len(r) >= k for r in rows]
    first_num = next((i for i, ok in enumerate(numeric) if ok), None) if found else None
    if first_num is not None:
        bad = stray_quote_above(lines.head(start, start + at[first_num]), sep, lambda c: numeric_row(c, dec), k)
        if bad is not None:
            raise stray_quote_error(start + bad + 1)
    names_i, units_i, data_i = _header_rows(rows, first_num, dec)
    if names_i is not None:
        bad = stray_above_names(lines.head(start, start + at[names_i] + 1), sep)
        if bad is not None:      # the 'names' are the end of a cell a stray quote opened
            raise stray_quote_error(start + bad + 1)
    pre_end = start + at[names_i if names_i is not None else data_i]
    rate = _rate_from(rate_lines or lines.head(0, pre_end))
    names_line = "" if names_i is None else _COMMENT.sub("", lines[start + at[names_i]], count=1)
    if names_i is not None and at[names_i + 1] == at[names_i] + 1:
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
    body_from = start + at[data_i]
    when, where, date_only = header_date(rate_lines or lines.head(0, pre_end), opts.date_order)
    unread = "" if when is not None else header_date_unread(rate_lines or lines.head(0, pre_end))
    frame = parse_body(lines, body_from, drop_last, sep, dec)
    del lines                        # the file's bytes: only the columns are kept from here
    clock_dates: list[tuple[datetime, str, bool]] = []
    clock_times: list[tuple[str, str]] = []
    series: list[pl.Series | None] = list(frame.get_columns())
    del frame                        # each column is released as it becomes an array
    columns = read_columns(series, names, units, dec, body_from, clock_dates, clock_times)
    # the first column that dates the session with a time, whatever the columns' order; a day
    # alone (a 'Date' column) takes the first time of a time-of-day column ('Date,Time' loggers)
    column_date = next((c for c in clock_dates if not c[2]), None) or \
        (day_and_time(clock_dates[0], clock_times[0]) if clock_dates and clock_times else None) or \
        (clock_dates[0] if clock_dates else None)
    if column_date and (when is None or date_only and not column_date[2]
                        and column_date[0].astimezone().date() == when.astimezone().date()):
        when, where, date_only = column_date    # the wall clock's time on the header's day
    date_column = next((c.index for c in columns if c.date), None)
    fmt = fmt or format_of([c.header for c in columns], sep, suffix)
    layout = (f"{SEP_NAMES[sep]}-separated, decimal {'comma' if dec == ',' else 'point'}, {encoding}, "
              f"{body_from} header line{'s' if body_from != 1 else ''}")
    return Table(format=fmt, layout=layout, columns=columns, rate_hz=rate,
                 rate_source="the file's header" if rate else "", first_data_line=body_from + 1,
                 has_header=names_i is not None, notes=notes, recorded_at=when, recorded_at_source=where,
                 recorded_date_only=date_only, date_column=date_column,
                 recorded_at_unread=unread if when is None else "")


def _label_row(row: list[str], dec: str) -> bool:
    filled = [c for c in row if c.strip()]
    return bool(filled) and not any(is_num(c, dec) for c in filled)


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
    # the nearest run of label rows a little above, with data rows holding text between (a note
    # on row 0): the nearest, not the first (a preamble line 'Subject: Jo' was taken for the
    # names), and a units row under the names stays the units (it was read as data)
    above = [j for j in range(max(0, first_num - 3), first_num) if _label_row(rows[j], dec)]
    if above:
        run = [above[-1]]
        while run[0] - 1 >= 0 and _label_row(rows[run[0] - 1], dec):
            run.insert(0, run[0] - 1)
        if len(run) >= 2 and all(looks_like_unit(c) for c in rows[run[-1]]):
            return run[-2], run[-1], run[-1] + 1
        return run[-1], None, run[-1] + 1
    return None, None, first_num


__all__ = ["read_text", "sniff", "split", "vendor_of"]
