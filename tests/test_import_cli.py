"""`eccentric import`: a foreign raw plate CSV becomes an analysed session; bad CSVs fail cleanly."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eccentric.cli import main
from forceplate.errors import BadInputError
from sessions.importer import import_csv, read_plate_csv
from sessions.library import Library
from sessions.session_file import read_session


def _write_csv(path, t, cols):
    names = ["time_s", *cols]
    data = np.column_stack([t, *cols.values()])
    np.savetxt(path, data, delimiter=",", header=",".join(names), comments="", fmt="%.6f")
    return path


@pytest.mark.parametrize(("seed", "method", "with_position"), [(1, "slow_negatives", True), (4, "normal", False)])
def test_simulated_csv_imports_with_reps_from_the_analysis(tmp_path, seed, method, with_position):
    from forceplate.analysis import AnalysisConfig, analyse
    from forceplate.simulator import Scenario, simulate

    rec = simulate(Scenario.for_method(method, seed=seed, reps_per_set=4, with_position=with_position))
    block = rec.block()
    cols = {f"cell{j}_n": block.values[:, j] for j, c in enumerate(rec.info.channels) if c.kind == "force"}
    if with_position:
        cols["position_m"] = block.values[:, rec.info.channel_index("position")]
    csv = _write_csv(tmp_path / "other_system.csv", block.time_s, cols)
    assert main(["--data-dir", str(tmp_path / "d"), "import", str(csv), "--athlete", "Ida", "--method", method,
                 "--started-at", "2026-04-01T10:00:00"]) == 0
    [s] = Library(tmp_path / "d").list()
    stored = read_session(s.path)
    assert stored.meta.started_utc == datetime(2026, 4, 1, 10).astimezone(UTC)     # local time, as typed
    assert stored.meta.reader == "import" and not stored.meta.simulated
    info, parsed = read_plate_csv(csv)
    assert np.array_equal(stored.block.values, parsed.values)    # stored exactly as read
    assert stored.info.sample_rate_hz == pytest.approx(rec.info.sample_rate_hz)
    expected = analyse(info, parsed, AnalysisConfig.for_method(method))
    assert stored.reps.height == len(expected.reps) > 0
    assert stored.reps["ecc_duration_s"].to_list() == pytest.approx([r.eccentric.duration_s for r in expected.reps])


@pytest.mark.parametrize(("text", "problem"), [
    ("force_n\n1\n2\n", "no time_s"),
    ("time_s,position_m\n0,1\n0.001,2\n", "no force column"),   # any other column would be a force
    ("time_s,fz_n\n0,1\n", "too short: 1 sample"),
    ("time_s,fz_n\n0,1\n0.001,abc\n0.002,3\n", "numbers"),
    ("time_s,fz_n\n0,1\n0.002,2\n0.001,3\n", "does not increase"),
    ("time_s,fz_n\n0,1\n0.001,\n0.002,3\n", "missing"),
    ("", "not a readable CSV"),
])
def test_bad_csvs_are_one_line_errors(tmp_path, text, problem):
    p = tmp_path / "bad.csv"
    p.write_text(text)
    with pytest.raises(BadInputError, match=problem) as exc:
        import_csv(p, tmp_path / "d")
    assert str(p) in str(exc.value) and "\n" not in str(exc.value)
    assert not (tmp_path / "d").exists()   # nothing else touched


def test_cli_error_exit_code_and_parquet_refused(tmp_path, capsys):
    p = tmp_path / "x.csv"
    p.write_bytes(b"PAR1\x00\x01garbage")
    assert main(["--data-dir", str(tmp_path / "d"), "import", str(p)]) == 3
    err = capsys.readouterr().err
    assert "Parquet" in err and err.count("\n") == 1


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.binary(max_size=200),
    st.lists(st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(str), st.text(max_size=5),
                                st.integers().map(str)), min_size=1, max_size=4), max_size=8).map(
        lambda rows: "time_s,fz_n,position_m\n" + "\n".join(",".join(r) for r in rows)),
))
def test_csv_fuzz_ends_in_a_session_or_a_clean_error(tmp_path, content):
    p = tmp_path / "f.csv"
    p.write_bytes(content if isinstance(content, bytes) else content.encode())
    try:
        info, block = read_plate_csv(p)
    except BadInputError as exc:
        assert str(p) in str(exc) and "\n" not in str(exc)
        return
    assert len(block) >= 2 and np.all(np.diff(block.time_s) > 0) and np.isfinite(block.values).all()


def test_one_reader_one_rule_for_analyze_and_import(tmp_path):
    """sessions.csv_input gives every column a role by name and unit for both commands: spotter*
    = spotter plate, bar*_m_s = measured bar velocity, bar*_m = bar position, force names and
    sides = vertical force; a bare 'speed' is a derived signal, never summed into the force."""
    from eccentric.commands.analyze import read_input

    t = np.arange(5) * 0.001 + 3.0
    cols = {"Fz": np.full(5, 700.0), "speed": np.full(5, 1.0), "bar_m": np.zeros(5), "bar_m_s": np.zeros(5),
            "Spotter_plate": np.full(5, 800.0), "left_n": np.full(5, 5.0)}
    p = _write_csv(tmp_path / "kinds.csv", t, cols)
    info_a, block_a, _, _ = read_input(p)
    info_i, block_i = read_plate_csv(p)
    assert [(c.name, c.kind) for c in info_a.channels] == [
        ("Fz", "force"), ("left_n", "force"), ("bar_m", "position"), ("bar_m_s", "velocity"),
        ("Spotter_plate", "spotter_force")]
    assert [(c.name, c.kind, c.unit) for c in info_i.channels] == [(c.name, c.kind, c.unit) for c in info_a.channels]
    assert [c.unit for c in info_i.channels] == ["N", "N", "m", "m/s", "N"]
    assert np.array_equal(block_a.values, block_i.values) and np.array_equal(block_a.time_s, block_i.time_s)
    assert info_a.reader == "csv" and info_i.reader == "import"
    assert block_a.total_force_n(info_a) == pytest.approx(np.full(5, 705.0))
