"""A jump has no ecc:con *load* ratio (no bar lowered and raised; it is NaN on the Rep): every
view prints what applies to a jump, never "nan" - `sessions show` printed "ecc:con load nan"
on each jump, its --json and `record --json` wrote bare NaN (not JSON), and `export` CSV "NaN"."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import polars as pl
import pytest

from eccentric.cli import main
from forceplate.simulator.jumps import recording
from sessions.library import Library


@pytest.fixture(scope="module")
def jump_library(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("jumps")
    rec = recording(2520, kinds=("countermovement",), rate_hz=50.0, n_jumps=2)
    t0 = float(rec.block.time_s[0])
    force = rec.block.values.sum(axis=1)
    path = tmp / "cmj_50hz.csv"
    path.write_text('"Latest: Time (s)","Latest: Force (N)"\n'
                    + "".join(f"{t - t0:.2f},{f:.1f}\n" for t, f in zip(rec.block.time_s, force, strict=True)))
    lib = tmp / "lib"
    assert main(["import", str(path), "--data-dir", str(lib), "--athlete", "Ana"]) == 0
    return tmp, lib


def _strict(text: str):
    def refuse(const: str):
        raise AssertionError(f"{const} in JSON")
    return json.loads(text, parse_constant=refuse)


def test_sessions_show_prints_a_jumps_own_figures(jump_library, capsys) -> None:
    _, lib = jump_library
    capsys.readouterr()
    assert main(["sessions", "show", "latest", "--data-dir", str(lib)]) == 0
    out = capsys.readouterr().out
    lines = [ln for ln in out.splitlines() if ln.strip().startswith("set ") and " jump " in ln]
    assert len(lines) == 2, out
    assert "nan" not in out.lower()
    for ln in lines:
        assert "ecc:con force 0." in ln and "propulsion" in ln and "load" not in ln, ln
    assert main(["sessions", "show", "latest", "--data-dir", str(lib), "--json"]) == 0
    doc = _strict(capsys.readouterr().out)
    assert [r["ecc_con_load_ratio"] for r in doc["reps"]] == [None, None]


def test_analyze_and_export_write_no_nan(jump_library, capsys) -> None:
    tmp, lib = jump_library
    capsys.readouterr()
    assert main(["analyze", str(tmp / "cmj_50hz.csv"), "--format", "json"]) == 0
    _strict(capsys.readouterr().out)
    assert main(["analyze", str(tmp / "cmj_50hz.csv"), "--format", "csv"]) == 0
    assert "nan" not in capsys.readouterr().out.lower()
    out = tmp / "reps.csv"
    assert main(["export", "--data-dir", str(lib), "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 2 and all(r["ecc_con_load_ratio"] == "" for r in rows)
    assert not any(v.lower() == "nan" for r in rows for v in r.values())
    pq = tmp / "reps.parquet"
    assert main(["export", "--data-dir", str(lib), "--out", str(pq)]) == 0
    col = pl.read_parquet(pq)["ecc_con_load_ratio"]
    assert col.null_count() == 2 and not col.is_nan().any()


def test_a_jump_only_session_reads_as_a_jump_test(jump_library, capsys) -> None:
    """`sessions list` named a jump-only session "exercise normal ... 2 reps" (a strength
    exercise and a coaching method it never had): now "jumps  jump test ... 2 jumps"."""
    _, lib = jump_library
    capsys.readouterr()
    assert main(["sessions", "list", "--data-dir", str(lib)]) == 0
    out = capsys.readouterr().out
    fields = out.split("  ")
    assert fields[3:5] == ["jumps", "jump test"] and out.rstrip().endswith("2 jumps"), out
    assert main(["sessions", "list", "--data-dir", str(lib), "--json"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[0])["jumps"] == 2


def test_a_drop_jump_only_file_prints_its_body_mass(capsys) -> None:
    """A drop-jump-only recording (gidiel-machado's real DJ: the athlete never stood on the
    plate before it) printed "body ?": the body is the jump's own weighing on its landing stance."""
    path = Path(__file__).parent / "fixtures" / "real" / "gidiel_single_dj_fz_cropped.txt"
    assert main(["analyze", str(path), "--rate", "1000", "--force-columns", "1", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    jump = [r for r in doc["reps"] if r["movement"] == "jump"][0]
    assert main(["analyze", str(path), "--rate", "1000", "--force-columns", "1"]) == 0
    out = capsys.readouterr().out
    assert "body ?" not in out and f"body {jump['jump_mass_kg']:.1f} kg" in out, out


def test_dashboard_set_panel_gives_jump_figures_not_load_ratios() -> None:
    from forceplate.analysis import analyse
    from tui.widgets.set_summary import summary_text

    rec = recording(2521, kinds=("countermovement",), n_jumps=3)
    result = analyse(rec.info, rec.block)
    jumps = [r for r in result.reps if r.movement == "jump"]
    assert len(jumps) >= 2
    text = summary_text(jumps, None, 1.25, None).plain
    assert "ecc:con load" not in text and "slowdown" not in text
    best = max(r.jump.height_impulse_m for r in jumps) * 100
    assert f"jumps {len(jumps)}" in text and f"best {best:.1f} cm" in text and "RSI-mod" in text


def test_method_jump_test_picks_a_named_jump_session_as_the_library_does(jump_library, capsys) -> None:
    """`export --method jump_test NAME` said "no sessions match" where the library's own filter
    found the session; `--method normal NAME` kept it."""
    tmp, lib = jump_library
    name = Library(lib).list()[0].path
    out = tmp / "named.csv"
    assert main(["export", "--data-dir", str(lib), "--method", "jump_test", "--out", str(out), str(name)]) == 0
    assert len(list(csv.DictReader(out.open()))) == 2
    capsys.readouterr()
    assert main(["export", "--data-dir", str(lib), "--method", "normal", "--out", str(out), str(name)]) != 0
