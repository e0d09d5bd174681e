"""A session's sample columns read from its Parquet pages, and what is left of them when some
pages are damaged (split from session_file.py by job)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from forceplate.errors import BadInputError


def read_columns(path: Path, columns: list[str], row_groups: list[int] | None = None,
                 salvage: bool = False) -> tuple[Any, int]:
    """(table, rows lost). With salvage, the row groups whose pages fail their checksums or do not
    decode are left out and counted (each row group is minutes of samples with pages of its own);
    without it, or when none reads, a damaged page is a one-line BadInputError."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        if row_groups is None:
            return pq.read_table(path, columns=columns, use_threads=True, page_checksum_verification=True), 0
        pf = pq.ParquetFile(path, page_checksum_verification=True)
        return pf.read_row_groups(row_groups, columns=columns, use_threads=True), 0
    except (pa.ArrowInvalid, KeyError, OSError, pa.ArrowException) as exc:
        if not os.path.lexists(path):   # deleted or moved while we read: not damage
            raise BadInputError("the file vanished while it was being read (deleted or moved?)") from None
        if salvage:
            got = _readable_groups(path, columns, row_groups)
            if got is not None:
                return got
        if isinstance(exc, pa.ArrowInvalid | KeyError):
            raise BadInputError(f"wrong schema or corrupt data ({_short(exc)})") from None
        raise BadInputError(f"corrupt data ({_short(exc)})") from None


def _readable_groups(path: Path, columns: list[str], row_groups: list[int] | None) -> tuple[Any, int] | None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path, page_checksum_verification=True)
        groups = range(pf.num_row_groups) if row_groups is None else row_groups
        good, lost = [], 0
        for g in groups:
            try:
                good.append(pf.read_row_group(g, columns=columns))
            except (pa.ArrowException, OSError, KeyError):
                lost += pf.metadata.row_group(g).num_rows
    except (pa.ArrowException, OSError, KeyError):
        return None
    if not good:
        return None
    return pa.concat_tables(good), lost


def damaged_rows(path: Path) -> int:
    """Rows in row groups whose pages fail their checksums or do not decode, one row group at a
    time (read and let go: memory stays one group's, not the file's). BadInputError when the
    file's footer does not read."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path, page_checksum_verification=True)
    except (pa.ArrowException, OSError) as exc:
        raise BadInputError(f"corrupt data ({_short(exc)})") from None
    lost = 0
    for g in range(pf.num_row_groups):
        try:
            pf.read_row_group(g)
        except (pa.ArrowException, OSError, KeyError):
            lost += pf.metadata.row_group(g).num_rows
    return lost


def lost_note(name: str, lost: int) -> str:
    """The one warning every reader gives when it left damaged row groups out."""
    return (f"warning: {name}: {lost} sample{'s' if lost != 1 else ''} in damaged pages of the file "
            f"could not be read and are left out")


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:160] or exc.__class__.__name__
