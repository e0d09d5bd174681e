"""OSError -> the user's one-line error and exit code, decided in one place.

Callers say what they were doing ("write" or "read") and with which file; the errno class
decides the exit code: no space or a read-only / forbidden place to write is 6 (cannot
write), a name or path that cannot exist is 2 (bad command line) or 3 (bad input).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from forceplate.errors import BadInputError, DiskError, EccentricError, ExitCode

FILE_LIMIT = "file size limit reached"
_FULL = {errno.ENOSPC, errno.EDQUOT}
_DENIED = {errno.EACCES, errno.EPERM}
_MISSING = {errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.ELOOP, errno.ENXIO, errno.ENODEV}


def _where(exc: OSError, path: Path | str | None) -> str:
    name = path if path is not None else exc.filename
    return os.fsdecode(name) if name is not None else ""


# Rust-backed writers (polars) raise these classes with no errno set, only text
_CLASS_ERRNO = ((FileNotFoundError, errno.ENOENT), (PermissionError, errno.EACCES),
                (IsADirectoryError, errno.EISDIR), (NotADirectoryError, errno.ENOTDIR))


def _errno(exc: OSError) -> int | None:
    if exc.errno is not None:
        return exc.errno
    found = re.search(r"os error (\d+)|errno (\d+)", str(exc))
    if found:
        return int(found.group(1) or found.group(2))
    return next((code for cls, code in _CLASS_ERRNO if isinstance(exc, cls)), None)


def os_error(exc: OSError, path: Path | str | None = None, action: str = "write") -> EccentricError:
    """The EccentricError for an OSError met while doing `action` ("write" | "read") on path."""
    from sessions.names import display

    where = display(_where(exc, path))
    what = f"{where}: " if where else ""
    code = _errno(exc)
    if code is not None:   # the system's own words: a library's text may name its temporary file
        exc = OSError(code, os.strerror(code), exc.filename)
    if code in _FULL:
        return DiskError(f"disk full: cannot write {where or 'the file'}")
    if code == errno.EFBIG:   # the folder may have room: a per-file limit (ulimit -f, FAT32's 4 GiB)
        return DiskError(f"{FILE_LIMIT}: cannot write {where or 'the file'}")
    if code == errno.EROFS:
        return DiskError(f"cannot write {where or 'the file'}: read-only file system")
    if code in _DENIED:
        if action == "read":
            return BadInputError(f"cannot read {where or 'the file'}: permission denied")
        return DiskError(f"cannot write {where or 'the file'}: permission denied")
    if code == errno.ENAMETOOLONG:
        return EccentricError(f"{what}file name too long (at most 255 bytes per name)", exit_code=ExitCode.USAGE)
    if code == errno.ENOTDIR:
        return EccentricError(f"{what}a part of this path is a file, not a folder",
                              exit_code=ExitCode.DISK if action == "write" else ExitCode.BAD_INPUT)
    if code in _MISSING:
        if action == "write":
            parent = Path(_where(exc, path)).parent
            if code == errno.ENOENT and where and parent.is_dir():   # e.g. /proc: there, yet no new files
                return DiskError(f"cannot write {where}: the folder {display(parent)} does not take new files")
            return DiskError(f"cannot write {where or 'the file'}: {exc.strerror or 'no such folder'}")
        return BadInputError(f"{what}{(exc.strerror or 'no such file').lower()}")
    if code == errno.EIO:
        return EccentricError(f"{what}input/output error (failing disk or removed drive?)")
    if action == "write":
        return DiskError(f"cannot write {where or 'the file'}: {exc.strerror or exc.__class__.__name__}")
    return EccentricError(f"{what}{exc.strerror or exc.__class__.__name__}")


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def check_input(path: Path | str) -> os.stat_result:
    """Stat an input file before anything opens it: a FIFO, device or socket would block a
    reader forever (or never end), so only regular files pass. Errors are one line, exit 3."""
    from sessions.names import display

    try:
        st = os.stat(path)
    except OSError as exc:
        raise os_error(exc, path, "read") from None
    except ValueError:   # a NUL byte: no file can have this name
        raise EccentricError(f"{display(path)}: not a valid file name", exit_code=ExitCode.USAGE) from None
    if stat.S_ISDIR(st.st_mode):
        raise BadInputError(f"{display(path)}: is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        kind = next((k for test, k in _KINDS if test(st.st_mode)), "not a regular file")
        raise BadInputError(f"{display(path)}: is {kind}, not a regular file")
    return st


def open_input(path: Path | str) -> int:
    """An fd for reading a regular file; O_NONBLOCK so a file swapped for a FIFO after
    check_input cannot make open() wait, then fstat refuses it."""
    check_input(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise os_error(exc, path, "read") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        check_input(path)   # says what it is now
        raise BadInputError(f"{path}: not a regular file")
    return fd
