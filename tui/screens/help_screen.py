"""F1 / ?: the keys of the screen underneath, and what the screen shows."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Label, Static

GENERAL = (("f1, ?", "this help"), ("ctrl+p", "command palette: every action by name"),
           ("tab / shift+tab", "next / previous field"), ("ctrl+q", "quit"))


def screen_keys(screen: Screen) -> list[tuple[str, str]]:
    """(key, description) of the screen's own active bindings, once each (not the focused
    field's cursor keys: those work as everywhere else)."""
    seen: set[str] = set()
    rows: list[tuple[str, str]] = []
    for active in screen.active_bindings.values():
        if active.node is not screen:
            continue
        b = active.binding
        if not b.description or b.action in ("help", "app.help") or b.description in seen:
            continue
        seen.add(b.description)
        rows.append((screen.app.get_key_display(b), b.description))
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,question_mark,q", "close", "Close help")]

    def __init__(self, title: str, about: str, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.heading = title
        self.about = about
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Label(f"Help · {self.heading}", classes="title")
            with VerticalScroll():
                if self.about:
                    yield Static(self.about, id="help-about")
                yield DataTable(id="help-keys", show_cursor=False, zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("key", "does")
        for key, what in [*self.keys, *GENERAL]:
            table.add_row(key, what)

    def action_close(self) -> None:
        self.dismiss(None)
