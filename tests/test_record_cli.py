"""`eccentric record`: headless recording, reps printed, clean stop on Ctrl-C / SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eccentric.cli import main
from sessions.library import Library
from sessions.session_file import read_session

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("seed", "seconds", "method"), [(3, 30.0, "slow_negatives"), (8, 7.5, "forced_negative")])
def test_record_for_n_seconds(tmp_path, capsys, seed, seconds, method):
    rc = main(["--data-dir", str(tmp_path), "record", "--reader", "mock", "-o", "realtime=false", "-o", f"seed={seed}",
               "--seconds", str(seconds), "--athlete", "Zoë", "--exercise", "leg_press", "--method", method,
               "--load-kg", "120"])
    out, err = capsys.readouterr()
    assert rc == 0, err
    [s] = Library(tmp_path).list()
    stored = read_session(s.path)
    assert stored.meta.simulated and stored.meta.athlete == "Zoë" and stored.meta.method == method
    assert stored.meta.load_kg == 120.0 and stored.info.simulated
    assert len(stored.block) == round(seconds * stored.info.sample_rate_hz)
    assert "SIMULATED" in err and str(s.path) in err
    rep_lines = [line for line in out.splitlines() if " rep " in line]
    assert len(rep_lines) == stored.reps.height
    assert not list((tmp_path / "journal").glob("*.journal"))


def test_record_json_lines_are_the_stored_reps(tmp_path, capsys):
    import json

    # options also work after the subcommand
    rc = main(["record", "--data-dir", str(tmp_path), "--reader", "mock", "-o", "realtime=false", "--seconds", "25", "--json"])
    out, _ = capsys.readouterr()
    assert rc == 0
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    stored = read_session(Library(tmp_path).list()[0].path)
    assert [r["rep"] for r in rows] == stored.reps["rep"].to_list()


def test_bad_seconds_is_a_usage_error(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "record", "--reader", "mock", "--seconds", "-2"]) == 2
    assert "--seconds" in capsys.readouterr().err


def test_unknown_reader_is_one_line(tmp_path, capsys):
    rc = main(["--data-dir", str(tmp_path), "record", "--reader", "no-such-plate"])
    err = capsys.readouterr().err
    assert rc != 0 and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize(("sig", "run_s"), [(signal.SIGTERM, 2.0), (signal.SIGINT, 3.0)])
def test_signal_stops_cleanly_with_everything_saved(tmp_path, sig, run_s):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "eccentric", "--data-dir", str(tmp_path), "record", "--reader", "mock",
                             "--athlete", "Sig"], stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    assert proc.stderr is not None
    first = proc.stderr.readline()
    assert first.startswith("recording"), first
    t0 = time.monotonic()
    time.sleep(run_s)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    elapsed = time.monotonic() - t0
    # Ctrl-C exits 130 as the README's table says; SIGTERM is a clean stop (0); both save
    assert proc.returncode == (130 if sig == signal.SIGINT else 0), err
    assert "stopped: saved" in err and "Traceback" not in err
    [s] = Library(tmp_path).list()
    stored = read_session(s.path)
    rate = stored.info.sample_rate_hz
    # everything up to the signal is there (the plate had been streaming since before `first`)
    assert len(stored.block) >= (run_s - 0.5) * rate
    assert len(stored.block) <= (elapsed + 3.0) * rate
    assert Library(tmp_path).unfinished() == []
