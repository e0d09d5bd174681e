"""`eccentric export` numbers reps under the names `analyze --format csv|json` and the stored reps/
files use: `set`, `rep_in_set` (the number every view prints: `sessions show`, `analyze`, the
dashboard, the report's tables and figures), then `rep`, the place in the whole recording. An
export that called the rep within the set `rep` joined to analyze's output on (session, rep)
matched the wrong rows. The report's per-set figures title their panels by the rep in the set."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import numpy as np
import polars as pl
import pytest
from test_sessions_support import make_block, meta, plate_info

from eccentric.cli import main
from sessions.report.data import load_detail
from sessions.report.figures import rep_profiles
from sessions.store import SessionPaths, save_session

SETS = (3, 2, 4)   # reps per set


@pytest.fixture
def session(tmp_path):
    rng = np.random.default_rng(3)
    info = plate_info(2)
    rows, k = [], 0
    for set_no, n in enumerate(SETS, 1):
        for i in range(n):
            k += 1
            t0 = 0.5 + 0.4 * k
            rows.append({"rep": k, "set": set_no, "rep_in_set": i + 1, "ecc_start_s": t0, "ecc_end_s": t0 + 0.15,
                         "con_start_s": t0 + 0.15, "con_end_s": t0 + 0.3, "ecc_duration_s": 0.15,
                         "ecc_mean_force_n": 900.0 + k, "verdict": "ok"})
    m = meta(athlete="Ana", started_at=datetime(2026, 2, 2, 18, tzinfo=UTC))
    path = save_session(SessionPaths.for_meta(tmp_path / "data", m), m, info, make_block(rng, 5000, info), rows, [])
    return tmp_path / "data", path


def _shown(data, path, capsys) -> list[tuple[int, int]]:
    assert main(["--data-dir", str(data), "sessions", "show", f"{path.parent.name}/{path.stem}"]) == 0
    return [(int(a), int(b)) for a, b in re.findall(r"^\s+set (\d+) rep (\d+):", capsys.readouterr().out, re.M)]


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_the_export_numbers_reps_as_sessions_show(session, tmp_path, capsys, fmt):
    data, path = session
    shown = _shown(data, path, capsys)
    assert shown == [(s, r) for s, n in enumerate(SETS, 1) for r in range(1, n + 1)]
    out = tmp_path / f"reps.{fmt}"
    assert main(["--data-dir", str(data), "export", "--out", str(out)]) == 0
    df = pl.read_csv(out) if fmt == "csv" else pl.read_parquet(out)
    assert list(zip(df["set"], df["rep_in_set"], strict=True)) == shown
    assert df["rep"].to_list() == list(range(1, sum(SETS) + 1))   # as analyze and reps/: the recording's
    assert "rep_index" not in df.columns
    cols = df.columns
    assert cols[cols.index("set"): cols.index("set") + 3] == ["set", "rep_in_set", "rep"]
    assert df["ecc_mean_force_n"].to_list() == pytest.approx([900.0 + k for k in range(1, sum(SETS) + 1)])


def test_a_session_without_reps_exports_the_same_columns(tmp_path):
    info = plate_info(2)
    m = meta(athlete="Ben", started_at=datetime(2026, 2, 3, 18, tzinfo=UTC))
    path = save_session(SessionPaths.for_meta(tmp_path / "data", m), m, info,
                        make_block(np.random.default_rng(1), 500, info), [], [])
    out = tmp_path / "none.csv"
    assert main(["--data-dir", str(tmp_path / "data"), "export", f"{path.parent.name}/{path.stem}", "--out", str(out)]) == 0
    head = out.read_text().splitlines()[0].split(",")
    assert head[head.index("set"): head.index("set") + 3] == ["set", "rep_in_set", "rep"]


def test_the_report_titles_each_panel_by_its_rep_in_the_set(session):
    _, path = session
    detail = load_detail(path)
    fig = rep_profiles(detail, 2)
    assert fig is not None
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert [t.split(":")[0] for t in titles] == ["rep 1", "rep 2"]


def test_the_export_joins_analyze_on_session_and_rep(session, tmp_path, capsys):
    import json
    data, path = session
    out = tmp_path / "reps.csv"
    assert main(["--data-dir", str(data), "export", "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["analyze", str(path), "--format", "json"]) == 0
    analysed = {r["rep"]: r for r in json.loads(capsys.readouterr().out)["reps"]}
    for row in pl.read_csv(out).to_dicts():
        assert (row["set"], row["rep_in_set"]) == (analysed[row["rep"]]["set"], analysed[row["rep"]]["rep_in_set"])
