"""A measured bar's phase boundaries where its velocity is within the sensor's noise
(measured_edges.py, segment.py): a bar that stops smoothly creeps through its last millimetre
far slower than the noise of its differentiated position, and a bar holding still at the
bottom drifts by the sensor's wander. The first zero crossing of the noisy velocity came early
at a stop and, walking back from a raise, ran into the hold."""

from __future__ import annotations

import numpy as np
import pytest
from test_analysis_edges import _assert_matches_truth, _run

from forceplate.analysis.measured_edges import zero_after


@pytest.mark.parametrize("p", [1.0, 2.0, 3.0])
def test_zero_after_extrapolates_a_power_law_stop(p):
    """v = c * tau^p to the stop at index 400 (1 kHz), then still; white noise SD 2 mm/s. The
    first noisy zero crossing is up to 84 ms early (p = 3); the levels' extrapolation finds the
    stop within 40 ms, and without noise exactly."""
    rng = np.random.default_rng(7)
    i = np.arange(700)
    tau = np.clip((400 - i) / 1000.0, 0.0, None)
    v = 0.3 * (tau / 0.4) ** p
    noisy = v + 0.002 * rng.standard_normal(i.size)
    got = zero_after(noisy, 3 * 0.002)
    assert got is not None
    assert abs(got - 400) <= 40, got
    clean = zero_after(v, 3 * 0.002)
    assert clean is not None and abs(clean - 400) <= 1, clean


def test_zero_after_needs_levels_over_the_noise():
    """A peak not above 4 levels (or no noise level at all) leaves it to the zero walk."""
    v = np.linspace(0.01, 0.0, 50)
    assert zero_after(v, 0.003) is None
    assert zero_after(v, 0.0) is None



def test_zero_after_reads_past_a_stall_that_sank_a_little():
    """A failing raise (1 kHz): 0.3 m/s slowing to a stall at its sticking point, where the bar
    sinks at 1 cm/s for 0.2 s (more than the level), then driven on by a spotter at 0.1 m/s and
    brought to a stop at index 1500. The stall is no end: the phase ends at the stop (classic
    1212's failed rep read 1.4 s early, at the stall, when its stretch was cut at the first
    reversal)."""
    v = np.concatenate((np.linspace(0.3, 0.0, 300), np.full(200, -0.01), np.linspace(0.0, 0.1, 300),
                        np.linspace(0.1, 0.0, 700), np.zeros(300)))
    got = zero_after(v, 3 * 0.002)
    assert got is not None and abs(got - 1500) <= 5, got
    # a reversal after the last point clearly on its way still ends the stretch, and so does
    # a fast one (a whole phase the other way that the direction runs missed: classic 1203)
    # before a movement this way again
    for tail in (np.full(200, -0.05), np.concatenate((np.full(200, -0.05), np.full(200, 0.1)))):
        got = zero_after(np.concatenate((np.linspace(0.3, 0.0, 300), tail)), 3 * 0.002)
        assert got is not None and abs(got - 300) <= 5, got

# a slow, short lowering into a 1-s hold at the bottom, 250 Hz: the lowering's end used to be
# read 0.2-0.3 s late (the hold's wander kept the noisy velocity under zero)
HOLD_250HZ = dict(bar_mass_kg=30.0, travel_m=0.10, pause_bottom_s=1.0, with_position=True,
                  reps_per_set=6, sample_rate_hz=250.0)


@pytest.mark.parametrize("seed", range(1, 13))
def test_position_hold_at_the_bottom_at_250_hz(seed):
    rec, res = _run("slow_negatives", seed, HOLD_250HZ)
    assert {r.phase_source for r in res.reps} == {"position"}
    _assert_matches_truth(rec, res)
