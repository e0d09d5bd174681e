"""Advisory locks that say "a live process is recording into this journal".

The recorder holds an exclusive flock on its open journal files; the kernel drops it when
the process dies (even on kill -9), so a journal nobody holds is an unfinished session.

`exclusive` (one import's check-then-write at a time) uses flock where it works, else a lock
file made with O_CREAT|O_EXCL (Windows; network shares, where flock fails or, over NFS without
a lock daemon, may lock this host only: ECCENTRIC_FILE_LOCKS=1 asks for the lock file).
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; journals are then only recovered by age
    fcntl = None  # type: ignore[assignment]

FILE_LOCKS_ENV = "ECCENTRIC_FILE_LOCKS"
# A lock file is stale when the process named in it is gone (same host), or it is older than
# this: the lock covers a library check and one session's save (seconds), never minutes.
STALE_LOCK_S = 120.0
HELD_SUFFIX = ".held"
POLL_S = 0.05


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


def file_locks_asked() -> bool:
    return os.environ.get(FILE_LOCKS_ENV, "").strip().lower() in ("1", "true", "yes", "on")


@contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold path's lock (made if missing) for the block, waiting for another process that holds
    it: one check-then-write at a time across processes (two `eccentric import` of one file).
    flock where it works; else (no flock, flock refused, or ECCENTRIC_FILE_LOCKS=1) the
    exclusive-create lock file `<path>.held` (see held_file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if fcntl is not None and not file_locks_asked():
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                locked = True
            except OSError:   # ENOLCK / EOPNOTSUPP: a share without locks
                locked = False
            if locked:
                yield
                return
        finally:
            os.close(fd)   # closing drops the lock
    with held_file(path.with_name(path.name + HELD_SUFFIX)):
        yield


def _stamp() -> bytes:
    return f"{os.getpid()} {socket.gethostname()} {time.time():.3f} {os.urandom(6).hex()}\n".encode()


def stale(content: bytes, age_s: float, stale_s: float = STALE_LOCK_S) -> bool:
    """Whether a lock file's holder is gone: its pid no longer runs here, or it is too old.
    An empty file (its maker died between create and write, or is writing now) goes by age."""
    if age_s > stale_s:
        return True
    parts = content.decode("utf-8", "replace").split()
    if len(parts) < 2 or parts[1] != socket.gethostname():
        return False   # another host's pid says nothing here
    try:
        import psutil

        return not psutil.pid_exists(int(parts[0]))
    except (ValueError, ImportError):
        return False


def _read(path: Path) -> tuple[bytes, float] | None:
    """The lock file's content and age, or None when it is gone."""
    try:
        with open(path, "rb") as fh:
            content = fh.read(256)
            age = time.time() - os.fstat(fh.fileno()).st_mtime
    except FileNotFoundError:
        return None
    return content, age


def _break(path: Path, seen: bytes) -> None:
    """Remove a stale lock file, if it is still the one judged stale. Breakers go one at a
    time (their own exclusive file) so one never removes the lock another just made."""
    breaker = path.with_name(path.name + ".break")
    try:
        fd = os.open(breaker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        got = _read(breaker)
        if got is not None and got[1] > 10.0:   # a breaker takes milliseconds: its maker died
            breaker.unlink(missing_ok=True)
        return
    try:
        now = _read(path)
        if now is not None and now[0] == seen:
            path.unlink(missing_ok=True)
    finally:
        os.close(fd)
        breaker.unlink(missing_ok=True)


@contextmanager
def held_file(path: Path, stale_s: float = STALE_LOCK_S) -> Iterator[None]:
    """Hold a lock file made with O_CREAT|O_EXCL (any OS, any share) for the block, waiting while
    another live holder has it; a stale one (see `stale`) is removed and taken."""
    mine = _stamp()
    while True:
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            got = _read(path)
            if got is not None and stale(got[0], got[1], stale_s):
                _break(path, got[0])
                continue
            time.sleep(POLL_S)
    try:
        os.write(fd, mine)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        yield
    finally:
        got = _read(path)
        if got is not None and got[0] == mine:   # never another's (ours was judged stale and taken)
            path.unlink(missing_ok=True)
