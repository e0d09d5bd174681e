"""Garbage never gives a traceback: the sniffer and the loader end in samples or a one-line error."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eccentric.cli import main
from forceplate.errors import BadInputError
from sessions.csv_input import read_foreign
from sessions.formats import ImportOptions

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

NAMES = ["time_s", "Time (s)", "Time(s) Run #1", "Data Set 1:Force(N)", "LeftForce(N)", "force_combined", "Fz",
         "Fx", "|Ft|", "frame", "velocity_m_s", "Beam 1 Force (N) Run #1", "Normal Force (N) Run #1", "", "x",
         "ground_force1_vy", "spotter", "bar_m", "Latest: Force (N)", "A (N)", "Zeit (ms)", "COPx", "Mz"]
CELLS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, width=32).map(lambda x: f"{x:g}"),
    st.integers(-10**6, 10**6).map(str),
    st.floats(-5000, 5000).map(lambda x: f"{x:.3f}".replace(".", ",")),
    st.sampled_from(["", "NaN", "1e308", "-1e400", "abc", '"1,5"', "N", "s", "#", " "]),
    st.text(max_size=4),
)


@st.composite
def tables(draw: st.DrawFn) -> bytes:
    sep = draw(st.sampled_from([",", ";", "\t", " ", "|", "  "]))
    ncol = draw(st.integers(1, 6))
    header = [draw(st.sampled_from(NAMES)) for _ in range(ncol)]
    pre = draw(st.lists(st.sampled_from(["BioWare Version 5.3 Export", "Rate (Hz):\t1000", "endheader", "# c",
                                         "version=1", "nRows=3", "Sample rate: 0 Hz", ""]), max_size=3))
    rows = draw(st.lists(st.lists(CELLS, min_size=max(1, ncol - 1), max_size=ncol + 1), max_size=12))
    lines = [*pre, sep.join(header)]
    if draw(st.booleans()):
        lines.append(sep.join(draw(st.sampled_from(["N", "s", "", "m/s"])) for _ in range(ncol)))
    lines += [sep.join(r) for r in rows]
    text = draw(st.sampled_from(["\n", "\r\n"])).join(lines)
    enc = draw(st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
    return text.encode(enc, errors="replace")


def _check(path, opts=None) -> None:
    try:
        info, block, _ = read_foreign(path, options=opts)
    except BadInputError as exc:
        msg = str(exc)
        assert "\n" not in msg and msg.startswith(str(path)) and len(msg) < 600
        return
    assert len(block) >= 2 and np.all(np.diff(block.time_s) > 0)
    assert np.isfinite(block.values).all() and np.abs(block.values[:, info.force_channels]).max() <= 1e5
    assert len(info.force_channels) >= 1


@FUZZ
@given(tables(), st.sampled_from([".csv", ".txt", ".mot", ".tsv", ""]))
def test_text_tables_end_in_samples_or_one_line(tmp_path, content, suffix):
    p = tmp_path / f"f{suffix}"
    p.write_bytes(content)
    _check(p)


@FUZZ
@given(st.binary(max_size=600), st.sampled_from([".csv", ".parquet", ".c3d", ".txt"]))
def test_bytes_end_in_samples_or_one_line(tmp_path, content, suffix):
    p = tmp_path / f"b{suffix}"
    p.write_bytes(content)
    _check(p)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tables(), st.builds(ImportOptions, time_column=st.sampled_from([None, "1", "time_s", "9"]),
                           force_columns=st.sampled_from([(), ("2",), ("Fz", "3")]),
                           rate_hz=st.sampled_from([None, 100.0, 1000.0]),
                           decimal=st.sampled_from([None, ".", ","]), run=st.sampled_from([None, "1", "Latest"])))
def test_options_never_give_a_traceback(tmp_path, content, opts):
    p = tmp_path / "o.csv"
    p.write_bytes(content)
    _check(p, opts)


def test_cli_inspect_on_garbage_is_one_line(tmp_path, capsys):
    p = tmp_path / "g.csv"
    p.write_bytes(b"\x01P\x00\x00garbage-not-c3d" * 40)
    assert main(["inspect", str(p)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


@st.composite
def exports(draw: st.DrawFn) -> tuple[bytes, np.ndarray, np.ndarray, ImportOptions]:
    """A valid export in a random dialect: the numbers must come back exactly as written."""
    sep, dec = draw(st.sampled_from([(",", "."), (";", ","), ("\t", "."), ("\t", ","), (" ", "."), ("|", "."),
                                     (";", ".")]))
    n = draw(st.integers(2, 60))
    rate = draw(st.sampled_from([100.0, 500.0, 1000.0, 1200.0]))
    t0 = draw(st.floats(0, 1e4, allow_nan=False))
    t = np.round(t0 + np.arange(n) / rate, 6)
    parts = draw(st.integers(1, 3))
    forces = np.round(np.array(draw(st.lists(st.lists(st.floats(-500, 3000, allow_nan=False), min_size=n, max_size=n),
                                             min_size=parts, max_size=parts))), 2)
    tname = draw(st.sampled_from(["time_s", "Time (s)", "abs time (s)", "t", "Time(s)"]))
    fnames = draw(st.sampled_from([["Fz", "Fz2", "Fz3"], ["Left (N)", "Right (N)", "Back (N)"],
                                   ["cell1_n", "cell2_n", "cell3_n"], ["Beam 1", "Beam 2", "Beam 3"]]))[:parts]
    extra = draw(st.sampled_from([[], ["velocity_m_s"], ["COPx (m)"], ["Mz"], ["Power(W)", "Fx"]]))
    pre = draw(st.lists(st.sampled_from(["# lab export", "Subject: A", "Date: 2026-01-01", ""]), max_size=3))
    quote = draw(st.booleans()) and sep != " "

    def num(x: float) -> str:
        s = f"{x:.6f}".rstrip("0").rstrip(".") if draw(st.booleans()) else f"{x:.6f}"
        s = s if s not in ("", "-") else "0"
        s = s.replace(".", dec)
        return f'"{s}"' if quote and dec == sep else s

    rng = np.random.default_rng(n)
    head_sep = "  " if sep == " " else sep      # space-aligned files put 2+ spaces between names
    lines = [*([p for p in pre if p] and pre), head_sep.join([tname, *fnames, *extra])]
    for i in range(n):
        lines.append(sep.join([num(t[i]), *[num(f[i]) for f in forces], *[num(rng.normal()) for _ in extra]]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines) + draw(st.sampled_from(["", newline]))
    enc = draw(st.sampled_from(["utf-8", "utf-16", "cp1252"]))
    return text.encode(enc), t, forces, ImportOptions()


@FUZZ
@given(exports())
def test_any_dialect_gives_back_the_numbers_written(tmp_path, case):
    content, t, forces, opts = case
    p = tmp_path / "e.txt"
    p.write_bytes(content)
    info, block, plan = read_foreign(p, options=opts)
    if len(block) == t.size - 1:
        # no newline after the last row, and its last number shorter (in decimals) than every
        # one above: a cut number, left out with a note ('812.4' cut to '81' reads the same)
        assert not content.endswith(b"\n" if b"\n" in content else b"\n\x00")
        assert any("cut short" in n for n in plan.notes)
        t, forces = t[:-1], forces[:, :-1]
    assert np.allclose(block.time_s, t, atol=1e-9)
    total = forces.sum(axis=0)
    sign = -1.0 if plan.sign_flipped else 1.0
    assert np.allclose(block.total_force_n(info), sign * total, atol=1e-6)
    assert len(info.force_channels) == forces.shape[0]


FORCE_UNITS = sorted(k for k, (unit, _) in __import__("sessions.formats.names", fromlist=["UNITS"]).UNITS.items()
                     if unit == "N")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(unit=st.sampled_from(FORCE_UNITS), weight_n=st.floats(200.0, 2500.0),
       spelling=st.sampled_from(["Force ({u})", "Force [{u}]", "Fz ({u})", "force_{u}"]),
       sep=st.sampled_from([",", ";", "\t"]))
def test_every_force_unit_reads_back_in_newtons(tmp_path_factory, unit, weight_n, spelling, sep):
    """A force written in any unit the reader knows (lb, lbs, kN, daN, kgf, kp, ...) comes
    back in newtons; none is taken as N as written (`Force (lb)` was)."""
    from sessions.formats.names import UNITS

    factor = UNITS[unit][1]
    header = spelling.format(u=unit)
    if header.startswith("force_") and not header[6:].replace("-", "").isalnum():
        return   # a snake-case name only carries plain unit words
    p = tmp_path_factory.mktemp("u") / "f.csv"
    t = np.arange(3000) / 1000.0
    f = weight_n + 5.0 * np.sin(2 * np.pi * t)
    p.write_text(f"time_s{sep}{header}\n" + "".join(f"{a:.3f}{sep}{b / factor:.6g}\n" for a, b in zip(t, f, strict=True)))
    try:
        info, block, _ = read_foreign(p)
    except BadInputError:
        assert header.startswith("force_")   # a snake-case unit the name rule does not split
        return
    assert np.allclose(block.total_force_n(info), f, rtol=1e-4, atol=0.01)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(milli=st.lists(st.integers(-20_000, 3_000_000), min_size=40, max_size=300),
       newline=st.sampled_from(["\n", "\r\n"]), where=st.integers(0, 10**6))
def test_one_headerless_column_with_decimal_comma_reads_whole(tmp_path_factory, milli, newline, where):
    """One bare column of Fz with a decimal comma and three decimals (gidiel-machado's *-Fz.txt
    as a comma locale writes them): one column, every value whole - not split at the comma into
    an integer part and a fraction (the force silently truncated by up to 1 N)."""
    k = where % (len(milli) + 1)
    values = [*milli[:k], 661_013, *milli[k:]]          # at least one fraction with a leading zero
    text = newline.join(f"{v / 1000:.3f}".replace(".", ",") for v in values) + newline
    p = tmp_path_factory.mktemp("c") / "Single-CMJ-Fz.txt"
    p.write_bytes(text.encode())
    info, block, plan = read_foreign(p, options=ImportOptions(rate_hz=1000.0, force_columns=("1",)))
    assert len(plan.assigned) == 1
    assert np.allclose(block.total_force_n(info), np.array(values) / 1000.0, atol=1e-9)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sep=st.sampled_from([",", " ", "\t", ";"]), mark=st.sampled_from(["# ", "#", "% ", "%", "// "]),
       names=st.sampled_from([("time", "force"), ("time_s", "force_n"), ("t", "Fz")]),
       weight_n=st.floats(300.0, 1500.0))
def test_a_header_behind_a_comment_mark_names_the_columns(tmp_path_factory, sep, mark, names, weight_n):
    """numpy's savetxt writes its header as '# time force', MATLAB scripts '% ...': the mark is
    no column (space-separated, '# time force' was three names for two columns: refused)."""
    p = tmp_path_factory.mktemp("h") / "trial.txt"
    t = np.arange(1500) / 500.0
    f = weight_n + 3.0 * np.sin(2 * np.pi * t)
    np.savetxt(p, np.column_stack([t, f]), delimiter=sep, header=sep.join(names), comments=mark, fmt="%.6f")
    info, block, plan = read_foreign(p)
    assert [a.column.label for a in plan.assigned] == list(names)
    assert info.sample_rate_hz == 500.0
    assert np.allclose(block.total_force_n(info), f, atol=1e-5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start_s=st.integers(0, 86_399), rate=st.sampled_from([50, 100, 200, 500, 1000]),
       style=st.sampled_from(["clock", "date", "iso"]), name=st.sampled_from(["Time", "Timestamp", "Date/Time"]))
def test_wall_clock_times_are_seconds_from_the_first_row(tmp_path_factory, start_s, rate, style, name):
    """A serial or DAQ logger's time column ('10:00:00.001', '2024-03-01 10:00:00.001', ISO with
    'T'), even across midnight, reads as seconds from its first row at the logger's rate (it was
    refused: 'not numeric')."""
    import datetime as dt

    t0 = dt.datetime(2024, 3, 1) + dt.timedelta(seconds=start_s)
    n = 3 * rate
    stamps = [t0 + dt.timedelta(microseconds=round(i * 1e6 / rate)) for i in range(n)]
    fmt = {"clock": "%H:%M:%S.%f", "date": "%Y-%m-%d %H:%M:%S.%f", "iso": "%Y-%m-%dT%H:%M:%S.%f"}[style]
    f = 700.0 + 3.0 * np.sin(np.arange(n) / rate)
    p = tmp_path_factory.mktemp("clk") / "log.csv"
    p.write_text(f"{name},Force (N)\n" + "".join(f"{x.strftime(fmt)[:-3]},{y:.3f}\n" for x, y in zip(stamps, f, strict=True)))
    info, block, _ = read_foreign(p)
    assert info.sample_rate_hz == pytest.approx(rate, rel=1e-3)
    assert np.allclose(block.time_s - block.time_s[0], np.arange(n) / rate, atol=1.5e-3)
    assert np.allclose(block.total_force_n(info), f, atol=1e-3)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(deci=st.lists(st.integers(0, 30_000), min_size=40, max_size=200))
def test_one_decimal_comma_column_or_two_integer_columns_is_asked_not_guessed(tmp_path_factory, deci):
    """'654,3' rows without a header: one column with a decimal comma, or whole numbers and a
    digit column - the file does not say. The reader asks for --decimal (it read two integer
    columns: the force truncated), and reads either way once told."""
    deci = [5, 123, 4567, *deci]              # integer parts of 1, 2 and 4 digits
    p = tmp_path_factory.mktemp("d") / "Fz.txt"
    p.write_text("".join(f"{v / 10:.1f}".replace(".", ",") + "\n" for v in deci))
    with pytest.raises(BadInputError, match="--decimal"):
        read_foreign(p, options=ImportOptions(rate_hz=100.0, force_columns=("1",)))
    info, block, plan = read_foreign(p, options=ImportOptions(rate_hz=100.0, force_columns=("1",), decimal=","))
    assert np.allclose(block.total_force_n(info), np.array(deci) / 10.0)
    info, block, plan = read_foreign(p, options=ImportOptions(rate_hz=100.0, force_columns=("1",), decimal="."))
    assert np.allclose(block.total_force_n(info), np.array(deci) // 10)
