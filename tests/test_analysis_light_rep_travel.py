"""Force only, unassisted: a light lifter's short reps whose force never leaves two bands are
found by their travel, which must stand over the plate's integrated noise (proof.py,
NOISE_MOVED_SDS; STILL_MOVED_SDS where the bar is still at the end as integrated)."""

from __future__ import annotations

from forceplate.analysis import AnalysisConfig, analyse
from forceplate.simulator import Scenario, simulate


def test_a_light_lifters_short_reps_are_each_found() -> None:
    # wide explore 8014: 42-kg lifter, 6-kg bar lowered 6.6 cm in 2.6 s, three 250-Hz cells.
    # Each rep integrates to 5.2 cm against 2.2 cm of noise over its 7-s chunk: under 3 SDs,
    # the tops were refused and set 1 read as one rep
    sc = Scenario(seed=2137549529, method="normal", body_mass_kg=41.75697850668844,
                  bar_mass_kg=6.3138741544928525, n_sets=2, reps_per_set=4, negatives=2,
                  ecc_s=2.621605826543426, pause_bottom_s=0.5060282941757039, con_s=1.6095397936951799,
                  rest_top_s=3.843596487735972, negative_ecc_s=6.898219838017179,
                  tempo_spread=0.13241189327753372, fatigue=0.02457338387885155,
                  stall_s=0.9081597919903452, travel_m=0.06615603869871324,
                  lockout_spread_m=0.0026587662480532463, sample_rate_hz=250.0, n_cells=3,
                  noise_sd_n=1.597035722696942, drift_n_per_s=-0.0485733393831318, sway=1.1091451115075186,
                  spotter_share=0.3249733427319069, spotter_mass_kg=116.30229750193931,
                  spotter_uneven=0.2646444202541208, with_position=False, with_spotter_plate=False,
                  empty_s=1.2013045913852671, stand_s=2.346801747971929, settle_s=2.1635161893573476,
                  rest_between_sets_s=12.551045535364587)
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method(sc.method))
    first = [tr for tr in rec.truth.reps if tr.set == 1]
    found = [r for r in res.reps if r.set == 1]
    assert len(found) == len(first) == 4
    # each true rep's lowering starts within half a rep of a found one's (the bench's match)
    for tr in first:
        assert min(abs(r.eccentric.start_s - tr.ecc_start_s) for r in found) < 0.5 * (tr.con_end_s - tr.ecc_start_s)
