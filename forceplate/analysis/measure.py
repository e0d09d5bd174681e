"""Stage 7, measure: per-phase force and velocity metrics of each rep found in a chunk.
Force metrics are always given: between two instants of zero velocity the mean force equals
m*g minus the spotter's mean help, so the plate measures it per phase; velocity metrics only
where the velocity is valid (not on a spotter-touched side).
The reps of many chunks are measured at once (the judge stage hands over the chunks of a set,
or of one block fed live): each chunk's samples that hold its phases are put end to end and
every phase's figures come out of one pass of numpy over them (phase_block.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from forceplate.analysis.events import PhaseMetrics
from forceplate.analysis.integrate import SPOTTER_MIN_N, Chunk, ChunkResult, RepBounds
from forceplate.analysis.metrics import load_ratio, smooth_force_into
from forceplate.analysis.phase_block import Phase, block_metrics, phase_bounds

Times = tuple[float, float, float, float]   # ecc start, ecc end, con start, con end (s)


@dataclass(frozen=True, slots=True)
class Measured:
    bounds: RepBounds         # assisted relabelled from a measured spotter force, if any
    times: Times
    eccentric: PhaseMetrics
    concentric: PhaseMetrics
    ratio: float              # eccentric : concentric mean load


@dataclass(frozen=True, slots=True)
class ToMeasure:
    """A chunk's reps to measure: over its samples t and tared force f (N)."""
    ch: Chunk
    res: ChunkResult
    reps: list[tuple[RepBounds, Times]]   # the reps with ordered phases (measured_reps)
    t: np.ndarray
    f: np.ndarray
    system_w: float           # lifter + bar weight, N
    body_w: float             # lifter's weight, N (0 with no bar: the body is the load)
    no_bar: bool = False      # a bodyweight movement (no_bar.py): the load is the body
    unseen: bool = False      # no bar seen taken, no bodyweight exercise set up: check weighing


def measured_reps(ch: Chunk, res: ChunkResult) -> list[tuple[RepBounds, Times]]:
    """The reps of res that can be measured (ordered phases: ecc start < end <= con start < end)."""
    out = []
    for rb in res.reps:
        a, b, c, d = (float(ch.t[i]) for i in (rb.ecc_start, rb.ecc_end, rb.con_start, rb.con_end))
        d += rb.con_end_past_s
        if a < b <= c < d:
            out.append((rb, (a, b, c, d)))
    return out


def measure_chunks(items: list[ToMeasure], rate_hz: float) -> list[list[Measured]]:
    """Metrics of each item's reps."""
    spans, lo, hi, body, phases = [], [], [], [], []
    at = 0
    for it in items:
        ph: list[Phase] = [p for rb, tm in it.reps for p in ((tm[0], tm[1], rb.ecc_velocity_valid),
                                                             (tm[2], tm[3], rb.con_velocity_valid))]
        if not ph:
            continue
        i, j = phase_bounds(it.t, ph)
        a, b = min(i), min(max(j) + 1, it.t.size)     # (= span(i, j, size), on a few ints)
        spans.append((it, a, b, at))
        lo += [x - a + at for x in i]
        hi += [x - a + at for x in j]
        at += b - a
        body += [it.body_w] * len(ph)
        phases += ph
    if not phases:
        return [[] for _ in items]
    # each chunk's stretch put straight into one buffer per quantity (no copies to join)
    tt, ff, ss, vv, yy = (np.empty(at) for _ in range(5))
    for it, a, b, k in spans:
        tt[k:k + b - a] = it.t[a:b]
        ff[k:k + b - a] = it.f[a:b]
        smooth_force_into(it.f, rate_hz, a, b, ss[k:k + b - a])   # the box over the chunk (its ends as ever)
        vv[k:k + b - a] = np.interp(it.t[a:b], it.ch.t, it.res.velocity_m_s)
        np.subtract(it.f[a:b], it.system_w, out=yy[k:k + b - a])   # F - m_system*g, chunk by chunk
    pm = iter(block_metrics(tt, ff, ss, vv, np.array(lo, np.intp), np.array(hi, np.intp), phases, 0.0, body, y=yy))
    out = []
    for it in items:
        got = []
        for rb, tm in it.reps:
            ecc, con = next(pm), next(pm)
            if it.ch.spotter_n is not None:
                rb = replace(rb, assisted=_assisted(it.ch.spotter_n, rb))
            got.append(Measured(rb, tm, ecc, con, load_ratio(ecc, con)))
        out.append(got)
    return out


def _assisted(spotter_n: np.ndarray, rb: RepBounds) -> str:
    """Measured: which phases the spotter helped (or pushed) in."""
    e_ecc = np.abs(spotter_n[rb.ecc_start:rb.ecc_end + 1]).mean()
    e_con = np.abs(spotter_n[rb.con_start:rb.con_end + 1]).mean()
    helped = (bool(e_ecc > SPOTTER_MIN_N / 2), bool(e_con > SPOTTER_MIN_N / 2))
    return {(True, True): "both", (True, False): "lowering", (False, True): "raising"}.get(helped, "none")
