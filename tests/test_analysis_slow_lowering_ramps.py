"""Force only, slow negatives under 25 cm: a slow lowering's start and end from its velocity
ramps (cruise_edges.py), not from where a level error lets the velocity cross zero."""

from __future__ import annotations

import warnings

import numpy as np
from analysis_synth import bench_scenario, boundaries, scored_reps, unassisted_ok

from forceplate.analysis.cruise_edges import (
    RAMP_HI,
    RAMP_LO,
    RAMP_MID_FRAC,
    RAMP_X_HI,
    RAMP_X_LO,
    _leaves_zero,
    _reaches_zero,
    ramp_end,
    ramp_start,
)

RATE = 100.0


def _smooth(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x ** 3 * (10.0 - 15.0 * x + 6.0 * x ** 2)


def _lowering(tilt_m_s: float, t0: float = 2.0, t1: float = 8.0, ramp_s: float = 0.9,
              v_m_s: float = 0.025) -> tuple[np.ndarray, np.ndarray]:
    """A 10-s chunk: top rest, a min-jerk-ramped lowering from t0 to t1 at v_m_s, a raise from
    8.6 s; plus a level error's bend (zero at both rests, as re-zeroing leaves it)."""
    t = np.arange(0.0, 10.0, 1.0 / RATE)
    v = -v_m_s * (_smooth((t - t0) / ramp_s) - _smooth((t - (t1 - ramp_s)) / ramp_s))
    v += 0.08 * np.sin(np.pi * np.clip((t - 8.6) / 1.2, 0.0, 1.0)) ** 2
    return t, v + tilt_m_s * np.sin(np.pi * t / t[-1])


def test_a_tilted_slow_lowering_starts_and_ends_where_its_ramps_say():
    # 25 mm/s for 6 s, a 3-mm/s bend of the integral under it (a few tenths of a newton over the
    # chunk): the velocity is already negative in the top rest and still negative after the
    # bottom, so its zero crossings sit seconds off; the ramps' mid-way crossings barely move
    t, v = _lowering(-0.003)
    peak = int(np.argmin(v[:800]))
    start = ramp_start(v, 0, 150, 850, -1)
    end = ramp_end(v, 900, 150, 850, -1)
    assert start is not None and end is not None
    assert abs(t[start] - 2.0) < 0.1, t[start]
    assert abs(t[end] - 8.0) < 0.1, t[end]
    # the old readings, for the record of the cause
    assert t[_leaves_zero(v, 0, peak, -1)] < 1.0
    assert t[_reaches_zero(v, peak, 900, -1)] > 8.3


def test_a_ramp_start_is_not_placed_before_the_bar_last_moved_up():
    # a sway wave lifts the bar 1 cm/s just before a lowering with a slow launch: extrapolated
    # back, the ramp would start inside the upward half-wave, where the bar was not lowering
    t, v = _lowering(0.0, ramp_s=1.5)
    v = v + 0.01 * np.exp(-0.5 * ((t - 1.7) / 0.12) ** 2)
    start = ramp_start(v, 0, 150, 850, -1)
    assert start is not None
    assert t[start] > 1.7


def test_no_ramp_without_a_crossing():
    t, v = _lowering(0.0)
    assert ramp_start(np.zeros_like(v), 0, 150, 850, -1) is None
    assert ramp_end(v, 100, 0, 50, -1) is None


def test_slow_negatives_set_keeps_its_lowering_starts():
    # wide explore 13021, slow negatives #2: 58 kg, 7.6-cm lowerings of 3.5-5 s after short top
    # rests, the lowering's m*a inside the sway. Its re-zeroed velocity sat under zero in the
    # top rests: the lowering starts read 0.4-1.4 s early where it left zero
    sc = bench_scenario(13021, "slow_negatives", 2, world="wide")
    reps = [(tr, r) for tr, r in scored_reps(sc) if r is not None]
    starts = sum(unassisted_ok(*boundaries(r, tr)[0]) for tr, r in reps)
    assert starts >= 9, starts


def test_slow_negatives_set_keeps_its_lowering_ends():
    # wide explore 13045, slow negatives #0: 179 kg, 11-cm lowerings of 6.6-7.9 s. Their braking
    # sits inside the sway band; the re-zeroed velocity, tilted by the level error, reached zero
    # 0.4-0.6 s off the bottom in 7 of 12 reps
    sc = bench_scenario(13045, "slow_negatives", 0, world="wide")
    reps = [(tr, r) for tr, r in scored_reps(sc) if r is not None]
    ends = sum(unassisted_ok(*boundaries(r, tr)[1]) for tr, r in reps)
    assert ends >= 10, ends


def _steps(t: np.ndarray, steps: list[tuple[float, float, float]]) -> np.ndarray:
    """A lowering's velocity (down is negative) as a sum of min-jerk steps (share of the
    cruise, start s, duration s) at a 25-mm/s cruise, with a raise launching after it."""
    v = np.zeros_like(t)
    for share, t0, dur in steps:
        v -= 0.025 * share * _smooth((t - t0) / dur)
    return v


def test_a_two_speed_lowering_has_no_ramp_start():
    # 40 % of the cruise for 1.2 s, then the rest: the 60 % crossing is the second step's, the
    # 25 % crossing the first's; extrapolated as one ramp the start ran 1.7 s early. Its 42.5 %
    # crossing sits at the span's far end, not mid-way: no ramp, the zero crossing serves
    t = np.arange(0.0, 14.0, 1.0 / 250.0)
    v = _steps(t, [(0.4, 5.0, 0.6), (0.6, 6.2, 0.6), (-1.0, 11.1, 0.9)])
    v += 0.08 * np.sin(np.pi * np.clip((t - 12.6) / 1.2, 0.0, 1.0)) ** 2
    assert ramp_start(v, 0, 1250, 3000, -1) is None


def test_a_lowering_slowing_into_the_bottom_has_no_ramp_end():
    # full speed, then 40 % of it for 2 s before the bottom: the braking's 60 % and 25 %
    # crossings belong to two different steps
    t = np.arange(0.0, 12.0, 1.0 / 250.0)
    v = _steps(t, [(1.0, 2.0, 0.6), (-0.6, 5.0, 0.6), (-0.4, 7.1, 0.9)])
    v += 0.08 * np.sin(np.pi * np.clip((t - 9.5) / 1.2, 0.0, 1.0)) ** 2
    assert ramp_end(v, 2500, 500, 2000, -1) is None


def test_linear_and_cosine_ramps_pass_the_shape_check():
    t = np.arange(0.0, 10.0, 1.0 / RATE)
    linear = -0.025 * np.interp(t, [2.0, 2.9, 7.1, 8.0], [0.0, 1.0, 1.0, 0.0])
    cosine = -0.025 * 0.5 * (1.0 - np.cos(np.pi * np.interp(t, [2.0, 2.9, 7.1, 8.0], [0.0, 1.0, 1.0, 0.0])))
    for v in (linear, cosine):
        assert ramp_start(v, 0, 150, 850, -1) is not None
        assert ramp_end(v, 900, 150, 850, -1) is not None
    # the cosine's ramp is near the min-jerk step's, and so is its extrapolation
    start, end = ramp_start(cosine, 0, 150, 850, -1), ramp_end(cosine, 900, 150, 850, -1)
    assert start is not None and end is not None
    assert abs(t[start] - 2.0) < 0.15 and abs(t[end] - 8.0) < 0.15, (t[start], t[end])


def test_a_sway_cycle_in_the_top_rest_does_not_pull_the_start_early():
    # one 0.7-Hz sway cycle of 8 mm/s in the top rest, a 12-mm/s lowering from 3 s: the
    # cycle's downward half crosses 60 % of the cruise, and the last low point before it
    # extrapolated the start 2.7 s early. The lowering starts after the cycle's upward half
    t, v = _lowering(0.0, t0=3.0, v_m_s=0.012)
    v = v - 0.008 * np.sin(2 * np.pi * 0.7 * (t - 0.5)) * ((t > 0.5) & (t < 0.5 + 1 / 0.7))
    start = ramp_start(v, 0, 290, 850, -1)
    assert start is not None
    assert abs(t[start] - 3.0) < 0.1, t[start]


def test_ramp_edges_stay_inside_the_array():
    # a search bound past the data's end: the extrapolated end must not index past it
    v = np.array([0.0, -1.0, -1.0, -0.5, -0.1, 0.0])
    end = ramp_end(v, 100, 0, 6, -1)
    assert end is None or end < v.size
    assert ramp_start(v, 0, 0, 100, -1) in (None, 0)


def test_a_non_finite_velocity_has_no_ramp_and_no_warning():
    t, v = _lowering(0.0)
    v[400] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ramp_start(v, 0, 150, 850, -1) is None
        assert ramp_end(v, 900, 150, 850, -1) is None


def test_the_step_crossings_are_the_min_jerk_steps():
    for x, level in ((RAMP_X_LO, RAMP_LO), (RAMP_X_HI, RAMP_HI)):
        assert abs(float(_smooth(np.array(x))) - level) < 1e-9
    assert 0.5 < RAMP_MID_FRAC < 0.53   # the min-jerk step's, between a linear ramp's and a cosine's


def test_a_slow_lowering_after_an_unproven_top_starts_where_its_ramp_says():
    # two 12-mm/s reps in one chunk with a 2.5-s top between them (no rest the chunking could
    # prove): rep 2's start comes from the turn after rep 1's raise, where a 2-mm/s bend of
    # the integral let the velocity leave zero 2.5 s early (at the raise's end); its launch
    # ramp is still clean
    from forceplate.analysis.integrate import Chunk
    from forceplate.analysis.segment import find_reps

    rate, m = 1000.0, 80.0
    t = np.arange(0.0, 19.5, 1.0 / rate)

    def plateau(t0: float, t1: float, ramp_s: float, v_m_s: float) -> np.ndarray:
        return v_m_s * (_smooth((t - t0) / ramp_s) - _smooth((t - (t1 - ramp_s)) / ramp_s))

    def raise_for(low: np.ndarray, t0: float, t1: float) -> np.ndarray:
        u = plateau(t0, t1, 0.5, 1.0)
        return -float(np.trapezoid(low, t)) / float(np.trapezoid(u, t)) * u

    l1, l2 = -plateau(0.8, 6.8, 0.9, 0.012), -plateau(11.0, 17.0, 0.9, 0.012)
    for tilt in (-0.002, 0.002):
        v = l1 + raise_for(l1, 7.3, 8.5) + l2 + raise_for(l2, 17.5, 18.7)
        v = v + tilt * np.sin(np.pi * t / t[-1])
        fk = m * (9.81 + np.gradient(v, t))
        ch = Chunk(t=t, fk=fk, level0_n=m * 9.81, level1_n=m * 9.81, mass_kg=m, band_n=8.0,
                   rate_hz=rate, spotter_expected=False)
        reps = find_reps(ch).reps
        assert len(reps) == 2, tilt
        # the unassisted tolerance of a 6-s lowering: 6 % of it
        assert abs(t[reps[1].ecc_start] - 11.0) < 0.36, (tilt, t[reps[1].ecc_start])


def _cubic(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


def test_a_ramp_edge_holds_for_a_minimum_jerk_ease_as_for_the_quintic():
    # the same 6-s lowering with 1.5-s ramps, eased by the simulator's quintic and by a human's
    # minimum-jerk cubic: both extrapolated edges within 0.1 of the ramp time (the quintic's
    # own tail put the cubic's 0.22 s early and late, now 0.13; the quintic's 0.04 -> 0.03)
    t = np.arange(0.0, 12.0, 1.0 / RATE)
    ramp_s = 1.5
    for step in (_smooth, _cubic):
        v = -0.025 * (step((t - 3.0) / ramp_s) - step((t - (9.0 - ramp_s)) / ramp_s))
        start = ramp_start(v, 0, 250, 950, -1)
        end = ramp_end(v, 1150, 250, 950, -1)
        assert start is not None and end is not None
        assert abs(t[start] - 3.0) < 0.1 * ramp_s, (step.__name__, t[start])
        assert abs(t[end] - 9.0) < 0.1 * ramp_s, (step.__name__, t[end])


def test_a_force_flank_edge_holds_for_a_minimum_jerk_ease_as_for_the_quintic():
    # a launch's force hump over a 100-frame span: x^2(1-x)^2 (quintic speed step) and x(1-x)
    # (minimum-jerk step); its flank extrapolated to zero within 0.045 of the span either way
    # (the quintic's own 1.77 began the minimum-jerk hump 7 frames early)
    from forceplate.analysis.force_humps import flank_edge
    x = np.clip((np.arange(300.0) - 100.0) / 100.0, 0.0, 1.0)
    for hump in (x * x * (1.0 - x) ** 2, x * (1.0 - x)):
        d = hump / hump.max() * 20.0
        s = flank_edge(d, 0, 300, 1, leading=True)
        e = flank_edge(d, 0, 300, 1, leading=False)
        assert s is not None and e is not None
        assert abs(s - 100) <= 4.5, s
        assert abs(e - 200) <= 4.5, e
