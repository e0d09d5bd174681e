"""Reading what force-plate software exports, as exported (docs/import.md).

read_table() turns a file into named numeric columns (text: sniffed; Parquet; C3D);
make_plan() gives every column a role and decides time, force and bar channels.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from forceplate.errors import BadInputError
from sessions.formats.plan import Assigned, Plan, make_plan
from sessions.formats.table import Column, ImportOptions, Table, read_bytes, regular_file

TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".mot", ".sto", ".dat", ".tab", "")


def is_c3d(path: Path, head: bytes) -> bool:
    # byte 0: the parameter section's 512-byte block (2 in practice), byte 1: 0x50 (the C3D key)
    return path.suffix.lower() == ".c3d" or (len(head) >= 2 and 1 <= head[0] <= 20 and head[1] == 0x50)


def read_table(path: Path, opts: ImportOptions) -> Table:
    from sessions.formats.binary import read_c3d, read_parquet
    from sessions.formats.text import read_text

    regular_file(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise BadInputError(f"cannot read ({exc.strerror or exc.__class__.__name__})") from None
    if not head and path.suffix.lower() not in TEXT_SUFFIXES:   # a text file's own words say 'empty'
        raise BadInputError("is empty (0 bytes) - was it copied completely?")
    if head == b"PAR1":
        return _unix_dated(read_parquet(path))
    if path.suffix.lower() == ".parquet":
        raise BadInputError("is not a Parquet file (no PAR1 signature)")
    if is_c3d(path, head):
        try:
            mtime: float | None = path.stat().st_mtime
        except OSError:
            mtime = None
        return read_c3d(read_bytes(path), mtime)
    return _unix_dated(read_text(read_bytes(path), opts, path.suffix.lower()))   # no reference kept here


def _unix_dated(table: Table) -> Table:
    """The table dated by a unix-time column (sessions.formats.dates.unix_column) where nothing
    in its header dated it: the first such column's value."""
    from sessions.formats.dates import unix_column
    from sessions.formats.names import tokens

    for c in table.columns:
        values = c.values
        found = unix_column(set(tokens(c.header.name)), values) if values is not None else None
        if found is None or values is None:
            continue
        when, date_alone, scale = found
        if date_alone:
            table.date_column = c.index
        else:   # a time axis in unix time: seconds from its first row, as a wall clock's are
            c.values = (values - values[np.isfinite(values)][0]) * scale
        if table.recorded_at is None or table.recorded_date_only:
            table.recorded_at, table.recorded_date_only = when, False
            table.recorded_at_source = f"{'the first time in its' if not date_alone else 'its'} column " \
                                       f"'{c.label}' (unix time)"
        break
    return table


def plan_file(path: Path, opts: ImportOptions | None = None) -> Plan:
    return make_plan(read_table(path, opts or ImportOptions()), opts or ImportOptions())


__all__ = ["Assigned", "Column", "ImportOptions", "Plan", "Table", "is_c3d", "make_plan", "plan_file", "read_table",
           "regular_file"]
