"""Force units as exports spell them, and forces relative to body weight. Before: `kg-f`,
`kilopond`, `pounds-force` were not known, so the column was read as newtons (a 92-kg athlete
weighed 9.4 kg, no reps, exit 0); `Force (BW)`, `(%BW)`, `(N/kg)` were read as newtons too, and
with --force-columns a normalised force was analysed as a force of ~1 N."""

from __future__ import annotations

from pathlib import Path

import import_synth as S
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eccentric.cli import main
from forceplate.units import G
from sessions.formats import plan_file
from sessions.formats.names import parse_header
from sessions.formats.table import ImportOptions

LBF = 4.4482216152605
TR = S.jump_trace(seed=7)


def _file(path: Path, head: str, factor: float, time_head: str = "Time (s)", sep: str = ",") -> Path:
    rows = [f"{t:.4f}{sep}{v / factor:.4f}" for t, v in zip(TR.t, TR.fz, strict=True)]
    path.write_text("\n".join([f"{time_head}{sep}{head}", *rows]) + "\n")
    return path


@pytest.mark.parametrize(("head", "factor"), [
    ("Force (kg-f)", G), ("Force (kilopond)", G), ("Fz (kiloponds)", G), ("Force (pound-force)", LBF),
    ("Fz (pounds-force)", LBF), ("Force(lbf)", LBF), ("Fz [N]", 1.0), ("Force (N)", 1.0), ("Fz [kgf]", G),
])
def test_a_force_unit_as_spelt_is_converted(tmp_path: Path, head: str, factor: float) -> None:
    plan = plan_file(_file(tmp_path / "f.csv", head, factor))
    force = sum(v for _n, kind, _u, v in plan.channels if kind == "force")
    assert float(force[:1000].mean()) == pytest.approx(float(TR.fz[:1000].mean()), rel=1e-4)


@settings(max_examples=30, deadline=None)
@given(name=st.sampled_from(["Force", "Fz", "Vertical Force", "force", "FZ"]),
       unit=st.sampled_from(["N", "kN", "daN", "lbf", "lb", "lbs", "kgf", "kp", "kg-f", "Kgf", "KP", "Newtons",
                             "pound-force", "kilopond"]),
       bracket=st.sampled_from(["({})", "[{}]", " ({})", " [{}]"]))
def test_any_spelling_of_a_force_unit_has_its_factor(name: str, unit: str, bracket: str) -> None:
    h = parse_header(name + bracket.format(unit))
    want = {"n": 1.0, "newtons": 1.0, "kn": 1000.0, "dan": 10.0}.get(unit.lower(), G if unit.lower() in (
        "kgf", "kp", "kg-f", "kilopond") else LBF)
    assert h.unit == "N" and h.factor == pytest.approx(want)


@pytest.mark.parametrize("unit", ["BW", "%BW", "% BW", "xBW", "N/kg"])
def test_a_force_relative_to_body_weight_is_never_read_as_newtons(tmp_path: Path, unit: str, capsys) -> None:
    path = _file(tmp_path / "rel.csv", f"Force ({unit})", TR.mass_kg * G)
    assert main(["inspect", str(path)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no force column" in err
    # not "choose the force columns with --force-columns": that choice is refused just below
    assert "relative to body weight" in err and "--force-columns" not in err
    assert main(["inspect", str(path), "--force-columns", f"Force ({unit})"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "relative to body weight" in err and "Traceback" not in err


def test_semicolons_and_decimal_comma_with_units_in_brackets(tmp_path: Path) -> None:
    path = tmp_path / "de.csv"
    rows = [f"{t:.4f};{v / LBF:.3f}".replace(".", ",") for t, v in zip(TR.t, TR.fz, strict=True)]
    path.write_bytes(("\ufeff" + "\r\n".join(["Zeit [s];Kraft [lbf];", *[r + ";" for r in rows]]) + "\r\n").encode())
    plan = plan_file(path, ImportOptions())
    force = sum(v for _n, kind, _u, v in plan.channels if kind == "force")
    assert float(force[:1000].mean()) == pytest.approx(float(TR.fz[:1000].mean()), rel=1e-3)


@pytest.mark.parametrize(("head", "unit"), [
    ("force_n_kg", "N/kg"), ("force_bw", "BW"), ("Fz_BW", "BW"), ("Force BW", "BW"), ("force_xbw", "BW"),
    ("force_pct_bw", "%BW"), ("Force %BW", "%BW"), ("power_w_kg", "W/kg"),
])
def test_a_suffix_relative_to_body_weight_is_read_as_such(head: str, unit: str) -> None:
    """`force_n_kg` was read as kg (converted as kgf); `force_bw`, `Fz_BW`, `Force BW` had no unit,
    so chosen with --force-columns they were read as newtons."""
    assert parse_header(head).unit == unit


@pytest.mark.parametrize("head", ["force_bw", "Fz_BW", "Force BW", "force_n_kg"])
def test_a_chosen_suffix_relative_to_body_weight_is_refused(tmp_path: Path, head: str, capsys) -> None:
    path = _file(tmp_path / "rel.csv", head, TR.mass_kg * G)
    assert main(["inspect", str(path), "--force-columns", head]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "relative to body weight" in err


def test_pound_force_is_the_pound_under_standard_gravity() -> None:
    from forceplate.units import LBF_N
    assert parse_header("Fz (lbf)").factor == pytest.approx(4.4482216152605, rel=1e-12) == LBF_N
