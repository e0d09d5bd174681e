"""An untared plate that never shows an empty stretch (a lab file whose plate reads +-150 N
empty and begins with the athlete on it): the flight is the plate's zero (flight_search.flight_zero).
Before, a positive offset over EMPTY_COARSE_N gave no jump at all (docs/jumps.md)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from eccentric.cli import main
from forceplate.simulator.jumps import recording

REAL = Path(__file__).parent / "fixtures" / "real"


def _jump_rows(args: list[str], capsys) -> list[dict]:
    assert main(["analyze", *args, "--format", "json"]) == 0
    return [r for r in json.loads(capsys.readouterr().out)["reps"] if r["movement"] == "jump"]


@pytest.mark.parametrize("offset_n", [150.0, -150.0, 400.0])
@pytest.mark.parametrize("name", ["gidiel_single_sj_fz_cropped.txt", "gidiel_single_dj_fz_cropped.txt"])
def test_real_jump_with_an_untared_offset(tmp_path, capsys, name: str, offset_n: float) -> None:
    """gidiel-machado's real SJ and DJ with an offset added: the same jump, the same figures
    (the offset cancels on the flight's level)."""
    f = np.loadtxt(REAL / name)
    ref = _jump_rows([str(REAL / name), "--rate", "1000", "--force-columns", "1"], capsys)
    path = tmp_path / "off.txt"
    np.savetxt(path, f + offset_n, fmt="%.3f")
    rows = _jump_rows([str(path), "--rate", "1000", "--force-columns", "1"], capsys)
    assert [r["jump_type"] for r in rows] == [r["jump_type"] for r in ref]
    for k in ("jump_mass_kg", "jump_height_impulse_m", "jump_height_flight_m", "jump_takeoff_s"):
        assert rows[0][k] == pytest.approx(ref[0][k], abs=0.002 if k != "jump_mass_kg" else 0.2), k
    assert rows[0]["body_mass_kg"] == pytest.approx(ref[0]["jump_mass_kg"], abs=0.2)


@pytest.mark.parametrize("offset_n", [120.0, 250.0, -200.0, -400.0])
@pytest.mark.parametrize("seed", [7100, 7101, 7102, 7103])
def test_synthetic_jumps_on_an_untared_plate_starting_loaded(tmp_path, capsys, seed: int,
                                                             offset_n: float) -> None:
    """Standing jumps and hops recorded from the athlete standing (no empty plate anywhere
    before the first jump) on a plate offset by offset_n: every jump found, heights and mass
    within the acceptance tolerances."""
    rec = recording(seed, kinds=("countermovement", "squat", "hops"), rate_hz=500.0)
    t = rec.block.time_s
    keep = (t >= rec.jumps[0].onset_s - 1.5) & (t <= rec.jumps[-1].landing_s + 1.5)
    path = tmp_path / "j.csv"
    np.savetxt(path, np.column_stack([t[keep], rec.block.values.sum(axis=1)[keep] + offset_n]),
               delimiter=",", header="time_s,force_n", comments="", fmt="%.6f")
    rows = _jump_rows([str(path)], capsys)
    assert len(rows) == len(rec.jumps), rec.description
    for r, tr in zip(rows, rec.jumps, strict=True):
        assert r["jump_takeoff_s"] == pytest.approx(tr.takeoff_s, abs=0.005), rec.description
        assert r["jump_height_impulse_m"] == pytest.approx(tr.height_m, abs=0.015), rec.description
        assert r["jump_mass_kg"] == pytest.approx(tr.mass_kg, abs=0.5), rec.description


@pytest.mark.parametrize("offset_n", [150.0, -300.0])
def test_untared_plate_streamed_equals_offline(offset_n: float) -> None:
    """The zero read off a flight is found the same way fed in blocks (live) as at once."""
    from forceplate.analysis import analyse
    from forceplate.samples import SampleBlock

    rec = recording(7104, kinds=("countermovement", "hops"), rate_hz=500.0)
    b = rec.block
    t = b.time_s
    keep = t >= rec.jumps[0].onset_s - 1.5
    n = int(keep.sum())
    v = b.values[keep] + offset_n / b.values.shape[1]
    block = SampleBlock(time_s=t[keep], values=v, seq=np.arange(n, dtype=np.int64), flags=np.zeros(n, np.uint8))
    whole, live = analyse(rec.info, block), analyse(rec.info, block, block_size=50)

    def key(res):
        return [(r.movement, r.jump and round(r.jump.takeoff_s, 6), round(r.system_mass_kg, 6)) for r in res.reps]
    assert key(whole) == key(live) and len(whole.reps) == len(rec.jumps)
