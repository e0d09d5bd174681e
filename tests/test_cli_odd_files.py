"""Files a coach hands over that are not what they look like: each gets one clear line and exit
3 from `inspect`, `analyze` and `import` (never a traceback), or is read (UTF-16 without its
byte-order mark), and nothing is saved for a refused file."""

from __future__ import annotations

import gzip
import time
import zipfile

import import_synth as S
import pytest

from eccentric.cli import main

COMMANDS = ("inspect", "analyze", "import")


def _each(tmp_path, capsys, path):
    """The one stderr line of each command (all exit 3)."""
    lines = []
    for cmd in COMMANDS:
        assert main(["--data-dir", str(tmp_path / "lib"), cmd, str(path)]) == 3
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err
        lines.append(err)
    assert not (tmp_path / "lib" / "sessions").exists() or not any((tmp_path / "lib" / "sessions").rglob("*.parquet"))
    return lines


def test_compressed_and_office_files_say_what_they_are(tmp_path, capsys):
    src = S.write_hawkin_py(tmp_path / "h.csv", S.jump_trace(1)).read_bytes()
    gz = tmp_path / "cmj.csv"
    gz.write_bytes(gzip.compress(src))
    assert all("is gzip-compressed: decompress it first" in e for e in _each(tmp_path, capsys, gz))
    book = tmp_path / "book.csv"
    with zipfile.ZipFile(book, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    assert all("is a ZIP archive (an Excel .xlsx workbook?)" in e for e in _each(tmp_path, capsys, book))
    pdf = tmp_path / "report.txt"
    pdf.write_bytes(b"%PDF-1.4\n...")
    assert all("is a PDF document" in e for e in _each(tmp_path, capsys, pdf))


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_its_byte_order_mark_is_read(tmp_path, capsys, codec):
    """Was 'is a binary file': every other byte NUL is UTF-16 text."""
    src = S.write_hawkin_py(tmp_path / "h.csv", S.jump_trace(1))
    p = tmp_path / "u16.csv"
    p.write_bytes(src.read_text().encode(codec))
    assert main(["inspect", str(p)]) == 0
    assert "Hawkin Dynamics force-time CSV (comma-separated, decimal point, UTF-16" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["zero.parquet", "zero.c3d"])
def test_a_zero_byte_binary_file_is_empty(tmp_path, capsys, name):
    p = tmp_path / name
    p.write_bytes(b"")
    assert all("is empty (0 bytes) - was it copied completely?" in e for e in _each(tmp_path, capsys, p))


def test_a_recording_written_across_is_refused_at_once(tmp_path, capsys):
    """One line of 200,000 numbers (a sample per column) ran for minutes."""
    p = tmp_path / "across.csv"
    p.write_text(",".join(str(700 + i % 5) for i in range(200_000)))
    t0 = time.perf_counter()
    lines = _each(tmp_path, capsys, p)
    assert time.perf_counter() - t0 < 30
    assert all("its rows hold 200000 values each" in e for e in lines)


def test_a_recording_written_across_with_labels_in_its_first_column_is_refused_at_once(tmp_path, capsys):
    """'Time (s),0,0.001,...' and 'Force (N),...' as two rows took 45 s, then named no time column."""
    p = tmp_path / "across_labelled.csv"
    n = 200_000
    p.write_text("Time (s)," + ",".join(f"{i / 1000:.3f}" for i in range(n)) + "\n"
                 + "Force (N)," + ",".join(str(700 + i % 5) for i in range(n)) + "\n")
    t0 = time.perf_counter()
    lines = _each(tmp_path, capsys, p)
    assert time.perf_counter() - t0 < 30
    assert all("its rows hold 200000 values each" in e and "written across" in e for e in lines)


def test_empty_trailing_cells_do_not_count_against_the_column_limit(tmp_path, capsys):
    """Excel's used range: 1200 trailing commas on each row of a Hawkin export (read before prd2)."""
    src = S.write_hawkin_py(tmp_path / "h.csv", S.jump_trace(1))
    p = tmp_path / "padded.csv"
    p.write_text("".join(line + "," * 1200 + "\n" for line in src.read_text().splitlines()))
    assert main(["inspect", str(p)]) == 0
    out = capsys.readouterr().out
    assert "Hawkin Dynamics force-time CSV" in out and "CombinedForce(N)" in out


def test_a_wide_export_with_named_columns_is_not_written_across(tmp_path, capsys):
    """PASCO Capstone with 170 runs (1020 named columns) was refused."""
    p = S.write_pasco(tmp_path / "pasco170.csv", S.jump_trace(1, rate_hz=200.0), runs=170)
    assert main(["inspect", "--run", "5", str(p)]) == 0
    assert "PASCO Capstone CSV" in capsys.readouterr().out


@pytest.mark.parametrize("order", ["<", ">"])
def test_raw_int16_counts_are_binary_not_utf16(tmp_path, capsys, order):
    """Small counts leave every other byte NUL, as UTF-16 text does: they were read as UTF-16
    and refused with a misleading table message; before prd2 they were 'a binary file'."""
    import numpy as np

    counts = np.random.default_rng(4).integers(1, 256, 5000).astype(order + "i2")
    p = tmp_path / "adc.csv"
    p.write_bytes(counts.tobytes())
    assert all("is a binary file" in e for e in _each(tmp_path, capsys, p))
