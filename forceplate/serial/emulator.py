"""A DIY serial plate on a pseudo-terminal pair, for tests and benchmarks.

The plate writes to the pty master; the reader opens the slave through a stable symlink
(``link``), so an "unplug" (both ends closed, the link removed) and a "replug" (a new pty,
the link pointed at it) look to the reader like a USB-serial device going and coming back.

Faults: ``garbage`` {frame number: bytes written before that frame}, ``cut`` {frame numbers
sent only in part (the rest never comes)}, ``unplug_at`` (frame number) with ``away_s``.
Every sent frame's counter is known, so a test can account for each one.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
import tty
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from forceplate.serial.frame import encode_frames, frame_size


def counts_at(k: np.ndarray, n_channels: int) -> np.ndarray:
    """The emulated ADC counts of sample numbers k: reps on a body weight, per cell."""
    k = np.asarray(k, dtype=np.float64)
    base = 180_000 + 90_000 * np.sin(2 * np.pi * k / 3200.0) + 700 * np.sin(k * 0.41)
    share = 1.0 + 0.05 * np.arange(n_channels)
    return np.round(base[:, None] * share[None, :] / n_channels).astype(np.int32)


@dataclass
class PtyPlate:
    link: Path
    fmt: str = "frame"                  # frame | jsonl | csv
    rate_hz: float = 1000.0
    n_channels: int = 4
    speed: float = 1.0
    total: int | None = None            # frames to send, then go quiet (None: until stopped)
    first_counter: int = 0
    garbage: dict[int, bytes] = field(default_factory=dict)
    cut: set[int] = field(default_factory=set)
    unplug_at: int | None = None
    away_s: float = 1.0
    chunk_s: float = 0.004              # how often the plate writes (a USB CDC frame every few ms)
    sent: int = 0
    sent_counters: list[int] = field(default_factory=list)   # only kept when record=True
    record: bool = False

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._master = self._slave = -1
        self.unplugged = threading.Event()
        self.replugged = threading.Event()

    # ---- the pty --------------------------------------------------------------------------
    def _plug(self) -> None:
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)   # no line discipline: bytes pass as they are
        tmp = self.link.with_suffix(".tmp")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        tmp.symlink_to(os.ttyname(self._slave))
        tmp.replace(self.link)

    def _unplug(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.link.unlink()
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._master = self._slave = -1

    # ---- what the plate sends ---------------------------------------------------------------
    def encode(self, k0: int, n: int) -> list[bytes]:
        k = np.arange(k0, k0 + n)
        counts = counts_at(k, self.n_channels)
        ctr = (self.first_counter + k) & 0xFFFF
        if self.fmt == "frame":
            blob = encode_frames(counts, int(ctr[0]))
            size = frame_size(self.n_channels)
            return [blob[i:i + size] for i in range(0, len(blob), size)]
        if self.fmt == "jsonl":
            return [(json.dumps({"w": int(row.sum()), "n": int(c)}) + "\n").encode()
                    for row, c in zip(counts, ctr, strict=True)]
        return [(",".join([str(int(c)), *map(str, row.tolist())]) + "\r\n").encode()
                for row, c in zip(counts, ctr, strict=True)]

    def start(self) -> PtyPlate:
        self._plug()
        self._thread = threading.Thread(target=self._run, name="pty-plate", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        t0 = time.monotonic()
        offset = 0.0          # time spent unplugged does not count as frames owed
        while not self._stop.is_set():
            due = int((time.monotonic() - t0 - offset) * self.rate_hz * self.speed)
            if self.total is not None:
                due = min(due, self.total)
            if self.unplug_at is not None and self.sent < self.unplug_at <= due:
                due = self.unplug_at
            n = due - self.sent
            if n > 0:
                pieces = self.encode(self.sent, n)
                out = bytearray()
                for i, piece in enumerate(pieces):
                    k = self.sent + i
                    if k in self.garbage:
                        out += self.garbage[k]
                    out += piece[: max(1, len(piece) // 2)] if k in self.cut else piece
                if self.record:
                    self.sent_counters.extend(range(self.sent, self.sent + n))
                with contextlib.suppress(OSError):
                    os.write(self._master, bytes(out))
                self.sent += n
            if self.unplug_at is not None and self.sent == self.unplug_at and not self.unplugged.is_set():
                time.sleep(0.05)
                self._unplug()
                self.unplugged.set()
                t_away = time.monotonic()
                if self._stop.wait(self.away_s):
                    return
                self._plug()
                offset += time.monotonic() - t_away
                self.replugged.set()
            self._stop.wait(self.chunk_s)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        self._unplug()


def wait_for(pred: object, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if pred():  # type: ignore[operator]
            return True
        time.sleep(0.01)
    return False


__all__ = ["PtyPlate", "counts_at", "wait_for"]
