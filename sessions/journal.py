"""The append-only journal a recording writes while it runs.

<name>.journal: one JSON header line (magic, meta, plate info, record layout), then
fixed-size little-endian records: seq int64, time_s float64, flags uint8, then per channel
int32 counts ("counts" mode: values = counts * scale + offset) or float64 values ("values"
mode, plates without integer counts). A crash can only cut the last record short; readers
drop a partial tail. <name>.events.jsonl: one JSON object per line (reps, sets, meta updates).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from forceplate.errors import BadInputError
from forceplate.samples import ReaderInfo, SampleBlock
from sessions import schema as S
from sessions.meta import SessionMeta

MAGIC = "eccentric-journal"
JOURNAL_VERSION = 1
SUFFIX = ".journal"
EVENTS_SUFFIX = ".events.jsonl"
MAX_HEADER = 1 << 20
_HEAD_START = b'{"magic":"%s"' % MAGIC.encode()   # header_bytes writes the magic first, compact
HEADER_EVENT_START = b'{"type":"header"'


def record_dtype(n_channels: int, mode: str) -> np.dtype:
    data = ("counts", "<i4", (n_channels,)) if mode == "counts" else ("values", "<f8", (n_channels,))
    return np.dtype([("seq", "<i8"), ("time_s", "<f8"), ("flags", "u1"), data])


def choose_mode(info: ReaderInfo, block: SampleBlock) -> str:
    """counts when they reproduce the values exactly (every decoded integer plate)."""
    if len(block) == 0:
        return "counts"
    if block.counts is None or block.counts.dtype.kind != "i":
        return "values"
    rebuilt = S.values_from_counts(block.counts, info)
    same = (rebuilt == block.values) | (np.isnan(rebuilt) & np.isnan(block.values))
    return "counts" if bool(same.all()) else "values"


def header_bytes(meta: SessionMeta | str, info: ReaderInfo, mode: str, target: str) -> bytes:
    """meta may be given as its JSON text (a snapshot taken on another thread)."""
    head = {
        "magic": MAGIC, "version": JOURNAL_VERSION, "mode": mode, "target": target,
        "meta": json.loads(meta if isinstance(meta, str) else meta.to_json()), "info": S.info_to_dict(info),
    }
    return encode_header(head)


def encode_header(head: dict[str, Any]) -> bytes:
    """A header dict as the journal's first line (compact: the magic stays first, _HEAD_START)."""
    return (json.dumps(head, separators=(",", ":")) + "\n").encode()


def encode_block(block: SampleBlock, dtype: np.dtype, mode: str, info: ReaderInfo | None = None) -> bytes:
    rec = np.empty(len(block), dtype=dtype)
    rec["seq"] = block.seq
    rec["time_s"] = block.time_s
    rec["flags"] = block.flags
    if mode == "counts":
        if block.counts is not None:
            rec["counts"] = block.counts
        else:   # a block without counts in a counts journal: back to counts via scale/offset
            if info is None:
                raise ValueError("counts journal needs the plate info for blocks without counts")
            scale = np.array([c.scale for c in info.channels])
            zero = np.array([c.offset for c in info.channels])
            rec["counts"] = np.rint((block.values - zero) / scale)
    else:
        rec["values"] = block.values
    return rec.tobytes()


@dataclass(slots=True)
class Journal:
    path: Path
    meta: SessionMeta
    info: ReaderInfo
    mode: str
    target: str                      # session file path relative to the data dir
    block: SampleBlock
    events: list[dict[str, Any]]
    partial_bytes: int = 0           # bytes of a cut-short last record (dropped)
    zeroed_records: int = 0          # records of zero bytes only (never written: dropped)
    torn_records: int = 0            # garbage at the tail continuing no record (dropped)

    @property
    def rep_rows(self) -> list[dict[str, Any]]:
        return [e["row"] for e in self.events if e.get("type") == "rep" and isinstance(e.get("row"), dict)]

    @property
    def set_rows(self) -> list[dict[str, Any]]:
        return [e["row"] for e in self.events if e.get("type") == "set" and isinstance(e.get("row"), dict)]


def header_event(header: bytes) -> bytes:
    """The events journal's copy of the header line: the journal can be read with a damaged
    header (its records carry their own data, the header only says how to read them)."""
    return b'{"type":"header","head":' + header.rstrip(b"\n") + b"}\n"


def without_header_event(events: bytes) -> bytes:
    """An events journal's lines less the header's copy (a journal's part has a header of its own)."""
    return b"".join(ln + b"\n" for ln in events.split(b"\n") if ln.strip() and not ln.startswith(HEADER_EVENT_START))


class HeaderDamaged(BadInputError):
    """The journal's header cannot be parsed (not a newer version, not an I/O error)."""


def read_header(path: Path) -> tuple[dict[str, Any], int]:
    """The header dict and its length in bytes; the events journal's copy when the journal's
    own header is damaged (the records start where the copy says the header ends). HeaderDamaged
    only when neither reads for damage: a newer version or an I/O error is said as such."""
    try:
        return _own_header(path)
    except BadInputError as own:
        try:
            copy = _header_copy(path)
        except OSError as exc:      # the copy may be there: the journal is not known damaged
            if isinstance(own, HeaderDamaged):
                raise BadInputError(f"{own}; cannot read its copy in {events_path(path).name} "
                                    f"({exc.strerror or exc})") from None
            raise own from None
        if copy is None:
            raise
        return copy


def _header_copy(path: Path) -> tuple[dict[str, Any], int] | None:
    """The events journal's copy of the header; None when there is none (or it is damaged too),
    OSError when the events journal cannot be read."""
    for e in _parse_events(_events_bytes(events_path(path))):
        if e.get("type") == "header":
            try:
                head = _checked(path, e.get("head"))
            except HeaderDamaged:
                return None
            return head, len(encode_header(head))   # the same bytes: json round-trips exactly
    return None


def _own_header(path: Path) -> tuple[dict[str, Any], int]:
    try:
        with open(path, "rb") as fh:
            line = fh.readline(MAX_HEADER)
    except OSError as exc:
        raise BadInputError(f"{path}: cannot read journal ({exc.strerror or exc})") from None
    # every header begins with _HEAD_START: anything else (a CSV, a session file) was never a
    # journal, which the user needs told rather than a complaint about its first line
    if not line.startswith(_HEAD_START[: len(line)]):
        raise HeaderDamaged(f"{path}: not an eccentric recording journal")
    if not line.endswith(b"\n"):
        raise HeaderDamaged(f"{path}: journal header missing or cut short (recording died at its very start)")
    try:
        head = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        raise HeaderDamaged(f"{path}: journal header is damaged (not valid JSON)") from None
    return _checked(path, head), len(line)


def _checked(path: Path, head: Any) -> dict[str, Any]:
    if not isinstance(head, dict) or head.get("magic") != MAGIC:
        raise HeaderDamaged(f"{path}: not an eccentric recording journal")
    if head.get("version") != JOURNAL_VERSION:
        raise BadInputError(f"{path}: journal version {head.get('version')!r} is not supported")
    if head.get("mode") not in ("counts", "values") or not isinstance(head.get("target"), str):
        raise HeaderDamaged(f"{path}: journal header has a bad mode or target")
    return head


def read_journal(path: Path) -> Journal:
    head, start = read_header(path)
    try:
        meta = SessionMeta.from_dict(head.get("meta"))
        info = S.info_from_dict(head.get("info"))
    except BadInputError as exc:
        raise BadInputError(f"{path}: {exc}") from None
    mode = head["mode"]
    dtype = record_dtype(len(info.channels), mode)
    try:   # (a header copy can be longer than a journal cut inside its header: no records)
        raw = np.fromfile(path, dtype=np.uint8, offset=start) if os.path.getsize(path) > start \
            else np.empty(0, np.uint8)
    except OSError as exc:
        raise BadInputError(f"{path}: cannot read journal ({exc.strerror or exc})") from None
    whole = raw.size // dtype.itemsize
    rec = raw[: whole * dtype.itemsize].view(dtype)
    blank = _zeroed(raw[: whole * dtype.itemsize].reshape(whole, dtype.itemsize), rec["seq"])
    if blank.any():
        rec = rec[~blank]
    kept = np.flatnonzero(~blank) if blank.any() else None   # each record's index in the file
    torn = _torn_tail(rec, float(info.sample_rate_hz))
    if torn and torn < len(rec):
        k = len(rec) - torn - 1                    # the last record kept
        off = start + (int(kept[k]) if kept is not None else k) * dtype.itemsize
        if off // _SECTOR != (off + dtype.itemsize - 1) // _SECTOR:
            torn += 1                              # it straddles the sector the tear began at
    if torn:
        rec = rec[: len(rec) - torn]
    if mode == "counts":
        counts = np.ascontiguousarray(rec["counts"], dtype=np.int32)
        values = S.values_from_counts(counts, info)
    else:
        counts = None
        values = np.ascontiguousarray(rec["values"], dtype=np.float64)
    block = SampleBlock(
        time_s=np.ascontiguousarray(rec["time_s"]), values=values,
        seq=np.ascontiguousarray(rec["seq"]), flags=np.ascontiguousarray(rec["flags"]), counts=counts,
    )
    events = read_events(events_path(path))
    target = head["target"]
    for e in events:   # meta updates the recorder learnt after the header (weighings, a new athlete)
        if e.get("type") == "meta" and isinstance(e.get("fields"), dict):
            _apply_meta(meta, e["fields"])
            if isinstance(e.get("target"), str):   # the recording was re-filed (Recorder.retitle)
                target = e["target"]
    return Journal(path, meta, info, mode, target, block, events, raw.size - whole * dtype.itemsize, int(blank.sum()),
                   torn)


# A gap between two genuine records is at most a day (a plate unplugged overnight while the
# recorder waited): random bytes continue a sequence within it with odds of ~1e-11 (int64 seq).
_MAX_GAP_S = 86400.0
# A torn write tears at sector boundaries: the record a tear cut keeps its genuine seq and time
# before the boundary and stale bytes after it (garbage counts), so it is dropped with the tail.
_SECTOR = 512
# Stale records of an earlier recording appended after the genuine ones: a file system's
# unwritten blocks after a power loss, looked for this near the end (bytes).
_STALE_SPAN = 1 << 20
_SCAN = 4096                                       # records checked at a time, back from the end


def _follows(seq: np.ndarray, t: np.ndarray, rate_hz: float) -> np.ndarray:
    with np.errstate(invalid="ignore", over="ignore"):
        dseq = np.diff(seq)     # int64 wraps on garbage: a wrapped step is negative or huge, refused
        dt = np.diff(t)
        follows: np.ndarray = (dseq >= 1) & (dseq <= _MAX_GAP_S * max(rate_hz, 1.0)) & np.isfinite(dt) \
            & (dt >= 0.0) & (dt <= _MAX_GAP_S)
    return follows


def _torn_tail(rec: np.ndarray, rate_hz: float) -> int:
    """Records at the end that continue no record before them: a torn write's stale disk
    blocks (power loss, kill -9 mid-write), not samples. A genuine record follows the one
    before it with a higher seq and a later finite time, within _MAX_GAP_S. seq never falls
    in a recording (every reader's reset and gap moves it on), so records from the last fall
    of seq near the end, after a genuine run, are an earlier recording's stale records: torn.
    Scans back from the end in blocks (only the tail matters: no diff over every record)."""
    n = len(rec)
    if n < 2:
        return 0
    seq, t = rec["seq"], rec["time_s"]
    w = min(n, max(_SCAN, _STALE_SPAN // max(rec.dtype.itemsize, 1)) + 1)
    f = _follows(seq[n - w:], t[n - w:], rate_hz)
    with np.errstate(invalid="ignore", over="ignore"):
        falls = np.flatnonzero(np.diff(seq[n - w:]) < 0)
    stale = 0
    for b in falls[::-1]:         # a fall after a record that genuinely continues its run
        if b >= 1 and f[b - 1]:
            stale = w - 1 - b
            break
    end = n
    while True:                   # the last record that follows the one before it
        lo = max(0, end - _SCAN - 1)
        last = np.flatnonzero(_follows(seq[lo:end], t[lo:end], rate_hz))
        if last.size:
            return max(stale, int(n - 1 - (lo + last[-1] + 1)))
        if lo == 0:               # nothing continues: no way to tell samples from garbage, keep all
            return stale
        end = lo + 1


def _zeroed(records: np.ndarray, seq: np.ndarray) -> np.ndarray:
    """Records of zero bytes only: blocks the file system never wrote (a power loss after the
    file grew), not samples. Only a stream's very first sample may be all zeros (seq 0)."""
    blank: np.ndarray = np.logical_not(records.any(axis=1))
    if blank.size and blank[0] and (blank.size == 1 or seq[1] > 0 and not blank[1]):
        blank[0] = False
    return blank


def read_target(path: Path) -> str:
    """Where the journal's session will be saved (relative to the data folder): the header's
    target, or the last re-filing's (Recorder.retitle). Reads no samples."""
    head, _ = read_header(path)
    target: str = head["target"]
    for e in read_events(events_path(path)):
        if e.get("type") == "meta" and isinstance(e.get("fields"), dict) and isinstance(e.get("target"), str):
            target = e["target"]
    return target


def _apply_meta(meta: SessionMeta, fields: dict[str, Any]) -> None:
    for k in ("body_mass_kg", "system_mass_kg", "load_kg"):
        v = fields.get(k)
        if isinstance(v, int | float) and not isinstance(v, bool):
            setattr(meta, k, float(v))
    if "load_kg" in fields and fields["load_kg"] is None:   # re-filed without a load
        meta.load_kg = None
    for k in ("athlete", "exercise", "method"):
        if isinstance(fields.get(k), str) and fields[k]:
            setattr(meta, k, fields[k])
    if isinstance(fields.get("targets"), dict):
        meta.targets = dict(fields["targets"])
    if isinstance(fields.get("calibration"), dict):
        meta.calibration.update(fields["calibration"])
    if isinstance(fields.get("analysis"), dict):   # settings changed while recording (Recorder.reconfigure)
        meta.analysis = dict(fields["analysis"])


def events_path(journal: Path) -> Path:
    return journal.with_name(journal.name[: -len(SUFFIX)] + EVENTS_SUFFIX) if journal.name.endswith(SUFFIX) \
        else journal.with_name(journal.name + EVENTS_SUFFIX)


def read_events(path: Path) -> list[dict[str, Any]]:
    """Every complete, valid line; a torn last line is skipped."""
    try:
        return _parse_events(_events_bytes(path))
    except OSError:
        return []


def _events_bytes(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        return b""


def _parse_events(data: bytes) -> list[dict[str, Any]]:
    out = []
    for line in data.split(b"\n"):
        if not line.strip():
            continue
        try:
            e = json.loads(line)
        except (ValueError, UnicodeDecodeError):
            continue
        if isinstance(e, dict):
            out.append(e)
    return out


def remove_journal(path: Path) -> None:
    path.unlink(missing_ok=True)
    events_path(path).unlink(missing_ok=True)


def write_all(fd: int, data: bytes | memoryview) -> int:
    """os.write until done; returns bytes written (raises OSError with what's left unwritten)."""
    view = memoryview(data)
    done = 0
    while done < len(view):
        done += os.write(fd, view[done:])
    return done


def fsync_dir(folder: Path) -> None:
    """Make a new or renamed directory entry durable (best effort: not on every OS)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
