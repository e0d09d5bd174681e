"""A saved session as a Reader: the same analysis pipeline, at 1x, faster or slower.

    with ReplayReader(path, speed=2.0) as r:
        while (block := r.read(0.1)) is not None or r.running:
            ...
pause()/resume()/seek(t_s) may be called from another thread (the UI) while read() runs.
After a seek the first sample of the next block carries Flags.DROPPED: time jumped.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from forceplate.errors import BadInputError, EccentricError
from forceplate.reader import Connection, Reader, ReaderStatus
from forceplate.samples import Flags, ReaderInfo, SampleBlock
from sessions.analysis import valid_samples
from sessions.session_file import StoredSession, read_session, sample_row_groups
from sessions.stored_analysis import StoredAnalysis

MAX_BLOCK_S = 0.5      # at most this much recorded time per read(): the UI stays responsive
FAST_BLOCK_S = 0.25    # block length when not pacing to the clock (realtime=False)


def _flag(v: Any, default: bool) -> bool:
    if isinstance(v, str):
        return v.strip().lower() not in ("0", "false", "no", "off", "")
    return default if v is None else bool(v)


class ReplayReader(Reader):
    name: ClassVar[str] = "replay"
    description: ClassVar[str] = "a recorded session played back (option path=FILE, speed, realtime)"

    def __init__(self, path: str | Path | None = None, speed: float | str = 1.0,
                 realtime: bool | str = True, **options: Any) -> None:
        super().__init__(path=path, speed=speed, realtime=realtime, **options)
        if path is None:
            raise EccentricError("replay needs a session file (-o path=FILE)")
        self.path = Path(path)
        self.realtime = _flag(realtime, True)
        self._speed = self._check_speed(speed)
        self._lock = threading.Lock()
        self._session: StoredSession | None = None
        self._info: ReaderInfo | None = None
        self._rel: np.ndarray = np.empty(0)     # sample times from the session's first sample
        self._idx = 0                           # next sample to deliver
        self._anchor_pos = 0.0                  # recorded time at _anchor_wall
        self._anchor_wall = 0.0
        self._paused = False
        self._jumped = False
        self._connection = Connection.CLOSED
        self._delivered = 0
        self._invalid = 0      # NaN / inf samples an older eccentric saved: left out, as a decoder drops them
        self._opened_at = 0.0
        self._loader: threading.Thread | None = None   # reads the rest while the start plays
        self._loading = False
        self._load_error: EccentricError | None = None
        self._duration_hint: float | None = None
        self._seek_target: float | None = None
        self._stored: StoredAnalysis | None = None
        self._t0 = 0.0                          # the first sample's time (rep times' axis)

    @staticmethod
    def _check_speed(speed: float | str) -> float:
        try:
            s = float(speed)
        except (TypeError, ValueError):
            raise EccentricError(f"replay speed {speed!r} is not a number") from None
        if not (0.01 <= s <= 1000):
            raise EccentricError(f"replay speed {s:g} is out of range (0.01..1000)")
        return s

    # --- Reader ------------------------------------------------------------------------

    def open(self) -> ReaderInfo:
        """Reads the first row group (minutes of data) and starts; the rest loads behind."""
        if self._info is not None:
            return self._info
        groups, self._duration_hint = sample_row_groups(self.path)
        head = None
        if groups > 1:
            with contextlib.suppress(BadInputError):   # a damaged first row group: all at once
                head = read_session(self.path, row_groups=[0], salvage=True)
                self._loading = True
                self._loader = threading.Thread(target=self._load_rest, name="eccentric-replay-load", daemon=True)
        if head is None:
            head = read_session(self.path, salvage=True)
        self._set_data(head)
        self._info = replace(head.info, extra={**head.info.extra, "replay": str(self.path)})
        self._idx = 0
        self._connection = Connection.CONNECTED if len(self._rel) else Connection.ENDED
        self._opened_at = time.monotonic()
        self._anchor(0.0)
        if self._loader is not None:
            self._loader.start()
        return self._info

    def _set_data(self, s: StoredSession) -> None:
        s.block, self._invalid = valid_samples(s.info, s.block)   # the chart never draws a NaN / inf
        self._invalid += s.samples_lost   # in damaged pages of the file: dropped samples too
        self._session = s
        t = s.block.time_s
        self._t0 = float(t[0]) if len(t) else 0.0
        self._rel = t - t[0] if len(t) else t

    def _load_rest(self) -> None:
        try:
            full = read_session(self.path, salvage=True)
        except Exception as exc:   # noqa: BLE001 - the start still plays; the end is reported
            err = exc if isinstance(exc, EccentricError) else EccentricError(f"{self.path}: {exc}")
            with self._lock:
                self._load_error = err
                self._loading = False
            return
        with self._lock:
            self._set_data(full)
            if self._seek_target is not None:
                self._idx = int(np.searchsorted(self._rel, self._seek_target, side="left"))
                self._seek_target = None
            self._loading = False

    @property
    def load_error(self) -> EccentricError | None:
        """Why the rest of a long session could not be read (its start played), else None."""
        return self._load_error

    @property
    def loading(self) -> bool:
        """True while the rest of a long session is still being read."""
        return self._loading

    @property
    def info(self) -> ReaderInfo:
        if self._info is None:
            raise EccentricError("replay reader is not open")
        return self._info

    @property
    def session(self) -> StoredSession:
        """The whole stored session (waits for a long one to finish loading)."""
        if self._session is None:
            raise EccentricError("replay reader is not open")
        if self._loader is not None:
            self._loader.join()
        return self._session

    def read(self, timeout_s: float = 0.1) -> SampleBlock | None:
        deadline = time.monotonic() + max(0.0, timeout_s)
        while True:
            with self._lock:
                if self._connection != Connection.CONNECTED:
                    return None
                if not self._paused:
                    end = self._due_index()
                    if end > self._idx:
                        return self._take(end)
                    if self._idx >= len(self._rel) and not self._loading:
                        self._connection = Connection.ENDED   # the loader failed or finished short
                        return None
                    wait = self._next_due_in()
                else:
                    wait = timeout_s
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            time.sleep(max(0.0, min(left, wait, 0.05)))

    def status(self) -> ReaderStatus:
        elapsed = max(1e-9, time.monotonic() - self._opened_at)
        return ReaderStatus(
            connection=self._connection, samples=self._delivered, dropped_samples=self._invalid,
            achieved_rate_hz=self._delivered / elapsed if self._opened_at else 0.0,
            message=f"replay {self.position_s:.1f}/{self.duration_s:.1f} s at {self._speed:g}x"
                    + (" (paused)" if self._paused else "")
                    + (f" - the rest could not be read: {self._load_error}" if self._load_error else ""),
        )

    def close(self) -> None:
        with self._lock:
            if self._connection != Connection.CLOSED:
                self._connection = Connection.CLOSED

    # --- the stored analysis -------------------------------------------------------------------

    @property
    def stored_analysis(self) -> StoredAnalysis:
        """The session's saved reps and sets (what every view shows; read from the footer)."""
        if self._stored is None:
            self._stored = StoredAnalysis.from_file(self.path)
        return self._stored

    def time_at(self, position_s: float) -> float:
        """Replay position (from the first sample) -> the rep times' axis."""
        return self._t0 + position_s

    def reps_until(self, position_s: float | None = None) -> list[Any]:
        """The saved reps complete by a replay position (default: the current one), numbered
        as saved - the same before and after any seek."""
        pos = self.position_s if position_s is None else position_s
        return self.stored_analysis.reps_until(self.time_at(pos))

    # --- transport controls ----------------------------------------------------------------

    @property
    def paused(self) -> bool:
        return self._paused

    def pause(self) -> None:
        with self._lock:
            if not self._paused:   # freeze at what the consumer has seen, not what was due
                self._anchor(min(self._clock_pos(), self._delivered_pos()))
                self._paused = True

    def resume(self) -> None:
        with self._lock:
            if self._paused:
                self._paused = False
                self._anchor(self._anchor_pos)

    @property
    def speed(self) -> float:
        return self._speed

    @speed.setter
    def speed(self, value: float) -> None:
        with self._lock:
            pos = self._anchor_pos if self._paused else self._clock_pos()
            self._speed = self._check_speed(value)
            self._anchor(pos)

    @property
    def duration_s(self) -> float:
        if self._loading and self._duration_hint is not None:
            return self._duration_hint
        return float(self._rel[-1]) if len(self._rel) else 0.0

    @property
    def position_s(self) -> float:
        """Recorded time (from the session's first sample) of the last sample delivered."""
        if self._idx == 0 or not len(self._rel):
            return 0.0
        return float(self._rel[min(self._idx, len(self._rel)) - 1])

    def stream_time_s(self) -> float:
        """The stream time (the blocks' time_s) of the last sample delivered, or just before the
        first: where the cursor is after a seek, before (paused: without) the next block."""
        with self._lock:
            if self._session is None or not len(self._rel):
                return 0.0
            t = self._session.block.time_s
            return float(t[min(self._idx, len(t)) - 1]) if self._idx else float(t[0])

    def window_before(self, seconds: float) -> SampleBlock | None:
        """The samples of the last `seconds` up to the cursor (already past: read() does not
        deliver them again), for a chart drawn at the cursor after a seek - paused, no block
        follows to draw it. None before the first sample."""
        with self._lock:
            if self._session is None or self._idx <= 0:
                return None
            b = self._session.block
            end = min(self._idx, len(b.time_s))
            a = int(np.searchsorted(b.time_s[:end], b.time_s[end - 1] - seconds, side="left"))
            return SampleBlock(time_s=b.time_s[a:end], values=b.values[a:end], seq=b.seq[a:end],
                               flags=b.flags[a:end].copy(),
                               counts=None if b.counts is None else b.counts[a:end])

    def seek(self, t_s: float) -> None:
        """Jump to recorded time t_s (clipped to the session); playing or paused stays so."""
        with self._lock:
            if self._session is None:
                raise EccentricError("replay reader is not open")
            t = float(np.clip(t_s, 0.0, self.duration_s))
            self._idx = int(np.searchsorted(self._rel, t, side="left"))
            self._seek_target = t if self._loading and self._idx >= len(self._rel) else None
            self._jumped = True
            self._anchor(t)
            if self._idx < len(self._rel) and self._connection == Connection.ENDED:
                self._connection = Connection.CONNECTED

    # --- internals ---------------------------------------------------------------------------

    def _anchor(self, pos: float) -> None:
        self._anchor_pos = pos
        self._anchor_wall = time.monotonic()

    def _delivered_pos(self) -> float:
        """Recorded time just after the last delivered sample (0 before any)."""
        if self._idx == 0 or not len(self._rel):
            return 0.0
        return float(self._rel[min(self._idx, len(self._rel)) - 1]) + 0.5 / self.info.sample_rate_hz

    def _clock_pos(self) -> float:
        return self._anchor_pos + (time.monotonic() - self._anchor_wall) * self._speed

    def _due_index(self) -> int:
        n = len(self._rel)
        rate = self._session.info.sample_rate_hz if self._session else 1000.0
        if self.realtime:
            end = int(np.searchsorted(self._rel, self._clock_pos(), side="right"))
            cap = max(1, int(MAX_BLOCK_S * rate))
        else:
            end = n
            cap = max(1, int(FAST_BLOCK_S * rate))
        return min(n, end, self._idx + cap)

    def _next_due_in(self) -> float:
        if self._idx >= len(self._rel):
            return 0.05
        return max(0.0, (float(self._rel[self._idx]) - self._clock_pos()) / self._speed)

    def _take(self, end: int) -> SampleBlock:
        assert self._session is not None
        b = self._session.block
        a = self._idx
        flags = b.flags[a:end].copy()
        if self._jumped:
            flags[0] |= np.uint8(Flags.DROPPED)
            self._jumped = False
        block = SampleBlock(
            time_s=b.time_s[a:end], values=b.values[a:end], seq=b.seq[a:end], flags=flags,
            counts=None if b.counts is None else b.counts[a:end],
        )
        self._idx = end
        self._delivered += end - a
        if end >= len(self._rel) and not self._loading:
            self._connection = Connection.ENDED
        if not self.realtime:   # keep the clock with the data so pause/seek/speed stay coherent
            self._anchor(float(self._rel[end - 1]))
        return block
