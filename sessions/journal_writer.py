"""The recorder's writer thread: the journal's records appended as they come, fsynced at least
every FSYNC_INTERVAL_S, a backlog kept in memory while the disk refuses (split from
recorder.py by job; mixed into Recorder, whose queue, file descriptors and counters it uses)."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import queue
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from forceplate.errors import DiskError, EccentricError
from forceplate.samples import ReaderInfo, SampleBlock
from sessions import journal as J
from sessions import schema as S
from sessions.meta import SessionMeta
from sessions.oserrors import os_error
from sessions.store import SessionPaths

FSYNC_INTERVAL_S = 0.5
RETRY_INTERVAL_S = 1.0
STOP = object()


class Mark:
    """Put in the writer's queue: set once everything queued before it was handed to the OS."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.whole = False


class JournalWriter:
    """Mixed into Recorder (self is the recorder)."""

    info: ReaderInfo
    meta: SessionMeta
    data_dir: Path
    paths: SessionPaths
    path: Path
    journal_path: Path
    samples_written: int
    samples_dropped: int
    error: EccentricError | None
    _queue: queue.SimpleQueue[Any]
    _fd: int | None
    _events_fd: int | None
    _mode: str | None
    _dtype: np.dtype | None
    _backlog: bytearray
    _event_backlog: bytearray
    _header_left: int
    _data_bytes: int
    _max_backlog: int
    file_too_large: bool = False
    _meta_json: str
    _claimed: bool
    _own_paths: SessionPaths | None
    parts: list[Path]
    next_part: int = 2              # the number of the next part (a file size limit)
    cut_carried: bool = False       # a part holds the journal's cut last record whole

    def _run(self) -> None:
        last_sync = time.monotonic()
        last_fail = 0.0
        done = False
        while not done:
            try:
                item = self._queue.get(timeout=FSYNC_INTERVAL_S / 2)
            except queue.Empty:
                item = None
            items = [] if item is None else [item]
            while True:   # drain: one write for everything queued
                try:
                    items.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            marks = []
            for it in items:
                if it is STOP:
                    done = True
                    continue
                if isinstance(it, Mark):
                    marks.append(it)
                    continue
                try:
                    if isinstance(it, tuple):
                        self._event_backlog += (json.dumps(it[1], default=S.json_default) + "\n").encode()
                    else:
                        self._encode(it)
                except Exception as exc:   # noqa: BLE001 - one odd block must not end the recording
                    if self.error is None:
                        self.error = EccentricError(f"recorder skipped a block it could not journal: {exc}")
            now = time.monotonic()
            if done or not self.error or now - last_fail >= RETRY_INTERVAL_S:
                sync = done or now - last_sync >= FSYNC_INTERVAL_S
                if self._flush(sync=sync):
                    if sync:
                        last_sync = now
                else:
                    last_fail = now
                    self._spill()
            for mark in marks:   # everything queued before it is with the OS, or not
                mark.whole = self._claimed and not self._backlog
                mark.done.set()

    def _init_format(self, first: SampleBlock) -> None:
        """Record layout from the first block; the header leads the backlog (no disk I/O)."""
        self._mode = J.choose_mode(self.info, first)
        self._dtype = J.record_dtype(len(self.info.channels), self._mode)
        header = J.header_bytes(self._meta_json, self.info, self._mode, self.paths.relative)
        self._backlog[:0] = header
        self._header_left = len(header)
        self._copy_header(header)

    def _copy_header(self, header: bytes) -> None:
        """The header's copy leads the events journal (J.header_event); a provisional one not
        yet written is replaced."""
        copy = J.header_event(header)
        if self._event_backlog.startswith(J.HEADER_EVENT_START):
            del self._event_backlog[:self._event_backlog.index(b"\n") + 1]
        self._event_backlog[:0] = copy

    def _claim(self) -> None:
        """Create and lock this recording's journal under a name nobody else has."""
        sp, fd, efd = SessionPaths.claim(self.data_dir, self.meta)
        self.paths, self.path, self.journal_path = sp, sp.session, sp.journal
        self._own_paths = sp
        self._fd, self._events_fd, self._claimed = fd, efd, True
        if self._header_left:   # the header waiting in the backlog named the provisional target
            assert self._mode is not None
            del self._backlog[:self._header_left]
            header = J.header_bytes(self._meta_json, self.info, self._mode, sp.relative)
            self._backlog[:0] = header
            self._header_left = len(header)
            self._copy_header(header)

    def _encode(self, block: SampleBlock) -> None:
        if self._dtype is None:
            self._init_format(block)
        assert self._dtype is not None and self._mode is not None
        self._backlog += J.encode_block(block, self._dtype, self._mode, self.info)
        over = len(self._backlog) - self._max_backlog
        if over > 0:   # the disk has refused for a long time: keep the newest samples
            size = self._dtype.itemsize
            n = -(-over // size)
            # keep the header and the rest of a record the OS already has part of
            first = self._header_left + (-self._data_bytes) % size
            n = min(n, (len(self._backlog) - first) // size)
            del self._backlog[first:first + n * size]
            self.samples_dropped += n

    def _flush(self, sync: bool) -> bool:
        """Hand the backlog to the OS; fsync when asked. False if the disk refused."""
        ok = True
        try:   # claimed at start(); tried again here if the disk refused then
            if not self._claimed:
                self._claim()
        except OSError as exc:
            self._fail(exc)
            ok = False
        for fd, buf in ((self._fd, self._backlog), (self._events_fd, self._event_backlog)):
            if fd is None or not buf:
                continue
            try:
                while buf:
                    k = os.write(fd, buf)
                    if fd == self._fd:
                        self._account(k)
                    del buf[:k]
            except OSError as exc:
                self._fail(exc)
                ok = False
        if ok and sync:
            for fd in (self._fd, self._events_fd):
                if fd is not None:
                    try:
                        os.fsync(fd)
                    except OSError as exc:
                        self._fail(exc)
                        ok = False
        if ok and self.error is not None and isinstance(self.error, DiskError) and not self._backlog:
            self.error = None   # the disk took everything again
        return ok

    def _spill(self) -> None:
        """Under a file size limit the journal takes no more: each part's worth of samples goes
        beside it at once as a journal of its own (rescue.journal_parts), so a process killed
        later loses at most one part's worth, not everything since the limit."""
        if not (self.file_too_large and self._claimed and not self._header_left and self._dtype is not None
                and len(self._backlog) >= self._dtype.itemsize):
            return
        from sessions.rescue import journal_parts

        try:
            parts, took = journal_parts(self.journal_path, self._data_bytes, self._dtype, bytes(self._backlog), b"",
                                        [], first_k=self.next_part, carry_cut=not self.cut_carried, whole_only=True)
        except Exception:   # noqa: BLE001 - stop() tries again with everything left
            return
        if parts:
            del self._backlog[:took]
            self.parts.extend(parts)
            self.next_part += len(parts)
            self.cut_carried = True

    def _account(self, k: int) -> None:
        """k more journal bytes are with the OS: count the whole samples among them."""
        assert self._dtype is not None
        h = min(k, self._header_left)
        self._header_left -= h
        self._data_bytes += k - h
        self.samples_written = self._data_bytes // self._dtype.itemsize

    def _fail(self, exc: OSError) -> None:
        if exc.errno == errno.EFBIG:      # a size limit on the file: the folder may take more files
            self.file_too_large = True
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            msg = f"disk full: cannot journal to {self.journal_path.parent} (samples kept in memory)"
        else:
            msg = str(os_error(exc, exc.filename or self.journal_path))
        if self.error is None:
            self.error = DiskError(msg)

    def _close(self) -> None:
        for name in ("_fd", "_events_fd"):
            fd = getattr(self, name)
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
                setattr(self, name, None)
