"""`eccentric export` and sessions.export: tidy reps (and samples) from many sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import polars as pl
import pytest
from test_sessions_support import make_block, meta, plate_info

from eccentric.cli import main
from sessions import schema as S
from sessions.export import export_reps
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
    assert set(S.REP_SCHEMA) <= set(df.columns)
    by = df.group_by("session").agg(pl.col("ecc_mean_force_n"))
    for path, rows in expected.items():
        got = by.filter(pl.col("session") == path.stem)["ecc_mean_force_n"].to_list()[0]
        assert got == pytest.approx([r["ecc_mean_force_n"] for r in rows])
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
    assert main(["--data-dir", str(data), "export", "--since", "2026-02-03", "--until", "2026-02-03", "--out", str(out)]) == 0
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
