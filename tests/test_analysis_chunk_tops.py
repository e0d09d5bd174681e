"""One plate, a spotter lifting: a top too short to be proven quiet between two reps leaves both
in one chunk ("one help per chunk"). The quiet braking of the next lowering is no top after a
lift (top_return.sank_from), a lowering's unweighting is no lift (chunk_tops.lift_plateaus), a
top before the spotter's first grab splits the lifter's own rep from the lifted one
(chunk_tops.split_own_reps), a hang between two plateaus of one lift is no top
(pushed_reps._split_one), and a merged rep the force shows to be two is flagged."""

from __future__ import annotations

import numpy as np

from forceplate.analysis import AnalysisConfig, analyse
from forceplate.analysis.chunk_tops import _lowering_top, lift_plateaus
from forceplate.registry import create_reader
from forceplate.samples import SampleBlock
from forceplate.simulator import Scenario, simulate
from tui.verdicts import LOW_CONFIDENCE


def _assisted_ok(got: float, want: float, duration_s: float) -> bool:
    """Within bench_phases' assisted tolerance: max(250 ms, 10 % of the phase)."""
    return abs(got - want) <= max(0.25, 0.1 * duration_s)


def _bounds_ok(rep, tr) -> bool:
    return (_assisted_ok(rep.eccentric.start_s, tr.ecc_start_s, tr.ecc_duration_s)
            and _assisted_ok(rep.eccentric.end_s, tr.ecc_end_s, tr.ecc_duration_s)
            and _assisted_ok(rep.concentric.start_s, tr.con_start_s, tr.con_duration_s)
            and _assisted_ok(rep.concentric.end_s, tr.con_end_s, tr.con_duration_s))


def _nearest(reps, tr):
    return min(reps, key=lambda r: abs(r.eccentric.start_s - tr.ecc_start_s))


def test_dashboard_forced_positive_short_top_is_split_not_a_sure_wrong_rep():
    # the mock plate (seed 0) as `eccentric record --reader mock -o method=forced_positive
    # --load-kg 25` makes it: the top between reps 3 and 4 lasts 0.3 s (30.63-30.93 s), never
    # quiet. The quiet braking of rep 4's 5.75-s lowering passed for the top after rep 3's
    # lift, and rep 4 read "lowered in 1.0 s, 83 % short" at confidence 0.6 - a wrong verdict
    # shown as sure
    with create_reader("mock", method="forced_positive", realtime=False, load=25) as r:
        blocks, n = [], 0
        while n < 75 * r.info.sample_rate_hz:
            b = r.read(timeout_s=1.0)
            assert b is not None
            blocks.append(b)
            n += len(b)
        truth, info = r.truth, r.info
    res = analyse(info, SampleBlock.concat(blocks), AnalysisConfig.for_method("forced_positive"))
    assert len(res.reps) == len(truth.reps) == 7
    rep4 = truth.reps[3]
    assert abs(rep4.ecc_start_s - 30.93) < 0.01 and rep4.ecc_duration_s > 5.5
    got = _nearest(res.reps, rep4)
    assert _bounds_ok(got, rep4)
    assert got.eccentric.duration_s > 5.0
    for tr in truth.reps:
        rep = _nearest(res.reps, tr)
        assert rep.confidence < LOW_CONFIDENCE or _bounds_ok(rep, tr)


def test_own_rep_then_a_lifted_rep_across_a_short_top():
    # wide 8006 (beyond failure, force only): the set's last own rep and the first lifted one
    # with a 0.52-s top between them, refused as a braking: one chunk, read as one rep whose
    # "raise" ran 9.6 s over both (confidence 0.6), and the lifted rep lost
    sc = Scenario(seed=190751783, method='beyond_failure', body_mass_kg=119.26598679846595,
                  bar_mass_kg=32.626086288783824, n_sets=2, reps_per_set=9, negatives=2,
                  ecc_s=1.0787174915674844, pause_bottom_s=0.0, con_s=1.2538169401313146,
                  rest_top_s=0.358423472721114, negative_ecc_s=4.476721821899758,
                  tempo_spread=0.08603575888327036, fatigue=0.8351578408630702,
                  stall_s=1.2954164831125436, travel_m=0.17484970748665649,
                  lockout_spread_m=0.012180875577397336, sample_rate_hz=1000.0, n_cells=1,
                  noise_sd_n=1.0168176383735748, drift_n_per_s=0.10683104591828771,
                  sway=1.8708409188483703, spotter_force_n=None, spotter_share=0.2914196928618097,
                  spotter_mass_kg=57.60343112474714, spotter_uneven=0.2935261539932312,
                  with_position=False, with_spotter_plate=False, empty_s=1.6433498803960673,
                  stand_s=1.841358080459095, settle_s=1.4233743990136603,
                  rest_between_sets_s=11.690061272686473)
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method(sc.method))
    own, lifted = rec.truth.reps[8], rec.truth.reps[9]
    assert lifted.ecc_start_s - own.con_end_s < 0.6
    for tr in (own, lifted):
        assert _bounds_ok(_nearest(res.reps, tr), tr)


def test_a_heavy_lowerings_unweighting_is_no_lift():
    # wide 8006 (forced positive, 275 kg, 62 cm): each lowering's unweighting stands 45 N under
    # m*g for 0.7 s, a "lift plateau"; with two reps in a chunk (a 0.3-s top) the split cut at
    # the unweightings and its pieces held no rep - the two reps read as one
    sc = Scenario(seed=663119430, method='forced_positive', body_mass_kg=88.00671004725324,
                  bar_mass_kg=186.6629886031674, n_sets=2, reps_per_set=9, negatives=3,
                  ecc_s=5.2982572349559405, pause_bottom_s=0.18512931495700052,
                  con_s=0.686367927103594, rest_top_s=0.9401315891223991,
                  negative_ecc_s=5.677944854967036, tempo_spread=0.10600557911534343,
                  fatigue=0.1984023146459556, stall_s=0.7647985193477622,
                  travel_m=0.6184954625381708, lockout_spread_m=0.0259702495120274,
                  sample_rate_hz=800.0, n_cells=3, noise_sd_n=3.1404229043012433,
                  drift_n_per_s=0.08015951119814307, sway=0.6393723706286184,
                  spotter_force_n=None, spotter_share=0.26180804671465663,
                  spotter_mass_kg=103.30433599659239, spotter_uneven=0.18806234981339098,
                  with_position=False, with_spotter_plate=False, empty_s=1.483698663720111,
                  stand_s=1.7145664238886673, settle_s=1.3892454195332387,
                  rest_between_sets_s=11.262139463642615)
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method(sc.method))
    for tr in rec.truth.reps[5:7]:
        assert _bounds_ok(_nearest(res.reps, tr), tr)


def test_a_hang_between_two_plateaus_of_one_lift_is_no_top():
    # classic 2012 (beyond failure, force only): the failing raise's hang (0.8 s) splits its
    # lift into two plateaus with the force back at m*g between them; cut there, the piece
    # after held no lowering and the split was given up - that rep and the next lifted one
    # read as one. The hang's cut is dropped and the top after the lift kept
    sc = Scenario(seed=2133731221, method='beyond_failure', body_mass_kg=84.48975885800951,
                  bar_mass_kg=128.86291164922477, n_sets=1, reps_per_set=10, negatives=3,
                  ecc_s=1.8705560490073756, pause_bottom_s=0.14029774540363815,
                  con_s=0.9254633534731844, rest_top_s=1.831974543774988,
                  negative_ecc_s=5.835242990373326, tempo_spread=0.07451074375996931,
                  fatigue=0.9823089684459332, stall_s=0.7766998615375975,
                  travel_m=0.5404399736107466, lockout_spread_m=0.021445401963792934,
                  sample_rate_hz=2000.0, n_cells=3, noise_sd_n=4.911218363563539,
                  drift_n_per_s=-0.011232693922188244, sway=1.9935402671831548,
                  spotter_force_n=None, spotter_share=0.296960173658313,
                  spotter_mass_kg=88.86740336264162, spotter_uneven=0.0, with_position=False,
                  with_spotter_plate=False, empty_s=1.4299056841881672, stand_s=2.5981634073818185,
                  settle_s=1.2812601435504938, rest_between_sets_s=13.063326944895813)
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method(sc.method))
    assert len(res.reps) == len(rec.truth.reps)
    for tr in rec.truth.reps[10:12]:
        assert _bounds_ok(_nearest(res.reps, tr), tr)


def test_lift_plateaus_keep_helps_and_drop_an_unweighting():
    # at 100 frames/s: an unweighting (-40 N, 0.7 s) whose braking (+40 N, 0.8 s) gives its
    # momentum back, then a help (-60 N over 1 s) that nothing gives back, then a last
    # lowering's unweighting and braking and a second help
    rate = 100.0
    d = np.zeros(1400)
    d[100:170] = -40.0      # unweighting
    d[400:480] = +40.0      # its braking
    d[500:600] = -60.0      # help 1
    d[700:770] = -40.0      # unweighting
    d[1000:1080] = +40.0    # braking
    d[1150:1250] = -60.0    # help 2
    got = lift_plateaus(d, band=5.0, rate_hz=rate)
    assert got == [(500, 600), (1150, 1250)]


def test_a_lifted_rep_whose_hold_went_back_up_is_flagged():
    # wide 8013 (beyond failure, force only, a 27-N band at 500 Hz): no help stands 3 bands out
    # of the sway, so no top before the grab is searched, and 3 reps (two own, the first
    # lifted) read as one lifted rep at 0.5 with an 8-s "hold at the bottom" in which the
    # integral shows the bar back up at a top (chunk_tops._raise_in_hold): "look again"
    sc = Scenario(seed=1980537499, method='beyond_failure', body_mass_kg=128.7608075916197,
                  bar_mass_kg=25.829872141133695, n_sets=2, reps_per_set=6, negatives=5,
                  ecc_s=1.362215268461925, pause_bottom_s=0.8179566328744816,
                  con_s=2.957737667698652, rest_top_s=0.9072748187400776,
                  negative_ecc_s=7.910498353007569, tempo_spread=0.10708233618049065,
                  fatigue=1.4873033298630065, stall_s=1.0976974411461653,
                  travel_m=0.1180766680990559, lockout_spread_m=0.0018811580376740804,
                  sample_rate_hz=500.0, n_cells=4, noise_sd_n=4.33057184512749,
                  drift_n_per_s=-0.09076007416095691, sway=0.6836021210452426,
                  spotter_force_n=None, spotter_share=0.24655286284164057,
                  spotter_mass_kg=86.14697506435037, spotter_uneven=0.14984243991536764,
                  with_position=False, with_spotter_plate=False, empty_s=0.560324304581591,
                  stand_s=1.5080694399729033, settle_s=2.529844009320568,
                  rest_between_sets_s=10.357631644623115)
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method(sc.method))
    merged = [r for r in res.reps
              if sum(r.eccentric.start_s - 0.5 < tr.ecc_start_s < r.concentric.end_s for tr in rec.truth.reps) > 1]
    assert merged
    assert all(r.confidence < LOW_CONFIDENCE for r in merged)


def test_a_grinding_rep_then_a_stalled_one_split_at_the_forces_second_lowering():
    # wide 13002 (beyond failure, force only, 136 kg, 15 cm): the last own rep grinds up in 6 s
    # and the stalled rep follows after a 0.8-s top; the integral from the rest before drifted
    # (it never showed the grinding raise), so no top was found before the grab and both reps
    # read as one lifted rep (the stalled one lost, the own raise 12 s long). Its lowering's
    # unweighting and braking (130 N each way) stand out as clearly as the own rep's: cut
    # before it. And where raises hang the forward integral need only hold to the bottom (the
    # hang is read re-zeroed): the stalled rep's lowering had read 0.1 s long
    sc = Scenario(seed=701305748, method='beyond_failure', body_mass_kg=127.03298355936329,
                  bar_mass_kg=8.699826867559473, n_sets=1, reps_per_set=7, negatives=2,
                  ecc_s=1.231306898935592, pause_bottom_s=0.0, con_s=2.857206812267875,
                  rest_top_s=0.652404579733357, negative_ecc_s=6.889085118321874,
                  tempo_spread=0.1637117121866584, fatigue=1.1470938659124417,
                  stall_s=1.0770693565322125, travel_m=0.14785854379423294,
                  lockout_spread_m=0.012285642123382923, sample_rate_hz=1200.0, n_cells=4,
                  noise_sd_n=2.0551995050490666, drift_n_per_s=0.007639136819447945,
                  sway=1.43624042016188, spotter_force_n=None, spotter_share=0.3976757968347039,
                  spotter_mass_kg=82.77915286491704, spotter_uneven=0.053408224831299714,
                  with_position=False, with_spotter_plate=False, empty_s=1.9686657106757557,
                  stand_s=2.59397631736077, settle_s=2.1085338741761737,
                  rest_between_sets_s=5.696417828305166)
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method(sc.method))
    assert len(res.reps) == len(rec.truth.reps)
    own, stalled = rec.truth.reps[6], rec.truth.reps[7]
    assert stalled.stalled and own.assisted == "none"
    got = _nearest(res.reps, own)
    assert abs(got.eccentric.start_s - own.ecc_start_s) < 0.15
    assert abs(got.eccentric.end_s - own.ecc_end_s) < 0.15
    assert got.concentric.end_s < stalled.ecc_start_s
    assert _bounds_ok(_nearest(res.reps, stalled), stalled)


def test_lowering_top_needs_two_lowerings_the_force_shows():
    # at 100 frames/s, band 5 N: a lowering (unweighting, then a braking giving the momentum
    # back), a raise (launch first, braking after), a second lowering, then the grab
    rate = 100.0
    d = np.zeros(1400)
    d[100:150] = -60.0      # lowering 1: unweighting
    d[200:250] = +60.0      # ... braking
    d[300:350] = +30.0      # a slow raise's launch
    d[600:650] = -30.0      # ... its braking
    d[800:850] = -60.0      # lowering 2
    d[900:950] = +60.0
    cut = _lowering_top(d, 1200, band=5.0, rate_hz=rate)
    assert cut is not None and 650 <= cut < 800       # at the top, before the unweighting
    assert _lowering_top(d[:700], 700, band=5.0, rate_hz=rate) is None   # one lowering only
    # a sway wave under LOWERING_BANDS (2) bands is no second lowering
    d2 = d.copy()
    d2[800:850] = -9.0
    d2[900:950] = +9.0
    assert _lowering_top(d2, 1200, band=5.0, rate_hz=rate) is None
    # a second "lowering" far weaker than the first (under half its momentum) is none either
    d3 = d.copy()
    d3[800:820] = -60.0
    d3[820:850] = 0.0
    d3[900:950] = +20.0
    assert _lowering_top(d3, 1200, band=5.0, rate_hz=rate) is None


def _hump(d: np.ndarray, a: int, b: int, amp: float) -> None:
    d[a:b] += amp * np.sin(np.linspace(0, np.pi, b - a))


def test_wiggles_at_m_g_are_no_lowerings():
    # at 100 frames/s, band 6 N: ONE lowering whose zero crossing carries a 40-ms, 2-band
    # wiggle (splitting its unweighting from its braking), and one more such wiggle in the
    # raise after: two micro-pairs of ~0.2 N*s are no two lowerings (HUMP_MIN_S)
    d = np.zeros(900)
    _hump(d, 100, 160, -60.0)
    _hump(d, 160, 164, 14.0)
    _hump(d, 164, 168, -14.0)
    _hump(d, 168, 260, 60.0)
    _hump(d, 400, 404, -14.0)
    _hump(d, 404, 408, 14.0)
    assert _lowering_top(d, 800, band=6.0, rate_hz=100.0) is None
    # ... while two real lowerings, the same wiggle at the first one's crossing, still cut
    _hump(d, 500, 560, -60.0)
    _hump(d, 560, 650, 60.0)
    cut = _lowering_top(d, 800, band=6.0, rate_hz=100.0)
    assert cut is not None and 260 <= cut < 500


def test_lowerings_are_measured_against_the_strongest_unweighting_paired_or_not():
    # a strong unweighting whose braking is too weak to pair (a drifting band's half-seen
    # braking) still sets the measure: two pairs a quarter of its momentum are no lowerings
    d = np.zeros(1200)
    _hump(d, 100, 200, -80.0)
    _hump(d, 200, 240, 20.0)        # under NEXT_MOMENTUM_REL of the unweighting: no pair
    _hump(d, 400, 450, -40.0)
    _hump(d, 450, 500, 40.0)
    _hump(d, 700, 750, -40.0)
    _hump(d, 750, 800, 40.0)
    assert _lowering_top(d, 1000, band=5.0, rate_hz=100.0) is None


def test_lowering_top_a_long_braking_under_two_bands_gives_the_momentum_back():
    # the stalled rep's stop runs long (wide 15228: ~16 N against a 16-N band): its braking is
    # out of the band but under LOWERING_BANDS, and gives back the unweighting's momentum
    rate = 100.0
    d = np.zeros(1400)
    d[100:150] = -60.0      # lowering 1: unweighting
    d[200:250] = +60.0      # ... braking
    d[800:850] = -60.0      # lowering 2: unweighting (3000 N*frames)
    d[900:1100] = +8.0      # ... a braking of 1.6 bands giving back 1600 of it
    assert _lowering_top(d, 1200, band=5.0, rate_hz=rate) is None     # two bands asked
    cut = _lowering_top(d, 1200, band=5.0, rate_hz=rate, long_braking=True)
    assert cut is not None and 250 <= cut < 800
    # an unweighting with no braking of its own (a hang sinking into the grab) is no lowering
    d2 = d.copy()
    d2[900:1100] = 0.0
    assert _lowering_top(d2, 1200, band=5.0, rate_hz=rate, long_braking=True) is None
    # nor one whose "braking" gives back under half the momentum
    d3 = d.copy()
    d3[900:1100] = 0.0
    d3[900:1000] = +8.0
    assert _lowering_top(d3, 1200, band=5.0, rate_hz=rate, long_braking=True) is None


def test_a_stalled_rep_after_a_long_top_split_with_the_own_piece_levelled_on_its_ends():
    # wide 15228 #2 (beyond failure, force only, 141 kg, 12 cm, 3-s top rests, the plate
    # drifting -0.15 N/s): set 1's last own rep grinds up in 5.3 s and its top holds 3.7 s
    # before the stalled rep; the line through the proven chunks was 0.5 N off at the chunk's
    # start, so the own piece read 27 cm deep and no rep - the split was refused and the two
    # reps read as one lifted rep. Re-read with its level and drift fitted to its two still
    # ends, it holds the own rep. Set 2's stalled rep brakes under two bands (no cut at all)
    sc = Scenario(seed=373452041, method='beyond_failure', body_mass_kg=121.46417512995949,
                  bar_mass_kg=19.21126580896117, n_sets=2, reps_per_set=6, negatives=3,
                  ecc_s=2.327066141353823, pause_bottom_s=0.0, con_s=2.6368202215584393,
                  rest_top_s=3.1381322130629363, negative_ecc_s=6.551296462885737,
                  tempo_spread=0.06362764744008734, fatigue=1.0367451401430365,
                  stall_s=0.44218932745436745, travel_m=0.12179453520340304,
                  lockout_spread_m=0.01766781197345864, sample_rate_hz=1000.0, n_cells=3,
                  noise_sd_n=3.5206709154964835, drift_n_per_s=-0.14589303706290158,
                  sway=1.358889709825186, ramp='quintic', spotter_force_n=None,
                  spotter_share=0.27832470585177066, spotter_mass_kg=77.69173859406145,
                  spotter_uneven=0.3069309817904591, with_position=False,
                  with_spotter_plate=False, empty_s=1.4092222940782286, stand_s=2.604319569397008,
                  settle_s=1.4731193285914008, rest_between_sets_s=5.66577237830212)
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method(sc.method))
    for s in (1, 2):
        assert sum(r.set == s for r in res.reps) == sum(tr.set == s for tr in rec.truth.reps)
    stalled = [k for k, tr in enumerate(rec.truth.reps) if tr.stalled]
    assert len(stalled) == 2
    for k in stalled:
        own, st = rec.truth.reps[k - 1], rec.truth.reps[k]
        got = _nearest(res.reps, own)
        assert abs(got.eccentric.start_s - own.ecc_start_s) < 0.15
        assert got.concentric.end_s < st.ecc_start_s
        assert abs(_nearest(res.reps, st).eccentric.start_s - st.ecc_start_s) < 0.25
    assert _bounds_ok(_nearest(res.reps, rec.truth.reps[stalled[0]]), rec.truth.reps[stalled[0]])
