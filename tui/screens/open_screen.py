"""A file picker for saved sessions: the library folder as a tree, .parquet files only."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DirectoryTree, Footer, Input, Label


class SessionTree(DirectoryTree):
    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".") and (p.is_dir() or p.suffix == ".parquet")]


class OpenSessionScreen(ModalScreen[Path | None]):
    BINDINGS = [Binding("question_mark", "app.help", "Help", show=False), Binding("escape", "cancel", "Cancel")]

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Open a saved session", classes="title")
            yield Input(placeholder="or type a path and press Enter", id="path")
            yield SessionTree(self.root, id="tree")
        yield Footer()   # this dialog's keys, not the screen beneath's

    def on_mount(self) -> None:
        tree = self.query_one(SessionTree)
        # the library folder by its name: its full path is long and says nothing new
        tree.root.set_label(self.root.name or str(self.root))
        tree.focus()

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self.dismiss(Path(event.path))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if text:
            self.dismiss(Path(text).expanduser())

    def action_cancel(self) -> None:
        self.dismiss(None)
