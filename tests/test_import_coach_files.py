"""Files a coach brings from other labs (benchmarks/bench_vendor_files.py runs them all through
the command line against their truth): the ones that were read wrong or refused with no way out.

- A spreadsheet's CSV in a decimal-comma locale (Google Sheets, LibreOffice): comma between
  fields, decimal comma inside quoted cells (`"0,001","812,3"`, whole numbers unquoted). It was
  refused ("no samples: no row of numbers under the header"), even with `--decimal ,`.
- A lab's export in its own language, `Zeit (s);Kraft links (N);Kraft rechts (N)` (Excel's `sep=;`
  line above it), was two unknown columns in N, refused asking for `--force-columns`.
- A time column with no unit holding 0, 1, 2 ... (milliseconds at 1 kHz) was read as seconds,
  1 Hz: a 134-kg athlete's jump read as 15 kg and 12 strength reps. Now refused in one line
  naming `--rate 1000`, which reads it right.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import vendor_synth as V
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eccentric.cli import main
from forceplate.analysis import analyse
from forceplate.errors import BadInputError, ExitCode
from sessions.csv_input import read_foreign
from sessions.formats import ImportOptions

SRC = V.jump_source(103, "countermovement", 1000.0, n_jumps=2)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(digits=st.integers(1, 3), quote_whole=st.booleans(), newline=st.sampled_from(["\n", "\r\n"]),
       bom=st.booleans(), quote_names=st.booleans(), n=st.integers(30, 400),
       decimal=st.sampled_from([None, ","]))
def test_spreadsheet_csv_with_quoted_decimal_commas_reads_its_force(tmp_path, digits, quote_whole, newline, bom,
                                                                    quote_names, n, decimal):
    src = V.Source(SRC.t[:n], SRC.cells[:n] + 700.0, SRC.rate_hz, SRC.mass_kg)
    path = V.write_sheet_csv(tmp_path / "sheet.csv", src, digits=digits, quote_whole=quote_whole, newline=newline,
                           bom=bom, quote_names=quote_names)
    info, block, plan = read_foreign(path, options=ImportOptions(decimal=decimal))
    assert plan.table.layout.startswith("comma-separated, decimal comma")
    force = np.sum([v for _n, kind, _u, v in plan.channels if kind == "force"], axis=0)
    left, right = src.parts(2)
    want = np.round(left, digits) + np.round(right, digits)
    assert np.allclose(force, want, atol=2 * 10.0 ** -digits)
    assert info.sample_rate_hz == pytest.approx(1000.0)


def test_spreadsheet_csv_jumps_match_the_truth(tmp_path):
    path = V.write_sheet_csv(tmp_path / "sheet.csv", SRC)
    info, block, _ = read_foreign(path)
    jumps = [r.jump for r in analyse(info, block).reps if r.jump is not None]
    assert len(jumps) == len(SRC.jumps) == 2
    for j, tr in zip(jumps, SRC.jumps, strict=True):
        assert abs(j.takeoff_s - tr.takeoff_s) < 0.005
        assert abs(j.height_impulse_m - tr.height_m) < 0.005
        assert abs(j.mass_kg - tr.mass_kg) < 0.3


def test_commas_between_unquoted_decimal_commas_are_still_columns(tmp_path):
    """Without quotes a comma cannot be both: `0,001,812,3` stays four columns (never a guess)."""
    path = tmp_path / "four.csv"
    path.write_text("a,b,c,d\n" + "".join(f"{i},{i % 7},{800 + i % 5},{i % 3}\n" for i in range(200)))
    _info, _block, plan = read_foreign(path, options=ImportOptions(force_columns=("c",), rate_hz=100.0))
    assert "decimal point" in plan.table.layout and len(plan.table.columns) == 4


def _ms_file(path: Path, step: int = 1) -> Path:
    k = np.arange(0, SRC.t.size, step)
    rows = [f"{int(SRC.t[i] * 1000 + 0.5)},{SRC.fz[i]:.1f}" for i in k]
    path.write_text("time,force\n" + "\n".join(rows) + "\n")
    return path


@pytest.mark.parametrize("step", [1, 2, 5])
def test_a_time_in_milliseconds_without_a_unit_is_refused_naming_the_rate(tmp_path, capsys, step):
    path = _ms_file(tmp_path / "ms.csv", step)
    with pytest.raises(BadInputError, match=rf"--rate {1000 // step}\b"):
        read_foreign(path)
    assert main(["analyze", str(path), "--data-dir", str(tmp_path / "lib")]) == ExitCode.BAD_INPUT
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"--rate {1000 // step}" in err[0]


def test_the_rate_it_names_reads_the_jumps(tmp_path):
    path = _ms_file(tmp_path / "ms.csv")
    info, block, _ = read_foreign(path, options=ImportOptions(rate_hz=1000.0))
    assert info.sample_rate_hz == 1000.0
    jumps = [r.jump for r in analyse(info, block).reps if r.jump is not None]
    assert len(jumps) == 2 and all(abs(j.mass_kg - SRC.mass_kg) < 0.3 for j in jumps)


def test_a_slow_logger_in_seconds_is_still_read(tmp_path):
    """10 samples/s (an HX711 board) is a plate's rate: read, not refused."""
    path = tmp_path / "hx711.csv"
    k = np.arange(0, SRC.t.size, 100)
    path.write_text("time,force\n" + "".join(f"{SRC.t[i]:.1f},{SRC.fz[i]:.1f}\n" for i in k))
    info, _block, _ = read_foreign(path)
    assert info.sample_rate_hz == pytest.approx(10.0)


@pytest.mark.parametrize("left,right", [("Kraft links (N)", "Kraft rechts (N)"), ("Fuerza izquierda (N)", "Fuerza derecha (N)"),
                                        ("Forza sinistra (N)", "Forza destra (N)"), ("Kracht links (N)", "Kracht rechts (N)"),
                                        ("Force gauche (N)", "Force droite (N)")])
@pytest.mark.parametrize("sep_line", [False, True])
def test_a_labs_own_language_names_its_plates(tmp_path, left, right, sep_line):
    l_, r_ = SRC.parts(2)
    path = V.write_table(tmp_path / "de.csv", ["Zeit (s)", left, right],
                         [V.fmt(SRC.t, 4, True), V.fmt(l_, 2, True), V.fmt(r_, 2, True)], sep=";",
                         header=["sep=;"] if sep_line else None, newline="\r\n")
    info, block, plan = read_foreign(path)
    assert plan.force_note == f"vertical force = '{left}' + '{right}'"
    jumps = [r.jump for r in analyse(info, block).reps if r.jump is not None]
    assert len(jumps) == 2 and all(abs(j.mass_kg - SRC.mass_kg) < 0.3 for j in jumps)


def test_a_quoted_decimal_comma_in_a_note_leaves_a_decimal_point_file_as_it_is(tmp_path):
    """A note column holding `"1,5"` on a few rows does not make a comma file's numbers commas."""
    path = tmp_path / "note.csv"
    rows = [f"{t:.3f},{f:.2f}," + ('"1,5"' if i % 500 == 0 else "") for i, (t, f) in enumerate(zip(SRC.t, SRC.fz,
                                                                                                     strict=True))]
    path.write_text("Time (s),Force (N),Note\n" + "\n".join(rows) + "\n")
    _info, _block, plan = read_foreign(path)
    assert plan.table.layout.startswith("comma-separated, decimal point")
    force = np.sum([v for _n, kind, _u, v in plan.channels if kind == "force"], axis=0)
    assert np.allclose(force, np.round(SRC.fz, 2), atol=0.006)
