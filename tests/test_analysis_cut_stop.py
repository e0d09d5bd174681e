"""Force only: a raise's rest proven while its stop still brakes (the force under m*g, inside the
band) cuts the braking hump off at the chunk's end. A smooth stop's braking hump is symmetric, so
the stop lies as far past the hump's peak as the hump's start lies before it
(force_humps.stop_past_end); the raise's end is put there, past the chunk."""

from __future__ import annotations

import numpy as np
from analysis_synth import bench_scenario, scored_reps

from forceplate.analysis.force_humps import stop_past_end


def _hump(n_frames: int, start: int, width: int, peak_n: float) -> np.ndarray:
    """d (N) per frame: zero, then a braking hump -peak_n * 16 x^2 (1-x)^2 over width frames."""
    d = np.zeros(n_frames)
    x = np.arange(width) / width
    end = min(start + width, n_frames)
    d[start:end] = (-peak_n * 16.0 * x * x * (1.0 - x) ** 2)[:end - start]
    return d


def test_a_cut_off_hump_ends_as_far_past_its_peak_as_it_began_before():
    # a 100-frame hump from frame 50 (peak at 100), cut 20 frames after its peak
    # 100 kg, 10 N over 1 s: an impulse of 5.33 N*s stops a bar rising at 0.053 m/s
    d = _hump(121, 50, 100, 10.0)
    v = np.full(d.size, 0.0533)
    assert abs(stop_past_end(d, v, 40, 5.0, 100.0, 100.0) - 30) <= 2
    # through sway and noise of a third of its height
    noisy = d + np.random.default_rng(1).normal(0.0, 3.0, d.size)
    assert abs(stop_past_end(noisy, v, 40, 5.0, 100.0, 100.0) - 30) <= 5
    # seen to its end: nothing past
    assert stop_past_end(_hump(200, 50, 100, 10.0), v, 40, 5.0, 100.0, 100.0) == 0
    # under the floor: sway, not a braking
    assert stop_past_end(d, v, 40, 20.0, 100.0, 100.0) == 0
    # twice the impulse the bar's speed needs: not a stop (a spotter's help, a level error)
    assert stop_past_end(d, 0.5 * v, 40, 5.0, 100.0, 100.0) == 0


def test_a_raise_cut_by_its_rest_ends_past_the_chunk():
    # wide 8003, second beyond-failure lifter (135 kg, 26 cm): the fifth rep's rest was proven
    # 0.39 s before the bar stopped (8 mm/s left, 7 N of braking under 10 N of sway)
    sc = bench_scenario(8003, "beyond_failure", 1, world="wide")
    pairs = scored_reps(sc)
    tr, got = next((tr, got) for tr, got in pairs if abs(tr.ecc_start_s - 36.24) < 0.05)
    assert got is not None
    assert abs(got.concentric.end_s - tr.con_end_s) <= max(0.15, 0.06 * tr.con_duration_s)
