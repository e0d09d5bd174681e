"""Assisted reps with a spotter plate on light, short lifts: the top a measured lift ends into
(proof.py), and tops where the spotter plate shows the spotter's hands off the bar
(rest_checks._still_braking, late_rests._retest_late)."""

from __future__ import annotations

from forceplate.analysis import AnalysisConfig, analyse
from forceplate.simulator import Scenario, simulate


def _matched(sc: Scenario) -> tuple[int, int]:
    """(true reps, true reps with a found rep whose lowering starts within half the rep)."""
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method(sc.method))
    starts = [r.eccentric.start_s for r in res.reps]
    hit = 0
    for tr in rec.truth.reps:
        near = min((abs(s - tr.ecc_start_s) for s in starts), default=float("inf"))
        hit += near <= 0.5 * (tr.con_end_s - tr.ecc_start_s)
    return len(rec.truth.reps), hit


def test_short_slow_lifts_tops_proven_by_the_lift_that_ends_into_them():
    # 132 kg on the plate, 7-cm lifts lowered in 3.5 s and lifted by a 30-40-N spotter over
    # 5 s (wide 8008): F + E's residual over a 10-s chunk (a 1.3-N rest-level error: 0.1 m/s)
    # is as large as the lift's own peak, so the quiet run the measured lift ended into was
    # refused as a top, and with it every later top of the set (6 of 28 reps lost)
    sc = Scenario(seed=1333664798, method="beyond_failure", body_mass_kg=117.64, bar_mass_kg=14.687,
                  n_sets=2, reps_per_set=8, negatives=5, ecc_s=0.8657, pause_bottom_s=1.3387,
                  con_s=2.63, rest_top_s=0.9038, negative_ecc_s=3.3045, tempo_spread=0.1518,
                  fatigue=1.2596, stall_s=1.2762, travel_m=0.07327, lockout_spread_m=0.009657,
                  sample_rate_hz=250.0, n_cells=1, noise_sd_n=3.854, drift_n_per_s=0.03157, sway=1.561,
                  spotter_share=0.2554, spotter_mass_kg=105.82, spotter_uneven=0.09383,
                  with_spotter_plate=True, empty_s=1.53, stand_s=1.55, settle_s=2.11,
                  rest_between_sets_s=7.53)
    true, hit = _matched(sc)
    assert true == 28
    assert hit >= 27


def test_forced_negative_tops_where_the_spotter_plate_shows_no_hands():
    # 56 kg on the plate, 7-cm lowerings pushed by 6-20 N, raises of 2.7-5 s (wide 8014): the
    # raises' braking (4.5 N under m*g in a 6-N band) passed for the top, and a slow raise's
    # quiet cruise ran into the top rest, never retested - the spotter's hands might have held
    # the bar there. The spotter plate reads the spotter's weight over those windows: no hands
    # on the bar, the lifter's plate is the lifter's alone (4 of 8 reps found before)
    sc = Scenario(seed=2053643011, method="forced_negative", body_mass_kg=45.9, bar_mass_kg=10.39,
                  n_sets=1, reps_per_set=8, negatives=2, ecc_s=3.5514, pause_bottom_s=0.0,
                  con_s=2.6857, rest_top_s=2.2706, negative_ecc_s=5.3457, tempo_spread=0.05248,
                  fatigue=0.79, stall_s=0.984, travel_m=0.07313, lockout_spread_m=0.0072,
                  sample_rate_hz=250.0, n_cells=1, noise_sd_n=1.0387, drift_n_per_s=-0.1271,
                  sway=1.17, spotter_share=0.1451, spotter_mass_kg=100.71, spotter_uneven=0.272,
                  with_spotter_plate=True, empty_s=1.49, stand_s=2.41, settle_s=2.39,
                  rest_between_sets_s=5.66)
    true, hit = _matched(sc)
    assert true == 8
    assert hit >= 7
