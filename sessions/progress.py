"""One-line progress on stderr: only on a terminal, or when a job runs long."""

from __future__ import annotations

import sys
import time
from typing import TextIO

LONG_S = 2.0


class Progress:
    def __init__(self, what: str, total: int, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.what = what
        self.total = total
        self.stream = stream or sys.stderr
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.t0 = time.monotonic()
        self._last = 0.0
        self._shown = False

    def _on(self) -> bool:
        if self.enabled is not None:
            return self.enabled
        return self._tty or time.monotonic() - self.t0 > LONG_S

    def update(self, done: int, detail: str = "") -> None:
        now = time.monotonic()
        if not self._on() or (now - self._last < 0.2 and done < self.total):
            return
        self._last = now
        end = "\r" if self._tty else "\n"
        pct = f" {100 * done / self.total:3.0f}%" if self.total else ""
        self.stream.write(f"{self.what}: {done}/{self.total}{pct} {detail}".rstrip()[:100].ljust(60) + end)
        self.stream.flush()
        self._shown = True

    def done(self) -> None:
        if self._shown and self._tty:
            self.stream.write("\n")
            self.stream.flush()
