"""Tidy exports: one row per rep (and optionally every sample) over many sessions."""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np
import polars as pl

from forceplate.errors import BadInputError, EccentricError, ExitCode
from forceplate.samples import ReaderInfo
from forceplate.units import G
from sessions import names as N
from sessions import schema as S
from sessions.analysis import is_jump_test
from sessions.library import Library, _as_datetime, method_is
from sessions.paths import missing_folder
from sessions.progress import Progress
from sessions.sample_pages import lost_note
from sessions.session_file import read_kv, read_reps_sets, read_session, write_table_file

FORMATS = ("parquet", "csv")

# Force columns also given in kg (F / g: the mass that weighs that force), next to the N one.
KG_FROM_N = [f"{p}_{k}" for p in ("ecc", "con") for k in ("mean_force_n", "peak_force_n", "mean_load_n")]
RATIO_COLUMNS = ("ecc_con_load_ratio", "mean_ecc_con_load_ratio", "concentric_slowdown", "confidence")
UNSCALED_FORCE_N = 0.001   # a channel stored as values (an imported CSV) has no count size: keep 1 mN
MAX_DECIMALS = 9


def with_kg(frame: pl.DataFrame) -> pl.DataFrame:
    """Each force/load column in N followed by the same in kg."""
    cols: list[pl.Expr] = []
    for c in frame.columns:
        cols.append(pl.col(c))
        if c in KG_FROM_N:
            cols.append((pl.col(c) / G).alias(c[: -len("_n")] + "_kg"))
    return frame.select(cols)


def numbered_as_shown(frame: pl.DataFrame) -> pl.DataFrame:
    """Reps numbered as every other view shows them, under the names `analyze --format csv|json`
    and the stored reps/ files use (joining outputs on (session, rep) must match the same rep):
    `set`, `rep_in_set` (the number within the set that `sessions show`, `analyze`'s table, the
    dashboard and the report print), then `rep`, the 1-based place in the whole recording."""
    keys = [c for c in ("set", "rep_in_set", "rep") if c in frame.columns]
    if len(keys) < 2:
        return frame
    at = min(frame.columns.index(c) for c in keys)
    rest = [c for c in frame.columns if c not in keys]
    return frame.select([*rest[:at], *keys, *rest[at:]])


def decimals(resolution: float) -> int:
    """Decimal places that show a step of `resolution` (0.01 -> 2, 0.0125 -> 2, 0.0005 -> 4)."""
    if not math.isfinite(resolution) or resolution <= 0:
        return 3
    return max(0, min(MAX_DECIMALS, math.ceil(-math.log10(resolution) - 1e-9)))


@dataclass(frozen=True, slots=True)
class Resolution:
    """What one session's instrument resolves: force steps (N), time steps (s), per channel."""

    force_n: float
    time_s: float
    channels: tuple[float, ...]   # each channel's step in its own unit

    @classmethod
    def of(cls, info: ReaderInfo, layout: dict | None = None) -> Resolution:
        enc = [c.get("encoding") for c in (layout or {}).get("channels", [])]
        steps = tuple(abs(c.scale) if i < len(enc) and enc[i] == "counts" and c.scale else UNSCALED_FORCE_N
                      for i, c in enumerate(info.channels))
        force = [s for s, c in zip(steps, info.channels, strict=True) if c.kind == "force"]
        # phase boundaries fall between samples (half a sample period), never finer than 1 ms
        return cls(force_n=min(force) if force else UNSCALED_FORCE_N,
                   time_s=min(0.001, 0.5 / info.sample_rate_hz), channels=steps)

    @classmethod
    def of_file(cls, path: Path) -> Resolution:
        kv = read_kv(path)
        info = S.info_from_dict(S.loads_json(kv.get(S.KEY_INFO), "plate description"))
        return cls.of(info, S.loads_json(kv.get(S.KEY_LAYOUT, "{}"), "sample layout"))

    def column_decimals(self, name: str) -> int | None:
        """Decimals for a column by its unit suffix (None: leave as is)."""
        f, t = decimals(self.force_n), decimals(self.time_s)
        if name in RATIO_COLUMNS:
            return 3
        for suffix, d in (("_n_per_s", f), ("_n_s", min(MAX_DECIMALS, f + t)), ("_m_s", 3), ("_w", 1),
                          ("_kg", f + 1), ("_n", f), ("_s", t)):
            if name.endswith(suffix):
                return d
        return None


def rounded(frame: pl.DataFrame, res: Resolution, channel_columns: dict[str, float] | None = None) -> pl.DataFrame:
    """Float columns rounded to what the instrument resolves (for text output: no 3.5500000000000003)."""
    exprs = []
    for name, dtype in frame.schema.items():
        d = None
        if dtype.is_float():
            d = decimals(channel_columns[name]) if channel_columns and name in channel_columns else res.column_decimals(name)
        exprs.append(pl.col(name).round(d) if d is not None else pl.col(name))
    return frame.select(exprs)


def samples_frame(path: Path, round_to: Resolution | None = None, notes: list[str] | None = None) -> pl.DataFrame:
    """Every sample of one session in SI units, tagged with the session's columns (rounded to
    `round_to`, the session's resolution, when given: each channel to its own count size).
    Damaged row groups are left out and said in notes (the others are whole samples)."""
    s = read_session(path, salvage=True)
    if s.samples_lost and notes is not None:
        notes.append(lost_note(path.name, s.samples_lost))
    b, info = s.block, s.info
    cols = S.session_columns(s.meta, path.stem)
    data: dict[str, np.ndarray] = {"time_s": b.time_s, "seq": b.seq, "flags": b.flags}
    names = [S.with_unit(n, ch.unit) for n, ch in zip(S.channel_columns(info), info.channels, strict=True)]
    for j, name in enumerate(names):
        data[name] = b.values[:, j]
    data["total_force_n"] = b.total_force_n(info) if len(info.force_channels) else np.full(len(b), np.nan)
    frame = pl.DataFrame(data)
    if round_to is not None:
        # time_s is seq / rate: exact to a sample period, not the half-sample of a phase boundary
        frame = rounded(frame, round_to, {**dict(zip(names, round_to.channels, strict=True)),
                                          "time_s": 1.0 / info.sample_rate_hz})
    tags = [pl.lit(cols["session"]).alias("session"), pl.lit(cols["athlete"]).alias("athlete"),
            pl.lit(cols["date"]).alias("date")]
    return frame.select([*tags, pl.all()])


def select_sessions(paths: Iterable[Path | str] | None, library: Library | None, *, athlete: str | None = None,
                    exercise: str | None = None, method: str | None = None,
                    since: date | datetime | str | None = None, until: date | datetime | str | None = None,
                    skipped: list[str] | None = None, notes: list[str] | None = None,
                replace: bool = True) -> list[Path]:
    """Explicit paths/names (resolved in the library), else every library session; then filtered.
    Unreadable library files are left out and described in `skipped`; a name filter's loose
    match ('Zoe' took 'Zoë', N.matching) is said in `notes`, for the caller to print."""
    skipped = [] if skipped is None else skipped
    notes = [] if notes is None else notes
    lib = library or Library()
    if not paths:   # the whole library: an unreadable file is skipped (and warned about), not fatal
        found = lib.list(athlete=athlete, exercise=exercise, method=method, since=since, until=until)
        skipped.extend(why for _p, why in lib.skipped)
        notes.extend(lib.notes)
        good = []
        for s in found:
            try:
                read_reps_sets(s.path)
                good.append(s.path)
            except EccentricError as exc:
                skipped.append(str(exc))
        return good
    chosen = [(p, read_reps_sets(p)) for p in (lib.resolve(p) for p in paths)]
    lo, hi = _as_datetime(since), _as_datetime(until)
    if hi is not None and isinstance(until, str) and len(until) <= 10:
        hi = hi.replace(hour=23, minute=59, second=59, microsecond=999999)
    athletes = exercises = None   # the same matcher as the whole library's (Library.list)
    if athlete:
        athletes, note = N.matching(athlete, [m.athlete for _, (m, _, _) in chosen], "--athlete")
        notes += [note] if note else []
    if exercise:
        exercises, note = N.matching(exercise, [m.exercise for _, (m, _, _) in chosen], "--exercise")
        notes += [note] if note else []
    out = []
    for p, (meta, reps, _) in chosen:
        if athletes is not None and N.key(meta.athlete) not in athletes:
            continue
        if exercises is not None and N.key(meta.exercise) not in exercises:
            continue
        if method and not method_is(meta.method, is_jump_test(reps.to_dicts()), method):
            continue
        if lo and meta.started_utc < lo or hi and meta.started_utc > hi:
            continue
        out.append(p)
    return out


def export_reps(paths: Iterable[Path | str] | None, out: Path | str, fmt: str = "parquet", samples: bool = False,
                *, library: Library | None = None, athlete: str | None = None, exercise: str | None = None,
                method: str | None = None, since: date | datetime | str | None = None,
                until: date | datetime | str | None = None, progress: bool | None = None,
                skipped: list[str] | None = None, notes: list[str] | None = None,
                replace: bool = True) -> list[Path]:
    """Write the reps of the chosen sessions to `out` (and their samples next to it,
    `<out>_samples.<fmt>`, when samples=True). Returns the files written; unreadable library
    files are left out and described in `skipped`, a loose name match in `notes`. With
    replace=False (`export` without --force) an existing file is refused, before any work.

    Forces and loads come in N and in kg. CSV is text for people and spreadsheets: each
    session's floats are rounded to what its plate resolves (force to the count size, times
    to half a sample period or 1 ms, ratios to 0.001); Parquet keeps every bit."""
    if fmt not in FORMATS:
        raise BadInputError(f"unknown export format '{fmt}' (choose {', '.join(FORMATS)})")
    out = Path(out)
    check_out(out)   # before any work: a device node or link is refused up front
    chosen = select_sessions(paths, library, athlete=athlete, exercise=exercise, method=method, since=since,
                             until=until, skipped=skipped, notes=notes)
    if not chosen:
        raise BadInputError("no sessions match (see `eccentric sessions list`)")
    for target in [out, samples_out(out, fmt)] if samples else [out]:   # a file to keep: before the work
        check_out(target, replace)
    prog = Progress("export", len(chosen), enabled=progress)
    rep_frames, sample_frames = [], []
    for i, p in enumerate(chosen, 1):
        _, reps, _ = read_reps_sets(p)
        res = Resolution.of_file(p) if fmt == "csv" else None
        if samples:
            try:
                sample_frames.append(samples_frame(p, res, notes))
            except EccentricError as exc:
                if paths:   # a session asked for by name: its damage is the answer
                    raise
                # the whole library: a session whose samples are damaged is left out, reps too
                # (the two files stay one selection), and warned about, as an unreadable file is
                if skipped is not None:
                    skipped.append(str(exc))
                continue
        reps = numbered_as_shown(with_kg(reps))
        rep_frames.append(reps if res is None else rounded(reps, res))
        prog.update(i, p.stem)
    prog.done()
    if samples and not sample_frames:
        raise BadInputError("no session's samples could be read (see the warnings)")
    reps_all = pl.concat(rep_frames, how="vertical") if rep_frames else \
        numbered_as_shown(with_kg(S.rows_frame([], S.REP_SCHEMA)))
    # a figure that does not apply (a jump's ecc:con load ratio: no bar lowered and raised) is
    # null - an empty CSV cell - never "NaN"
    reps_all = reps_all.with_columns(pl.col(pl.Float32, pl.Float64).fill_nan(None))
    if not reps_all.height and notes is not None:   # a file of column names alone reads as a failed export
        which = f"the session {chosen[0].stem}" if len(chosen) == 1 else f"the {len(chosen)} sessions"
        notes.append(f"note: no reps or jumps in {which}: {out.name} has no rows, only the column names "
                     f"(`eccentric sessions show` says why)")
    made = missing_folder(out.parent)
    written = [_write(reps_all, out, fmt, "export", replace)]
    if made is not None and notes is not None:   # a typo in the folder is seen, not buried in a new tree
        notes.append(f"created the folder {N.display(made)}")
    if samples:
        written.append(_write(pl.concat(sample_frames, how="diagonal_relaxed"), samples_out(out, fmt), fmt,
                              "export-samples", replace))
    return written


def samples_out(out: Path, fmt: str) -> Path:
    """Where `--samples` writes beside `out`: <out>_samples.<format>."""
    return out.with_name(f"{out.stem}_samples{out.suffix or '.' + fmt}")


def check_out(out: Path, replace: bool = True) -> None:
    """An export replaces only a regular file (or makes a new one): never a device node,
    FIFO, socket, folder or symlink (writing to /dev/null as root would replace /dev/null);
    with replace=False, not a regular file either (a coach's earlier export is kept)."""
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
    if not replace:
        raise EccentricError(f"{N.display(out)} exists: give --force to replace it, or another --out",
                             exit_code=ExitCode.USAGE)


def _write(frame: pl.DataFrame, out: Path, fmt: str, kind: str, replace: bool = True) -> Path:
    """Through a temporary sibling and an atomic rename: a reader never sees half a file."""
    import secrets

    check_out(out, replace)
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
