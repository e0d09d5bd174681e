"""Text line formats DIY plates already stream: JSON lines ({"w": 123456}) and CSV lines.

The fast path matches every complete line of a chunk against one regular expression built from
the profile (C speed, no Python per line) and converts the captured numbers with numpy. A chunk
with any line that does not match takes the slow path: JSON lines are parsed with json.loads
(other key orders, extra keys), CSV lines split by hand; lines that still make no sense are
counted as garbage and flag the next sample. A well-formed line with NaN / inf in a value is a
sample (its place in time counts) that the reader drops as invalid.
"""

from __future__ import annotations

import json
import re
from itertools import chain

import numpy as np

from forceplate.samples import Flags

NUM = rb"(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"
MAX_LINE = 4096      # bytes: a longer run without a newline is garbage


class LineDecoder:
    """Bytes -> (values float64 (n, C), seq, flags). ``keys`` (JSON) or ``columns`` (CSV) say
    where each channel is; ``counter`` names the key / column of a sample counter, if any."""

    def __init__(self, fmt: str, fields: list[str | int], *, counter: str | int | None = None,
                 separator: str = ",", counter_modulo: int = 0) -> None:
        if fmt not in ("jsonl", "csv"):
            raise ValueError(fmt)
        self.fmt = fmt
        self.fields = fields
        self.counter = counter
        self.separator = separator
        self.counter_modulo = counter_modulo        # 0: the counter never wraps
        wanted = list(fields) + ([counter] if counter is not None else [])
        if fmt == "jsonl":
            parts = [rb'"' + re.escape(str(k).encode()) + rb'"\s*:\s*' + NUM for k in wanted]
            body = rb"\s*,\s*".join(parts)
            self._rx = re.compile(rb"^\s*\{\s*" + body + rb"\s*\}\s*$", re.M)
            self._order = list(range(len(wanted)))
        else:
            ncol = max(int(c) for c in wanted) + 1
            self._ncol = ncol
            self._sep = separator.encode()
            if len(self._sep) != 1:
                raise ValueError("a CSV separator is one character")
            self._sep_byte = self._sep[0]
            sep = rb"\s*" + re.escape(separator.encode()) + rb"\s*"
            self._rx = re.compile(rb"^\s*" + sep.join([NUM] * ncol) + rb"\s*$", re.M)
            self._order = [int(c) for c in wanted]
        self._buf = b""
        self._last_counter: int | None = None
        self._next_seq = 0
        self._flags = 0
        self.lines = 0
        self.garbage_lines = 0
        self.lost_samples = 0
        self.lost_in_replug = 0
        self._replug: tuple[int, int] | None = None

    def reset(self, skip_samples: int, window_samples: int | None = None) -> None:
        """After a replug; see FrameDecoder.reset (a counter that carried on is trusted)."""
        self._buf = b""
        self._replug = (max(0, skip_samples), window_samples if window_samples is not None else skip_samples)
        if self.counter is None:
            self._last_counter = None
        self._flags |= Flags.DISCONNECTED

    def decode(self, data: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        buf = self._buf + data if self._buf else data
        cut = buf.rfind(b"\n")
        if cut < 0:
            if len(buf) > MAX_LINE:
                self.garbage_lines += 1
                self._flags |= Flags.DROPPED
                buf = b""
            self._buf = buf
            return self._empty()
        text, self._buf = buf[:cut + 1], buf[cut + 1:]
        rows = self._fast_csv(text) if self.fmt == "csv" else self._fast_json(text)
        if rows is not None:
            line_flags = np.zeros(len(rows), dtype=np.uint8)
        else:
            rows, line_flags = self._slow(text)
        if len(rows) == 0:
            return self._empty()
        self.lines += len(rows)
        return self._finish(rows, line_flags)

    def _fast_json(self, text: bytes) -> np.ndarray | None:
        """Every line matches the profile's pattern: the numbers, else None."""
        found = self._rx.findall(text)
        if len(found) != text.count(b"\n"):
            return None
        width = self._rx.groups
        flat = found if width == 1 else chain.from_iterable(found)   # findall: str per group
        table = np.fromiter(map(float, flat), dtype=np.float64, count=len(found) * width)
        return table.reshape(len(found), width)[:, self._order]

    def _fast_csv(self, text: bytes) -> np.ndarray | None:
        """Every line has exactly the profile's number of fields and they are all numbers:
        checked with numpy (separators per line), parsed by float() mapped in C. Else None."""
        arr = np.frombuffer(text, dtype=np.uint8)
        ends = np.flatnonzero(arr == 10)
        seps = np.cumsum(arr == self._sep_byte)[ends]
        per_line = np.diff(seps, prepend=0)
        if not (per_line == self._ncol - 1).all():
            return None
        tokens = text.replace(self._sep, b" ").split()
        if len(tokens) != len(ends) * self._ncol:
            return None
        try:
            table = np.fromiter(map(float, tokens), dtype=np.float64, count=len(tokens))
        except ValueError:
            return None
        if not np.isfinite(table).all():
            return None
        return table.reshape(len(ends), self._ncol)[:, self._order]

    def _slow(self, text: bytes) -> tuple[np.ndarray, np.ndarray]:
        width = len(self.fields) + (self.counter is not None)
        out: list[list[float]] = []
        flags: list[int] = []
        pending = 0
        for line in text.split(b"\n"):
            if not line.strip():
                continue
            row = self._parse(line)
            if row is None or len(row) != width:
                self.garbage_lines += 1
                if self.lines or out:      # before the first good line: the port opened mid-line
                    pending = Flags.DROPPED
                continue
            out.append(row)
            flags.append(pending)
            pending = 0
        if pending:
            self._flags |= pending
        return np.array(out, dtype=np.float64).reshape(-1, width), np.array(flags, dtype=np.uint8)

    def _parse(self, line: bytes) -> list[float] | None:
        wanted = list(self.fields) + ([self.counter] if self.counter is not None else [])
        try:
            if self.fmt == "jsonl":
                obj = json.loads(line)
                if not isinstance(obj, dict):
                    return None
                vals = [obj[str(k)] for k in wanted]
            else:
                cells = line.decode("ascii").split(self.separator)
                vals = [cells[int(c)] for c in wanted]
            out = [float(v) for v in vals]
        except (ValueError, KeyError, IndexError, TypeError, UnicodeDecodeError):
            return None
        # a whole line with NaN / inf in a value is a sample whose reading is invalid: kept here so
        # its time slot counts, dropped by the reader (forceplate.samples.drop_invalid); a counter
        # that is not a number is garbage
        return out if self.counter is None or np.isfinite(out[-1]) else None

    def _empty(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return np.empty((0, len(self.fields))), np.empty(0, np.int64), np.empty(0, np.uint8)

    def _finish(self, rows: np.ndarray, line_flags: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        n = len(rows)
        values = rows[:, : len(self.fields)]
        flags = line_flags.copy()
        if self.counter is not None:
            counter = rows[:, -1].astype(np.int64)
            steps = np.empty(n, dtype=np.int64)
            steps[1:] = np.diff(counter)
            steps[0] = 1 if self._last_counter is None else counter[0] - self._last_counter
            if self.counter_modulo:
                steps %= self.counter_modulo
            steps[steps <= 0] = 1      # a counter that went back (firmware restart): carry on
            replug, self._replug = self._replug, None
            if replug is not None:
                if self._last_counter is not None and 1 <= steps[0] <= replug[1] + 1:
                    self.lost_in_replug += int(steps[0]) - 1
                else:
                    steps[0] = replug[0] + 1
            self._last_counter = int(counter[-1])
            gaps = steps > 1
            if replug is not None:
                gaps[0] = False
            if gaps.any():
                flags[gaps] |= np.uint8(Flags.DROPPED)
                self.lost_samples += int((steps[gaps] - 1).sum())
        else:
            steps = np.ones(n, dtype=np.int64)
            replug, self._replug = self._replug, None
            if replug is not None:
                steps[0] = replug[0] + 1
        seq = self._next_seq - 1 + np.cumsum(steps)
        self._next_seq = int(seq[-1]) + 1
        if self._flags:
            flags[0] |= np.uint8(self._flags)
            self._flags = 0
        return values, seq, flags
