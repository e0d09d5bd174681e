"""docs/analysis.md's Thresholds tables against forceplate/analysis/*.py: every documented value
is the code's, every documented name is still defined in a module its table names, and every
module-level numeric constant of the analysis is documented - so the tables cannot drift."""
from __future__ import annotations

import ast
import importlib
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "analysis.md"
PKG = ROOT / "forceplate" / "analysis"

_TITLE = re.compile(r"^\*\*(?P<title>.+?)\*\*\s*\((?P<where>.*)\)\s*$")
_ROW = re.compile(r"^\|\s*`(?P<name>[A-Z][A-Z0-9_]*)`\s*\|(?P<value>[^|]*)\|")
_NUMBER = re.compile(r"^\s*(?P<num>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(?:\s*/\s*(?P<den>\d+(?:\.\d+)?))?")
_ALIAS = re.compile(r"^\(\s*`(?P<name>[A-Z][A-Z0-9_]*)`\s*\)$")


@dataclass(frozen=True)
class Row:
    table: str
    modules: tuple[str, ...]
    name: str
    value: str


def thresholds_rows(text: str) -> list[Row]:
    """The rows of the tables under '## Thresholds' (up to the next '## '), each with the
    modules (file names) its table's title names."""
    start = text.index("\n## Thresholds")
    end = text.find("\n## ", start + 1)
    rows: list[Row] = []
    title, modules = "", ()
    for line in text[start:end if end >= 0 else None].splitlines():
        m = _TITLE.match(line)
        if m:
            title = m["title"]
            modules = tuple(re.findall(r"`(?:forceplate/analysis/)?([a-z_0-9]+\.py)`", m["where"]))
            continue
        m = _ROW.match(line)
        if m:
            rows.append(Row(title, modules, m["name"], m["value"].strip()))
    return rows


def code_constants() -> dict[tuple[str, str], float]:
    """(module file, NAME) -> value of every module-level UPPER_CASE int/float the module itself
    assigns (imported names are the other module's)."""
    out: dict[tuple[str, str], float] = {}
    for path in sorted(PKG.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names: list[str] = []
        for node in tree.body:
            if isinstance(node, ast.Assign):
                names += [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and node.value is not None and isinstance(node.target, ast.Name):
                names.append(node.target.id)
        names = [n for n in names if re.fullmatch(r"[A-Z][A-Z0-9_]*", n)]
        if not names:
            continue
        module = importlib.import_module(f"forceplate.analysis.{path.stem}")
        for n in names:
            v = getattr(module, n)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                out[(path.name, n)] = float(v)
    return out


def value_problem(cell: str, code: float, consts: dict[str, float]) -> str | None:
    """None if the table's value cell states `code`, else what is wrong. The cell starts with
    the number (units or words may follow); a number followed by how it is derived, in
    parentheses, may be rounded to the digits shown; a parenthesised `NAME` alone must be that
    constant's value too."""
    m = _NUMBER.match(cell)
    if not m:
        return f"no number at the start of {cell!r}"
    num = m["num"]
    rest = cell[m.end():].strip()
    if m["den"] is not None:
        doc, places = float(num) / float(m["den"]), None
    else:
        doc = float(num)
        places = len(num.split(".")[1]) if "." in num and "e" not in num.lower() else 0
    alias = _ALIAS.match(rest)
    if alias and alias["name"] in consts and not math.isclose(consts[alias["name"]], code, rel_tol=1e-12):
        return f"{cell!r}: {alias['name']} is {consts[alias['name']]!r}, not {code!r}"
    if math.isclose(doc, code, rel_tol=1e-12, abs_tol=1e-12):
        return None
    derived = rest.startswith("(") and alias is None
    if derived and places is not None and abs(doc - code) < 0.5 * 10.0 ** -places:
        return None
    return f"documented {cell!r}, code {code!r}"


ROWS = thresholds_rows(DOC.read_text(encoding="utf-8"))
CONSTS = code_constants()


def test_the_tables_are_found():
    assert len(ROWS) > 150
    assert all(r.modules for r in ROWS), [r.table for r in ROWS if not r.modules]


def test_documented_values_are_the_codes():
    by_name = {n: v for (_, n), v in CONSTS.items()}
    problems = []
    for r in ROWS:
        where = [m for m in r.modules if (m, r.name) in CONSTS]
        if not where:
            problems.append(f"{r.table}: {r.name} is defined in none of {', '.join(r.modules)}")
            continue
        for m in where:
            p = value_problem(r.value, CONSTS[(m, r.name)], by_name)
            if p:
                problems.append(f"{r.table}: {m} {r.name}: {p}")
    assert not problems, "\n".join(problems)


def test_every_constant_is_documented():
    documented = {(m, r.name) for r in ROWS for m in r.modules}
    missing = sorted(f"{m} {n} = {v!r}" for (m, n), v in CONSTS.items() if (m, n) not in documented)
    assert not missing, ("add a row (value, unit, physical reason) to docs/analysis.md's Thresholds, "
                         "in a table naming the module:\n" + "\n".join(missing))


@pytest.mark.parametrize("cell, code, ok", [
    ("0.2", 0.2, True),
    ("1.0 s", 1.0, True),                    # a unit after the number
    ("0.010", 0.01, True),
    ("1/3", 1.0 / 3.0, True),
    ("0.2 (`QUIET_MIN_S`)", 0.2, True),
    ("0.25 (`QUIET_MIN_S`)", 0.25, False),   # the alias is 0.2
    ("1.954 (sqrt(6)·sqrt(2/π))", math.sqrt(6.0) * math.sqrt(2.0 / math.pi), True),
    ("1.954", math.sqrt(6.0) * math.sqrt(2.0 / math.pi), False),   # rounded, and not said how
    ("1.95 (sqrt(6)·sqrt(2/π))", math.sqrt(6.0) * math.sqrt(2.0 / math.pi), True),
    ("1.96 (sqrt(6)·sqrt(2/π))", math.sqrt(6.0) * math.sqrt(2.0 / math.pi), False),
    ("0.3", 0.35, False),
    ("0.75 * BAND_MIN_N", 6.0, False),       # a formula alone states no value
    ("s, 0.5", 0.5, False),
])
def test_value_check(cell, code, ok):
    assert (value_problem(cell, code, {"QUIET_MIN_S": 0.2}) is None) == ok


def test_rows_are_read_by_module():
    text = ("intro\n## Thresholds\n\n**a** (`forceplate/analysis/x.py`, `y.py`)\n\n| name | value | why |\n"
            "| --- | --- | --- |\n| `A_S` | 1.0 s | s, why |\n| (`f`) | `B` | prose |\n\n"
            "**b** (`z.py`)\n\n| `A_S` | 2 | other |\n\n## Next\n| `C` | 3 | not a threshold row |\n")
    assert thresholds_rows(text) == [Row("a", ("x.py", "y.py"), "A_S", "1.0 s"), Row("b", ("z.py",), "A_S", "2")]
