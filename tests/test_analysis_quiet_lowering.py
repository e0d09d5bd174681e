"""A slow lowering whose cruise stays inside the top rest's quiet run (force only, no spotter):
the bar can only rise from the bottom, so a movement that begins with a raise places the
lowering inside the quiet run before it (integrate.py, docs/analysis.md How it works 4)."""

from __future__ import annotations

import numpy as np
import pytest

from forceplate.analysis import Analyser, AnalysisConfig, analyse
from forceplate.samples import SampleBlock
from forceplate.simulator import Scenario, simulate

# two lifters of the wide world (bench_phases: 7007 slow_negatives #2, 8401 slow_negatives #1)
LIGHT_500HZ = dict(seed=416621578, method="slow_negatives", body_mass_kg=47.12, bar_mass_kg=32.47,
                   n_sets=2, reps_per_set=4, negatives=2, ecc_s=5.185, pause_bottom_s=0.079,
                   con_s=1.659, rest_top_s=3.123, negative_ecc_s=7.719, tempo_spread=0.0588,
                   fatigue=0.181, stall_s=0.408, travel_m=0.0999, lockout_spread_m=0.0108,
                   sample_rate_hz=500.0, n_cells=4, noise_sd_n=1.258, drift_n_per_s=-0.1106,
                   sway=0.460, spotter_force_n=None, spotter_share=0.187, spotter_mass_kg=81.1,
                   spotter_uneven=0.0755, with_position=False, with_spotter_plate=False,
                   empty_s=0.582, stand_s=2.234, settle_s=2.004, rest_between_sets_s=9.40)
SHORT_2KHZ = dict(seed=969454354, method="slow_negatives", body_mass_kg=82.21, bar_mass_kg=15.93,
                  n_sets=2, reps_per_set=6, negatives=3, ecc_s=7.940, pause_bottom_s=1.318,
                  con_s=0.781, rest_top_s=3.528, negative_ecc_s=5.753, tempo_spread=0.1669,
                  fatigue=0.734, stall_s=0.668, travel_m=0.0545, lockout_spread_m=0.0042,
                  sample_rate_hz=2000.0, n_cells=1, noise_sd_n=2.135, drift_n_per_s=-0.1451,
                  sway=0.426, spotter_force_n=None, spotter_share=0.125, spotter_mass_kg=72.4,
                  spotter_uneven=0.0561, with_position=False, with_spotter_plate=False,
                  empty_s=1.736, stand_s=1.920, settle_s=1.396, rest_between_sets_s=9.50)


@pytest.mark.parametrize("fields", [LIGHT_500HZ, SHORT_2KHZ], ids=["80kg-10cm-500Hz", "98kg-5cm-2kHz"])
def test_a_lowering_hidden_in_the_top_rest_keeps_its_rep(fields):
    # 10 cm lowered in 5.2 s by an 80-kg system unweights the plate by ~4 N, inside the top
    # rest's own band: the quiet run went on through the lowering's cruise, the chunk after
    # it began with the raise, and the rep was lost (5 of 8 reps found; 3 of 12 on the
    # 5-cm, 8-s lift). Every rep is now found, each raise within tolerance
    sc = Scenario(**fields)
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method(sc.method))
    truth = rec.truth.reps
    assert len(res.reps) == len(truth)
    starts = np.array([r.eccentric.start_s for r in res.reps])
    for tr in truth:
        r = res.reps[int(np.argmin(np.abs(starts - tr.ecc_start_s)))]
        tol = max(0.15, 0.06 * tr.con_duration_s)
        assert abs(r.concentric.start_s - tr.con_start_s) <= tol, (tr, r.concentric)
        assert abs(r.concentric.end_s - tr.con_end_s) <= tol, (tr, r.concentric)
        # the lowering's ends are the integral's guess here (the bound: confidence 0.4), but
        # they lie within its own duration of the truth, not a rep away
        assert abs(r.eccentric.start_s - tr.ecc_start_s) < 0.5 * tr.ecc_duration_s
        assert abs(r.eccentric.end_s - tr.ecc_end_s) < 0.5 * tr.ecc_duration_s


@pytest.mark.parametrize("fields", [LIGHT_500HZ, SHORT_2KHZ], ids=["80kg-10cm-500Hz", "98kg-5cm-2kHz"])
def test_live_keeps_the_samples_of_a_lowering_hidden_in_the_top_rest(fields):
    # the dashboard's analyser, fed 20-ms blocks, had dropped the quiet run's start before the
    # chunk was rebuilt from it: 8 of 12 reps live against 12 offline
    sc = Scenario(**fields)
    rec = simulate(sc)
    block = rec.block()
    cfg = AnalysisConfig.for_method(sc.method)
    offline = analyse(rec.info, block, cfg).reps
    an = Analyser(rec.info, cfg)
    step = int(round(0.02 * rec.info.sample_rate_hz))
    for i in range(0, len(block), step):
        an.feed(SampleBlock(block.time_s[i:i + step], block.values[i:i + step], block.seq[i:i + step],
                            block.flags[i:i + step]))
    an.finish()
    live = an.result().reps
    assert [(r.eccentric.start_s, r.concentric.end_s) for r in live] == [
        (r.eccentric.start_s, r.concentric.end_s) for r in offline]
