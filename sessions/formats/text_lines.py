"""A text file's lines, decoded only where they are read, and its rows parsed by Polars in blocks.

A 180-MB export held as one Python string per line took 1.4 GB; here the header block, a run of
lines in the middle and the tail are decoded (for sniffing the layout and a cut last line), and
the rows in between stay bytes, handed to Polars a block of whole lines at a time, so memory
stays near the size of the file and its numeric columns (benchmarks/bench_import_memory.py).
"""

from __future__ import annotations

import re

import numpy as np
import polars as pl

from forceplate.errors import BadInputError

HEAD_LINES = 700          # the header block (OpenSim's endheader within 200 lines) and 400 rows under it
EDGE_LINES = 80           # a sample of rows in the middle and at the end (the sniffer's)
BLOCK_BYTES = 8 << 20     # rows parsed 8 MB at a time: Polars' buffers stay a small part of the columns
_TRAIL_WS = b" \t\r\n\x0b\x0c"


def decode_whole(data: bytes) -> tuple[bytes, int, str]:
    """(bytes, offset of the text in them, encoding name). UTF-16 (Excel's 'Unicode text') and a
    lone-CR file (classic Mac OS) are rewritten as UTF-8 with newlines; the rest stays as read.
    Old lab PCs write Windows-1252 (a `µ` or `°` in a header): told by a block that is no UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        base, enc = 3, "UTF-8 (BOM)"
    else:
        for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
            if data.startswith(bom):
                text = data[2:].decode(codec, errors="replace")
                return _newlines(text.encode("utf-8")), 0, "UTF-16"
        for magic, what in _PACKED:
            if data.startswith(magic):
                raise BadInputError(what)
        if b"\x00" in data[:4096]:
            codec = _utf16_without_bom(data[:4096])
            if codec:      # Excel's or a logger's UTF-16 saved without its byte-order mark
                text = data[: len(data) // 2 * 2].decode(codec, errors="replace")
                return _newlines(text.encode("utf-8")), 0, "UTF-16"
            raise BadInputError("is a binary file, not a text table (nor Parquet or C3D)")
        base, enc = 0, "UTF-8"
    if b"\n" not in data and b"\r" in data:
        data, base = _newlines(data[base:]), 0
    if enc == "UTF-8":
        for a, b in blocks(data, base, len(data)):
            try:
                data[a:b].decode("utf-8")
            except UnicodeDecodeError:
                return data, base, "Windows-1252"
    return data, base, enc


_PACKED = ((b"\x1f\x8b", "is gzip-compressed: decompress it first (gunzip), then read the file inside"),
           (b"PK\x03\x04", "is a ZIP archive (an Excel .xlsx workbook?): save the sheet as CSV, or unzip it first"),
           (b"%PDF", "is a PDF document, not a table of samples: export the recording as CSV"))


def _utf16_without_bom(head: bytes) -> str:
    """'utf-16-le' / 'utf-16-be' where every other byte of ASCII-range text is NUL, else ''."""
    even, odd = head[0::2], head[1::2]
    if len(head) < 8:
        return ""
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        codec = "utf-16-le"
    elif even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        codec = "utf-16-be"
    else:
        return ""
    # a raw int16 recording of small counts has the same NULs: text is printable, in lines
    # (or, a short file of one line, in fields); binary counts hit control characters
    text = head[: len(head) // 2 * 2].decode(codec, errors="replace")
    if len(_CONTROL.findall(text)) * 100 > len(text):
        return ""
    if "\n" in text or "\r" in text or len(head) < 4096 and any(c in text for c in ",;\t|"):
        return codec
    return ""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")


def _newlines(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n") if b"\r" in data and b"\n" not in data else data


def blocks(data: bytes, start: int, end: int, size: int | None = None) -> list[tuple[int, int]]:
    """[start, end) cut after a newline about every `size` bytes (whole rows per block): never
    after a newline inside a quoted cell (a note typed over two lines), told by an odd count of
    quote marks since the block's start (a doubled "" inside a cell counts two)."""
    size = size or BLOCK_BYTES
    out, a = [], start
    while a < end:
        b = data.find(b"\n", min(a + size, end) - 1, end)
        b = end if b < 0 else _out_of_quotes(data, a, b, end)
        out.append((a, b))
        a = b
    return out


def _out_of_quotes(data: bytes, a: int, nl: int, end: int) -> int:
    """The end of the first newline at or after `nl` that is outside quotes (rows from `a`):
    a jump from quote to quote, so a quote never closed costs one search, not one per line."""
    odd = data.count(b'"', a, nl) % 2 == 1
    while odd:
        q = data.find(b'"', nl, end)           # the closing quote
        if q < 0:
            return end
        nl = data.find(b"\n", q + 1, end)
        if nl < 0:
            return end
        odd = data.count(b'"', q + 1, nl) % 2 == 1
    return nl + 1


class Lines:
    """The file's lines (no line ends, trailing blank lines left out) read as a list would be,
    for the lines decoded: the head, a run in the middle, the tail. `cut`: the last line has no
    newline. offset(i): where line i starts in the bytes (the head and tail lines)."""

    def __init__(self, data: bytes, base: int, encoding: str) -> None:
        self.data, self.codec = data, "cp1252" if encoding == "Windows-1252" else "utf-8"
        end = len(data)
        while end > base and data[end - 1] in _TRAIL_WS:
            end -= 1
        # the last real line: terminated when a newline follows it before the end
        self.cut = end > base and data.find(b"\n", end, len(data)) < 0 and data.find(b"\r", end, len(data)) < 0
        self.end = end
        self.known: dict[int, str] = {}
        self.starts: dict[int, int] = {}
        head_end, i, pos = base, 0, base
        while i < HEAD_LINES + 2 * EDGE_LINES and pos < end:
            nl = data.find(b"\n", pos, end)
            stop = end if nl < 0 else nl
            self._put(i, pos, stop)
            pos, i = (end if nl < 0 else nl + 1), i + 1
            head_end = pos
        if head_end >= end:          # the whole file was read: every line known
            self.n = i
            self.mid: list[int] = []
            return
        # the tail: lines from a newline near the end
        t0 = data.rfind(b"\n", head_end, max(head_end, end - 64 * 1024)) + 1 or head_end
        t0 = max(t0, head_end)
        total = data.count(b"\n", base, end) + 1
        tail = self._lines(t0, end)
        while len(tail) < EDGE_LINES + 50 and t0 > head_end:
            t0 = data.rfind(b"\n", head_end, max(head_end, t0 - 256 * 1024)) + 1 or head_end
            t0 = max(t0, head_end)
            tail = self._lines(t0, end)
        self.n = total
        for k, (a, b) in enumerate(tail):
            self._put(total - len(tail) + k, a, b)
        # a run in the middle, from the first line start after the middle byte
        m0 = data.find(b"\n", head_end + (t0 - head_end) // 2, t0)
        self.mid = []
        if m0 >= 0 and m0 + 1 < t0:
            first = data.count(b"\n", base, m0 + 1)
            for k, (a, b) in enumerate(self._lines(m0 + 1, t0, EDGE_LINES)):
                self._put(first + k, a, b)
                self.mid.append(first + k)

    def _lines(self, a: int, end: int, limit: int = 1 << 62) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        while a < end and len(out) < limit:
            nl = self.data.find(b"\n", a, end)
            stop = end if nl < 0 else nl
            out.append((a, stop))
            a = end if nl < 0 else nl + 1
        return out

    def _put(self, i: int, a: int, b: int) -> None:
        self.known[i] = self.data[a:b].decode(self.codec, errors="replace").rstrip("\r")
        self.starts[i] = a

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> str:
        return self.known.get(i + self.n if i < 0 else i, "")

    def head(self, a: int, b: int) -> list[str]:
        """Lines a..b-1 (of the head)."""
        return [self.known[i] for i in range(a, min(b, self.n)) if i in self.known]

    def sample(self, start: int, size: int) -> list[int]:
        """Non-empty lines at the start (from `start`), the middle and the end, `size` each."""
        n = self.n
        idx = list(range(start, min(n, start + size)))
        if self.mid or len(self.known) < n:
            idx += self.mid
        else:
            mid = start + (n - start) // 2
            idx += range(max(start, mid - size // 2), min(n, mid + size // 2))
        idx += range(max(start, n - size), n)
        return sorted({i for i in idx if i in self.known and self.known[i].strip()})


def float_array(col: pl.Series) -> np.ndarray:
    """A numeric column as float64 (NaN for a blank): the blocks' numpy chunks joined by numpy.
    Polars' own rechunk made each column in its allocator, which keeps freed pages for seconds:
    the peak held the columns about twice (bench_import_memory.py)."""
    if col.dtype == pl.Float64 and not col.null_count() and col.n_chunks() > 1:
        return np.concatenate([c.to_numpy() for c in col.get_chunks()])
    return col.cast(pl.Float64).fill_null(float("nan")).to_numpy().astype(np.float64, copy=False)


__all__ = ["BLOCK_BYTES", "EDGE_LINES", "HEAD_LINES", "Lines", "blocks", "decode_whole", "float_array"]
