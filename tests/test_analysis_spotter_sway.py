"""A spotter standing on their plate in a method with no spotter (slow negatives): their own sway
(1-12 N at 0.3-2 Hz) stood 12.5-16.7 N over the rest before - above the 12-N floor, that short
rest having seen only 2.7-4.9 N of it - and was measured as a help in 9 chunks; the chunks were
read as helped and a rep was lost (5 of 6; explore wide 13046). A spotter's save takes the load
off the lifter (F + E = m(g + a): F's impulse gives E's back), their sway leaves the lifter's
plate alone: where the method has no spotter a help counts only where the plate mirrors it, and
the set is read as force only (branch spl)."""

from __future__ import annotations

from forceplate.analysis import AnalysisConfig, analyse
from forceplate.simulator import Scenario, simulate


def test_a_spotters_sway_over_the_floor_is_no_help_where_the_method_has_no_spotter() -> None:
    sc = Scenario(seed=844221470, method="slow_negatives", body_mass_kg=146.4143105543277,
                  bar_mass_kg=20.130340443517163, n_sets=2, reps_per_set=3, negatives=2,
                  ecc_s=2.9895432622287665, pause_bottom_s=0.43272435706851986, con_s=2.2389872822505867,
                  rest_top_s=1.9530711561438365, negative_ecc_s=5.891876684182796,
                  tempo_spread=0.17842835118089972, fatigue=0.5786739305167972, stall_s=0.6418464684161225,
                  travel_m=0.06579029057919578, lockout_spread_m=0.011747842594805605, sample_rate_hz=500.0,
                  n_cells=4, noise_sd_n=2.1754570050756756, drift_n_per_s=-0.051909781308786276,
                  sway=0.5371135881144613, spotter_share=0.35416325208035926, spotter_mass_kg=60.25702858830702,
                  spotter_uneven=0.10811101175938545, with_position=False, with_spotter_plate=True,
                  empty_s=1.0142062312047444, stand_s=1.6373083922845444, settle_s=1.010916804052943,
                  rest_between_sets_s=11.799093840950205)
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method("slow_negatives"))
    assert len(rec.truth.reps) == 6
    assert len(res.reps) == 6
    for r, t in zip(res.reps, rec.truth.reps, strict=True):
        assert r.assisted == "none"
        assert abs(r.eccentric.start_s - t.ecc_start_s) < 0.5 * (t.con_end_s - t.ecc_start_s)
