"""The rep table: one row per completed rep (ecc s, con s, mean loads, ratio, verdict in colour)."""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from forceplate.units import G
from tui.verdicts import COLOURS, rep_verdict_kind

VERDICT_WIDTH = 56   # cells: "lowering on target; overload on target (assisted)" and more fit at 120 columns
COLUMNS = ("set", "rep", "ecc s", "con s", "ecc load kg", "con load kg", "ratio", "verdict")


def rep_cells(rep: Any) -> tuple[str, ...]:
    """The table cells of one analysis Rep. Loads are shown in kg (mean load force / g)."""
    e, c = rep.eccentric, rep.concentric
    ratio = rep.ecc_con_load_ratio
    # a jump lifts no load: its "eccentric load" is ~0 by physics (unweighting and braking
    # cancel), its propulsion's the push; its figures are in the verdict and the jump view (j)
    jump = getattr(rep, "movement", "rep") == "jump"
    return (
        str(rep.set), str(rep.rep_in_set),
        f"{e.duration_s:.2f}", f"{c.duration_s:.2f}",
        "-" if jump else f"{e.mean_load_n / G:.1f}", "-" if jump else f"{c.mean_load_n / G:.1f}",
        f"{ratio:.2f}" if ratio == ratio else "-",
        table_verdict(rep.verdict) + (" (assisted)" if rep.assisted not in ("none", "") else ""),
    )


# The table already shows the lowering time and the ratio: its verdict names the check and,
# off target, the amount ("lowering on target; overload 12 % low"), so it fits the column
# (the last-rep panel, analyze and the export keep the whole sentence).
_SPELLED_OUT = (re.compile(r"lowered in [\d.]+ s, target [\d.]+ s: "), "lowering "), \
               (re.compile(r"paused [\d.]+ s, target [\d.]+ s: "), "pause "), \
               (re.compile(r"ecc:con load (-?[\d.]+|over 99|under -99), target [\d.]+: "), "overload "), \
               (re.compile(r"on target \([^)]*\)"), "on target")   # the amount matters off target


def table_verdict(verdict: str | None) -> str:
    text = verdict or "-"
    for pattern, name in _SPELLED_OUT:
        text = pattern.sub(name, text)
    return text


def verdict_cell(rep: Any, text: str) -> Text:
    kind = rep_verdict_kind(rep)
    return Text(text, style=f"bold {COLOURS[kind]}" if kind else "")


# Below NARROW_BELOW cells (80x24: the table spans the screen) the load headers go short and the
# verdict takes the rest of the row, wrapped onto a second line, so it is never cut at the edge.
NARROW_BELOW = 100
SHORT = {"ecc load kg": "ecc kg", "con load kg": "con kg"}
NARROW_WIDTHS = {"set": 3, "rep": 3, "ecc s": 5, "con s": 5, "ecc load kg": 6, "con load kg": 6, "ratio": 5}
SCROLLBAR = 2


class RepTable(DataTable):
    DEFAULT_CSS = "RepTable { height: 1fr; min-height: 4; }"
    MAX_ROWS = 200   # bounded on screen; every rep is on disk

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._reps: list[Any] = []
        self._verdict_width: int | None = None   # None: the wide layout

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self._build(None)

    def _build(self, verdict_width: int | None) -> None:
        self._verdict_width = verdict_width
        self.clear(columns=True)
        for name in COLUMNS[:-1]:
            if verdict_width is None:
                self.add_column(name, key=name)
            else:
                self.add_column(SHORT.get(name, name), key=name, width=NARROW_WIDTHS[name])
        # verdicts are sentences ("overload on target", "lowered too fast, overload below
        # target (assisted)"): wide, the column fits the longest and the table scrolls sideways
        self.add_column(COLUMNS[-1], key=COLUMNS[-1], width=verdict_width or VERDICT_WIDTH)
        for rep in self._reps:
            self._row(rep)
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)

    def on_resize(self) -> None:
        width = self.size.width
        want = None
        if 0 < width < NARROW_BELOW:   # each column has a cell of padding either side
            want = max(12, width - sum(NARROW_WIDTHS.values()) - 2 * len(COLUMNS) - SCROLLBAR)
        if want != self._verdict_width:
            self._build(want)

    def _row(self, rep: Any) -> None:
        cells = rep_cells(rep)
        # no row key from the rep's numbers: after a recording stops, the live analysis starts
        # numbering again from set 1 rep 1 while the recorded reps stay in view
        self.add_row(*cells[:-1], verdict_cell(rep, cells[-1]),
                     height=None if self._verdict_width is not None else 1)   # None: wraps

    def add_rep(self, rep: Any) -> None:
        if self.row_count >= self.MAX_ROWS:
            self.remove_row(next(iter(self.rows)))
        self._reps = [*self._reps[-(self.MAX_ROWS - 1):], rep]
        self._row(rep)
        self.move_cursor(row=self.row_count - 1)

    def set_reps(self, reps: list[Any]) -> None:
        """Replace every row (replay after a seek: the reps before the cursor)."""
        self.clear()
        self._reps = list(reps[-self.MAX_ROWS:])
        for rep in self._reps:
            self._row(rep)
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)
