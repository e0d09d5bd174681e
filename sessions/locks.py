"""Advisory locks that say "a live process is recording into this journal".

The recorder holds an exclusive flock on its open journal files; the kernel drops it when
the process dies (even on kill -9), so a journal nobody holds is an unfinished session.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; journals are then only recovered by age
    fcntl = None  # type: ignore[assignment]


def hold(fd: int) -> None:
    """Lock an open fd for as long as it stays open (best effort)."""
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


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
