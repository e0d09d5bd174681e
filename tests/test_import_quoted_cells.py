"""A quoted cell holding a newline (a note typed over two lines) read the same whatever the block
size of the block reader (sessions/formats/text_lines.py): the reader never cuts a block inside
quotes, so no row is split between two Polars reads."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sessions.formats.text_lines as TL
from forceplate.errors import BadInputError
from sessions.csv_input import read_foreign

NOTE = st.text(alphabet=st.sampled_from(list('ab ,\n"')), max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=st.lists(NOTE, min_size=30, max_size=60), size=st.integers(1, 400))
def test_a_newline_in_a_quoted_cell_across_any_block_boundary(tmp_path, monkeypatch, notes, size):
    lines = []
    for i, note in enumerate(notes):
        quoted = '"' + note.replace('"', '""') + '"'   # RFC 4180: quotes doubled in a quoted cell
        lines.append(f"{i / 1000:.3f},{700 + i % 9:.1f},{quoted}")
    p = tmp_path / "notes.csv"
    p.write_text("time_s,force_n,note\n" + "\n".join(lines) + "\n", encoding="utf-8")
    with monkeypatch.context() as m:
        m.setattr(TL, "BLOCK_BYTES", 1 << 30)
        whole = _outcome(p)
        m.setattr(TL, "BLOCK_BYTES", size)
        blocked = _outcome(p)
    if isinstance(whole, str):     # refused whole (the sniffer's call): refused in blocks too
        assert isinstance(blocked, str)
    else:
        assert blocked == whole


def _outcome(p):
    try:
        _, block, _ = read_foreign(p)
    except BadInputError as exc:
        return str(exc)
    return block.time_s.tolist(), block.values.tolist()


def test_notes_over_two_lines_read_right_in_small_blocks(tmp_path, monkeypatch):
    plain, two_lines = '"rep, ok"', '"coach:\nknee ""in"""'
    rows = [f"{i / 1000:.3f},{700 + i % 9:.1f},{plain if i % 7 else two_lines}" for i in range(300)]
    p = tmp_path / "notes.csv"
    p.write_text("time_s,force_n,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    for size in (1, 16, 64, 100, 1000):
        monkeypatch.setattr(TL, "BLOCK_BYTES", size)
        _, block, _ = read_foreign(p)
        assert np.array_equal(block.values[:, 0], [700 + i % 9 for i in range(300)])
        assert np.allclose(block.time_s, np.arange(300) / 1000)

def test_blocks_never_end_inside_quotes():
    data = b'1,"a\nb",2\n3,"x""\ny",4\n5,"z",6\n'
    for size in range(1, len(data) + 2):
        cuts = TL.blocks(data, 0, len(data), size)
        assert b"".join(data[a:b] for a, b in cuts) == data
        for a, b in cuts:
            assert data.count(b'"', a, b) % 2 == 0


def test_a_quote_never_closed_takes_the_rest_in_one_block():
    data = b'1,2\n3,"open\n' + b"5,6\n" * 1000
    cuts = TL.blocks(data, 0, len(data), 8)
    assert cuts == [(0, len(data))]


def _notes_file(tmp_path, notes):
    rows = [f"{i / 1000:.3f},{700 + i % 9:.1f},{notes.get(i, '')}" for i in range(190)]
    p = tmp_path / "notes.csv"
    p.write_text("time_s,force_n,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return p


def test_one_inch_mark_in_a_note_does_not_refuse_the_file(tmp_path):
    """'box 12" high' opened a quote never closed: 'CSV malformed: expected 1 rows, actual 190'."""
    _, block, _ = read_foreign(_notes_file(tmp_path, {10: 'box 12" high'}))
    assert np.array_equal(block.values[:, 0], [700 + i % 9 for i in range(190)])


def test_a_stray_quote_beside_quoted_cells_is_read_as_a_character(tmp_path):
    """An inch mark inside an unquoted cell is that cell's character (a quote opens a cell only at
    its start, RFC 4180 and Python's csv); the quoted cells beside it keep their commas and
    newlines. Before, the marks did not pair and the file was refused."""
    p = _notes_file(tmp_path, {4: '"two\nlines"', 10: 'box 12" high', 20: '"ok, rep"'})
    _, block, _ = read_foreign(p)
    assert np.array_equal(block.values[:, 0], [700 + i % 9 for i in range(190)])
    assert np.allclose(block.time_s, np.arange(190) / 1000)


def test_a_quote_opened_and_never_closed_is_named_by_its_line(tmp_path):
    """A quote at a cell's start that never closes would make every row after it one cell:
    refused, naming its line, never read as a shorter table."""
    p = _notes_file(tmp_path, {4: '"two\nlines"', 10: '"never closed', 20: '"ok, rep"'})
    try:
        read_foreign(p)
    except BadInputError as exc:
        assert "notes.csv: line 13: a quote mark" in str(exc) and "\n" not in str(exc)   # 12, + the note over two
    else:
        raise AssertionError("read a table whose quotes do not pair")


NOTE_CELL = st.one_of(st.just(""), st.sampled_from(['box 12" high', '5\' 11"', 'ok']),
                      st.text(alphabet=st.sampled_from(list('ab ,;\n"0123456789')), max_size=10)
                      .map(lambda t: '"' + t.replace('"', '""') + '"'))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=st.lists(NOTE_CELL, min_size=120, max_size=120), header_wrap=st.booleans())
def test_notes_quoted_or_with_inch_marks_read_as_written(tmp_path, notes, header_wrap):
    """Any mix of quoted notes (commas, newlines, doubled quotes: a row of numbers on a note's
    second line) and unquoted notes with inch marks, under a header whose cells may wrap over
    lines (Excel's Alt+Enter): every sample read as written, none made up."""
    head = '"time\n(s)","force\n(N)",note' if header_wrap else "time_s,force_n,note"
    rows = [f"{i / 1000:.3f},{700 + i % 9:.1f},{n}" for i, n in enumerate(notes)]
    p = tmp_path / "notes.csv"
    p.write_text(head + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    # a note's later line that starts with a number beside an inch mark: a quote never closed
    # or a note, the file cannot tell - refused, never read with a made-up row
    may_refuse = any('"' in n and "\n" in n for n in notes) and any(not n.startswith('"') and '"' in n for n in notes)
    try:
        _, block, _ = read_foreign(p)
    except BadInputError:
        assert may_refuse
        return
    assert np.array_equal(block.values[:, 0], [700 + i % 9 for i in range(120)])
    assert np.allclose(block.time_s, np.arange(120) / 1000)


def test_a_note_whose_second_line_is_numbers_beside_an_inch_mark_is_no_row(tmp_path):
    """'"\n1,0,"' (a note whose second line reads as a row) beside 'box 12" high': read before as
    one more sample (t = 1 s, 0 N) by the reader that takes every mark for a character."""
    p = _notes_file(tmp_path, {150: 'box 12" high', 189: '"\n1,0,"'})
    try:
        _, block, _ = read_foreign(p)
    except BadInputError:
        return
    assert len(block) == 190 and np.allclose(block.time_s, np.arange(190) / 1000)
