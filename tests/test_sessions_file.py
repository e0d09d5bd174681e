"""Session files: lossless round trip, compact encoding, one reps schema, clean errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import numpy as np
import polars as pl
import pyarrow.parquet as pq
import pytest
from test_sessions_support import blocks_equal, decoded_block, make_block, meta, plate_info

from forceplate.errors import BadInputError
from forceplate.samples import SampleBlock
from sessions import schema as S
from sessions.meta import SCHEMA_VERSION
from sessions.session_file import read_session, write_session
from sessions.store import SessionPaths, save_session


@pytest.mark.parametrize(("seed", "n_channels", "rate", "offset", "gaps"), [
    (0, 4, 1000.0, 0.0, False), (1, 1, 500.0, 0.0, True), (2, 3, 2000.0, -12.5, True), (3, 2, 1200.0, 3.0, False),
])
def test_samples_round_trip_bit_for_bit(tmp_path, seed, n_channels, rate, offset, gaps):
    rng = np.random.default_rng(seed)
    info = plate_info(n_channels, rate, offset=offset, with_position=seed % 2 == 1)
    block = make_block(rng, int(rng.integers(1, 30_000)), info, start_seq=int(rng.integers(0, 10**6)), gaps=gaps)
    path = write_session(tmp_path / "s.parquet", meta(), info, block)
    back = read_session(path)
    assert blocks_equal(back.block, block)
    assert back.info == info
    assert back.meta.athlete == "Ana" and back.meta.started_at.tzinfo is not None


def test_real_decoder_output_round_trips_and_only_counts_are_stored(tmp_path):
    info, block = decoded_block(np.random.default_rng(5), 2_000)
    path = write_session(tmp_path / "s.parquet", meta(), info, block)
    names = pq.read_schema(path).names
    assert names == ["seq", *[f"{c.name}_counts" for c in info.channels], "flags"]
    assert blocks_equal(read_session(path).block, block)
    # another tool, knowing only the documented layout, gets the same newtons
    raw = pl.read_parquet(path)
    ch = json.loads(pq.read_metadata(path).metadata[S.KEY_INFO.encode()])["channels"][2]
    force = raw[f"{ch['name']}_counts"].to_numpy() * ch["scale"] + ch["offset"]
    assert np.array_equal(force, block.values[:, 2])
    assert np.array_equal(raw["seq"].to_numpy() / info.sample_rate_hz, block.time_s)


def test_values_without_counts_and_irregular_time_are_stored_as_is(tmp_path):
    rng = np.random.default_rng(9)
    info = plate_info(2, 1000.0)
    n = 5_000
    seq = np.arange(n, dtype=np.int64)
    block = SampleBlock(time_s=seq / 1000.0 + rng.normal(0, 1e-4, n), values=rng.normal(400, 2, (n, 2)),
                        seq=seq, flags=np.zeros(n, np.uint8))
    path = write_session(tmp_path / "s.parquet", meta(), info, block)
    assert "time_s" in pq.read_schema(path).names
    assert blocks_equal(read_session(path).block, block)


@pytest.mark.parametrize("seed", [11, 12])
def test_noisy_counts_take_at_most_1_5_bytes_per_channel_sample(tmp_path, seed):
    rng = np.random.default_rng(seed)
    info = plate_info(4, 1000.0)
    block = make_block(rng, 300_000, info, noise_n=1.5)
    path = write_session(tmp_path / "s.parquet", meta(), info, block)
    per = path.stat().st_size / (len(block) * 4)
    assert per <= 1.5, per
    # and it is a real compression, not an empty file: the noise itself needs ~1.2 bytes
    assert per > 0.8


def test_reps_of_a_season_scan_in_one_call_with_one_schema(tmp_path):
    rng = np.random.default_rng(3)
    info = plate_info(4)
    t0 = datetime(2026, 3, 1, 9, tzinfo=UTC)
    rows = [{"rep": 1, "set": 1, "rep_in_set": 1, "ecc_duration_s": 3.1, "con_duration_s": 1.2,
             "ecc_mean_force_n": 1400.0, "verdict_codes": "on_target", "phase_source": "force_integral",
             "confidence": 0.9, "extra_field_from_the_future": 1}]
    for k, (athlete, n_reps) in enumerate([("Ana", 1), ("Ben", 0), ("../../Cy", 1)]):
        m = meta(athlete=athlete, started_at=t0 + timedelta(days=k))
        save_session(SessionPaths.for_meta(tmp_path, m), m, info, make_block(rng, 500, info), rows * n_reps, [])
    reps = pl.scan_parquet(str(tmp_path / "reps" / "**" / "*.parquet")).collect()
    assert reps.height == 2
    assert reps.schema == pl.Schema(S.REP_SCHEMA)
    assert sorted(reps["athlete"].to_list()) == ["../../Cy", "Ana"]
    assert reps["date"].to_list()[0].isoformat().startswith("2026-03-0")
    sets = pl.scan_parquet(str(tmp_path / "sets" / "**" / "*.parquet")).collect()
    assert sets.schema == pl.Schema(S.SET_SCHEMA) and sets.height == 0
    # every file also opens in pyarrow as-is (what pandas / R arrow / DuckDB build on)
    for f in (tmp_path / "sessions").glob("*/*.parquet"):
        assert pq.read_table(f).num_rows == 500
    assert all(p.resolve().is_relative_to(tmp_path.resolve()) for p in tmp_path.rglob("*.parquet"))


def _valid_file(tmp_path):
    info = plate_info(2)
    return write_session(tmp_path / "ok.parquet", meta(), info, make_block(np.random.default_rng(1), 3000, info))


def test_csv_named_parquet_is_a_one_line_error(tmp_path):
    p = tmp_path / "x.parquet"
    p.write_text("time_s,force_n\n0,1\n")
    with pytest.raises(BadInputError, match=r"x\.parquet.*CSV"):
        read_session(p)


def test_truncated_file_is_named(tmp_path):
    p = _valid_file(tmp_path)
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(BadInputError, match="truncated") as exc:
        read_session(p)
    assert str(p) in str(exc.value) and "\n" not in str(exc.value)


def test_newer_schema_version_is_refused(tmp_path):
    p = _valid_file(tmp_path)
    t = pq.read_table(p)
    md = dict(t.schema.metadata)
    md[S.KEY_SCHEMA.encode()] = str(SCHEMA_VERSION + 1).encode()
    pq.write_table(t.replace_schema_metadata(md), p)
    with pytest.raises(BadInputError, match="newer"):
        read_session(p)


def test_foreign_parquet_and_wrong_columns_are_refused(tmp_path):
    p = tmp_path / "foreign.parquet"
    pl.DataFrame({"a": [1, 2]}).write_parquet(p)
    with pytest.raises(BadInputError, match="not an eccentric file"):
        read_session(p)
    good = _valid_file(tmp_path)
    t = pq.read_table(good)
    t = t.rename_columns(["seq", "other", t.column_names[2], "flags"])
    pq.write_table(t, tmp_path / "bad.parquet")
    with pytest.raises(BadInputError, match="bad.parquet"):
        read_session(tmp_path / "bad.parquet")


def test_wrong_dtype_and_bad_layout_are_refused(tmp_path):
    good = _valid_file(tmp_path)
    t = pq.read_table(good)
    md = dict(t.schema.metadata)
    cast = t.set_column(1, t.column_names[1], t.column(1).cast("float64"))
    pq.write_table(cast.replace_schema_metadata(md), tmp_path / "dtype.parquet")
    with pytest.raises(BadInputError, match="wrong schema"):
        read_session(tmp_path / "dtype.parquet")
    md2 = dict(md)
    md2[S.KEY_LAYOUT.encode()] = json.dumps({"time": "teleport", "channels": []}).encode()
    pq.write_table(t.replace_schema_metadata(md2), tmp_path / "layout.parquet")
    with pytest.raises(BadInputError, match="layout"):
        read_session(tmp_path / "layout.parquet")
