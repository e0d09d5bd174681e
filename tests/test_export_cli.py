"""`eccentric export` and sessions.export: tidy reps (and samples) from many sessions."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta

import numpy as np
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_sessions_support import make_block, meta, plate_info

from eccentric.cli import main
from sessions import schema as S
from sessions.export import decimals, export_reps
from sessions.library import Library
from sessions.store import SessionPaths, save_session

T0 = datetime(2026, 2, 2, 18, tzinfo=UTC)


@pytest.fixture
def library(tmp_path):
    rng = np.random.default_rng(1)
    expected = {}
    for k, (athlete, method) in enumerate([("Ana", "slow_negatives"), ("Ben", "forced_negative"), ("Ana", "forced_negative")]):
        m = meta(athlete=athlete, method=method, started_at=T0 + timedelta(days=k), load_kg=50.0 + k)
        info = plate_info(k + 1)
        n_reps = int(rng.integers(1, 6))
        rows = [{"rep": i + 1, "set": 1, "rep_in_set": i + 1, "ecc_duration_s": float(rng.uniform(2, 6)),
                 "ecc_mean_force_n": float(rng.uniform(900, 2000)), "verdict": "ok"} for i in range(n_reps)]
        path = save_session(SessionPaths.for_meta(tmp_path / "data", m), m, info, make_block(rng, 800, info), rows, [])
        expected[path] = rows
    return tmp_path / "data", expected


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_everything_one_row_per_rep(tmp_path, library, fmt):
    data, expected = library
    out = tmp_path / f"all.{fmt}"
    assert main(["--data-dir", str(data), "export", "--out", str(out)]) == 0
    df = pl.read_parquet(out) if fmt == "parquet" else pl.read_csv(out, try_parse_dates=True)
    assert df.height == sum(len(r) for r in expected.values())
    assert set(S.REP_SCHEMA) <= set(df.columns)   # the stored names, as analyze writes them
    by = df.group_by("session").agg(pl.col("ecc_mean_force_n"))
    for path, rows in expected.items():
        got = by.filter(pl.col("session") == path.stem)["ecc_mean_force_n"].to_list()[0]
        # the CSV rounds to the plate's 0.01 N counts
        assert got == pytest.approx([r["ecc_mean_force_n"] for r in rows], rel=0, abs=0.005 if fmt == "csv" else 1e-9)
    assert sorted(df["load_kg"].unique().to_list()) == [50.0, 51.0, 52.0]


def test_filters_and_samples(tmp_path, library):
    data, expected = library
    out = tmp_path / "fn.parquet"
    written = export_reps(None, out, samples=True, library=Library(data), method="forced_negative", athlete="ana")
    reps = pl.read_parquet(written[0])
    assert set(reps["athlete"]) == {"Ana"} and set(reps["method"]) == {"forced_negative"}
    [path] = [p for p in expected if "forced_negative" in p.stem and p.parent.name == "Ana"]
    assert reps.height == len(expected[path])
    samples = pl.read_parquet(written[1])
    assert samples.height == 800 and samples["total_force_n"].null_count() == 0
    cols = [c for c in samples.columns if c.startswith("cell_")]
    assert np.allclose(samples.select(cols).to_numpy().sum(axis=1), samples["total_force_n"].to_numpy())
    with pytest.raises(Exception, match="no sessions match"):
        export_reps(None, out, library=Library(data), since="2030-01-01")


def test_export_named_sessions_and_date_range(tmp_path, library, capsys):
    data, expected = library
    first = sorted(expected)[0]
    out = tmp_path / "x.csv"
    assert main(["--data-dir", str(data), "export", f"{first.parent.name}/{first.stem}", "--out", str(out)]) == 0
    assert pl.read_csv(out).height == len(expected[first])
    assert main(["--data-dir", str(data), "export", "--since", "2026-02-03", "--until", "2026-02-03", "--out", str(out), "--force"]) == 0
    assert set(pl.read_csv(out)["athlete"]) == {"Ben"}
    with pytest.raises(SystemExit) as exc:
        main(["--data-dir", str(data), "export", "--format", "xlsx"])
    assert exc.value.code == 2
    capsys.readouterr()
    assert main(["--data-dir", str(data), "export", "no-such-session", "--out", str(out)]) == 3
    assert capsys.readouterr().err.count("\n") == 1


def test_progress_shows_only_when_asked_or_long(tmp_path, library, capsys):
    data, _ = library
    export_reps(None, tmp_path / "a.parquet", library=Library(data), progress=True)
    assert "export: 3/3" in capsys.readouterr().err
    export_reps(None, tmp_path / "b.parquet", library=Library(data))   # not a TTY, quick: silent
    assert capsys.readouterr().err == ""


def test_loads_in_kg_and_impulse_in_n_s(tmp_path, library):
    data, _ = library
    out = tmp_path / "kg.parquet"
    export_reps(None, out, library=Library(data))
    df = pl.read_parquet(out)
    for phase in ("ecc", "con"):
        assert f"{phase}_impulse_n_s" in df.columns and f"{phase}_impulse_ns" not in df.columns
        for what in ("mean_force", "peak_force", "mean_load"):
            n, kg = df[f"{phase}_{what}_n"].to_numpy(), df[f"{phase}_{what}_kg"].to_numpy()
            assert np.allclose(kg, n / 9.80665, equal_nan=True)
            assert df.columns.index(f"{phase}_{what}_kg") == df.columns.index(f"{phase}_{what}_n") + 1


def test_csv_is_rounded_to_what_the_plate_resolves(tmp_path):
    """Counts of 0.01 N at 1 kHz: forces to 0.01 N, times to 0.5 ms, ratios to 0.001 - no
    float noise, and every value within half a step of the Parquet one."""
    rng = np.random.default_rng(5)
    m = meta(started_at=T0)
    info = plate_info(4, rate_hz=1000.0, scale=0.01)
    rows = [{"rep": i + 1, "set": 1, "rep_in_set": i + 1, "ecc_start_s": 3.0 + 4 * i + 0.0005,
             "ecc_duration_s": 3.55 - 0.0000000000000003 + rng.uniform(0, 1),
             "ecc_mean_force_n": float(rng.uniform(900, 2000)), "ecc_peak_force_n": 2000.0 + 0.1 + 0.2,
             "ecc_impulse_n_s": float(rng.normal(0, 3)), "ecc_con_load_ratio": float(rng.uniform(0.9, 1.4)),
             "ecc_mean_velocity_m_s": -0.123456789, "con_mean_power_w": 654.321987} for i in range(6)]
    save_session(SessionPaths.for_meta(tmp_path / "data", m), m, info, make_block(rng, 3000, info), rows, [])
    out = tmp_path / "r.csv"
    written = export_reps(None, out, "csv", samples=True, library=Library(tmp_path / "data"))
    exact = pl.read_parquet(export_reps(None, tmp_path / "r.parquet", library=Library(tmp_path / "data"))[0])
    text = out.read_text()
    assert not re.search(r"\d\.\d*(0000000|9999999)\d", text), "float noise in the CSV"
    csv = pl.read_csv(out, infer_schema_length=None)
    header = out.read_text().splitlines()[0].split(",")
    cells = [dict(zip(header, line.split(","), strict=True)) for line in text.splitlines()[1:]]

    def places(col: str) -> int:
        return max(len(c[col].partition(".")[2]) for c in cells if c[col])

    steps = {"ecc_mean_force_n": 0.01, "ecc_peak_force_n": 0.01, "ecc_mean_force_kg": 0.001, "ecc_start_s": 0.0001,
             "ecc_duration_s": 0.0001, "ecc_con_load_ratio": 0.001, "ecc_mean_velocity_m_s": 0.001,
             "con_mean_power_w": 0.1, "ecc_impulse_n_s": 1e-6}
    for col, step in steps.items():
        assert places(col) <= round(-np.log10(step)), col
        assert np.allclose(csv[col].to_numpy(), exact[col].to_numpy(), atol=step / 2 + 1e-12, rtol=0), col
    assert csv["ecc_start_s"][0] == 3.0005                          # half a sample is kept
    samples = written[1].read_text().splitlines()
    assert samples[0].split(",")[3] == "time_s" and samples[0].split(",")[6:] == [*(f"cell_{i}_n" for i in range(4)), "total_force_n"]
    cut = [line.split(",") for line in samples[1:]]
    assert not any(re.search(r"\.\d{4,}", c[3]) for c in cut)                        # 1 ms samples
    assert not any(re.search(r"\.\d{3,}", v) for c in cut for v in c[6:])            # 0.01 N counts


def test_old_files_with_the_nanosecond_looking_name_still_export(tmp_path):
    rng = np.random.default_rng(2)
    m = meta(started_at=T0)
    info = plate_info(2)
    old = [{"rep": 1, "set": 1, "rep_in_set": 1, "ecc_impulse_ns": 12.5, "con_impulse_ns": -3.25}]
    save_session(SessionPaths.for_meta(tmp_path / "data", m), m, info, make_block(rng, 500, info), old, [])
    df = pl.read_parquet(export_reps(None, tmp_path / "o.parquet", library=Library(tmp_path / "data"))[0])
    assert df["ecc_impulse_n_s"].to_list() == [12.5] and df["con_impulse_n_s"].to_list() == [-3.25]


@given(st.floats(min_value=1e-7, max_value=50.0))
def test_decimals_show_one_step_and_no_more(step):
    d = decimals(step)
    assert 10.0 ** -d <= step * (1 + 1e-9)                          # a step is visible
    assert d == 0 or 10.0 ** -(d - 1) > step                        # one place fewer would hide it


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux /proc (a folder that takes no new files)")
@pytest.mark.parametrize("name", ["x.csv", "x.parquet"])
def test_export_to_a_place_that_takes_no_files_is_one_clear_line(tmp_path, library, capsys, name):
    """`export --out /proc/x.csv` ended in "cannot write /proc/x.csv: FileNotFoundError" (polars
    raises it with no errno) and Parquet named the temporary file: the path and the cause, exit 6."""
    data, _ = library
    out = f"/proc/{name}"
    assert main(["--data-dir", str(data), "export", "--out", out]) == 6
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"cannot write {out}: " in err
    assert "Error" not in err and ".tmp" not in err and "does not take new files" in err


@pytest.mark.parametrize(("exc", "cause"), [
    (FileNotFoundError("No such file or directory (os error 2): /no/such/x.csv"), "no such file or directory"),
    (PermissionError("Permission denied (os error 13): /no/such/x.csv"), "permission denied"),
    (PermissionError("no number here"), "permission denied"),
])
def test_errors_without_errno_map_like_the_systems_own(exc, cause):
    """What Rust-backed writers raise: the class and text carry the errno, .errno is None."""
    from sessions.oserrors import os_error

    err = os_error(exc, "/no/such/x.csv")
    assert err.exit_code == 6 and str(err).lower() == f"cannot write /no/such/x.csv: {cause}"


def test_export_keeps_an_existing_file_without_force(tmp_path, library, capsys):
    """`export --out` replaced a coach's earlier export silently; now it is refused in one line
    naming the file (exit 2, as for every --out export refuses), and --force replaces it."""
    data, _ = library
    out = tmp_path / "season.csv"
    out.write_text("the coach's own notes\n")
    capsys.readouterr()
    assert main(["--data-dir", str(data), "export", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{out} exists: give --force to replace it" in err and "Traceback" not in err
    assert out.read_text() == "the coach's own notes\n"
    samples = tmp_path / "new_samples.csv"   # --samples' own file is kept too, and nothing is written
    samples.write_text("keep\n")
    assert main(["--data-dir", str(data), "export", "--samples", "--out", str(tmp_path / "new.csv")]) == 2
    assert f"{samples} exists" in capsys.readouterr().err and not (tmp_path / "new.csv").exists()
    assert main(["--data-dir", str(data), "export", "--samples", "--out", str(out), "--force"]) == 0
    assert pl.read_csv(out).height > 0


def test_export_says_the_folder_it_made(tmp_path, library, capsys):
    """A missing folder is made, as `report --out` makes its folder, and said, so a typo in it is seen."""
    data, _ = library
    out = tmp_path / "exprots" / "2026" / "reps.csv"
    assert main(["--data-dir", str(data), "export", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"eccentric: created the folder {tmp_path / 'exprots'}\n" in err and pl.read_csv(out).height > 0
    assert main(["--data-dir", str(data), "export", "--out", str(tmp_path / "exprots" / "more.csv")]) == 0
    assert "created the folder" not in capsys.readouterr().err
