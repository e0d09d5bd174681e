"""The import lock without flock (Windows, network shares): an exclusive-create lock file
(sessions/locks.held_file) still makes two imports of one file one session; a lock file whose
holder is gone (its pid, or older than STALE_LOCK_S) is taken, a live one is waited for."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from import_race import two_import_processes, two_imports_at_once

from sessions import locks
from sessions.library import Library
from sessions.paths import IMPORT_LOCK


def test_no_flock_two_imports_of_one_file_make_one_session(tmp_path, monkeypatch):
    """Where there is no flock (Windows) the block ran unlocked: two sessions of one file."""
    monkeypatch.setattr(locks, "fcntl", None)
    lib, results = two_imports_at_once(tmp_path, monkeypatch)
    assert len(results) == 2 and len(Library(lib).list()) == 1
    assert not (lib / (IMPORT_LOCK + locks.HELD_SUFFIX)).exists()   # released


def test_flock_refused_falls_back_to_the_lock_file(tmp_path, monkeypatch):
    """A share whose flock fails (ENOLCK) was an error before: now the lock file holds."""
    if locks.fcntl is None:
        pytest.skip("no flock here")
    used: list[Path] = []
    held = locks.held_file

    real = locks.fcntl.flock

    def no_locks(fd, op):   # the import lock's blocking flock fails; the journals' own still work
        if op & locks.fcntl.LOCK_NB:
            return real(fd, op)
        raise OSError(errno.ENOLCK, "No locks available")

    def spy(path, *a, **k):
        used.append(path)
        return held(path, *a, **k)

    monkeypatch.setattr(locks.fcntl, "flock", no_locks)
    monkeypatch.setattr(locks, "held_file", spy)
    lib, results = two_imports_at_once(tmp_path, monkeypatch)
    assert len(results) == 2 and len(Library(lib).list()) == 1
    assert used and all(p.name == IMPORT_LOCK + locks.HELD_SUFFIX for p in used)


def test_a_live_holder_is_waited_for(tmp_path):
    lock = tmp_path / "x.held"
    order: list[str] = []
    taken = threading.Event()

    def holder() -> None:
        with locks.held_file(lock):
            taken.set()
            time.sleep(0.4)
            order.append("first out")

    t = threading.Thread(target=holder)
    t.start()
    taken.wait(10)
    with locks.held_file(lock):
        order.append("second in")
    t.join(10)
    assert order == ["first out", "second in"] and not lock.exists()


def test_a_dead_holders_lock_is_taken(tmp_path):
    """kill -9 mid-import leaves the file: the pid in it is gone, so the next import goes on."""
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(proc.stdout)
    lock = tmp_path / "x.held"
    import socket

    lock.write_text(f"{dead} {socket.gethostname()} {time.time():.3f} abc\n")
    t0 = time.monotonic()
    with locks.held_file(lock):
        assert str(os.getpid()) in lock.read_text()
    assert time.monotonic() - t0 < 5 and not lock.exists()


def test_an_old_lock_from_another_host_is_taken_a_fresh_one_is_not(tmp_path):
    lock = tmp_path / "x.held"
    lock.write_text(f"1 some-other-host {time.time():.3f} abc\n")
    assert not locks.stale(lock.read_bytes(), 1.0)              # its pid says nothing here
    assert locks.stale(lock.read_bytes(), locks.STALE_LOCK_S + 1)
    assert not locks.stale(b"", 0.1)                            # being written now
    old = time.time() - locks.STALE_LOCK_S - 5
    os.utime(lock, (old, old))
    with locks.held_file(lock):
        assert "some-other-host" not in lock.read_text()


def test_two_import_processes_with_file_locks_make_one_session(tmp_path):
    """ECCENTRIC_FILE_LOCKS=1 (a network share): two processes, one session, both exit 0."""
    lib, codes, outs = two_import_processes(tmp_path, **{locks.FILE_LOCKS_ENV: "1"})
    assert codes == [0, 0], outs
    assert len(Library(lib).list()) == 1
    assert not (lib / (IMPORT_LOCK + locks.HELD_SUFFIX)).exists()
