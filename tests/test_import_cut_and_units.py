"""Vendor exports' rough edges: files cut mid-row or mid-number, appended tables, delimiters,
force and moment units, names of real layouts, pandas' index column (split from
test_import_formats.py)."""

from __future__ import annotations

import import_synth as S
import numpy as np
import pytest

from eccentric.cli import main
from forceplate.errors import BadInputError
from sessions.csv_input import quiet_weight, read_foreign
from sessions.formats import ImportOptions


def test_identical_time_copies_are_flagged_not_summed(tmp_path):
    """Issue 13: a second time_s column was taken for a load cell. An identical copy is flagged and
    left out; a different one is an error (see the parametrised errors above)."""
    p = tmp_path / "dup.csv"
    p.write_text("time_s,fz_n,time_s\n0,700,0\n0.001,701,0.001\n0.002,702,0.002\n")
    info, block, plan = read_foreign(p)
    assert [c.name for c in info.channels] == ["fz_n"]
    assert block.total_force_n(info) == pytest.approx([700, 701, 702])
    assert plan.assigned[2].use == "not used: a copy of column 1"


def test_import_every_run_as_its_own_session(tmp_path, capsys):
    from sessions.library import Library

    tr = S.jump_trace(22, rate_hz=500.0)
    p = S.write_pasco(tmp_path / "capstone.csv", tr, runs=3)
    lib = tmp_path / "lib"
    assert main(["--data-dir", str(lib), "import", str(p), "--run", "all"]) == 0
    assert len(Library(lib).list()) == 3
    capsys.readouterr()
    assert main(["analyze", str(p), "--run", "all"]) == 3
    assert "choose one run" in capsys.readouterr().err
    single = S.write_hawkin_r(tmp_path / "h.csv", tr)
    assert main(["--data-dir", str(lib), "import", str(single), "--run", "all"]) == 3
    assert len(Library(lib).list()) == 3


def test_an_export_cut_mid_line_keeps_its_whole_rows(tmp_path):
    rows = "".join(f"{i / 1000:.3f};{700 + i % 7},5\n".replace(".", ",", 1) for i in range(500))
    cut = tmp_path / "capstone.csv"
    cut.write_text("Time (s) Run #1;Force (N) Run #1\n" + rows + "0,500;")
    _, block, plan = read_foreign(cut)
    assert len(block) == 500 and any("cut short" in n for n in plan.notes)
    whole = tmp_path / "no_newline.csv"    # a last line whole but without its newline is kept
    whole.write_text("Time (s) Run #1;Force (N) Run #1\n" + rows + "0,500;701,5")
    _, block, plan = read_foreign(whole)
    assert len(block) == 501 and not any("cut short" in n for n in plan.notes)


def test_a_table_with_text_columns_cut_mid_number_keeps_its_whole_rows(tmp_path):
    """An `eccentric export --samples` (session, athlete and date columns) cut mid-number: its
    rows are never all numbers, so the cut row was read and refused ("missing or non-finite
    value" on the last line) instead of left out."""
    head = "session,athlete,date,time_s,seq,flags,cell_a_n,cell_b_n,total_force_n\n"
    rows = "".join(f"s1,Ana,2026-01-05,{i / 1000:.3f},{i},0,{350 + i % 5}.25,{351 + i % 3}.5,{701 + i % 5}.75\n"
                   for i in range(500))
    cut = tmp_path / "samples.csv"
    cut.write_text(head + rows + "s1,Ana,2026-01-05,0.500,500,0,3")
    _, block, plan = read_foreign(cut)
    assert len(block) == 500 and any("cut short" in n for n in plan.notes)


def test_a_parquet_cut_short_says_so(tmp_path, capsys):
    import polars as pl

    path = tmp_path / "foreign.parquet"
    pl.DataFrame({"time_s": np.arange(2000) / 1000, "force_n": np.full(2000, 700.0)}).write_parquet(path)
    path.write_bytes(path.read_bytes()[:-40])
    assert main(["analyze", str(path)]) == 3
    assert "truncated Parquet file" in capsys.readouterr().err


def test_a_time_printed_to_1_ms_gives_the_clocks_own_rate(tmp_path):
    """A 120-Hz export whose time is printed to 1 ms steps 8, 8, 9 ms: its median step alone
    read 125 Hz, and every 25th sample then looked dropped (flagged as a gap)."""
    rng = np.random.default_rng(3)
    t = np.arange(3600) / 120.0
    f = 800.0 + rng.normal(0.0, 2.0, t.size)
    p = tmp_path / "lp120.csv"
    p.write_text('"Latest: Time (s)","Latest: Force (N)"\n' + "".join(f"{a:.3f},{b:.2f}\n" for a, b in zip(t, f, strict=True)))
    info, block, _ = read_foreign(p)
    assert info.sample_rate_hz == pytest.approx(120.0, rel=1e-3)
    assert not block.flags.any()
    assert block.seq[-1] == t.size - 1


@pytest.mark.parametrize(("header", "factor"), [
    ("Force (lb)", 4.4482216152605), ("Force (lbs)", 4.4482216152605), ("Force (pounds)", 4.4482216152605),
    ("force_lbs", 4.4482216152605), ("Force [daN]", 10.0), ("Force (kp)", 9.80665),
])
def test_force_in_pounds_or_other_force_units_is_converted_to_newtons(tmp_path, header, factor):
    """Logger Pro and US-set plates write `Force (lb)`: it was taken as newtons (a 73-kg
    lifter weighed 16 kg). Every spelling of a force unit is converted, never read as N."""
    tr = S.jump_trace(5)
    p = tmp_path / "pounds.csv"
    p.write_text(f"Time (s),{header}\n" + "".join(f"{a:.4f},{b / factor:.4f}\n" for a, b in zip(tr.t, tr.fz, strict=True)))
    info, block, _ = read_foreign(p)
    force = block.total_force_n(info)
    assert np.max(np.abs(force - tr.fz)) < 0.01 * factor
    w = quiet_weight(block.time_s, force)
    assert w is not None and S.mass_error(w.mass_kg, tr.mass_kg) < 0.01


@pytest.mark.parametrize(("second", "after"), [("Time (s),Force (N)\n", 2), ("\nTrial 2\nTime (s),Force (N)\n", 3)])
def test_a_second_table_appended_in_one_file_is_named_as_such(tmp_path, capsys, second, after):
    """Two trials stacked in one export (the header repeats mid-file) were refused as "column
    'Time (s)' is not numeric", which reads like a broken file: the error names the second table."""
    tr = S.jump_trace(2)
    rows = "".join(f"{a:.4f},{b:.2f}\n" for a, b in zip(tr.t, tr.fz, strict=True))
    p = tmp_path / "two_trials.csv"
    p.write_text("Time (s),Force (N)\n" + rows + second + rows)
    assert main(["inspect", str(p)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "second table" in err and f"line {tr.t.size + after}" in err


def test_one_stray_word_among_the_numbers_is_not_called_a_second_table(tmp_path, capsys):
    p = tmp_path / "stray.csv"
    p.write_text("time_s,force_n\n" + "".join(f"{i / 1000},{'oops' if i == 500 else 700}\n" for i in range(2000)))
    assert main(["inspect", str(p)]) == 3
    err = capsys.readouterr().err
    assert "not numeric (line 502: 'oops')" in err and "second table" not in err


@pytest.mark.parametrize("opt", [["--delimiter", ";"], ["--delimiter", "tab"]])
def test_a_wrong_delimiter_option_is_named_when_no_row_reads(tmp_path, capsys, opt):
    """A comma file read with --delimiter ';' said "no samples (fewer than two rows)", as if
    the file were empty: the error names the option that made it so."""
    p = tmp_path / "comma.csv"
    p.write_text("time_s,force_n\n" + "".join(f"{i / 1000},{700 + i % 5}.5\n" for i in range(2000)))
    assert main(["inspect", str(p), *opt]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--delimiter" in err


def test_a_wrong_delimiter_option_is_named_first_for_one_row(tmp_path, capsys):
    """One comma row read with --delimiter ';' is one column '0,812' under 'Time,Fz': it said
    "no force column ... and one row: a table of metrics" - the option is the likelier cause."""
    p = tmp_path / "one.csv"
    p.write_text("Time,Fz\n0,812\n")
    assert main(["analyze", "--delimiter", ";", str(p)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "when read with --delimiter ';': try without" in err and "metrics" not in err


def test_eccentrics_own_rep_export_is_named_not_read_as_forces(tmp_path, capsys):
    """`analyze` of an `eccentric export` rep table said "column 'plate' is not numeric": it
    names what the file is and where the samples come from."""
    p = tmp_path / "reps.csv"
    p.write_text("session,athlete,plate,rep,set,ecc_start_s,ecc_duration_s,ecc_mean_force_n\n"
                 "s1,Bo,Simulated plate,1,1,2.0,3.1,812.5\ns1,Bo,Simulated plate,2,1,7.0,2.9,809.0\n")
    assert main(["analyze", str(p)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "a table of reps" in err and "--samples" in err


@pytest.mark.parametrize(("header", "kind", "unit"), [
    ("Relative Time", "time", ""),        # andrewlba/ACL_squat_jump: was 'derived (time metric)'
    ("Rel Time", "time", ""),
    ("contraction time (s)", "derived", "s"),
    ("Tx(lbf-in)", "moment", "N·m"),       # six-axis logs in English units: were 'unknown'
    ("Ty (in-lb)", "moment", "N·m"),
    ("Mz (lbf-ft)", "moment", "N·m"),
    ("Fz(lbf)", "vertical force", "N"),
])
def test_real_layouts_names_get_their_roles(header, kind, unit):
    from sessions.formats.names import parse_header
    from sessions.formats.roles import classify

    h = parse_header(header)
    assert classify(h).kind == kind and h.unit == unit


def test_moments_in_pound_inches_are_converted_not_forces(tmp_path):
    """A moment in lbf-in is a moment (N·m x 0.113), never a force in lbf: the only force is Fz."""
    tr = S.jump_trace(3, rate_hz=500.0)
    path = S.write_ati_lbf(tmp_path / "mini40.csv", tr)
    info, block, plan = read_foreign(path)
    roles = {a.column.label: a.role.kind for a in plan.assigned}
    assert roles["Tx(lbf-in)"] == roles["Ty(lbf-in)"] == roles["Tz(lbf-in)"] == "moment"
    assert [c.name for c in info.channels] == ["Fz(lbf)"]


def test_one_numbered_trial_is_read_and_plates_are_still_summed(tmp_path):
    """A single numbered trial is its force; numbered plates and cells are still summed."""
    t = np.arange(2000) / 1000.0
    one = tmp_path / "one.csv"
    one.write_text("time_s,Fz Trial 3 (N)\n" + "".join(f"{a:.3f},{700 + a:.2f}\n" for a in t))
    info, block, _ = read_foreign(one)
    assert block.total_force_n(info)[0] == pytest.approx(700.0)
    plates = tmp_path / "plates.csv"
    plates.write_text("time_s,FP1,FP2\n" + "".join(f"{a:.3f},350,351\n" for a in t))
    info, block, _ = read_foreign(plates)
    assert block.total_force_n(info)[0] == pytest.approx(701.0)
    chosen = tmp_path / "chosen.csv"
    chosen.write_text("time_s,CMJ1 (N),CMJ2 (N)\n" + "".join(f"{a:.3f},700,710\n" for a in t))
    info, block, _ = read_foreign(chosen, options=ImportOptions(force_columns=("3",)))
    assert block.total_force_n(info)[0] == pytest.approx(710.0)


def test_a_plate_reading_in_kg_is_kgf_when_chosen(tmp_path):
    """A balance board's or scale-style export in kg (`TopLeft (kg)` ... `Total (kg)`) is not
    taken as a force on its own (a body-mass metric is in kg too); chosen with --force-columns
    it is kgf, so a 72-kg athlete weighs 72 kg, not 7."""
    t = np.arange(600) / 100.0
    m = 72.0 + 0.3 * np.sin(t)
    p = tmp_path / "wii.csv"
    p.write_text("time_s,TopLeft (kg),TopRight (kg),BottomLeft (kg),BottomRight (kg),Total (kg)\n"
                 + "".join(f"{a:.2f},{b / 4:.3f},{b / 4:.3f},{b / 4:.3f},{b / 4:.3f},{b:.3f}\n" for a, b in zip(t, m, strict=True)))
    with pytest.raises(BadInputError, match="--force-columns .*kgf"):
        read_foreign(p)
    for cols in (("6",), ("2", "3", "4", "5")):
        info, block, plan = read_foreign(p, options=ImportOptions(force_columns=cols))
        assert np.allclose(block.total_force_n(info), m * 9.80665, atol=0.05)   # 4 cells to 1 g
        assert "kgf" in plan.force_note


@pytest.mark.parametrize("names", [("time_s", "force_n"), ("Time", "Fz")])
def test_pandas_to_csv_index_is_a_row_number_not_a_column_without_a_name(tmp_path, names):
    """DataFrame.to_csv writes its index first, unnamed (',time_s,force_n' then '0,...'): a row
    number, not used; the file reads (it was refused: 'column 1 has numbers but no name')."""
    pd = pytest.importorskip("pandas")
    t = np.arange(3000) / 1000.0
    f = 700.0 + 3.0 * np.sin(2 * np.pi * t)
    p = tmp_path / "trial.csv"
    pd.DataFrame({names[0]: t, names[1]: f}).to_csv(p)
    info, block, plan = read_foreign(p)
    roles = [(a.column.label, a.role.kind, bool(a.use)) for a in plan.assigned]
    assert roles[0] == ("column 1", "other", True)
    assert info.sample_rate_hz == pytest.approx(1000.0)
    assert np.allclose(block.total_force_n(info), f)
    info, block, plan = read_foreign(p, options=ImportOptions(time_column="1", rate_hz=None))
    assert plan.assigned[0].role.kind == "time"      # chosen as time, it is time


def test_a_row_number_column_whose_first_cell_is_blank_is_still_a_row_number(tmp_path):
    """',time_s,force_n' then ',0.000,...' and '1,0.001,...': the blank first cell hid the row
    numbers (only the first cell was looked at): 'column 1 has numbers but no name'."""
    t = np.arange(3000) / 1000.0
    f = 700.0 + 3.0 * np.sin(2 * np.pi * t)
    p = tmp_path / "trial.csv"
    p.write_text(",time_s,force_n\n" + "".join(f"{'' if i == 0 else i},{a:.3f},{b:.3f}\n"
                                                for i, (a, b) in enumerate(zip(t, f, strict=True))))
    info, block, plan = read_foreign(p)
    assert (plan.assigned[0].column.label, plan.assigned[0].role.kind) == ("column 1", "other")
    assert np.allclose(block.total_force_n(info), f, atol=1e-3)


def test_a_column_of_true_false_is_text_not_a_crash(tmp_path, capsys):
    """Polars reads `false` cells as a Boolean column (eccentric's own rep export has `simulated`);
    it was an internal error (`.str` on a bool series), it is a text column, not used."""
    t = np.arange(3000) / 1000.0
    f = 800.0 + 2.0 * np.sin(t)
    path = tmp_path / "flags.csv"
    path.write_text("time_s,force_n,simulated\n" + "".join(f"{a:.3f},{b:.2f},false\n" for a, b in zip(t, f, strict=True)))
    info, block, _ = read_foreign(path)
    assert [c.kind for c in info.channels] == ["force"]
    assert np.allclose(block.total_force_n(info), f, atol=0.01)
    assert main(["inspect", str(path)]) == 0


def test_import_run_all_reads_the_file_once(tmp_path, monkeypatch):
    """Every run of a file came from its own two reads (a check, then the import): one read now."""
    import sessions.formats as F
    import sessions.formats.table as T
    from sessions.library import Library

    reads: list[str] = []
    real = T.read_bytes

    def counting(path):
        reads.append(str(path))
        return real(path)

    monkeypatch.setattr(F, "read_bytes", counting)
    p = S.write_pasco(tmp_path / "capstone.csv", S.jump_trace(23, rate_hz=500.0), runs=3)
    lib = tmp_path / "lib"
    assert main(["--data-dir", str(lib), "import", str(p), "--run", "all"]) == 0
    assert len(Library(lib).list()) == 3 and reads == [str(p)]


def test_import_run_all_holds_one_run_at_a_time(tmp_path, monkeypatch):
    """Every run's block was made before the first was saved: all runs' samples held at once."""
    import weakref

    import sessions.importer as I

    blocks: list[weakref.ref] = []
    most: list[int] = []
    real_run, real_import = I.read_run, I.import_csv

    def run(*a, **k):
        out = real_run(*a, **k)
        blocks.append(weakref.ref(out[1].values))   # (a SampleBlock has slots)
        return out

    def save(*a, **k):
        most.append(sum(1 for b in blocks if b() is not None))
        return real_import(*a, **k)

    monkeypatch.setattr(I, "read_run", run)
    monkeypatch.setattr(I, "import_csv", save)
    p = S.write_pasco(tmp_path / "capstone.csv", S.jump_trace(23, rate_hz=500.0), runs=3)
    assert main(["--data-dir", str(tmp_path / "lib"), "import", str(p), "--run", "all"]) == 0
    assert most == [1, 1, 1]      # only the run being saved


@pytest.mark.parametrize("rows", [1, 2, 40])
def test_a_forcedecks_test_export_is_called_a_table_of_results(tmp_path, capsys, rows):
    """ForceDecks' test export (one row per test, `Jump Height (Imp-Mom) [cm]`, `Peak Power [W]`)
    with two or more tests was refused as "column 'Time' is not numeric ('10:00 AM')": it is
    results, not samples, and the refusal says so in one line."""
    head = ("Name,Date,Time,BW [KG],Reps,Tags,Additional Load [lb],Jump Height (Imp-Mom) [cm],Peak Power [W],"
            "Eccentric Duration [ms],Concentric Duration [ms],RSI-modified [m/s]\n")
    body = "".join(f"Ana,05/03/2024,10:{i % 60:02d} AM,70.1,1,,0,{30 + i % 7}.2,4200,520,280,0.51\n" for i in range(rows))
    p = tmp_path / "forcedecks-test-export-1.csv"
    p.write_text(head + body)
    assert main(["--data-dir", str(tmp_path / "d"), "import", str(p)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a force-time recording" in err and "not numeric" not in err, err
