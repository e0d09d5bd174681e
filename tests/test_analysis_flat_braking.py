"""Force only: a slow raise that brakes evenly into the top (m*a about -4 N for 1.8 s on 65 kg)
sits under m*g by 0.7-0.9 of the lifter's sway band without climbing back, so neither braking
test (a whole band under the level; 0.75 bands and climbing) saw it, and the top's rest was
proven while the bar still rose at 35-40 mm/s: the raise ended up to 1 s early. Against a level
weighed over a whole sway wave only the window itself swings, so a window half a band under it
(plus the plate's drift since) is still braking (rest_checks.BRAKE_FLAT_BANDS). The lifter: wide
seed 15895, the second normal scenario of bench_phases.py (`--methods normal,slow_negatives`)."""

from __future__ import annotations

from analysis_synth import boundaries, unassisted_ok

from forceplate.analysis import AnalysisConfig, analyse
from forceplate.simulator import Scenario, simulate

LIFTER = dict(
    seed=1971660450, method="normal", body_mass_kg=44.26355630820621, bar_mass_kg=20.374660743371322,
    n_sets=2, reps_per_set=7, negatives=3, ecc_s=1.5715902482014368, pause_bottom_s=0.9850332430737896,
    con_s=2.9429088718329774, rest_top_s=2.9487460303725235, negative_ecc_s=7.565428788207394,
    tempo_spread=0.12371564126632037, fatigue=0.48630426002657745, stall_s=1.1460352953762885,
    travel_m=0.20322897505029403, lockout_spread_m=0.015871342186341612, sample_rate_hz=1000.0, n_cells=2,
    noise_sd_n=1.6583359158545334, drift_n_per_s=-0.12481208570117858, sway=1.0049063535477638,
    spotter_share=0.21547100136271935, spotter_mass_kg=72.0193853085301, spotter_uneven=0.2196498125600211,
    with_position=False, with_spotter_plate=False, empty_s=0.8967684743234146, stand_s=1.9847724045336927,
    settle_s=2.1448738391068463, rest_between_sets_s=5.138880372071313)


def test_a_flat_braking_is_no_top():
    rec = simulate(Scenario(**LIFTER))
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method("normal"))
    assert len(res.reps) == len(rec.truth.reps) == 14
    ends = []
    for r, tr in zip(res.reps, rec.truth.reps, strict=True):
        got, want, dur = boundaries(r, tr)[3]
        ends.append(unassisted_ok(got, want, dur))
    # the 4.2-s raise of rep 6 (main: ended 1.00 s early, at 58.90 s of 59.91 s)
    assert ends[5]
    assert sum(ends) >= 11          # main: 9 of 14
