"""Offered at start when a recording did not stop (crash, kill, power loss): recover it or later."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label


class RecoverScreen(ModalScreen[bool]):
    """Dismisses True to recover every unfinished recording now, False to leave them for later."""

    BINDINGS = [Binding("question_mark", "app.help", "Help", show=False), Binding("escape", "later", "Later"), Binding("enter", "recover", "Recover")]

    def __init__(self, journals: list[Path]) -> None:
        super().__init__()
        self.journals = journals

    def compose(self) -> ComposeResult:
        n = len(self.journals)
        what = "a recording that did not stop" if n == 1 else f"{n} recordings that did not stop"
        with Vertical(id="recover-dialog"):
            yield Label("Unfinished recording found", id="recover-title")
            yield Label(f"Found {what} (crash, killed, power loss). Everything up to its last "
                        "second can be saved as a session now.", id="recover-text")
            with Horizontal(id="recover-buttons"):
                yield Button("Recover", variant="primary", id="recover")
                yield Button("Later", id="later")
        yield Footer()   # this dialog's keys, not the screen beneath's

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "recover")

    def action_recover(self) -> None:
        self.dismiss(True)

    def action_later(self) -> None:
        self.dismiss(False)
