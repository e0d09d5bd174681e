"""Assisted reps with a spotter plate: the top a measured lift ends into on a short, slow lift
(proof.py), and a bottom pause after a measured lift (spotter_evidence.lowered_after_help)."""

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


def test_a_bottom_pause_after_a_measured_lift_is_no_top():
    # 239 kg on the plate, 27-cm lowerings in 3 s, a 1.6-s bottom pause, the spotter lifting
    # 200-300 N of each raise, top rests of 0.4 s too short to be quiet (wide 8030): the rest
    # test proved the next bottom pause as the top on the lowering before the lift alone, and
    # the next rep's raise was left alone in its chunk (5 of 9 reps found). After the lift's
    # end E is 0 and the spotter let go at the top: the plate alone, re-zeroed there, shows
    # the lowering that came back - a bottom
    sc = Scenario(seed=975752422, method="forced_positive", body_mass_kg=154.45, bar_mass_kg=84.594,
                  n_sets=1, reps_per_set=9, negatives=2, ecc_s=3.0091, pause_bottom_s=1.6234,
                  con_s=1.8667, rest_top_s=0.4102, negative_ecc_s=5.454, tempo_spread=0.14183,
                  fatigue=0.13642, stall_s=0.96, travel_m=0.26919, lockout_spread_m=0.00482,
                  sample_rate_hz=800.0, n_cells=2, noise_sd_n=0.5073, drift_n_per_s=0.12196,
                  sway=1.8603, spotter_share=0.29174, spotter_mass_kg=67.17, spotter_uneven=0.19283,
                  with_spotter_plate=True, empty_s=0.862, stand_s=1.742, settle_s=2.43,
                  rest_between_sets_s=5.62)
    true, hit = _matched(sc)
    assert true == 9
    assert hit >= 8
