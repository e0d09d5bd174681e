"""The library screen makes a report of the selected session (`p`), off the UI thread."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from test_report import save
from textual.app import App

from tui.screens.library_screen import LibraryScreen


class LibraryApp(App[None]):
    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.seen: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(LibraryScreen(self.data_dir))

    def notify(self, message: str, *a: Any, **kw: Any) -> None:   # type: ignore[override]
        self.seen.append(message)
        super().notify(message, *a, **kw)


async def test_p_writes_the_report_of_the_selected_session(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path, _ = save(data, "[b]Ana[/b]", datetime(2026, 5, 1, 9, tzinfo=UTC), 3.0, 2, seed=4)
    app = LibraryApp(data)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen) and len(app.screen.shown) == 1
        await pilot.press("down", "p")       # the filter has focus at first: down to the list, then p
        html = data / "reports" / path.parent.name / path.stem / "report.html"
        for _ in range(600):                  # matplotlib draws on a worker thread
            await pilot.pause(0.1)
            if any(m.startswith("Report written") for m in app.seen):
                break
        assert any(m == f"Report written to {html}" for m in app.seen), app.seen
        assert "[b]Ana[/b]" in html.read_text("utf-8")         # markup-looking names kept as text
        assert len(list(html.parent.glob("figures/*.png"))) == 2
