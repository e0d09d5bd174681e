"""One session's samples + metadata as a Parquet file, and reading it back.

Written with pyarrow.parquet (Polars can't pick per-column encodings by itself): raw counts
DELTA_BINARY_PACKED + zstd - the plate's noise is what's left, ~1.2 bytes per sample.
Every file opens unchanged in Polars, pandas, pyarrow, DuckDB and R's arrow.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from forceplate.errors import BadInputError, DiskError, EccentricError
from forceplate.samples import ReaderInfo, SampleBlock
from sessions import schema as S
from sessions.meta import SCHEMA_VERSION, SessionMeta
from sessions.sample_pages import read_columns

PARQUET_MAGIC = b"PAR1"
ZSTD_LEVEL = 1            # DELTA_BINARY_PACKED already did the work; zstd mops up headers
ROW_GROUP_ROWS = 1 << 18  # ~4 min at 1 kHz: readers decode row groups in parallel


@dataclass(slots=True)
class StoredSession:
    path: Path
    meta: SessionMeta
    info: ReaderInfo
    block: SampleBlock
    reps: pl.DataFrame
    sets: pl.DataFrame
    metadata_checked: bool = True   # False: written before metadata checksums (read as is)
    samples_lost: int = 0           # in damaged pages, left out (read_session's salvage)

    @property
    def duration_s(self) -> float:
        if len(self.block) == 0:
            return 0.0
        return float(self.block.time_s[-1] - self.block.time_s[0])


# --- writing ------------------------------------------------------------------------------

def samples_table(info: ReaderInfo, block: SampleBlock, values_from_counts_known: bool = False) -> tuple[Any, dict[str, Any]]:
    """pyarrow Table of the samples + the layout that says how to read it back."""
    import pyarrow as pa

    layout = S.sample_layout(info, block, values_from_counts_known)
    arrays: dict[str, Any] = {"seq": pa.array(np.ascontiguousarray(block.seq, dtype=np.int64))}
    if layout["time"] == "stored":
        arrays["time_s"] = pa.array(np.ascontiguousarray(block.time_s, dtype=np.float64))
    for j, ch in enumerate(layout["channels"]):
        if ch["encoding"] == "counts":
            assert block.counts is not None
            arrays[ch["column"]] = pa.array(np.ascontiguousarray(block.counts[:, j], dtype=np.int32))
        else:
            arrays[ch["column"]] = pa.array(np.ascontiguousarray(block.values[:, j], dtype=np.float64))
    arrays["flags"] = pa.array(np.ascontiguousarray(block.flags, dtype=np.uint8))
    return pa.table(arrays), layout


def _encodings(table: Any) -> dict[str, str]:
    import pyarrow as pa

    enc = {}
    for f in table.schema:
        if f.name == "flags":
            continue   # dictionary + RLE: almost always 0
        if pa.types.is_integer(f.type):
            enc[f.name] = "DELTA_BINARY_PACKED"   # seq: constant step; counts: small steps
        elif pa.types.is_floating(f.type):
            enc[f.name] = "BYTE_STREAM_SPLIT"     # exponent bytes compress, mantissa noise doesn't
    return enc


def metadata_check(kv: dict[str, str]) -> str:
    """SHA-256 over every eccentric.* value exactly as stored (sorted by key). Parquet's page
    checksums cover the samples but not the footer, where scale, offset, masses and rate live:
    a flipped bit there would change every number silently."""
    import hashlib

    doc = json.dumps({k: v for k, v in sorted(kv.items()) if k.startswith("eccentric.") and k != S.KEY_CHECK},
                     ensure_ascii=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(doc.encode("ascii")).hexdigest()


def write_parquet_atomic(table: Any, path: Path, kv: dict[str, str], *, encodings: dict[str, str] | None = None,
                         dictionary: list[str] | bool = True) -> None:
    """Write to a temporary sibling, fsync, then rename: a crash leaves old or new, never half.
    The temporary name is unique per writer, so two processes saving at once never share one."""
    import secrets

    import pyarrow.parquet as pq

    kv = {**kv, S.KEY_CHECK: metadata_check(kv)}
    meta = dict(table.schema.metadata or {})
    meta.update({k.encode(): v.encode() for k, v in kv.items()})
    table = table.replace_schema_metadata(meta)
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(
            table, tmp, compression="zstd", compression_level=ZSTD_LEVEL,
            use_dictionary=dictionary, column_encoding=encodings or None,
            row_group_size=ROW_GROUP_ROWS, write_statistics=True, version="2.6",
            write_page_checksum=True,   # readers that check (we do) catch flipped bits
        )
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        from sessions.journal import fsync_dir

        fsync_dir(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        from sessions.oserrors import os_error

        err = os_error(exc, path)
        raise err if isinstance(err, DiskError) else DiskError(str(err), exit_code=err.exit_code) from None


def write_session(path: Path | str, meta: SessionMeta, info: ReaderInfo, block: SampleBlock,
                  reps: list[dict[str, Any]] | None = None, sets: list[dict[str, Any]] | None = None,
                  *, values_from_counts_known: bool = False) -> Path:
    """The samples file (self-contained: reps/sets also ride in its metadata)."""
    path = Path(path)
    S.check_info(info)   # a file it writes must read back
    table, layout = samples_table(info, block, values_from_counts_known)
    kv = {
        S.KEY_SCHEMA: str(SCHEMA_VERSION), S.KEY_KIND: "session", S.KEY_META: meta.to_json(),
        S.KEY_INFO: json.dumps(S.info_to_dict(info)), S.KEY_LAYOUT: json.dumps(layout),
        S.KEY_REPS: json.dumps(reps or [], default=S.json_default), S.KEY_SETS: json.dumps(sets or [], default=S.json_default),
    }
    write_parquet_atomic(table, path, kv, encodings=_encodings(table), dictionary=["flags"])
    return path


def write_table_file(path: Path, frame: pl.DataFrame, kind: str, meta: SessionMeta | None = None) -> Path:
    """Reps / sets / export files: small, plain Parquet with dictionary strings."""
    kv = {S.KEY_SCHEMA: str(SCHEMA_VERSION), S.KEY_KIND: kind}
    if meta is not None:
        kv[S.KEY_META] = meta.to_json()
    write_parquet_atomic(frame.to_arrow(), path, kv)
    return path


# --- reading ------------------------------------------------------------------------------

def check_parquet(path: Path) -> None:
    """Cheap checks before pyarrow sees the file, so errors name the real problem."""
    from sessions.oserrors import open_input, os_error

    fd = open_input(path)   # regular files only: a FIFO or device would never end
    try:
        with os.fdopen(fd, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            head = fh.read(4)
            fh.seek(max(0, size - 4))
            tail = fh.read(4)
    except OSError as exc:
        raise os_error(exc, path, "read") from None
    if size == 0:
        raise BadInputError(f"{path}: is empty (0 bytes) - was it copied completely?")
    if head != PARQUET_MAGIC:
        if _looks_text(path):   # a vendor export: say how it becomes a session
            raise BadInputError(f"{path}: a CSV/text file, not a session (no Parquet header): make it one with "
                                f"`eccentric import {shlex.quote(str(path))}`")   # quoted: it pastes as is
        raise BadInputError(f"{path}: not a Parquet file, not a session (no Parquet header)")
    if size < 12 or tail != PARQUET_MAGIC:
        raise BadInputError(f"{path}: truncated Parquet file (no footer) - was it copied completely?")


def _looks_text(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            chunk = fh.read(512)
        chunk.decode("utf-8")
        return bool(chunk) and b"\x00" not in chunk
    except (OSError, UnicodeDecodeError):
        return False


def read_kv(path: Path) -> dict[str, str]:
    """The file's key-value metadata (footer only), after checking the schema version."""
    import pyarrow.parquet as pq

    check_parquet(path)
    try:
        md = pq.read_metadata(path).metadata or {}
        kv = {k.decode("utf-8", "replace"): v.decode("utf-8", "replace") for k, v in md.items()}
    except Exception as exc:
        if not os.path.lexists(path):
            raise BadInputError(f"{path}: the file vanished while it was being read (deleted or moved?)") from None
        raise BadInputError(f"{path}: corrupt Parquet footer ({_short(exc)})") from None
    version = kv.get(S.KEY_SCHEMA)
    if version is None:
        raise BadInputError(f"{path}: not an eccentric file (no {S.KEY_SCHEMA} metadata)")
    try:
        v = int(version)
    except ValueError:
        raise BadInputError(f"{path}: bad schema version {version!r}") from None
    if v > SCHEMA_VERSION:
        raise BadInputError(f"{path}: written by a newer eccentric (schema {v}, this one reads up to {SCHEMA_VERSION}) - please upgrade")
    if v < 1:
        raise BadInputError(f"{path}: bad schema version {v}")
    return kv


def verify_kv(kv: dict[str, str], path: Path) -> bool:
    """Raise when the metadata is not what was written; False for files from before the
    check existed (read as they are), True when checked."""
    stored = kv.get(S.KEY_CHECK)
    if stored is None:
        return False
    if stored != metadata_check(kv):
        raise BadInputError(f"{path}: metadata checksum mismatch - the file is damaged "
                            "(scale, masses or rate cannot be trusted)")
    return True


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:160] or exc.__class__.__name__


def read_meta(path: Path) -> SessionMeta:
    """Only the metadata: fast, for listings."""
    kv = read_kv(path)
    try:
        meta = SessionMeta.from_dict(S.loads_json(kv.get(S.KEY_META), "session metadata"))
    except EccentricError as exc:
        raise BadInputError(f"{path}: {exc}") from None
    verify_kv(kv, path)
    return meta


def read_session(path: Path | str, row_groups: list[int] | None = None, salvage: bool = False) -> StoredSession:
    """The whole session (or only the given Parquet row groups' samples, for a quick start).
    salvage (readers that only show or analyse, never write back): the samples of damaged
    row groups are left out and counted in samples_lost instead of refusing the file."""
    path = Path(path)
    kv = read_kv(path)
    with _named_errors(path):
        meta, reps, sets = _meta_reps_sets(kv, path)
        info = S.info_from_dict(S.loads_json(kv.get(S.KEY_INFO), "plate description"))
        layout = S.parse_layout(S.loads_json(kv.get(S.KEY_LAYOUT), "sample layout"), info)
        checked = verify_kv(kv, path)
        block, lost = _read_block(path, info, layout, row_groups, salvage)
    return StoredSession(path=path, meta=meta, info=info, block=block, reps=reps, sets=sets,
                         metadata_checked=checked, samples_lost=lost)


def read_reps_sets(path: Path | str) -> tuple[SessionMeta, pl.DataFrame, pl.DataFrame]:
    """Metadata, reps and sets of a session from its footer only (no samples read)."""
    path = Path(path)
    kv = read_kv(path)
    with _named_errors(path):
        out = _meta_reps_sets(kv, path)
        verify_kv(kv, path)
        return out


def _meta_reps_sets(kv: dict[str, str], path: Path) -> tuple[SessionMeta, pl.DataFrame, pl.DataFrame]:
    if kv.get(S.KEY_KIND, "session") != "session":
        raise BadInputError(f"this is a {kv.get(S.KEY_KIND)} file, not a session (look under sessions/)")
    meta = SessionMeta.from_dict(S.loads_json(kv.get(S.KEY_META), "session metadata"))
    rep_rows = S.loads_json(kv.get(S.KEY_REPS, "[]"), "reps")
    set_rows = S.loads_json(kv.get(S.KEY_SETS, "[]"), "sets")
    if not isinstance(rep_rows, list) or not all(isinstance(r, dict) for r in rep_rows):
        raise BadInputError("reps metadata is not a list of rows")
    if not isinstance(set_rows, list) or not all(isinstance(r, dict) for r in set_rows):
        raise BadInputError("sets metadata is not a list of rows")
    cols = S.session_columns(meta, path.stem)
    return meta, S.rows_frame([{**cols, **r} for r in rep_rows], S.REP_SCHEMA), S.set_frame(cols, set_rows)


@contextlib.contextmanager
def _named_errors(path: Path) -> Iterator[None]:
    """Every problem with a file is one line that names the file."""
    try:
        yield
    except EccentricError as exc:
        msg = str(exc)
        raise BadInputError(msg if msg.startswith(str(path)) else f"{path}: {msg}") from None


def sample_row_groups(path: Path | str) -> tuple[int, float | None]:
    """(row groups, recorded duration in s from the footer's statistics, None if unknown)."""
    import pyarrow.parquet as pq

    try:
        md = pq.read_metadata(path)
        kv = {k.decode(): v.decode() for k, v in (md.metadata or {}).items()}
        info = S.info_from_dict(json.loads(kv[S.KEY_INFO]))
        layout = json.loads(kv[S.KEY_LAYOUT])
        name = "seq" if layout.get("time") != "stored" else "time_s"
        idx = md.schema.names.index(name)
        lo = md.row_group(0).column(idx).statistics
        hi = md.row_group(md.num_row_groups - 1).column(idx).statistics
        span = float(hi.max) - float(lo.min)
        return md.num_row_groups, span / info.sample_rate_hz if name == "seq" else span
    except Exception:   # noqa: BLE001 - a hint only; read_session reports real problems
        try:
            return pq.read_metadata(path).num_row_groups, None
        except Exception:   # noqa: BLE001
            return 1, None


def _read_block(path: Path, info: ReaderInfo, layout: dict[str, Any], row_groups: list[int] | None = None,
                salvage: bool = False) -> tuple[SampleBlock, int]:
    import pyarrow as pa

    want = {"seq": pa.int64(), "flags": pa.uint8()}
    if layout["time"] == "stored":
        want["time_s"] = pa.float64()
    for ch in layout["channels"]:
        want[ch["column"]] = pa.int32() if ch["encoding"] == "counts" else pa.float64()
    table, lost = read_columns(path, list(want), row_groups, salvage)
    for name, typ in want.items():
        got = table.schema.field(name).type
        if got != typ:
            raise BadInputError(f"wrong schema: column {name} is {got}, expected {typ}")
    n = table.num_rows

    def col(name: str, dtype: Any) -> np.ndarray:
        c = table.column(name)
        if c.null_count:
            raise BadInputError(f"column {name} has missing values")
        return c.to_numpy().astype(dtype, copy=False)

    seq = col("seq", np.int64)
    flags = col("flags", np.uint8)
    n_ch = len(info.channels)
    all_counts = all(ch["encoding"] == "counts" for ch in layout["channels"])
    counts = None
    if all_counts:
        cols = [col(ch["column"], np.int32) for ch in layout["channels"]]
        counts = np.empty((n, n_ch), dtype=np.int32)
        values = np.empty((n, n_ch), dtype=np.float64)
        time_s = np.empty(n) if layout["time"] != "stored" else col("time_s", np.float64)

        def fill(a: int, b: int) -> None:
            for j, c in enumerate(cols):
                counts[a:b, j] = c[a:b]
            values[a:b] = S.values_from_counts(counts[a:b], info)
            if layout["time"] != "stored":
                time_s[a:b] = S.time_from_seq(seq[a:b], info.sample_rate_hz)

        _in_parallel(fill, n)
        return SampleBlock(time_s=time_s, values=values, seq=seq, flags=flags, counts=counts), lost
    values = np.empty((n, n_ch), dtype=np.float64)
    for j, ch in enumerate(layout["channels"]):
        if ch["encoding"] == "counts":
            c = col(ch["column"], np.int32)
            values[:, j] = S.values_from_counts(c[:, None], _one(info, j))[:, 0]
        else:
            values[:, j] = col(ch["column"], np.float64)
    time_s = col("time_s", np.float64) if layout["time"] == "stored" else S.time_from_seq(seq, info.sample_rate_hz)
    return SampleBlock(time_s=time_s, values=values, seq=seq, flags=flags, counts=counts), lost


PARALLEL_ROWS = 1 << 19


def _in_parallel(fill: Any, n: int) -> None:
    """fill(a, b) over row ranges on two threads for big sessions: numpy releases the GIL,
    and building an hour's float64 values is memory-bound page-faulting."""
    if n < PARALLEL_ROWS:
        fill(0, n)
        return
    from concurrent.futures import ThreadPoolExecutor

    workers = min(4, os.cpu_count() or 1)
    edges = np.linspace(0, n, workers + 1).astype(int)
    with ThreadPoolExecutor(workers) as ex:
        list(ex.map(lambda ab: fill(*ab), zip(edges[:-1], edges[1:], strict=True)))


def _one(info: ReaderInfo, j: int) -> ReaderInfo:
    from dataclasses import replace

    return replace(info, channels=(info.channels[j],))
