"""Spotter plate, measured lifts: the lowering before a lift is read between two instants of a
still bar (the rest's end, the spotter's grab), and it must be about as deep as the lift rose."""

from __future__ import annotations

from analysis_synth import analysed, assisted_ok, boundaries

from forceplate.simulator import Scenario


def test_a_lift_that_rose_far_more_than_its_chunk_lowered_began_in_the_rest_before():
    # 187 kg, 9-cm lowerings in 7 s (2.3 N of unweighting, inside the band): after the unrack's
    # settle and after one short top rest, the quiet run held 5 s of the lowering and the rest
    # ended near its bottom - the chunk showed 0.7-1.1 s of lowering before a 9-cm lift, and
    # both reps were lost (explore 8025). The raise comes back to about the top the lowering
    # left, so a chunk that lowered under half of what the spotter's lift raised began
    # mid-lowering: it is taken from where the rest before began.
    sc = Scenario(seed=1025984556, method="forced_positive", body_mass_kg=155.14828930357814,
                  bar_mass_kg=31.620171111494734, n_sets=2, reps_per_set=5, negatives=4,
                  ecc_s=6.671155484974457, pause_bottom_s=0.4057195789884362, con_s=2.6440717708036603,
                  rest_top_s=0.3647714536538238, negative_ecc_s=5.941963678561809,
                  tempo_spread=0.0367933382078592, fatigue=0.14579114795129636, stall_s=0.46985029504751374,
                  travel_m=0.09231892872931378, lockout_spread_m=0.004618930805781458, sample_rate_hz=500.0,
                  n_cells=1, noise_sd_n=0.6812087971624012, drift_n_per_s=0.13598145441174905,
                  sway=0.9591607836024436, spotter_force_n=None, spotter_share=0.4007754083779784,
                  spotter_mass_kg=67.87465401466514, spotter_uneven=0.31595000285703423,
                  with_position=False, with_spotter_plate=True, empty_s=1.8962105948520982,
                  stand_s=1.5015409210289863, settle_s=2.1858982564329152,
                  rest_between_sets_s=8.716622786610126)
    rec, res = analysed(sc)
    for tr in rec.truth.reps:
        if tr.set != 2 or tr.rep_in_set not in (1, 5):
            continue
        r = min(res.reps, key=lambda r: abs(r.concentric.start_s - tr.con_start_s))
        assert all(assisted_ok(*b) for b in boundaries(r, tr)[:3])


def test_a_lowering_found_inside_the_help_is_read_again_before_it():
    # 95 kg, a 6.7-cm lowering in 5.6 s (under 1 N of m*a): on the chunk's level the plate
    # alone never came back before the help, and the lowering was found as 0.1 s at the
    # spotter's grab (explore 8028). Before the grab E is 0 and the bar is still at both the
    # rest's end and the grab: re-zeroed there, the lowering shows where it was.
    sc = Scenario(seed=1425197466, method="forced_positive", body_mass_kg=77.69898171199029,
                  bar_mass_kg=17.005149099868984, n_sets=1, reps_per_set=7, negatives=3,
                  ecc_s=6.715754860988041, pause_bottom_s=0.16672860713403956, con_s=0.5459583557766169,
                  rest_top_s=3.3165421101107286, negative_ecc_s=3.5732789230425572,
                  tempo_spread=0.11792794274803048, fatigue=0.03275936375217916, stall_s=0.42229782251223535,
                  travel_m=0.06642022362294799, lockout_spread_m=0.00748769707902818, sample_rate_hz=250.0,
                  n_cells=2, noise_sd_n=3.824647066280608, drift_n_per_s=-0.07892761761539957,
                  sway=1.1153757289523354, spotter_force_n=None, spotter_share=0.3332307121849473,
                  spotter_mass_kg=106.65278606904587, spotter_uneven=0.2648183031039832,
                  with_position=False, with_spotter_plate=True, empty_s=0.7638274791216024,
                  stand_s=2.30835099214352, settle_s=2.5826823871753595,
                  rest_between_sets_s=13.990951931441906)
    rec, res = analysed(sc)
    tr = rec.truth.reps[4]
    r = min(res.reps, key=lambda r: abs(r.concentric.start_s - tr.con_start_s))
    # the lowering lies before the help, seconds long (it was 0.1 s at the grab)
    assert r.eccentric.end_s - r.eccentric.start_s >= 0.5 * tr.ecc_duration_s
    assert assisted_ok(r.eccentric.end_s, tr.ecc_end_s, tr.ecc_duration_s)
