"""Jumps in real recordings from other labs (tests/fixtures/real/README.md), and the layouts
those recordings showed, synthesised: a drop jump whose file starts shortly before the
touchdown (a lab's script or trigger crops the empty plate before it)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from eccentric.cli import main
from forceplate.simulator.jumps import recording
from forceplate.units import G

REAL = Path(__file__).parent / "fixtures" / "real"


def _jump_rows(args: list[str], capsys) -> list[dict]:
    assert main(["analyze", *args, "--format", "json"]) == 0
    return [r for r in json.loads(capsys.readouterr().out)["reps"] if r["movement"] == "jump"]


def test_real_drop_jump_cropped_before_touchdown(capsys) -> None:
    """gidiel-machado's single-plate drop jump (1000 Hz, one column): one drop jump, its
    impulse and flight heights agree (both from the same samples by different physics), the
    mass is the stance after the landing, the contact a drop jump's."""
    path = REAL / "gidiel_single_dj_fz_cropped.txt"
    rows = _jump_rows([str(path), "--rate", "1000", "--force-columns", "1"], capsys)
    assert len(rows) == 1
    j = rows[0]
    assert j["jump_type"] == "drop" and j["jump_landed"] == "plate"
    stance = np.loadtxt(path)[-500:].mean() / G
    assert j["jump_mass_kg"] == pytest.approx(stance, abs=1.0)
    assert j["jump_height_impulse_m"] == pytest.approx(j["jump_height_flight_m"], abs=0.01)
    assert 0.20 <= j["jump_contraction_time_s"] <= 0.30
    assert j["jump_rsi"] == pytest.approx(j["jump_height_flight_m"] / j["jump_contraction_time_s"])


@pytest.mark.parametrize("lead_s", [0.0, 0.02, 0.3, 1.0])
@pytest.mark.parametrize("seed", [7400, 7401, 7402])
def test_drop_jump_file_starting_shortly_before_touchdown(tmp_path, capsys, seed: int,
                                                          lead_s: float) -> None:
    """A drop jump recorded from lead_s before the touchdown (the plate empty until then, for
    less than a flight's MAX_FLIGHT_S): the contact began from an empty plate, so it is a drop
    jump, found once, as it is with the whole recording."""
    rec = recording(seed, kinds=("drop",), rate_hz=1000.0, n_jumps=1)
    td = rec.jumps[0].onset_s
    t = rec.block.time_s
    keep = t >= td - lead_s - 0.5e-3
    f = rec.block.values.sum(axis=1)
    path = tmp_path / "dj.csv"
    np.savetxt(path, np.column_stack([t[keep], f[keep]]), delimiter=",",
               header="time_s,force_n", comments="", fmt="%.6f")
    rows = _jump_rows([str(path)], capsys)
    assert [r["jump_type"] for r in rows] == ["drop"], rec.description
    assert rows[0]["jump_height_impulse_m"] == pytest.approx(rec.jumps[0].height_m, abs=0.015)


def test_real_squat_jump(capsys) -> None:
    """gidiel-machado's single-plate squat jump (the same athlete): a squat jump (no
    countermovement: the eccentric is zero-length), weighed on the squat hold, its impulse and
    flight heights within 1 cm of each other."""
    path = REAL / "gidiel_single_sj_fz_cropped.txt"
    rows = _jump_rows([str(path), "--rate", "1000", "--force-columns", "1"], capsys)
    assert len(rows) == 1
    j = rows[0]
    assert j["jump_type"] == "squat" and j["jump_landed"] == "plate"
    hold = np.loadtxt(path)[:600].mean() / G
    assert j["jump_mass_kg"] == pytest.approx(hold, abs=0.5)
    assert j["jump_height_impulse_m"] == pytest.approx(j["jump_height_flight_m"], abs=0.01)
    assert j["jump_countermovement_depth_m"] == 0.0
    assert 0.25 <= j["jump_contraction_time_s"] <= 0.45


@pytest.mark.parametrize("lead_s", [0.1, 0.2, 0.35])
@pytest.mark.parametrize("seed", [7000, 7001, 7003, 7005])
def test_standing_jump_file_starting_shortly_before_the_movement(tmp_path, capsys, seed: int,
                                                                 lead_s: float) -> None:
    """A countermovement or squat jump recorded from lead_s (< the 0.4 s a still stance needs)
    before its start, with the stance after its landing: weighed there, found once, its height
    within the acceptance tolerance (a lab's crop; gidiel-machado's real CMJ cut to 0.3 s before
    its start gave no jump)."""
    rec = recording(seed, kinds=("countermovement", "squat"), rate_hz=1000.0, n_jumps=1)
    tr = rec.jumps[0]
    t = rec.block.time_s
    keep = t >= tr.onset_s - lead_s
    path = tmp_path / "cmj.csv"
    np.savetxt(path, np.column_stack([t[keep], rec.block.values.sum(axis=1)[keep]]), delimiter=",",
               header="time_s,force_n", comments="", fmt="%.6f")
    rows = _jump_rows([str(path)], capsys)
    assert [r["jump_type"] for r in rows] == [tr.kind], rec.description
    assert rows[0]["jump_height_impulse_m"] == pytest.approx(tr.height_m, abs=0.015), rec.description
    assert rows[0]["jump_mass_kg"] == pytest.approx(tr.mass_kg, abs=1.0), rec.description
    assert rows[0]["jump_onset_s"] == pytest.approx(tr.onset_s, abs=0.05), rec.description


def test_cropped_standing_jump_streamed_equals_offline() -> None:
    """The jump weighed on the stance after its landing waits for it live as a drop jump does:
    streamed in random blocks it is the same jump as offline."""
    from analysis_synth import split

    from forceplate.analysis import Analyser, analyse
    from forceplate.samples import SampleBlock

    rec = recording(7001, kinds=("countermovement",), rate_hz=1000.0, n_jumps=1)
    b = rec.block
    k = b.time_s >= rec.jumps[0].onset_s - 0.2
    block = SampleBlock(time_s=b.time_s[k], values=b.values[k], seq=b.seq[k], flags=b.flags[k])
    one = analyse(rec.info, block)
    an = Analyser(rec.info)
    for part in split(block, np.random.default_rng(3), max_len=300):
        an.feed(part)
    an.finish()
    assert len(one.reps) == 1 and one.reps[0].jump is not None
    assert repr([r.to_row() for r in an.reps]) == repr([r.to_row() for r in one.reps])
