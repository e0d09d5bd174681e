"""`eccentric analyze`: CSV and session input, table/json/csv output, one-line errors."""

from __future__ import annotations

import json

import numpy as np
import pytest

from eccentric.cli import main
from forceplate.simulator import Scenario, simulate


def _write_csv(path, time_s, cols: dict[str, np.ndarray]) -> None:
    header = ",".join(["time_s", *cols])
    data = np.column_stack([time_s, *cols.values()])
    np.savetxt(path, data, delimiter=",", header=header, comments="", fmt="%.6f")


@pytest.fixture(scope="module")
def recording():
    return simulate(Scenario.for_method("slow_negatives", seed=7, n_cells=2, sample_rate_hz=500.0))


def test_csv_json_output_on_its_own_time_axis(tmp_path, capsys, recording):
    rec = recording
    path = tmp_path / "plate.csv"
    offset = 1000.25
    jitter = np.random.default_rng(0).uniform(-2e-5, 2e-5, rec.time_s.size)
    _write_csv(path, rec.time_s + offset + jitter, {"left_n": rec.values[:, 0], "right_n": rec.values[:, 1]})
    assert main(["analyze", str(path), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {"sample_rate_hz", "system_mass_kg", "body_mass_kg", "reps"} <= set(doc)
    assert doc["sample_rate_hz"] == pytest.approx(500.0, rel=1e-3)
    assert doc["body_mass_kg"] == pytest.approx(rec.truth.body_mass_kg, rel=0.01)
    assert doc["system_mass_kg"] == pytest.approx(rec.truth.system_mass_kg, rel=0.01)
    assert len(doc["reps"]) == len(rec.truth.reps)
    for row, tr in zip(doc["reps"], rec.truth.reps, strict=True):
        for key in ("rep", "set", "ecc_duration_s", "con_duration_s", "ecc_peak_force_n", "con_peak_force_n",
                    "ecc_con_load_ratio", "phase_source", "confidence"):
            assert key in row
        assert row["ecc_start_s"] == pytest.approx(tr.ecc_start_s + offset, abs=0.2)
        assert row["con_end_s"] == pytest.approx(tr.con_end_s + offset, abs=0.2)
        assert row["ecc_mean_force_n"] == pytest.approx(tr.ecc_mean_force_n, rel=0.02)


def test_body_mass_flag_and_method(tmp_path, capsys, recording):
    rec = recording
    path = tmp_path / "plate.csv"
    _write_csv(path, rec.time_s, {"fz_n": rec.total_force_n})
    assert main(["analyze", str(path), "--format", "json", "--body-mass-kg", "70",
                 "--method", "slow_negatives"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["body_mass_kg"] == pytest.approx(70.0)
    assert all(r["tempo_target_ecc_s"] == 3.0 for r in doc["reps"])
    assert all(r["ecc_mean_load_n"] == pytest.approx(r["ecc_mean_force_n"] - 70 * 9.80665) for r in doc["reps"])


def test_table_and_csv_formats(tmp_path, capsys, recording):
    rec = recording
    path = tmp_path / "plate.csv"
    _write_csv(path, rec.time_s, {"fz_n": rec.total_force_n})
    assert main(["analyze", str(path)]) == 0
    out = capsys.readouterr().out
    assert "force_integral" in out and "set 1:" in out
    assert main(["analyze", str(path), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("rep,set,rep_in_set,ecc_start_s")
    assert len(lines) == 1 + len(rec.truth.reps)


def test_position_column_is_recognised(tmp_path, capsys):
    rec = simulate(Scenario.for_method("forced_negative", seed=3, n_cells=1, with_position=True))
    path = tmp_path / "pos.csv"
    _write_csv(path, rec.time_s, {"force_n": rec.values[:, 0], "position_m": rec.values[:, 1]})
    assert main(["analyze", str(path), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["reps"] and {r["phase_source"] for r in doc["reps"]} == {"position"}


def test_session_file(tmp_path, capsys, recording):
    pytest.importorskip("sessions.session_file")
    from sessions.meta import SessionMeta
    from sessions.recorder import Recorder

    rec = recording
    meta = SessionMeta.for_reader(rec.info, athlete="a", exercise="smith_squat", method="slow_negatives")
    r = Recorder(tmp_path, rec.info, meta)
    r.start()
    r.append(rec.block())
    path = r.stop()
    assert main(["analyze", str(path), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["reps"]) == len(rec.truth.reps)
    assert doc["reps"][0]["tempo_target_ecc_s"] == 3.0   # the recorded method


def test_session_started_with_the_lifter_on_uses_the_body_mass_weighed_live(tmp_path, capsys, recording):
    """No body-only stretch in the file: the live weighing in its metadata sets the body mass."""
    from forceplate.samples import SampleBlock
    from sessions.meta import SessionMeta
    from sessions.recorder import Recorder

    rec = recording
    block = rec.block()
    start = float(rec.truth.unrack_s[0]) + 1.5   # after unracking: only lifter + bar on the plate
    keep = block.time_s >= start
    cut = SampleBlock(time_s=block.time_s[keep], values=block.values[keep], seq=block.seq[keep],
                      flags=block.flags[keep], counts=None if block.counts is None else block.counts[keep])
    body = rec.truth.body_mass_kg
    meta = SessionMeta.for_reader(rec.info, athlete="a", method="slow_negatives", body_mass_kg=body)
    r = Recorder(tmp_path, rec.info, meta)
    r.start()
    r.append(cut)
    path = r.stop()
    assert main(["analyze", str(path), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["body_mass_kg"] == pytest.approx(body, rel=1e-6)
    loads = [x["ecc_mean_load_n"] for x in doc["reps"]]
    bar_n = rec.truth.bar_mass_kg * 9.80665
    assert loads and all(abs(x - bar_n) < 0.05 * bar_n for x in loads)


@pytest.mark.parametrize(("content", "needle"), [
    ("force_n\n1\n2\n", "time_s"),
    ("time_s\n0\n0.001\n", "force"),
    ("time_s,force_n\n0,abc\n0.001,def\n", "not numeric"),
    ("time_s,force_n\n0,1\n0.001,NaN\n0.002,3\n", "non-finite"),
    ("time_s,force_n\n0,1\n0.002,2\n0.001,3\n", "does not increase"),
    ("", "CSV"),
    ("time_s,force_n\n", "no samples"),
    # one row: the cause, not "no samples (fewer than two rows)"
    ("time_s,force_n\n0,700\n", "too short: 1 sample"),
    ("force_n\n700\n", "time_s"),
    ("time,speed\n0,1\n", "no force column"),
    ("Name,Date,Time,BW [KG],Jump Height (Imp-Mom) [cm]\nAna,01/02/2026,10:00,70.2,35.1\n", "no force column"),
])
def test_bad_csv_is_one_line_and_exit_3(tmp_path, capsys, content, needle):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    assert main(["analyze", str(path)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert needle.lower() in err.lower()


@pytest.mark.parametrize("content", [
    "Force;Time\n812\n",        # read as one column 'Force;Time': looked like a force
    "Fz;Time\n812,5\n",         # the row's comma read as a decimal comma: one number
    "Time;Fz\n0,812\n",         # looked like a time: 'no force column ... a table of metrics'
    "Fz (N)|Time (s)\n812\n",
])
def test_one_row_under_merged_names_gets_the_delimiter_hint(tmp_path, capsys, content):
    """One row read as one column whose name holds the header's delimiter said "no time_s
    (time) column among 'Force;Time'" (or called it a table of metrics): the delimiter is the
    cause, as the other one-row cases say."""
    path = tmp_path / "one.csv"
    path.write_text(content)
    assert main(["analyze", str(path)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--delimiter" in err and "eccentric inspect" in err
    assert "time_s" not in err and "metrics" not in err


def test_missing_binary_and_folder_inputs(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "nope.csv")]) == 3
    assert "no such file" in capsys.readouterr().err
    blob = tmp_path / "x.bin"
    blob.write_bytes(b"\x00\x01\x02\x03garbage")
    assert main(["analyze", str(blob)]) == 3
    assert capsys.readouterr().err.count("\n") == 1
    assert main(["analyze", str(tmp_path)]) == 3
    fake = tmp_path / "fake.parquet"
    fake.write_bytes(b"PAR1 not really")
    assert main(["analyze", str(fake)]) == 3
    assert capsys.readouterr().err.count("\n") == 2   # the folder's line and this one


@pytest.mark.parametrize("cmd", ["analyze", "inspect"])
def test_a_session_is_named_as_in_the_library(tmp_path, capsys, recording, cmd):
    """`eccentric report latest`, `replay latest` and `sessions show latest` take library
    names; `analyze latest` said "latest: no such file or directory"."""
    from sessions.meta import SessionMeta
    from sessions.recorder import Recorder

    meta = SessionMeta.for_reader(recording.info, athlete="Ana", exercise="smith_squat", method="slow_negatives")
    r = Recorder(tmp_path, recording.info, meta)
    r.start()
    r.append(recording.block())
    path = r.stop()
    for name in ("latest", f"Ana/{path.stem}"):
        assert main(["--data-dir", str(tmp_path), cmd, name, "--format", "json"]) == 0, capsys.readouterr().err
        doc = json.loads(capsys.readouterr().out)
        assert doc["sample_rate_hz"] == 500.0
        # --data-dir after the command too, as record, export and sessions take it
        assert main([cmd, name, "--data-dir", str(tmp_path), "--format", "json"]) == 0, capsys.readouterr().err
        assert json.loads(capsys.readouterr().out)["sample_rate_hz"] == 500.0
    assert main(["--data-dir", str(tmp_path), cmd, "nobody/nothing"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file" in err and "sessions list" in err


def test_a_recording_with_no_rep_says_so_beside_the_empty_table(tmp_path, capsys):
    """An empty table alone read as if the analysis had failed: a note says nothing was found in
    how long a recording."""
    p = tmp_path / "short.csv"
    p.write_text("time_s,force_n\n0.000,812.5\n0.001,812.0\n0.002,811.5\n")
    assert main(["analyze", str(p)]) == 0
    captured = capsys.readouterr()
    assert "reps 0" in captured.out
    assert captured.err.count("\n") == 1 and "no reps or jumps found in 0.002 s of samples" in captured.err
