"""Advisory locks that say "a live process is recording into this journal".

The recorder holds an exclusive flock on its open journal files; the kernel drops it when
the process dies (even on kill -9), so a journal nobody holds is an unfinished session.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; journals are then only recovered by age
    fcntl = None  # type: ignore[assignment]


def hold(fd: int) -> bool:
    """Lock an open fd for as long as it stays open. False when another process holds it
    (a recorder, or a recovery in progress); True where there are no locks (Windows)."""
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def take(path: Path) -> int | None:
    """Open path and hold its lock: the fd, or None when another process holds it.
    Raises OSError when the file cannot be opened (FileNotFoundError: it is gone)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    if hold(fd):
        return fd
    os.close(fd)
    return None


def in_use(path: Path) -> bool:
    """True while another live process holds the journal open for recording."""
    if fcntl is None:
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)


@contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold path's lock (made if missing) for the block, waiting for another process that holds
    it: one check-then-write at a time across processes (two `eccentric import` of one file).
    Where there are no locks (Windows) the block runs unlocked."""
    if fcntl is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)   # closing drops the lock
