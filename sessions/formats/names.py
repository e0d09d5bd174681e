"""Column headers as vendors write them -> (group, name, unit).

Layouts seen in exports (../shared/plate-protocols.md §3):
  Vernier GA / Logger Pro   `Data Set 1:Force(N)`, `Latest: Time (s)`, `Run 2: Force (N)`
  PASCO Capstone            `Force (N) Run #1`, `Time (s) Run #2`
  Hawkin (Python / R)       `LeftForce(N)`, `Time(s)` / `force_left`, `velocity_m_s`
  Kistler BioWare           `abs time (s)`, `Fz` (+ a units row)
  ForceDecks metrics        `Peak Power [W]`
  eccentric                 `time_s`, `cell_1_n`, `bar_position_m`
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from forceplate.units import LBF_N, G

# unit as written (lower case, spaces removed) -> (canonical unit, factor to SI)
UNITS: dict[str, tuple[str, float]] = {
    "n": ("N", 1.0), "newton": ("N", 1.0), "newtons": ("N", 1.0), "kn": ("N", 1000.0),
    "kilonewton": ("N", 1000.0), "kilonewtons": ("N", 1000.0), "dan": ("N", 10.0),
    # pounds-force: Logger Pro and US-set plates write `Force (lb)`; a force is never a mass, so
    # `lb`/`lbs` in a force header is lbf (read as N it made a 73-kg lifter weigh 16 kg)
    "lbf": ("N", LBF_N), "lb": ("N", LBF_N), "lbs": ("N", LBF_N),
    "pound": ("N", LBF_N), "pounds": ("N", LBF_N), "lb-f": ("N", LBF_N),
    "kgf": ("N", G), "kp": ("N", G),   # kilopond = kgf (older German software)
    "kg-f": ("N", G),
    "kilopond": ("N", G), "kiloponds": ("N", G), "pound-force": ("N", LBF_N),
    "pounds-force": ("N", LBF_N),
    # a force normalised to body weight is no force in N (read as N, 1.0 BW made a plate read 1 N):
    # never used as the plate's force, as a vendor's relative metric is not
    "bw": ("BW", 1.0), "xbw": ("BW", 1.0), "×bw": ("BW", 1.0), "%bw": ("%BW", 1.0), "bodyweight": ("BW", 1.0),
    "bodyweights": ("BW", 1.0), "n/kg": ("N/kg", 1.0), "n·kg-1": ("N/kg", 1.0), "n_kg": ("N/kg", 1.0),
    "pct_bw": ("%BW", 1.0), "pctbw": ("%BW", 1.0), "w_kg": ("W/kg", 1.0),
    "s": ("s", 1.0), "sec": ("s", 1.0), "secs": ("s", 1.0), "seconds": ("s", 1.0), "ms": ("s", 0.001),
    "m": ("m", 1.0), "mm": ("m", 0.001), "cm": ("m", 0.01),
    "m/s": ("m/s", 1.0), "m_s": ("m/s", 1.0), "ms-1": ("m/s", 1.0), "m·s-1": ("m/s", 1.0), "m/sec": ("m/s", 1.0),
    "m/s2": ("m/s2", 1.0), "m/s^2": ("m/s2", 1.0), "m/s²": ("m/s2", 1.0), "m_s2": ("m/s2", 1.0),
    "w": ("W", 1.0), "watt": ("W", 1.0), "watts": ("W", 1.0), "w/kg": ("W/kg", 1.0),
    "nm": ("N·m", 1.0), "n·m": ("N·m", 1.0), "n.m": ("N·m", 1.0), "n-m": ("N·m", 1.0), "n_m": ("N·m", 1.0),
    "nmm": ("N·m", 0.001), "n·mm": ("N·m", 0.001),
    # US six-axis sensors and plates (ATI, AMTI in English units): moments in pound-force inch/foot
    "lbf-in": ("N·m", LBF_N * 0.0254), "lbf·in": ("N·m", LBF_N * 0.0254),
    "lb-in": ("N·m", LBF_N * 0.0254), "in-lb": ("N·m", LBF_N * 0.0254),
    "in-lbf": ("N·m", LBF_N * 0.0254), "lbf-ft": ("N·m", LBF_N * 0.3048),
    "lb-ft": ("N·m", LBF_N * 0.3048), "ft-lb": ("N·m", LBF_N * 0.3048),
    "ft-lbf": ("N·m", LBF_N * 0.3048),
    "ns": ("N·s", 1.0), "n·s": ("N·s", 1.0), "n.s": ("N·s", 1.0), "n_s": ("N·s", 1.0),
    "kg": ("kg", 1.0), "%": ("%", 1.0), "pct": ("%", 1.0), "hz": ("Hz", 1.0), "j": ("J", 1.0),
    "deg": ("deg", 1.0), "#": ("#", 1.0), "v": ("V", 1.0), "mv": ("V", 0.001), "g": ("g", 1.0),
}

# `time_s`, `fz_n`, `velocity_m_s`: unit suffixes of snake-case names (longest first)
_SNAKE = ("pounds-force", "pound-force", "kilonewtons", "kilonewton", "kiloponds", "kilopond", "newtons", "newton",
          "pounds", "pound", "pct_bw", "kg-f", "lb-f", "m_s2", "n_kg", "w_kg", "m_s", "n_m", "n_s", "kgf", "xbw",
          "bw",
          "dan", "lbf", "lbs", "ms", "mm", "cm", "kn", "kp", "lb", "kg", "hz", "n", "s", "m", "w")
_SNAKE_RE = re.compile(r"^(?P<name>.*?[a-z0-9])_(?P<unit>" + "|".join(_SNAKE) + r")$")
# `Force BW`, `Fz %BW`: a unit relative to body weight after a space is never part of a name
_RELATIVE_RE = re.compile(r"^(?P<name>.*?[a-z0-9])[\s_]+(?P<unit>%\s*bw|xbw|×bw|bw|n/kg)$")

# PASCO: Capstone writes `Force (N) Run #1`, SPARKvue `Normal Force (N) Run 1` (no '#': read as a
# plate numbered 1 and 2, two runs were summed into one force of twice the weight)
_PASCO_RUN = re.compile(r"^(?P<rest>.*?)\s*\bRun\s*#?\s*(?P<n>\d+)\s*$", re.I)
_GROUP = re.compile(r"^(?P<group>(?:Data\s*Set|Run)\s*\d+|Latest)\s*:\s*(?P<rest>.+)$", re.I)
_BRACKET = re.compile(r"\s*[\(\[]([^()\[\]]{1,12})[\)\]]")


@dataclass(frozen=True, slots=True)
class Header:
    raw: str          # as written
    group: str        # run / data set label ('' when none), e.g. "Run #1", "Data Set 2", "Latest"
    name: str         # without group and unit, e.g. "LeftForce", "abs time"
    unit: str         # canonical unit ('' when none/unknown), e.g. "N", "s", "m/s"
    factor: float     # to SI (ms -> s: 0.001)
    unit_raw: str     # the unit as written


def norm_unit(text: str) -> tuple[str, float]:
    key = re.sub(r"\s+", "", text.strip().lower())
    if key in UNITS:
        return UNITS[key]
    return "", 1.0


def parse_header(raw: str, unit_row: str = "") -> Header:
    s = raw.strip().strip('"').strip()
    group = ""
    m = _PASCO_RUN.match(s)
    if m:
        group, s = f"Run #{m['n']}", m["rest"]
    else:
        g = _GROUP.match(s)
        if g:
            group, s = " ".join(g["group"].split()).title(), g["rest"].strip()
    unit_raw = ""
    groups = list(_BRACKET.finditer(s))
    known = [g for g in groups if norm_unit(g.group(1))[0]] or groups[-1:]
    if known and s[: known[-1].start()].strip():
        g = known[-1]                       # "Jump Height (Imp-Mom) [cm]": the bracket that holds a unit
        unit_raw, s = g.group(1), f"{s[: g.start()].strip()} {s[g.end():].strip()}".strip()
    else:
        low = s.lower()
        sn = _SNAKE_RE.match(low) or _RELATIVE_RE.match(low)
        if sn and norm_unit(sn["unit"])[0]:
            unit_raw = sn["unit"]
            s = s[: len(sn["name"])]
    if unit_row.strip():
        unit_raw = unit_row.strip().strip("()[]")
    unit, factor = norm_unit(unit_raw) if unit_raw else ("", 1.0)
    return Header(raw=raw.strip(), group=group, name=s.strip(), unit=unit, factor=factor, unit_raw=unit_raw)


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SPLIT = re.compile(r"[^a-z0-9|]+")


def tokens(name: str) -> list[str]:
    """`LeftForce` -> [left, force]; `ground_force1_vy` -> [ground, force, 1, vy]; `Beam 2` -> [beam, 2]."""
    s = _CAMEL.sub(" ", name).lower()
    out: list[str] = []
    for t in _SPLIT.split(s):
        if not t:
            continue
        m = re.fullmatch(r"([a-z|]+?)(\d+)", t)
        if m and m.group(1) not in ("fz", "fx", "fy", "mx", "my", "mz", "cell", "lc"):
            out += [m.group(1), m.group(2)]
        else:
            out.append(t)
    return out


def looks_like_unit(cell: str) -> bool:
    """A cell of a units row: empty, or a unit we know (`N`, `(s)`, `[m/s]`)."""
    c = cell.strip().strip('"').strip().strip("()[]")
    return c == "" or bool(norm_unit(c)[0])


__all__ = ["UNITS", "Header", "looks_like_unit", "norm_unit", "parse_header", "tokens"]
