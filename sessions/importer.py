"""Another system's raw plate CSV -> a session (analysed, so it has reps).

Expected: a header row; `time_s` (seconds); channels as sessions.csv_input reads them (the same
rules as `eccentric analyze`): spotter* = spotter plate (N), *_m_s = bar velocity, *_m = bar
position, every other column a load cell in N.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from forceplate.samples import ReaderInfo, SampleBlock
from sessions.analysis import try_analyse_session
from sessions.csv_input import read_plate_csv as read_csv_input
from sessions.meta import SessionMeta
from sessions.progress import Progress
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
    meta = SessionMeta.for_reader(info, athlete=athlete, exercise=exercise, method=method, load_kg=load_kg,
                                  started_at=started_at, notes=notes or f"imported from {path.name}")
    prog.update(1, "analysing")
    reps, sets = [], []
    result, why = try_analyse_session(info, block, meta)   # the stored analysis, versioned
    if result is not None:
        result.stamp(meta)
        reps, sets = result.reps, result.sets
    elif why:
        meta.notes += f" [analysis failed: {why}]"
    prog.update(2, "writing")
    sp = SessionPaths.for_meta(data_dir_or_default(data_dir), meta)
    out = save_session(sp, meta, replace(info, extra={**info.extra}), block, reps, sets)
    prog.update(3, "done")
    prog.done()
    return out


__all__ = ["import_csv", "read_plate_csv"]
