"""Force only: a rest that sway breaks into several quiet runs goes on as long as the lifter
stands still. The lowering after it cannot start before the last of those runs (weigh.py,
`_extend_level`: the motion the rest's level implies went nowhere, STILL_TRAVEL_M; integrate.py
starts the chunk there)."""

from __future__ import annotations

from analysis_synth import unassisted_ok

from forceplate.analysis import AnalysisConfig, analyse
from forceplate.simulator import Scenario, simulate

# a 111-kg slow-negatives lifter (wide seed 8622, the 4th slow-negatives scenario; force only,
# 800 Hz, 6 cm): the rest after the unrack's lift-off lasts 2.4 s, but its first quiet run only
# 0.22 s. From that run's end the integral wandered with the sway a few mm/s under zero, never
# crossing it, and the first lowering began where that run ended: 1.99 s early.
SWAY_BROKEN_REST = {
    'seed': 1524216997, 'method': 'slow_negatives', 'body_mass_kg': 97.81167888156601,
    'bar_mass_kg': 12.90105336665631, 'n_sets': 2, 'reps_per_set': 7, 'negatives': 2,
    'ecc_s': 2.869723039620756, 'pause_bottom_s': 0.0, 'con_s': 2.818236393832855,
    'rest_top_s': 2.4146618855351836, 'negative_ecc_s': 6.473778048712251,
    'tempo_spread': 0.07678999502174924, 'fatigue': 0.7451417756414447, 'stall_s': 0.5464338757274056,
    'travel_m': 0.05643072953388155, 'lockout_spread_m': 0.011045447394180938,
    'sample_rate_hz': 800.0, 'n_cells': 4, 'noise_sd_n': 2.908065693702358,
    'drift_n_per_s': 0.025884993415339008, 'sway': 0.930328858581398, 'spotter_force_n': None,
    'spotter_share': 0.3295757937424011, 'spotter_mass_kg': 71.36313269755635,
    'spotter_uneven': 0.3105547410386088, 'with_position': False, 'with_spotter_plate': False,
    'empty_s': 1.514992927959462, 'stand_s': 1.770102399381373, 'settle_s': 2.356016147670294,
    'rest_between_sets_s': 10.260094598595732}


def test_a_lowering_does_not_start_before_the_lifter_stood_still():
    rec = simulate(Scenario(**SWAY_BROKEN_REST))
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method("slow_negatives"))
    first = rec.truth.reps[0]
    got = min(res.reps, key=lambda r: abs(r.eccentric.start_s - first.ecc_start_s))
    assert unassisted_ok(got.eccentric.start_s, first.ecc_start_s, first.ecc_duration_s)
