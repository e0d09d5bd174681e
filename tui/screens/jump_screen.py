"""Jump test view: one jump at a time with its key numbers large, and the trend over the
session's jumps (height and RSI-modified). Left/right step through the jumps; the newest is
followed until the coach steps back."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Sparkline

from sessions.jump_text import rep_height_m
from tui.widgets.jump_card import JumpCard, big_numbers

TABLE = ("#", "type", "height cm", "RSI-mod", "brk RFD kN/s", "ecc ms", "flight cm")
POLL_S = 0.25     # new jumps from the live session show within this


def jumps_of(reps: Sequence[Any]) -> list[Any]:
    return [r for r in reps if getattr(r, "movement", "rep") == "jump" and r.jump is not None]


class JumpScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,j", "app.pop_screen", "Back"),
        # priority: the jump table would take them for scrolling
        Binding("left,comma", "step(-1)", "Previous jump", priority=True),
        Binding("right,full_stop", "step(1)", "Next jump", priority=True),
        Binding("end", "latest", "Newest", priority=True),
    ]

    def __init__(self, reps: Sequence[Any] | Callable[[], Sequence[Any]] = ()) -> None:
        super().__init__()
        self._source = reps if callable(reps) else (lambda r=list(reps): r)
        self.jumps: list[Any] = []
        self.index: int | None = None      # None: follow the newest
        self._shown: tuple[int, int | None] = (-1, None)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="jump-title")
        yield JumpCard(id="jump-card")
        yield Label("Jump height over the session (cm)", classes="caption", id="trend-height-label")
        yield Sparkline([], id="trend-height")
        yield Label("RSI-modified over the session", classes="caption", id="trend-rsi-label")
        yield Sparkline([], id="trend-rsi")
        yield DataTable(id="jump-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "jump test"
        self.query_one("#jump-table", DataTable).add_columns(*TABLE)
        self.refresh_jumps()
        self.set_interval(POLL_S, self.refresh_jumps)

    @property
    def current(self) -> Any | None:
        if not self.jumps:
            return None
        return self.jumps[-1 if self.index is None else self.index]

    def refresh_jumps(self) -> None:
        jumps = jumps_of(self._source())
        new = len(jumps) != len(self.jumps)
        self.jumps = jumps
        if new:
            table = self.query_one("#jump-table", DataTable)
            for r in jumps[table.row_count:]:
                b = big_numbers(r)
                j = r.jump
                table.add_row(str(len(table.rows) + 1), j.type, b["height"], b["rsi"], b["rfd"], b["ecc"],
                              "-" if not _known(j.height_flight_m) else f"{100 * j.height_flight_m:.1f}")
            # the height every view quotes (sessions.jump_text); the trends plot known values
            # only: an unknown drawn as 0 would read as a failed jump
            known = [100 * h for h in map(rep_height_m, jumps) if h is not None]
            rsi = [x for x in (r.jump.rsi_modified if r.jump.rsi_modified is not None else r.jump.rsi
                               for r in jumps) if _known(x)]
            self.query_one("#trend-height", Sparkline).data = known
            self.query_one("#trend-rsi", Sparkline).data = rsi
            if known:
                self.query_one("#trend-height-label", Label).update(
                    f"Jump height over the session: {min(known):.1f}-{max(known):.1f} cm, "
                    f"mean {sum(known) / len(known):.1f} cm over {len(known)} jump{'' if len(known) == 1 else 's'}")
            if rsi:
                self.query_one("#trend-rsi-label", Label).update(
                    f"RSI over the session: {min(rsi):.2f}-{max(rsi):.2f} over {len(rsi)} jump{'' if len(rsi) == 1 else 's'}")
        self._show()

    def _show(self) -> None:
        key = (len(self.jumps), self.index)
        if key == self._shown:
            return
        self._shown = key
        rep = self.current
        n = len(self.jumps)
        if rep is None:
            self.query_one("#jump-title", Label).update("Jump test: no jumps yet")
            return
        k = n if self.index is None else self.index + 1
        follow = " (newest)" if self.index is None else ""
        self.query_one("#jump-title", Label).update(f"Jump {k} of {n}{follow}  -  left/right: step, end: newest")
        self.query_one(JumpCard).show(rep)
        table = self.query_one("#jump-table", DataTable)
        if table.row_count:
            table.move_cursor(row=k - 1)

    def action_step(self, delta: int) -> None:
        if not self.jumps:
            return
        i = (len(self.jumps) - 1 if self.index is None else self.index) + delta
        i = max(0, min(len(self.jumps) - 1, i))
        self.index = None if i == len(self.jumps) - 1 and delta > 0 else i
        self._show()

    def action_latest(self) -> None:
        self.index = None
        self._show()


def _known(x: float | None) -> bool:
    """A figure the jump has: neither missing nor NaN."""
    return x is not None and x == x
