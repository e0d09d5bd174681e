"""A trimmed vendor trial in Hawkin Dynamics' force-time layout (hawkinPy's GetForceTime names,
1-ms steps, whole newtons per side): from ~30 ms before the movement (time_s negative there) to
1.0-1.5 s after the landing, before the athlete has settled. Weighed on its first samples (flat
at one level): found at a lower confidence, not lost (before: no jump in most such files)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from eccentric.cli import main
from forceplate.simulator.jumps import recording


@pytest.mark.parametrize("seed", [7200, 7201, 7202, 7203, 7204, 7205])
def test_hawkin_trimmed_trial(tmp_path, capsys, seed: int) -> None:
    rng = np.random.default_rng(seed)
    rec = recording(seed, kinds=("countermovement", "squat", "loaded"), rate_hz=1000.0, n_jumps=1)
    tr = rec.jumps[0]
    t = rec.block.time_s
    end = tr.landing_s + float(rng.uniform(1.0, 1.5))
    keep = (t >= tr.onset_s - 0.03) & (t <= end)
    f = rec.block.values.sum(axis=1)[keep]
    share = float(rng.uniform(0.4, 0.6))
    left, right = np.round(f * share), np.round(f * (1 - share))
    path = tmp_path / "hawkin.csv"
    np.savetxt(path, np.column_stack([t[keep] - tr.onset_s, left, right, left + right]), delimiter=",",
               header="Time(s),LeftForce(N),RightForce(N),CombinedForce(N)", comments="", fmt="%.4f")
    assert main(["analyze", str(path), "--format", "json"]) == 0
    rows = [r for r in json.loads(capsys.readouterr().out)["reps"] if r["movement"] == "jump"]
    assert [r["jump_type"] for r in rows] == [tr.kind], rec.description
    j = rows[0]
    assert j["jump_takeoff_s"] == pytest.approx(tr.takeoff_s - tr.onset_s, abs=0.005)
    assert j["jump_height_impulse_m"] == pytest.approx(tr.height_m, abs=0.015), rec.description
    assert j["jump_mass_kg"] == pytest.approx(tr.mass_kg, abs=0.6), rec.description


@pytest.mark.parametrize("seed", [7210, 7211, 7212, 7213])
def test_hawkin_trimmed_drop_jump(tmp_path, capsys, seed: int) -> None:
    """A drop jump cut 30 ms before its touchdown and 1.0-1.5 s after its landing (the athlete
    still rising from the landing): no stance to weigh; weighed by the landing's momentum (at
    rest at the last sample), found with confidence 0.6 and its flight, contact and RSI right
    (before: lost)."""
    rng = np.random.default_rng(seed)
    rec = recording(seed, kinds=("drop",), rate_hz=1000.0, n_jumps=1)
    tr = rec.jumps[0]
    t = rec.block.time_s
    keep = (t >= tr.onset_s - 0.03) & (t <= tr.landing_s + float(rng.uniform(1.0, 1.5)))
    f = np.round(rec.block.values.sum(axis=1)[keep])
    path = tmp_path / "hawkin_dj.csv"
    np.savetxt(path, np.column_stack([t[keep] - tr.onset_s, f]), delimiter=",",
               header="time_s,force_combined", comments="", fmt="%.4f")
    assert main(["analyze", str(path), "--format", "json"]) == 0
    rows = [r for r in json.loads(capsys.readouterr().out)["reps"] if r["movement"] == "jump"]
    assert [r["jump_type"] for r in rows] == ["drop"], rec.description
    j = rows[0]
    flight = tr.landing_s - tr.takeoff_s
    assert j["jump_flight_time_s"] == pytest.approx(flight, abs=0.003)
    assert j["jump_contraction_time_s"] == pytest.approx(tr.takeoff_s - tr.onset_s, abs=0.01)
    assert j["jump_height_impulse_m"] == pytest.approx(tr.height_m, abs=0.015), rec.description
    assert j["confidence"] == pytest.approx(0.6) and "weighed_briefly" in j["verdict_codes"]


@pytest.mark.parametrize("seed", [7220, 7221, 7222])
def test_a_recording_ending_in_the_air(tmp_path, capsys, seed: int) -> None:
    """A hop series cut in the middle of a flight: the last hop is reported, its landing
    unknown ("ended_in_flight"), not "landed off the plate" as it read before."""
    rec = recording(seed, kinds=("hops",), rate_hz=1000.0)
    tr = rec.jumps[2]
    t = rec.block.time_s
    keep = t <= (tr.takeoff_s + tr.landing_s) / 2
    path = tmp_path / "cut.csv"
    np.savetxt(path, np.column_stack([t[keep], rec.block.values.sum(axis=1)[keep]]), delimiter=",",
               header="time_s,force_n", comments="", fmt="%.4f")
    assert main(["analyze", str(path), "--format", "json"]) == 0
    rows = [r for r in json.loads(capsys.readouterr().out)["reps"] if r["movement"] == "jump"]
    assert len(rows) == 3, rec.description
    assert [r["jump_landed"] for r in rows] == ["plate", "plate", "unknown"]
    assert "ended_in_flight" in rows[-1]["verdict_codes"] and "landed_off_plate" not in rows[-1]["verdict_codes"]
