"""A journal the data folder refused, written whole elsewhere (split from recorder.py by job)."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import struct
from datetime import datetime, timedelta
from pathlib import Path

from forceplate.errors import EccentricError
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


def journal_parts(journal: Path, data_bytes: int, record_size: int, backlog: bytes,
                  event_backlog: bytes) -> list[Path]:
    """What the journal could not take, written beside it as more journals (its header, then
    whole records) when the folder takes new files but the journal no more: a per-file size
    limit (ulimit -f, FAT32's 4 GiB) refuses one file while the disk has room. Each part is at
    most the limit, so `sessions recover` finds and saves them all; [] when a part is refused
    too (a full disk: then rescue_journal). The journal's cut record is whole again in part 2
    (readers drop a journal's partial tail)."""
    try:
        head_len = J.read_header(journal)[1]
        cut = data_bytes % record_size
        with open(journal, "rb") as fh:
            header = fh.read(head_len)
            fh.seek(head_len + data_bytes - cut)
            carry = fh.read(cut)
            fh.seek(head_len + 8)             # the first record's time_s (after its int64 seq)
            t0 = fh.read(8)
        ev = J.events_path(journal)
        events = (ev.read_bytes() if ev.exists() else b"") + event_backlog
    except (OSError, EccentricError):
        return []
    data = carry + backlog
    if len(t0) != 8:
        return []
    soft = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    per = len(data) if soft == resource.RLIM_INFINITY else (soft - len(header)) // record_size * record_size
    if len(carry) != cut or per <= 0 or len(data) % record_size:
        return []
    parts: list[Path] = []
    stem = journal.name[: -len(J.SUFFIX)]
    for k, a in enumerate(range(0, len(data), per), start=2):
        target = _free_name(journal.with_name(f"{stem}_part{k}{J.SUFFIX}"))
        try:
            _write_synced(J.events_path(target), events)
            _write_synced(target, _part_header(header, k, t0, data[a + 8:a + 16]) + data[a:a + per])
        except OSError:
            for p in [*parts, target]:
                with contextlib.suppress(OSError):
                    J.remove_journal(p)
            return []
        parts.append(target)
    return parts


def _part_header(header: bytes, k: int, t0: bytes, t_part: bytes) -> bytes:
    """The journal's header for its part k: a session of its own (target `..._partK`), started
    when its first sample was taken - never taken for the first part already saved (recovery
    knows a journal it saved by its athlete and start)."""
    head = json.loads(header)
    offset_s = struct.unpack("<d", t_part)[0] - struct.unpack("<d", t0)[0]
    started = datetime.fromisoformat(head["meta"]["started_at"]) + timedelta(seconds=max(offset_s, 1e-6))
    head["meta"]["started_at"] = started.isoformat()
    stem, dot, ext = str(head["target"]).rpartition(".")
    head["target"] = f"{stem}_part{k}{dot}{ext}" if dot else f"{ext}_part{k}"
    return (json.dumps(head, separators=(",", ":")) + "\n").encode()


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
