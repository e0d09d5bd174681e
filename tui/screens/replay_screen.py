"""Replay: the live view driven by a saved session, with play/pause, seek and speed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.binding import Binding

from forceplate.reader import Reader
from tui import messages as m
from tui.screens.live_screen import LiveScreen
from tui.setup_state import SessionSetup, setup_from_meta
from tui.widgets.plate_status import status_text

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0)


class ReplayScreen(LiveScreen):
    SOURCE = "REPLAY"
    BINDINGS = [
        Binding("space", "pause", "Play/Pause"),
        Binding("left", "seek(-5)", "-5 s"),
        Binding("right", "seek(5)", "+5 s"),
        Binding("home", "seek_to(0)", "Start", show=False),
        Binding("plus,equals_sign", "speed(1)", "Faster"),
        Binding("minus", "speed(-1)", "Slower"),
        Binding("c", "compare", "Compare reps"),
        Binding("escape", "close", "Back"),
        Binding("r", "toggle_record", "Record", show=False),   # live-only keys, off the footer
        Binding("s", "setup", "Setup", show=False),
        Binding("w", "weigh", "Weigh", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, path: Path, open_source: Callable[[], Reader], setup: SessionSetup,
                 *, threaded: bool = True, **kw: Any) -> None:
        super().__init__(open_source, setup, None, threaded=threaded, **kw)
        self.path = path

    def _analyser_factory(self) -> Callable[[Any], Any]:
        # Analyse the file with the setup it was recorded with (method, targets, masses).
        make = self.make_analyser

        def factory(info: Any) -> Any:
            reader = self.pipeline.reader if self.pipeline is not None else None
            try:
                meta = reader.session.meta if reader is not None else None
            except Exception:
                meta = None
            if meta is not None:
                self.setup_state = setup_from_meta(meta, self.setup_state)
            return make(info, self.setup_state)
        return factory

    def _subtitle(self) -> str:
        return f"REPLAY · {self.path.name}"

    def _reader(self) -> Any:
        return self.pipeline.reader if self.pipeline is not None else None

    def status_line(self, msg: m.PlateStatus) -> Text:
        r = self._reader()
        detail = ""
        if r is not None:
            pos, dur = getattr(r, "position_s", msg.time_s), getattr(r, "duration_s", 0.0)
            paused = " PAUSED" if getattr(r, "paused", False) else ""
            detail = f"{pos:.1f} / {dur:.1f} s x{getattr(r, 'speed', 1.0):g}{paused}"
        return status_text(self.pipeline.info if self.pipeline else None, msg.status, False, None,
                           self.SOURCE, detail)

    def action_toggle_record(self) -> None:
        self.notify("Replays are already saved", severity="information")

    def action_setup(self) -> None:
        self.notify("A replay keeps the setup it was recorded with", severity="information")

    def action_weigh(self) -> None:
        self.notify("Weighing needs a live plate", severity="information")

    def action_pause(self) -> None:
        r = self._reader()
        if r is None:
            return
        if getattr(r, "paused", False):
            r.resume()
        else:
            r.pause()

    def action_seek(self, delta_s: float) -> None:
        r = self._reader()
        if r is not None and self.pipeline is not None:
            self.pipeline.seek(max(float(getattr(r, "position_s", 0.0)) + float(delta_s), 0.0))

    def action_seek_to(self, t_s: float) -> None:
        if self.pipeline is not None:
            self.pipeline.seek(float(t_s))

    def action_speed(self, step: int) -> None:
        r = self._reader()
        if r is None:
            return
        cur = float(getattr(r, "speed", 1.0))
        i = min(range(len(SPEEDS)), key=lambda k: abs(SPEEDS[k] - cur))
        r.speed = SPEEDS[max(0, min(len(SPEEDS) - 1, i + int(step)))]
        self.notify(f"Speed x{r.speed:g}", timeout=1.5)

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()
