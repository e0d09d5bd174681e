"""Another system's raw plate CSV -> a session (analysed, so it has reps).

Expected: a header row; `time_s` (seconds); channels as sessions.csv_input reads them (the same
rules as `eccentric analyze`): spotter* = spotter plate (N), *_m_s = bar velocity, *_m = bar
position, every other column a load cell in N.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from forceplate.samples import ReaderInfo, SampleBlock
from sessions.csv_input import read_plate_csv as read_csv_input
from sessions.journal import remove_journal
from sessions.meta import SessionMeta, check_started_at
from sessions.oserrors import os_error
from sessions.progress import Progress
from sessions.recovery import run_analysis
from sessions.store import SessionPaths, save_session


def read_plate_csv(path: Path) -> tuple[ReaderInfo, SampleBlock]:
    """Parse and validate (sessions.csv_input's rules); every problem is a one-line BadInputError."""
    return read_csv_input(path, reader="import", name="CSV import")


def import_csv(path: Path | str, data_dir: Path | str | None, *, athlete: str = "athlete",
               exercise: str = "exercise", method: str = "normal", load_kg: float | None = None,
               started_at: datetime | None = None, notes: str = "", progress: bool | None = None) -> Path:
    """Make a library session of a CSV; returns the session file."""
    from sessions.paths import data_dir_or_default

    path = Path(path)
    prog = Progress(f"import {path.name}", 3, enabled=progress)
    prog.update(0, "reading")
    info, block = read_plate_csv(path)
    if started_at is None:
        started_at = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    check_started_at(started_at)
    meta = SessionMeta.for_reader(info, athlete=athlete, exercise=exercise, method=method, load_kg=load_kg,
                                  started_at=started_at, notes=notes or f"imported from {path.name}")
    prog.update(1, "analysing")
    reps, sets, weighed = run_analysis(info, block, method)
    meta.body_mass_kg = weighed.get("body_mass_kg", meta.body_mass_kg)
    meta.system_mass_kg = weighed.get("system_mass_kg", meta.system_mass_kg)
    prog.update(2, "writing")
    root = data_dir_or_default(data_dir)
    try:   # the same name claim as a recording: two imports in one second never share a file
        sp, fd, efd = SessionPaths.claim(root, meta)
    except OSError as exc:
        raise os_error(exc, exc.filename or root) from None
    try:
        out = save_session(sp, meta, replace(info, extra={**info.extra}), block, reps, sets)
    finally:
        remove_journal(sp.journal)   # only a placeholder: nothing to recover from it
        os.close(fd)
        os.close(efd)
    prog.update(3, "done")
    prog.done()
    return out


__all__ = ["import_csv", "read_plate_csv"]
