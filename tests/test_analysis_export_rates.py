"""Vendor exports are often 50-200 Hz: a recording averaged down to 100 or 200 Hz keeps its reps.

A frame of one or two samples has no usable spread of its own (one: zero, so the quiet band
lost its noise term and a noisy plate never showed a rest; two: 0.56 SD on average): such
frames read their noise from the frame means' second differences (frames.D2_SD), and a 100-Hz
export's sample is its own 10-ms frame, the frame mean a 1-kHz plate gives."""

from __future__ import annotations

import csv
import io

import pytest
from analysis_synth import session

from eccentric.cli import main
from forceplate.analysis import AnalysisConfig, analyse
from forceplate.simulator import Scenario, simulate


@pytest.mark.parametrize("method", ["normal", "forced_negative"])
def test_a_noisy_plate_exported_at_100_hz_keeps_every_rep(method: str) -> None:
    rec = simulate(Scenario.for_method(method, seed=5, sample_rate_hz=1000, noise_sd_n=4.5, n_cells=4))
    info, block = rec.exported(100)
    assert info.sample_rate_hz == pytest.approx(100.0)
    res = analyse(info, block, AnalysisConfig.for_method(method))
    assert len(res.reps) == len(rec.truth.reps)
    for found, true in zip(res.reps, rec.truth.reps, strict=True):
        assisted = true.assisted != "none"
        for got, want, dur in ((found.eccentric.start_s, true.ecc_start_s, true.ecc_duration_s),
                               (found.eccentric.end_s, true.ecc_end_s, true.ecc_duration_s),
                               (found.concentric.start_s, true.con_start_s, true.con_duration_s),
                               (found.concentric.end_s, true.con_end_s, true.con_duration_s)):
            tol = max(0.250, 0.10 * dur) if assisted else max(0.150, 0.06 * dur)
            assert abs(got - want) <= tol, (got, want)


def _lift_off_set() -> Scenario:
    return Scenario.for_method("slow_negatives", seed=1107314790, body_mass_kg=57.15, bar_mass_kg=199.25,
                               reps_per_set=5, ecc_s=4.17, pause_bottom_s=1.1, con_s=0.71, rest_top_s=3.51,
                               tempo_spread=0.094, travel_m=0.608, sample_rate_hz=500, n_cells=2,
                               noise_sd_n=2.06, drift_n_per_s=-0.06, sway=0.344, empty_s=1.55, stand_s=2.6,
                               settle_s=1.32)


def test_an_unrack_lift_off_is_not_the_first_rest_at_100_hz() -> None:
    """A heavy slow-negatives set (256 kg on the plate, 2 cells, quiet sway) exported at 100 Hz
    from 500 Hz: the unrack lifts the bar 1-2 cm at a steady ~2.4 cm/s, whose force is m*g.
    Read on 20-ms frames of two samples (smoothed twice: the export's mean, then the frame's)
    that 0.2-s cruise was quiet and became the set's first rest, and rep 1's lowering began
    at its braking 1.5 s early; on the export's own 10-ms frames it is read as at 500 Hz."""
    rec = simulate(_lift_off_set())
    info, block = rec.exported(100)
    res = analyse(info, block, AnalysisConfig.for_method("slow_negatives"))
    assert len(res.reps) == len(rec.truth.reps) == 5
    for found, true in zip(res.reps, rec.truth.reps, strict=True):
        tol = max(0.150, 0.06 * true.ecc_duration_s)
        assert abs(found.eccentric.start_s - true.ecc_start_s) <= tol, (found.rep, found.eccentric.start_s,
                                                                          true.ecc_start_s)
        assert abs(found.eccentric.end_s - true.ecc_end_s) <= tol


@pytest.mark.parametrize("method", ["normal", "forced_negative", "slow_negatives"])
def test_a_noisy_plate_exported_at_200_hz_keeps_every_rep(method: str) -> None:
    """At 200 Hz a 10-ms frame holds two samples, whose spread reads 0.56 of the noise's SD on
    average (ten samples at 1 kHz: 0.92): the quiet band lost 40 % of its noise term, a noisy
    plate's rests went unseen, and sets lost up to all their reps. Frames of under three
    samples read their noise from the frame means' second differences."""
    rec = simulate(Scenario.for_method(method, seed=6, sample_rate_hz=1000, noise_sd_n=4.5, n_cells=4))
    info, block = rec.exported(200)
    assert info.sample_rate_hz == pytest.approx(200.0)
    res = analyse(info, block, AnalysisConfig.for_method(method))
    assert len(res.reps) == len(rec.truth.reps)
    for found, true in zip(res.reps, rec.truth.reps, strict=True):
        tol = max(0.250, 0.10 * true.ecc_duration_s) if true.assisted != "none" else max(0.150, 0.06 * true.ecc_duration_s)
        assert abs(found.eccentric.start_s - true.ecc_start_s) <= tol
        assert abs(found.concentric.end_s - true.con_end_s) <= max(0.250, 0.10 * true.con_duration_s)


def test_a_logger_pro_csv_of_the_lift_off_set_reads_rep_1_right(tmp_path, capsys) -> None:
    """The user's path: the set above as a Logger Pro CSV at 100 Hz through `eccentric analyze`.
    Rep 1 read "lowered in 4.9 s ... 63 % long" (true 3.4 s)."""
    rec = simulate(_lift_off_set())
    _, block = rec.exported(100)
    t0 = float(block.time_s[0])
    force = block.values[:, :2].sum(axis=1)
    p = tmp_path / "logger_pro.csv"
    p.write_text('"Latest: Time (s)","Latest: Force (N)"\n'
                 + "".join(f"{t - t0:.3f},{f:.4f}\n" for t, f in zip(block.time_s, force, strict=True)))
    assert main(["analyze", str(p), "--method", "slow_negatives", "--format", "csv"]) == 0
    rows = [r for r in csv.DictReader(io.StringIO(capsys.readouterr().out)) if r["movement"] == "rep"]
    assert len(rows) == 5
    true = rec.truth.reps[0]
    assert abs(float(rows[0]["ecc_start_s"]) + t0 - true.ecc_start_s) <= 0.25
    assert abs(float(rows[0]["ecc_duration_s"]) - true.ecc_duration_s) <= 0.06 * true.ecc_duration_s + 0.15


_HOLD_THEN_LIFT_OFF = Scenario(
    seed=405321343, method="normal", body_mass_kg=42.32566, bar_mass_kg=23.48242, n_sets=1, reps_per_set=6,
    negatives=5, ecc_s=1.24288, pause_bottom_s=0.0, con_s=1.87073, rest_top_s=3.38981, negative_ecc_s=6.0349,
    tempo_spread=0.056886, fatigue=0.421898, stall_s=0.885883, travel_m=0.147234, lockout_spread_m=0.013862,
    sample_rate_hz=1000.0, n_cells=4, noise_sd_n=2.25279, drift_n_per_s=-0.042146, sway=1.16198,
    spotter_force_n=None, spotter_share=0.121953, spotter_mass_kg=113.7109, spotter_uneven=0.233527,
    with_position=False, with_spotter_plate=False, empty_s=1.91161, stand_s=2.49825, settle_s=2.48035,
    rest_between_sets_s=10.42385)
_LIFT_OFF_CRUISE = Scenario(
    seed=1903453446, method="normal", body_mass_kg=47.8997, bar_mass_kg=19.6124, n_sets=2,
    reps_per_set=9, negatives=3, ecc_s=2.7599, pause_bottom_s=0.0, con_s=1.2525, rest_top_s=2.3112,
    negative_ecc_s=5.6704, tempo_spread=0.14428, fatigue=0.48662, stall_s=1.41628, travel_m=0.061583,
    lockout_spread_m=0.006948, sample_rate_hz=2000.0, n_cells=2, noise_sd_n=2.83748,
    drift_n_per_s=-0.053215, sway=0.625137, spotter_force_n=None, spotter_share=0.424408,
    spotter_mass_kg=83.1675, spotter_uneven=0.291626, with_position=False, with_spotter_plate=False,
    empty_s=1.19116, stand_s=1.82502, settle_s=1.67589, rest_between_sets_s=6.84007)


@pytest.mark.parametrize("sc", [_LIFT_OFF_CRUISE, _HOLD_THEN_LIFT_OFF], ids=["cruise", "hold-then-cruise"])
def test_an_unrack_lift_off_is_not_the_first_rest_at_the_native_rate(sc: Scenario) -> None:
    """Wide seed 8607's normal sets, force only. "cruise" (68 kg, 2 kHz, 6-cm reps lowered in
    2.8 s): after the unrack the bar rises off the hooks at a steady few cm/s for ~0.25 s -
    quiet, at m*g - and that cruise was the set's first rest: its braking read as rep 1's
    lowering launch, 1.8 s early, and the 1.7-s rest after it as the lowering's cruise. The
    rest after the lift-off is the base now (a rep seen from it begins with a lowering).
    "hold-then-cruise" (66 kg, 1 kHz): a 0.2-s hold at the new level before the lift-off is
    the first base, the lift-off's cruise the next quiet run (rep 1 0.53 s early; 2.7 s when
    that cruise became the base): the rest after its braking is the base."""
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method("normal"))
    true = rec.truth.reps[0]
    first = min(res.reps, key=lambda r: abs(r.eccentric.start_s - true.ecc_start_s))
    tol = max(0.150, 0.06 * true.ecc_duration_s)
    assert abs(first.eccentric.start_s - true.ecc_start_s) <= tol, (first.eccentric.start_s, true.ecc_start_s)
    assert len(res.reps) == len(rec.truth.reps)


@pytest.mark.parametrize("seed", range(4))
def test_a_synthetic_lift_off_cruise_is_not_the_first_rest(seed: int) -> None:
    """Made independently of the simulator (analysis_synth): right after the unrack the bar
    rises 1.5 cm off the hooks in 0.9 s, steady at 2.2 cm/s over its middle 0.45 s (force
    m*g, quiet), then the lifter stands 2 s before rep 1. Taken as the set's first rest, that
    cruise made rep 1's lowering begin at its braking, 2.1-2.2 s early (every seed)."""
    s = session(lift_off_m=0.015, seed=seed, ecc_s=3.0, rest_s=2.0, travel_m=0.3, bar_kg=40.0, noise_n=1.0)
    res = analyse(s.info, s.block, AnalysisConfig.for_method("normal"))
    assert len(res.reps) == len(s.reps) == 5
    # the synthetic lowering's raised-cosine start is gentle: it reads 0.1-0.2 s late without a lift-off too
    assert abs(res.reps[0].eccentric.start_s - s.reps[0].ecc_start_s) < 0.3
