"""Exercise and method names: listed, aliases accepted, unknown names rejected with the closest,
the same in record, analyze and the dashboard; record warns on an unsafe lift x method."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from eccentric.cli import main
from forceplate.analysis.exercises import EXERCISE_ALIASES, EXERCISES, resolve_exercise
from forceplate.analysis.methods import METHOD_ALIASES, METHODS, resolve_method
from forceplate.errors import BadInputError, EccentricError, ExitCode


def test_every_alias_points_at_a_real_name() -> None:
    assert set(EXERCISE_ALIASES.values()) <= set(EXERCISES)
    assert set(METHOD_ALIASES.values()) <= set(METHODS)
    assert not set(EXERCISE_ALIASES) & set(EXERCISES)


@pytest.mark.parametrize("name,key", [("bench", "bench_press"), ("bench_press", "bench_press"),
                                      ("Smith squat", "smith_squat"), ("LEG-PRESS", "leg_press"),
                                      ("ohp", "overhead_press")])
def test_exercise_names_and_aliases(name: str, key: str) -> None:
    assert resolve_exercise(name) == key


@pytest.mark.parametrize("name,near", [("benchpress", "bench_press"), ("squaat", "squat"),
                                       ("dedlift", "deadlift"), ("ben", None), ("press bench", None)])
def test_unknown_exercise_names_the_closest(name: str, near: str | None) -> None:
    with pytest.raises(BadInputError) as err:
        resolve_exercise(name)
    text = str(err.value)
    assert f"unknown exercise '{name}'" in text and "eccentric exercises" in text
    assert err.value.exit_code == ExitCode.USAGE
    if near:
        assert near in text


def test_method_names() -> None:
    assert resolve_method("forced-negative") == "forced_negative"
    assert resolve_method("slow") == "slow_negatives"
    with pytest.raises(BadInputError, match="did you mean forced_negative"):
        resolve_method("forcednegative")


def test_exercises_and_methods_commands_list_names_and_aliases(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercises"]) == 0
    out = capsys.readouterr().out
    for key in EXERCISES:
        assert key in out
    assert "bench_press" in out and "bench" in out and "no negatives (use smith_deadlift)" in out
    assert main(["methods", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["name"] for r in rows] == list(METHODS)
    assert "forced_negatives" in next(r for r in rows if r["name"] == "forced_negative")["aliases"]


@pytest.mark.parametrize("argv", [
    ["record", "--exercise", "benchpress", "--seconds", "1"],
    ["record", "--method", "slw", "--seconds", "1"],
    ["--exercise", "squaat"],
    ["--method", "negative"],
])
def test_unknown_names_are_one_line_errors_everywhere(argv: list[str], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECCENTRIC_CONFIG_DIR", str(tmp_path / "config"))
    code = main(["--data-dir", str(tmp_path), "--reader", "mock", *argv])
    err = capsys.readouterr().err
    assert code == ExitCode.USAGE
    assert err.startswith("eccentric: error: unknown ") and err.count("\n") == 1
    assert "did you mean" in err


def test_analyze_rejects_an_unknown_method(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "f.csv"
    csv.write_text("time_s,force_n\n0,1\n0.001,1\n")
    assert main(["analyze", str(csv), "--method", "beyondfailure"]) == ExitCode.USAGE
    assert "did you mean beyond_failure" in capsys.readouterr().err


def test_record_warns_on_an_unsafe_lift_and_goes_on_without_a_terminal(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = main(["record", "--data-dir", str(tmp_path), "--reader", "mock", "-o", "realtime=false",
                 "--exercise", "deadlift", "--method", "forced_negative", "--seconds", "1"])
    err = capsys.readouterr().err
    assert code == 0
    assert "eccentric: warning: UNSAFE: Forced negative on Deadlift" in err and "Smith-machine deadlift" in err
    assert list(tmp_path.rglob("*deadlift_forced_negative.parquet"))


def test_record_asks_at_a_terminal(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from eccentric.commands.record import safety_check

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Tty("n\n"))
    with pytest.raises(EccentricError) as err:
        safety_check("squat", "beyond_failure", confirmed=False)
    assert err.value.exit_code == ExitCode.USAGE
    monkeypatch.setattr("sys.stdin", Tty("y\n"))
    safety_check("squat", "beyond_failure", confirmed=False)
    monkeypatch.setattr("sys.stdin", Tty(""))    # not asked when confirmed by the flag
    safety_check("squat", "beyond_failure", confirmed=True)
    assert "confirmed with --confirm-unsafe" in capsys.readouterr().err
    safety_check("smith_squat", "forced_negative", confirmed=False)   # safe: nothing asked
    safety_check("deadlift", "normal", confirmed=False)


def test_dashboard_flags_over_the_remembered_setup(tmp_path: Path) -> None:
    from eccentric.commands.dashboard import setup_from_args
    from tui.settings import Settings
    from tui.setup_state import SessionSetup

    settings = Settings(tmp_path / "s.json")
    settings.remember(SessionSetup(athlete="Ann", exercise="leg_press", method="forced_negative", load_kg=80.0))
    settings.save()
    settings = Settings.load(tmp_path / "s.json")
    ns = argparse.Namespace(athlete=None, exercise=None, method=None, load_kg=None, confirm_unsafe=None)
    s = setup_from_args(ns, SessionSetup(), settings)
    assert (s.athlete, s.exercise, s.method, s.load_kg) == ("Ann", "leg_press", "forced_negative", 80.0)
    ns = argparse.Namespace(athlete="Bo", exercise="bench", method="slow", load_kg=60.0, confirm_unsafe=True)
    s = setup_from_args(ns, SessionSetup(), settings)
    assert (s.athlete, s.exercise, s.method, s.load_kg, s.unsafe_confirmed) == (
        "Bo", "bench_press", "slow_negatives", 60.0, True)
    assert s.targets()["ecc_target_s"] == METHODS["slow_negatives"].ecc_target_s


def test_the_simulated_lifters_asked_method_beats_the_remembered_one(tmp_path: Path) -> None:
    # a trial: `eccentric --reader mock -o method=forced_positive` after slow negatives were
    # remembered for the athlete gave a slow-negatives session and lifter
    from eccentric.commands.dashboard import setup_from_args
    from tui.settings import Settings
    from tui.setup_state import SessionSetup

    settings = Settings(tmp_path / "s.json")
    settings.remember(SessionSetup(athlete="Ann", method="slow_negatives", ecc_target_s=4.0))
    ns = argparse.Namespace(athlete=None, exercise=None, method=None, load_kg=None, confirm_unsafe=None)
    asked = SessionSetup(reader="mock", reader_options={"method": "forced_positive"})
    s = setup_from_args(ns, asked, settings)
    assert (s.athlete, s.method, s.reader_options["method"]) == ("Ann", "forced_positive", "forced_positive")
    assert s.targets()["ecc_target_s"] == METHODS["forced_positive"].ecc_target_s
    # the same method as remembered keeps the athlete's own targets
    s = setup_from_args(ns, SessionSetup(reader="mock", reader_options={"method": "slow_negatives"}), settings)
    assert (s.method, s.ecc_target_s) == ("slow_negatives", 4.0)
    # a --method flag still wins, and the simulated lifter follows it
    ns.method = "forced_negative"
    s = setup_from_args(ns, asked, settings)
    assert (s.method, s.reader_options["method"]) == ("forced_negative", "forced_negative")


@pytest.mark.parametrize("argv", [
    ["record", "--athlete", "", "--seconds", "1"],
    ["record", "--athlete", "   ", "--seconds", "1"],
    ["import", "{file}", "--athlete", " "],
    ["sessions", "rename", "latest", "--athlete", "\t"],
])
def test_a_blank_athlete_name_is_a_one_line_error(argv: list[str], tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """`--athlete ''` was saved as an athlete with no name: a blank row in every list and
    report, and `export --athlete ''` matched every session. Nothing is saved."""
    monkeypatch.setenv("ECCENTRIC_CONFIG_DIR", str(tmp_path / "config"))
    src = tmp_path / "in.csv"
    src.write_text("time_s,force_n\n" + "".join(f"{i / 1000},{700 + i % 3}\n" for i in range(3000)))
    argv = [a.replace("{file}", str(src)) for a in argv]
    code = main(["--data-dir", str(tmp_path / "data"), "--reader", "mock", *argv])
    err = capsys.readouterr().err
    assert code == ExitCode.USAGE
    assert err.startswith("eccentric: error: ") and "athlete" in err and err.count("\n") == 1
    assert not list((tmp_path / "data").rglob("*.parquet"))


@pytest.mark.parametrize("argv", [
    ["import", "{file}", "--load-kg", "-5"],
    ["import", "{file}", "--load-kg", "nan"],
    ["import", "{file}", "--load-kg", "inf"],
    ["import", "{file}", "--load-kg", "1e9"],
    ["record", "--seconds", "1", "--load-kg", "nan"],
    ["record", "--seconds", "1", "--load-kg", "1e12"],
])
def test_an_impossible_load_is_a_one_line_error_in_import_and_record(argv: list[str], tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """import took --load-kg -5, nan, inf and 1e9, and record nan and 1e12, into the saved
    session (the dashboard already refused them): the same rule now holds everywhere."""
    src = tmp_path / "in.csv"
    src.write_text("time_s,force_n\n" + "".join(f"{i / 1000},{700 + i % 3}\n" for i in range(3000)))
    argv = [a.replace("{file}", str(src)) for a in argv]
    code = main(["--data-dir", str(tmp_path / "data"), "--reader", "mock", *argv])
    err = capsys.readouterr().err
    assert code == ExitCode.USAGE
    assert err.startswith("eccentric: error: --load-kg") and err.count("\n") == 1
    assert not list((tmp_path / "data").rglob("*.parquet"))


def test_the_filters_take_method_aliases_as_record_does(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`record --method slow` files slow_negatives; `sessions list/export/report --method slow`
    was a usage error (argparse choices) and `sessions rename --method slow` too."""
    data = str(tmp_path / "data")
    assert main(["record", "--data-dir", data, "--reader", "mock", "-o", "realtime=false", "--seconds", "2",
                 "--method", "slow"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data, "sessions", "list", "--method", "slow"]) == 0
    assert "slow_negatives" in capsys.readouterr().out
    assert main(["--data-dir", data, "sessions", "list", "--method", "Jump test"]) == 0   # none, said
    assert main(["export", "--data-dir", data, "--method", "slow", "--out", str(tmp_path / "r.csv")]) == 0
    assert main(["--data-dir", data, "sessions", "rename", "latest", "--method", "forced_negatives"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data, "sessions", "list", "--method", "forced_negative"]) == 0
    assert "forced_negative" in capsys.readouterr().out
    assert main(["--data-dir", data, "sessions", "list", "--method", "sloow"]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown method 'sloow'" in err
