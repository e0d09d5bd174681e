"""The scrolling force-time chart: renders a decimated window, redrawn from a timer by its screen."""

from __future__ import annotations

import time

from rich.text import Text
from textual.widget import Widget

from tui.chart_render import ForceLines, render_force_time
from tui.decimate import decimate_minmax
from tui.ring import ForceRing

# Big terminals make every chart dearer: the redraw rate adapts between these so the chart's
# own work stays near 15% of a core (Textual's own compositing comes on top), and never drops below 15 updates a second.
MAX_RATE_HZ, MIN_RATE_HZ, CHART_SHARE = 20.0, 15.0, 0.15


class ForceChart(Widget):
    DEFAULT_CSS = "ForceChart { height: 1fr; min-height: 6; }"

    def __init__(self, window_s: float = 10.0, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.window_s = window_s
        self._text = Text("waiting for the plate ...")
        self.frames = 0      # charts built (redraw calls that rendered)
        self.paints = 0      # times Textual asked for the widget's content
        self._cost_s = 0.0   # running mean of one chart build
        self._last_s = 0.0

    def redraw(self, ring: ForceRing, rate_hz: float, lines: ForceLines, force: bool = False) -> None:
        """Copy the newest window out of the ring, decimate to ~2 points a column, render."""
        w, h = self.size.width, self.size.height
        if w < 12 or h < 5:
            return
        start = time.perf_counter()
        interval = min(max(self._cost_s / CHART_SHARE, 1.0 / MAX_RATE_HZ), 1.0 / MIN_RATE_HZ)
        if not force and start - self._last_s < interval * 0.9:
            return
        self._last_s = start
        win = ring.latest(int(self.window_s * max(rate_hz, 1.0)))
        if len(win) < 2:
            return
        win = decimate_minmax(win, max(w - 8, 4))
        self._text = Text.from_ansi(render_force_time(win, w, h, self.window_s, lines), no_wrap=True)
        self.frames += 1
        cost = time.perf_counter() - start
        self._cost_s = cost if self.frames == 1 else 0.9 * self._cost_s + 0.1 * cost
        self.refresh()

    def render(self) -> Text:
        self.paints += 1
        return self._text
