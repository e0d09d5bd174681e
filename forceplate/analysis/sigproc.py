"""Small numpy/scipy helpers on sample arrays (no state)."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from scipy.ndimage import maximum_filter1d
from scipy.signal import butter, lfilter, sosfilt_zi


@lru_cache(maxsize=64)
def _design(rate_hz: float, cutoff_hz: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    wn = min(0.99, cutoff_hz / (rate_hz / 2.0))
    sos = butter(2, wn, output="sos")
    # one biquad: lfilter on its (b, a) is the same filter as sosfilt, with a tenth of the
    # per-call overhead (it runs once per chunk)
    return sos[0, :3], sos[0, 3:], sosfilt_zi(sos)[0]


def lowpass(x: np.ndarray, rate_hz: float, cutoff_hz: float) -> np.ndarray:
    """Zero-phase Butterworth low-pass (2nd order, run forwards then backwards, each pass
    started in steady state at the end value, like scipy's sosfiltfilt without padding)."""
    if x.size < 16:
        return x.astype(np.float64, copy=True)
    b, a, zi = _design(float(rate_hz), float(cutoff_hz))
    y, _ = _lfilter(b, a, x, zi * x[0])
    y = y[::-1]
    y, _ = _lfilter(b, a, y, zi * y[0])
    return y[::-1]


# lfilter's own kernel, called as lfilter calls it (b, a, x, axis, zi): lfilter's argument
# checks cost more than filtering a chunk's few hundred frames, twice per chunk
# (private to scipy: if it is gone or its call changed, lfilter itself does the work)
try:
    from scipy.signal import _sigtools
    _linear_filter = getattr(_sigtools, "_linear_filter", None)
except ImportError:   # pragma: no cover - a scipy without the module
    _linear_filter = None


def _lfilter(b: np.ndarray, a: np.ndarray, x: np.ndarray, zi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    global _linear_filter
    if _linear_filter is not None:
        try:
            return _linear_filter(b, a, x, -1, zi)
        except TypeError:   # its signature changed: use the public call from now on
            _linear_filter = None
    return lfilter(b, a, x, zi=zi)


# rows x channels per block of weighted_sum: under OpenBLAS's threading threshold (9216)
BLAS_BLOCK_ELEMS = 8192


def weighted_sum(v: np.ndarray, w: np.ndarray) -> np.ndarray:
    """v @ w (samples x channels times weights), in blocks of rows small enough that BLAS runs
    each on one thread. A threaded call over an hour of samples leaves OpenBLAS's worker
    spinning for ~0.1 s of CPU after it - a fifth of the whole offline analysis, taken from
    the other core. Each row is the same dot product as in one call, so the numbers are the
    same - except in a block of one row (numpy takes another path there, and its sum can
    differ in the last bit), so a last lone row joins the block before it."""
    n = v.shape[0]
    rows = max(4, BLAS_BLOCK_ELEMS // max(v.shape[1], 1) // 4 * 4)
    if n <= rows:
        return v @ w
    edges = [*range(0, n, rows), n]
    if edges[-1] - edges[-2] == 1:
        del edges[-2]
    out = np.empty(n)
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        np.matmul(v[a:b], w, out=out[a:b])
    return out


# rows per block of frame_means: a block's columns stay in cache between the column adds
FRAME_BLOCK_ROWS = 4096


def frame_means(x: np.ndarray) -> np.ndarray:
    """x.mean(axis=1) of frames x (rows of a few samples), bit for bit: numpy sums a short row
    pairwise (8 partial sums, then the rest in order) but at ~60 ns of overhead per row, 3x
    the work at 1 kHz; here the same additions run down the columns, a block at a time."""
    rows, n = x.shape
    if n > 12 or rows < 32:          # (long rows: numpy's own loop is as fast)
        return x.mean(axis=1)
    out = np.empty(rows)
    for a in range(0, rows, FRAME_BLOCK_ROWS):
        _row_sums(x[a:a + FRAME_BLOCK_ROWS], out[a:a + FRAME_BLOCK_ROWS])
    out /= n
    return out


def _row_sums(x: np.ndarray, out: np.ndarray) -> None:
    n = x.shape[1]
    if n < 8:                        # numpy: in order
        np.copyto(out, x[:, 0])
        for j in range(1, n):
            out += x[:, j]
        return
    # numpy's pairwise_sum of n < 16: ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)), then
    # the rest in order
    c = [x[:, j] for j in range(8)]
    np.add(c[0], c[1], out=out)
    out += c[2] + c[3]
    out += (c[4] + c[5]) + (c[6] + c[7])
    for j in range(8, n):
        out += x[:, j]


def median(x: np.ndarray) -> float:
    """np.median of a 1-d array without its per-call overhead."""
    n = x.size
    h = n // 2
    p = x.copy()                    # (np.partition's own steps, without its wrapper)
    if n % 2:
        p.partition(h)
        return float(p[h])
    p.partition((h - 1, h))
    return float(0.5 * (p[h - 1] + p[h]))


# a normal distribution's SD per median absolute deviation (1 / 0.6745, rounded as it always was)
ROBUST_SD_PER_MAD = 1.4826


def mad(x: np.ndarray, centre: float | np.ndarray | None = None) -> float:
    """Median absolute deviation of x from centre (its median if None; an array: per sample)."""
    return median(np.abs(x - (median(x) if centre is None else centre)))


def robust_sd(x: np.ndarray, centre: float | np.ndarray | None = None) -> float:
    """The SD of x's noise from its median absolute deviation (outliers and brief movements
    move it little): ROBUST_SD_PER_MAD * mad(x, centre)."""
    return ROBUST_SD_PER_MAD * mad(x, centre)


def mean_sd(x: np.ndarray) -> tuple[float, float]:
    """(x.mean(), x.std()) of a 1-d float array, with numpy's own arithmetic (the same sums in
    the same order) but without its per-call overhead: it runs on every quiet run and weighing."""
    n = x.size
    m = np.add.reduce(x) / n        # = x.sum(), without its Python wrapper
    d = x - m
    d *= d
    return float(m), math.sqrt(np.add.reduce(d) / n)


# the last read-only time axis and its half steps: a chunk's times are integrated over a dozen
# times (proving its rest, segmenting it); a read-only array owning its data cannot change
# under the cache (a read-only view's base might)
_last_steps: list[np.ndarray] = []


def half_steps(t: np.ndarray) -> np.ndarray:
    """0.5 * (t[1:] - t[:-1]) (made once per read-only t)."""
    if _last_steps and _last_steps[0] is t:
        return _last_steps[1]
    dt = t[1:] - t[:-1]
    dt *= 0.5
    if not t.flags.writeable and t.flags.owndata:
        dt.flags.writeable = False         # shared from the cache: a write would corrupt it
        _last_steps[:] = [t, dt]
    return dt


# the same for (t - t0) / T: building a chunk integrates its force (integrate.py) and proving
# its rest re-zeroes its velocity (motion.rezeroed), each over the same read-only times
_last_ramp: list[np.ndarray] = []


def ramp(t: np.ndarray) -> np.ndarray:
    """(t - t[0]) / max(t[-1] - t[0], 1e-9): each sample's share of the way (made once per
    read-only t)."""
    if _last_ramp and _last_ramp[0] is t:
        return _last_ramp[1]
    frac = (t - t[0]) / max(float(t[-1] - t[0]), 1e-9)
    if not t.flags.writeable and t.flags.owndata:
        frac.flags.writeable = False       # shared from the cache: a write would corrupt it
        _last_ramp[:] = [t, frac]
    return frac


def cumtrapz(y: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Cumulative trapezoid integral of y over t, starting at 0 (same length as y)."""
    out = np.empty(y.shape, np.float64)
    if y.size:
        out[0] = 0.0
        # 0.5 * (y[1:] + y[:-1]) * dt, summed, as (y[1:] + y[:-1]) * (0.5 * dt): halving is
        # exact (a power of two), so both round the same product - the same numbers, a pass less
        acc = out[1:]
        np.add(y[1:], y[:-1], out=acc)
        acc *= half_steps(t)
        acc.cumsum(out=acc)
    return out


def trapz(y: np.ndarray, t: np.ndarray, dt: np.ndarray | None = None) -> float:
    """Trapezoid integral of y over t (dt: t's steps t[1:] - t[:-1], if the caller has them)."""
    if y.size < 2:
        return 0.0
    # 0.5 * (y[1:] + y[:-1]) * dt, summed: the same operations, in place (twice per rep)
    acc = y[1:] + y[:-1]
    acc *= 0.5
    acc *= t[1:] - t[:-1] if dt is None else dt
    return float(np.add.reduce(acc))


def sign_runs(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs of constant sign of x: (starts, ends exclusive, signs in {-1, 0, 1})."""
    s = np.sign(x).astype(np.int8)
    if s.size == 0:
        e = np.empty(0, np.intp)
        return e, e, np.empty(0, np.int8)
    # (method calls and preallocated outputs: this runs on every chunk, several times)
    change = (s[1:] != s[:-1]).nonzero()[0]
    starts = np.empty(change.size + 1, np.intp)
    starts[0] = 0
    np.add(change, 1, out=starts[1:])
    ends = np.empty_like(starts)
    ends[:-1] = starts[1:]
    ends[-1] = s.size
    return starts, ends, s[starts]


def bool_runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(starts, ends exclusive) of the True runs of a boolean array. Found from the edges
    only (no padded copy of the mask: it runs once over a whole recording in the jump stage)."""
    n = mask.size
    if n == 0:
        e = np.empty(0, np.intp)
        return e, e
    edges = (mask[1:] != mask[:-1]).nonzero()[0] + 1
    up = mask[edges]
    starts, ends = edges[up], edges[~up]
    if mask[0]:
        starts = np.concatenate([np.zeros(1, np.intp), starts])
    if mask[-1]:
        ends = np.concatenate([ends, np.full(1, n, np.intp)])
    return starts, ends


def ahead_max(x: np.ndarray, w: int) -> np.ndarray:
    """Each sample's maximum over the w samples after it (itself excluded; -inf at the end):
    scipy's running maximum, its window shifted to start at the next sample."""
    out = np.full(x.size, -np.inf)
    if x.size > 1 and w > 0:
        out[:-1] = maximum_filter1d(x[1:], w, mode="constant", cval=-np.inf, origin=-(w // 2))
    return out
