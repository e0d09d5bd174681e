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
# Genuine records lie on one line of time against the sample count (time is the count over the
# rate, every reader's; a clock's jitter is ms): records off it by more are damaged (s).
_LINE_S = 0.25
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


def _rejoin(seq: np.ndarray, t: np.ndarray, last: int, i: int, rate_hz: float, span_s: float,
            stop: int | None = None) -> int | None:
    """The first record from i on (before stop) that continues record `last` and is continued by
    the next (or ends the journal): where the recording goes on after damaged records, else None."""
    n = len(seq) if stop is None else min(len(seq), stop)
    lo, step = i, 64                   # small first (the recording mostly goes on at once)
    while lo < n:
        hi = min(n, lo + step)
        ok = _follow_from(seq[lo:hi], t[lo:hi], int(seq[last]), float(t[last]), rate_hz, span_s)
        nxt = np.ones(hi - lo, bool)   # continued by the next record, or the journal's last
        m = min(len(seq), hi + 1) - lo - 1
        nxt[:m] = _follows(seq[lo:lo + m + 1], t[lo:lo + m + 1], rate_hz, span_s)
        c = np.flatnonzero(ok & nxt)
        if c.size:
            return int(c[0]) + lo
        lo, step = hi, min(step * 4, _SCAN)
    return None


def _anchors(i: int, damaged: list[tuple[int, int]], k: int) -> list[int]:
    """Up to k kept records before i, nearest first (damaged ranges skipped)."""
    out: list[int] = []
    a = i - 1
    for lo, hi in reversed(damaged):
        if len(out) >= k or a < 0:
            break
        while a >= hi and len(out) < k:
            out.append(a)
            a -= 1
        if a >= lo:
            a = lo - 1
    while a >= 0 and len(out) < k:
        out.append(a)
        a -= 1
    return out


def _run_end(brk: np.ndarray, j: int, n: int) -> int:
    """Where the run of records continuing each other from record j ends (the next break)."""
    k = int(np.searchsorted(brk, j, side="right"))
    return int(brk[k]) if k < len(brk) else n


def _on_line(seq: np.ndarray, t: np.ndarray, a: int, xs: list[int], rate: float) -> bool:
    """Whether records xs count on from record a exactly (seq by the records between) in time
    with the count (within _LINE_S): genuine records, never dropped to rejoin an earlier one (an
    earlier recording's stale run after them would count on from one further back)."""
    ix = np.asarray(xs)
    with np.errstate(invalid="ignore", over="ignore"):
        ds = seq[ix] - seq[a]
        dt = t[ix] - t[a] - ds.astype(np.float64) / rate
        return bool(np.all(ds == ix - a) and np.all(np.abs(dt) <= _LINE_S))


def _stray(seq: np.ndarray, t: np.ndarray, lo: int, hi: int, ref: float, rate: float) -> float:
    """How far records [lo, hi) stray from a good record's line of time against the sample count
    (time is the count over the rate, every reader's): the damaged ones stray, the good do not."""
    with np.errstate(invalid="ignore", over="ignore"):
        d = np.abs(t[lo:hi] - seq[lo:hi].astype(np.float64) / rate - ref)
    return float(np.inf) if not np.all(np.isfinite(d)) else float(d.max(initial=0.0))


def garbage(rec: np.ndarray, rate_hz: float, span_s: float = _MAX_GAP_S) -> tuple[list[tuple[int, int]], int]:
    """(ranges [a, b) of damaged records inside the journal, records torn at its end).

    Genuine records continue each other (_follows); seq never falls in a recording (every
    reader's reset and gap moves it on). Records that continue no record before them are
    garbage only when provably so: damaged records in the middle (a corrupted seq or time)
    are those the recording continues after - a later record continues a good one before the
    break and is continued in turn. The records before a break may be damaged too (two
    neighbours, a sector of stale bytes), so each of the last kept records back over a sector
    is tried as the good one, and the fewest records are dropped; at the journal's start the
    few records before a long run may be the damaged ones. Only with no continuation of any is
    the rest a torn tail (a torn write's stale disk blocks: power loss, kill -9 mid-write). A
    run after a fall of seq that continues itself, near the end, is an earlier recording's
    stale records: torn from the fall, whatever follows (unless the records after it count on
    exactly as if it were genuine: stale bytes over genuine records, dropped alone)."""
    n = len(rec)
    if n < 2:
        return [], 0
    seq, t = rec["seq"], rec["time_s"]
    rate = max(rate_hz, 1e-9)
    back = max(4, SECTOR // max(rec.dtype.itemsize, 1) + 2)   # records tried as the good one
    damaged: list[tuple[int, int]] = []
    pos = 0
    stale_from = n - _STALE_SPAN // max(rec.dtype.itemsize, 1)
    brk = _breaks(seq, t, rate_hz, span_s)
    for i in brk.tolist():
        if i <= pos and damaged:
            continue                       # inside or just after a damaged range already dropped
        best: list[tuple[int, int]] = []   # candidate ranges [lo, r) to drop, the fewest records
        cost = n
        near = _anchors(i, damaged, back)
        for m, a in enumerate(near):
            if i - 1 - a > cost:
                break                      # dropping the records between a and i costs more
            if m and _on_line(seq, t, a, near[:m], rate):
                continue                   # it would drop records that look genuine
            r = _rejoin(seq, t, a, i, rate_hz, span_s, stop=a + 2 + cost)
            if r is None:
                continue
            if r - a - 1 < cost:
                best, cost = [(a + 1, r)], r - a - 1
            elif r - a - 1 == cost:
                best.append((a + 1, r))
        if i <= back:                      # the journal's first records, before a long run
            for j in range(i, min(n, i + back + 1)):
                if j > cost:
                    break
                if _run_end(brk, j, n) - j > max(j, 1):
                    if j < cost:
                        best, cost = [(0, j)], j
                    elif j == cost:
                        best.append((0, j))
                    break
        if not best:
            return damaged, n - i
        if len(best) > 1:                  # a tie (one record either side of the break)
            far = max(r for _, r in best)
            ref = float(t[far]) - float(seq[far]) / rate
            best.sort(key=lambda c: -_stray(seq, t, c[0], c[1], ref, rate))
        lo, r = best[0]
        if r - lo >= 2 and lo >= max(stale_from, 1) and bool(_follows(seq[lo:r], t[lo:r], rate_hz, span_s).all()) \
                and not (lo >= 1 and int(seq[r]) - int(seq[lo - 1]) == r - lo + 1):
            return damaged, n - lo         # an earlier recording's run after a fall of seq
        while damaged and damaged[-1][0] >= lo:
            damaged.pop()                  # inside the wider range now dropped
        damaged.append((lo, r))
        pos = r
    return damaged, 0


__all__ = ["SECTOR", "garbage", "span"]
