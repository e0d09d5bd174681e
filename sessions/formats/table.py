"""What every file format is read into before roles are given: named numeric columns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np

from forceplate.errors import BadInputError
from sessions.formats.names import Header


@dataclass(slots=True)
class ImportOptions:
    """Command-line settlements of what a file does not say (docs/import.md, "Options")."""

    time_column: str | None = None
    force_columns: tuple[str, ...] = ()
    rate_hz: float | None = None
    decimal: str | None = None        # "." or ","
    delimiter: str | None = None      # ",", ";", "\t", " " (whitespace), "|"
    run: str | None = None            # "1", "Run #2", "Latest", "Data Set 3"
    date_order: str | None = None     # "dmy" | "mdy": a header's numeric date the numbers leave open

    def __post_init__(self) -> None:
        if self.date_order not in (None, "dmy", "mdy"):
            raise BadInputError(f"--date-order '{self.date_order}' must be dmy (03/05/2024 is 3 May) or mdy (March 5)")
        if self.decimal not in (None, ".", ","):
            raise BadInputError(f"--decimal '{self.decimal}' must be '.' or ','")
        if self.rate_hz is not None and not (1.0 <= self.rate_hz <= 100_000.0):
            raise BadInputError(f"--rate {self.rate_hz:g} Hz is not a plausible sample rate (1 to 100000 Hz)")
        if self.delimiter is not None:
            d = {"tab": "\t", "\\t": "\t", "space": " ", "comma": ",", "semicolon": ";"}.get(self.delimiter, self.delimiter)
            if d not in (",", ";", "\t", " ", "|"):
                raise BadInputError(f"--delimiter '{self.delimiter}' must be one of , ; tab space |")
            self.delimiter = d


@dataclass(slots=True, eq=False)     # compared by identity: values are arrays
class Column:
    header: Header
    index: int                          # 1-based position in the file
    values: np.ndarray | None           # float64 in SI units (NaN where empty); None: a text column
    bad: tuple[int, str] | None = None  # the first cell that is not a number: (data row, text)
    plate: str = ""                     # "plate 2" when a file repeats a block of names per plate
    line0: int = 0                      # file line of data row 0 (0: not a text file)
    date: bool = False                  # a wall clock holding one date and time on every row: the recording's date

    @property
    def data(self) -> np.ndarray:
        """The numbers (a text column has none: callers check `values is None` first)."""
        if self.values is None:
            raise BadInputError(f"column '{self.label}' is not numeric")
        return self.values

    @property
    def label(self) -> str:
        return self.header.raw or f"column {self.index}"


@dataclass(slots=True)
class Table:
    format: str                          # "Hawkin Dynamics force-time CSV", ...
    layout: str                          # "semicolon-separated, decimal comma, UTF-8, 2 header lines"; "" not text
    columns: list[Column]
    rate_hz: float | None = None         # stated in the file's header block (or its container)
    rate_source: str = ""
    first_data_line: int = 1             # file line of the first data row (error messages)
    has_header: bool = True
    notes: list[str] = field(default_factory=list)
    recorded_at: datetime | None = None  # when the file says it was recorded (sessions.formats.dates)
    recorded_at_source: str = ""         # where it says so ("its header's 'Date' line")
    recorded_date_only: bool = False     # it says the day only (recorded_at: its local midnight)
    recorded_at_unread: str = ""         # a date it states that could not be read, and why (03/05/2024)
    date_column: int | None = None       # a column holding only that date (a unix timestamp): no measurement

    @property
    def n_rows(self) -> int:
        for c in self.columns:
            if c.values is not None:
                return int(c.values.shape[0])
        return 0


def regular_file(path: Path) -> None:
    """Refuse what cannot be read as a file, before opening it (a FIFO would block forever).
    The one check is sessions.oserrors.check_input; the caller adds the path to the message."""
    from sessions.names import display
    from sessions.oserrors import check_input

    try:
        check_input(path)
    except BadInputError as exc:
        raise BadInputError(str(exc).removeprefix(f"{display(path)}: ")) from None


def read_bytes(path: Path) -> bytes:
    regular_file(path)
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise BadInputError(f"cannot read ({exc.strerror or exc.__class__.__name__})") from None


__all__ = ["Column", "ImportOptions", "Table", "read_bytes", "regular_file"]
