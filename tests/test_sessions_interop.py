"""Every file of a session reads unchanged in pandas, pyarrow and DuckDB (what coaches use)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from forceplate.registry import create_reader
from sessions.meta import SessionMeta
from sessions.recorder import Recorder
from sessions.session_file import read_session

pd = pytest.importorskip("pandas")
duckdb = pytest.importorskip("duckdb")
pq = pytest.importorskip("pyarrow.parquet")


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    for seed, method in ((1, "slow_negatives"), (2, "forced_negative")):
        reader = create_reader("mock", seed=seed, method=method, realtime=False, loop=False)
        info = reader.open()
        from forceplate.analysis import Analyser, AnalysisConfig

        analyser = Analyser(info, AnalysisConfig.for_method(method))
        rec = Recorder(data, info, SessionMeta.for_reader(info, athlete=f"ath{seed}", method=method)).start()
        while (block := reader.read(0.1)) is not None:
            rec.append(block)
            rec.add_events(analyser.feed(block))
        rec.add_events(analyser.finish())
        rec.stop()
        reader.close()
    return data


def test_every_file_reads_in_pandas_pyarrow_and_duckdb(library):
    files = sorted(library.rglob("*.parquet"))
    assert {f.parent.parent.name for f in files} == {"sessions", "reps", "sets"}
    for f in files:
        n_arrow = pq.read_table(f).num_rows
        n_pandas = len(pd.read_parquet(f))
        n_duck = duckdb.sql(f"select count(*) from read_parquet('{f}')").fetchall()[0][0]
        assert n_arrow == n_pandas == n_duck > 0, f


def test_a_season_of_reps_in_one_duckdb_query(library):
    rows = duckdb.sql(
        f"select athlete, method, count(*) as reps, avg(ecc_duration_s) as ecc_s "
        f"from read_parquet('{library}/reps/**/*.parquet') group by all order by athlete").fetchall()
    assert [r[:2] for r in rows] == [("ath1", "slow_negatives"), ("ath2", "forced_negative")]
    assert all(r[2] >= 4 for r in rows)
    assert 2.0 < rows[0][3] < 4.5 and 4.0 < rows[1][3] < 6.5   # the methods' lowering tempos


def test_newtons_from_counts_and_the_documented_scale_outside_eccentric(library):
    """A coach without eccentric gets the same newtons: counts x scale + offset from the footer."""
    f = next((library / "sessions").rglob("*.parquet"))
    table = pq.read_table(f)
    footer = {k.decode(): v.decode() for k, v in table.schema.metadata.items()}
    info = json.loads(next(v for k, v in footer.items() if "info" in k))
    channels = info["channels"]
    stored = read_session(f)
    df = table.to_pandas()
    for j, ch in enumerate(channels):
        col = next(c for c in df.columns if c.startswith(ch["name"]))
        newtons = df[col].to_numpy() * ch["scale"] + ch["offset"]
        assert np.array_equal(newtons, stored.block.values[:, j])
