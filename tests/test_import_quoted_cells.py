"""A quoted cell holding a newline (a note typed over two lines) read the same whatever the block
size of the block reader (sessions/formats/text_lines.py): the reader never cuts a block inside
quotes, so no row is split between two Polars reads."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sessions.formats.text_lines as TL
from forceplate.errors import BadInputError
from sessions.csv_input import read_foreign

NOTE = st.text(alphabet=st.sampled_from(list('ab ,\n"')), max_size=12)

def _read_in_blocks(p, size, read=read_foreign):
    """read(p) with the text reader's blocks of `size` bytes (hypothesis tests run in one process:
    a monkeypatch per example, undone at once)."""
    mp = pytest.MonkeyPatch()
    try:
        mp.setattr(TL, "BLOCK_BYTES", size)
        return read(p)
    finally:
        mp.undo()



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


def test_a_stray_quote_beside_quoted_cells_is_named_by_its_line(tmp_path):
    """With real quoted cells (a note over two lines) the marks cannot all be characters: one line names the stray."""
    p = _notes_file(tmp_path, {4: '"two\nlines"', 10: 'box 12" high', 20: '"ok, rep"'})
    try:
        read_foreign(p)
    except BadInputError as exc:
        assert "notes.csv: line 13: a quote mark" in str(exc) and "\n" not in str(exc)   # 12, + the note over two
    else:
        raise AssertionError("read a table whose quotes do not pair")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(5, 80), data=st.data(), size=st.sampled_from([1 << 30, 64]))
def test_a_stray_quote_closed_by_the_next_row_is_refused_naming_the_line(tmp_path, monkeypatch, n, data, size):
    """A stray quote opens a cell the next row closes: that row is never silently lost."""
    i = data.draw(st.integers(0, n - 2))
    stray = data.draw(st.sampled_from(['"bad', '" oops', '"']))
    lines = [f"{k / 1000:.3f},{700 + k % 9:.1f}," + (stray if k == i else 'x"' if k == i + 1 else "ok")
             for k in range(n)]
    p = tmp_path / "stray.csv"
    p.write_text("time_s,force_n,note\n" + "\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(TL, "BLOCK_BYTES", size)
    got = _outcome(p)
    if isinstance(got, str):
        assert f"line {i + 3}" in got and "\n" not in got
    else:
        assert len(got[0]) == n


def _multi_line_note_file(tmp_path, sep, dec, note):
    rows = [f"{k / 1000:.3f}{sep}{700 + k % 9:.1f}{sep}".replace(".", dec) for k in range(41)]
    rows[20] += note
    p = tmp_path / "notes.csv"
    p.write_text(sep.join(["time_s", "force_n", "note"]) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return p


def test_a_note_whose_next_line_starts_with_numbers_reads(tmp_path, monkeypatch):
    """RFC 4180: a quoted note over lines that start with a number ('1,2,3 good') is text, not a
    swallowed row: its 'time' (1 s) is not between the rows around it (0.020 s, 0.021 s)."""
    for sep, dec, note in ((",", ".", '"reps:\n1,2,3 good\n4 bad"'), (";", ".", '"Satz 2:\n3; 4; 5 langsam"'),
                           (";", ",", '"Satz 2:\n3; 4; 5 langsam"')):
        p = _multi_line_note_file(tmp_path, sep, dec, note)
        for size in (1 << 30, 64):
            monkeypatch.setattr(TL, "BLOCK_BYTES", size)
            _, block, _ = read_foreign(p)
            assert np.allclose(block.time_s, np.arange(41) / 1000), (sep, dec, size)
            assert np.array_equal(block.values[:, 0], [700 + k % 9 for k in range(41)])


def test_a_note_over_lines_in_a_file_with_no_time_column_reads(tmp_path, monkeypatch):
    """With no rising column (force only, the rate given) nothing tells a swallowed row from a note
    typed over lines, so the note is text as RFC 4180 says, with ',' or ';' and a decimal comma."""
    from sessions.formats.table import ImportOptions

    for sep, dec, note in ((",", ".", '"reps:\n1,2,3 good"'), (";", ",", '"Satz 1:\n2;3 gut"')):
        rows = [f"{700 + k % 9:.1f}{sep}".replace(".", dec) for k in range(21)]
        rows[10] += note
        p = tmp_path / "notime.csv"
        p.write_text(sep.join(["Fz", "note"]) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
        for size in (1 << 30, 64):
            monkeypatch.setattr(TL, "BLOCK_BYTES", size)
            _, block, _ = read_foreign(p, options=ImportOptions(rate_hz=1000.0))
            assert np.array_equal(block.values[:, 0], [700 + k % 9 for k in range(21)]), (sep, size)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(gap_ms=st.integers(1000, 600_000), first=st.integers(1, 99), size=st.sampled_from([1 << 30, 256]), data=st.data())
def test_a_note_typed_in_a_time_gap_reads(tmp_path_factory, gap_ms, first, size, data):
    """A note over lines whose second line starts with numbers ('set 2:\\n10,8 reps'), typed
    where the recording paused: its 'time' lies in the gap, but no row at the sampling cadence
    is there to be swallowed - the note is text (it was refused as a swallowed row)."""
    n = 40
    k = data.draw(st.integers(1, n - 2))
    times = [(i + (gap_ms if i > k else 0)) / 1000 for i in range(n)]
    cut = times[k] + 0.5 * (times[k + 1] - times[k])     # a number inside the gap, far off the cadence
    note = f'"set {first}:\n{cut:.3f},{first},reps"'
    rows = [f"{t:.3f},{700 + i % 9:.1f}," + (note if i == k else "") for i, t in enumerate(times)]
    p = tmp_path_factory.mktemp("g") / "gap.csv"
    p.write_text("time_s,force_n,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    _, block, _ = _read_in_blocks(p, size)
    assert np.allclose(block.time_s, np.array(times) - times[0], atol=1e-9)
    assert np.array_equal(block.values[:, 0], [700 + i % 9 for i in range(n)])


def test_a_swallowed_row_at_the_cadence_is_still_refused(tmp_path):
    """The cadence test keeps the old guard: a stray quote that swallows the next sample row."""
    rows = [f"{i / 1000:.3f},{700 + i % 9:.1f}," + ('"oops' if i == 10 else 'x"' if i == 11 else "")
            for i in range(40)]
    p = tmp_path / "stray.csv"
    p.write_text("time_s,force_n,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(BadInputError, match="line 13"):
        read_foreign(p)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(20, 200), data=st.data(), size=st.sampled_from([1 << 30, 64]))
def test_a_stray_quote_is_named_at_its_own_line_not_the_next_note(tmp_path_factory, n, data, size):
    """'"stray' on a line of its own, a later '"note"' line: the stray's line is named (it was the
    note's: the stray's cell closed there and the note's closing quote looked like the stray)."""
    a = data.draw(st.integers(1, n - 3))    # (under the header: the sniffer's case, one line too)
    b = data.draw(st.integers(a + 1, n - 1))
    rows = [f"{i / 1000:.3f},{700 + i % 9}" for i in range(n)]
    rows.insert(b, '"a later note"')
    rows.insert(a, '"stray quote here')
    p = tmp_path_factory.mktemp("q") / "quote.csv"
    p.write_text("Time (s),Force (N)\n" + "\n".join(rows) + "\n", encoding="utf-8")
    got = _read_in_blocks(p, size, _outcome)
    assert isinstance(got, str) and "\n" not in got
    assert f"line {a + 2}:" in got, got


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(k=st.integers(2, 36), drop=st.sampled_from(["after", "before", "short"]),
       size=st.sampled_from([1 << 30, 256]))
def test_a_swallowed_row_by_a_dropped_sample_or_a_short_rise_is_refused(tmp_path_factory, k, drop, size):
    """A stray quote that swallows the next sample row is refused naming its line even when a
    sample was dropped beside the swallowed row (it is then off the cadence of one neighbour,
    never of both) or the clock has one rise under its usual step (the step is the median rise,
    not the smallest: with the smallest the swallowed row read as a note, 39 of 40 rows)."""
    n = 40
    times = [i / 1000 for i in range(n)]
    if drop == "after":          # the swallowed row (k + 1) lies two steps after the stray row
        times = times[: k + 1] + [t + 0.001 for t in times[k + 1:]]
    elif drop == "before":       # the row after the swallowed one lies two steps on
        times = times[: k + 2] + [t + 0.001 for t in times[k + 2:]]
    else:                        # a fine-ticked clock: one rise of half the step early on
        times = [t * 2 - (0.001 if i > 1 else 0) for i, t in enumerate(times)]
    rows = [f"{t:.3f},{700 + i % 9:.1f}," + ('"oops' if i == k else 'x"' if i == k + 1 else "")
            for i, t in enumerate(times)]
    p = tmp_path_factory.mktemp("d") / "dropped.csv"
    p.write_text("time_s,force_n,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(BadInputError, match=f"line {k + 3}\\b"):
        _read_in_blocks(p, size)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(10, 80), data=st.data(), size=st.sampled_from([1 << 30, 64]))
def test_an_inch_mark_after_a_multi_line_note_is_named_not_the_note(tmp_path_factory, n, data, size):
    """A valid note over two lines closed inside its text ('"set 1\\nall good",12" bar'): the
    quote after it is the stray, on the note's second line - not the note's first line."""
    k = data.draw(st.integers(1, n - 2))
    rows = [f"{i / 1000:.3f},{700 + i},," for i in range(n)]
    rows[k] = f'{k / 1000:.3f},{700 + k},"set 1\nall good",12" bar'
    p = tmp_path_factory.mktemp("i") / "inch.csv"
    p.write_text("time_s,force_n,note,extra\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(BadInputError, match=f"line {k + 3}\\b"):
        _read_in_blocks(p, size)


@pytest.mark.parametrize("row", ['"0.000,700.0', '"0.000;700.0'])
def test_a_stray_quote_on_the_first_data_line_is_named_by_its_line(tmp_path, row):
    """'"0.000,700.0' under the header was taken for the header ('column 2 has numbers but no
    name'): the stray quote and its line are named, as one further down is."""
    sep = row[6]
    rows = [f"{k / 1000:.3f}{sep}{700 + k % 9:.1f}" for k in range(1, 40)]
    p = tmp_path / "first.csv"
    p.write_text(f"time_s{sep}force_n\n{row}\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(BadInputError) as exc:
        read_foreign(p)
    assert "first.csv: line 2: a quote mark (\")" in str(exc.value) and "no name" not in str(exc.value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(6, 60), data=st.data(), size=st.sampled_from([1 << 30, 64]))
def test_a_stray_quote_and_a_note_over_two_lines_anywhere_name_the_strays_line(tmp_path_factory, n, data, size):
    """A stray '"bad' in the note column and a real note over two lines ('"two\\nlines"'), either
    above the other, the first data row too: the file is refused naming the stray's line (it
    named the note's closing line when the stray came first - its cell closed at the note's
    opening quote - and the note's first line when the note came first; on the first data rows
    it said 'column 2 has numbers but no name'), whatever the block size: in 64-byte blocks the
    stray alone in its block was read as a character of its cell, every row kept."""
    a = data.draw(st.integers(0, n - 1), label="stray row")
    b = data.draw(st.integers(0, n - 1).filter(lambda k: k != a), label="note row")
    stray = data.draw(st.sampled_from(['"bad', '" oops', '"']))
    notes = {a: stray, b: '"two\nlines"'}
    rows = [f"{i / 1000:.3f},{700 + i % 9:.1f},{notes.get(i, '')}" for i in range(n)]
    p = tmp_path_factory.mktemp("s") / "stray.csv"
    p.write_text("time_s,force_n,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    got = _read_in_blocks(p, size, _outcome)
    line = a + 2 + (b < a)             # the header, 1-based, the note's second line above
    assert isinstance(got, str), f"read a table whose quotes do not pair (blocks of {size} bytes)"
    assert f"stray.csv: line {line}: a quote mark" in got and "\n" not in got, got


@pytest.mark.parametrize("size", [1 << 30, 64])
def test_a_stray_quote_above_a_note_over_two_lines_is_named_not_the_notes_close(tmp_path, size):
    """'"bad' on row 10 (line 12), '"two\\nlines"' on row 30: line 12 is named, not 33 (the
    note's close, blamed when the stray's cell closed at the note's opening quote)."""
    got = _read_in_blocks(_notes_file(tmp_path, {10: '"bad', 30: '"two\nlines"'}), size, _outcome)
    assert isinstance(got, str) and "notes.csv: line 12: a quote mark" in got and "\n" not in got, got


def _dialect_file(tmp_path, notes, sep=",", dec="."):
    rows = [sep.join([f"{i / 1000:.3f}".replace(".", dec), f"{700 + i % 9:.1f}".replace(".", dec), notes.get(i, "")])
            for i in range(190)]
    p = tmp_path / "notes.csv"
    p.write_text(sep.join(["time_s", "force_n", "note"]) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return p


DIALECTS = [(",", "."), (";", ","), ("\t", ".")]


@pytest.mark.parametrize("size", [1 << 30, 64])
@pytest.mark.parametrize("row", [0, 1])
@pytest.mark.parametrize(("sep", "dec"), DIALECTS)
def test_a_note_over_two_lines_on_the_first_data_rows_reads(tmp_path, size, row, sep, dec):
    """'"two\\nlines"' on the first data row: its second line was taken for the header, 'column 2
    has numbers but no name' (a TSV's for a space-separated one's). The note's lines are one row
    (RFC 4180)."""
    got = _read_in_blocks(_dialect_file(tmp_path, {row: '"coach:\nknee in"'}, sep, dec), size, _outcome)
    assert not isinstance(got, str), got
    assert np.allclose(got[0], np.arange(190) / 1000)
    assert np.array_equal(np.array(got[1])[:, 0], [700 + i % 9 for i in range(190)])


@pytest.mark.parametrize("size", [1 << 30, 64])
@pytest.mark.parametrize("stray", ['"bad', '" oops', '"'])
@pytest.mark.parametrize(("sep", "dec"), DIALECTS)
def test_a_stray_quote_on_row_0_with_a_note_on_row_1_names_the_strays_line(tmp_path, size, stray, sep, dec):
    got = _read_in_blocks(_dialect_file(tmp_path, {0: stray, 1: '"two\nlines"'}, sep, dec), size, _outcome)
    assert isinstance(got, str) and "notes.csv: line 2: a quote mark" in got and "no name" not in got, got


MARKS = st.sampled_from(['"bad', '" oops', '"', 'box 12" high', '"two\nlines"', '"ok, rep"', 'x"', '"a""b"'])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(6, 60), notes=st.dictionaries(st.integers(0, 59), MARKS, min_size=1, max_size=4))
def test_quote_marks_anywhere_read_or_refused_whatever_the_block_size(tmp_path_factory, n, notes):
    """Stray quotes, inch marks, doubled quotes and notes over lines in any mix: the file is read
    (the same rows) at every block size or refused at every one (in 64-byte blocks some files whose
    whole read refuses were read, every row kept, and some it read were refused); a refusal names
    the same line at every block size (test_a_refusal_names_the_same_line_whatever_the_block_size)."""
    rows = [f"{i / 1000:.3f},{700 + i % 9:.1f},{notes.get(i, '')}" for i in range(n)]
    p = tmp_path_factory.mktemp("m") / "marks.csv"
    p.write_text("time_s,force_n,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    got = [_read_in_blocks(p, size, _outcome) for size in (1 << 30, 200, 64, 16)]
    if isinstance(got[0], str):
        assert all(g == got[0] for g in got), [g if isinstance(g, str) else "read" for g in got]
    else:
        assert all(g == got[0] for g in got), [g if isinstance(g, str) else "read" for g in got]


@pytest.mark.parametrize("size", [1 << 30, 64])
@pytest.mark.parametrize("notes", [{0: 'box 12" high', 50: '12"'}, {0: 'box 12" high', 1: '12"'},
                                   {10: 'box 12" high', 50: '12"'}])
@pytest.mark.parametrize(("sep", "dec"), DIALECTS)   # a TSV refused them: its last row's empty note was trimmed
def test_inch_marks_in_the_first_rows_read(tmp_path, size, notes, sep, dec):
    """An inch mark ('box 12" high') on a first row was taken to open a cell running to the next
    quote: 'line 52: a quote mark' for a file main read. A quote opens a cell only at its start."""
    got = _read_in_blocks(_dialect_file(tmp_path, notes, sep, dec), size, _outcome)
    assert not isinstance(got, str), got
    assert np.allclose(got[0], np.arange(190) / 1000)
    assert np.array_equal(np.array(got[1])[:, 0], [700 + i % 9 for i in range(190)])


@pytest.mark.parametrize("head", ['time_s,force_n,box 12" note\n', 'Subject: Jo "JJ\ntime_s,force_n,note\n'])
def test_an_inch_mark_in_the_header_or_preamble_reads(tmp_path, head):
    rows = [f"{i / 1000:.3f},{700 + i % 9:.1f},{'12' + chr(34) if i in (5, 50) else ''}" for i in range(200)]
    p = tmp_path / "notes.csv"
    p.write_text(head + "\n".join(rows) + "\n", encoding="utf-8")
    got = _outcome(p)
    assert not isinstance(got, str), got
    assert np.allclose(got[0], np.arange(200) / 1000)


@pytest.mark.parametrize("size", [1 << 30, 64])
@pytest.mark.parametrize("step_at", [1500, 3000, 5500])
def test_a_swallowed_row_is_judged_on_its_own_rows_whatever_the_block_size(tmp_path, size, step_at):
    """A time back-step thousands of rows from the quoted cell made the whole 8-MB block's time
    column 'not rising': the swallowed row was silently lost there and refused in 64-byte blocks.
    The columns are judged on the rows around the cell, so it is refused at every size."""
    def t(i):
        return i / 1000 - (0.0015 if i == step_at else 0)

    note = {500: '"x', 501: 'y"'}
    rows = [f"{t(i):.4f},{700 + i % 9:.1f},{note.get(i, '')}" for i in range(6000)]
    p = tmp_path / "notes.csv"
    p.write_text("time_s,force_n,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    got = _read_in_blocks(p, size, _outcome)
    assert isinstance(got, str) and "line 503: a quote mark" in got and "\n" not in got, got


@pytest.mark.parametrize("size", [1 << 30, 64])
@pytest.mark.parametrize("head", ["Subject: Jo\ntime,force,note\n", "Subject: Jo\nDate: x\nLab: y\ntime,force,note\n",
                                  "time,force,note\ns,N,\n", "Subject: Jo\ntime,force,note\ns,N,\n"])
@pytest.mark.parametrize("note", ['"two\nlines"', "good", '"good"'])
def test_a_note_on_row_0_under_a_preamble_or_units_reads(tmp_path, size, head, note):
    """The first label row a little above the first row of numbers was taken for the names: a
    preamble line ('Subject: Jo') gave 'column 2 has numbers but no name', a units row under the
    names was read as data ("column 'time' is not numeric (line 2: 's')"). The nearest run is."""
    rows = [f"{i / 1000:.3f},{700 + i % 9:.1f},{note if i == 0 else ''}" for i in range(60)]
    p = tmp_path / "notes.csv"
    p.write_text(head + "\n".join(rows) + "\n", encoding="utf-8")
    got = _read_in_blocks(p, size, _outcome)
    assert not isinstance(got, str), got
    assert np.allclose(got[0], np.arange(60) / 1000)
    assert np.array_equal(np.array(got[1])[:, 0], [700 + i % 9 for i in range(60)])


@pytest.mark.parametrize("size", [1 << 30, 200, 64, 16])
@pytest.mark.parametrize(("notes", "line"), [({3: '"bad', 5: '"bad', 10: '"ok, rep"'}, 5),
                                             ({7: '"bad', 8: 'box 12" high', 20: '"two\nlines"'}, 9),
                                             ({0: '"bad', 19: 'box 12" high', 27: '"ok, rep"'}, 2)])
def test_strays_above_a_well_formed_quoted_cell_name_the_first_strays_line(tmp_path, capsys, size, notes, line):
    """'"bad' twice (or with an inch mark) above a well-formed quoted note: the import refused with
    Polars' text, naming no line ('not a readable table (could not parse `"bad 0.020,705.0,ok
    0.025,706.0,"bad` as dtype `str`...'). The one-line refusal names the first stray's line, at
    every block size."""
    from eccentric.cli import main

    rows = [f"{i / 200:.3f},{701 + i:.1f},{notes.get(i, 'ok')}" for i in range(30)]
    p = tmp_path / "strays.csv"
    p.write_text("time_s,force_n,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    mp = pytest.MonkeyPatch()
    try:
        mp.setattr(TL, "BLOCK_BYTES", size)
        code = main(["--data-dir", str(tmp_path / "d"), "import", str(p), "--athlete", "Ida"])
    finally:
        mp.undo()
    err = capsys.readouterr().err
    assert code != 0 and err.count("\n") == 1, err
    assert f"strays.csv: line {line}: a quote mark" in err and "could not parse" not in err, err


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(6, 60), stray=st.integers(0, 29), notes=st.dictionaries(st.integers(0, 59), MARKS, min_size=2,
                                                                             max_size=4))
def test_a_refusal_of_quote_marks_never_carries_polars_text(tmp_path_factory, n, stray, notes):
    """A stray ('"bad') among any mix of strays, inch marks and notes, whole or in 64-byte blocks:
    a refusal is one line of its own words (in 300 random mixes, 8 refusals were Polars' 'could
    not parse ...')."""
    notes = {stray: '"bad', **notes}
    rows = [f"{i / 1000:.3f},{700 + i % 9:.1f},{notes.get(i, '')}" for i in range(n)]
    p = tmp_path_factory.mktemp("m") / "marks.csv"
    p.write_text("time_s,force_n,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    for size in (1 << 30, 64):
        got = _read_in_blocks(p, size, _outcome)
        if isinstance(got, str):
            assert "not a readable table" not in got and "\n" not in got, (size, got)


@pytest.mark.parametrize(("n", "notes", "line"), [
    (49, {2: '"bad', 18: 'box 12" high', 19: '"', 34: '"ok, rep"'}, 4),
    (54, {3: '"', 16: '"', 29: '"two\nlines"', 31: 'x"'}, 6),
    (60, {22: '" oops', 26: '"bad', 38: '"ok, rep"', 45: '"bad'}, 24),
])
def test_a_refusal_names_the_same_line_whatever_the_block_size(tmp_path, n, notes, line):
    """Read whole, these named a later stray (line 21, 34, 47) than 64-byte blocks did: the
    refusal now names the first line Polars cannot read past, or the row swallowed before it."""
    rows = [f"{i / 1000:.3f},{700 + i % 9:.1f},{notes.get(i, '')}" for i in range(n)]
    p = tmp_path / "marks.csv"
    p.write_text("time_s,force_n,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    got = {_read_in_blocks(p, size, _outcome) for size in (1 << 30, 200, 64, 16)}
    assert len(got) == 1 and f"line {line}: a quote mark" in got.pop()
