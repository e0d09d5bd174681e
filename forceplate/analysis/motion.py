"""Shared by the segment stage (unassisted reps) and assisted.py: runs of one direction of
motion in a velocity, and the humps of the low-passed force around them. At a smooth start or
stop the acceleration (force) leaves zero long before the velocity does, so boundaries are
refined on the force."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from forceplate.analysis.sigproc import bool_runs, cumtrapz, ramp, sign_runs

# --- thresholds ------------------------------------------------------------------------------
FORCE_CUTOFF_HZ = 8.0       # Hz, low-pass for boundary refinement (movement is < 3 Hz, tremor 8-12)
MIN_TRAVEL_M = 0.02         # m, a direction run moving less than this is not a phase (sway is mm)
REL_TRAVEL = 0.25           # ... nor one moving less than this share of the chunk's largest
HUMP_REL = 0.25             # a launching/stopping hump: over this share of its own peak (a sway
                            # wave before the movement is smaller)
EDGE_REL = 0.5              # a phase edge: where the force hump falls to this share of the band
HOLD_REL = 0.5              # a hold's edges: where the humps fall to this share of the band
ONSET_REL = 0.1             # a movement has started once it reaches this share of its peak speed
SMOOTH_PEAK_ACC = 5.8       # a smooth (min-jerk-like) phase's peak acceleration, in units of D/T^2


def _start_of_hump(d: np.ndarray, lo: int, hi: int, sign: int, band: float,
                   rel: float = HUMP_REL) -> int | None:
    """Where a force hump of the given sign (0: either) that first exceeds the band in [lo, hi)
    starts: the last zero crossing before it (not before lo)."""
    if hi <= lo:
        return None
    seg = d[lo:hi]
    if sign == 0:
        over = (abs(seg) > band).nonzero()[0]
        if over.size == 0:
            return None
        sign = 1 if seg[over[0]] > 0 else -1
    # the hump must stand out of the band and be a good part of its own peak: a sway wave
    # before the movement is not its start
    sseg = sign * seg
    level = max(band, rel * float(np.maximum.reduce(sseg)))   # (= .max(), without its wrapper)
    over = (sseg > level).nonzero()[0]
    if over.size == 0:
        return None
    i = int(over[0])
    back = (sseg[:i] <= EDGE_REL * band).nonzero()[0]
    return lo + (int(back[-1]) + 1 if back.size else 0)


def _end_of_hump(d: np.ndarray, lo: int, hi: int, sign: int, band: float, stop: int,
                 rel: float = HUMP_REL) -> int | None:
    """Where the last hump of the given sign (0: either) over the band in [lo, hi) ends: the
    first zero crossing after it (searching up to stop)."""
    if hi <= lo:
        return None
    seg = d[lo:hi]
    if sign == 0:
        over = (abs(seg) > band).nonzero()[0]
        if over.size == 0:
            return None
        sign = 1 if seg[over[-1]] > 0 else -1
    sseg = sign * seg
    level = max(band, rel * float(np.maximum.reduce(sseg)))
    over = (sseg > level).nonzero()[0]
    if over.size == 0:
        return None
    i = lo + int(over[-1])
    fwd = (sign * d[i:stop] <= EDGE_REL * band).nonzero()[0]
    return i + int(fwd[0]) if fwd.size else None


@dataclass(frozen=True, slots=True)
class _Run:
    start: int
    end: int      # exclusive
    sign: int
    peak: int     # index of max |v|


# the last calls' (velocity, times, rel, runs): looking for a lowering hidden in the top rest
# (rests._rezeroed_signs), proving a rest (proof.last_moved_up) and segmenting its chunk
# (segment.find_reps) ask for the runs of the same re-zeroed velocity, with other calls between
_RUNS_CACHED = 4
_last_runs: list[tuple[np.ndarray, np.ndarray, float, tuple[_Run, ...]]] = []
# the same three re-zero the same chunk velocity and integrate it: (v, residual, t, v re-zeroed)
# and (v, t, displacement), kept for arrays that cannot change (read-only, owning their data)
_last_rezeroed: list[tuple[np.ndarray, str, np.ndarray, np.ndarray]] = []
_last_disp: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []


def _fixed(x: np.ndarray) -> bool:
    return not x.flags.writeable and x.flags.owndata


def zeroed_at_end(v: np.ndarray) -> np.ndarray:
    """v (0 at its first frame, a still bar) with the line to its last value removed: zero at
    both ends, which the bar is still at, so a constant level error is gone (frames equally
    spaced)."""
    return v - v[-1] * np.linspace(0.0, 1.0, v.size)


def rezeroed(v: np.ndarray, residual: float, t: np.ndarray) -> np.ndarray:
    """v - residual * ((t - t0) / T): the velocity re-zeroed at both rests (a constant level
    error removed, its residual spread evenly over the chunk). Read-only when v and t are."""
    key = float(residual).hex()           # (-0.0 and 0.0 give zeros of other signs)
    for last in _last_rezeroed:
        if last[0] is v and last[2] is t and last[1] == key:
            return last[3]
    vz = v - residual * ramp(t)
    if _fixed(v) and _fixed(t):
        vz.flags.writeable = False
        _last_rezeroed.append((v, key, t, vz))
        del _last_rezeroed[:-_RUNS_CACHED]
    return vz


def displacement(v: np.ndarray, t: np.ndarray) -> np.ndarray:
    """cumtrapz(v, t); read-only (and made once) when v and t are."""
    for last in _last_disp:
        if last[0] is v and last[1] is t:
            return last[2]
    s = cumtrapz(v, t)
    if _fixed(v) and _fixed(t):
        s.flags.writeable = False
        _last_disp.append((v, t, s))
        del _last_disp[:-_RUNS_CACHED]
    return s


def direction_runs(v: np.ndarray, t: np.ndarray, rel: float = REL_TRAVEL,
                   s: np.ndarray | None = None) -> list[_Run]:
    """Runs of one direction of motion that travel far enough to be a phase; same-direction
    runs separated only by jitter are merged. s: the displacement cumtrapz(v, t), if the
    caller has it."""
    for last in _last_runs:
        # (the same array, or shape and last value first: array_equal is slow)
        if last[1] is t and last[2] == rel and (last[0] is v or (
                last[0].shape == v.shape and (v.size == 0 or last[0][-1] == v[-1])
                and bool((last[0] == v).all()))):
            return list(last[3])
    runs = _direction_runs(v, t, rel, s)
    _last_runs.append((v if _fixed(v) else v.copy(), t, rel, tuple(runs)))
    del _last_runs[:-_RUNS_CACHED]
    return runs


FEW_RUNS = 32   # sign runs up to which _direction_runs picks the phase-sized ones in Python: a
                # chunk's velocity has a handful, and a dozen numpy calls on them cost more


def _direction_runs(v: np.ndarray, t: np.ndarray, rel: float, s: np.ndarray | None) -> list[_Run]:
    starts, ends, signs = sign_runs(v)
    if starts.size == 0:
        return []
    if s is None:
        s = displacement(v, t)
    kept: Iterable[tuple[int, int, int]]
    if s.size == v.size:
        # each run's travel |s[end] - s[start]|, the last end clipped to the last sample: a
        # run ends where the next starts, so one gather of s at the edges (the same numbers)
        edge = np.empty(starts.size + 1, np.intp)
        edge[:-1] = starts
        edge[-1] = s.size - 1
        at = s[edge]
        travel = at[1:] - at[:-1]
        np.abs(travel, out=travel)
    else:
        travel = np.abs(s[np.minimum(ends, s.size - 1)] - s[starts])
    if starts.size <= FEW_RUNS:
        kept = _kept_few(s, starts.tolist(), ends.tolist(), signs.tolist(), rel, travel.tolist())
    else:
        keep = (travel >= max(MIN_TRAVEL_M, rel * float(travel.max()))) & (signs != 0)
        kept = zip(starts[keep].tolist(), ends[keep].tolist(), signs[keep].tolist(), strict=True)
    runs: list[_Run] = []
    # at rest the velocity jitters about zero in many short runs: loop over the kept ones only
    for a, b, sg in kept:
        if runs and runs[-1].sign == sg:
            prev = runs[-1]
            runs[-1] = _Run(prev.start, b, sg, prev.start + int(abs(v[prev.start:b]).argmax()))
        else:
            # one sign all through the run: max |v| is max v or min v (the first of it, as argmax)
            w = v[a:b]
            runs.append(_Run(a, b, sg, a + int(w.argmax() if sg > 0 else w.argmin())))
    return runs


def _kept_few(s: np.ndarray, starts: list[int], ends: list[int], signs: list[int],
              rel: float, travel: list[float] | None = None) -> list[tuple[int, int, int]]:
    """_direction_runs' choice for a few runs, the same numbers: each run's travel |s[end] -
    s[start]| (end clipped to the last sample; given, if the caller has it) against
    max(MIN_TRAVEL_M, rel * the largest), NaN anywhere making the largest NaN (as numpy's
    max does)."""
    if travel is None:
        last = s.size - 1
        travel = [abs(s[min(b, last)] - s[a]) for a, b in zip(starts, ends, strict=True)]
    top = max(travel)
    total = sum(travel)       # (travels are >= 0: NaN only from a NaN, one pass in C)
    if total != total:
        top = np.float64(np.nan)
    thr = max(MIN_TRAVEL_M, rel * float(top))
    return [(a, b, g) for a, b, g, x in zip(starts, ends, signs, travel, strict=True) if x >= thr and g != 0]


def _half_speed(v: np.ndarray, run: _Run, after_peak: bool) -> int:
    """Index where |v| is at half the run's peak, on the far side of the peak (after_peak)
    or the near side: a point safely inside the phase's braking (or launch) hump. The outermost
    crossing, so that a sticking point (the speed sagging mid-phase) stays inside the phase."""
    half = 0.5 * abs(float(v[run.peak]))
    if after_peak:
        idx = (abs(v[run.peak:run.end]) >= half).nonzero()[0]
        return run.peak + (int(idx[-1]) + 1 if idx.size else 0)
    idx = (abs(v[run.start:run.peak + 1]) >= half).nonzero()[0]
    return run.start + (int(idx[0]) - 1 if idx.size else run.peak - run.start)


def _gaps(d: np.ndarray, lo: int, hi: int, band: float, min_len: int) -> list[tuple[int, int]]:
    """Stretches inside [lo, hi) where the force is back inside the band, between two humps."""
    if hi - lo < 3:
        return []
    out = np.abs(d[lo:hi]) > band
    starts, ends = bool_runs(~out)
    return [(lo + int(a), lo + int(b)) for a, b in zip(starts, ends, strict=True)
            if a > 0 and b < out.size and b - a >= min_len]


def _hold(d: np.ndarray, gap: tuple[int, int], band: float, hump: int = 0) -> tuple[int, int]:
    """A hold at the turnaround: from where the stopping hump fades into the band to where the
    next hump starts to rise out of it (hump: their sign, 0 if unknown)."""
    ga, gb = gap
    w = d[ga:gb] * hump if hump else np.abs(d[ga:gb])
    quiet = (w <= HOLD_REL * band).nonzero()[0]
    if quiet.size == 0:
        mid = (ga + gb) // 2
        return mid, mid
    return ga + int(quiet[0]), ga + int(quiet[-1]) + 1


def raised_last(pos: np.ndarray, t: np.ndarray, k: int, still_v_m_s: float) -> bool:
    """A measured bar (low-passed position pos) still over its last k samples (under
    still_v_m_s) right after a lowering and a raise of a phase's distance: racked there, the
    raise ended the set's last rep wherever it stopped - a failing last rep racked from 55 % of
    the way up (3 of 5.5 cm) is a rep, though no top (a rest asks two thirds)."""
    k = min(pos.size - 1, k)
    if k < 1 or abs(float(pos[-1] - pos[-1 - k])) / float(t[-1] - t[-1 - k]) >= still_v_m_s:
        return False
    runs = direction_runs(np.gradient(pos, t), t)
    return len(runs) >= 2 and runs[-1].sign > 0 and runs[-2].sign < 0


def split_low_tops(v: np.ndarray, t: np.ndarray, runs: list[_Run], hold_s: float,
                   still_m: float) -> list[_Run]:
    """A measured bar (v from its position): a lowering run that holds a raise of a phase's
    distance (MIN_TRAVEL_M), ended in a still hold of hold_s (moving under still_m across it)
    and followed by a lowering of a phase's size (REL_TRAVEL of the chunk's largest run), is
    two reps' lowerings with a top between them, however far below the last top it stopped:
    from a top the bar goes down, from a stall (beyond failure) or a bottom pause it goes up.
    Lockouts differ from rep to rep (a 2-3.6 cm raise after a 10-15 cm lowering, held
    still for 1-2 s, then lowered again); the chunk's run filter (REL_TRAVEL) dropped such a
    raise and the two reps were read as one."""
    if not runs or not any(r.sign < 0 for r in runs):
        return runs
    s = displacement(v, t)
    last = s.size - 1
    fine = direction_runs(v, t, rel=0.0, s=s)
    travel = [abs(float(s[min(r.end, last)] - s[r.start])) for r in runs]
    need = max(MIN_TRAVEL_M, REL_TRAVEL * max(travel))

    def run(a: int, b: int, sign: int) -> _Run:
        return _Run(a, b, sign, a + int(np.abs(v[a:b]).argmax()))

    out: list[_Run] = []
    for r in runs:
        if r.sign > 0:
            out.append(r)
            continue
        cur = r
        for k, up in enumerate(fine[:-1]):
            down = fine[k + 1]
            if (up.sign < 0 or down.sign > 0 or up.start <= cur.start or down.end > cur.end
                    or float(t[down.start] - t[min(up.end, last)]) < hold_s
                    or abs(float(s[down.start] - s[min(up.end, last)])) >= still_m
                    or float(s[cur.start] - s[up.start]) < need
                    or float(s[down.start] - s[min(down.end, last)]) < need):
                continue
            out += [run(cur.start, up.start, -1), run(up.start, up.end, 1)]
            cur = run(down.start, cur.end, -1)
        out.append(cur)
    return out
