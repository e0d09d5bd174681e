"""Tidy exports: one row per rep (and optionally every sample) over many sessions."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import numpy as np
import polars as pl

from forceplate.errors import BadInputError, EccentricError, ExitCode
from sessions import names as N
from sessions import schema as S
from sessions.library import Library, _as_datetime
from sessions.progress import Progress
from sessions.session_file import read_reps_sets, read_session, write_table_file

FORMATS = ("parquet", "csv")


def samples_frame(path: Path) -> pl.DataFrame:
    """Every sample of one session in SI units, tagged with the session's columns."""
    s = read_session(path)
    b, info = s.block, s.info
    cols = S.session_columns(s.meta, path.stem)
    data: dict[str, np.ndarray] = {"time_s": b.time_s, "seq": b.seq, "flags": b.flags}
    for name, ch, j in zip(S.channel_columns(info), info.channels, range(len(info.channels)), strict=True):
        data[S.with_unit(name, ch.unit)] = b.values[:, j]
    data["total_force_n"] = b.total_force_n(info) if len(info.force_channels) else np.full(len(b), np.nan)
    frame = pl.DataFrame(data)
    tags = [pl.lit(cols["session"]).alias("session"), pl.lit(cols["athlete"]).alias("athlete"),
            pl.lit(cols["date"]).alias("date")]
    return frame.select([*tags, pl.all()])


def select_sessions(paths: Iterable[Path | str] | None, library: Library | None, *, athlete: str | None = None,
                    exercise: str | None = None, method: str | None = None,
                    since: date | datetime | str | None = None, until: date | datetime | str | None = None,
                    skipped: list[str] | None = None) -> list[Path]:
    """Explicit paths/names (resolved in the library), else every library session; then filtered.
    Unreadable library files are left out and described in `skipped`."""
    skipped = [] if skipped is None else skipped
    lib = library or Library()
    if not paths:   # the whole library: an unreadable file is skipped (and warned about), not fatal
        found = lib.list(athlete=athlete, exercise=exercise, method=method, since=since, until=until)
        skipped.extend(why for _p, why in lib.skipped)
        good = []
        for s in found:
            try:
                read_reps_sets(s.path)
                good.append(s.path)
            except EccentricError as exc:
                skipped.append(str(exc))
        return good
    chosen = [lib.resolve(p) for p in paths]
    lo, hi = _as_datetime(since), _as_datetime(until)
    if hi is not None and isinstance(until, str) and len(until) <= 10:
        hi = hi.replace(hour=23, minute=59, second=59, microsecond=999999)
    out = []
    for p in chosen:
        meta, _, _ = read_reps_sets(p)
        if athlete and not N.same(meta.athlete, athlete):
            continue
        if exercise and not N.same(meta.exercise, exercise):
            continue
        if method and not N.same(meta.method, method):
            continue
        if lo and meta.started_utc < lo or hi and meta.started_utc > hi:
            continue
        out.append(p)
    return out


def export_reps(paths: Iterable[Path | str] | None, out: Path | str, fmt: str = "parquet", samples: bool = False,
                *, library: Library | None = None, athlete: str | None = None, exercise: str | None = None,
                method: str | None = None, since: date | datetime | str | None = None,
                until: date | datetime | str | None = None, progress: bool | None = None,
                skipped: list[str] | None = None) -> list[Path]:
    """Write the reps of the chosen sessions to `out` (and their samples next to it,
    `<out>_samples.<fmt>`, when samples=True). Returns the files written; unreadable library
    files are left out and described in `skipped`."""
    if fmt not in FORMATS:
        raise BadInputError(f"unknown export format '{fmt}' (choose {', '.join(FORMATS)})")
    out = Path(out)
    check_out(out)   # before any work: a device node or link is refused up front
    chosen = select_sessions(paths, library, athlete=athlete, exercise=exercise, method=method, since=since,
                             until=until, skipped=skipped)
    if not chosen:
        raise BadInputError("no sessions match (see `eccentric sessions list`)")
    prog = Progress("export", len(chosen), enabled=progress)
    rep_frames, sample_frames = [], []
    for i, p in enumerate(chosen, 1):
        _, reps, _ = read_reps_sets(p)
        rep_frames.append(reps)
        if samples:
            sample_frames.append(samples_frame(p))
        prog.update(i, p.stem)
    prog.done()
    reps_all = pl.concat(rep_frames, how="vertical") if rep_frames else S.rows_frame([], S.REP_SCHEMA)
    written = [_write(reps_all, out, fmt, "export")]
    if samples:
        sample_out = out.with_name(f"{out.stem}_samples{out.suffix or '.' + fmt}")
        written.append(_write(pl.concat(sample_frames, how="diagonal_relaxed"), sample_out, fmt, "export-samples"))
    return written


def check_out(out: Path) -> None:
    """An export replaces only a regular file (or makes a new one): never a device node,
    FIFO, socket, folder or symlink (writing to /dev/null as root would replace /dev/null)."""
    import stat

    try:
        st = os.lstat(out)
    except FileNotFoundError:
        return
    except OSError as exc:
        from sessions.oserrors import os_error

        raise os_error(exc, out) from None
    if stat.S_ISLNK(st.st_mode):
        raise EccentricError(f"{out} is a symbolic link: give the real file name", exit_code=ExitCode.USAGE)
    if not stat.S_ISREG(st.st_mode):
        what = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file (device, pipe or socket)"
        raise EccentricError(f"{out} is {what}: export writes regular files only", exit_code=ExitCode.USAGE)


def _write(frame: pl.DataFrame, out: Path, fmt: str, kind: str) -> Path:
    """Through a temporary sibling and an atomic rename: a reader never sees half a file."""
    import secrets

    check_out(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "csv":
            tmp = out.with_name(f".{out.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
            try:
                frame.write_csv(tmp)
                os.replace(tmp, out)
            finally:
                tmp.unlink(missing_ok=True)
        else:
            write_table_file(out, frame, kind)
    except OSError as exc:
        from sessions.oserrors import os_error

        raise os_error(exc, out) from None
    return out
