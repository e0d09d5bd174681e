"""An explicit yes before something risky: negatives on a lift where they are unsafe."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label


class ConfirmUnsafeScreen(ModalScreen[bool]):
    """Dismisses True only on an explicit Confirm; Cancel, Escape and Enter on Cancel say no."""

    BINDINGS = [Binding("question_mark", "app.help", "Help", show=False), Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#cancel"   # Enter must not confirm by accident

    def __init__(self, warning: str) -> None:
        super().__init__()
        self.warning = warning

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Label("⚠ Negatives are unsafe on this lift", id="confirm-title")
            yield Label(self.warning, id="confirm-text")
            yield Label("Confirm only with a spotter standing ready and safeties set. The live "
                        "screen stays marked UNSAFE for this session.", classes="help")
            with Horizontal(id="confirm-buttons"):
                yield Button("Confirm: spotter ready", variant="error", id="confirm")
                yield Button("Cancel", variant="primary", id="cancel")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm")

    def action_cancel(self) -> None:
        self.dismiss(False)
