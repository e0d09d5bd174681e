"""Which columns make the vertical force: the parts of a plate or its total (checked against
each other), the columns --force-columns names, and the names that say what each column is
(split from plan.py by job: plan.py decides time and channels, this module the force)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from forceplate.errors import BadInputError
from forceplate.units import G
from sessions.formats import roles as R
from sessions.formats.table import Column

PARTS_ABS_TOL_N = 2.0        # parts rounded to whole newtons (Hawkin) differ from their total by ~1 N
PARTS_REL_TOL = 0.01         # ... and by under 1 % of the load when they are the total's parts
LIST_MAX = 8
# relative to body weight (1.0 BW, 100 %BW, 9.8 N/kg): no newtons without the athlete's mass
NORMALISED_UNITS = ("BW", "%BW", "N/kg")


@dataclass(slots=True)
class Assigned:
    column: Column
    role: R.Role
    use: str = ""            # "" = used; else why not ("derived: never a measurement", ...)


def names_of(cols: list[Column]) -> str:
    labels = [f"'{c.label}'" for c in cols]
    more = f" and {len(labels) - LIST_MAX} more" if len(labels) > LIST_MAX else ""
    return ", ".join(labels[:LIST_MAX]) + more


def chan_name(c: Column) -> str:
    name = c.header.raw or f"column {c.index}"
    return f"{name} {c.plate}" if c.plate else name


def newtons(c: Column) -> np.ndarray:
    """A force column's values in N. A plate's reading in kg (a balance board, a scale-style
    export, chosen with --force-columns) is kgf: its 72 read as 72 N made a 72-kg athlete 7 kg."""
    return c.data * G if c.header.unit == "kg" else c.data


def choose_forces(items: list[Assigned], forced: list[Column], n: int) -> str:
    if forced:
        rel = [c for c in forced if c.header.unit in NORMALISED_UNITS]
        if rel:
            raise BadInputError(f"column '{rel[0].label}' is relative to body weight ({rel[0].header.unit_raw}), "
                                f"not a force in newtons: export the force in N (or kN, lbf, kgf)")
        for a in items:
            if a.role.kind in (R.FORCE, R.TOTAL, R.UNKNOWN) and a.column not in forced:
                a.use = "not used: --force-columns"
        kgf = f" (kg read as kgf: x {G} N)" if any(c.header.unit == "kg" for c in forced) else ""
        return f"vertical force = {' + '.join(repr(c.label) for c in forced)} (--force-columns){kgf}"
    live = [a for a in items if not a.use]
    parts = _plate_totals([a for a in live if a.role.kind == R.FORCE], n)
    totals = [a for a in live if a.role.kind == R.TOTAL]
    unknown = [a for a in live if a.role.kind == R.UNKNOWN]
    for a in unknown:
        a.use = "not used: role unknown (name it with --force-columns)"
    unknown_n = [a for a in unknown if a.role.detail == "N"]
    if unknown_n and (parts or totals):
        raise BadInputError(f"cannot tell whether {names_of([a.column for a in unknown_n])} "
                            f"{'is a' if len(unknown_n) == 1 else 'are'} vertical force: choose the force columns with "
                            f"--force-columns (e.g. --force-columns {unknown_n[0].column.index})")
    if not parts and not totals:
        if len(unknown_n) == 1:
            unknown_n[0].use = ""
            return f"vertical force = '{unknown_n[0].column.label}' (the only column in newtons)"
        rel = [a.column for a in items if a.column.header.unit in NORMALISED_UNITS]
        if rel and not unknown_n:   # --force-columns would refuse it: say why instead
            raise BadInputError(f"no force column (a vertical force in N): {names_of(rel)} "
                                f"{'is' if len(rel) == 1 else 'are'} relative to body weight "
                                f"({rel[0].header.unit_raw}), not a force in newtons: export the force in N "
                                f"(or kN, lbf, kgf)")
        pick = unknown_n or unknown or items
        kg = [a.column.index for a in items if a.column.header.unit == "kg"]
        hint = (f" (columns in kg, e.g. {kg[0]}, are read as kgf when chosen: a plate's reading in kg)"
                if kg else "")
        raise BadInputError(f"no force column (a vertical force in N) among {names_of([a.column for a in pick])}: "
                            f"choose the force columns with --force-columns{hint}")
    trial_of = {id(a): m[1] for a in parts if (m := re.search(r"\btrial (\d+)", a.role.detail))}
    if len(set(trial_of.values())) > 1:
        first = ",".join(str(a.column.index) for a in parts if trial_of.get(id(a)) == trial_of[id(parts[0])])
        raise BadInputError(f"{names_of([a.column for a in parts])} hold {len(set(trial_of.values()))} numbered "
                            f"trials, not plates or sides (never summed): choose one trial's force columns with "
                            f"--force-columns (e.g. --force-columns {first})")
    if len(totals) > 1:
        raise BadInputError(f"{len(totals)} total force columns ({names_of([a.column for a in totals])}): choose with "
                            f"--force-columns")
    if not totals:
        return "vertical force = " + " + ".join(repr(chan_name(a.column)) for a in parts)
    total = totals[0]
    if not parts:
        return f"vertical force = '{total.column.label}'"
    ok, diff = _adds_up(parts, total, n)
    if ok.any() and _within(diff, total, n):
        total.use = "checked: the parts add up to it"
        return (f"vertical force = {' + '.join(repr(chan_name(a.column)) for a in parts)} "
                f"(their sum matches '{total.column.label}' within {float(np.percentile(diff, 99)):.1f} N)")
    for a in parts:
        a.use = "not used: the parts do not add up to the total"
    return (f"vertical force = '{total.column.label}' ({' + '.join(a.column.label for a in parts)} differ from it by "
            f"{float(np.median(diff)) if ok.any() else float('nan'):.0f} N: not all parts are in the file)")


def _adds_up(parts: list[Assigned], total: Assigned, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(rows where both are finite, |sum of parts - total| on them)."""
    t = total.column.data[:n]
    s = np.array(parts[0].column.data[:n], dtype=np.float64)   # in place: a 9-M-row file's copies add up
    for a in parts[1:]:
        s += a.column.data[:n]
    s -= t                       # NaN or inf where either is not finite
    np.abs(s, out=s)
    ok = np.isfinite(s)
    return ok, s if ok.all() else s[ok]


def _within(diff: np.ndarray, total: Assigned, n: int) -> bool:
    """The parts match the total: median difference under max(2 N, 1 % of the load), 99th
    percentile under three times that (Hawkin rounds each side to whole newtons)."""
    if diff.size == 0:
        return False
    t = total.column.data[:n]
    load = t[np.isfinite(t)]
    np.abs(load, out=load)
    scale = float(np.percentile(load, 95, overwrite_input=True))
    del load
    tol = max(PARTS_ABS_TOL_N, PARTS_REL_TOL * scale)
    # diff is reordered in place (the same values, read again for the note)
    return (float(np.median(diff, overwrite_input=True)) <= tol
            and float(np.percentile(diff, 99, overwrite_input=True)) <= 3 * tol)


def _plate_totals(parts: list[Assigned], n: int) -> list[Assigned]:
    """Parts without the columns that are the sum of the others of their plate: a plate's `2:FZ`
    next to its belts' `2:FZR`, `2:FZL` (Bertec-style names) was summed with them - that plate
    counted twice."""
    groups: dict[str, list[Assigned]] = {}
    for a in parts:
        groups.setdefault(a.role.detail, []).append(a)
    for group in groups.values():
        if len(group) < 3:
            continue
        for a in group:
            rest = [b for b in group if b is not a]
            ok, diff = _adds_up(rest, a, n)
            if ok.any() and _within(diff, a, n):
                a.use = f"checked: the total of {names_of([b.column for b in rest])}"
                break
    return [a for a in parts if not a.use]


__all__ = ["LIST_MAX", "NORMALISED_UNITS", "Assigned", "chan_name", "choose_forces", "names_of", "newtons"]
