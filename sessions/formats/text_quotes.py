"""Quote marks in a text table: where a quoted cell opens and closes (RFC 4180, as Python's csv
reads it), and what a block whose marks do not pair means (split from text_lines.py by job)."""

from __future__ import annotations

import csv
import io
import re

import polars as pl

from forceplate.errors import BadInputError

# a quoted cell over more lines than this is a quote never closed, not a note (a coach's note,
# an Excel header wrapped with Alt+Enter: a few lines)
MAX_CELL_LINES = 50
_ROW_START = re.compile(r"\s*[+-]?\.?\d")     # a row of samples starts with a number
_CELL_START = frozenset(",;\t| ")   # a quote opens a cell only at its start (RFC 4180, Python's csv)


def quote_open_after(line: str, opened: bool = False) -> bool:
    """Whether a quoted cell is still open at the line's end (`opened`: one was at its start).
    A quote opens a cell only at the cell's start (12" high is an inch mark) and "" inside a
    quoted cell is a quote, as RFC 4180 and Python's csv read them; any usual delimiter counts
    as a cell's start, since lines are joined before the delimiter is known."""
    i = 0
    while True:
        q = line.find('"', i)
        if q < 0:
            return opened
        if opened:
            if line.startswith('"', q + 1):
                i = q + 2
                continue
            opened = False
        elif q == 0 or line[q - 1] in _CELL_START:
            opened = True
        i = q + 1


def fields_before_open(line: str) -> dict[str, int]:
    """Per usual delimiter, how many the line holds before the quote left open at its end."""
    opened, at, i = False, 0, 0
    while (q := line.find('"', i)) >= 0:
        if opened and line.startswith('"', q + 1):
            i = q + 2
            continue
        if opened or q == 0 or line[q - 1] in _CELL_START:
            opened = not opened
            at = q if opened else at
        i = q + 1
    return {d: line.count(d, 0, at) for d in ",;\t|"}


def whole_row(line: str, fields: dict[str, int]) -> bool:
    """A line that starts with a number and has as many cells before its end as the line that
    opened the quote had before it (at least one): a row of samples, no line of a note."""
    return bool(_ROW_START.match(line)) and any(line.count(d) >= max(1, n) for d, n in fields.items())


def _whole_row(line: str, sep: str, width: int) -> bool:
    return line.count(sep) >= width - 1 > 0 and bool(_ROW_START.match(line))


def _over_rows(inner: list[str], sep: str, width: int) -> bool:
    """A quoted cell's lines (split at its newlines) take in a whole row before its last line."""
    return any(_whole_row(ln, sep, width) for ln in inner[1:-1])


def cells_over_rows(frame: pl.DataFrame, sep: str) -> bool:
    """Polars read a quoted cell over whole rows: a stray mark (a note's '"he said go' never
    closed) paired with a later one, the rows between lost into one cell."""
    for col in frame.get_columns():
        if col.dtype == pl.String:
            for cell in col.filter(col.str.contains("\n", literal=True)).to_list():
                if _over_rows(cell.split("\n"), sep, frame.width):
                    return True
    return False


class RowsInCell(BadInputError):
    """A quoted cell that pairs only over whole rows, opened on the block's line `line`."""

    def __init__(self, line: int) -> None:
        super().__init__("a quoted cell holds whole rows")
        self.line = line


def requoted(raw: bytes, sep: str) -> tuple[bytes | None, int | None]:
    """The block written again as RFC 4180 has it, read as Python's csv reads it (strict: a
    closing quote ends its cell): a quote mark inside an unquoted cell is the cell's character
    ('box 12" high'), quoted cells keep their delimiters and newlines. Polars took the inch mark
    for a quote that never closed. None when no such reading exists (a quote never closed, or
    closed inside its cell), or a quoted cell runs over MAX_CELL_LINES lines or over a whole
    row (a line of it, not its last, is a row: a stray mark took in rows). Also None, with the
    block's line where the cell opens, when only its last line is a whole row ('"' and '1,0,"'):
    a note or a row with a stray mark, the file cannot tell."""
    try:
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline=""), delimiter=sep, strict=True))
    except (csv.Error, UnicodeDecodeError):
        return None, None
    width = max((len(r) for r in rows), default=0)
    for i, j in ((i, j) for i, r in enumerate(rows) for j, c in enumerate(r) if "\n" in c):
        inner = rows[i][j].split("\n")
        if len(inner) > MAX_CELL_LINES or _over_rows(inner, sep, width):
            return None, None
        if _whole_row(inner[-1], sep, width):     # the line it opens on: rows and newlines above
            return None, i + sum(c.count("\n") for r in rows[:i] for c in r) + sum(
                c.count("\n") for c in rows[i][:j])
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8"), None


def stray_quote(raw: bytes, sep: str) -> int | None:
    """The index of the block's line whose quote mark opened a cell that never closes, or whose
    closing quote runs on into its cell (`"note"x`: then the quote opened wrongly); None when the
    quotes pair. A mark inside an unquoted cell ('12" high') is a character, as requoted reads it."""
    opened_at, mark = None, sep.encode()
    for i, ln in enumerate(raw.split(b"\n")):
        ln, j = ln.rstrip(b"\r"), 0
        while (q := ln.find(b'"', j)) >= 0:
            j = q + 1
            if opened_at is not None:
                if ln[q + 1:q + 2] == b'"':        # "" inside a quoted cell
                    j = q + 2
                    continue
                if ln[q + 1:q + 2] not in (b"", mark):
                    return opened_at
                opened_at = None
            elif q == 0 or ln[:q].endswith(mark):
                opened_at = i
    return opened_at
