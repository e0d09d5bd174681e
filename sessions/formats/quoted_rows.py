"""Quotes that break a text table's rows: a row a stray quote swallowed into a cell, and the
line whose quote is the stray (split from text_lines.py by job)."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import polars as pl

from forceplate.errors import BadInputError

_NUMBER = re.compile(rb"[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?")


# rows each side of a quoted cell over lines that judge a swallowed row: the columns are judged
# on these rows only, whatever the block size (a whole 8-MB block's rows judged the columns there,
# a 64-byte block's these: a time back-step 2,500 rows away lost a swallowed row in one read only)
CONTEXT_ROWS = 400


def swallowed_row(raw: bytes, sep: str, dec: str, frame: pl.DataFrame, following: bytes = b"",
                  around: tuple[tuple[pl.DataFrame, ...], tuple[pl.DataFrame, ...]] = ((), ())) -> int | None:
    """The index of the block's first line inside a quoted cell that is a whole row a stray quote
    swallowed as text: a number in each of the table's number columns, and in each rising one (the
    time, the sample count) a value between the rows around the quoted cell, as a sample of the
    recording's sequence lies. A note typed over lines ('reps:\n1,2,3 good') is text.
    ``following``: the line after the block (the next row when the block ends at the quoted cell);
    ``around``: rows parsed from the blocks before it and after it (CONTEXT_ROWS each side at most).
    The columns are judged on the CONTEXT_ROWS rows each side of each quoted cell, the same rows
    whatever the block size; only the lines inside quoted cells are looked at (numpy finds them)."""
    if frame.width < 2:
        return None
    width = frame.width
    lines = raw.split(b"\n")
    if following.strip():
        lines = (lines[:-1] if not lines[-1].strip() else lines) + [following]
    cells_over_lines = _quoted_spans(b"\n".join(lines))
    for first, last in cells_over_lines:       # [first, last]: the lines of one quoted cell
        before = first                           # the row that opened the cell
        row = first - sum(b - a for a, b in cells_over_lines if b < first)   # its frame row (about)
        window = _window(frame, around, row, width)
        numeric = [j for j in range(window.width) if _mostly_numbers(window.to_series(j), dec)]
        rising = [j for j in numeric if _rises(window.to_series(j), dec)]
        if not rising:                            # no sequence a row must fit: a note is text
            continue
        steps = {j: _step(window.to_series(j), dec) for j in rising}
        nxt: int | None = last + 1
        while nxt is not None and nxt < len(lines) and not lines[nxt].strip():
            nxt += 1
        if nxt is not None and nxt >= len(lines):
            nxt = None
        for i in range(first + 1, last + 1):
            cells = _cells(lines[i], sep)
            values = [_number(cells[j], dec) if j < len(cells) else None for j in numeric]
            if len(cells) < width or any(v is None for v in values):
                continue
            lo, hi = _cells(lines[before], sep), _cells(lines[nxt], sep) if nxt is not None else []
            if all(_between(_number(lo[j], dec) if j < len(lo) else None, values[numeric.index(j)],
                            _number(hi[j], dec) if j < len(hi) else None)
                   and _on_cadence(_number(lo[j], dec) if j < len(lo) else None, values[numeric.index(j)],
                                   _number(hi[j], dec) if j < len(hi) else None,
                                   i - before, (nxt - i) if nxt is not None else 1, steps[j]) for j in rising):
                return i
    return None


def _quoted_spans(raw: bytes) -> list[tuple[int, int]]:
    """(first, last) line indices of each quoted cell over lines: from a line with an odd count
    of quote marks to the next such line (numpy over the bytes, no loop per line)."""
    b = np.frombuffer(raw, np.uint8)
    q = np.flatnonzero(b == ord('"'))
    if not q.size:
        return []
    nl = np.flatnonzero(b == ord("\n"))
    per_line = np.bincount(np.searchsorted(nl, q), minlength=len(nl) + 1)
    odd = np.flatnonzero(per_line % 2 == 1).tolist()
    return [(odd[k], odd[k + 1]) for k in range(0, len(odd) - 1, 2)]


def _window(frame: pl.DataFrame, around: tuple[tuple[pl.DataFrame, ...], tuple[pl.DataFrame, ...]],
            row: int, width: int) -> pl.DataFrame:
    """The CONTEXT_ROWS rows each side of the block's row `row` (the rows around the block too)."""
    lo, hi = max(0, row - CONTEXT_ROWS), min(frame.height, row + CONTEXT_ROWS + 1)
    parts: list[pl.DataFrame] = []
    if row - CONTEXT_ROWS < 0:
        parts += around[0]
    parts.append(frame.slice(lo, hi - lo))
    if row + CONTEXT_ROWS + 1 > frame.height:
        parts += around[1]
    if len(parts) == 1 and frame.height <= 2 * CONTEXT_ROWS + 1:
        return frame
    stacked = _stacked(tuple(parts), width)
    nb = sum(p.height for p in around[0]) if row - CONTEXT_ROWS < 0 else 0
    centre = nb + row - lo
    return stacked.slice(max(0, centre - CONTEXT_ROWS), 2 * CONTEXT_ROWS + 1)


def _stacked(parts: tuple[pl.DataFrame, ...], width: int) -> pl.DataFrame:
    """The blocks' rows as one frame of text columns (each block's own types), `width` wide."""
    cols = []
    for j in range(width):
        col = [p.to_series(j).cast(pl.String) if j < p.width else pl.Series([None] * p.height, dtype=pl.String)
               for p in parts]
        cols.append(pl.concat(col).alias(f"column_{j + 1}"))
    return pl.DataFrame(cols)


def _on_cadence(lo: float | None, v: float | None, hi: float | None, k: int, m: int, step: float) -> bool:
    """A row swallowed k lines after the row that opened the quote, m lines before the row after
    the quoted cell, continues the sequence at its cadence from either side (half a step more for
    a clock's jitter; a sample dropped on one side leaves the other side's cadence): a note's
    number in a time gap ('set 2:\n10,8 reps' where the recording paused) lies off both."""
    if v is None or not step > 0 or (lo is None and hi is None):
        return True
    return (lo is not None and v - lo <= (k + 0.5) * step) or (hi is not None and hi - v <= (m + 0.5) * step)


def _cells(ln: bytes, sep: str) -> list[bytes]:
    return ln.split() if sep == " " else ln.split(sep.encode())


def _number(cell: bytes, dec: str) -> float | None:
    cell = cell.strip().strip(b"\r")
    if not _NUMBER.fullmatch(cell):
        return None
    try:
        return float(cell.replace(b",", b".") if dec == "," else cell)
    except ValueError:                             # '1,5' in a table of decimal points
        return None


def _as_floats(col: pl.Series, dec: str) -> pl.Series:
    if col.dtype.is_numeric():
        return col.cast(pl.Float64)
    text = col.cast(pl.String).str.strip_chars()
    return (text.str.replace(",", ".") if dec == "," else text).cast(pl.Float64, strict=False)


def _mostly_numbers(col: pl.Series, dec: str) -> bool:
    """A data column: numbers in most rows (a note column holds text or is blank)."""
    return 2 * _as_floats(col, dec).is_not_null().sum() > len(col)


def _rises(col: pl.Series, dec: str) -> bool:
    """A column that never falls down the block: the time or the sample count."""
    v = _as_floats(col, dec).drop_nulls().to_numpy()
    return len(v) > 1 and bool(np.all(np.diff(v) >= 0)) and v[-1] > v[0]


def _step(col: pl.Series, dec: str) -> float:
    """The sequence's sample step: its median rise (a coarse clock's repeats left out; a gap or
    one short rise, a jittered or fine-ticked clock's, is not the usual step of a block of rows)."""
    d = np.diff(_as_floats(col, dec).drop_nulls().to_numpy())
    d = d[d > 0]
    return float(np.median(d)) if d.size else 0.0


def _between(lo: float | None, v: float | None, hi: float | None) -> bool:
    """Equal ends count: a clock of coarse ticks repeats its time across samples."""
    return v is not None and (lo is None or lo <= v) and (hi is None or v <= hi)


def stray_quote(raw: bytes, sep: str, carried: int | None = None) -> int | None:
    """The index of the block's first line that opens a quote inside a cell (a writer opens one
    only at a cell's start: '12" high' is an inch mark), else of the one that opened the cell
    left open at the end (a note closed above it is no stray). A
    quote at a cell's start with the cell's text after it ('"two') is no closing quote (one ends
    a cell): it opened a cell, so the quote that opened lines above was the stray and the cell
    took the lines between; a later quote inside a cell (that cell's close, 'lines"') is blamed
    on the stray's line, on the same line or further down. A cell closed inside its text
    ('"set 1' ... 'all good",12" bar') was a note: the later quote is blamed. ``carried``: that
    stray's line from an earlier block (negative, from closed_at_a_cell_start)."""
    return _walk(raw, sep, carried)[0]


def closed_at_a_cell_start(raw: bytes, sep: str) -> int | None:
    """The index of the line whose quote opened the cell that the block's last closing quote
    closed at a cell's start ('"two'), else None: carried to the next block's stray_quote."""
    return _walk(raw, sep, None)[1]


def first_closed_at_a_cell_start(raw: bytes, sep: str) -> int | None:
    """The index of the line whose quote opened the first cell closed with text after its close
    ('"bad' ... '"bad', '"bad' ... 'box 12" high': a writer's close ends a cell), else None. Named
    on a refusal the others leave unexplained: a later, well-formed quoted cell ('"ok, rep"') had
    reset closed_at_a_cell_start, and the refusal carried Polars' raw text, naming no line."""
    return _walk(raw, sep, None)[2]


def _walk(raw: bytes, sep: str, closed_from: int | None) -> tuple[int | None, int | None, int | None]:
    """(stray_quote's answer, the opener of the cell closed at a cell's start by the last close,
    that of the first such cell)."""
    opened, mark = False, sep.encode()
    open_line = 0
    first_closed: int | None = None
    for i, ln in enumerate(raw.split(b"\n")):
        for m in re.finditer(rb'"', ln):
            before = ln[: m.start()].rstrip(b" ")
            if not opened and before and not before.endswith(mark) and not before.endswith(b'"'):
                return (closed_from if closed_from is not None and closed_from < i else i), closed_from, first_closed
            if opened:       # a close at a cell's start with text after it ('"two') opens a cell: its
                # opener was the stray; a close inside a cell ('all good",12" bar') or one a cell
                # ends at ('"note\n",12" bar') ends a genuine quoted cell
                after = ln[m.end():].lstrip(b" \r")
                at_start = not before or before.endswith(mark)
                text_after = bool(after) and not after.startswith((mark, b'"'))
                closed_from = open_line if at_start and text_after else None
                if first_closed is None and text_after:   # a writer's close ends its cell
                    first_closed = open_line
            else:
                open_line = i
            opened = not opened
    return (open_line if opened else None), closed_from, first_closed


def stray_quote_error(line: int) -> BadInputError:
    """The one-line refusal of a stray quote, naming its line (1-based, as an editor counts)."""
    return BadInputError(f"line {line}: a quote mark (\") inside a cell breaks the table: write it doubled "
                         f"(\"\") in a quoted cell, or remove it")


def stray_quote_above(head: list[str], sep: str, numeric: Callable[[list[str]], bool], k: int) -> int | None:
    """Index in head (the lines above the first row of numbers) of a row of numbers that a stray
    quote turned into one text cell ('"0.000,700.0' opens a cell that swallows the line), or None:
    refused naming its line, not taken for the header ('column 2 has numbers but no name')."""
    for i, line in enumerate(head):
        if line.count('"') % 2 == 0:
            continue
        plain = line.replace('"', "")
        cells = plain.split() if sep == " " else plain.split(sep)
        if len(cells) >= k and numeric(cells):
            return i
    return None


def records(lines: list[str], sep: str, split: Callable[[str, str], list[str]]) -> tuple[list[list[str]], list[int]]:
    """The head's lines as rows, a quoted cell over lines (a note typed over two) joined into
    its row, and each row's first line (index into lines; one more entry: len(lines)). Only a
    quote at a cell's start opens a cell ('box 12" high' is an inch mark: joining from it to the
    next quote refused a file main read). A quote never closed in the head joins nothing: that
    line is its own row (a stray is named later)."""
    rows: list[list[str]] = []
    at: list[int] = []
    i = 0
    while i < len(lines):
        j, opened = i, sep != " " and _left_open(lines[i], sep, False)
        while opened and j + 1 < len(lines):
            j += 1
            opened = _left_open(lines[j], sep, True)
        if opened:       # never closed: the line alone
            j = i
        rows.append(split("\n".join(lines[i: j + 1]), sep))
        at.append(i)
        i = j + 1
    at.append(len(lines))
    return rows, at


def _left_open(line: str, sep: str, opened: bool) -> bool:
    """Whether a quoted cell is open at the line's end (open at its start if ``opened``): a quote
    opens a cell only at the cell's start, a doubled one inside a quoted cell is a quote mark."""
    start, k, n = not opened, 0, len(line)
    while k < n:
        c = line[k]
        if opened:
            if c == '"':
                if k + 1 < n and line[k + 1] == '"':
                    k += 1
                else:
                    opened = False
        elif c == sep:
            start = True
        elif c == '"' and start:
            opened, start = True, False
        elif c not in " \r":
            start = False
        k += 1
    return opened


def stray_above_names(head: list[str], sep: str) -> int | None:
    """Index in head (its last line: the row taken for the column names) of a stray quote on a
    line above whose cell the names' line closes ('0.000,700.0,"bad' ... 'lines"'), else None.
    A name holding a quote of its own ('box 12" high') is left a name."""
    if not head or head[-1].count('"') % 2 == 0:
        return None
    k = stray_quote("\n".join(head).encode(), sep)
    return k if k is not None and k < len(head) - 1 else None


__all__ = ["CONTEXT_ROWS", "closed_at_a_cell_start", "first_closed_at_a_cell_start", "records",
           "stray_above_names", "stray_quote", "stray_quote_above", "stray_quote_error", "swallowed_row"]
