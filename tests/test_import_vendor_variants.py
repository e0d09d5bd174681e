"""Every vendor layout docs/import.md lists, saved again the ways a coach's computer saves it -
a UTF-8 BOM, CRLF, trailing separators (an empty last column), a last line cut mid-row, ';'
with a decimal comma for a comma file, tabs - reads back the very same force as the file as
exported (hypothesis draws the layout and the changes together), and the ways a file can hold
nothing usable each end in one line and exit code 3."""

from __future__ import annotations

import re
from pathlib import Path

import import_synth as S
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eccentric.cli import main
from forceplate.errors import ExitCode
from sessions.formats import ImportOptions, plan_file

TR = S.jump_trace(seed=11, quiet_s=1.1)
WRITERS = {"hawkin_py": S.write_hawkin_py, "hawkin_r": S.write_hawkin_r, "vernier_ga": S.write_vernier_ga,
           "bioware": S.write_kistler_bioware, "opensim": S.write_opensim, "vernier_f2": S.write_vernier_format2,
           "lvm": S.write_labview_lvm, "bertec": S.write_bertec_style, "kistler8": S.write_frames_kistler8,
           "units_row": S.write_text_units_row, "pasco": S.write_pasco, "logger_pro": S.write_logger_pro}
RUN = {"pasco": "2", "logger_pro": "Latest"}   # files with several runs: the run to read
_ROW = re.compile(r"^\s*-?\d")


def _force(path: Path, writer: str) -> np.ndarray:
    plan = plan_file(path, ImportOptions(run=RUN.get(writer)))
    return np.sum([v for _n, kind, _u, v in plan.channels if kind == "force"], axis=0)


def _sep(lines: list[str]) -> str:
    row = next(ln for ln in lines if _ROW.match(ln))
    return next(s for s in ("\t", ";", ",", " ") if s in row)


def _vary(text: str, bom: bool, crlf: bool, trailing: bool, cut: bool, semicolon_comma: bool, tabs: bool) -> str:
    lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    sep = _sep(lines)
    if sep == "," and semicolon_comma:
        lines = [re.sub(r"(\d)\.(\d)", r"\1,\2", ln.replace(",", ";")) for ln in lines]
        sep = ";"
    elif sep == "," and tabs:
        lines = [ln.replace(",", "\t") for ln in lines]
        sep = "\t"
    if trailing and sep != " ":
        lines = [ln + sep if _ROW.match(ln) or ln == lines[[i for i, x in enumerate(lines) if _ROW.match(x)][0] - 1]
                 else ln for ln in lines]
    out = ("\r\n" if crlf else "\n").join(lines) + ("\r\n" if crlf else "\n")
    if cut:
        out = out.rstrip("\r\n")[:-2]            # a copy that stopped inside the last row
    return ("\ufeff" if bom else "") + out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(writer=st.sampled_from(sorted(WRITERS)), bom=st.booleans(), crlf=st.booleans(), trailing=st.booleans(),
       cut=st.booleans(), semicolon_comma=st.booleans(), tabs=st.booleans())
def test_a_vendor_file_saved_again_reads_the_same_force(tmp_path_factory, writer, bom, crlf, trailing, cut,
                                                        semicolon_comma, tabs):
    folder = tmp_path_factory.mktemp("v")
    clean = WRITERS[writer](folder / f"{writer}.csv", TR)
    want = _force(clean, writer)
    raw = clean.read_bytes()
    text = raw.decode("utf-8") if raw.isascii() or not raw.startswith(b"\xff") else raw.decode("utf-16")
    varied = folder / f"varied{clean.suffix}"
    varied.write_text(_vary(text, bom, crlf, trailing, cut, semicolon_comma, tabs), encoding="utf-8", newline="")
    got = _force(varied, writer)
    n = got.size
    assert n in (want.size, want.size - 1)       # a row cut mid-way is left out
    # a cut inside the last number ('534.098' -> '534.0') reads as a whole line: that one sample
    # may differ (docs/import.md); every other is exact
    keep = n - 1 if cut else n
    assert np.allclose(got[:keep], want[:keep], rtol=0, atol=1e-6)


@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize("what", ["empty", "blank lines", "header only", "one row"])
def test_a_file_holding_nothing_usable_is_one_line(tmp_path, capsys, writer, what):
    clean = WRITERS[writer](tmp_path / f"{writer}.csv", TR)
    lines = clean.read_text().replace("\r\n", "\n").split("\n")
    first = next(i for i, ln in enumerate(lines) if _ROW.match(ln) and i > 0 and not _ROW.match(lines[i - 1]))
    text = {"empty": "", "blank lines": "\n\n \r\n", "header only": "\n".join(lines[:first]) + "\n",
            "one row": "\n".join(lines[:first + 1]) + "\n"}[what]
    path = tmp_path / f"x{clean.suffix}"
    path.write_text(text)
    args = ["inspect", str(path)] + (["--run", RUN[writer]] if writer in RUN and what == "one row" else [])
    assert main(args) == ExitCode.BAD_INPUT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("eccentric: error: ") and "Traceback" not in err

