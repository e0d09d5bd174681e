"""Stage 7, measure: per-phase force and velocity metrics of each rep found in a chunk.
Force metrics are always given: between two instants of zero velocity the mean force equals
m*g minus the spotter's mean help, so the plate measures it per phase; velocity metrics only
where the velocity is valid (not on a spotter-touched side)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from forceplate.analysis.events import PhaseMetrics
from forceplate.analysis.integrate import SPOTTER_MIN_N, Chunk, ChunkResult, RepBounds
from forceplate.analysis.metrics import load_ratio, phase_metrics, smooth_force


@dataclass(frozen=True, slots=True)
class Measured:
    bounds: RepBounds         # assisted relabelled from a measured spotter force, if any
    times: tuple[float, float, float, float]   # ecc start, ecc end, con start, con end (s)
    eccentric: PhaseMetrics
    concentric: PhaseMetrics
    ratio: float              # eccentric : concentric mean load


def measure_reps(ch: Chunk, res: ChunkResult, t: np.ndarray, f: np.ndarray, rate_hz: float,
                 system_w: float, body_w: float) -> list[Measured]:
    """Metrics of res's reps over the samples (t, tared force f) of the chunk."""
    fs = smooth_force(f, rate_hz)
    times = [[float(ch.t[i]) for i in (rb.ecc_start, rb.ecc_end, rb.con_start, rb.con_end)] for rb in res.reps]
    v_samples = _velocity_at(t, ch.t, res.velocity_m_s, [ts for ts in times if ts[0] < ts[1] <= ts[2] < ts[3]])
    out: list[Measured] = []
    for rb, ts in zip(res.reps, times, strict=True):
        if not ts[0] < ts[1] <= ts[2] < ts[3]:
            continue
        ve = v_samples if rb.ecc_velocity_valid else None
        vc = v_samples if rb.con_velocity_valid else None
        ecc = phase_metrics(t, f, fs, ve, ts[0], ts[1], system_w, body_w)
        con = phase_metrics(t, f, fs, vc, ts[2], ts[3], system_w, body_w)
        if ch.spotter_n is not None:
            # measured: which phases the spotter helped (or pushed) in
            e_ecc = np.abs(ch.spotter_n[rb.ecc_start:rb.ecc_end + 1]).mean()
            e_con = np.abs(ch.spotter_n[rb.con_start:rb.con_end + 1]).mean()
            helped = [e_ecc > SPOTTER_MIN_N / 2, e_con > SPOTTER_MIN_N / 2]
            assisted = {(True, True): "both", (True, False): "lowering",
                        (False, True): "raising"}.get((helped[0], helped[1]), "none")
            rb = replace(rb, assisted=assisted)
        out.append(Measured(rb, (ts[0], ts[1], ts[2], ts[3]), ecc, con, load_ratio(ecc, con)))
    return out


def _velocity_at(t: np.ndarray, t_frames: np.ndarray, v_frames: np.ndarray,
                 times: list[list[float]]) -> np.ndarray:
    """The velocity at the samples t, interpolated from the frames, over the samples from the
    first phase's start to the last one's end (the rest is never read: left unset). Each
    sample's value is the same whatever the span; the rests around the reps are skipped."""
    out = np.empty(t.size)
    if times:
        a = min(int(t.searchsorted(min(ts[0] for ts in times))), t.size - 1)
        b = min(int(t.searchsorted(max(ts[3] for ts in times))) + 1, t.size)
        out[a:b] = np.interp(t[a:b], t_frames, v_frames)
    return out
