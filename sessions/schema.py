"""Column layout of the Parquet files, and conversions between them and SampleBlocks.

See docs/sessions.md. Sample files keep what the plate delivered: raw int32 counts per
channel (value = counts * scale + offset, scale/offset in the file's key-value metadata),
the sample number and flags. time_s and total force are derived on read.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

import numpy as np
import polars as pl

from forceplate.analysis.events import JUMP_KEYS
from forceplate.errors import BadInputError
from forceplate.samples import ChannelInfo, ReaderInfo, SampleBlock
from sessions.names import utf8
from sessions.paths import safe_name

# Parquet key-value metadata keys
KEY_SCHEMA = "eccentric.schema_version"
KEY_KIND = "eccentric.kind"            # "session" | "reps" | "sets" | "export"
KEY_META = "eccentric.meta"            # SessionMeta JSON
KEY_INFO = "eccentric.info"            # ReaderInfo JSON (channels with scale/offset)
KEY_LAYOUT = "eccentric.samples"       # how the sample columns map to channels
KEY_REPS = "eccentric.reps"            # rep rows JSON: the session file is self-contained
KEY_SETS = "eccentric.sets"
KEY_CHECK = "eccentric.check"          # "sha256:<hex>" of the other eccentric.* values

# Session-level columns on every rep/set row, so a season scans and filters in one call.
SESSION_COLUMNS: dict[str, pl.DataType] = {
    "session": pl.String(), "athlete": pl.String(), "exercise": pl.String(), "method": pl.String(),
    "date": pl.Date(), "started_at": pl.Datetime("us", "UTC"), "load_kg": pl.Float64(),
    "simulated": pl.Boolean(), "plate": pl.String(), "serial": pl.String(),
}

_PHASE = ["start_s", "end_s", "duration_s", "mean_force_n", "peak_force_n", "mean_load_n",
          "impulse_n_s", "peak_rfd_n_per_s", "mean_velocity_m_s", "peak_velocity_m_s",
          "mean_power_w", "peak_power_w"]
_F = pl.Float64()
_I = pl.Int32()
_S = pl.String()

# Rep.to_row() keys, fixed: new analysis fields are dropped until the schema is bumped.
REP_COLUMNS: dict[str, pl.DataType] = {
    "rep": _I, "set": _I, "rep_in_set": _I,
    **{f"ecc_{k}": _F for k in _PHASE}, **{f"con_{k}": _F for k in _PHASE},
    "bottom_s": _F, "pause_bottom_s": _F, "ecc_con_load_ratio": _F, "time_under_tension_s": _F,
    "phase_source": _S, "confidence": _F, "assisted": _S, "body_mass_kg": _F,
    "system_mass_kg": _F, "tempo_target_ecc_s": _F, "verdict": _S, "verdict_codes": _S,
    "analysis_version": _S,
    # jumps (docs/jumps.md): nullable, "rep" rows leave them empty
    "movement": _S,
    **{k: (_S if k in ("jump_type", "jump_landed") else _F) for k in JUMP_KEYS},
}
SET_COLUMNS: dict[str, pl.DataType] = {
    "set": _I, "start_s": _F, "end_s": _F, "reps": _I, "time_under_tension_s": _F,
    "mean_ecc_duration_s": _F, "mean_ecc_con_load_ratio": _F, "concentric_slowdown": _F,
    "method": _S, "positive_failure_rep": _I, "negatives_after_failure": _I, "verdict": _S,
    "analysis_version": _S,
}
REP_SCHEMA: dict[str, pl.DataType] = {**SESSION_COLUMNS, **REP_COLUMNS}
# a set's own "method" column wins over the session's (they agree when both are set)
SET_SCHEMA: dict[str, pl.DataType] = {**SESSION_COLUMNS, **SET_COLUMNS}

# Columns renamed since files were first written: new name -> old name. Readers take the old
# name when the new one is missing, so files written before the rename read unchanged.
# (`impulse_ns` read as nanoseconds; the unit is N*s.)
RENAMED: dict[str, str] = {"ecc_impulse_n_s": "ecc_impulse_ns", "con_impulse_n_s": "con_impulse_ns"}


def rows_frame(rows: list[dict[str, Any]], columns: dict[str, pl.DataType]) -> pl.DataFrame:
    """Rows -> a frame with exactly these columns and dtypes (missing -> null, extra dropped)."""
    data = {name: [_cell(r.get(name, r.get(RENAMED.get(name, name))), dtype) for r in rows]
            for name, dtype in columns.items()}
    return pl.DataFrame(data, schema=columns)


def set_frame(cols: dict[str, Any], rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Set rows with the session columns; a set without a method takes the session's."""
    return rows_frame([{**cols, **r, "method": r.get("method") or cols["method"]} for r in rows], SET_SCHEMA)


def _cell(v: Any, dtype: pl.DataType) -> Any:
    if v is None:
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and not np.isfinite(v) and dtype != _F:
        return None
    if dtype == _I:
        if not isinstance(v, int | float):
            return None
        if not -(2**31) <= v < 2**31:   # a count no session can reach: damaged, not clipped
            raise BadInputError(f"value {v!r} is out of range for an integer column")
        return int(v)
    if dtype == _F:
        return float(v) if isinstance(v, int | float) else None
    if dtype == _S:
        if isinstance(v, list | tuple):
            return utf8(",".join(map(str, v)))
        return utf8(v)
    # session columns: only their own types (a damaged journal row may carry anything)
    from datetime import date, datetime

    if isinstance(dtype, pl.Boolean):
        return v if isinstance(v, bool) else None
    if isinstance(dtype, pl.Datetime):
        return v if isinstance(v, datetime) else None
    if isinstance(dtype, pl.Date):
        return v if isinstance(v, date) and not isinstance(v, datetime) else None
    return v


def session_columns(meta: Any, stem: str) -> dict[str, Any]:
    started = meta.started_utc
    return {   # Arrow strings are UTF-8: names keep their exact form in the metadata JSON
        "session": utf8(stem), "athlete": utf8(meta.athlete), "exercise": utf8(meta.exercise),
        "method": utf8(meta.method), "date": started.date(), "started_at": started, "load_kg": meta.load_kg,
        "simulated": bool(meta.simulated), "plate": utf8(meta.plate), "serial": utf8(meta.serial),
    }


# --- reader info ------------------------------------------------------------------------

def info_to_dict(info: ReaderInfo) -> dict[str, Any]:
    d = asdict(info)
    d["channels"] = [asdict(c) for c in info.channels]
    return d


# value = counts * scale + offset must stay a finite number for every int32 count. No plate
# has a count worth more than 1 MN or an offset beyond 1 GN: past these it is damage.
MAX_SCALE = 1e6
MAX_OFFSET = 1e9


def check_channel(c: ChannelInfo) -> None:
    """ValueError when the channel's scale/offset cannot turn counts into real numbers."""
    if not (np.isfinite(c.scale) and 0 < abs(c.scale) <= MAX_SCALE and np.isfinite(c.offset)
            and abs(c.offset) <= MAX_OFFSET):
        raise ValueError(f"channel {c.name!r} has scale {c.scale!r} and offset {c.offset!r}")


def check_info(info: ReaderInfo) -> None:
    """BadInputError for a plate description no session should be written with."""
    try:
        for c in info.channels:
            check_channel(c)
        if not (np.isfinite(info.sample_rate_hz) and info.sample_rate_hz > 0):
            raise ValueError(f"sample rate {info.sample_rate_hz!r}")
    except ValueError as exc:
        raise BadInputError(f"bad plate description ({exc})") from None


def info_from_dict(d: Any) -> ReaderInfo:
    try:
        chans = tuple(
            ChannelInfo(name=str(c["name"]), unit=str(c.get("unit", "N")), kind=str(c.get("kind", "force")),  # type: ignore[arg-type]
                        scale=float(c.get("scale", 1.0)), offset=float(c.get("offset", 0.0)))
            for c in d["channels"]
        )
        if not chans:
            raise ValueError("no channels")
        for c in chans:
            check_channel(c)
        rate = float(d["sample_rate_hz"])
        if not np.isfinite(rate) or rate <= 0:
            raise ValueError(f"sample rate {rate}")
        return ReaderInfo(
            reader=str(d.get("reader", "")), name=str(d.get("name", "")), serial=str(d.get("serial", "")),
            channels=chans, sample_rate_hz=rate, simulated=bool(d.get("simulated", False)),
            profile=None if d.get("profile") is None else str(d["profile"]),
            extra={str(k): str(v) for k, v in dict(d.get("extra") or {}).items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BadInputError(f"bad plate description ({exc.__class__.__name__}: {exc})") from None


# --- samples ------------------------------------------------------------------------------

def channel_columns(info: ReaderInfo) -> list[str]:
    """Unique, safe column stems per channel (the plate's channel names)."""
    seen: set[str] = set()
    out = []
    for i, c in enumerate(info.channels):
        base = safe_name(c.name, f"ch{i}").replace("-", "_").replace(".", "_")
        name = base
        while name in seen or name in ("seq", "flags", "time_s"):
            name = f"{base}_{i}"
        seen.add(name)
        out.append(name)
    return out


def values_from_counts(counts: np.ndarray, info: ReaderInfo) -> np.ndarray:
    """The decoder's own arithmetic, so values round-trip bit for bit."""
    scale = np.array([c.scale for c in info.channels])
    zero = np.array([c.offset for c in info.channels])
    values = np.multiply(counts, scale)
    if zero.any():
        values += zero
    return values


def time_from_seq(seq: np.ndarray, rate_hz: float) -> np.ndarray:
    return seq / rate_hz


def unit_suffix(unit: str) -> str:
    return safe_name(unit, "si").lower().replace("-", "_").replace(".", "_")


def with_unit(column: str, unit: str) -> str:
    """`fz` -> `fz_n`; a name that already ends in its unit (`fz_n`) stays."""
    suffix = unit_suffix(unit)
    return column if column.lower().endswith(f"_{suffix}") else f"{column}_{suffix}"


CHECK_ROWS = 1 << 16


def sample_layout(info: ReaderInfo, block: SampleBlock, values_from_counts_known: bool = False) -> dict[str, Any]:
    """Decide per channel whether counts reproduce the values exactly (then only counts are
    kept) and whether time is seq/rate (then time is not stored). values_from_counts_known:
    the caller built values from counts itself (a journal), so the check can be skipped."""
    cols = channel_columns(info)
    n = len(block)
    exact = np.zeros(len(cols), dtype=bool)
    if block.counts is not None and block.counts.dtype.kind == "i":
        exact[:] = True
        for a in range(0, 0 if values_from_counts_known else n, CHECK_ROWS):   # chunks: no 100 MB temporaries for an hour's data
            # counts never rebuild a NaN, so a NaN value makes its channel store values
            exact &= (values_from_counts(block.counts[a:a + CHECK_ROWS], info) == block.values[a:a + CHECK_ROWS]).all(axis=0)
    time_derived = all(
        np.array_equal(block.time_s[a:a + CHECK_ROWS], time_from_seq(block.seq[a:a + CHECK_ROWS], info.sample_rate_hz))
        for a in range(0, n, CHECK_ROWS)
    )
    channels = []
    for i, (c, col) in enumerate(zip(info.channels, cols, strict=True)):
        if exact[i]:
            channels.append({"column": f"{col}_counts", "encoding": "counts"})
        else:
            channels.append({"column": with_unit(col, c.unit), "encoding": "values"})
    return {"time": "seq/sample_rate_hz" if time_derived else "stored", "channels": channels}


def parse_layout(d: Any, info: ReaderInfo) -> dict[str, Any]:
    try:
        chans = d["channels"]
        if len(chans) != len(info.channels):
            raise ValueError("channel count differs from the plate description")
        for c in chans:
            if c["encoding"] not in ("counts", "values") or not isinstance(c["column"], str):
                raise ValueError(f"unknown channel encoding {c!r}")
        if d["time"] not in ("seq/sample_rate_hz", "stored"):
            raise ValueError(f"unknown time encoding {d['time']!r}")
        return dict(d)
    except (KeyError, TypeError, ValueError) as exc:
        raise BadInputError(f"bad sample layout ({exc})") from None


def loads_json(text: bytes | str | None, what: str) -> Any:
    if text is None:
        raise BadInputError(f"missing {what}")
    try:
        return json.loads(text)
    except (ValueError, UnicodeDecodeError):
        raise BadInputError(f"{what} is not valid JSON") from None


def json_default(o: Any) -> Any:
    """JSON for numpy scalars and datetimes in metadata and event rows."""
    if hasattr(o, "item"):
        return o.item()
    if hasattr(o, "isoformat"):
        return o.isoformat()
    return str(o)
