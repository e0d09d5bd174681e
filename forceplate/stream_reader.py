"""QueuedReader: what the USB plate readers (hid, gdx, serial) share.

Each has a transport thread that queues raw chunks (reports or bytes) and a Reconnected marker
after every replug. read() drains the queue, decodes each run of chunks between markers in one
call, tells the decoder about each replug (so time keeps moving and the gap is flagged), and
keeps the count and the achieved rate that status() reports.
"""

from __future__ import annotations

import time
from abc import abstractmethod
from collections import deque
from typing import Any, ClassVar

from forceplate.errors import EccentricError
from forceplate.hid.transport import Reconnected
from forceplate.reader import Connection, Reader
from forceplate.samples import ReaderInfo, SampleBlock

RATE_WINDOW_S = 3.0   # s: achieved rate is averaged over this long, short enough to show a stall


class QueuedReader(Reader):
    """Subclasses set ``self.transport`` (with take(), counters.reconnects, connection, error,
    close()) and implement _decode() and _replugged()."""

    plate_noun: ClassVar[str]   # for "the <plate_noun> is not open yet"
    transport: Any

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._info: ReaderInfo | None = None
        self._samples = 0
        self._markers_seen = 0
        self._rate_window: deque[tuple[float, int]] = deque()

    @property
    def info(self) -> ReaderInfo:
        if self._info is None:
            raise EccentricError(f"the {self.plate_noun} is not open yet")
        return self._info

    @abstractmethod
    def _decode(self, chunks: list[Any]) -> SampleBlock | None:
        """One run of queued chunks (no markers) as samples, or None if they hold none."""

    @abstractmethod
    def _replugged(self, gap_s: float) -> None:
        """The plate was away gap_s seconds: restart the decoder's counter and keep time moving."""

    def _ready_to_decode(self) -> bool:
        return True

    def read(self, timeout_s: float = 0.1) -> SampleBlock | None:
        items = self.transport.take(timeout_s)
        if not items or not self._ready_to_decode():
            return None
        if self.transport.counters.reconnects == self._markers_seen:
            block = self._decode(items)   # the usual case: nothing but chunks
        else:
            block = self._decode_across_replugs(items)
        if block is None or len(block) == 0:
            return None
        self._samples += len(block)
        now = time.monotonic()
        self._rate_window.append((now, len(block)))
        while self._rate_window and now - self._rate_window[0][0] > RATE_WINDOW_S:
            self._rate_window.popleft()
        return block

    def _decode_across_replugs(self, items: list[Any]) -> SampleBlock | None:
        """Rare path after a replug: decode up to each marker, then restart the decoder."""
        blocks: list[SampleBlock] = []
        run: list[Any] = []
        for item in items:
            if isinstance(item, Reconnected):
                self._decode_into(run, blocks)
                run = []
                self._replugged(item.gap_s)
                self._markers_seen += 1
            else:
                run.append(item)
        self._decode_into(run, blocks)
        if not blocks:
            return None
        return blocks[0] if len(blocks) == 1 else SampleBlock.concat(blocks)

    def _decode_into(self, run: list[Any], blocks: list[SampleBlock]) -> None:
        if run and (b := self._decode(run)) is not None and len(b):
            blocks.append(b)

    def _achieved_rate_hz(self) -> float:
        window = self._rate_window
        if len(window) >= 2:
            span = window[-1][0] - window[0][0]
            if span > 0:
                return sum(n for _, n in list(window)[1:]) / span
        return 0.0

    def _connection_message(self, title: str, connected_detail: str = "", unplugged_detail: str = "") -> str:
        """One status-bar line: the transport's error, or the title and the connection state."""
        t = self.transport
        if t.error is not None:
            return str(t.error)
        if t.connection == Connection.DISCONNECTED:
            return f"{title}: unplugged - waiting for it to come back{unplugged_detail}"
        if t.connection == Connection.CONNECTED:
            return f"{title}: connected{connected_detail}"
        return f"{title}: closed"

    def close(self) -> None:
        self.transport.close()
