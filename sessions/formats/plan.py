"""Table -> which column is time, which are summed into the vertical force, which are kept as
bar signals, and why every other column is not used. Anything uncertain is a one-line error
that names the columns and the option that settles it."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from forceplate.errors import BadInputError
from sessions.formats import roles as R
from sessions.formats.few_rows import (
    refuse_metric_table,
    refuse_no_rows,
    refuse_one_row,
    refuse_rep_table,
)
from sessions.formats.forces import LIST_MAX, Assigned, chan_name, choose_forces, names_of, newtons
from sessions.formats.table import Column, ImportOptions, Table

MAX_FORCE_N = 100_000.0      # no plate reads 100 kN (10 t); 1e308 is a broken export, not a force
SIGN_MIN_N = 20.0            # a compression this far below zero means the vendor's z points down


@dataclass(slots=True)
class Plan:
    table: Table
    assigned: list[Assigned]
    time_s: np.ndarray
    rate_source: str
    channels: list[tuple[str, str, str, np.ndarray]]   # (name, kind, unit, values) of the SampleBlock
    force_note: str
    sign_flipped: bool = False
    notes: list[str] = field(default_factory=list)


def _find(ref: str, cols: list[Column], option: str) -> Column:
    r = ref.strip()
    if r.isdigit():
        hit = [c for c in cols if c.index == int(r)]
    else:
        low = r.lower()
        hit = [c for c in cols if c.header.raw.lower() == low] or [c for c in cols if c.header.name.lower() == low]
    if len(hit) == 1:
        return hit[0]
    if not hit:
        raise BadInputError(f"{option} '{ref}' matches no column (columns: {names_of(cols)}; a number counts from 1)")
    raise BadInputError(f"{option} '{ref}' matches {len(hit)} columns ({names_of(hit)}): give the column number instead")


def _plates(cols: list[Column]) -> None:
    """A block of names repeated per plate (BioWare: Fx Fy Fz |Ft| Fx Fy Fz |Ft|) -> plate 1, 2, ..."""
    body = [c for c in cols if c.values is not None and R.classify(c.header).kind not in (R.TIME, R.FRAME)]
    names = [c.header.raw.lower() for c in body]
    n = len(names)
    for m in range(2, n + 1):
        if n % m:
            continue
        b = n // m
        blocks = [names[i * b:(i + 1) * b] for i in range(m)]
        if b >= 2 and len(set(blocks[0])) == b and all(blk == blocks[0] for blk in blocks):
            for i, c in enumerate(body):
                c.plate = f"plate {i // b + 1}"
            return


def _select_run(cols: list[Column], opts: ImportOptions) -> list[Column]:
    groups = list(dict.fromkeys(c.header.group for c in cols if c.header.group))
    if opts.run is None:
        if len(groups) > 1:
            raise BadInputError(f"holds {len(groups)} runs ({', '.join(groups[:LIST_MAX])}): choose one with --run "
                                f"(e.g. --run {groups[0].split()[-1].lstrip('#') if groups[0][-1].isdigit() else groups[0]})")
        return cols
    want = opts.run.strip().lower().lstrip("#")
    if want == "all":
        raise BadInputError(f"--run all imports every run as its own session (`eccentric import`); choose one run "
                            f"here (runs: {', '.join(groups) or 'none'})")
    hit = [g for g in groups if g.lower() == want or (want.isdigit() and g.split()[-1].lstrip("#") == want)]
    if not hit:
        raise BadInputError(f"--run '{opts.run}' is not in the file (runs: {', '.join(groups) or 'none'})")
    return [c for c in cols if c.header.group in ("", hit[0])]


def runs_of(table: Table) -> list[str]:
    """The run / data-set labels of a table, in file order ([] when it has none)."""
    return list(dict.fromkeys(c.header.group for c in table.columns if c.header.group and c.values is not None))


def too_short(samples: int, rows: int) -> str:
    """The one-line cause when fewer than two samples are left (a rate needs two)."""
    of = f" with a time, of {rows} rows" if rows > samples else ""
    return f"too short: {samples} sample{'' if samples == 1 else 's'}{of} (a recording needs two or more)"


def make_plan(table: Table, opts: ImportOptions) -> Plan:
    refuse_no_rows(table, opts)
    refuse_rep_table(table)
    cols = _select_run(table.columns, opts)
    chosen = {id(c) for c in cols}     # by identity: `in` on the list compared dataclasses, n² on a wide file
    other_runs = [Assigned(c, R.Role(R.TEXT) if c.values is None else R.classify(c.header, table.format),
                           f"not used: {c.header.group} (another run, see --run)") for c in table.columns
                  if id(c) not in chosen]
    _plates(cols)
    numeric = [c for c in cols if c.values is not None]
    has_time = opts.rate_hz is not None or any(R.classify(c.header).kind in (R.TIME, R.FRAME) for c in numeric)
    refuse_one_row(table, cols, opts, names_of(cols))
    refuse_metric_table(table, cols, opts, names_of(cols))
    for c in cols:   # a force (or the only time) column that holds words: say where
        kind = R.classify(c.header, table.format).kind if c.values is None else ""
        if kind in (R.FORCE, R.TOTAL, R.SPOTTER) or (kind in (R.TIME, R.FRAME) and not has_time):
            row, text = c.bad or (0, "")
            raise _not_numeric(c, row, text)
    assigned = {id(c): Assigned(c, R.Role(R.TEXT) if c.values is None else R.classify(c.header, table.format),
                                "text" if c.values is None else "") for c in cols}
    for c in numeric:
        a = assigned[id(c)]
        if c.plate and a.role.kind in (R.FORCE, R.SHEAR, R.MOMENT, R.COP, R.DERIVED, R.TOTAL):
            a.role = R.Role(a.role.kind, " ".join(x for x in (c.plate, a.role.detail) if x and x != "plate"))
    for c in numeric:
        if c.index == table.date_column:   # a unix timestamp on every row: when, not a measurement
            assigned[id(c)].role = R.Role(R.OTHER, "recording date")
            assigned[id(c)].use = "not used: the recording's date"
    forced = [_find(f, numeric, "--force-columns") for f in opts.force_columns]
    time_col = _find(opts.time_column, numeric, "--time-column") if opts.time_column else None
    if time_col is not None:
        assigned[id(time_col)].role = R.Role(R.TIME)
    for c in forced:
        assigned[id(c)].role = R.Role(R.FORCE, "--force-columns")
    for c in numeric[:1]:
        if not c.header.raw and c not in forced and c is not time_col and _row_index(c):
            # pandas' to_csv writes its index first, unnamed: 0, 1, 2, ... - a row number, no
            # measurement (it refused every DataFrame saved with the default index=True)
            assigned[id(c)].role = R.Role(R.OTHER, "row index")
            assigned[id(c)].use = "not used: a row index (pandas' to_csv)"
    if table.has_header and not forced:
        unnamed = [c for c in numeric if not c.header.raw and not assigned[id(c)].use and c is not time_col]
        if unnamed:
            raise BadInputError(f"column {unnamed[0].index} has numbers but no name: name it in the header, or "
                                f"choose the force columns by number with --force-columns")
    _flag_duplicates([assigned[id(c)] for c in numeric], forced, time_col)
    time_s, source, n_keep = _time(table, [assigned[id(c)] for c in numeric], opts, time_col)
    force_note = choose_forces([assigned[id(c)] for c in numeric], forced, n_keep)
    used_force = [a for a in assigned.values() if a.role.kind in (R.FORCE, R.TOTAL, R.UNKNOWN) and not a.use]
    if not used_force:
        raise BadInputError("no force column left to use (the time column cannot be a force): choose the force "
                            "columns with --force-columns")
    if n_keep < 2:   # after the force columns: a table without one is told that first
        raise BadInputError(too_short(n_keep, table.n_rows))
    for a in used_force:
        _check_values(a.column, n_keep, force=True)
    total = np.array(newtons(used_force[0].column)[:n_keep], dtype=np.float64)   # summed in place
    for a in used_force[1:]:
        total += newtons(a.column)[:n_keep]
    lo, hi = np.percentile(total, [0.5, 99.5], overwrite_input=True)
    flip = bool(-lo > hi and -lo > SIGN_MIN_N)
    del total
    # the columns' own arrays where no sign flips (a copy of each held the force twice)
    channels = [(chan_name(a.column), "force", "N", -newtons(a.column)[:n_keep] if flip else newtons(a.column)[:n_keep])
                for a in used_force]
    kinds = {R.POSITION: ("position", "m"), R.VELOCITY: ("velocity", "m/s"), R.SPOTTER: ("spotter_force", "N")}
    taken: set[str] = set()
    for a in assigned.values():
        if a.role.kind in kinds and not a.use:
            if a.role.kind in taken and a.role.kind != R.SPOTTER:
                a.use = f"not used: a second {a.role.kind} column"
                continue
            _check_values(a.column, n_keep, force=a.role.kind == R.SPOTTER)
            kind, unit = kinds[a.role.kind]
            channels.append((chan_name(a.column), kind, unit, a.column.data[:n_keep]))
            taken.add(a.role.kind)
    for a in assigned.values():
        if not a.use and a.role.kind not in (R.TIME, R.FRAME, R.FORCE, R.TOTAL, R.UNKNOWN) and a.role.kind not in kinds:
            a.use = {R.DERIVED: "not used: computed by the vendor, never a measurement",
                     R.SHEAR: "not used: horizontal", R.MOMENT: "not used: a moment, not a force",
                     R.COP: "not used: a position on the plate", R.TEXT: "not used: text"}.get(a.role.kind, "not used")
    notes = [force_note, *table.notes]
    if flip:
        notes.append("the vertical force is negative under load in this file (z down): its sign is flipped")
    shown = sorted([assigned[id(c)] for c in cols] + other_runs, key=lambda a: a.column.index)
    return Plan(table=table, assigned=shown, time_s=time_s[:n_keep], rate_source=source,
                channels=channels, force_note=force_note, sign_flipped=flip, notes=notes)


def _flag_duplicates(items: list[Assigned], forced: list[Column], time_col: Column | None) -> None:
    by_name: dict[str, list[Assigned]] = {}
    for a in items:
        if a.column.header.raw and not a.column.plate and a.column not in forced:
            by_name.setdefault(a.column.header.raw.lower(), []).append(a)
    for same in by_name.values():
        if len(same) < 2:
            continue
        first, rest = same[0], same[1:]
        if first.role.kind in (R.TIME, R.FRAME) and time_col is None:
            if all(np.array_equal(first.column.data, a.column.data, equal_nan=True) for a in rest):
                for a in rest:
                    a.use = f"not used: a copy of column {first.column.index}"
                continue
            raise BadInputError(f"{len(same)} time columns named '{first.column.label}' (columns "
                                f"{', '.join(str(a.column.index) for a in same)}) differ: choose one with --time-column N")
        if first.role.kind in (R.FORCE, R.TOTAL, R.UNKNOWN, R.POSITION, R.VELOCITY) and not forced:
            raise BadInputError(f"column name '{first.column.label}' appears {len(same)} times (columns "
                                f"{', '.join(str(a.column.index) for a in same)}): rename them, or choose the force "
                                f"columns by number with --force-columns")
        for a in rest:
            a.use = f"not used: same name as column {first.column.index}"


def _time(table: Table, items: list[Assigned], opts: ImportOptions, time_col: Column | None
          ) -> tuple[np.ndarray, str, int]:
    """(time in s, where the rate comes from, rows kept). Trailing empty rows of a shorter run are dropped."""
    times = [a for a in items if a.role.kind == R.TIME and not a.use]
    frames = [a for a in items if a.role.kind == R.FRAME and not a.use]
    if time_col is not None:
        times = [a for a in times if a.column is time_col]
        for a in items:
            if a.role.kind == R.TIME and a.column is not time_col and not a.use:
                a.use = "not used: --time-column chose another"
    n = table.n_rows
    if opts.rate_hz is not None:
        for a in times:
            a.use = "not used: --rate sets the time"
        if frames:
            f = frames[0].column
            n = _keep_rows(f)
            _check_values(f, n)
            return (f.data[:n] - f.data[0]) / opts.rate_hz, "--rate (with the frame numbers)", n
        return np.arange(n) / opts.rate_hz, "--rate", n
    if times:
        if len(times) > 1:
            same = all(np.array_equal(times[0].column.data, a.column.data, equal_nan=True) for a in times[1:])
            if not same:
                raise BadInputError(f"{len(times)} time columns ({names_of([a.column for a in times])}): choose one "
                                    f"with --time-column")
            for a in times[1:]:
                a.use = f"not used: a copy of column {times[0].column.index}"
        for a in frames:
            a.use = "not used: the time column gives the time"
        t = times[0].column
        n = _keep_rows(t)
        _check_values(t, n)
        return t.data[:n].copy(), f"the time column '{t.label}'", n
    if frames:
        f = frames[0].column
        if table.rate_hz is None:
            raise BadInputError(f"has frame numbers ('{f.label}') but no time column and states no rate: "
                                f"give the sample rate with --rate HZ")
        n = _keep_rows(f)
        _check_values(f, n)
        return (f.data[:n] - f.data[0]) / table.rate_hz, table.rate_source, n
    if table.rate_hz is not None:
        return np.arange(n) / table.rate_hz, table.rate_source, n
    cols = [a.column for a in items]
    # a bare column of numbers (a lab script's export: no header, no time) lacks a force name
    # too: say both at once rather than one error per try
    forceless = not opts.force_columns and not any(a.role.kind in (R.FORCE, R.TOTAL) for a in items)
    also = ("; nor is any column named as a force: choose the force columns with --force-columns "
            "(by number from 1)") if forceless else ""
    raise BadInputError(f"no time_s (time) column among {names_of(cols)}: name it with --time-column, "
                        f"or give the sample rate with --rate HZ{also}")


def _row_index(c: Column) -> bool:
    """0, 1, 2, ... (or 1, 2, 3, ...): a row number, every step exactly 1."""
    head = c.data[:64]
    head = head[np.isfinite(head)]      # (a blank first cell: the next one tells)
    if not (head.size and float(head[0]) in (0.0, 1.0)):
        return False            # decided without a copy of the column
    v = c.data[np.isfinite(c.data)]
    return v.size >= 2 and float(v[0]) in (0.0, 1.0) and bool(np.all(np.diff(v) == 1.0))


def _keep_rows(c: Column) -> int:
    """Rows up to the last filled cell of this column (runs of different lengths leave empty tails)."""
    filled = ~np.isnan(c.data)
    return int(filled.size - np.argmax(filled[::-1])) if filled.any() else 0


def _where(c: Column, row: int) -> str:
    return f"line {c.line0 + row}" if c.line0 else f"row {row + 1}"


def _not_numeric(c: Column, row: int, text: str) -> BadInputError:
    """A word among the numbers. When numbers follow it again (the header repeated, or a
    'Trial 2' line), the export holds a second table below the first: say that."""
    v = c.values
    header_again = text.strip().strip('"').strip().lower() in (c.header.raw.lower(), c.header.name.lower())
    label_line = v is not None and row + 1 < v.size and not np.isfinite(v[row + 1])   # 'Trial 2', then a header
    again = (v is not None and row > 0 and (header_again or label_line)
             and bool(np.isfinite(v[row + 1:]).any()))
    if again:
        return BadInputError(f"a second table starts at {_where(c, row)} ('{text[:20]}' in column '{c.label}', then "
                             f"numbers again): keep one table (one trial) per file")
    return BadInputError(f"column '{c.label}' is not numeric ({_where(c, row)}: '{text[:20]}'): time and forces "
                         f"must be numbers")


def _check_values(c: Column, n: int, force: bool = False) -> None:
    if c.bad is not None and c.bad[0] < n:
        raise _not_numeric(c, *c.bad)
    v = c.data[:n]
    bad = ~np.isfinite(v)
    if bad.any():
        raise BadInputError(f"column '{c.label}' has a missing or non-finite value ({_where(c, int(np.argmax(bad)))})")
    if force and v.size and max(float(v.max()), -float(v.min())) > MAX_FORCE_N:
        i = int(np.argmax(np.abs(v)))
        raise BadInputError(f"column '{c.label}' holds an impossible force, {v[i]:.3g} N ({_where(c, i)}): "
                            f"no plate reads over {MAX_FORCE_N:.0f} N")


__all__ = ["Assigned", "Plan", "make_plan", "runs_of"]
