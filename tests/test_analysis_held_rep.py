"""A failing raise's hang proven as a rest, with a spotter plate: the stalled rep's raise runs
on through the hang to the end of the spotter's lift (forceplate/analysis/held_rep.py)."""

from __future__ import annotations

from forceplate.analysis import AnalysisConfig, analyse
from forceplate.simulator import Scenario, simulate

# wide-world lifter (explore seed 8000, beyond failure #3): 119 kg + a 12-kg bar, 19 cm, a
# 0.4-s hang half-way up an 8-s stalled raise, the spotter lifting 30 N from it. The hang is
# quiet long enough to pass for the top, and the stalled rep ended there, 5.3 s early
_STALL = dict(seed=138336331, method="beyond_failure", body_mass_kg=118.68, bar_mass_kg=12.32, n_sets=2,
              reps_per_set=9, negatives=3, ecc_s=1.766, pause_bottom_s=0.0, con_s=2.088, rest_top_s=1.992,
              negative_ecc_s=5.673, tempo_spread=0.0645, fatigue=1.298, stall_s=0.4133, travel_m=0.1869,
              lockout_spread_m=0.02635, sample_rate_hz=250.0, n_cells=1, noise_sd_n=1.759,
              drift_n_per_s=0.1367, sway=1.662, spotter_share=0.292, spotter_mass_kg=67.74,
              spotter_uneven=0.115, with_position=False, with_spotter_plate=True, empty_s=0.684,
              stand_s=2.94, settle_s=2.11, rest_between_sets_s=5.81)


def test_a_stalled_raise_ends_where_the_spotters_lift_ends():
    rec = simulate(Scenario(**_STALL))
    info, block = rec.info, rec.block()
    cfg = AnalysisConfig.for_method("beyond_failure")
    res = analyse(info, block, cfg)
    stalled = [tr for tr in rec.truth.reps if tr.stalled]
    assert stalled
    for tr in stalled:
        r = min(res.reps, key=lambda r: abs(r.eccentric.start_s - tr.ecc_start_s))
        assert abs(r.concentric.end_s - tr.con_end_s) <= max(0.25, 0.1 * tr.con_duration_s)
        assert r.phase_source == "spotter_plate"
    # fed live in blocks, the held rep is judged later but the same
    live = analyse(info, block, cfg, block_size=137)
    assert [(r.rep, r.set, r.concentric.end_s, r.verdict) for r in live.reps] == \
        [(r.rep, r.set, r.concentric.end_s, r.verdict) for r in res.reps]
