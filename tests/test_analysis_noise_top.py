"""Force only, unassisted: a light, noisy plate's integrated noise bends a true top above the
start, and a drift's bend sinks a light rep's top under the shape test of "nothing happened"."""

from __future__ import annotations

from analysis_synth import unassisted_hits

from forceplate.simulator import Scenario


def test_a_noisy_plates_top_read_above_the_lockout_spread_keeps_the_set():
    # wide explore 8030: 99 kg, 12-cm reps, two 3.2-N cells at 250 Hz (3 cm of integrated noise
    # over a 9-s chunk). The fourth top, re-zeroed, read 7-13 cm above the start against the
    # 6-cm lockout spread: every later top was refused and 4 of the 7 unassisted reps were lost
    sc = Scenario(seed=1313942780, method="beyond_failure", body_mass_kg=57.101, bar_mass_kg=41.604,
                  n_sets=1, reps_per_set=7, negatives=5, ecc_s=2.828, pause_bottom_s=0.932, con_s=1.588,
                  rest_top_s=3.339, negative_ecc_s=3.647, tempo_spread=0.125, fatigue=0.905, stall_s=0.473,
                  travel_m=0.1215, lockout_spread_m=0.0124, sample_rate_hz=250.0, n_cells=2,
                  noise_sd_n=3.152, drift_n_per_s=-0.1348, sway=0.322, spotter_share=0.19,
                  spotter_mass_kg=96.41, spotter_uneven=0.103, with_position=False, with_spotter_plate=False,
                  empty_s=0.908, stand_s=1.943, settle_s=1.822, rest_between_sets_s=14.48)
    hit, n = unassisted_hits(sc)
    assert n == 7
    assert hit >= 6, hit


def test_a_drift_sinking_a_light_top_is_still_movement():
    # wide explore 8036, set 2: 69 kg, 8-cm reps (5.6 N of m*a, inside two 9-N bands). The second
    # rep's top, re-zeroed over its 9-s chunk, read 2 mm under half its depth where 10 cm of drift
    # bend is allowed at the rest test: "nothing happened", the rest before was extended, and the
    # set's next reps merged
    sc = Scenario(seed=262783213, method="beyond_failure", body_mass_kg=51.44424621426634,
                  bar_mass_kg=17.03035216257814, n_sets=2, reps_per_set=9, negatives=3,
                  ecc_s=1.9686419341308534, pause_bottom_s=0.95821244609046, con_s=2.4007747842121296,
                  rest_top_s=3.0097963608106624, negative_ecc_s=3.2665773262477904,
                  tempo_spread=0.19339862174640848, fatigue=0.8258498095625879, stall_s=0.48745331472495085,
                  travel_m=0.08229883239139982, lockout_spread_m=0.013663116912706897, sample_rate_hz=800.0,
                  n_cells=3, noise_sd_n=0.9586827607694712, drift_n_per_s=0.04634259878663205,
                  sway=0.5488293797447658, spotter_share=0.35095787119574995, spotter_mass_kg=92.68827774781371,
                  spotter_uneven=0.12851063614111163, with_position=False, with_spotter_plate=False,
                  empty_s=1.3966936081508983, stand_s=2.676132866354086, settle_s=1.5889203631182849,
                  rest_between_sets_s=12.288404006855854)
    hit, n = unassisted_hits(sc, set_no=2)
    assert n == 9
    assert hit >= 4, hit
