"""Another system's recording (a vendor's CSV/TXT/.mot/Parquet/C3D export) -> a session,
analysed so it has reps. Read by sessions.csv_input, the same reader as `eccentric analyze`
(docs/import.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from forceplate.errors import BadInputError
from forceplate.samples import ReaderInfo, SampleBlock
from sessions import locks
from sessions.analysis import is_jump_test, try_analyse_session
from sessions.csv_input import read_foreign, read_run
from sessions.csv_input import read_plate_csv as read_csv_input
from sessions.formats import ImportOptions
from sessions.formats.dates import as_utc, on_the_day
from sessions.journal import remove_journal
from sessions.meta import SessionMeta, check_started_at
from sessions.oserrors import os_error
from sessions.paths import IMPORT_LOCK
from sessions.progress import Progress
from sessions.store import SessionPaths, save_session

if TYPE_CHECKING:
    from sessions.duplicates import ImportIndex


def read_plate_csv(path: Path, options: ImportOptions | None = None) -> tuple[ReaderInfo, SampleBlock]:
    """Parse and validate (sessions.csv_input's rules); every problem is a one-line BadInputError."""
    path = Path(path)
    _refuse_sessions(path)
    return read_csv_input(path, reader="import", name="import", options=options)


def _refuse_sessions(path: Path) -> None:
    """An eccentric session is already in a library: importing it would analyse it twice."""
    from sessions.formats import regular_file
    from sessions.formats.binary import parquet_kind

    try:
        regular_file(path)
        with open(path, "rb") as fh:
            par = fh.read(4) == b"PAR1"
    except (BadInputError, OSError):
        return                                   # read_csv_input says what is wrong
    try:
        kind = parquet_kind(path) if par else ""
    except BadInputError as exc:
        raise BadInputError(f"{path}: {exc}") from None
    if kind == "session":
        raise BadInputError(f"{path}: is an eccentric session already (open it with `eccentric analyze` or "
                            f"`eccentric replay`)")


def _digest(path: Path) -> str:
    from sessions.duplicates import file_digest
    from sessions.formats import regular_file

    try:
        regular_file(path)       # a FIFO or a folder is refused before it is opened (it would block)
    except BadInputError as exc:
        raise BadInputError(f"{path}: {exc}") from None
    try:
        return file_digest(path)
    except OSError as exc:
        raise os_error(exc, path, "read") from None


def recorded_at(path: Path, table: Any) -> tuple[datetime, str]:
    """When a foreign file was recorded (UTC) and where that came from, as import dates it
    (`inspect` and `analyze` show it)."""
    return _started(path, table, None)


def _started(path: Path, table: Any, given: datetime | None) -> tuple[datetime, str]:
    """When the recording was made, and where that came from: --started-at, else the file's own
    date where its layout carries one (sessions.formats.dates), else its modification time (a
    copy keeps it; the time of the import says nothing about the training)."""
    if given is not None:    # naive: local time, as a file's own date is read
        utc = as_utc(given)
        if utc is None:
            raise BadInputError(f"start time {given.isoformat()} is out of range")
        return utc, "given (--started-at)"
    if table.recorded_at is not None and not table.recorded_date_only:
        return check_started_at(table.recorded_at), f"the file's own date, {table.recorded_at_source}"
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise os_error(exc, path, "read") from None
    if table.recorded_at is not None:    # a day without a time
        when, how = on_the_day(table.recorded_at, mtime)
        return check_started_at(when), f"the file's own date, {table.recorded_at_source} ({how})"
    unread = getattr(table, "recorded_at_unread", "")
    if unread:   # a date it states in an order it does not show: said, never guessed
        return datetime.fromtimestamp(mtime, UTC), f"the file's modification time: {unread} - give --date-order dmy or mdy"
    return datetime.fromtimestamp(mtime, UTC), "the file's modification time: it states no date"


def import_csv(path: Path | str, data_dir: Path | str | None, *, athlete: str = "athlete",
               exercise: str = "exercise", method: str = "normal", load_kg: float | None = None,
               started_at: datetime | None = None, notes: str = "", progress: bool | None = None,
               options: ImportOptions | None = None, again: bool = False, index: ImportIndex | None = None,
               digest: str | None = None, read: tuple[ReaderInfo, SampleBlock, Any] | None = None) -> Path:
    """Make a library session of a CSV; returns the session file. A file already imported
    (the same content, and run) raises AlreadyImported unless `again`. `index` (the library's
    imports, read once per command), `digest` (the file's hash) and `read` (the file read
    already: info, block, plan) save reading them again."""
    from sessions.duplicates import EXTRA_HASH, EXTRA_IMPORTED, EXTRA_RUN, ImportIndex
    from sessions.paths import data_dir_or_default

    path = Path(path)
    root = data_dir_or_default(data_dir)
    prog = Progress(f"import {path.name}", 3, enabled=progress)
    prog.update(0, "reading")
    if read is None:
        _refuse_sessions(path)
    digest = digest or _digest(path)
    if not again:
        index = index or ImportIndex(root)
        if read is None:
            index.refuse_twice(path, digest, None)     # a file of one recording: refused before parsing
    info, block, plan = read or read_foreign(path, reader="import", name="import", options=options)
    read = None
    # the run as the file names it ('Run #2' whether --run 2 or --run all chose it)
    run = next((a.column.header.group for a in plan.assigned if not a.use and a.column.header.group), None)
    if index is not None and not again and run:
        index.refuse_twice(path, digest, run)
    info = replace(info, extra={**info.extra, EXTRA_HASH: digest, EXTRA_IMPORTED: datetime.now(UTC).isoformat(
        timespec="seconds"), **({EXTRA_RUN: run} if run else {})})
    started_at, source = _started(path, plan.table, started_at)
    meta = SessionMeta.for_reader(info, athlete=athlete, exercise=exercise, method=method, load_kg=load_kg,
                                  started_at=started_at, started_at_source=source,
                                  notes=notes or f"imported from {path.name}")
    prog.update(1, "analysing")
    reps, sets = [], []
    result, why = try_analyse_session(info, block, meta)   # the stored analysis, versioned
    if result is not None:
        result.stamp(meta)
        reps, sets = result.reps, result.sets
    elif why:
        meta.notes += f" [analysis failed: {why}]"
    prog.update(2, "writing")
    if again or index is None:
        out = _save(root, meta, info, block, reps, sets)
    else:
        # the check again and the write under one lock: of two imports of one file at once,
        # the second sees the first's session (both had checked before either wrote)
        try:
            with locks.exclusive(root / IMPORT_LOCK):
                index.refresh()
                index.refuse_twice(path, digest, run)
                out = _save(root, meta, info, block, reps, sets)
        except OSError as exc:   # the lock file: a folder that takes no files
            raise os_error(exc, exc.filename or root) from None
    if index is not None:
        index.add(digest, run, out)
    prog.update(3, "done")
    prog.done()
    return out


def _save(root: Path, meta: SessionMeta, info: ReaderInfo, block: SampleBlock, reps: list, sets: list) -> Path:
    try:   # the same name claim as a recording: two imports in one second never share a file
        sp, fd, efd = SessionPaths.claim(root, meta, jump_test=is_jump_test(reps))
    except OSError as exc:
        raise os_error(exc, exc.filename or root) from None
    try:
        return save_session(sp, meta, replace(info, extra={**info.extra}), block, reps, sets)
    finally:
        remove_journal(sp.journal)   # only a placeholder: nothing to recover from it
        os.close(fd)
        os.close(efd)


@dataclass(frozen=True, slots=True)
class FileImport:
    paths: list[Path]                  # the sessions made
    notes: list[str] = field(default_factory=list)   # runs the library held already, one line each


def import_file(path: Path | str, data_dir: Path | str | None, *, options: ImportOptions | None = None,
                index: ImportIndex | None = None, **fields: Any) -> FileImport:
    """import_csv, or with `--run all` one session per run of a file that holds several: the
    runs the library holds already are noted and the others imported (AlreadyImported only for
    a single recording already in)."""
    from dataclasses import replace as dc_replace

    from sessions.duplicates import ImportIndex
    from sessions.formats import read_table
    from sessions.formats.plan import runs_of
    from sessions.paths import data_dir_or_default

    path = Path(path)
    opts = options or ImportOptions()
    again = bool(fields.get("again"))
    if not again:
        index = index or ImportIndex(data_dir_or_default(data_dir))
    if (opts.run or "").strip().lower() != "all":
        return FileImport([import_csv(path, data_dir, options=opts, index=index, **fields)])
    _refuse_sessions(path)
    digest = _digest(path)
    try:
        table = read_table(path, opts)          # the file read once, for every run
    except BadInputError as exc:
        raise BadInputError(f"{path}: {exc}") from None
    runs = runs_of(table)
    if not runs:
        raise BadInputError(f"{path}: --run all: the file holds one recording, not runs")
    said = {label: index.already(path, digest, label) if index is not None else "" for label in runs}
    todo = [label for label in runs if not said[label]]
    notes = fields.pop("notes", "") or ""
    # every run must read before any is saved (no half-imported file); each run's block is
    # made again to save it, so one run's samples are held at a time beside the table
    for label in todo:
        read_run(path, table, dc_replace(opts, run=label), reader="import", name="import")
    out = [import_csv(path, data_dir, options=dc_replace(opts, run=label), index=index, digest=digest,
                      notes=notes or f"imported from {path.name} ({label})",
                      read=read_run(path, table, dc_replace(opts, run=label), reader="import", name="import"),
                      **fields)
           for label in todo]
    return FileImport(out, [line for line in said.values() if line])


__all__ = ["FileImport", "import_csv", "import_file", "read_plate_csv", "recorded_at"]
