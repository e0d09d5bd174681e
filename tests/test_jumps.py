"""Jumps through the streaming Analyser, against the synthesiser's exact truth
(forceplate/simulator/jumps.py): found exactly once, nothing else, within the acceptance
tolerances; landings off the plate, drop jumps, hops; stream == offline; the rep schema."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from analysis_synth import session, split

from forceplate.analysis import Analyser, analyse
from forceplate.analysis.events import JUMP_KEYS, RepCompleted, SetEnded, SetStarted
from forceplate.simulator.jumps import match, recording
from forceplate.units import G
from sessions import schema as S

STANDING = ("countermovement", "squat", "loaded")


def _jumps(rec):
    res = analyse(rec.info, rec.block)
    return res, [r.jump for r in res.reps if r.jump is not None]


@pytest.mark.parametrize("seed", range(7000, 7012))
def test_standing_jumps_found_once_within_tolerances(seed: int) -> None:
    rec = recording(seed, kinds=STANDING)
    res, found = _jumps(rec)
    pairs, missed, extra = match(rec.jumps, found)
    assert not missed and not extra, rec.description
    assert all(r.movement == "jump" for r in res.reps), "a ghost strength rep"
    for tr, m in pairs:
        assert abs(m.takeoff_s - tr.takeoff_s) <= 0.005, rec.description
        assert abs(m.mass_kg - tr.mass_kg) <= 0.5, rec.description
        assert m.height_impulse_m is not None
        assert abs(m.height_impulse_m - tr.height_m) <= 0.01, rec.description
        assert m.type == ("squat" if tr.kind == "squat" else "countermovement")
        assert m.flight_time_s is not None and tr.flight_time_s is not None
        assert abs(m.flight_time_s - tr.flight_time_s) <= 0.006
        assert m.rsi_modified == pytest.approx(m.height_impulse_m / m.contraction_time_s)


def test_start_and_lowest_point_for_95_percent() -> None:
    """Start of movement within 30 ms and the lowest point within 15 ms, for 95 % of the
    standing jumps (sway the same way as a slow start walks the crossing back)."""
    onset, low = [], []
    for seed in range(7100, 7120):
        rec = recording(seed, kinds=STANDING)
        pairs, _, _ = match(rec.jumps, _jumps(rec)[1])
        onset += [abs(m.onset_s - tr.onset_s) for tr, m in pairs]
        low += [abs(m.zero_velocity_s - tr.zero_velocity_s) for tr, m in pairs]
    assert len(onset) >= 40
    assert np.mean(np.array(onset) <= 0.030) >= 0.95
    assert np.mean(np.array(low) <= 0.015) >= 0.95


def test_countermovement_metrics_are_physical() -> None:
    rec = recording(7200, kinds=("countermovement",), rate_hz=1000.0)
    res, found = _jumps(rec)
    pairs, _, _ = match(rec.jumps, found)
    for tr, m in pairs:
        rep = next(r for r in res.reps if r.jump is m)
        # eccentric = unweighting + braking, concentric = propulsion ending at take-off
        assert rep.eccentric.start_s == pytest.approx(m.onset_s)
        assert rep.eccentric.end_s == pytest.approx(m.zero_velocity_s)
        assert rep.concentric.end_s == pytest.approx(m.takeoff_s)
        assert m.unweighting_s + m.braking_s == pytest.approx(rep.eccentric.duration_s, abs=1e-6)
        assert m.propulsion_s == pytest.approx(rep.concentric.duration_s, abs=1e-6)
        # between rest and the bottom the momentum change is the unweighting's: the braking
        # impulse equals m * |peak downward velocity|
        assert m.ecc_decel_impulse_n_s == pytest.approx(m.mass_kg * abs(rep.eccentric.peak_velocity_m_s), rel=0.05)
        assert m.countermovement_depth_m == pytest.approx(tr.depth_m, abs=0.02)
        assert m.braking_peak_force_n >= m.braking_mean_force_n > m.mass_kg * G
        assert m.braking_rfd_n_per_s > 0
        assert m.force_at_zero_velocity_n > m.mass_kg * G
        assert m.ecc_con_mean_force_ratio is not None and 0.2 < m.ecc_con_mean_force_ratio < 1.5
        assert m.peak_landing_force_n == pytest.approx(tr.peak_landing_force_n, rel=0.03)
        assert m.height_flight_m == pytest.approx(G * tr.flight_time_s ** 2 / 8, abs=0.005)


@pytest.mark.parametrize("seed", range(7300, 7306))
def test_landing_off_the_plate_is_a_jump_without_flight(seed: int) -> None:
    rec = recording(seed, kinds=("off_plate",))
    res, found = _jumps(rec)
    pairs, missed, extra = match(rec.jumps, found)
    assert not missed and not extra and all(r.movement == "jump" for r in res.reps)
    off = [(tr, m) for tr, m in pairs if tr.landing_s is None]
    assert len(off) == 1
    tr, m = off[0]
    assert m.landed == "off" and m.flight_time_s is None and m.height_flight_m is None
    assert m.peak_landing_force_n is None
    assert abs(m.height_impulse_m - tr.height_m) <= 0.01
    assert "landed_off_plate" in next(r for r in res.reps if r.jump is m).verdict_codes


@pytest.mark.parametrize("seed", range(7400, 7406))
def test_drop_jumps_from_a_box(seed: int) -> None:
    rec = recording(seed, kinds=("drop",))
    res, found = _jumps(rec)
    pairs, missed, extra = match(rec.jumps, found)
    assert not missed and not extra and all(r.movement == "jump" for r in res.reps)
    for tr, m in pairs:
        assert m.type == "drop"
        assert abs(m.onset_s - tr.onset_s) <= 0.005             # touchdown
        assert abs(m.takeoff_s - tr.takeoff_s) <= 0.008
        assert abs(m.height_impulse_m - tr.height_m) <= 0.015   # integrated back from the stance after
        assert m.rsi == pytest.approx(m.height_flight_m / m.contraction_time_s)
        assert m.rsi_modified is None


@pytest.mark.parametrize("seed", range(7500, 7505))
def test_hops_each_take_off_once(seed: int) -> None:
    rec = recording(seed, kinds=("hops",))
    res, found = _jumps(rec)
    pairs, missed, extra = match(rec.jumps, found)
    assert not missed and not extra and all(r.movement == "jump" for r in res.reps)
    for tr, m in pairs:
        assert m.type == ("rebound" if tr.kind == "rebound" else "countermovement")
        assert abs(m.height_impulse_m - tr.height_m) <= 0.015


@pytest.mark.parametrize("kind", ["hops", "drop", "off_plate", "squat"])
def test_streamed_in_random_blocks_equals_offline(kind: str) -> None:
    rec = recording(7600, kinds=(kind,))
    one = analyse(rec.info, rec.block)
    an = Analyser(rec.info)
    rng = np.random.default_rng(1)
    events = []
    for b in split(rec.block, rng, max_len=700):
        events += an.feed(b)
    events += an.finish()
    # repr: the jumps' ecc_con_load_ratio is NaN (a load ratio means nothing for a jump)
    assert one.reps and repr([r.to_row() for r in an.reps]) == repr([r.to_row() for r in one.reps])
    assert [e.rep for e in events if isinstance(e, RepCompleted)] == an.reps
    starts = [e for e in events if isinstance(e, SetStarted)]
    ends = [e for e in events if isinstance(e, SetEnded)]
    assert len(starts) == len(ends) >= 1
    assert sum(e.summary.reps for e in ends) == len(an.reps)


def test_stepping_on_and_off_is_no_jump() -> None:
    """A strength session (empty, step on, unrack, reps, rack, step off): no jump, reps as before."""
    syn = session(seed=3, reps=4)
    res = analyse(syn.info, syn.block)
    assert len(res.reps) == 4
    assert all(r.movement == "rep" and r.jump is None for r in res.reps)
    row = res.reps[0].to_row()
    assert row["movement"] == "rep" and all(row[k] is None for k in JUMP_KEYS)


def test_jump_rows_fit_the_fixed_rep_schema() -> None:
    rec = recording(7700, kinds=("countermovement",))
    res = analyse(rec.info, rec.block)
    syn = session(seed=3, reps=2)
    rows = [r.to_row() for r in res.reps] + [r.to_row() for r in analyse(syn.info, syn.block).reps]
    frame = S.rows_frame(rows, S.REP_COLUMNS)
    assert frame.schema == pl.Schema(S.REP_COLUMNS)
    jumps = frame.filter(pl.col("movement") == "jump")
    assert jumps.height == len(rec.jumps)
    assert jumps["jump_height_impulse_m"].null_count() == 0
    reps = frame.filter(pl.col("movement") == "rep")
    assert reps.height == 2 and reps["jump_height_impulse_m"].null_count() == 2
    assert set(JUMP_KEYS) <= set(S.REP_COLUMNS)


def test_unweighing_light_athlete_is_not_flight() -> None:
    """40 kg with the force falling to a quarter of body weight: still on the plate."""
    for seed in range(7800, 7830):
        rec = recording(seed, kinds=("countermovement",))
        if rec.body_kg < 50:
            _, found = _jumps(rec)
            pairs, missed, extra = match(rec.jumps, found)
            assert not missed and not extra
            return
    pytest.skip("no light athlete drawn")


def test_nan_free_metrics() -> None:
    rec = recording(7900, kinds=("countermovement",))
    _, found = _jumps(rec)
    for m in found:
        for k, v in vars(m).items() if hasattr(m, "__dict__") else ((k, getattr(m, k)) for k in m.__slots__):
            assert not (isinstance(v, float) and math.isnan(v)), k


def test_analyze_cli_reports_jumps(tmp_path, capsys) -> None:
    import json

    from eccentric.cli import main

    rec = recording(7950, kinds=("countermovement",), rate_hz=1000.0, n_jumps=3)
    path = tmp_path / "cmj.csv"
    data = np.column_stack([rec.block.time_s, rec.block.values.sum(axis=1)])
    np.savetxt(path, data, delimiter=",", header="time_s,force_n", comments="", fmt="%.6f")
    assert main(["analyze", str(path), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    rows = doc["reps"]
    assert [r["movement"] for r in rows] == ["jump"] * 3
    for row, tr in zip(rows, rec.jumps, strict=True):
        assert row["jump_type"] == "countermovement" and row["jump_landed"] == "plate"
        assert row["jump_height_impulse_m"] == pytest.approx(tr.height_m, abs=0.01)
        assert row["ecc_con_load_ratio"] is None             # NaN -> null
    assert main(["analyze", str(path), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4 and "jump_height_impulse_m" in lines[0].split(",")
    assert main(["analyze", str(path)]) == 0
    table = capsys.readouterr().out
    assert "jumps 3" in table and "countermovement" in table and "reps 0" in table
    assert table.startswith("jump test") and "method normal" not in table


@pytest.mark.parametrize("seed", range(8000, 8004))
def test_loaded_jump_squats_after_taking_the_bar_are_one_set(seed: int) -> None:
    # 1000 Hz: the strength path's weighings (the body mass here) are made for 500-2000 Hz
    rec = recording(seed, kinds=("loaded",), rate_hz=1000.0)
    res, found = _jumps(rec)
    pairs, missed, extra = match(rec.jumps, found)
    assert not missed and not extra and all(r.movement == "jump" for r in res.reps)
    assert {r.set for r in res.reps} == {res.reps[0].set}
    body = [w.mass_kg for w in res.weighings if w.kind == "body" and w.accepted]
    for r in res.reps:
        assert r.system_mass_kg == pytest.approx(rec.body_kg + rec.load_kg, abs=0.5)
        # the body weighing before the bar was taken, where the strength path made one
        assert r.body_mass_kg == pytest.approx(body[-1] if body else r.system_mass_kg)
    for tr, m in pairs:
        assert abs(m.height_impulse_m - tr.height_m) <= 0.01
