"""Lifters the analysis was not developed on (the wide world of benchmarks/bench_phases.py):
regression tests for the fixes made against it, each failing on the code before its fix."""

from __future__ import annotations

import numpy as np
import pytest

from forceplate.analysis import AnalysisConfig, analyse
from forceplate.analysis.analyser import Analyser
from forceplate.samples import ChannelInfo, ReaderInfo, SampleBlock
from forceplate.simulator import Scenario, random_scenario, simulate
from forceplate.units import G


def _block(t: np.ndarray, f: np.ndarray) -> SampleBlock:
    n = t.size
    return SampleBlock(t, f[:, None], np.arange(n, dtype=np.int64), np.zeros(n, np.uint8))


def _stand(rate: float, stand_s: float, seed: int = 1):
    rng = np.random.default_rng(seed)
    t = np.arange(0.0, 2.0 + stand_s + 2.0, 1.0 / rate)
    on, off = 1.0, 1.0 + 0.3 + stand_s
    x_on = np.clip((t - on) / 0.3, 0.0, 1.0)
    x_off = np.clip((t - off) / 0.3, 0.0, 1.0)
    f = 72.0 * G * (x_on - x_off) + rng.normal(0.0, 1.0, t.size)
    info = ReaderInfo("synthetic", "Synthetic plate", "SYN", (ChannelInfo("cell", "N", "force"),), rate)
    res = analyse(info, _block(t, f), AnalysisConfig())
    return [w for w in res.weighings if w.kind == "body" and w.accepted]


@pytest.mark.parametrize("rate", [250.0, 500.0, 1000.0, 2000.0])
@pytest.mark.parametrize("stand_s", [0.9, 0.95, 1.0, 1.05])
def test_a_weighing_needs_a_second_of_quiet_at_any_rate(rate, stand_s):
    # at 250 Hz a 10-ms frame is 2.5 samples: the frame was 8 ms, and every duration counted
    # in 10-ms frames read 25 % long there (a 0.9-s stand passed for the second a weighing
    # needs, and every other time rule - rests, mass changes, chunks - shrank to 80 %). The
    # frame is now 12 ms there, and every duration is counted at the true frame length
    for w in _stand(rate, stand_s):
        assert w.t_end_s - w.t_start_s > 0.85, (rate, stand_s, w)


@pytest.mark.parametrize("rate", [250.0, 1000.0])
def test_a_long_enough_stand_is_weighed_at_any_rate(rate):
    got = _stand(rate, 1.4)
    assert got and abs(got[0].mass_kg - 72.0) < 0.2


@pytest.mark.parametrize("seed", [2, 3, 5, 8])
def test_position_channel_slow_light_lowerings_keep_every_rep(seed):
    # a 12-kg bar lowered 7 cm in 7-8 s (1 cm/s) with a bar position: the quiet-window test
    # (the bar moving under 2 mm in 110 ms) and a rest speed of 1 cm/s let the start of each
    # lowering pass for a rest, and no rep was found at all; a measured rest is now still in
    # absolute terms (under 5 mm/s over the quiet run's first 0.2 s). Such a lowering's
    # tenth of peak speed (1 mm/s) is within the sensor's noise at 10 Hz: its ends were
    # 0.4-0.7 s off (the last "moving" point a noise spike by the raise); found on a 2-Hz
    # low-pass of the phase's own stretch they are within 0.6 s (8 % of the lowering), the
    # raise's within the standard 0.15 s
    sc = Scenario.for_method("slow_negatives", seed=seed, with_position=True, travel_m=0.07,
                             ecc_s=7.5, bar_mass_kg=12.0, body_mass_kg=66.0, pause_bottom_s=1.5,
                             reps_per_set=4, lockout_spread_m=0.008, sway=1.4, noise_sd_n=4.0)
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method("slow_negatives"))
    assert len(res.reps) == len(rec.truth.reps)
    for tr in rec.truth.reps:
        r = min(res.reps, key=lambda r: abs(r.eccentric.start_s - tr.ecc_start_s))
        assert abs(r.eccentric.start_s - tr.ecc_start_s) < 0.6
        assert abs(r.eccentric.end_s - tr.ecc_end_s) < 0.6
        assert abs(r.concentric.start_s - tr.con_start_s) < 0.15
        assert abs(r.concentric.end_s - tr.con_end_s) < 0.15


def test_wide_world_draws_what_it_promises():
    rng = np.random.default_rng(5)
    scs = [random_scenario(rng, m, world="wide") for m in
           ("normal", "slow_negatives", "beyond_failure", "forced_positive", "forced_negative") for _ in range(40)]
    travel = [sc.travel_m for sc in scs]
    assert min(travel) < 0.08 and max(travel) > 0.6
    assert {250.0, 2000.0} <= {sc.sample_rate_hz for sc in scs}
    assert max(sc.ecc_s for sc in scs) > 7.0 and min(sc.ecc_s for sc in scs) < 0.7
    assert max(sc.system_mass_kg for sc in scs) > 250 and min(sc.body_mass_kg for sc in scs) < 50
    assert any(sc.spotter_uneven > 0.25 for sc in scs)
    # the classic world is unchanged for the seeds the other tests use
    a = random_scenario(np.random.default_rng(1), "normal")
    assert a == random_scenario(np.random.default_rng(1), "normal", world="classic")
    assert a.spotter_uneven == 0.0 and 500 <= a.sample_rate_hz <= 2000


def _force_errors(sc: Scenario) -> list[float]:
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method(sc.method))
    errs = []
    for tr in rec.truth.reps:
        r = min(res.reps, key=lambda r: abs(r.eccentric.start_s - tr.ecc_start_s))
        if abs(r.eccentric.start_s - tr.ecc_start_s) < 0.5:
            errs += [abs(r.eccentric.mean_force_n / tr.ecc_mean_force_n - 1),
                     abs(r.concentric.mean_force_n / tr.con_mean_force_n - 1)]
    assert len(errs) >= len(rec.truth.reps)
    return errs


@pytest.mark.parametrize(("method", "seed", "drift"), [("normal", 1, 0.15), ("beyond_failure", 2, -0.15),
                                                       ("forced_negative", 3, 0.12)])
def test_phase_mean_forces_hold_under_plate_drift(method, seed, drift):
    # the plate's zero drifts 0.1-0.15 N/s: two minutes on, a heavy set's phase forces read
    # 1-2 % off the first weighing's. The lifter's mass does not change, so later rests of the
    # same mass show the drift, and it is taken out of the phase forces: drift adds (almost)
    # little to the error the boundaries leave (the drift over a long stand between sets is
    # carried on from the last rest: up to ~0.3 %)
    sc = Scenario.for_method(method, seed=seed, n_sets=2, drift_n_per_s=drift, body_mass_kg=105.0,
                             bar_mass_kg=100.0, rest_between_sets_s=30.0, rest_top_s=2.5)
    drifting = np.percentile(_force_errors(sc), 90)
    still = np.percentile(_force_errors(sc.with_(drift_n_per_s=0.0)), 90)
    # the bound is the drift over the stand between sets (docs/analysis.md: up to ~0.3 %); the
    # set-1 reps carry next to none (normal, 0.15 N/s: 90th percentile 0.30 % under drift,
    # 0.05 % without, since rest levels come from the zero impulse of proven reps)
    assert drifting < still + 0.003, f"90th percentile {100 * drifting:.2f} % (no drift: {100 * still:.2f} %)"


@pytest.mark.parametrize(("method", "seed", "drift"), [("normal", 4, -0.15), ("slow_negatives", 5, 0.14),
                                                       ("forced_positive", 6, -0.14)])
def test_phase_mean_forces_hold_when_the_drift_passes_the_level_tolerance(method, seed, drift):
    # a light lifter (55 kg on the plate) in long sets: the plate's zero drifts past the
    # same-level tolerance (12 N) of the set's first weighing. Each rest was compared with
    # that first weighing, and the reference dropped at every mass change the analysis saw
    # (a spotter's grab passes for one): past 12 N the drift fell back to the set's start, or
    # stood still until the next rest. A rest is now compared with where the load reads with
    # the drift known so far, and a load within that tolerance keeps its weight. Worst phase
    # mean force, drifting vs not: normal 0.81 vs 0.11 %, slow negatives 0.85 vs 0.16 %,
    # forced positive 1.73 vs 0.55 % before; 0.54, 0.26, 0.93 % after
    kw = dict(seed=seed, n_sets=2, reps_per_set=8, body_mass_kg=47.0, bar_mass_kg=8.0,
              rest_between_sets_s=20.0, rest_top_s=4.0, ecc_s=3.0, pause_bottom_s=1.0, con_s=2.0)
    drifting = max(_force_errors(Scenario.for_method(method, drift_n_per_s=drift, **kw)))
    still = max(_force_errors(Scenario.for_method(method, drift_n_per_s=0.0, **kw)))
    assert drifting < still + 0.005, f"worst {100 * drifting:.2f} % (no drift: {100 * still:.2f} %)"


def _drift_after(weighings: list[tuple[str, float, float]]) -> float:
    info = ReaderInfo("synthetic", "Synthetic plate", "SYN", (ChannelInfo("cell", "N", "force"),), 1000.0)
    an = Analyser(info, AnalysisConfig())
    for role, level_n, t_s in weighings:
        an._note_drift(role, level_n, t_s)
    return an._drift_now_n


def test_a_held_bar_read_as_a_rest_does_not_drag_the_drift_off():
    # body 800 N, lifter + bar 1000 N, the plate drifting +0.15 N/s. A spotter's hand on a
    # held bar reads as a "rest" 30 N under the load: inside a set no new load can appear
    # (the bar's mass does not change between racks), so it is left out. Taken as a new
    # load, the drift stood still until the next rack (1-2 % on the set's later phases)
    seq = [("body", 800.0, 2.0), ("system", 1000.0, 6.0), ("system", 1001.5, 16.0),
           ("system", 973.0, 26.0), ("system", 1004.5, 36.0), ("system", 1006.0, 46.0)]
    assert abs(_drift_after(seq) - 6.0) < 0.01
    # a new load after the lifter stood alone is weighed afresh (the drift carried on)
    seq += [("body", 807.5, 56.0), ("system", 1107.5, 70.0), ("system", 1109.0, 80.0)]
    assert abs(_drift_after(seq) - 9.0) < 0.01


def test_the_drift_is_found_again_after_a_held_bar_moved_it():
    # a held bar's "rest" within the tolerance moves the drift (here by -10 N); the next true
    # rests read 14-16 N over where the load then reads (over the 12-N tolerance): the drift may
    # have moved DRIFT_MAX_N_S (0.3 N/s) since the last rest that showed it, so they are the
    # load again and the drift is right from there on (it stood at the held bar's before)
    seq = [("body", 800.0, 2.0), ("system", 1000.0, 6.0), ("system", 1003.0, 26.0),
           ("system", 993.0, 36.0), ("system", 1007.0, 56.0), ("system", 1008.5, 66.0)]
    assert abs(_drift_after(seq) - 8.5) < 0.01


def test_phase_forces_late_in_a_drifting_spotted_set_keep_the_load_weight():
    # a wide-world beyond-failure set on one plate (8405, drift 0.14 N/s: 45 N by the end)
    # where rests at a held bar's level passed for new loads: the last reps' system weight
    # read 102.7 kg for 100.6 (2 %), it reads 100.7 now
    sc = Scenario.for_method("beyond_failure", seed=1831435833, body_mass_kg=81.79173357131731,
        bar_mass_kg=18.803129550568208, n_sets=2, reps_per_set=8, negatives=4,
        ecc_s=1.1441565561663083, pause_bottom_s=1.2976004839662714, con_s=2.7533187312226373,
        rest_top_s=3.0909525459062754, negative_ecc_s=4.6874778304336475,
        tempo_spread=0.12274709897475128, fatigue=1.4858331983752615, stall_s=1.4429523383999074,
        travel_m=0.20259303084628766, lockout_spread_m=0.006420824295336599, sample_rate_hz=2000.0,
        n_cells=2, noise_sd_n=3.056736650170956, drift_n_per_s=0.13591790923622096,
        sway=0.3183919910985396, spotter_force_n=None, spotter_share=0.43836964371644394,
        spotter_mass_kg=115.22872102092374, spotter_uneven=0.06557893993358731, with_position=False,
        with_spotter_plate=False, empty_s=0.9498349942306827, stand_s=2.5500902636309792,
        settle_s=2.161064149697208, rest_between_sets_s=14.808567100437767)
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method(sc.method))
    for r in res.reps[-3:]:
        assert abs(r.system_mass_kg / sc.system_mass_kg - 1) < 0.005, r.system_mass_kg

def _stepped_session(steps: list[tuple[float, float]], t_end_s: float) -> Analyser:
    """A 500-Hz plate whose load steps to mass_kg at each start_s (0.3-s transfers), drifting
    0.15 N/s with 1 N of noise, fed through the analyser."""
    rate = 500.0
    t = np.arange(0.0, t_end_s, 1.0 / rate)
    level_kg = np.zeros(t.size)
    prev = 0.0
    for start_s, mass_kg in steps:
        level_kg += (mass_kg - prev) * np.clip((t - start_s) / 0.3, 0.0, 1.0)
        prev = mass_kg
    f = level_kg * G + 0.15 * t + np.random.default_rng(3).normal(0.0, 1.0, t.size)
    info = ReaderInfo("synthetic", "Synthetic plate", "SYN", (ChannelInfo("cell", "N", "force"),), rate)
    an = Analyser(info, AnalysisConfig())
    an.feed(_block(t, f))
    an.finish()
    return an


def test_a_re_tare_mid_session_shifts_the_drift_and_the_weighed_levels():
    # the lifter steps off 5 minutes into a session (the plate drifting 0.15 N/s: 45 N) and
    # the empty plate is weighed again: the drift so far is in the new tare. The drift noted
    # before was not shifted (counted twice: 45 N on every later phase force), and the body
    # weighed before read 45 N over the body now, so the lifter stepping back on passed for
    # a load
    an = _stepped_session([(2.0, 80.0), (6.0, 100.0), (12.0, 80.0), (300.0, 0.0), (306.0, 80.0),
                           (312.0, 100.0)], 340.0)
    tares = [w for w in an.weighings if w.kind == "tare" and w.accepted]
    assert len(tares) == 2
    after = [w for w in an.weighings if w.t_start_s > tares[1].t_end_s and w.accepted]
    assert after and after[0].kind == "body"
    # the drift since the re-tare: 0.15 N/s over the half minute from it to the last weighing
    since = 0.15 * (0.5 * (after[-1].t_start_s + after[-1].t_end_s) - 0.5 * (tares[1].t_start_s + tares[1].t_end_s))
    assert abs(an._drift_now_n - since) < 2.0, (an._drift_now_n, since)


def test_a_re_tare_long_after_the_last_body_weighing_still_knows_the_lifter():
    # the body weighed once at the start; a 4-minute stand with the bar (0.15 N/s: 36 N of
    # drift), racked with 0.7 s at the body weight (too short to weigh), stepped off, the empty
    # plate weighed again, the lifter back on alone: the body level must be the true weight
    # plus the drift now - shifted by the whole tare change from a 4-minute-old weighing it read
    # 36 N under, and the lifter standing alone passed for a load ("reweigh 80.1 kg")
    an = _stepped_session([(2.0, 80.0), (6.0, 100.0), (250.0, 80.0), (250.7, 0.0), (256.0, 80.0),
                           (262.0, 100.0)], 270.0)
    tare_end = [w for w in an.weighings if w.kind == "tare" and w.accepted][-1].t_end_s
    after = [w for w in an.weighings if w.t_start_s > tare_end and w.accepted]
    assert [w.kind for w in after][:1] == ["body"], [(w.kind, round(w.mass_kg, 1)) for w in after]
    assert abs(after[0].mass_kg - 80.0) < 0.3


def _wide(method: str, **kw) -> tuple[list[int], list[int]]:
    """(true reps per set, found reps per set) of one wide-world scenario drawn on seeds
    8401-8420 (bench_phases), its parameters written out."""
    sc = Scenario(method=method, **kw)
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method(method))
    sets = range(1, sc.n_sets + 1)
    return ([sum(1 for r in rec.truth.reps if r.set == s) for s in sets],
            [sum(1 for r in res.reps if r.set == s) for s in sets])


_COMMON = dict(negatives=2, tempo_spread=0.16, fatigue=0.5, stall_s=1.4, spotter_force_n=None,
               spotter_share=0.2, spotter_mass_kg=110.0, spotter_uneven=0.1, with_position=True,
               with_spotter_plate=False)


def test_a_measured_top_whose_quiet_began_before_the_bar_stopped_is_a_rest():
    # a 17-cm normal set with a bar position: the raise ends slowly (1 cm/s over its last
    # 0.3 s), its force already quiet; the quiet run began there, and the rest test (the bar
    # under 5 mm/s over the run's first 0.2 s) refused every such top, merging reps up to
    # the rack. A measured bar's quiet run now begins where the bar is still
    true, found = _wide("normal", **{**_COMMON, **dict(
        seed=1350541582, body_mass_kg=112.44, bar_mass_kg=31.59, n_sets=1, reps_per_set=3,
        ecc_s=2.578, pause_bottom_s=1.948, con_s=2.268, rest_top_s=0.3736, negative_ecc_s=3.96,
        tempo_spread=0.16484655820366384, fatigue=0.48972126422922946, travel_m=0.17146,
        lockout_spread_m=0.00324, sample_rate_hz=1000.0, n_cells=1, noise_sd_n=0.924,
        drift_n_per_s=-0.00403, sway=1.7724, empty_s=1.677, stand_s=1.582, settle_s=1.009,
        rest_between_sets_s=14.88)})
    assert found == true, (true, found)


def test_the_last_rep_of_a_set_racked_and_stepped_off_at_once_is_kept():
    # racked after the set's last rep and off the plate 1.5 s later: the body weight was never
    # quiet for MASS_CHANGE_S, so the rack went unseen and the rest before it was never
    # tested - the set's last rep was lost (7 of 8)
    true, found = _wide("normal", **{**_COMMON, **dict(
        seed=113900345, body_mass_kg=65.36, bar_mass_kg=59.458, n_sets=1, reps_per_set=8,
        ecc_s=1.266, pause_bottom_s=1.796, con_s=2.1747, rest_top_s=0.3126, negative_ecc_s=7.03,
        tempo_spread=0.07643076189806969, fatigue=0.5378721881637265, travel_m=0.53642,
        lockout_spread_m=0.01817, sample_rate_hz=250.0, n_cells=4, noise_sd_n=2.215,
        drift_n_per_s=-0.14543, sway=1.5356, empty_s=1.573, stand_s=2.606, settle_s=2.087,
        rest_between_sets_s=5.37)})
    assert found == true, (true, found)


def test_a_measured_top_reached_at_the_still_speed_is_a_rest():
    # a 5-cm slow negative whose raise slows to a stop at 5 mm/s: still on frame means, 5.3
    # mm/s on the rest test's 10-Hz low-pass - the run's start moved to the first frame still
    # on the frame means was refused again, and the set's last rep was lost (5 of 6). A run
    # that began moving starts where the bar is under half the still speed
    true, found = _wide("slow_negatives", **{**_COMMON, **dict(
        seed=1090012465, body_mass_kg=148.19172099292717, bar_mass_kg=14.514985253630108,
        n_sets=1, reps_per_set=6, negatives=5, ecc_s=6.372950285712364,
        pause_bottom_s=1.4457427701155863, con_s=2.8115764882355143, rest_top_s=0.5212054990766192,
        negative_ecc_s=6.015931046811715, tempo_spread=0.19555182445291208,
        fatigue=0.6329364575149105, stall_s=1.2101125032127307, travel_m=0.052940459367144664,
        lockout_spread_m=0.005798400207184941, sample_rate_hz=1000.0, n_cells=1,
        noise_sd_n=2.1518277187756265, drift_n_per_s=-0.07485814509389906, sway=1.1085684283061166,
        spotter_share=0.44952741857630274, spotter_mass_kg=107.87252531279246,
        spotter_uneven=0.11195574834606108, empty_s=1.8847284473145107, stand_s=2.835738097124789,
        settle_s=1.84557062672434, rest_between_sets_s=7.212525420982927)})
    assert found == true, (true, found)


def test_a_light_bar_a_spotter_carries_up_is_not_racked():
    # a 6-kg bar on a 116-kg lifter, beyond failure with a bar position: the spotter carries
    # the failing raise up over 4 s (35-45 N: the plate near the body weight for 2-3 s) and
    # the force passed for the rack - the set was cut in two there (9 + 2 of 13, the failed
    # rep lost). A racked bar sits on the hooks; this one rose 3 cm meanwhile
    true, found = _wide("beyond_failure", **{**_COMMON, **dict(
        seed=428579319, body_mass_kg=115.84526104790554, bar_mass_kg=5.722041666111805,
        n_sets=1, reps_per_set=9, negatives=3, ecc_s=2.009806695062418,
        pause_bottom_s=0.7633247985544691, con_s=1.4940757522924697, rest_top_s=3.642376714168864,
        negative_ecc_s=6.336134579670099, tempo_spread=0.18092126430099903,
        fatigue=0.6254372403388525, stall_s=0.3968496986973251, travel_m=0.05094313613690418,
        lockout_spread_m=0.004637340099016142, sample_rate_hz=250.0, n_cells=1,
        noise_sd_n=2.0644294007369868, drift_n_per_s=-0.086518827323111, sway=0.9215214973492245,
        spotter_share=0.43035389864541573, spotter_mass_kg=110.12613813785501,
        spotter_uneven=0.2540409990123211, empty_s=1.67321523060539, stand_s=1.8862934184109008,
        settle_s=2.8555016154099975, rest_between_sets_s=7.655887673210455)})
    assert found == true, (true, found)


@pytest.mark.parametrize("block", [37, 250])
def test_a_measured_rest_found_late_in_its_quiet_run_is_the_same_fed_in_blocks(block):
    # the rest of a measured bar that began moving is found by looking ahead in its quiet run:
    # fed in blocks, the decision must wait for the frames, not take whatever it has
    sc = Scenario(method="normal", **{**_COMMON, **dict(
        seed=1350541582, body_mass_kg=112.44, bar_mass_kg=31.59, n_sets=1, reps_per_set=3,
        ecc_s=2.578, pause_bottom_s=1.948, con_s=2.268, rest_top_s=0.3736, negative_ecc_s=3.96,
        tempo_spread=0.16484655820366384, fatigue=0.48972126422922946, travel_m=0.17146,
        lockout_spread_m=0.00324, sample_rate_hz=1000.0, n_cells=1, noise_sd_n=0.924,
        drift_n_per_s=-0.00403, sway=1.7724, empty_s=1.677, stand_s=1.582, settle_s=1.009,
        rest_between_sets_s=14.88)})
    rec = simulate(sc)
    whole = analyse(rec.info, rec.block(), AnalysisConfig.for_method("normal"))
    an = Analyser(rec.info, AnalysisConfig.for_method("normal"))
    b = rec.block()
    for k in range(0, len(b), block):
        an.feed(SampleBlock(b.time_s[k:k + block], b.values[k:k + block], b.seq[k:k + block],
                            b.flags[k:k + block]))
    an.finish()
    got = [(r.eccentric.start_s, r.concentric.end_s) for r in an.reps]
    assert got == [(r.eccentric.start_s, r.concentric.end_s) for r in whole.reps]


def test_a_measured_first_lowering_after_a_swaying_settle_keeps_its_rep():
    # 305 kg (130-kg lifter, 175-kg bar) lowered 72 cm with a bar position: the settle after
    # the unrack swayed too much to be quiet, and the first quiet run at the new level was
    # the first lowering's bottom pause; refused as a rest there, it still became the set's
    # first base, and the first rep was lost (5 of 6). The settle stays the rest
    true, found = _wide("slow_negatives", **{**_COMMON, **dict(
        seed=1764700113, body_mass_kg=129.6259590097437, bar_mass_kg=175.3944927013294,
        n_sets=2, reps_per_set=6, negatives=3, ecc_s=4.339748102367463,
        pause_bottom_s=1.4781984791257903, con_s=1.7976492997736113, rest_top_s=0.5235797768169355,
        negative_ecc_s=7.136243230068818, tempo_spread=0.08273471457421484, fatigue=0.508230844686141,
        stall_s=0.6525430825447612, travel_m=0.7172307625747039, lockout_spread_m=0.02831087709188166,
        sample_rate_hz=1000.0, n_cells=4, noise_sd_n=4.1674986824330125,
        drift_n_per_s=0.14526465087147158, sway=1.571306455354418, spotter_share=0.13831295826165543,
        spotter_mass_kg=74.51545450585775, spotter_uneven=0.1928687819665893,
        empty_s=0.7636862014954777, stand_s=1.6001589837347936, settle_s=1.3987048750743398,
        rest_between_sets_s=9.304213540601392)})
    assert found == true, (true, found)


def test_a_measured_last_rep_racked_below_the_top_is_a_rep():
    # a 5.6-cm forced positive with a bar position: the set's last raise stopped 3.2 of 5.5
    # cm up and the bar was racked there - no top (a rest asks two thirds of the way back),
    # and the set's last rep was lost (8 of 9). Racked still straight after a raise, that
    # raise ended the rep wherever it stopped
    true, found = _wide("forced_positive", **{**_COMMON, **dict(
        seed=747512229, body_mass_kg=117.35565594494035, bar_mass_kg=12.197928685194054,
        n_sets=2, reps_per_set=9, negatives=3, ecc_s=6.262372661159288,
        pause_bottom_s=1.8996664928881852, con_s=1.461056548261364, rest_top_s=1.022757766858197,
        negative_ecc_s=3.87787052163818, tempo_spread=0.16032406718184167,
        fatigue=0.07745993378611982, stall_s=0.7612056553533124, travel_m=0.05606274518883548,
        lockout_spread_m=0.008775730599048572, sample_rate_hz=2000.0, n_cells=3,
        noise_sd_n=2.9568567624033317, drift_n_per_s=0.12774812693936974, sway=1.8770253794506664,
        spotter_share=0.38769882815293477, spotter_mass_kg=100.9296292092028,
        spotter_uneven=0.2730870185320441, empty_s=1.948792916577451, stand_s=2.2694477368096146,
        settle_s=1.9456560788113764, rest_between_sets_s=7.957487645231077)})
    assert found == true, (true, found)


def test_a_measured_bar_lowered_onto_the_hooks_keeps_the_last_rep():
    # beyond failure, 9 cm, a bar position: the last (failing) raise stopped 5.5 of 9.8 cm up,
    # and the bar was lowered 1.5 cm onto the hooks before the force went over to the body
    # weight. The rest before the rack was taken where the force last sat at the system level
    # - the bar already on its way down, no rest, and the set's last rep was lost (12 of 13).
    # That stretch must hold a still bar too
    true, found = _wide("beyond_failure", **{**_COMMON, **dict(
        seed=1686868659, body_mass_kg=50.2279066950798, bar_mass_kg=7.123436572102486,
        n_sets=2, reps_per_set=10, negatives=2, ecc_s=2.5882764365107964, pause_bottom_s=0.0,
        con_s=1.8203722643757305, rest_top_s=1.9992878703813501, negative_ecc_s=4.14586740231829,
        tempo_spread=0.05835479180119438, fatigue=1.0378598848430507, stall_s=1.0001613435615277,
        travel_m=0.09282852817425034, lockout_spread_m=0.017251565091598656,
        sample_rate_hz=1000.0, n_cells=3, noise_sd_n=3.209522683760279,
        drift_n_per_s=-0.06670601514091344, sway=1.4522046784323943, spotter_share=0.293608841262356,
        spotter_mass_kg=87.65918018250304, spotter_uneven=0.0902212513583647,
        empty_s=1.7006779931733238, stand_s=2.975304222020307, settle_s=2.1419261941658485,
        rest_between_sets_s=8.930925438915152)})
    assert found == true, (true, found)
