"""A grinding raise brakes for longer than MASS_CHANGE_S: the quiet run that begins in its
braking is retested until the braking has faded (quiet_runs.BRAKE_RETEST_S), so its top is
proven and the next chunk does not begin in the next rep's lowering."""

from __future__ import annotations

from analysis_synth import analysed, boundaries, unassisted_ok

from forceplate.simulator import Scenario

# wide seed 15326, the first beyond-failure scenario of `bench_phases --methods beyond_failure`:
# 164 kg, 10-cm reps, force only, one cell at 2000 Hz. Set 2's 4th raise grinds up in 4.2 s;
# the quiet run begins 1.2 s before it stops, 7.5 N under m*g at 0.8 s (a braking), and was
# tested no more after MASS_CHANGE_S: the top was never proven, the next rest was "proven" in
# the 5th rep's lowering, and the set's 5th and 6th reps and its stalled rep were lost.
GRINDING = {
    'seed': 1161759337, 'method': 'beyond_failure', 'body_mass_kg': 135.73846471249098,
    'bar_mass_kg': 28.482327430950043, 'n_sets': 2, 'reps_per_set': 7, 'negatives': 2,
    'ecc_s': 2.937064041373336, 'pause_bottom_s': 0.0, 'con_s': 2.99067928725157,
    'rest_top_s': 1.3816462598628907, 'negative_ecc_s': 6.492349327045543,
    'tempo_spread': 0.1631160119590902, 'fatigue': 0.9626806555929084, 'stall_s': 1.3949293702033294,
    'travel_m': 0.0969834003981859, 'lockout_spread_m': 0.0034207616018641636,
    'sample_rate_hz': 2000.0, 'n_cells': 1, 'noise_sd_n': 2.0326709935350458,
    'drift_n_per_s': -0.05999075709816375, 'sway': 0.5555986043548387, 'ramp': 'quintic',
    'spotter_force_n': None, 'spotter_share': 0.43808413107220134,
    'spotter_mass_kg': 98.80796069102506, 'spotter_uneven': 0.31655056559395645,
    'with_position': False, 'with_spotter_plate': False, 'empty_s': 0.7907559086722813,
    'stand_s': 1.801966675069101, 'settle_s': 1.4906610222383554,
    'rest_between_sets_s': 11.449916486982115}


def test_a_top_after_a_long_braking_is_proven():
    rec, res = analysed(Scenario(**GRINDING))
    set2 = [tr for tr in rec.truth.reps if tr.set == 2]
    assert len(set2) == 10
    found2 = [r for r in res.reps if r.set == max(r.set for r in res.reps)]
    assert len(found2) == len(set2)           # main: 7 of 10
    own = [tr for tr in set2 if tr.assisted == "none"]
    for tr in own[3:6]:                       # the grinding rep, the two after it (lost on main)
        r = min(res.reps, key=lambda r: abs(r.eccentric.start_s - tr.ecc_start_s))
        assert sum(unassisted_ok(*b) for b in boundaries(r, tr)) >= 3
