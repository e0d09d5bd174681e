"""Force only: a top whose quiet run passes the rest test while the chunk to it still ends
inside the last raise's braking hump (the low-passed force under m*g ever since it sank a band
under it) is tested again further into the run (rest_checks._braking_on). Proven at once, the
chunk ended 0.2-0.6 s before the raise did. (Wide-world lifters drawn by
benchmarks/bench_phases.py: seed 8021, the 4th slow-negatives scenario - 59 of 64 boundaries
in tolerance before; seed 8037, the 2nd slow-negatives one - 9 of 10 reps, 27 of 40 before.)"""

from __future__ import annotations

import pytest
from analysis_synth import boundaries, unassisted_ok

from forceplate.analysis import AnalysisConfig, analyse
from forceplate.simulator import Scenario, simulate

LIFTERS = {
    "8021": (dict(
        seed=1794114539, method="slow_negatives", body_mass_kg=105.38153733187681,
        bar_mass_kg=78.57826444898679, n_sets=2, reps_per_set=8, negatives=4, ecc_s=4.397387329617499,
        pause_bottom_s=1.4573327792538513, con_s=2.663396851930476, rest_top_s=1.084528985006727,
        negative_ecc_s=3.925793774363431, tempo_spread=0.12402241907113999, fatigue=0.7247207264916111,
        stall_s=1.1009649641678705, travel_m=0.2527454422154486, lockout_spread_m=0.028657106336121382,
        sample_rate_hz=1000.0, n_cells=4, noise_sd_n=4.418531088404473, drift_n_per_s=0.05942314021107581,
        sway=0.8204960697309454, spotter_share=0.44260180372172897, spotter_mass_kg=86.25511533349919,
        spotter_uneven=0.017628109132018427, empty_s=0.5890133773949942, stand_s=1.7749957078333898,
        settle_s=2.352575225987122, rest_between_sets_s=14.111711926323995), 62),
    "8037": (dict(
        seed=1892822319, method="slow_negatives", body_mass_kg=157.14631816229797,
        bar_mass_kg=17.91238932642647, n_sets=2, reps_per_set=5, negatives=3, ecc_s=2.5192393333101273,
        pause_bottom_s=1.2977181712789176, con_s=2.591980822008818, rest_top_s=1.8440214785400197,
        negative_ecc_s=6.212888734616346, tempo_spread=0.19526633131270843, fatigue=0.37311329981523544,
        stall_s=1.2656382179713388, travel_m=0.06190107269799434, lockout_spread_m=0.010189130131082651,
        sample_rate_hz=800.0, n_cells=2, noise_sd_n=2.8955942465473243, drift_n_per_s=-0.13203779210610647,
        sway=0.8733267446929585, spotter_share=0.362502873785867, spotter_mass_kg=58.4371256076509,
        spotter_uneven=0.015258894920799076, empty_s=1.0179196981668543, stand_s=2.6214871914818647,
        settle_s=2.1237243675230335, rest_between_sets_s=6.483250249957911), 32),
}


@pytest.mark.parametrize("name", sorted(LIFTERS))
def test_a_top_is_not_proven_inside_the_raises_braking(name):
    params, need = LIFTERS[name]
    sc = Scenario(**params, with_position=False, with_spotter_plate=False)
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method(sc.method))
    assert len(res.reps) == len(rec.truth.reps)
    ok = sum(unassisted_ok(got, want, dur) for r, tr in zip(res.reps, rec.truth.reps, strict=True)
             for got, want, dur in boundaries(r, tr))
    assert ok >= need
