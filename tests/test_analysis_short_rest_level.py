"""Force only: a short top rest's level, read on part of a sway wave, is joined with the set's
first proven chunk's mean force (its zero net impulse weighs the lifter + bar far better)."""

from __future__ import annotations

from analysis_synth import unassisted_hits

from forceplate.simulator import Scenario


def test_a_short_top_rest_after_the_sets_first_rep_keeps_its_level():
    # wide explore 13038, set 2: 162 kg, 7-cm reps, 1.2-s top rests, sway 1.36. The level read on
    # the 0.2-s window of the rest after the first rep sat 5 N over m*g: the next chunk's top was
    # refused, three reps read as one lifted raise, and the rest of the set's own reps were lost
    sc = Scenario(seed=662005439, method="beyond_failure", body_mass_kg=138.8633587529191,
                  bar_mass_kg=23.005412834161636, n_sets=2, reps_per_set=9, negatives=3,
                  ecc_s=2.629123032638592, pause_bottom_s=0.0, con_s=1.5971423965427582,
                  rest_top_s=1.1733807141422232, negative_ecc_s=7.458330772009861,
                  tempo_spread=0.16028587094310404, fatigue=1.403401867377116, stall_s=0.9553257253981928,
                  travel_m=0.0703290201377906, lockout_spread_m=0.0039610923703753765, sample_rate_hz=800.0,
                  n_cells=1, noise_sd_n=0.6073093551784006, drift_n_per_s=-0.12291177024254776,
                  sway=1.3556561978495096, spotter_share=0.4420863974149828, spotter_mass_kg=97.03580370821402,
                  spotter_uneven=0.1901823534666706, with_position=False, with_spotter_plate=False,
                  empty_s=0.8095113234544007, stand_s=2.5120538364606757, settle_s=1.525684800354783,
                  rest_between_sets_s=12.72141293887066)
    hit, n = unassisted_hits(sc, set_no=2)
    assert n == 9
    assert hit >= 8, hit
