"""A table with no row or one row of numbers: its cause in one line, before anything else about
it. A --delimiter or --decimal that split the rows wrong is named first (the file may be fine),
then a one-row table of metrics (a vendor's test export) is told from a recording. A table of
reps, as `eccentric export` writes it, is no recording either, however many rows it has."""

from __future__ import annotations

from forceplate.errors import BadInputError
from sessions.formats import roles as R
from sessions.formats.table import Column, ImportOptions, Table


def _option_misread(opts: ImportOptions, rows: str) -> None:
    spelled = {"\t": "tab", " ": "space"}
    given = [f"--{k} {spelled.get(v, repr(v))}" for k, v in (("delimiter", opts.delimiter), ("decimal", opts.decimal))
             if v]
    if given:   # the file may be fine: the option read it wrong
        raise BadInputError(f"{rows} when read with {' and '.join(given)}: try without "
                            f"(`eccentric inspect FILE` finds the delimiter and decimal mark)")


def refuse_no_rows(table: Table, opts: ImportOptions) -> None:
    if table.n_rows < 1:
        _option_misread(opts, "no rows of numbers")
        raise BadInputError("no samples: no row of numbers under the header")


def refuse_one_row(table: Table, cols: list[Column], opts: ImportOptions, names: str) -> None:
    """A one-row table without a force: an option that split it wrong, else a table of metrics.
    One row goes on otherwise (what else is wrong with it says more). `names`: its columns."""
    if table.n_rows != 1:
        return
    kinds = [R.classify(c.header, table.format).kind for c in cols if c.values is not None]
    if not any(k in (R.FORCE, R.TOTAL) for k in kinds):
        _option_misread(opts, "one row of numbers and no force column")
    _refuse_merged_names(cols)
    if not opts.force_columns and not any(k in (R.FORCE, R.TOTAL, R.UNKNOWN) for k in kinds):
        # one row and no force: a table of metrics (a vendor's test export), whatever its text columns hold
        raise BadInputError(f"no force column (a vertical force in N) among {names}, and one row: a table of "
                            f"metrics (a test export?), not a force-time recording")


def refuse_metric_table(table: Table, cols: list[Column], opts: ImportOptions, names: str) -> None:
    """Rows of a vendor's computed results (ForceDecks' test export: `Jump Height (Imp-Mom) [cm]`,
    `Peak Power [W]`, one row per test) and no force: said so, not that its 'Time' column ('10:00
    AM', the test's clock time) is not numeric. Three or more result columns, most of the numbers,
    and no time axis in numbers (a balance board's `Total (kg)` over `time_s` is a recording)."""
    if opts.force_columns:
        return
    kinds = [R.classify(c.header, table.format).kind for c in cols if c.values is not None]
    derived = kinds.count(R.DERIVED)
    if derived >= 3 and 2 * derived > len(kinds) and not any(k in (R.FORCE, R.TOTAL, R.TIME, R.FRAME) for k in kinds):
        raise BadInputError(f"no force column (a vertical force in N) among {names}: {table.n_rows} row"
                            f"{'' if table.n_rows == 1 else 's'} of computed results (a test export, one row per "
                            f"test?), not a force-time recording: export the raw force-time trace")


_DELIMITERS = ";,\t|"


def _refuse_merged_names(cols: list[Column]) -> None:
    """One row read as one column whose name holds several ('Fz;Time': the header split by ';',
    the row by something else): a delimiter the reading did not use, not a missing time column
    or a table of metrics, whatever the merged name looks like."""
    for c in cols:
        raw = c.header.raw
        for ch in _DELIMITERS:
            if c.values is not None and sum(bool(p.strip()) for p in raw.split(ch)) >= 2:
                shown = {"\t": "tab"}.get(ch, repr(ch))
                raise BadInputError(
                    f"one row of numbers under one column named '{raw}' - names split by {shown}, the row not: "
                    f"the header and the row are split by different delimiters; choose one with --delimiter "
                    f"(`eccentric inspect FILE` finds the delimiter and decimal mark)")


# columns every rep table of `eccentric export` has (sessions/export.py); no recording has both
REP_TABLE_COLUMNS = ("rep", "ecc_duration_s")


def refuse_rep_table(table: Table) -> None:
    """eccentric's own rep export given where a recording is wanted: say what it is, before its
    text columns read as forces that are not numeric."""
    names = {c.header.raw.strip().lower() for c in table.columns}
    if all(k in names for k in REP_TABLE_COLUMNS):
        raise BadInputError("a table of reps (one row per rep, as `eccentric export` writes), not a force-time "
                            "recording: `eccentric export --samples` writes the samples beside it (a name ending in _samples)")


__all__ = ["refuse_metric_table", "refuse_no_rows", "refuse_one_row", "refuse_rep_table"]
