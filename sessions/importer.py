"""Another system's raw plate CSV -> a session (analysed, so it has reps).

Expected: a header row; `time_s` (seconds); one or more force columns in newtons (names
ending in `_n`, or containing "force"); optionally `position_m`. Anything else is ignored.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import polars as pl

from forceplate.errors import BadInputError
from forceplate.samples import ChannelInfo, ReaderInfo, SampleBlock
from sessions.meta import SessionMeta
from sessions.progress import Progress
from sessions.recovery import run_analysis
from sessions.store import SessionPaths, save_session

MAX_CHANNELS = 16


def _kind(name: str) -> tuple[str, str] | None:
    low = name.strip().lower()
    if low in ("position_m", "bar_position_m", "displacement_m"):
        return "position", "m"
    if low.endswith("_n") or "force" in low:
        return ("spotter_force" if "spotter" in low else "force"), "N"
    return None


def read_plate_csv(path: Path) -> tuple[ReaderInfo, SampleBlock]:
    """Parse and validate; every problem is a one-line BadInputError naming the file."""
    try:
        if not path.is_file():
            raise BadInputError("no such file")
        with open(path, "rb") as fh:
            head = fh.read(4)
        if head == b"PAR1":
            raise BadInputError("is a Parquet file, not CSV (use `eccentric sessions show` for sessions)")
        try:
            df = pl.read_csv(path, infer_schema_length=10_000, null_values=["", "NA", "nan", "NaN"])
        except (pl.exceptions.PolarsError, UnicodeDecodeError, ValueError, OSError) as exc:
            raise BadInputError(f"not a readable CSV ({' '.join(str(exc).split())[:120]})") from None
        cols = {c.strip().lower(): c for c in df.columns}
        if "time_s" not in cols:
            raise BadInputError("no time_s column (need a header: time_s, then force columns in N)")
        chans = [(c, k) for c in df.columns if c != cols["time_s"] and (k := _kind(c))]
        if not any(k[0] == "force" for _, k in chans):
            raise BadInputError("no force column (name them like fz_n, cell_1_n or force_n)")
        if len(chans) > MAX_CHANNELS:
            raise BadInputError(f"{len(chans)} channels is more than {MAX_CHANNELS}")
        if df.height < 2:
            raise BadInputError("fewer than two samples")
        try:
            t = df[cols["time_s"]].cast(pl.Float64, strict=True).to_numpy()
            values = np.column_stack([df[c].cast(pl.Float64, strict=True).to_numpy() for c, _ in chans])
        except (pl.exceptions.PolarsError, ValueError):
            raise BadInputError("time_s and the force columns must be numbers") from None
        if not np.isfinite(t).all():
            raise BadInputError("time_s has missing or non-finite values")
        dt = np.diff(t)
        if (dt <= 0).any():
            raise BadInputError(f"time_s does not increase at row {int(np.argmax(dt <= 0)) + 3}")
        if not np.isfinite(values).all():
            raise BadInputError("a force column has missing or non-finite values")
        rate = 1.0 / float(np.median(dt))
        if not (1.0 <= rate <= 100_000):
            raise BadInputError(f"implausible sample rate {rate:.3g} Hz")
    except BadInputError as exc:
        raise BadInputError(f"{path}: {exc}") from None
    rate = float(np.round(rate, 6))
    seq = np.rint((t - t[0]) * rate).astype(np.int64)
    if (np.diff(seq) <= 0).any():   # jittery clock: keep order, time_s is stored as given
        seq = np.arange(len(t), dtype=np.int64)
    flags = np.zeros(len(t), dtype=np.uint8)
    flags[1:][np.diff(seq) > 1] = 1   # a gap in the other system's samples
    info = ReaderInfo(
        reader="import", name=f"CSV import ({path.name})", serial="",
        channels=tuple(ChannelInfo(c.strip(), unit, kind) for c, (kind, unit) in chans),  # type: ignore[arg-type]
        sample_rate_hz=rate, extra={"source": str(path)},
    )
    return info, SampleBlock(time_s=t, values=np.ascontiguousarray(values), seq=seq, flags=flags)


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
    reps, sets, weighed = run_analysis(info, block, method)
    meta.body_mass_kg = weighed.get("body_mass_kg", meta.body_mass_kg)
    meta.system_mass_kg = weighed.get("system_mass_kg", meta.system_mass_kg)
    prog.update(2, "writing")
    sp = SessionPaths.for_meta(data_dir_or_default(data_dir), meta)
    out = save_session(sp, meta, replace(info, extra={**info.extra}), block, reps, sets)
    prog.update(3, "done")
    prog.done()
    return out


__all__ = ["import_csv", "read_plate_csv"]
