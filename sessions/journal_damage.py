"""Which journal records are garbage (sessions/journal.py reads them): a torn tail, an earlier
recording's stale records, damaged records inside. Nothing recorded is ever lost: only records
that provably continue no genuine one are dropped, each counted (split from journal.py by job)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from forceplate.errors import BadInputError
from sessions.meta import SessionMeta

# A gap between two genuine records lies within the recording: at most the time from its start
# (meta.started_at) to the journal's last write (the file's mtime), plus an hour for the clock
# being set, and never less than a day (a copied file's mtime, a clock set back). Random bytes
# continue a sequence within a day with odds of ~1e-11 (int64 seq), within a week ~1e-10.
_MAX_GAP_S = 86400.0
_CLOCK_SLACK_S = 3600.0
# A torn write tears at sector boundaries: the record a tear cut keeps its genuine seq and time
# before the boundary and stale bytes after it (garbage counts), so it is dropped with the tail.
SECTOR = 512
# Stale records of an earlier recording appended after the genuine ones: a file system's
# unwritten blocks after a power loss, looked for this near the end (bytes).
_STALE_SPAN = 1 << 20
_SCAN = 16384                                      # records checked at a time


def span(path: Path, meta: SessionMeta) -> float:
    """The longest gap a genuine record can follow the one before it by (s): the recording's
    wall-clock span, start to the journal's last write."""
    try:
        ran = os.path.getmtime(path) - meta.started_utc.timestamp()
    except (OSError, BadInputError, OverflowError, ValueError):
        return _MAX_GAP_S
    return max(_MAX_GAP_S, ran + _CLOCK_SLACK_S) if np.isfinite(ran) else _MAX_GAP_S


def _follows(seq: np.ndarray, t: np.ndarray, rate_hz: float, span_s: float = _MAX_GAP_S) -> np.ndarray:
    """Whether each record continues the one before it: a higher seq and a later finite time,
    within span_s (seq moves on by the samples of a gap, at most span_s x the rate)."""
    with np.errstate(invalid="ignore", over="ignore"):
        dseq = np.diff(seq)     # int64 wraps on garbage: a wrapped step is negative or huge, refused
        dt = np.diff(t)
        follows: np.ndarray = (dseq >= 1) & (dseq <= span_s * max(rate_hz, 1.0)) & np.isfinite(dt) \
            & (dt >= 0.0) & (dt <= span_s)
    return follows


def _follow_from(seq: np.ndarray, t: np.ndarray, s0: int, t0: float, rate_hz: float, span_s: float) -> np.ndarray:
    """Whether each record continues one with seq s0 and time t0 (as _follows)."""
    with np.errstate(invalid="ignore", over="ignore"):
        dseq = seq - np.int64(s0)
        dt = t - t0
        out: np.ndarray = (dseq >= 1) & (dseq <= span_s * max(rate_hz, 1.0)) & np.isfinite(dt) \
            & (dt >= 0.0) & (dt <= span_s)
    return out


def _breaks(seq: np.ndarray, t: np.ndarray, rate_hz: float, span_s: float) -> np.ndarray:
    """Indices of the records that do not continue the one before them, _SCAN at a time (a diff
    over a 3-hour 8-channel journal at once made ~270 MB of temporaries)."""
    out = []
    for lo in range(0, len(seq) - 1, _SCAN):
        hi = min(len(seq), lo + _SCAN + 1)
        bad = np.flatnonzero(~_follows(seq[lo:hi], t[lo:hi], rate_hz, span_s))
        if bad.size:
            out.append(bad + lo + 1)
    return np.concatenate(out) if out else np.empty(0, np.int64)


def _rejoin(seq: np.ndarray, t: np.ndarray, last: int, i: int, rate_hz: float, span_s: float) -> int | None:
    """The first record from i on that continues record `last` and is continued by the next
    (or ends the journal): where the recording goes on after damaged records, else None."""
    n = len(seq)
    for lo in range(i, n, _SCAN):
        hi = min(n, lo + _SCAN)
        cand = np.flatnonzero(_follow_from(seq[lo:hi], t[lo:hi], int(seq[last]), float(t[last]), rate_hz, span_s))
        for c in (cand + lo).tolist():
            if c == n - 1 or _follows(seq[c:c + 2], t[c:c + 2], rate_hz, span_s)[0]:
                return int(c)
    return None


def _only_before(seq: np.ndarray, t: np.ndarray, i: int, pos: int, rate_hz: float, span_s: float) -> bool:
    """Whether record i - 1 alone is damaged, not record i (the break at i): i continues i - 2
    and i - 1 is not continued by i + 1 (a seq or time corrupted upwards made i - 1 look like a
    continuation); for the first record, i + 1 continues i and not record 0."""
    def fits(a: int, b: int) -> bool:
        return bool(_follows(seq[[a, b]], t[[a, b]], rate_hz, span_s)[0])

    if i - 1 < pos or i + 1 > len(seq) or i == 1 and i + 1 == len(seq):
        return False
    if i == 1:
        return fits(1, 2) and not fits(0, 2)
    if not fits(i - 2, i):
        return False
    if i + 1 == len(seq) or not fits(i - 1, i + 1):
        return True
    # either may go: time is the sample count over the rate (every reader's), so the damaged one
    # is the one whose time strays from the count's as its neighbours' do not
    rate = max(rate_hz, 1e-9)
    with np.errstate(invalid="ignore", over="ignore"):
        ref = float(t[i - 2]) - float(seq[i - 2]) / rate
        return bool(abs(float(t[i - 1]) - float(seq[i - 1]) / rate - ref) > abs(float(t[i]) - float(seq[i]) / rate - ref))


def garbage(rec: np.ndarray, rate_hz: float, span_s: float = _MAX_GAP_S) -> tuple[list[tuple[int, int]], int]:
    """(ranges [a, b) of damaged records inside the journal, records torn at its end).

    Genuine records continue each other (_follows); seq never falls in a recording (every
    reader's reset and gap moves it on). Records that continue no record before them are
    garbage only when provably so: damaged records in the middle (a corrupted seq or time)
    are those the recording continues after (a later record continues the last good one and
    is continued in turn) - only they are dropped, never the good records after them. With no
    such continuation the rest is a torn tail (a torn write's stale disk blocks: power loss,
    kill -9 mid-write). A run after a fall of seq that continues itself, near the end, is an
    earlier recording's stale records: torn from the fall, whatever follows."""
    n = len(rec)
    if n < 2:
        return [], 0
    seq, t = rec["seq"], rec["time_s"]
    damaged: list[tuple[int, int]] = []
    pos = 0
    stale_from = n - _STALE_SPAN // max(rec.dtype.itemsize, 1)
    for i in _breaks(seq, t, rate_hz, span_s).tolist():
        if i <= pos and damaged:
            continue                       # inside or just after a damaged range already dropped
        if _only_before(seq, t, i, pos, rate_hz, span_s):
            damaged.append((i - 1, i))     # the record before the break was the damaged one
            pos = i
            continue
        r = _rejoin(seq, t, i - 1, i, rate_hz, span_s)
        if r is None:
            return damaged, n - i
        if r - i >= 2 and i >= stale_from and bool(_follows(seq[i:r], t[i:r], rate_hz, span_s).all()):
            return damaged, n - i          # an earlier recording's run after a fall of seq
        damaged.append((i, r))
        pos = r
    return damaged, 0


__all__ = ["SECTOR", "garbage", "span"]
