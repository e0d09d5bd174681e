"""A forced positive's lowering the force cannot show, with a spotter plate: the rest before
the lift hid it, and the chunk rebuilt from that top holds it (spotted.py, rests._from_top)."""

from __future__ import annotations

from forceplate.analysis import AnalysisConfig, analyse
from forceplate.simulator import Scenario, simulate


def test_a_lowering_hidden_in_the_top_is_no_grab() -> None:
    # a 7.4-kg bar on 43 kg, 9.5 cm lowered in 6-9 s (0.8 N of m*a, inside the sway), 0.6-s
    # tops: the quiet of each top ran on to the help, the chunk was rebuilt from the top, and
    # the "lowering" found was the 0.02-0.1 s between the quiet's end and the help - a rep
    # half a rep off its truth, lost (wide 15832, forced positives, 1: 4 of 32 boundaries).
    # Found once the spotter holds the bar, it is the grab's; the lowering lies before it.
    sc = Scenario(seed=767500230, method="forced_positive", body_mass_kg=42.68799507168155,
                  bar_mass_kg=7.359858260573717, n_sets=2, reps_per_set=4, negatives=3,
                  ecc_s=6.678575959046489, pause_bottom_s=0.6099952389731027, con_s=0.7697919704337617,
                  rest_top_s=0.5519421778558666, negative_ecc_s=5.0198357394009925,
                  tempo_spread=0.15098214314715702, fatigue=0.1847609158274276, stall_s=0.7130555890655896,
                  travel_m=0.09518807331177044, lockout_spread_m=0.013157411380421476, sample_rate_hz=2000.0,
                  n_cells=1, noise_sd_n=2.2352002250167557, drift_n_per_s=-0.10878604284863455,
                  sway=0.5368302488312848, ramp="quintic", spotter_force_n=None,
                  spotter_share=0.36121589924287334, spotter_mass_kg=119.78467579831675,
                  spotter_uneven=0.05420778909110504, with_position=False, with_spotter_plate=True,
                  empty_s=0.9968502241108617, stand_s=1.577582839567082, settle_s=2.2213152374345926,
                  rest_between_sets_s=13.365483163493657)
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method("forced_positive"))
    lowered = 0
    for t in rec.truth.reps:
        r = min(res.reps, key=lambda r: abs(r.concentric.start_s - t.con_start_s))
        tol = max(0.25, 0.1 * t.ecc_duration_s)
        lowered += (abs(r.eccentric.start_s - t.ecc_start_s) < 0.5 * (t.con_end_s - t.ecc_start_s)
                    and r.eccentric.end_s - r.eccentric.start_s > 0.5 * t.ecc_duration_s
                    and abs(r.concentric.start_s - t.con_start_s) < tol)
    assert lowered >= 3      # of 8 (1 before): a lowering seconds long, ending at the help
