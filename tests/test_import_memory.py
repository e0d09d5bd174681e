"""A Hawkin-style export (whole-newton sides and total, 3 integer columns) is read without
transient copies of its columns: the numeric columns are numpy's own arrays (Polars' allocator
kept the pages of its rechunked copies for seconds, about the columns again at the peak), and
the plan and the SampleBlock add no copy beyond the block itself. The full-size figure is
benchmarks/bench_import_memory.py (182 MB: 914 -> 644 MB peak)."""

from __future__ import annotations

import tracemalloc

import numpy as np

import sessions.formats.text_lines as TL
from sessions.csv_input import read_foreign


def _hawkin(path, n):
    t = np.arange(n) / 1000.0
    f = 800 + 300 * np.sin(t)
    rows = np.column_stack([t, np.round(f / 2), np.round(f - np.round(f / 2)), np.round(f)])
    path.write_text("Time(s),LeftForce(N),RightForce(N),CombinedForce(N)\n"
                    + "\n".join(f"{a:.3f},{b:.0f},{c:.0f},{d:.0f}" for a, b, c, d in rows.tolist()) + "\n")
    return path


def test_hawkin_import_holds_no_transient_copy(tmp_path, monkeypatch):
    p = _hawkin(tmp_path / "hawkin.csv", 200_000)
    monkeypatch.setattr(TL, "BLOCK_BYTES", 1 << 20)       # many blocks, as a large file has
    tracemalloc.start()
    try:
        _, block, plan = read_foreign(p)
        live, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(block) == 200_000 and block.values.shape[1] == 2
    for c in plan.table.columns:
        assert c.values is not None and c.values.dtype == np.float64
        assert c.values.base is None or isinstance(c.values.base, np.ndarray)   # numpy's memory
    # the peak is what is kept (table columns, time, block), within 5 %: no column copied twice
    assert peak <= 1.05 * live


def test_float_array_joins_chunks_in_numpy():
    import polars as pl

    s = pl.concat([pl.Series("x", [1.0, 2.0]), pl.Series("x", [3.0])], rechunk=False)
    a = TL.float_array(s)
    assert a.flags.owndata and a.tolist() == [1.0, 2.0, 3.0]
    assert np.isnan(TL.float_array(pl.Series("x", [1, None]))[1])
