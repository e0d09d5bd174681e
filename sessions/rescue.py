"""A journal the data folder refused, written whole elsewhere (split from recorder.py by job)."""

from __future__ import annotations

import contextlib
import os
import resource
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from forceplate.errors import EccentricError
from sessions import journal as J


def rescue_journal(journal: Path, claimed: bool, backlog: bytes, event_backlog: bytes,
                   folders: list[Path], drop_tail: int = 0) -> Path | None:
    """The journal on disk (if it was claimed) plus what the disk refused, as one journal in
    the first of folders that takes it; the partial journal is then removed (one copy to recover).
    drop_tail: bytes of a cut last record on disk that a part holds whole (left out, so the
    backlog's records join on a record's start)."""
    on_disk = b""
    events = b""
    if claimed:
        try:
            on_disk = journal.read_bytes()
        except OSError:
            return None
        on_disk = on_disk[:len(on_disk) - drop_tail]
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


def journal_parts(journal: Path, data_bytes: int, dtype: np.dtype, backlog: bytes, event_backlog: bytes,
                  folders: list[Path], first_k: int = 2, carry_cut: bool = True,
                  whole_only: bool = False) -> tuple[list[Path], int]:
    """What the journal could not take, written beside it as more journals (their own header,
    then whole records) when the folder takes new files but the journal no more: a per-file size
    limit (ulimit -f, FAT32's 4 GiB) refuses one file while the disk has room. Each part is at
    most the limit, so `sessions recover` finds and saves them all. When a later part is refused
    (a full disk) the parts written stay and the rest goes as one more part to the first of
    folders that takes it. Returns the parts and the samples none took; ([], 0) when no part was
    written and carry_cut (then rescue_journal). The journal's cut record is whole again in part 2 (readers
    drop a journal's partial tail; carry_cut=False once a part took it). whole_only (while
    recording): only parts filled to the limit are written, the rest waits for more samples; the
    second number is then the backlog's bytes the parts took."""
    size = dtype.itemsize
    cut = data_bytes % size if carry_cut else 0
    try:
        head, head_len = J.read_header(journal)
        with open(journal, "rb") as fh:
            fh.seek(head_len)
            first = fh.read(size) if data_bytes >= size else b""    # the journal's first record
            fh.seek(head_len + data_bytes - cut)
            carry = fh.read(cut)
        ev = J.events_path(journal)
        events = (ev.read_bytes() if ev.exists() else b"") + event_backlog
        started = datetime.fromisoformat(head["meta"]["started_at"])
    except (OSError, EccentricError, ValueError, TypeError, KeyError):
        return [], 0
    data = carry + backlog
    if len(carry) != cut or not data or len(data) % size:
        return [], 0
    time_s = np.frombuffer(data, dtype=dtype)["time_s"]
    t0 = float(np.frombuffer(first, dtype=dtype)["time_s"][0]) if first else float(time_s[0])
    soft = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    stem = journal.name[: -len(J.SUFFIX)]
    parts: list[Path] = []
    a, k = 0, first_k
    while a < len(data):
        part_head = _part_header(head, started, k, float(time_s[a // size]) - t0)
        per = len(data) - a if soft == resource.RLIM_INFINITY else (soft - len(part_head)) // size * size
        if per <= 0 or whole_only and (soft == resource.RLIM_INFINITY or len(data) - a < per):
            break
        target = _free_name(journal.with_name(f"{stem}_part{k}{J.SUFFIX}"))
        try:
            _write_synced(J.events_path(target), J.without_header_event(events))
            _write_synced(target, part_head + data[a:a + per])
        except OSError:
            with contextlib.suppress(OSError):
                J.remove_journal(target)
            break
        parts.append(target)
        a, k = a + per, k + 1
    if whole_only:
        return parts, max(0, a - len(carry))
    if not parts and carry_cut or a >= len(data):
        return parts, 0
    # the rest as a part of its own: once a part took the journal's cut record, a copy of the
    # journal with the rest appended (rescue_journal) would join it after that half record
    rest = _part_header(head, started, k, float(time_s[a // size]) - t0) + data[a:]
    kept = rescue_journal(journal.with_name(f"{stem}_part{k}{J.SUFFIX}"), False, rest,
                          J.without_header_event(events), folders)
    return ([*parts, kept], 0) if kept is not None else (parts, (len(data) - a) // size)


def _part_header(head: dict[str, Any], started: datetime, k: int, offset_s: float) -> bytes:
    """The journal's header for its part k: a session of its own (target `..._partK`), started
    when its first sample was taken - never taken for the first part already saved (recovery
    knows a journal it saved by its athlete and start)."""
    meta = {**head["meta"], "started_at": (started + timedelta(seconds=max(offset_s, 1e-6))).isoformat()}
    stem, dot, ext = str(head["target"]).rpartition(".")
    target = f"{stem}_part{k}{dot}{ext}" if dot else f"{ext}_part{k}"
    return J.encode_header({**head, "meta": meta, "target": target})


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
