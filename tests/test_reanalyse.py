"""A stored analysis carries its version; a stale one is flagged, and re-analysis is explicit."""

from __future__ import annotations

import json

import pytest

from eccentric.cli import main
from forceplate.analysis.version import ANALYSIS_VERSION
from forceplate.simulator import Scenario, simulate
from sessions.meta import SessionMeta
from sessions.session_file import read_session
from sessions.store import SessionPaths, save_session


@pytest.fixture
def old_session(tmp_path):
    """A session whose stored analysis came from another version (one made-up rep)."""
    rec = simulate(Scenario.for_method("slow_negatives", seed=21, reps_per_set=4))
    meta = SessionMeta.for_reader(rec.info, athlete="Bo", method="slow_negatives", analysis_version="1999.01.01")
    row = {"rep": 1, "set": 7, "rep_in_set": 9, "ecc_start_s": 1.0, "ecc_end_s": 2.0, "con_start_s": 2.0,
           "con_end_s": 3.0, "verdict": "on target", "analysis_version": "1999.01.01"}
    sp = SessionPaths.for_meta(tmp_path, meta)
    path = save_session(sp, meta, rec.info, rec.block(), [row], [])
    return tmp_path, path, rec


def test_stale_analysis_is_shown_as_stored_and_flagged(old_session, capsys):
    root, path, _ = old_session
    assert main(["--data-dir", str(root), "sessions", "show", path.stem]) == 0
    out = capsys.readouterr().out
    assert "STALE: analysed by version 1999.01.01" in out and "set 7 rep 9" in out
    assert main(["analyze", str(path), "--format", "json"]) == 0
    cap = capsys.readouterr()
    doc = json.loads(cap.out)
    assert doc["stale"] and doc["analysis_version"] == "1999.01.01" and not doc["reanalysed"]
    assert [r["rep_in_set"] for r in doc["reps"]] == [9]            # what is stored, not a silent re-run
    assert "--reanalyse" in cap.err


def test_reanalyse_is_explicit_and_stores_the_new_version(old_session, capsys):
    root, path, rec = old_session
    assert main(["analyze", str(path), "--format", "json", "--reanalyse"]) == 0
    fresh = json.loads(capsys.readouterr().out)
    assert fresh["reanalysed"] and len(fresh["reps"]) == len(rec.truth.reps)
    assert read_session(path).reps.height == 1                     # analyze --reanalyse stores nothing

    assert main(["--data-dir", str(root), "sessions", "reanalyse", "--stale"]) == 0
    assert "1999.01.01 -> " + ANALYSIS_VERSION in capsys.readouterr().out
    s = read_session(path)
    assert s.meta.analysis_version == ANALYSIS_VERSION and s.meta.analysis["method"] == "slow_negatives"
    assert s.reps["rep_in_set"].to_list() == [r["rep_in_set"] for r in fresh["reps"]]
    assert s.reps["analysis_version"].to_list() == [ANALYSIS_VERSION] * s.reps.height
    assert len(s.block) == len(rec.block())                        # the samples are untouched
    assert main(["--data-dir", str(root), "sessions", "show", path.stem, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["stale"] is None
    # nothing stale any more
    assert main(["--data-dir", str(root), "sessions", "reanalyse", "--stale"]) == 0
    assert "every session is current" in capsys.readouterr().err


def test_reanalyse_needs_a_name_or_stale(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "sessions", "reanalyse"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
