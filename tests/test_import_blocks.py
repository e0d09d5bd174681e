"""Text imports read in blocks (sessions/formats/text_lines.py): the same table whatever the block
and head sizes, so a 180-MB export is read as a 2-kB one is; a last line cut inside its number."""

from __future__ import annotations

import contextlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from test_import_fuzz import exports, tables

import sessions.formats.text_body as TB
import sessions.formats.text_lines as TL
from forceplate.errors import BadInputError
from sessions.csv_input import read_foreign
from sessions.formats import ImportOptions, read_table

SMALL = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _read(path, opts):
    try:
        t = read_table(path, opts)
    except BadInputError as exc:
        return ("error", str(exc))
    return (t.format, t.layout, t.rate_hz, t.first_data_line, t.notes, t.recorded_at,
            [(c.label, c.index, c.bad, None if c.values is None else c.values.tolist()) for c in t.columns])


def _tiny(monkeypatch):
    """Blocks of 64 bytes, a head of 12 lines, edges of 8: every path of a large file on a small one."""
    monkeypatch.setattr(TL, "BLOCK_BYTES", 64)
    monkeypatch.setattr(TL, "HEAD_LINES", 12)
    monkeypatch.setattr(TL, "EDGE_LINES", 8)
    monkeypatch.setattr(TB, "INFER_ROWS", 2)


@SMALL
@given(case=exports())
def test_small_blocks_read_any_dialect_as_one_block(tmp_path, monkeypatch, case):
    content, _, _, opts = case
    p = tmp_path / "e.txt"
    p.write_bytes(content)
    whole = _read(p, opts)
    with monkeypatch.context() as m:
        _tiny(m)
        m.setattr("sessions.formats.sniff.SAMPLE_LINES", 8)
        blocked = _read(p, opts)
    assert blocked == whole


@SMALL
@given(content=tables())
def test_small_blocks_never_give_a_traceback(tmp_path, monkeypatch, content):
    p = tmp_path / "t.csv"
    p.write_bytes(content)
    _tiny(monkeypatch)
    with contextlib.suppress(BadInputError):
        read_foreign(p)


def test_a_long_file_read_in_blocks_keeps_every_row_and_the_cells_type(tmp_path, monkeypatch):
    """Integers for 2000 rows, then a decimal; a word in a later block: the row and the text are
    told as in one read, and every number comes back."""
    rows = [f"{i / 1000:.3f},{700 + i % 9}" for i in range(3000)]
    rows[2500] = "2.500,701.5"
    p = tmp_path / "long.csv"
    p.write_text("time_s,force_n\n" + "\n".join(rows) + "\n")
    _tiny(monkeypatch)
    monkeypatch.setattr(TL, "BLOCK_BYTES", 4096)
    _, block, _ = read_foreign(p)
    assert len(block) == 3000 and block.values[2500, 0] == 701.5 and block.values[2499, 0] == 700 + 2499 % 9
    rows[2800] = "2.800,oops"
    p.write_text("time_s,force_n\n" + "\n".join(rows) + "\n")
    with pytest.raises(BadInputError, match=r"line 2802: 'oops'"):
        read_foreign(p)


@pytest.mark.parametrize(("last", "kept"), [("0.500,81", False), ("0.500,812.", False), ("0.500,812.4", True),
                                            ("0.500,8", False)])
def test_a_last_number_cut_short_is_left_out(tmp_path, last, kept):
    """'812.4' cut to '81' by a copy that stopped mid-number was read as an 81-N sample."""
    rows = "".join(f"{i / 1000:.3f},{800 + i % 30:.1f}\n" for i in range(500))
    p = tmp_path / "cut.csv"
    p.write_text("time_s,force_n\n" + rows + last)
    _, block, plan = read_foreign(p, options=ImportOptions())
    assert len(block) == 500 + kept
    assert any("ends mid-line" in n for n in plan.notes) is not kept
    assert np.all(block.values[:, 0] >= 800)


def test_whole_numbers_cut_to_fewer_digits_are_left_out(tmp_path):
    rows = "".join(f"{i / 1000:.3f};{800 + i % 30}\r\n" for i in range(100))
    p = tmp_path / "cut.csv"
    p.write_text("time_s;force_n\r\n" + rows + "0.100;8")
    _, block, plan = read_foreign(p)
    assert len(block) == 100 and "its last line, 102, is left out" in plan.notes[-1]


def test_a_falling_whole_number_last_row_is_kept(tmp_path):
    """700, 690, ... 110, then 95 without a newline: one digit fewer, but a force still falling
    by its step, not a tenth of the row above (a lost digit) - the row is kept."""
    rows = "".join(f"{i / 1000:.3f},{700 - 10 * i}\n" for i in range(60))
    p = tmp_path / "falling.csv"
    p.write_text("time_s,force_n\n" + rows + "0.060,95")
    _, block, plan = read_foreign(p)
    assert len(block) == 61 and block.values[-1, 0] == 95
    assert not any("ends mid-line" in n for n in plan.notes)


def test_a_g_writer_s_whole_valued_last_cell_is_kept(tmp_path):
    """A %g writer drops a whole value's decimals ('812' after '811.7'): not a cut number."""
    rows = "".join(f"{i / 1000:g},{800.13 + (i % 30) * 0.37:g}\n" for i in range(60))
    p = tmp_path / "g.csv"
    p.write_text("time_s,force_n\n" + rows + "0.06,812")
    _, block, plan = read_foreign(p)
    assert len(block) == 61 and block.values[-1, 0] == 812
    p.write_text("time_s,force_n\n" + rows + "0.06,81")      # '811.7' cut to '81' still is
    _, block, plan = read_foreign(p)
    assert len(block) == 60 and any("ends mid-line" in n for n in plan.notes)


@pytest.mark.parametrize("sep", [",", ";"])
def test_rows_ending_with_a_separator_keep_their_last_line(tmp_path, sep):
    """Every row ends with the separator, the last without a newline: its blank last cell is the
    writer's (as on every row above), not a cut - the line was dropped with ',' and ';'."""
    rows = "".join(f"{i / 1000:.3f}{sep}{800 + i % 30:.1f}{sep}\n" for i in range(100))
    p = tmp_path / "trail.csv"
    p.write_text(f"time_s{sep}force_n{sep}\n" + rows + f"0.100{sep}812.4{sep}")
    _, block, plan = read_foreign(p)
    assert len(block) == 101 and not any("ends mid-line" in n for n in plan.notes)
    p.write_text(f"time_s{sep}force_n{sep}\n" + rows + f"0.100{sep}81")     # cut mid-number still is
    _, block, plan = read_foreign(p)
    assert len(block) == 100 and any("ends mid-line" in n for n in plan.notes)
