"""The role of a column, from its name and unit (docs/import.md, "Roles").

Only a measured vertical force is ever summed into the plate force; a total is never added to
its parts; signals a vendor computed from the force (velocity, displacement, power, impulse,
jump height, RSI, |Ft|) are never taken for measurements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sessions.formats.names import Header, tokens

TIME = "time"
FRAME = "frame"
FORCE = "vertical force"          # one part: a plate, a side, a cell, a beam
TOTAL = "vertical force total"    # the sum of the parts as the vendor computed it
SHEAR = "shear force"
MOMENT = "moment"
COP = "centre of pressure"
DERIVED = "derived"               # computed by the vendor from the force: never a measurement
POSITION = "bar position"         # measured (transducer/encoder)
VELOCITY = "bar velocity"         # measured
SPOTTER = "spotter plate"
TEXT = "text"
OTHER = "other"                   # numeric, known not to be a force (flags, markers, temperature, ...)
UNKNOWN = "unknown"               # numeric, no role: used only when named with --force-columns

MEASURED = (FORCE, TOTAL, POSITION, VELOCITY, SPOTTER)


@dataclass(frozen=True, slots=True)
class Role:
    kind: str
    detail: str = ""      # "left", "plate 2", "beam 1", "x", "velocity", ...

    def __str__(self) -> str:
        return f"{self.kind} ({self.detail})" if self.detail else self.kind


_DERIVED_WORDS = {
    "velocity", "vel", "speed", "displacement", "disp", "power", "acceleration", "accel", "acc",
    "impulse", "rsi", "jump", "height", "work", "energy", "com", "bw", "relative", "rel",
    "normalized", "normalised", "asym", "asymmetry", "rfd", "stiffness", "peak", "mean", "avg",
    "average", "duration", "depth", "mass", "weight", "bodyweight", "index", "ratio", "resultant",
    "magnitude", "jerk", "reps", "net",
}
_BAR_WORDS = {"bar", "barbell", "lpt", "encoder", "transducer", "position", "linear", "cable", "pos"}
_SIDE = {"left": "left", "l": "left", "right": "right", "r": "right", "front": "front", "back": "back",
         "rear": "back", "fl": "front left", "fr": "front right", "bl": "back left", "br": "back right"}
# a lab's own export in its language ('Kraft links (N)', 'Fuerza derecha (N)'): two such columns
# were unknown columns in N, refused asking for --force-columns
_SIDE.update({"links": "left", "rechts": "right", "gauche": "left", "droite": "right", "izquierda": "left",
              "izquierdo": "left", "derecha": "right", "derecho": "right", "sinistra": "left", "sinistro": "left",
              "destra": "right", "destro": "right", "esquerda": "left", "esquerdo": "left", "direita": "right",
              "direito": "right", "venstre": "left"})
_PART_WORDS = {"cell", "beam", "plate", "platform", "fp", "lc", "sensor", "gauge", "channel", "ch"}
_FORCE_WORDS = {"force", "f", "grf", "vgrf", "fz", "fv", "vertical", "normal", "newtons"}
_FORCE_WORDS |= {"kraft", "fuerza", "forza", "forca", "kracht"}    # de/no/sv/da, es, it, pt, nl
_TOTAL_WORDS = {"combined", "total", "sum"}
# a number after one of these names a trial (a lab sheet with one column per jump), never a plate:
# 'Fz Trial 1 (N)' + 'Fz Trial 2 (N)' were summed as two plates into twice the weight
_TRIAL_WORDS = {"trial", "trials", "attempt", "try", "take", "cmj", "sj", "dj", "rep", "repetition", "test"}
_TIME_NAMES = ({"time"}, {"abs", "time"}, {"t"}, {"timestamp"}, {"elapsed", "time"}, {"time", "s"},
               {"seconds"}, {"sec"}, {"rel", "time"}, {"relative", "time"},
               {"date", "time"}, {"datetime"},     # a logger's wall clock (read as seconds from its first row)
               {"x", "value"})   # X_Value: a LabVIEW .lvm's x-axis, its time
_FRAME_NAMES = ({"frame"}, {"frames"}, {"sample"}, {"samples"}, {"sample", "number"}, {"seq"},
                {"frame", "number"}, {"frame", "no"}, {"sample", "no"}, {"index"})
_OTHER_NAMES = {"flags", "flag", "marker", "markers", "event", "events", "trigger", "sync", "temperature",
                "temp", "battery", "status", "rep", "set", "phase", "note", "notes"}


def classify(h: Header, fmt: str = "") -> Role:
    """The role of one numeric column. `fmt` is the file's detected layout (a few layouts
    settle what a name alone cannot, e.g. an eccentric export's `velocity_m_s` is measured)."""
    low = h.name.lower().strip()
    toks = tokens(h.name)
    ts = set(toks)
    unit = h.unit
    if not low:
        return Role(UNKNOWN)
    if "|" in low:                                    # BioWare |Ft|: magnitude of the 3-D force
        return Role(DERIVED, "resultant")
    # OpenSim: ground_force[_N]_v{x,y,z} (y up), ground_force_p{x,y,z} (COP), ground_torque_{x,y,z}
    if "ground" in ts or "torque" in ts:
        m = re.search(r"_(v|p)([xyz])$", low)
        if "torque" in ts or "moment" in ts:
            return Role(MOMENT, _plate_of(toks))
        if m and m.group(1) == "v":
            return Role(FORCE, _plate_of(toks) or "plate") if m.group(2) == "y" else Role(SHEAR, m.group(2))
        if m:
            return Role(COP, m.group(2))
    if "spotter" in ts:
        return Role(SPOTTER)
    if unit in ("s",) or ts in _TIME_NAMES or (toks and toks[0] == "time" and unit in ("", "s")):
        # a time-axis name is a time even when a word of it is also a metric's ('Relative Time',
        # andrewlba/ACL_squat_jump's only time besides a copy, read as a vendor's metric)
        if ts not in _TIME_NAMES and ts & (_DERIVED_WORDS | {"contraction", "flight", "braking", "propulsive"}):
            return Role(DERIVED, "time metric")
        return Role(TIME)
    if unit in ("", "#") and (ts in _FRAME_NAMES or (toks and toks[0] in ("frame", "sample"))):
        return Role(FRAME)
    if ts & _OTHER_NAMES and not ts & (_FORCE_WORDS | _PART_WORDS):
        return Role(OTHER, low)
    measured_bar = bool(ts & _BAR_WORDS) and not ts & {"com"}
    eccentric_export = fmt.startswith("eccentric")
    if unit == "m/s" or ts & {"velocity", "vel", "speed"}:
        if measured_bar or eccentric_export:
            return Role(VELOCITY)
        return Role(DERIVED, "velocity")
    if unit in ("m",) or ts & {"displacement", "disp", "position", "pos", "depth"}:
        if ts & {"cop", "pressure", "ax", "ay", "balance", "px", "py", "pz"} or (ts & {"x", "y"} and not measured_bar):
            return Role(COP, _axis(toks))
        if measured_bar or eccentric_export:
            return Role(POSITION)
        return Role(DERIVED, "displacement")
    if ts & {"cop", "copx", "copy", "ax", "ay", "balance"} or {"pressure", "centre"} <= ts or {"pressure", "center"} <= ts:
        return Role(COP, _axis(toks))
    if unit == "N·m" or ts & {"mx", "my", "mz", "tz", "moment", "moments", "torque", "free"}:
        return Role(MOMENT, _axis(toks))
    if unit and unit != "N":
        return Role(DERIVED, low) if ts & _DERIVED_WORDS or unit in ("W", "W/kg", "N·s", "J", "m/s2", "%", "kg", "BW", "%BW", "N/kg") \
            else Role(OTHER, low)
    if ts & _DERIVED_WORDS:
        return Role(DERIVED, low)
    # forces: shear by axis, vertical by axis/word
    if ts & {"fx", "fy", "shear", "fx12", "fx34", "fy14", "fy23", "fap", "fml"} or re.fullmatch(r"f[xy]\d*", low):
        return Role(SHEAR, _axis(toks))
    if ts & _FORCE_WORDS and ts & {"x", "y"} and not ts & {"z", "vertical", "normal"}:
        return Role(SHEAR, _axis(toks))
    part = _part_of(toks)
    trial = next((toks[i + 1] for i, t in enumerate(toks[:-1]) if t in _TRIAL_WORDS and toks[i + 1].isdigit()), "")
    if trial:
        part = f"trial {trial}" if part in ("", trial) else f"{part} trial {trial}"
    if ts & _TOTAL_WORDS or (ts & {"normal"} and not part):
        return Role(TOTAL)
    if re.fullmatch(r"fz\d*", low.replace(" ", "").replace("_", "")) or ts & _FORCE_WORDS or part:
        return Role(FORCE, part)
    if unit == "N":
        return Role(UNKNOWN, "N")
    return Role(UNKNOWN)


def _axis(toks: list[str]) -> str:
    for t in reversed(toks):
        if t in ("x", "y", "z"):
            return t
        if len(t) == 2 and t[0] in "fmtap" and t[1] in "xyz":
            return t[1]
        if t.startswith("cop") and t[-1:] in ("x", "y"):
            return t[-1]
    return ""


def _plate_of(toks: list[str]) -> str:
    for i, t in enumerate(toks):
        if t.isdigit():
            return f"plate {t}"
        if t in ("l", "r", "left", "right") and i == 0:
            return _SIDE[t]
        if t in ("l", "r") and toks[i - 1] in ("force", "torque"):
            return _SIDE[t]
    return ""


def _part_of(toks: list[str]) -> str:
    """'left', 'beam 2', 'plate 1', 'cell 3' ('' when the column names no part)."""
    sides = [_SIDE[t] for t in toks if t in _SIDE and not (t in ("l", "r") and len(toks) > 2)]
    if sides:
        return " ".join(sides)
    for i, t in enumerate(toks):
        m = re.fullmatch(r"(fz|cell|lc)(\d+)", t)
        if m:
            return f"cell {m.group(2)}"
        if t in _PART_WORDS:
            num = toks[i + 1] if i + 1 < len(toks) and toks[i + 1].isdigit() else ""
            if not num and i > 0 and toks[i - 1].isdigit():
                num = toks[i - 1]
            word = {"platform": "plate", "fp": "plate", "lc": "cell", "sensor": "cell", "gauge": "cell",
                    "channel": "cell", "ch": "cell"}.get(t, t)
            return f"{word} {num}".strip()
    for t in toks:
        if t.isdigit():
            return t
    return ""


__all__ = ["COP", "DERIVED", "FORCE", "FRAME", "MEASURED", "MOMENT", "OTHER", "POSITION", "SHEAR", "SPOTTER",
           "TEXT", "TIME", "TOTAL", "UNKNOWN", "VELOCITY", "Role", "classify"]
