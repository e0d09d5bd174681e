"""The one reader of raw plate CSVs (used by `eccentric analyze` and `eccentric import`).

Rules: a header row; `time_s` (seconds, increasing, any start) is required. Every other
column is a channel, its kind told by its name (case-insensitive):
  spotter*        -> spotter plate (kind spotter_force, N)
  *_m_s, velocity -> bar velocity (kind velocity, m/s)
  *_m, position   -> bar position (kind position, m)
  anything else   -> a load cell (kind force, N); the force columns' sum is the vertical force.
Every problem is a one-line BadInputError naming the file.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from forceplate.errors import BadInputError
from forceplate.samples import ChannelInfo, ChannelKind, ReaderInfo, SampleBlock

MAX_CHANNELS = 16


def channel_kind(name: str) -> tuple[ChannelKind, str]:
    """(kind, unit) of a CSV column other than time_s, from its name."""
    low = name.strip().lower()
    if low.startswith("spotter"):
        return "spotter_force", "N"
    if low.endswith("_m_s") or low == "velocity":
        return "velocity", "m/s"
    if low.endswith("_m") or low == "position":
        return "position", "m"
    return "force", "N"


def read_plate_csv(path: Path | str, *, reader: str = "csv", name: str = "CSV") -> tuple[ReaderInfo, SampleBlock]:
    """A raw plate CSV -> (info, block). reader/name label the ReaderInfo ("csv" for analysis,
    "import" for imported sessions)."""
    path = Path(path)
    try:
        info, block = _read(path, reader, name)
    except BadInputError as exc:
        raise BadInputError(f"{path}: {exc}") from None
    return info, block


def _read(path: Path, reader: str, name: str) -> tuple[ReaderInfo, SampleBlock]:
    from sessions.oserrors import check_input

    try:   # regular files only: a FIFO or a device would block or never end
        check_input(path)
    except BadInputError as exc:   # the caller adds the path
        raise BadInputError(str(exc).removeprefix(f"{path}: ")) from None
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise BadInputError(f"cannot read ({exc.strerror or exc.__class__.__name__})") from None
    if head == b"PAR1":
        raise BadInputError("is a Parquet file, not CSV")
    try:
        df = pl.read_csv(path, infer_schema_length=None, null_values=["", "NA", "nan", "NaN"])
    except (pl.exceptions.PolarsError, UnicodeDecodeError, ValueError, OSError) as exc:
        raise BadInputError(f"not a readable CSV ({' '.join(str(exc).split())[:100]})") from None
    cols = {c.strip().lower(): c for c in df.columns}
    if "time_s" not in cols:
        raise BadInputError("no time_s column (need a header: time_s, then force columns in N)")
    others = [c for c in df.columns if c != cols["time_s"]]
    kinds = [channel_kind(c) for c in others]
    if not any(k == "force" for k, _ in kinds):
        raise BadInputError("no force column (need time_s and one or more force columns in N)")
    if len(others) > MAX_CHANNELS:
        raise BadInputError(f"{len(others)} channels is more than {MAX_CHANNELS}")
    if df.height < 2:
        raise BadInputError("no samples (fewer than two rows)")
    arrays = []
    for c in [cols["time_s"], *others]:
        s = df[c]
        if not (s.dtype.is_numeric() or s.dtype == pl.Null):
            raise BadInputError(f"column '{c.strip()}' is not numeric (time_s and the channels must be numbers)")
        x = s.cast(pl.Float64).fill_null(float("nan")).to_numpy()
        if not np.isfinite(x).all():
            row = int(np.argmax(~np.isfinite(x))) + 2
            raise BadInputError(f"column '{c.strip()}' has a missing or non-finite value (line {row})")
        arrays.append(x)
    t = arrays[0]
    dt = np.diff(t)
    if (dt <= 0).any():
        raise BadInputError(f"time_s does not increase (line {int(np.argmax(dt <= 0)) + 3})")
    rate = 1.0 / float(np.median(dt))
    if not (1.0 <= rate <= 100_000):
        raise BadInputError(f"implausible sample rate {rate:.3g} Hz")
    rate = float(np.round(rate, 3))
    # sample numbers from the clock; a jittery clock keeps the row order (time_s stays as given)
    seq = np.rint((t - t[0]) * rate).astype(np.int64)
    if (np.diff(seq) <= 0).any():
        seq = np.arange(t.size, dtype=np.int64)
    flags = np.zeros(t.size, dtype=np.uint8)
    flags[1:][np.diff(seq) > 1] = 1   # a gap in the other system's samples (Flags.DROPPED)
    info = ReaderInfo(
        reader=reader, name=f"{name} ({path.name})", serial="",
        channels=tuple(ChannelInfo(c.strip(), unit, kind) for c, (kind, unit) in zip(others, kinds, strict=True)),
        sample_rate_hz=rate, extra={"source": str(path)},
    )
    block = SampleBlock(time_s=t, values=np.ascontiguousarray(np.column_stack(arrays[1:])), seq=seq, flags=flags)
    return info, block


__all__ = ["MAX_CHANNELS", "channel_kind", "read_plate_csv"]
