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


@pytest.mark.parametrize(("sig", "run_s"), [(signal.SIGTERM, 2.0), (signal.SIGINT, 3.0),
                                                    (signal.SIGHUP, 2.0)])
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
    # SIGHUP: the terminal is gone, so nothing more is printed (a write there failed with EIO)
    assert ("stopped: saved" in err or sig == signal.SIGHUP) and "Traceback" not in err
    [s] = Library(tmp_path).list()
    stored = read_session(s.path)
    rate = stored.info.sample_rate_hz
    # everything up to the signal is there (the plate had been streaming since before `first`)
    assert len(stored.block) >= (run_s - 0.5) * rate
    assert len(stored.block) <= (elapsed + 3.0) * rate
    assert Library(tmp_path).unfinished() == []


def test_ctrl_c_inside_the_analysis_never_breaks_the_saved_session(tmp_path, capsys, monkeypatch):
    """Ctrl-C arriving while Analyser.feed() runs (1 in 6 stops, reported) used to leave the
    analyser's buffers half-appended: `analysis failed at the end: cannot reshape ...`, and a
    session without body mass or set summary. The signal now only asks the loop to stop."""
    import json

    from forceplate.analysis import Analyser

    real_feed = Analyser.feed
    calls = {"n": 0, "fed_after_signal": False}

    def feed(self, block):
        calls["n"] += 1
        if calls["n"] != 400:   # ~40 s in: weighed, a set under way
            return real_feed(self, block)
        os.kill(os.getpid(), signal.SIGINT)   # handled at the next bytecode: inside this feed
        events = real_feed(self, block)
        calls["fed_after_signal"] = True      # the feed was not cut short
        return events

    monkeypatch.setattr(Analyser, "feed", feed)
    rc = main(["--data-dir", str(tmp_path), "record", "--reader", "mock", "-o", "realtime=false", "-o", "seed=5",
               "--method", "slow_negatives", "--json"])
    out, err = capsys.readouterr()
    assert rc == 130, err   # Ctrl-C is the documented stop and exits 130 (README)
    assert "failed" not in err and "Traceback" not in err and "stopped: saved" in err
    assert calls["fed_after_signal"]
    stored = read_session(Library(tmp_path).list()[0].path)
    assert stored.meta.body_mass_kg is not None and stored.meta.system_mass_kg is not None
    assert stored.sets.height >= 1 and stored.reps.height >= 3
    printed = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert [r["ecc_start_s"] for r in printed] == stored.reps["ecc_start_s"].to_list()


def test_simulated_lifter_does_the_sessions_method(tmp_path, capsys):
    rc = main(["--data-dir", str(tmp_path), "record", "--reader", "mock", "-o", "realtime=false", "-o", "seed=2",
               "--seconds", "60", "--method", "slow_negatives"])
    _, err = capsys.readouterr()
    assert rc == 0, err
    reps = read_session(Library(tmp_path).list()[0].path).reps
    codes = reps["verdict_codes"].to_list()
    assert len(codes) >= 4
    assert sum("ecc_on_target" in c for c in codes) >= len(codes) - 1, reps["verdict"].to_list()


def test_simulated_lifter_lifts_the_sessions_load(tmp_path, capsys):
    rc = main(["--data-dir", str(tmp_path), "record", "--reader", "mock", "-o", "realtime=false", "-o", "seed=4",
               "--seconds", "60", "--method", "forced_positive", "--load-kg", "40"])
    _, err = capsys.readouterr()
    assert rc == 0, err
    meta = read_session(Library(tmp_path).list()[0].path).meta
    assert meta.load_kg == 40
    # what the plate weighed at the set's rests, not the seed's own draw (90 kg for seed 4)
    assert meta.system_mass_kg - meta.body_mass_kg == pytest.approx(40.0, abs=1.0)


def test_explicit_simulator_method_wins_with_a_warning(tmp_path, capsys):
    rc = main(["--data-dir", str(tmp_path), "record", "--reader", "mock", "-o", "realtime=false",
               "-o", "method=forced_negative", "--seconds", "40", "--method", "slow_negatives"])
    _, err = capsys.readouterr()
    assert rc == 0, err
    assert "warning: the simulated lifter does forced_negative" in err
    reps = read_session(Library(tmp_path).list()[0].path).reps
    assert reps.height and all("ecc_too_slow" in c for c in reps["verdict_codes"].to_list())


@pytest.mark.parametrize("bad", [["--tolerance", "-5"], ["--tolerance", "150"], ["--overload-tolerance", "-1"]])
def test_bad_tolerance_is_a_usage_error(tmp_path, capsys, bad):
    assert main(["--data-dir", str(tmp_path), "record", "--reader", "mock", "--seconds", "1", *bad]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "tolerance" in err


def test_tolerance_setting_moves_the_verdicts_and_is_stored(tmp_path, capsys):
    rc = main(["--data-dir", str(tmp_path), "record", "--reader", "mock", "-o", "realtime=false", "-o", "seed=2",
               "--seconds", "60", "--method", "slow_negatives", "--tolerance", "1"])
    assert rc == 0
    stored = read_session(Library(tmp_path).list()[0].path)
    assert stored.meta.targets["ecc_tolerance"] == pytest.approx(0.01)
    assert stored.meta.analysis["ecc_tolerance"] == pytest.approx(0.01)
    # a 1 % window: hardly a rep of a simulated human is on target
    codes = stored.reps["verdict_codes"].to_list()
    assert sum("ecc_on_target" in c for c in codes) <= len(codes) // 2


def test_a_load_the_simulator_cannot_lift_still_records(tmp_path, capsys):
    rc = main(["--data-dir", str(tmp_path), "record", "--reader", "mock", "-o", "realtime=false",
               "--seconds", "20", "--load-kg", "1"])
    _, err = capsys.readouterr()
    assert rc == 0, err
    assert read_session(Library(tmp_path).list()[0].path).meta.load_kg == 1
