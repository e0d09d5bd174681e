"""Vendor exports are read as exported: roles, force rule, rate, and the weight at the start."""

from __future__ import annotations

import json

import import_synth as S
import numpy as np
import pytest

from eccentric.cli import main
from forceplate.errors import BadInputError
from sessions.csv_input import quiet_weight, read_foreign
from sessions.formats import ImportOptions

# (writer, file name, options, format label, channel names, derived/aux columns never channels)
LAYOUTS = [
    (S.write_hawkin_py, "hawkin.csv", None, "Hawkin", ["LeftForce(N)", "RightForce(N)"], ["Velocity(m/s)", "Power(W)"]),
    (S.write_hawkin_r, "hawkin_r.csv", None, "Hawkin", ["force_right", "force_left"], ["velocity_m_s", "displacement_m"]),
    (S.write_pasco, "capstone.csv", ImportOptions(run="2"), "PASCO",
     [f"Beam {b} Force (N) Run #2" for b in range(1, 5)], ["Normal Force (N) Run #2"]),
    (S.write_vernier_ga, "ga.csv", None, "Vernier Graphical Analysis", ["Data Set 1:Force(N)"],
     ["Data Set 1:X-axis Balance(m)"]),
    (S.write_logger_pro, "lp.csv", ImportOptions(run="Latest"), "Logger Pro", ["Latest: Force (N)"], ["Run 1: Force (N)"]),
    (S.write_kistler_bioware, "SubjectA_CMJ.txt", None, "Kistler BioWare", ["Fz plate 1", "Fz plate 2"], ["Fx", "|Ft|"]),
    (S.write_opensim, "grf.mot", None, "OpenSim", ["ground_force1_vy", "ground_force2_vy"],
     ["ground_force1_vx", "ground_force1_px", "ground_torque1_y"]),
    (S.write_two_plates_no_time, "plates.csv", ImportOptions(rate_hz=1000.0), "CSV",
     ["Left plate (N)", "Right plate (N)"], []),
    (S.write_frames_kistler8, "raw8.txt", None, "text", ["fz1", "fz2", "fz3", "fz4"], ["fx12", "fy23"]),
    (S.write_text_units_row, "lab.txt", None, "text", ["Fz"], ["COPx", "Mz"]),
    (lambda p, tr: S.write_parquet(p, tr, "pandas"), "pandas.parquet", None, "pandas",
     ["force_left_n", "force_right_n"], ["velocity_m_s"]),
    (S.write_parquet, "polars.parquet", None, "Parquet", ["force_left_n", "force_right_n"], ["velocity_m_s"]),
    (S.write_c3d, "trial.c3d", None, "C3D", ["FP1 Fz (N)"], []),
    # layouts of real recordings of other labs (import_synth.py names the repositories)
    (S.write_acl_squat_jump, "BFR007_1st_squat_jump.csv", None, "CSV", ["ground_force1_vy", "ground_force2_vy"],
     ["time", "ground_force1_vz", "ground_force2_px", "ground_torque2_y"]),   # time: a copy of Relative Time
    (S.write_acl_relative_time_only, "relative_time.csv", None, "CSV", ["ground_force1_vy", "ground_force2_vy"],
     ["ground_torque1_x"]),
    (S.write_ati_lbf, "mini40.csv", None, "CSV", ["Fz(lbf)"], ["Fx(lbf)", "Tx(lbf-in)", "Ty(lbf-in)", "Tz(lbf-in)"]),
    (S.write_bioware_gaps, "bioware_gaps.txt", None, "text", ["Fz plate 1", "Fz plate 2"], ["|Ft|", "Ax"]),
    (S.write_raw_and_filtered, "F01_CTRL1.txt", ImportOptions(force_columns=("Raw",)), "text", ["Raw"],
     ["5Hz", "1000Hz"]),
    (S.write_sparkvue, "sparkvue.csv", ImportOptions(run="2"), "PASCO", ["Normal Force (N) Run 2"],
     ["Normal Force (N) Run 1"]),
    (S.write_bertec_style, "forces_2025_01_17_120728.csv", None, "CSV", ["1:FZ", "2:FZR", "2:FZL"], ["2:FZ", "1:MX"]),
    (S.write_labview_lvm, "daq.lvm", None, "text", ["Force"], []),
    (S.write_labview_lvm_no_x, "daq_no_x.lvm", None, "CSV", ["Force"], []),
    (S.write_fp1_fp2_no_time, "Dual-CMJ-Fz.txt", ImportOptions(rate_hz=1000.0), "text", ["FP1", "FP2"], []),
    (S.write_opensim_walk, "subject01_walk1_grf.mot", None, "OpenSim", ["ground_force_vy", "1_ground_force_vy"],
     ["ground_force_vx", "1_ground_force_pz", "1_ground_torque_y"]),
]


@pytest.mark.parametrize(("seed", "layout"), [(i, lay) for i, lay in enumerate(LAYOUTS)], ids=[x[1] for x in LAYOUTS])
def test_vendor_layout_reads_the_measured_force_and_the_athletes_weight(tmp_path, seed, layout):
    writer, name, opts, fmt, chans, aux = layout
    rate = [1000.0, 500.0, 2000.0][seed % 3] if name not in ("plates.csv", "Dual-CMJ-Fz.txt") else 1000.0
    tr = S.jump_trace(seed, rate_hz=rate)
    path = writer(tmp_path / name, tr)
    info, block, plan = read_foreign(path, options=opts)
    assert fmt.lower() in plan.table.format.lower()
    assert [c.name for c in info.channels] == chans
    assert all(c.kind == "force" and c.unit == "N" for c in info.channels)
    labels = {a.column.label: a for a in plan.assigned}
    for col in aux:   # present in the file, given a role, never a channel
        assert col in labels and labels[col].use, col
    assert info.sample_rate_hz == pytest.approx(tr.rate_hz, rel=1e-3)
    force = block.total_force_n(info)
    n = min(force.size, tr.fz.size)
    assert n >= 0.99 * tr.fz.size
    rounding = 1.01 if name == "hawkin.csv" else 0.11   # Hawkin: whole newtons per side; others 1-2 decimals
    assert np.max(np.abs(force[:n] - tr.fz[:n])) <= rounding + 1e-6
    w = quiet_weight(block.time_s, force)
    # a window of the first quiet stance (1.6 s here): its stillest, not necessarily its first
    assert w is not None and w.t_end_s - block.time_s[0] <= 1.6 + 1e-9
    assert S.mass_error(w.mass_kg, tr.mass_kg) < 0.01


def test_combined_force_is_never_added_to_its_parts(tmp_path):
    """Left + right + combined: the force is the parts checked against the total, not twice the weight;
    parts that do not add up to the total give way to it."""
    tr = S.jump_trace(11)
    path = S.write_hawkin_r(tmp_path / "h.csv", tr)
    info, block, plan = read_foreign(path)
    assert block.total_force_n(info)[:100].mean() == pytest.approx(tr.fz[:100].mean(), abs=0.5)
    assert "force_combined" in plan.force_note
    # drop a side: the remaining side no longer adds up to force_combined
    text = path.read_text().splitlines()
    cut = [",".join(x for i, x in enumerate(line.split(",")) if i != 1) for line in text]
    one_side = tmp_path / "one_side.csv"
    one_side.write_text("\n".join(cut) + "\n")
    info, block, plan = read_foreign(one_side)
    assert [c.name for c in info.channels] == ["force_combined"]
    assert "differ" in plan.force_note


@pytest.mark.parametrize(("text", "opts", "needles"), [
    ("Time (s) Run #1,Force (N) Run #1,Time (s) Run #2,Force (N) Run #2\n0,700,0,710\n0.001,701,0.001,711\n",
     None, ["2 runs", "--run"]),
    ("Left (N),Right (N)\n350,351\n351,350\n", None, ["no time_s", "--rate"]),
    # a lab sheet with one column per trial: numbered trials are never summed as plates (they were:
    # two trials of a 72-kg athlete read 143 kg)
    ("time_s,Fz Trial 1 (N),Fz Trial 2 (N)\n0,700,710\n0.001,701,711\n", None,
     ["2 numbered trials", "--force-columns 2"]),
    ("Time (s),CMJ1 (N),CMJ2 (N),CMJ3 (N)\n0,700,710,705\n0.001,701,711,704\n", None,
     ["3 numbered trials", "--force-columns 2"]),
    ("time_s,Left Trial 1 (N),Right Trial 1 (N),Left Trial 2 (N),Right Trial 2 (N)\n0,350,350,355,355\n"
     "0.001,351,350,355,356\n", None, ["2 numbered trials", "--force-columns 2,3"]),
    # gidiel-machado/Vertical-Jumps-Fz-Automated-Analysis `Fz-Jumps (test)/*-Fz.txt`: bare columns of
    # Fz, no header, no time: both missing things named at once (was: --rate, then --force-columns)
    ("661.156\n661.144\n658.354\n", None, ["no time_s", "--rate", "--force-columns"]),
    ("661.156\t640.1\n661.144\t641.0\n658.354\t639.9\n", None, ["no time_s", "--rate", "--force-columns"]),
    ("frame,Fz\n1,700\n2,701\n", None, ["frame", "--rate"]),
    ("time_s,fz_n,A (N)\n0,700,1\n0.001,701,2\n", None, ["'A (N)'", "--force-columns"]),
    ("time_s,fz_n,time_s\n0,700,0\n0.001,701,0.002\n", None, ["time columns", "--time-column"]),
    ("time_s,fz_n,fz_n\n0,700,1\n0.001,701,2\n", None, ["appears 2 times", "--force-columns"]),
    ("time_s,,fz_n\n0,5,700\n0.001,6,701\n", None, ["no name", "--force-columns"]),
    ("time_s,fz_n\n0,700\n0.001,1e308\n", None, ["impossible force", "line 3"]),
    ("time_s,force_combined,force_left,force_right\n0,700,350,350\n0.001,700,350,350\n", ImportOptions(run="3"),
     ["--run '3'", "runs: none"]),
    ("time_s,velocity_m_s,power_w\n0,0,0\n0.001,0.1,1\n", None, ["no force column", "--force-columns"]),
    ("Peak Power [W],Jump Height (Imp-Mom) [cm]\n4000,35\n4100,36\n", ImportOptions(rate_hz=1), ["no force column"]),
    ("time_s,fz_n\n0,700\n0.001,701\n", ImportOptions(time_column="t"), ["--time-column 't'", "matches no column"]),
])
def test_uncertain_roles_are_one_line_errors_naming_the_option(tmp_path, text, opts, needles):
    p = tmp_path / "x.csv"
    p.write_text(text)
    with pytest.raises(BadInputError) as exc:
        read_foreign(p, options=opts)
    msg = str(exc.value)
    assert "\n" not in msg and msg.startswith(str(p))
    for needle in needles:
        assert needle in msg, msg
    if "Left (N)" in text:
        assert "--force-columns" not in msg, msg    # the force is named: only the rate is missing


def test_options_settle_what_the_file_does_not(tmp_path, capsys):
    tr = S.jump_trace(5, rate_hz=500.0)
    p = tmp_path / "x.csv"
    left, right = tr.split(2)
    extra = left * 0 + 3.0
    lines = ["t_ms;L;R;aux (N)"] + [f"{a * 1000:.1f};{b:.2f};{c:.2f};{d:.1f}".replace(".", ",")
                                    for a, b, c, d in zip(tr.t, left, right, extra, strict=True)]
    p.write_text("\n".join(lines) + "\n")
    with pytest.raises(BadInputError, match="--force-columns"):
        read_foreign(p)
    info, block, plan = read_foreign(p, options=ImportOptions(force_columns=("2", "R"), decimal=","))
    assert [c.name for c in info.channels] == ["L", "R"]
    assert info.sample_rate_hz == pytest.approx(500.0)
    assert np.allclose(block.total_force_n(info), tr.fz, atol=0.02)
    # CLI: the same options on import, analyze and inspect
    assert main(["inspect", str(p), "--force-columns", "L,R", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["sample_rate_hz"] == pytest.approx(500.0) and abs(d["weight"]["mass_kg"] - tr.mass_kg) < 0.01 * tr.mass_kg
    assert [c["use"] for c in d["columns"]] == ["", "", "", "not used: --force-columns"]
    assert main(["analyze", str(p), "--force-columns", "L", "--force-columns", "R", "--format", "json"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path / "lib"), "import", str(p), "--force-columns", "2,3"]) == 0
    assert main(["inspect", str(p), "--rate", "0"]) == 2
    assert main(["inspect", str(p), "--delimiter", "x"]) == 2


def test_rate_option_builds_time_for_rows_and_frames(tmp_path):
    tr = S.jump_trace(2, rate_hz=1000.0)
    p = S.write_frames_kistler8(tmp_path / "raw.txt", tr)
    info, block, _ = read_foreign(p)
    assert info.sample_rate_hz == pytest.approx(1000.0) and block.time_s[0] == 0.0
    info, block, plan = read_foreign(p, options=ImportOptions(rate_hz=250.0))
    assert info.sample_rate_hz == pytest.approx(250.0)
    assert "--rate" in plan.rate_source
    p2 = S.write_two_plates_no_time(tmp_path / "r.csv", tr, rate_line=True)
    info, _, plan = read_foreign(p2)
    assert info.sample_rate_hz == pytest.approx(1000.0) and "header" in plan.rate_source


def test_encodings_and_decimal_comma(tmp_path):
    tr = S.jump_trace(8, rate_hz=500.0)
    for enc in ("utf-8", "cp1252", "utf-16"):
        p = S.write_text_units_row(tmp_path / f"lab_{enc}.txt", tr, encoding=enc, comma=True)
        info, block, plan = read_foreign(p)
        assert "decimal comma" in plan.table.layout
        assert np.allclose(block.total_force_n(info), tr.fz, atol=0.01)
        assert info.sample_rate_hz == pytest.approx(500.0)


def test_vendor_velocity_is_never_the_bar_velocity(tmp_path, capsys):
    """A Hawkin file's centre-of-mass velocity and displacement are derived, not a bar transducer."""
    tr = S.jump_trace(4)
    p = S.write_hawkin_r(tmp_path / "h.csv", tr)
    info, _, _ = read_foreign(p)
    assert {c.kind for c in info.channels} == {"force"}
    assert main(["inspect", str(p)]) == 0
    out = capsys.readouterr().out
    assert "derived (velocity)" in out and "never a measurement" in out and "kg at the start" in out


def test_downward_z_is_flipped_and_said(tmp_path):
    tr = S.jump_trace(6)
    p = tmp_path / "down.csv"
    lines = ["time_s,Fz (N)"] + [f"{a:.3f},{-b:.2f}" for a, b in zip(tr.t, tr.fz, strict=True)]
    p.write_text("\n".join(lines))
    info, block, plan = read_foreign(p)
    assert plan.sign_flipped and "sign" in info.extra
    assert np.allclose(block.total_force_n(info), tr.fz, atol=0.01)


def test_fifo_is_refused_without_blocking(tmp_path, capsys):
    import os

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for cmd in (["inspect", str(fifo)], ["analyze", str(fifo)], ["--data-dir", str(tmp_path / "d"), "import", str(fifo)]):
        assert main(cmd) == 3
        assert "not a regular file" in capsys.readouterr().err


def test_eccentric_session_is_not_imported_twice_but_inspected(tmp_path, capsys):
    from forceplate.simulator import Scenario, simulate
    from sessions.meta import SessionMeta
    from sessions.recorder import Recorder

    rec = simulate(Scenario.for_method("normal", seed=2, reps_per_set=2))
    r = Recorder(tmp_path, rec.info, SessionMeta.for_reader(rec.info, athlete="a"))
    r.start()
    r.append(rec.block())
    path = r.stop()
    assert main(["--data-dir", str(tmp_path / "lib"), "import", str(path)]) == 3
    assert "session already" in capsys.readouterr().err
    assert main(["inspect", str(path), "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["format"] == "eccentric session" and d["weight"] is not None


def test_a_vendor_file_analyses_like_the_plate_recorded_it(tmp_path, capsys):
    """A simulated strength set written as a Hawkin export (left, right, combined, velocity, power):
    `eccentric analyze` weighs the lifter within 1 % and finds every rep."""
    from forceplate.simulator import Scenario, simulate

    rec = simulate(Scenario.for_method("slow_negatives", seed=9, n_cells=2, sample_rate_hz=1000.0))
    left, right = rec.values[:, 0], rec.values[:, 1]
    total = left + right
    v = np.cumsum((total - total[0]) / max(total[0] / 9.80665, 1.0)) / 1000.0
    p = tmp_path / "hawkin.csv"
    lines = ["Time(s),LeftForce(N),RightForce(N),CombinedForce(N),Velocity(m/s),Displacement(m),Power(W)"]
    lines += [f"{t:.3f},{a:.0f},{b:.0f},{c:.0f},{d:.3f},0,{c * d:.0f}"
              for t, a, b, c, d in zip(rec.time_s, left, right, total, v, strict=True)]
    p.write_text("\n".join(lines) + "\n")
    assert main(["analyze", str(p), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["body_mass_kg"] == pytest.approx(rec.truth.body_mass_kg, rel=0.01)
    assert len(doc["reps"]) == len(rec.truth.reps)
    assert {r["phase_source"] for r in doc["reps"]} != {"velocity"}


def test_vernier_format2_text_and_headerless_numbers(tmp_path):
    tr = S.jump_trace(12, rate_hz=500.0)
    info, block, plan = read_foreign(S.write_vernier_format2(tmp_path / "lp.txt", tr))
    assert [c.name for c in info.channels] == ["F"] and info.sample_rate_hz == pytest.approx(500.0)
    assert np.allclose(block.total_force_n(info), tr.fz, atol=1e-3)
    bare = tmp_path / "bare.csv"
    left, right = tr.split(2)
    bare.write_text("\n".join(f"{a:.2f},{b:.2f}" for a, b in zip(left, right, strict=True)))
    with pytest.raises(BadInputError, match="--rate"):
        read_foreign(bare)
    with pytest.raises(BadInputError, match="--force-columns"):
        read_foreign(bare, options=ImportOptions(rate_hz=500.0))
    info, block, _ = read_foreign(bare, options=ImportOptions(rate_hz=500.0, force_columns=("1", "2")))
    assert np.allclose(block.total_force_n(info), tr.fz, atol=0.02)


def test_eccentric_sample_export_reads_back(tmp_path):
    """`eccentric export --samples` (cells, total_force_n, seq, flags, text tags) imports with the same
    force: the total is checked against the cells, never added to them."""
    from forceplate.simulator import Scenario, simulate
    from sessions.export import samples_frame
    from sessions.meta import SessionMeta
    from sessions.recorder import Recorder

    rec = simulate(Scenario.for_method("normal", seed=3, reps_per_set=2, n_cells=4, with_position=True))
    r = Recorder(tmp_path, rec.info, SessionMeta.for_reader(rec.info, athlete="a"))
    r.start()
    r.append(rec.block())
    frame = samples_frame(r.stop())
    for name in ("s.csv", "s.parquet"):
        out = tmp_path / name
        frame.write_csv(out) if name.endswith(".csv") else frame.write_parquet(out)
        info, block, plan = read_foreign(out)
        assert "eccentric" in plan.table.format
        assert [c.kind for c in info.channels] == ["force"] * 4 + ["position"]
        assert np.allclose(block.total_force_n(info), rec.total_force_n, atol=0.05)   # stored as 0.01 N counts
        assert np.allclose(block.values[:, 4], rec.values[:, rec.info.channel_index("position")], atol=1e-4)


def test_import_cli_saves_a_vendor_export_as_a_session(tmp_path, capsys):
    from sessions.library import Library
    from sessions.session_file import read_session

    tr = S.jump_trace(21, rate_hz=1000.0)
    p = S.write_pasco(tmp_path / "capstone.csv", tr)
    lib = tmp_path / "lib"
    assert main(["--data-dir", str(lib), "import", str(p)]) == 3
    assert "--run" in capsys.readouterr().err
    assert not lib.exists()
    assert main(["--data-dir", str(lib), "import", str(p), "--run", "2", "--athlete", "Ida"]) == 0
    [s] = Library(lib).list()
    stored = read_session(s.path)
    assert [c.name for c in stored.info.channels] == [f"Beam {b} Force (N) Run #2" for b in range(1, 5)]
    assert stored.info.extra["format"] == "PASCO Capstone CSV"
    assert np.allclose(stored.block.total_force_n(stored.info), tr.fz, atol=0.05)
    assert main(["analyze", str(tmp_path / "capstone.csv"), "--run", "2", "--format", "json"]) == 0
    for writer, name in ((lambda q, t: S.write_parquet(q, t, "pandas"), "pd.parquet"), (S.write_c3d, "t.c3d")):
        path = writer(tmp_path / name, tr)
        assert main(["analyze", str(path), "--format", "json"]) == 0, name
