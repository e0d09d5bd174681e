"""A text table's rows parsed by Polars a block of whole lines at a time (text_lines.py cuts the
blocks and reads the lines), and the quote marks that break rows told the same whatever the
block size: a stray's line named, a row a stray swallowed refused, the marks read as characters
only where a whole-file read would (split from text_lines.py by job)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import numpy as np
import polars as pl

from forceplate.errors import BadInputError
from sessions.formats.quoted_rows import (
    CONTEXT_ROWS,
    closed_at_a_cell_start,
    first_closed_at_a_cell_start,
    stray_quote,
    stray_quote_error,
    swallowed_row,
)
from sessions.formats.text_lines import Lines, blocks

INFER_ROWS = 1000         # rows Polars infers a block's column types from


def parse_body(lines: Lines, first: int, drop_last: bool, sep: str, dec: str) -> pl.DataFrame:
    """Polars reads the rows from line `first` on (the last left out when cut), a block at a
    time: numbers straight to Float64 where a block's column is clean (the common case, parsed
    natively), as text otherwise (then cleaned and checked column by column)."""
    if first >= lines.n - (1 if drop_last else 0):
        return pl.DataFrame()
    try:
        return _read_blocks(lines, first, drop_last, sep, dec, False)
    except _Plain:      # a quote no quoted reading parses, one field count on every line
        return _read_blocks(lines, first, drop_last, sep, dec, True)


class _Plain(Exception):
    """Every quote mark of the file is a cell's character (as a whole-file read decides)."""


def _read_blocks(lines: Lines, first: int, drop_last: bool, sep: str, dec: str, plain: bool) -> pl.DataFrame:
    data, a = lines.data, lines.starts[first]
    end = lines.starts[lines.n - 1] if drop_last else lines.end
    if sep == "\t":
        # the file's trailing whitespace, left out of its lines, held the last row's empty last
        # cells: its fewer fields made an inch mark ('12" box') in a note column a stray quote
        while end < len(data) and data[end] == 9:
            end += 1
    frames: list[pl.DataFrame] = []
    width = 0
    quoted: tuple[int, int] | None = None      # the last block with a quote mark (read whole)
    seen: list[set[int]] = []

    def file_widths() -> set[int]:             # read once, on a stray quote's block only
        if not seen:
            seen.append(body_widths(data, a, end, lines.codec, sep))
        return seen[0]

    cuts = blocks(data, a, end)
    for bi, (lo, hi) in enumerate(cuts):
        raw = data[lo:hi]
        if lines.codec != "utf-8":
            raw = raw.decode(lines.codec, errors="replace").encode("utf-8")
        try:
            frame = _parse_block(raw, sep, dec, True if plain else file_widths)
        except BadInputError:
            raw, ok_end = _failing_prefix(raw, sep, dec, True if plain else file_widths)
            # the rows Polars reads before the refused ones: a row a stray swallowed there comes first
            k = _swallowed_in(raw, ok_end, sep, dec, _around(frames, data, cuts, bi, lines.codec, sep, dec)[0])
            if k is not None:
                raise swallowed_row_error(data.count(b"\n", lines.starts[0], lo) + k + 1) from None
            k = stray_quote(raw, sep, _carried(data, quoted, lo, sep))
            if k is None:    # the block ends where the stray's cell closed at a cell's start ('"two')
                k = closed_at_a_cell_start(raw, sep)
            if k is None:    # such a cell above a well-formed quoted one ('"ok, rep"')
                k = first_closed_at_a_cell_start(raw, sep)
            if k is None:
                raise
            line = data.count(b"\n", lines.starts[0], lo) + k + 1
            raise stray_quote_error(line) from None
        if b'"' in raw:
            quoted = (lo, hi)
        if frame.width == 0:
            continue
        if b'"' in raw and frame.height < raw.count(b"\n") + (not raw.endswith(b"\n")):   # a cell spans lines
            nl = data.find(b"\n", hi, end)     # the row after the block: the quoted cell's next row
            following = data[hi: nl if nl >= 0 else end]
            if lines.codec != "utf-8":
                following = following.decode(lines.codec, errors="replace").encode("utf-8")
            around = _around(frames, data, cuts, bi, lines.codec, sep, dec)
            k = swallowed_row(raw, sep, dec, frame, following, around)
            if k is not None and _plain_later(data, cuts[bi + 1:], lines.codec, sep, dec, file_widths):
                raise _Plain
            if k is not None:
                raise swallowed_row_error(data.count(b"\n", lines.starts[0], lo) + k + 1)
        # whole numbers (Hawkin's forces) become floats a block at a time: cast after the
        # concatenation, each column took a second and third full copy (the cast, the array)
        ints = [c for c, t in frame.schema.items() if t.is_integer()]
        if ints:
            frame = frame.with_columns(pl.col(ints).cast(pl.Float64))
        frame = _as_numpy(frame)
        width = width or frame.width
        frame = frame.select(frame.columns[:width])
        frame.columns = [f"column_{j + 1}" for j in range(frame.width)]
        for j in range(frame.width, width):
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(f"column_{j + 1}"))
        frames.append(frame)
    if not frames:
        return pl.DataFrame()
    if len(frames) == 1:
        return frames[0]
    try:
        return pl.concat(frames, how="vertical_relaxed", rechunk=False)
    except pl.exceptions.PolarsError:
        return pl.concat([f.cast(pl.String) for f in frames], how="vertical", rechunk=False)


def swallowed_row_error(line: int) -> BadInputError:
    return BadInputError(f"line {line}: a quote mark (\") on the line before opens a cell that only this "
                         f"line closes, so the row would be lost: write it doubled (\"\") in a quoted cell, "
                         f"or remove it")


def _swallowed_in(raw: bytes, end: int, sep: str, dec: str, before: tuple[pl.DataFrame, ...]) -> int | None:
    """swallowed_row over the block's first `end` bytes (rows Polars reads), the line after them
    following; None when they hold no quoted cell over lines."""
    head = raw[:end]
    if b'"' not in head:
        return None
    try:
        frame = _parse_block(head, sep, dec)
    except (BadInputError, _Plain):
        return None
    if frame.width == 0 or frame.height >= head.count(b"\n") + (not head.endswith(b"\n")):
        return None
    nl = raw.find(b"\n", end)
    return swallowed_row(head, sep, dec, frame, raw[end: nl if nl >= 0 else len(raw)], (before, ()))


def _failing_prefix(raw: bytes, sep: str, dec: str,
                    file_widths: Callable[[], set[int]] | bool) -> tuple[bytes, int]:
    """(the shortest run of the block's first lines, cut where no quoted cell is open, that Polars
    refuses; the end of the run before it, which it reads): the quote marks after it do not move
    the line a refusal names, so it names the same line whatever the block size (a whole read
    named a later stray than 64-byte blocks did). A bisection: a few reads, on a refusal only."""
    ends = [b for _, b in blocks(raw, 0, len(raw), 64)]
    lo, hi = 0, len(ends) - 1          # ends[hi] (the whole block) fails
    while lo < hi:
        mid = (lo + hi) // 2
        try:
            _parse_block(raw[:ends[mid]], sep, dec, file_widths)
            lo = mid + 1
        except BadInputError:
            hi = mid
        except _Plain:
            lo = mid + 1
    return raw[:ends[hi]], (ends[hi - 1] if hi > 0 else 0)


def _plain_later(data: bytes, cuts: list[tuple[int, int]], codec: str, sep: str, dec: str,
                 file_widths: Callable[[], set[int]]) -> bool:
    """Whether a later block makes every quote a character (a whole-file read never refuses a
    swallowed row where a quote further down breaks every quoted reading). On a refusal only."""
    for lo, hi in cuts:
        raw = data[lo:hi] if codec == "utf-8" else data[lo:hi].decode(codec, errors="replace").encode("utf-8")
        if b'"' not in raw:
            continue
        try:
            _parse_block(raw, sep, dec, file_widths)
        except _Plain:
            return True
        except BadInputError:
            return False
    return False




def _around(frames: list[pl.DataFrame], data: bytes, cuts: list[tuple[int, int]], bi: int, codec: str,
            sep: str, dec: str) -> tuple[tuple[pl.DataFrame, ...], tuple[pl.DataFrame, ...]]:
    """Rows before block bi (the frames read) and after it (the next blocks, read here), up to
    CONTEXT_ROWS each side: a block of 64 bytes held only the quoted cell's rows, too few to
    tell a time column, so a swallowed row a whole-file read refused was read as a note."""
    before: list[pl.DataFrame] = []
    n = 0
    for f in reversed(frames):
        if n >= CONTEXT_ROWS:
            break
        before.insert(0, f.tail(CONTEXT_ROWS - n))
        n += before[0].height
    after: list[pl.DataFrame] = []
    n = 0
    for lo, hi in cuts[bi + 1:]:
        if n >= CONTEXT_ROWS:
            break
        # the block's first CONTEXT_ROWS lines at most (not a whole 8-MB block per note), whole rows
        stop = lo
        for _ in range(CONTEXT_ROWS):
            stop = data.find(b"\n", stop, hi) + 1 or hi
        hi = hi if stop >= hi else min(hi, blocks(data, lo, hi, max(1, stop - lo))[0][1])
        raw = data[lo:hi] if codec == "utf-8" else data[lo:hi].decode(codec, errors="replace").encode("utf-8")
        try:
            f = _parse_block(raw, sep, dec)
        except BadInputError:    # the rows before the refused ones (as a whole read has them)
            ok_end = _failing_prefix(raw, sep, dec, False)[1]
            try:
                f = _parse_block(raw[:ok_end], sep, dec)
            except BadInputError:
                break
            after.append(f.head(CONTEXT_ROWS - n))
            break
        after.append(f.head(CONTEXT_ROWS - n))
        n += after[-1].height
    return tuple(before), tuple(after)


def _carried(data: bytes, quoted: tuple[int, int] | None, lo: int, sep: str) -> int | None:
    """The line (counted from `lo`, so negative) of a stray quote in the last block with quote
    marks, whose cell a quote at a cell's start closed at that block's end ('"bad' ... '"two'):
    the next block's first quote inside a cell ('lines"') is that stray's. Read on a refusal only."""
    if quoted is None:
        return None
    k = closed_at_a_cell_start(data[quoted[0]:quoted[1]], sep)
    return None if k is None else k - data.count(b"\n", quoted[0], lo)


def _as_numpy(frame: pl.DataFrame) -> pl.DataFrame:
    """A block's whole float columns moved into numpy's memory (the Series wraps the array):
    Polars' allocator kept the freed blocks' pages, ~1.5x the columns at the peak."""
    cols = [pl.Series(s.name, s.to_numpy()) if s.dtype == pl.Float64 and not s.null_count() else s
            for s in frame.get_columns()]
    return pl.DataFrame(cols)


def _spaced(raw: bytes) -> bytes:
    """Space-aligned rows as tab-separated (runs of blanks one separator, none at a line's ends)."""
    return re.sub(rb"[ \t]+", b"\t", re.sub(rb"^[ \t]+|[ \t]+$", b"", raw.replace(b"\r", b""), flags=re.M))


def widths(raw: bytes, sep: str) -> set[int]:
    """The separator counts of the block's non-blank lines (numpy: no loop per line)."""
    buf = np.frombuffer(raw, dtype=np.uint8)
    nl = np.flatnonzero(buf == 10)
    n = nl.size + 1
    filled = np.bincount(np.searchsorted(nl, np.flatnonzero(np.isin(buf, _BLANK, invert=True))), minlength=n)
    seps = np.bincount(np.searchsorted(nl, np.flatnonzero(buf == ord(sep))), minlength=n)
    return set(np.unique(seps[filled > 0]).tolist())


_BLANK = np.frombuffer(b" \t\r\n\x0b\x0c", dtype=np.uint8)


def body_widths(data: bytes, a: int, end: int, codec: str, sep: str) -> set[int]:
    """widths over the whole body, block by block as parse_body reads it: a quote mark read as a
    cell's character in one block is so only when every row of the file has one field count (as
    a whole-file read decides), so the answer never depends on the block size."""
    out: set[int] = set()
    for lo, hi in blocks(data, a, end):
        raw = data[lo:hi]
        if codec != "utf-8":
            raw = raw.decode(codec, errors="replace").encode("utf-8")
        out |= widths(_spaced(raw), "\t") if sep == " " else widths(raw, sep)
    return out


def _parse_block(raw: bytes, sep: str, dec: str,
                 file_widths: Callable[[], set[int]] | bool | None = None) -> pl.DataFrame:
    """``file_widths``: True reads every quote mark as a character; a callable gives the whole
    body's field counts, and a block no quoted reading parses raises _Plain when they are one."""
    if not raw.strip():
        return pl.DataFrame()
    if sep == " ":
        raw = _spaced(raw)
        sep = "\t"
    common = {"separator": sep, "has_header": False, "quote_char": '"', "truncate_ragged_lines": True}
    if file_widths is True:
        common["quote_char"] = None
        try:
            return pl.read_csv(io.BytesIO(raw), infer_schema=False, **common)  # type: ignore[arg-type]
        except (pl.exceptions.PolarsError, ValueError, OSError) as exc:
            raise BadInputError(f"not a readable table ({' '.join(str(exc).split())[:100]})") from None
    if not (dec == "," and sep == ","):
        # the types from the first rows (a pass over every row to infer them took 1 s per 8 MB);
        # a later cell that does not fit (an integer column with a decimal further down) is
        # read again with every row inferred
        for rows in (INFER_ROWS, None):
            try:
                return pl.read_csv(io.BytesIO(raw), infer_schema_length=rows, decimal_comma=dec == ",",
                                   **common)  # type: ignore[arg-type]
            except (pl.exceptions.PolarsError, ValueError, OSError):
                pass                               # mixed or odd cells: read as text below
    try:
        return pl.read_csv(io.BytesIO(raw), infer_schema=False, **common)  # type: ignore[arg-type]
    except (pl.exceptions.PolarsError, ValueError, OSError) as exc:
        err = exc
    counts = widths(raw, sep)
    if len(counts) == 1 and callable(file_widths) and file_widths() == counts:
        # a stray mark ('box 12" high') opened a quote that never closes, yet every line of the
        # file holds the same fields: the marks are the cells' characters, in every block
        raise _Plain
    raise BadInputError(f"not a readable table ({' '.join(str(err).split())[:100]})") from None


__all__ = ["body_widths", "parse_body", "widths"]
