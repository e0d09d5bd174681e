"""Spotter-lifted raises on a single plate (force only): the bottom from the force breaking off
its late-lowering trend, the lowering's start from the integral re-zeroed between the rest and
that bottom; and a weighing error on a no-spotter method is not taken for a spotter."""

from __future__ import annotations

import numpy as np
import pytest
from analysis_synth import split

from forceplate.analysis import Analyser, AnalysisConfig, analyse
from forceplate.analysis.events import RepCompleted
from forceplate.analysis.integrate import Chunk
from forceplate.analysis.spotter_evidence import spotter_evident
from forceplate.simulator import random_scenario, simulate
from forceplate.units import G


def _force_only(rng, method):
    return random_scenario(rng, method, n_sets=1, with_position=False, with_spotter_plate=False)


def test_force_only_forced_positive_boundaries():
    """The issue's bar (>= 85% within max(250 ms, 10%)) over six random force-only sets."""
    ok = n = 0
    for seed in range(31, 37):
        sc = _force_only(np.random.default_rng(seed), "forced_positive")
        rec = simulate(sc)
        res = analyse(rec.info, rec.block(), AnalysisConfig.for_method("forced_positive"))
        assert abs(len(res.reps) - len(rec.truth.reps)) <= 1
        starts = np.array([r.eccentric.start_s for r in res.reps])
        for tr in rec.truth.reps:
            r = res.reps[int(np.argmin(np.abs(starts - tr.ecc_start_s)))]
            for got, want, dur in ((r.eccentric.start_s, tr.ecc_start_s, tr.ecc_duration_s),
                                   (r.eccentric.end_s, tr.ecc_end_s, tr.ecc_duration_s),
                                   (r.concentric.start_s, tr.con_start_s, tr.con_duration_s),
                                   (r.concentric.end_s, tr.con_end_s, tr.con_duration_s)):
                ok += abs(got - want) <= max(0.25, 0.10 * dur)
                n += 1
        for r in res.reps:
            assert r.phase_source == "force_levels" and r.assisted == "raising"
            assert r.confidence <= 0.6
            # the raise the spotter lifted has no valid velocity: never shown as measured
            assert r.concentric.mean_velocity_m_s is None and r.concentric.peak_power_w is None
    assert ok / n >= 0.85


def test_force_only_assisted_streaming_equals_offline():
    rng = np.random.default_rng(41)
    sc = _force_only(rng, "forced_positive")
    rec = simulate(sc)
    blk = rec.block()
    cfg = AnalysisConfig.for_method("forced_positive")
    one = analyse(rec.info, blk, cfg)
    an = Analyser(rec.info, cfg)
    reps = [e.rep for b in split(blk, rng, max_len=3000) for e in an.feed(b) if isinstance(e, RepCompleted)]
    reps += [e.rep for e in an.finish() if isinstance(e, RepCompleted)]
    assert one.reps and [r.to_row() for r in reps] == [r.to_row() for r in one.reps]


@pytest.mark.parametrize("mass_kg", [90.0, 210.0])
def test_a_weighing_error_is_not_a_spotter_without_one(mass_kg):
    """A rest level 0.5% off leaves g*0.005*T of velocity at the next rest: on a slow, short
    lift that is larger than ASSISTED_V_M_S, yet it is no spotter on a no-spotter method.
    An impulse no single rest level could hide (2% of the weight) still is."""
    t = np.arange(0.0, 8.0, 0.01)
    base = dict(t=t, fk=np.zeros_like(t), level0_n=mass_kg * G, level1_n=mass_kg * G, mass_kg=mass_kg,
                band_n=8.0, rate_hz=100.0)
    weighing_error = G * 0.005 * 8.0
    big = G * 0.02 * 8.0
    assert weighing_error > 0.2
    for r in (weighing_error, -weighing_error):
        assert not spotter_evident(Chunk(**base, spotter_expected=False), r)
        assert spotter_evident(Chunk(**base, spotter_expected=True), r)
    assert spotter_evident(Chunk(**base, spotter_expected=False), big)


def test_a_hang_taken_for_a_rest_keeps_the_reps_after_it():
    """A failing raise that hangs 0.4 s part-way up, then is taken over by an uneven spotter
    easing in slowly (beyond failure, force only, wide world: seed 7007's third beyond-failure
    draw), stays quiet over 0.8 s and passes for a held stop; the top the spotter then
    lifts the bar to is accepted (proof.py, verdict "hang"), so the spotter-lifted negatives
    after it are still found (all three were lost before)."""
    rng = np.random.default_rng(7007)
    for _ in range(3):
        sc = random_scenario(rng, "beyond_failure", world="wide")
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method("beyond_failure"))
    starts = np.array([r.eccentric.start_s for r in res.reps])
    failed = next(tr for tr in rec.truth.reps if tr.set == 1 and tr.assisted != "none")
    after = [tr for tr in rec.truth.reps if tr.set == 1 and tr.ecc_start_s > failed.con_end_s]
    assert len(after) >= 2
    for tr in after:
        assert float(np.min(np.abs(starts - tr.ecc_start_s))) <= 0.5


def test_a_sway_wave_in_a_forced_negatives_hold_does_not_move_its_bottom():
    """A pushed lowering (force over the band: the push), a 2-s hold at the bottom with one
    sway wave poking 0.1 s out of the band, then an untouched raise: the lowering ends where
    the push ends, not after the sway wave (the hold's last quiet piece alone put the bottom
    1-2 s late)."""
    from forceplate.analysis.assisted import _assisted_rep

    rate, n, band = 100.0, 600, 8.0
    t = np.arange(n)
    d = np.zeros(n)
    d[10:200] = 100.0                                   # the spotter's push
    d[290:300] = 15.0                                   # a sway wave out of the band
    d[400:440] = 150.0 * np.sin(np.pi * (t[400:440] - 400) / 40)     # launch
    d[460:500] = -150.0 * np.sin(np.pi * (t[460:500] - 460) / 40)    # braking
    v = np.zeros(n)
    v[:200] = -np.linspace(2.0, 0.0, 200)               # integrated back through the push
    v[400:500] = 0.4 * np.sin(np.pi * (t[400:500] - 400) / 100)      # the raise
    (rb,) = _assisted_rep(d, v, [], n, band, "lowering", 0.6, rate)
    assert abs(rb.ecc_end - 200) <= 5
    assert abs(rb.con_start - 400) <= 5


def test_a_spotter_lifted_raise_ends_in_the_middle_of_the_release():
    """The help E (100 N) fades over 0.4 s at the top: the raise ends where the force's
    shortfall last stood at half the help, not where the ramp's tail enters the band; a raise
    still helped at the chunk's last sample ends inside the chunk."""
    from forceplate.analysis.force_edges import _release_middle

    d = np.zeros(300)
    d[50:200] = -100.0
    d[200:240] = -100.0 * (1 - np.linspace(0.0, 1.0, 40))   # the release ramp, 0.4 s at 100 Hz
    assert abs(_release_middle(d, 50, 245, 8.0) - 222) <= 2
    d[50:] = -100.0
    assert _release_middle(d, 50, 299, 8.0) <= 299


def _scored(sc):
    """(truth, the found rep nearest each true rep's eccentric start or None) for one scenario."""
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method(sc.method))
    starts = np.array([r.eccentric.start_s for r in res.reps])
    out = []
    for tr in rec.truth.reps:
        i = int(np.argmin(np.abs(starts - tr.ecc_start_s))) if starts.size else -1
        out.append((tr, res.reps[i] if i >= 0 and abs(starts[i] - tr.ecc_start_s) <= 0.5 else None))
    return out


def test_a_forced_positives_braking_runs_into_the_grab_across_a_brief_return_to_the_band():
    """A forced positive with no pause at the bottom (classic world, seed 600's first forced
    positive: 183 kg, 48 cm lowered in 5 s): the lowering's braking hump runs straight into the
    spotter's grab, and noise dips it back into the band for a few tens of ms. Its two pieces
    were read as the braking and a launch, and the raise started 1.2 s early (the raise's mean
    force 6.9 % high); now every raise starts within tolerance and its mean force within 2 %."""
    from forceplate.simulator import Scenario

    sc = Scenario(seed=47483750, method="forced_positive", body_mass_kg=75.95, bar_mass_kg=106.77,
                  n_sets=1, reps_per_set=7, negatives=2, ecc_s=5.068, pause_bottom_s=0.0, con_s=0.898,
                  rest_top_s=2.874, negative_ecc_s=6.154, tempo_spread=0.1132, fatigue=0.2084,
                  stall_s=0.703, travel_m=0.4811, lockout_spread_m=0.00893, sample_rate_hz=800.0,
                  n_cells=4, noise_sd_n=1.966, drift_n_per_s=-0.0615, sway=1.076, spotter_share=0.2037,
                  spotter_mass_kg=98.2, spotter_uneven=0.0, with_position=False, with_spotter_plate=False,
                  empty_s=0.832, stand_s=2.71, settle_s=2.803, rest_between_sets_s=7.95)
    scored = _scored(sc)
    assert len(scored) == 7
    for tr, r in scored:
        assert r is not None
        assert abs(r.concentric.start_s - tr.con_start_s) <= max(0.25, 0.1 * tr.con_duration_s)
        assert abs(r.concentric.mean_force_n / tr.con_mean_force_n - 1.0) <= 0.02


def test_a_forced_negatives_bottom_pause_taken_for_a_top_keeps_its_rep():
    """A pushed lowering of 8 cm on 150 kg, a 2.5-s pause at the bottom quiet enough to pass for
    the top rest, then an untouched 2.8-s raise (wide world, seed 7006's fourth forced
    negative). The chunk up to the pause holds a lowering only, the chunk after it a raise
    only: neither is a rep and the rep was lost. From a top the bar can only go down, so the
    two chunks are re-segmented as one and the rep is found."""
    from forceplate.simulator import Scenario

    sc = Scenario(seed=359703612, method="forced_negative", body_mass_kg=138.47, bar_mass_kg=11.099,
                  n_sets=2, reps_per_set=8, negatives=4, ecc_s=5.9256, pause_bottom_s=1.7922,
                  con_s=2.8096, rest_top_s=2.6717, negative_ecc_s=4.1847, tempo_spread=0.1597,
                  fatigue=0.6108, stall_s=0.3654, travel_m=0.083778, lockout_spread_m=0.009593,
                  sample_rate_hz=500.0, n_cells=3, noise_sd_n=2.2785, drift_n_per_s=-0.07556,
                  sway=0.6752, spotter_share=0.40216, spotter_mass_kg=117.2, spotter_uneven=0.04557,
                  with_position=False, with_spotter_plate=False, empty_s=1.7759, stand_s=1.9658,
                  settle_s=2.5095, rest_between_sets_s=13.372)
    scored = _scored(sc)
    tr, r = scored[2]                      # the third rep of the first set
    assert r is not None and r.assisted == "lowering"
    assert abs(r.eccentric.start_s - tr.ecc_start_s) <= 0.25
    assert abs(r.eccentric.end_s - tr.ecc_end_s) <= max(0.25, 0.1 * tr.ecc_duration_s)




def test_a_chunk_begun_at_a_bottom_pause_is_joined_to_the_repless_one_before():
    """A forced negative's 1.8-s bottom pause taken for a top (wide world, seed 8504's third
    forced negative: 187 kg, 46 cm lowered in 7.7 s under a push): the chunk up to the pause
    gives no rep, and the chunk after it - the rest of the pause and the untouched raise -
    gave one with the pause's end as its "lowering" (9 s late, its mean force 5.5 % off).
    Integrated back from the rest after, a push only adds to a lowering's speed, so a
    "lowering" that never went down faster than sway is the hold: the two chunks are
    segmented as one and the rep comes out whole."""
    from forceplate.simulator import Scenario

    sc = Scenario(seed=996562590, method="forced_negative", body_mass_kg=138.79, bar_mass_kg=48.449,
                  n_sets=1, reps_per_set=8, negatives=2, ecc_s=7.7469, pause_bottom_s=1.84237,
                  con_s=1.57241, rest_top_s=2.23923, negative_ecc_s=5.6634, tempo_spread=0.16961,
                  fatigue=0.51687, stall_s=0.45336, travel_m=0.45885, lockout_spread_m=0.023352,
                  sample_rate_hz=500.0, n_cells=1, noise_sd_n=4.1557, drift_n_per_s=-0.10214,
                  sway=1.7204, spotter_share=0.198405, spotter_mass_kg=69.18, spotter_uneven=0.017929,
                  with_position=False, with_spotter_plate=False, empty_s=0.77894, stand_s=2.44319,
                  settle_s=1.02764, rest_between_sets_s=8.0055)
    tr, r = _scored(sc)[4]                 # the fifth rep
    assert r is not None and r.assisted == "lowering"
    for got, want, dur in ((r.eccentric.start_s, tr.ecc_start_s, tr.ecc_duration_s),
                           (r.eccentric.end_s, tr.ecc_end_s, tr.ecc_duration_s),
                           (r.concentric.start_s, tr.con_start_s, tr.con_duration_s),
                           (r.concentric.end_s, tr.con_end_s, tr.con_duration_s)):
        assert abs(got - want) <= max(0.25, 0.1 * dur)
    assert abs(r.eccentric.mean_force_n / tr.ecc_mean_force_n - 1.0) <= 0.02


def test_a_raise_stopping_off_the_rest_level_is_no_rest_and_keeps_the_set():
    """A light beyond-failure set (wide world, seed 8215's second beyond failure: 51 kg on the
    plate, 15 cm, a 1-cell plate with a 6-N band). The first raise's braking held the force
    12 N under m*g, flat for a moment (a quiet run), and it passed as the rest after a
    "pushed" rep - inside the 12-N same-level tolerance, so the next rests were compared with
    that level: every true top (12.3 N above it) was then "another level", and 12 of the
    set's 14 reps were lost. A still bar pulls m*g: a quiet run off the last rest's level by
    more than that rest's band (and 1 % of the weight, sway) is a bar still accelerating.
    Since the braking test reads the load's sway (rest_checks._note_sway) the eighth rep's top
    is split from the ninth rep (merged before), which adds its chunk to the impulse level
    line; that line, extrapolated 50 s past its last chunk, puts two lifted reps' rest level
    0.7 N off and their tops are refused (proof.py): 12 found, the lifted reps' proof is what
    is fragile there (docs/analysis.md, eighth round)."""
    from forceplate.simulator import Scenario

    sc = Scenario(seed=1625213146, method="beyond_failure", body_mass_kg=42.562, bar_mass_kg=8.4224,
                  n_sets=1, reps_per_set=8, negatives=5, ecc_s=2.6059, pause_bottom_s=0.98088,
                  con_s=1.74126, rest_top_s=3.19918, negative_ecc_s=4.8929, tempo_spread=0.126891,
                  fatigue=0.779718, stall_s=1.21539, travel_m=0.148607, lockout_spread_m=0.012489,
                  sample_rate_hz=2000.0, n_cells=1, noise_sd_n=1.32017, drift_n_per_s=0.0986656,
                  sway=0.794973, spotter_share=0.185364, spotter_mass_kg=98.998,
                  spotter_uneven=0.0020428, with_position=False, with_spotter_plate=False,
                  empty_s=1.45131, stand_s=2.06312, settle_s=1.54472, rest_between_sets_s=12.0769)
    scored = _scored(sc)
    assert len(scored) == 14
    assert sum(r is not None for _, r in scored) >= 12
    assert all(r is not None for _, r in scored[:8])   # every unassisted rep, none merged
    for tr, r in scored[:7]:               # the unassisted reps before the failing one, whole
        assert r is not None
        assert abs(r.concentric.end_s - tr.con_end_s) <= max(0.15, 0.06 * tr.con_duration_s)


def test_a_pushed_reps_raise_the_force_cannot_see_is_low_confidence():
    """A forced negative's untouched raise of 8 cm in 2 s on a light bar moves the force by
    m*5.8*D/T^2, a few newtons, inside an 8-N band: its start and end are then the
    integral's guesses (here the end falls on the chunk's end) and the rep says so with
    UNSEEN_CONFIDENCE, as a spotter-lifted rep's unseen lowering does (measured on force-only
    forced negatives of 8200-8220, 7001-7008, 8501-8510: such raises' boundaries in tolerance
    21/48, the others 891/970). A raise whose launch and stop stand out keeps its confidence."""
    from forceplate.analysis.assisted import UNSEEN_CONFIDENCE, _assisted_rep

    hz = 100.0
    t = np.arange(0.0, 7.0, 1.0 / hz)

    def pushed_rep(launch_n):
        d = np.zeros(t.size)
        v = np.zeros(t.size)
        low = (t >= 1.0) & (t < 4.0)
        d[low] = 30.0                                    # the spotter's push, over 3 bands
        v[low] = -0.05 * np.sin(np.pi * (t[low] - 1.0) / 3.0)
        up = (t >= 4.3) & (t < 6.3)                      # the untouched 2-s raise
        ph = (t[up] - 4.3) / 2.0
        d[up] = launch_n * np.sin(2.0 * np.pi * ph)      # launch up, stop down: m*a
        v[up] = 0.08 * np.sin(np.pi * ph)                # integrated back from the rest after
        (rb,) = _assisted_rep(d, v, [], t.size, 8.0, "lowering", 0.6, hz)
        return rb

    assert pushed_rep(4.0).confidence == UNSEEN_CONFIDENCE
    assert pushed_rep(20.0).confidence == 0.6


def test_a_sway_dip_before_a_push_is_not_the_pushed_lowerings_start():
    """A forced negative's lowering starts with the spotter's push (a hump up) or, before it,
    the lifter's own unweighting (a dip) that runs straight into it. A sway wave poking under
    the band 2 s before the push, the bar still at the level in between, was taken as the
    start - the first excursion of either sign - and lowerings began 0.5-2 s early (wide 8504,
    forced negative #2); one poking over the band is no push either (a push lasts seconds, a
    sway wave is over the band for under SWAY_POKE_S). Only where the method's spotter pushes
    (pushes=True): a chunk of another method read as pushed is a lift misread, and keeps the
    first excursion."""
    from forceplate.analysis.assisted import _assisted_rep

    hz, band = 100.0, 8.0
    t = np.arange(0.0, 9.0, 1.0 / hz)

    def start(lead_s, poke, pushes, up_pokes=False):
        d = np.zeros(t.size)
        v = np.zeros(t.size)
        low = (t >= 3.0) & (t < 6.0)
        d[low] = 40.0                                    # the push, from 3 s
        v[low] = -0.05 * np.sin(np.pi * (t[low] - 3.0) / 3.0)
        if poke:
            d[(t >= 1.0) & (t < 1.1)] = -9.0             # a sway poke under the band at 1 s
        if lead_s:
            d[(t >= 3.0 - lead_s) & (t < 3.0)] = -12.0   # the unweighting runs into the push
        if up_pokes:                                     # sway waves over the band, 0.15 s each
            for a in (0.8, 1.8):
                d[(t >= a) & (t < a + 0.15)] = 9.0
        up = (t >= 6.3) & (t < 8.3)                      # the untouched 2-s raise
        ph = (t[up] - 6.3) / 2.0
        d[up] = 30.0 * np.sin(2.0 * np.pi * ph)
        v[up] = 0.1 * np.sin(np.pi * ph)
        (rb,) = _assisted_rep(d, v, [], t.size, band, "lowering", 0.6, hz, pushes=pushes)
        return rb.ecc_start / hz

    assert start(0.0, True, True) == pytest.approx(3.0)
    assert start(0.4, True, True) == pytest.approx(2.6)
    assert start(0.0, True, False) == pytest.approx(1.0)
    # sway poking over the band before the push (wide 8779: lowerings 2-4 s early)
    assert start(0.0, False, True, up_pokes=True) == pytest.approx(3.0)
    assert start(0.0, False, False, up_pokes=True) == pytest.approx(0.8)


def test_two_light_pushes_with_no_proven_top_between_them_are_two_reps():
    """Forced negatives on a light bar (wide world, explore seed 8222's third forced negative:
    92 kg on a 1-cell plate, 16 cm, pushes of 23-65 N, a 1.1-s top too short to be proven a
    rest). The chunk of the first two reps was split only at pushes over 25 N and 3 bands and
    at a raise whose stop dipped as far under m*g; the second push (23 N) and the 16-cm raise
    in 2.8 s (its stop m*5.8*D/T^2 = 11 N) were under both, and the two reps read as one (the
    second lost). A push is told from sway by lasting PUSH_MIN_S over 2 bands, which sway
    (about 0.35 bands: the band is 4 SDs of a wave whose SD is 0.71 of its half-range) never
    reaches; each piece must still show a whole raise integrated back from its top."""
    from forceplate.simulator import Scenario

    sc = Scenario(seed=1559658924, method="forced_negative", body_mass_kg=79.3485, bar_mass_kg=12.68908,
                  n_sets=1, reps_per_set=5, negatives=3, ecc_s=3.765248, pause_bottom_s=0.366017,
                  con_s=2.848715, rest_top_s=1.131391, negative_ecc_s=4.590788, tempo_spread=0.0982087,
                  fatigue=0.385124, stall_s=0.774674, travel_m=0.1559658, lockout_spread_m=0.0241106,
                  sample_rate_hz=2000.0, n_cells=1, noise_sd_n=0.5302328, drift_n_per_s=0.00518864,
                  sway=0.6477963, spotter_share=0.3805054, spotter_mass_kg=98.07422,
                  spotter_uneven=0.3114317, with_position=False, with_spotter_plate=False,
                  empty_s=1.174848, stand_s=2.950486, settle_s=1.300749, rest_between_sets_s=14.23689)
    scored = _scored(sc)
    for tr, r in scored[:2]:
        assert r is not None and r.assisted == "lowering"
        for got, want, dur in ((r.eccentric.start_s, tr.ecc_start_s, tr.ecc_duration_s),
                               (r.eccentric.end_s, tr.ecc_end_s, tr.ecc_duration_s),
                               (r.concentric.start_s, tr.con_start_s, tr.con_duration_s),
                               (r.concentric.end_s, tr.con_end_s, tr.con_duration_s)):
            assert abs(got - want) <= max(0.25, 0.1 * dur)


def test_pushes_let_go_for_a_raise_are_cut_without_the_raises_dip():
    """Two pushes over the split threshold with the force back inside the band for a raise's
    length between them are two reps, cut where the next push rises (the top): a light raise's
    stop (8 N) need not dip under the push threshold. A push that sags into the band for
    under RAISE_GAP_S is one lowering."""
    from forceplate.analysis.pushed_reps import push_splits

    hz, band = 100.0, 6.0
    t = np.arange(0.0, 12.0, 1.0 / hz)

    def cuts(gap_s):
        d = np.zeros(t.size)
        d[(t >= 1.0) & (t < 4.0)] = 30.0                 # first push
        up = (t >= 4.0) & (t < 4.0 + gap_s)              # the raise: launch up, stop down
        d[up] = 8.0 * np.sin(2.0 * np.pi * (t[up] - 4.0) / gap_s)
        d[(t >= 4.0 + gap_s) & (t < 7.5 + gap_s)] = 30.0  # second push
        return [c / hz for c in push_splits(d, band, hz)]

    assert cuts(2.0) == [pytest.approx(6.0, abs=0.02)]
    assert cuts(0.3) == []


def test_a_bottom_pause_after_a_lifted_rep_is_no_top():
    """A heavy beyond-failure set (wide world, explore seed 8224's third beyond failure: 272
    kg, 46-cm negatives, a 0.3-s top too short to be quiet, a 0.7-s pause at the bottom). The
    chunk of the 11th rep ran on over its top into the 12th's lowering, and that lowering's
    bottom pause passed for the rest after a lifted rep: the forward integral came back on the
    11th's lowering and the spotter's impulse showed. The 12th's raise was then alone in its
    chunk and the rep was lost. After the spotter's last lift the bar is at the top with
    v = 0 and untouched, so the force integrated from there is the bar's: a lowering that came
    back to rest there ends at a bottom, not at a top."""
    from forceplate.simulator import Scenario

    sc = Scenario(seed=145801722, method="beyond_failure", body_mass_kg=133.123098, bar_mass_kg=139.031411,
                  n_sets=1, reps_per_set=8, negatives=3, ecc_s=1.853257, pause_bottom_s=0.718113,
                  con_s=2.438945, rest_top_s=0.318538, negative_ecc_s=5.289205, tempo_spread=0.172087,
                  fatigue=0.993766, stall_s=1.381803, travel_m=0.459501, lockout_spread_m=0.026457,
                  sample_rate_hz=500.0, n_cells=4, noise_sd_n=2.457507, drift_n_per_s=-0.127965,
                  sway=1.552482, spotter_share=0.184944, spotter_mass_kg=110.518823,
                  spotter_uneven=0.024657, with_position=False, with_spotter_plate=False,
                  empty_s=1.134884, stand_s=2.304639, settle_s=2.334121, rest_between_sets_s=13.010755)
    scored = _scored(sc)
    assert len(scored) == 12
    for tr, r in scored[-2:]:              # the last two negatives, each a whole lifted rep
        assert r is not None and r.assisted == "raising"
        for got, want, dur in ((r.eccentric.start_s, tr.ecc_start_s, tr.ecc_duration_s),
                               (r.eccentric.end_s, tr.ecc_end_s, tr.ecc_duration_s),
                               (r.concentric.end_s, tr.con_end_s, tr.con_duration_s)):
            assert abs(got - want) <= max(0.25, 0.1 * dur)


def test_a_failing_raise_that_hung_before_the_grab_starts_where_it_rose():
    """A light beyond-failure set (wide world, explore seed 8210's first beyond failure: 62 kg
    on the plate, 13 cm, a 1.3-s pause at the bottom). The failing raise rose 6 cm on its own,
    hung 0.9 s, and the spotter finished it: the walk back from the spotter's step stopped at
    the hang's quiet stretch, and the raise started 2.9 s late (its mean force 3.9 % low).
    The integral re-zeroed between the rest before and the grab (the bar still at both, the
    spotter not yet touching it) shows the lifter's own rise: the raise starts there."""
    from forceplate.simulator import Scenario

    sc = Scenario(seed=1239975664, method="beyond_failure", body_mass_kg=50.440842, bar_mass_kg=11.338697,
                  n_sets=1, reps_per_set=9, negatives=2, ecc_s=1.921059, pause_bottom_s=1.331317,
                  con_s=1.770919, rest_top_s=3.443215, negative_ecc_s=6.100931, tempo_spread=0.0678238,
                  fatigue=0.613875, stall_s=0.869318, travel_m=0.128749, lockout_spread_m=0.0088506,
                  sample_rate_hz=500.0, n_cells=3, noise_sd_n=1.332087, drift_n_per_s=0.0711034,
                  sway=0.518535, spotter_share=0.429727, spotter_mass_kg=94.362895,
                  spotter_uneven=0.337376, with_position=False, with_spotter_plate=False,
                  empty_s=0.562285, stand_s=1.824284, settle_s=1.441067, rest_between_sets_s=5.448997)
    scored = _scored(sc)
    (tr, r), = [(tr, r) for tr, r in scored if tr.stalled]
    assert r is not None and r.assisted == "raising"
    assert abs(r.concentric.start_s - tr.con_start_s) <= max(0.25, 0.1 * tr.con_duration_s)
    assert abs(r.eccentric.end_s - tr.ecc_end_s) <= max(0.25, 0.1 * tr.ecc_duration_s)
    assert abs(r.concentric.mean_force_n / tr.con_mean_force_n - 1.0) <= 0.02


def test_a_lifted_reps_lowering_under_the_bound_is_low_confidence_however_sway_pokes():
    """A spotter-lifted rep's untouched lowering of 9 cm in 5 s on 105 kg deviates from m*g by
    about m*5.8*D/T^2 = 2.2 N at its launch and stop, under half an 8-N band: whatever pokes
    out of the band there is sway, and its ends are the integral's guesses (on force-only
    lifted and pushed reps of explore 8200-8299, 380 such reps were at 0.5-0.6 with a boundary
    off in 53 %, against 13 % of the reps left there). A sway poke over the band no longer
    makes it "seen"; the same lowering over 40 cm in 2 s (61 N) keeps its confidence."""
    from forceplate.analysis.assisted import UNSEEN_CONFIDENCE, _assisted_rep

    hz, band, m = 100.0, 8.0, 105.0
    t = np.arange(0.0, 9.0, 1.0 / hz)

    def lifted(travel_m, low_s):
        d = np.zeros(t.size)
        v = np.zeros(t.size)
        low = (t >= 1.0) & (t < 1.0 + low_s)
        ph = (t[low] - 1.0) / low_s
        v[low] = -0.5 * np.pi * travel_m / low_s * np.sin(np.pi * ph)
        d[low] = m * (np.pi ** 2 / 2) * travel_m / low_s ** 2 * -np.cos(np.pi * ph)   # m*a
        d[(t >= 1.5) & (t < 1.7)] = 10.0                 # a sway poke over the band
        up = (t >= 6.0) & (t < 7.2)
        d[up] = -60.0                                    # the spotter's help over the raise
        v[up] = -60.0 / m * (t[up] - 6.0)                # integrated forwards: -E*t/m
        v[t >= 7.2] = v[up][-1]
        (rb,) = _assisted_rep(d, v, [], t.size, band, "raising", 0.6, hz, mass_kg=m)
        return rb.confidence

    assert lifted(0.09, 5.0) == UNSEEN_CONFIDENCE
    assert lifted(0.40, 2.0) > UNSEEN_CONFIDENCE


def test_a_raises_quiet_cruise_after_a_push_is_no_top():
    """The same light forced-negative set as above (explore 8222's third forced negative: 92
    kg, 16-cm raises in 2.8-3.1 s). Mid-way up the third rep's raise the bar cruised and
    braked slowly (a few newtons: quiet, within a 6-N band) and that quiet run was taken for
    the top: the raise, integrated back from it with v = 0, "came back" on a 1.6-cm/s wobble
    of noise - no raise at all - and the chunk ended mid-raise; the set's last three reps were
    lost. The untouched raise after a push, integrated back from the top, must regain a good
    share (PUSHED_RAISE_SHARE) of what the set's last pushed raise did (15 cm): a cruise 0.8 s
    short of the top regains 0.7 cm."""
    from forceplate.simulator import Scenario

    sc = Scenario(seed=1559658924, method="forced_negative", body_mass_kg=79.3485, bar_mass_kg=12.68908,
                  n_sets=1, reps_per_set=5, negatives=3, ecc_s=3.765248, pause_bottom_s=0.366017,
                  con_s=2.848715, rest_top_s=1.131391, negative_ecc_s=4.590788, tempo_spread=0.0982087,
                  fatigue=0.385124, stall_s=0.774674, travel_m=0.1559658, lockout_spread_m=0.0241106,
                  sample_rate_hz=2000.0, n_cells=1, noise_sd_n=0.5302328, drift_n_per_s=0.00518864,
                  sway=0.6477963, spotter_share=0.3805054, spotter_mass_kg=98.07422,
                  spotter_uneven=0.3114317, with_position=False, with_spotter_plate=False,
                  empty_s=1.174848, stand_s=2.950486, settle_s=1.300749, rest_between_sets_s=14.23689)
    scored = _scored(sc)
    assert all(r is not None and r.assisted == "lowering" for _, r in scored)
    tr, r = scored[2]
    assert r is not None
    for got, want, dur in ((r.eccentric.start_s, tr.ecc_start_s, tr.ecc_duration_s),
                           (r.eccentric.end_s, tr.ecc_end_s, tr.ecc_duration_s),
                           (r.concentric.start_s, tr.con_start_s, tr.con_duration_s),
                           (r.concentric.end_s, tr.con_end_s, tr.con_duration_s)):
        assert abs(got - want) <= max(0.25, 0.1 * dur)


def test_a_pushed_chunks_last_piece_without_a_whole_raise_keeps_the_pieces_before_it():
    """Forced negatives of 6 cm on 137 kg (wide world, explore seed 8243's fourth forced
    negative: 1.1-s raises, a 1.3-s top too short to be quiet on a noisy 4-cell plate). The
    chunk of reps 2 and 3 is cut at the pushes, but the last piece's raise, integrated back
    from the chunk's end, read under RAISE_MIN_M (a raise the force cannot show), and the
    whole split was refused: two reps read as one. The piece before it is a whole rep; the
    last piece stays a rep of its own, at UNSEEN_CONFIDENCE."""
    from forceplate.analysis.assisted import UNSEEN_CONFIDENCE
    from forceplate.simulator import Scenario

    sc = Scenario(seed=640523217, method="forced_negative", body_mass_kg=123.152764, bar_mass_kg=13.389172,
                  n_sets=1, reps_per_set=7, negatives=5, ecc_s=4.453522, pause_bottom_s=0.0,
                  con_s=1.086515, rest_top_s=1.270541, negative_ecc_s=3.104465, tempo_spread=0.12523958,
                  fatigue=0.12491975, stall_s=0.636635, travel_m=0.05943746, lockout_spread_m=0.00087586,
                  sample_rate_hz=500.0, n_cells=4, noise_sd_n=4.276293, drift_n_per_s=0.13748122,
                  sway=0.749803, spotter_share=0.3603937, spotter_mass_kg=104.661377,
                  spotter_uneven=0.3025557, with_position=False, with_spotter_plate=False,
                  empty_s=0.989434, stand_s=1.988877, settle_s=2.499737, rest_between_sets_s=12.135513)
    scored = _scored(sc)
    assert len(scored) == 7 and all(r is not None and r.assisted == "lowering" for _, r in scored)
    for tr, r in scored[1:3]:
        assert r is not None
        for got, want, dur in ((r.eccentric.start_s, tr.ecc_start_s, tr.ecc_duration_s),
                               (r.eccentric.end_s, tr.ecc_end_s, tr.ecc_duration_s),
                               (r.concentric.end_s, tr.con_end_s, tr.con_duration_s)):
            assert abs(got - want) <= max(0.25, 0.1 * dur)
    assert scored[2][1] is not None and scored[2][1].confidence == UNSEEN_CONFIDENCE


def test_a_raises_own_stop_is_no_lift_for_the_bottom_pause_rule():
    """A beyond-failure set whose first reps are the lifter's own (wide world, seed 8711's
    first beyond failure: 203 kg on the plate, 39 cm, 2.5-s raises, a 1.9-s pause at the
    bottom). A 2.5-s raise's stop stands under m*g by up to m*5.8*D/T^2 = 73 N for about a
    second - a "lift plateau" to lowered_after_lift - and the quiet bottom pause after the next
    lowering was refused as a rest: the set's first five reps were lost. A lift leaves the
    spotter's impulse in the plate's integral at its top; a raise's own stop gives back its
    launch's and leaves about none."""
    from forceplate.simulator import Scenario

    sc = Scenario(seed=111272640, method="beyond_failure", body_mass_kg=146.1151718, bar_mass_kg=56.453431,
                  n_sets=2, reps_per_set=5, negatives=2, ecc_s=2.544601, pause_bottom_s=1.883285,
                  con_s=2.546794, rest_top_s=1.064676, negative_ecc_s=7.767657, tempo_spread=0.163076,
                  fatigue=0.946718, stall_s=1.193692, travel_m=0.388332, lockout_spread_m=0.012037,
                  sample_rate_hz=250.0, n_cells=4, noise_sd_n=3.613492, drift_n_per_s=0.040238,
                  sway=1.067679, spotter_share=0.217797, spotter_mass_kg=74.455566,
                  spotter_uneven=0.139056, with_position=False, with_spotter_plate=False,
                  empty_s=0.74595, stand_s=2.277725, settle_s=1.159345, rest_between_sets_s=9.004063)
    scored = _scored(sc)
    tr, r = scored[0]                      # the set's first rep, the lifter's own
    assert r is not None
    for got, want, dur in ((r.eccentric.start_s, tr.ecc_start_s, tr.ecc_duration_s),
                           (r.eccentric.end_s, tr.ecc_end_s, tr.ecc_duration_s),
                           (r.concentric.start_s, tr.con_start_s, tr.con_duration_s),
                           (r.concentric.end_s, tr.con_end_s, tr.con_duration_s)):
        assert abs(got - want) <= max(0.15, 0.06 * dur)


def test_a_fast_raise_between_two_pushes_splits_them():
    """Forced negatives with 0.6-s raises (wide world, seed 8709's third forced negative: 155
    kg, 15 cm, 6-s pushed lowerings, a 0.4-s top). The raise's stop dips 600 N under m*g for
    under PUSH_GAP_S; bridged, its launch hump joined the next push's plateau, the split fell
    at the raise's start and the piece before it had no raise: two reps merged into one."""
    from forceplate.simulator import Scenario

    sc = Scenario(seed=624245234, method="forced_negative", body_mass_kg=115.453621, bar_mass_kg=39.527074,
                  n_sets=2, reps_per_set=3, negatives=3, ecc_s=6.122946, pause_bottom_s=0.842428,
                  con_s=0.577706, rest_top_s=0.390433, negative_ecc_s=6.018267, tempo_spread=0.128173,
                  fatigue=0.768201, stall_s=1.047419, travel_m=0.152623, lockout_spread_m=0.029929,
                  sample_rate_hz=800.0, n_cells=2, noise_sd_n=1.964233, drift_n_per_s=-0.093625,
                  sway=0.341702, spotter_share=0.308732, spotter_mass_kg=68.853836,
                  spotter_uneven=0.123412, with_position=False, with_spotter_plate=False,
                  empty_s=1.763432, stand_s=1.711148, settle_s=1.408715, rest_between_sets_s=14.576743)
    scored = _scored(sc)
    assert len(scored) == 6
    for tr, r in scored:
        assert r is not None and r.assisted == "lowering"
        for got, want, dur in ((r.eccentric.end_s, tr.ecc_end_s, tr.ecc_duration_s),
                               (r.concentric.end_s, tr.con_end_s, tr.con_duration_s)):
            assert abs(got - want) <= max(0.25, 0.1 * dur)


def test_a_true_top_after_a_rep_read_long_still_counts_as_the_top():
    """A 97-kg forced-negative set, 11 cm, on one plate (classic world, the 18th scenario of
    seed 9404). Its fifth rep's lowering reads 1.3 s long and its raise regains 13.7 cm; the
    last rep's true top, integrated back with v = 0, regains only 2.7 cm of it (0.2: the
    level's error bends each raise differently). At PUSHED_RAISE_SHARE 0.3 that top was refused
    as a quiet cruise and the last rep was lost; a cruise regains 0.05-0.1 (explore 8222)."""
    from forceplate.simulator import random_scenario

    rng = np.random.default_rng(9404)
    for i in range(18):
        sc = random_scenario(rng, ("normal", "slow_negatives", "beyond_failure", "forced_positive",
                                   "forced_negative")[i // 4], world="classic")
    assert sc.method == "forced_negative" and not sc.with_position and not sc.with_spotter_plate
    scored = _scored(sc)
    assert len(scored) == 6 and all(r is not None for _, r in scored)


def test_a_spotter_plate_help_to_the_chunks_end_leaves_no_untouched_side():
    """Classic world, seed 1209's fourth slow-negatives set pair on a spotter plate: a chunk
    whose measured help ran to its last sample has no untouched side for the rest test to
    integrate back over; it indexed that empty stretch's last time and the whole recording
    failed with an IndexError (main too). An empty side shows no phase that came back: the
    candidate is judged on the rest of the evidence, and every rep of both sets is found,
    offline and fed in blocks as live."""
    from forceplate.simulator import Scenario

    sc = Scenario(seed=1687750180, method="slow_negatives", body_mass_kg=53.885630555697915,
                  bar_mass_kg=33.459337454120764, n_sets=2, reps_per_set=6, negatives=5,
                  ecc_s=3.310401319164213, pause_bottom_s=0.0, con_s=1.2937175876240228,
                  rest_top_s=1.3075598409667186, negative_ecc_s=5.663161156474859,
                  tempo_spread=0.10265618211827694, fatigue=0.286448931341326, stall_s=0.9518522971539127,
                  travel_m=0.119396582843635, lockout_spread_m=0.009454205565391872, sample_rate_hz=500.0,
                  n_cells=1, noise_sd_n=4.99367735125444, drift_n_per_s=-0.0026414579314847086,
                  sway=1.637942981085132, spotter_force_n=None, spotter_share=0.17968044277785689,
                  spotter_mass_kg=64.47299241971119, spotter_uneven=0.0, with_position=False,
                  with_spotter_plate=True, empty_s=1.213591566993715, stand_s=1.7081362221406882,
                  settle_s=1.6574136894693308, rest_between_sets_s=5.9129613710939015)
    rec = simulate(sc)
    for block_size in (None, 997):
        res = analyse(rec.info, rec.block(), AnalysisConfig.for_method(sc.method), block_size=block_size)
        assert [r.set for r in res.reps] == [t.set for t in rec.truth.reps]


def test_a_lifted_raise_starts_at_the_middle_of_the_grab():
    """The spotter's force switches on at the phase change over a ramp of 0.1-0.3 s (longer for
    a spotter easing in): where the force leaves the level is the ramp's start, and a raise
    started there began 0.14 s early (median) and its mean force held the ramp's first half,
    near m*g - 4 of 13 raises within 2 % on this heavy forced positive (a help of 40 % of the
    bar on 286 kg; explore seed 8202). At the grab's middle, capped by half the release ramp
    measured at the top (force_edges._grab_middle), 8."""
    from forceplate.simulator import Scenario

    sc = Scenario(seed=1855325090, method="forced_positive", body_mass_kg=104.6063749180214,
                  bar_mass_kg=181.3564878477576, n_sets=2, reps_per_set=9, negatives=3,
                  ecc_s=7.601654183518129, pause_bottom_s=0.9294468805749414, con_s=0.5985135350112734,
                  rest_top_s=0.3926807696190689, negative_ecc_s=4.59076815569146,
                  tempo_spread=0.12359055917204029, fatigue=0.22475595955908054,
                  stall_s=0.3620868854241153, travel_m=0.6497707889032968,
                  lockout_spread_m=0.023487326176278626, sample_rate_hz=500.0, n_cells=2,
                  noise_sd_n=3.629091799684054, drift_n_per_s=0.07786969382699549,
                  sway=1.6796631048400985, spotter_share=0.4346730401215103,
                  spotter_mass_kg=111.69061521680071, spotter_uneven=0.3020489694699951,
                  with_position=False, with_spotter_plate=False, empty_s=1.7064681703619549,
                  stand_s=2.745531082843001, settle_s=1.843462722985572,
                  rest_between_sets_s=13.586638680033072)
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method("forced_positive"))
    starts = np.array([r.eccentric.start_s for r in res.reps])
    errs, good = [], 0
    for tr in rec.truth.reps:
        r = res.reps[int(np.argmin(np.abs(starts - tr.ecc_start_s)))]
        if abs(r.eccentric.start_s - tr.ecc_start_s) > 1.0:
            continue
        errs.append(r.concentric.start_s - tr.con_start_s)
        good += abs(r.concentric.mean_force_n / tr.con_mean_force_n - 1.0) <= 0.02
    assert len(errs) >= 12
    assert abs(float(np.median(errs))) < 0.08
    assert good >= 7


def test_pushes_the_force_shows_with_raises_it_cannot_are_reps():
    """A light forced negative (a 12-kg bar lowered 6 cm under a 40-N push, raised in 2.7 s
    on 139 kg: m*5.8*D/T^2 = 7 N, inside a 16-29-N band): the raise integrated back over a
    level error never reads MIN_RAISE_M_S, and chunks gave no rep although each push stood
    out of the sway - set 1 read 2 of 7 reps (explore seed 8209). One rep per push plateau
    (pushed_reps.pushes_only): the lowering's edges are the push's, the raise a guess, so
    the rep is UNSEEN_CONFIDENCE."""
    from forceplate.analysis.assisted import UNSEEN_CONFIDENCE
    from forceplate.simulator import Scenario

    sc = Scenario(seed=628007117, method="forced_negative", body_mass_kg=126.85197367585197,
                  bar_mass_kg=12.44307884444292, n_sets=2, reps_per_set=7, negatives=2,
                  ecc_s=5.2485014341592215, pause_bottom_s=1.6166971895249982, con_s=2.707605487134995,
                  rest_top_s=0.49795775176315105, negative_ecc_s=7.220774688698245,
                  tempo_spread=0.16738530332476445, fatigue=0.7631960529145193,
                  stall_s=0.7605078295025303, travel_m=0.06417712606895436,
                  lockout_spread_m=0.008113454077060728, sample_rate_hz=800.0, n_cells=4,
                  noise_sd_n=4.982353227675217, drift_n_per_s=-0.046110852651062365,
                  sway=1.2567800982894521, spotter_share=0.3515658462680802,
                  spotter_mass_kg=80.03200278886534, spotter_uneven=0.008150378629053611,
                  with_position=False, with_spotter_plate=False, empty_s=1.7143570606135548,
                  stand_s=2.6532587935182166, settle_s=1.014399341228455,
                  rest_between_sets_s=11.860617582245876)
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method("forced_negative"))
    set1 = [tr for tr in rec.truth.reps if tr.set == 1]
    found = 0
    for tr in set1:
        tol = max(0.25, 0.10 * tr.ecc_duration_s)
        hit = [r for r in res.reps if abs(r.eccentric.start_s - tr.ecc_start_s) <= tol
               and abs(r.eccentric.end_s - tr.ecc_end_s) <= tol]
        if hit:
            found += 1
            assert hit[0].confidence <= UNSEEN_CONFIDENCE
    assert found >= 3                # (none before: two reps found, one with its bottom 2 s late)


def _unproven_scenario(method: str):
    from forceplate.simulator import Scenario

    if method == "forced_negative":
        # wide seed 8007's forced negatives: 6-7 cm raises in 2.7-3.7 s on 71 kg (3-5 N of m*a)
        return Scenario(seed=943297284, method=method, body_mass_kg=65.462046, bar_mass_kg=5.783799,
                        n_sets=1, reps_per_set=6, negatives=3, ecc_s=5.512247, pause_bottom_s=0.0,
                        con_s=2.865386, rest_top_s=3.105492, negative_ecc_s=3.180513, tempo_spread=0.076644,
                        fatigue=0.423883, stall_s=1.361727, travel_m=0.065145, lockout_spread_m=0.001499,
                        sample_rate_hz=800.0, n_cells=1, noise_sd_n=3.827648, drift_n_per_s=-0.014791,
                        sway=1.371551, spotter_share=0.331267, spotter_mass_kg=109.478026,
                        spotter_uneven=0.06729, empty_s=0.645937, stand_s=2.005495, settle_s=2.882388,
                        rest_between_sets_s=9.06611)
    # wide seed 8029's forced positives: 5-6 cm lowered in 7-8 s on 152 kg (about 1 N of m*a)
    return Scenario(seed=64550910, method=method, body_mass_kg=139.523469, bar_mass_kg=12.08825,
                    n_sets=1, reps_per_set=9, negatives=2, ecc_s=7.938439, pause_bottom_s=0.0,
                    con_s=2.991847, rest_top_s=2.518244, negative_ecc_s=6.700701, tempo_spread=0.066034,
                    fatigue=0.146286, stall_s=0.694632, travel_m=0.055322, lockout_spread_m=0.007088,
                    sample_rate_hz=1200.0, n_cells=4, noise_sd_n=2.351663, drift_n_per_s=-0.067176,
                    sway=0.970551, spotter_share=0.236852, spotter_mass_kg=63.148571,
                    spotter_uneven=0.204827, empty_s=1.276681, stand_s=2.323455, settle_s=1.977651,
                    rest_between_sets_s=14.862006)


@pytest.mark.parametrize("method", ["forced_negative", "forced_positive"])
def test_helps_in_a_chunk_no_rest_closed_are_reps(method):
    """Force only, the untouched phase under the sway: no top rest is proven, and the chunk
    ran on to MAX_CHUNK_S and was dropped (forced negatives: 2 of 6 reps found; forced
    positives: none of 9). The spotter's net impulse shows the helps, each a rep: its helped
    phase's ends from the force (within tolerance), the untouched phase a guess
    (UNSEEN_CONFIDENCE)."""
    from forceplate.analysis.assisted import UNSEEN_CONFIDENCE

    sc = _unproven_scenario(method)
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method(method))
    truth = rec.truth.reps
    helped = 0
    for tr in truth:
        if method == "forced_negative":
            span, want, dur = (lambda r: (r.eccentric.start_s, r.eccentric.end_s)), \
                (tr.ecc_start_s, tr.ecc_end_s), tr.ecc_duration_s
        else:
            span, want, dur = (lambda r: (r.concentric.start_s, r.concentric.end_s)), \
                (tr.con_start_s, tr.con_end_s), tr.con_duration_s
        tol = max(0.25, 0.1 * dur)
        hits = [r for r in res.reps if all(abs(g - w) <= tol for g, w in zip(span(r), want, strict=True))]
        helped += bool(hits)
    # (forced positives: 3 found, 2 with the help in tolerance since the chunk is weighed on
    # the rest before alone - proof_spotter._unproven_helps; the third's raise starts 0.35 s early
    # against a 0.3-s tolerance, where the help ramps on from a top 2 N under that level)
    assert helped >= (5 if method == "forced_negative" else 2)
    assert len(res.reps) <= len(truth)
    assert any(r.confidence <= UNSEEN_CONFIDENCE for r in res.reps)


def test_unproven_pushes_weighed_on_the_rest_before():
    """Force only, forced negatives with an uneven spotter (27-45-N pushes on 98 kg, a 12-N
    band): no top after the second rep is proven, and the chunk is given up at a quiet run
    inside a push. Averaged into the chunk's level, that push's level put every top 20 N
    under it and the pushes 10 N over it - no rep (explore 8011: 2 of 7 found). On the rest
    before's level alone the pushes are reps, each lowering from its push's ramp middles
    (pushed_reps._ramp_middle: the chunk's level is a braking's, newtons off)."""
    from forceplate.simulator import Scenario

    sc = Scenario(seed=246213256, method="forced_negative", body_mass_kg=83.96941369536364,
                  bar_mass_kg=14.236386428032839, reps_per_set=7, negatives=2, ecc_s=7.614906211766286,
                  con_s=2.4015117863266697, rest_top_s=1.8940415947725469, negative_ecc_s=5.88395287137609,
                  tempo_spread=0.1546007642368522, fatigue=0.7954636012159344, stall_s=0.7274084172253172,
                  travel_m=0.07605373877033939, lockout_spread_m=0.013051926121199285,
                  sample_rate_hz=250.0, noise_sd_n=1.8739383987345888, drift_n_per_s=-0.11693286604580586,
                  sway=1.1225649842272791, spotter_share=0.2780056664081424,
                  spotter_mass_kg=89.5092619889934, spotter_uneven=0.23919407347546265,
                  empty_s=1.1307723032163848, stand_s=2.230054961221786, settle_s=2.3304652198757863,
                  rest_between_sets_s=12.252839103861863)
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method("forced_negative"))
    lowered = 0
    for tr in rec.truth.reps:
        tol = max(0.25, 0.10 * tr.ecc_duration_s)
        lowered += any(abs(r.eccentric.start_s - tr.ecc_start_s) <= tol
                       and abs(r.eccentric.end_s - tr.ecc_end_s) <= tol for r in res.reps)
    assert lowered >= 4              # (2 before)
