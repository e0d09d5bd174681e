"""A spotter plate that shows no help leaves the lifter's plate read as force only, but no line of
proven chunks weighs its level, so the plate's drift stays in each chunk (0.12 N/s: 1.4 N over
a 12-s chunk). A slow, short, light negative (6 cm lowered in 6-9 s on 95 kg) then stayed inside
two bands and its linearly re-zeroed integral showed no whole rep: the top was read as "nothing
happened", more of the rest before, and 4 of the set's 6 reps were lost. With the drift fitted
too (drift_fixed) the whole rep shows, and the top is tested as a rest (explore wide 8012)."""

from __future__ import annotations

from forceplate.analysis import AnalysisConfig, analyse
from forceplate.simulator import Scenario, simulate


def test_a_slow_rep_under_the_plates_drift_is_movement_with_an_idle_spotter_plate() -> None:
    sc = Scenario(seed=221334628, method="slow_negatives", body_mass_kg=83.1, bar_mass_kg=12.1, n_sets=2,
                  reps_per_set=6, ecc_s=6.28, pause_bottom_s=1.12, con_s=2.01, rest_top_s=2.31,
                  tempo_spread=0.194, fatigue=0.0008, travel_m=0.063, lockout_spread_m=0.0043,
                  sample_rate_hz=250.0, n_cells=4, noise_sd_n=0.77, drift_n_per_s=0.119, sway=0.93,
                  spotter_share=0.16, spotter_mass_kg=74.6, spotter_uneven=0.073, with_position=False,
                  with_spotter_plate=True, empty_s=1.84, stand_s=2.32, settle_s=1.94, rest_between_sets_s=6.12)
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method("slow_negatives"))
    first = [t for t in rec.truth.reps if t.set == 1]
    found = [r for r in res.reps if r.set == 1]
    assert len(first) == 6 and len(found) == 6
    for r, t in zip(found, first, strict=True):
        assert abs(r.eccentric.start_s - t.ecc_start_s) < 0.5 * (t.con_end_s - t.ecc_start_s)
        assert abs(r.concentric.end_s - t.con_end_s) < 0.5
