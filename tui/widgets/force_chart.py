"""The scrolling force-time chart: renders a decimated window, redrawn from a timer by its screen."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from tui.chart_render import ForceLines, render_force_time
from tui.decimate import decimate_minmax
from tui.ring import ForceRing


class ForceChart(Widget):
    DEFAULT_CSS = "ForceChart { height: 1fr; min-height: 6; }"

    def __init__(self, window_s: float = 10.0, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.window_s = window_s
        self._text = Text("waiting for the plate ...")
        self.frames = 0      # charts built (redraw calls that rendered)
        self.paints = 0      # times Textual asked for the widget's content

    def redraw(self, ring: ForceRing, rate_hz: float, lines: ForceLines) -> None:
        """Copy the newest window out of the ring, decimate to ~2 points a column, render."""
        w, h = self.size.width, self.size.height
        if w < 12 or h < 5:
            return
        win = ring.latest(int(self.window_s * max(rate_hz, 1.0)))
        if len(win) < 2:
            return
        win = decimate_minmax(win, max(w - 8, 4))
        self._text = Text.from_ansi(render_force_time(win, w, h, self.window_s, lines), no_wrap=True)
        self.frames += 1
        self.refresh()

    def render(self) -> Text:
        self.paints += 1
        return self._text
