"""Parquet tables (pandas or Polars) and C3D force platforms -> Table."""

from __future__ import annotations

import io
import re
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from forceplate.errors import BadInputError
from sessions.formats.names import parse_header
from sessions.formats.table import Column, Table

ECCENTRIC_KIND = b"eccentric.kind"


def _check_parquet(path: Path) -> None:
    """The session reader's cheap checks (no header, cut short), so a truncated file says so
    here too; the caller names the file."""
    from sessions.session_file import check_parquet

    try:
        check_parquet(path)
    except BadInputError as exc:
        raise BadInputError(str(exc).removeprefix(f"{path}: ")) from None


def parquet_kind(path: Path) -> str:
    """'session' for an eccentric session file, 'export' for an eccentric export, '' for any other Parquet."""
    _check_parquet(path)
    try:
        import pyarrow.parquet as pq

        meta = pq.read_schema(path).metadata or {}
    except Exception as exc:   # pyarrow raises many types on a broken file
        raise BadInputError(f"not a readable Parquet file ({' '.join(str(exc).split())[:80]})") from None
    return meta.get(ECCENTRIC_KIND, b"").decode("utf-8", "replace")


def read_parquet(path: Path) -> Table:
    _check_parquet(path)
    try:
        import pyarrow.parquet as pq

        meta = pq.read_schema(path).metadata or {}
        frame = pl.read_parquet(path)
    except Exception as exc:
        raise BadInputError(f"not a readable Parquet file ({' '.join(str(exc).split())[:80]})") from None
    writer = "pandas" if b"pandas" in meta else ("eccentric" if ECCENTRIC_KIND in meta else "Polars/Arrow")
    cols: list[Column] = []
    clocks: list[tuple[int, str, datetime, bool]] = []   # (column, name, first time, the only time)
    for j, name in enumerate(frame.columns):
        s = frame.get_column(name)
        header = parse_header(name)
        if name.startswith("__index_level_") or name == "index" and writer == "pandas":
            continue                                  # pandas' own row index
        if s.dtype.is_numeric() or s.dtype == pl.Boolean:
            x = s.cast(pl.Float64).fill_null(float("nan")).to_numpy().astype(np.float64, copy=False)
            cols.append(Column(header, j + 1, x * header.factor if header.factor != 1.0 else x))
        elif s.dtype == pl.Duration:
            x = s.dt.total_microseconds().cast(pl.Float64).fill_null(float("nan")).to_numpy() / 1e6
            cols.append(Column(parse_header(name, "s"), j + 1, x))
        elif isinstance(s.dtype, pl.Datetime) and s.drop_nulls().len():
            # a wall clock (pandas' datetime64): seconds from its first time, which dates the recording
            x = (s - s.drop_nulls()[0]).dt.total_microseconds().cast(pl.Float64).fill_null(float("nan")).to_numpy() / 1e6
            cols.append(Column(parse_header(name, "s"), j + 1, x))
            clocks.append((j + 1, name, s.drop_nulls()[0], bool(np.nanmax(np.abs(x)) == 0)))
        else:
            cols.append(Column(header, j + 1, None))
    from sessions.formats.text import vendor_of

    vendor = vendor_of([c.header for c in cols])
    fmt = f"{vendor} (Parquet)" if vendor else f"Parquet ({writer})"
    table = Table(format=fmt, layout="", columns=cols)
    _date_parquet(table, meta, clocks)
    return table


def _date_parquet(table: Table, meta: dict, clocks: list[tuple[int, str, datetime, bool]]) -> None:
    """The recording's date: the first wall-clock (Datetime) column's first time (naive: local
    time, as a lab computer wrote it; a column holding one time only is that date, no time axis),
    else a date or unix timestamp pandas kept with the frame (`df.attrs`, as Hawkin's API client
    sets 'Timestamp')."""
    import json

    from sessions.formats.dates import EARLIEST, as_utc, parse_when, unix_when

    for index, name, first, alone in clocks:
        when = as_utc(first) if isinstance(first, datetime) else None
        if when is not None and EARLIEST <= when <= datetime.now(UTC) + timedelta(days=1):
            table.recorded_at, table.recorded_at_source = when, f"the first time in its column '{name}'"
            if alone:
                table.date_column = index
            return
    try:
        attrs = json.loads(meta.get(b"PANDAS_ATTRS", b"{}"))
    except ValueError:
        return
    for key, value in attrs.items() if isinstance(attrs, dict) else ():
        if re.sub(r"[\s_]", "", str(key).lower()) not in ("timestamp", "date", "datetime", "recorded", "starttime"):
            continue
        try:
            when = unix_when(float(value)) if isinstance(value, int | float) and not isinstance(value, bool) else \
                parse_when(value) if isinstance(value, str) else None
        except (OverflowError, ValueError):   # a crafted huge number: no date, not a crash
            when = None
        if when is not None:
            unix = " (unix time)" if isinstance(value, int | float) else ""
            table.recorded_at, table.recorded_at_source = when, f"its pandas attrs '{key}'{unix}"
            return


def read_c3d(data: bytes, mtime: float | None = None) -> Table:
    """The vertical force of every force platform in a C3D file (FORCE_PLATFORM TYPE 1-4), via
    the `c3d` package. Fz is the sum of the four vertical cells on TYPE 3; the third row of the
    calibration matrix on TYPE 4; the third channel otherwise. `mtime`: the file's modification
    time, which settles a two-digit-year DATE read either way (sessions.formats.c3d_date)."""
    try:
        import c3d
    except ImportError:
        raise BadInputError("reading C3D needs the 'c3d' package (pip install c3d)") from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")      # "No point data found": a force-only file is fine
            reader = c3d.Reader(io.BytesIO(data))
            analog = [a for _, _, a in reader.read_frames(copy=True, analog_transform=True)]
        used = int(str(_param(reader, "FORCE_PLATFORM:USED", "int16_value") or 0))
        rate = float(reader.analog_rate)
    except BadInputError:
        raise
    except Exception as exc:   # the c3d package raises many types on a broken file
        raise BadInputError(f"not a readable C3D file ({exc.__class__.__name__}: {' '.join(str(exc).split())[:80]})") from None
    if used <= 0:
        raise BadInputError("C3D file has no force platform (FORCE_PLATFORM:USED is 0)")
    if not analog or rate <= 0:
        raise BadInputError("C3D file has no analog samples")
    sig = np.concatenate([np.asarray(a, dtype=np.float64) for a in analog], axis=1)   # (channels, samples)
    types = np.atleast_1d(np.asarray(_param(reader, "FORCE_PLATFORM:TYPE", "int16_array"), dtype=int))
    chans = np.asarray(_param(reader, "FORCE_PLATFORM:CHANNEL", "int16_array"), dtype=int)
    chans = chans.reshape(used, -1) if chans.ndim == 1 else chans.reshape(used, -1)
    cols: list[Column] = []
    for p in range(used):
        kind = int(types[p]) if p < types.size else 2
        ch = chans[p] - 1
        if (ch < 0).any() or (ch >= sig.shape[0]).any():
            raise BadInputError(f"C3D force platform {p + 1} names analog channels that are not in the file")
        if kind == 3:
            fz = sig[ch[4:8]].sum(axis=0)
        elif kind == 4:
            cal = np.asarray(_param(reader, "FORCE_PLATFORM:CAL_MATRIX", "float_array"), dtype=np.float64)
            m = cal.reshape(used, 6, 6)[p] if cal.size >= used * 36 else np.eye(6)
            fz = m[2] @ sig[ch[:6]]
        elif kind in (1, 2):
            fz = sig[ch[2]]
        else:
            raise BadInputError(f"C3D force platform {p + 1} is of TYPE {kind}, which this reader does not know "
                                f"(TYPE 1 to 4)")
        cols.append(Column(parse_header(f"FP{p + 1} Fz (N)"), p + 1, fz))
    table = Table(format=f"C3D ({used} force platform{'s' if used > 1 else ''})", layout="", columns=cols,
                  rate_hz=rate, rate_source="the C3D analog rate")
    from sessions.formats.c3d_date import c3d_date

    table.recorded_at, table.recorded_at_source, table.recorded_date_only = c3d_date(reader, mtime)
    return table


def _param(reader: object, key: str, attr: str) -> object:
    p = reader.get(key)  # type: ignore[attr-defined]
    if p is None:
        raise BadInputError(f"C3D file has no {key} parameter")
    return getattr(p, attr)


__all__ = ["parquet_kind", "read_c3d", "read_parquet"]
