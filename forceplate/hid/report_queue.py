"""The queue between a transport's reading thread and its consumer: raw chunks, Reconnected
markers and the counters of what passed (split from transport.py; shared with the serial
transport)."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from typing import Any

from forceplate.errors import EccentricError


@dataclass(frozen=True, slots=True)
class Reconnected:
    """Queue marker: the plate came back after ``gap_s`` seconds away."""

    gap_s: float


class QueueConsumer:
    """The consumer side of a transport whose thread queues raw chunks and Reconnected
    markers (HidTransport, SerialTransport)."""

    error: EccentricError | None
    _queue: deque[Any]
    _ready: threading.Event

    def take(self, timeout_s: float) -> list[Any]:
        """Everything queued (raw chunks and Reconnected markers, in order); waits up to
        timeout_s for the first item. Raises the thread's unrecoverable error, if any."""
        q = self._queue
        if not q:
            if self.error is not None:
                raise self.error
            self._ready.wait(timeout_s)
        self._ready.clear()
        out = []
        popleft = q.popleft
        try:
            for _ in range(len(q)):
                out.append(popleft())
        except IndexError:
            pass
        self._taken(out)
        if not out and self.error is not None:
            raise self.error
        return out

    def _taken(self, items: list[Any]) -> None:
        """Account for what just left the queue (nothing to do by default)."""


@dataclass(slots=True)
class TransportCounters:
    reports: int = 0           # reports queued
    dropped_reports: int = 0   # reports lost because the queue was full
    rejected_reports: int = 0  # reads of the wrong length
    timeouts: int = 0
    reconnects: int = 0


