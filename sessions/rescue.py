"""A journal the data folder refused, written whole elsewhere (split from recorder.py by job)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sessions import journal as J


def rescue_journal(journal: Path, claimed: bool, backlog: bytes, event_backlog: bytes,
                   folders: list[Path]) -> Path | None:
    """The journal on disk (if it was claimed) plus what the disk refused, as one journal in
    the first of folders that takes it; the partial journal is then removed (one copy to recover)."""
    on_disk = b""
    events = b""
    if claimed:
        try:
            on_disk = journal.read_bytes()
        except OSError:
            return None
        with contextlib.suppress(OSError):
            events = J.events_path(journal).read_bytes()
    for folder in folders:
        target = folder / journal.name
        try:
            folder.mkdir(parents=True, exist_ok=True)
            target = _free_name(target)
            _write_synced(J.events_path(target), events + event_backlog)
            _write_synced(target, on_disk + backlog)
        except OSError:
            with contextlib.suppress(OSError):
                J.remove_journal(target)
            continue
        if claimed:
            with contextlib.suppress(OSError):
                J.remove_journal(journal)
        return target
    return None


def _free_name(path: Path) -> Path:
    n = 2
    out = path
    while out.exists() or J.events_path(out).exists():
        out = path.with_name(f"{path.name[: -len(J.SUFFIX)]}_{n}{J.SUFFIX}") if path.name.endswith(J.SUFFIX) \
            else path.with_name(f"{path.name}_{n}")
        n += 1
    return out


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
