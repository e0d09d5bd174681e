"""The scrolling force-time chart: redrawn from a timer by its screen, never per USB block.

Drawn by tui.raster (numpy, quadrant blocks) into cached strips; Textual asks for lines and
gets them from the cache. Lowering red, raising blue, as the docs name them, in fixed colours
(not the terminal's ANSI palette, where "blue" may come out purple).
"""

from __future__ import annotations

import time

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from tui.axis import AxisHold
from tui.raster import AXIS, BODY, CON, ECC, LABEL, NONE, OTHER, SYSTEM, ChartLines, render_chart
from tui.ring import ForceRing

# The chart's own work is small (about 1-3 ms a frame); the rate still backs off on huge
# terminals so the chart and Textual's compositing of it stay under CHART_SHARE of a core.
# The cost is CPU time of the UI thread (time.thread_time), not wall time: on a busy machine
# the wall clock would count other processes' work against the chart.
MAX_RATE_HZ, MIN_RATE_HZ, CHART_SHARE = 30.0, 25.0, 0.15

STYLES = {
    ECC: Style(color="#ff3030", bold=True), CON: Style(color="#2f8fff", bold=True),
    OTHER: Style(color="#9a9a9a"), BODY: Style(color="#3fbf5f"), SYSTEM: Style(color="#ff9f1a"),
    AXIS: Style(dim=True), LABEL: Style(), NONE: Style(),
}


def changed_region(old: list[list[tuple[str, str]]], new: list[list[tuple[str, str]]], width: int) -> Region | None:
    """The part of the chart that differs (rows from the first to the last changed one, columns
    from the first changed cell to the right edge), or None when nothing changed."""
    first_col, rows = width, []
    for y, (a, b) in enumerate(zip(old, new, strict=True)):
        if a == b:
            continue
        rows.append(y)
        col = 0
        for ra, rb in zip(a, b, strict=False):
            if ra != rb:
                common = 0
                for ca, cb in zip(ra[0], rb[0], strict=False):
                    if ca != cb or ra[1] != rb[1]:
                        break
                    common += 1
                col += common
                break
            col += len(ra[0])
        first_col = min(first_col, col)
    if not rows:
        return None
    return Region(first_col, rows[0], width - first_col, rows[-1] - rows[0] + 1)


class ForceChart(Widget):
    DEFAULT_CSS = "ForceChart { height: 1fr; min-height: 6; }"

    def __init__(self, window_s: float = 10.0, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.window_s = window_s
        self.empty_text = "waiting for the plate ..."   # before two samples came
        self.axis = AxisHold()
        self._strips: list[Strip] = []
        self._rows: list[list[tuple[str, str]]] = []
        self._base: Style | None = None
        self._styles: dict[str, Style] = {}
        self.frames = 0      # charts built (redraw calls that rendered)
        self.paints = 0      # frames that changed something on screen (a region was repainted)
        self._cost_s = 0.0   # running mean of one chart build
        self._last_s = 0.0

    def redraw(self, ring: ForceRing, rate_hz: float, lines: ChartLines, force: bool = False) -> None:
        """Copy the newest window out of the ring and draw it."""
        w, h = self.size.width, self.size.height
        if w < 16 or h < 4:
            return
        start = time.perf_counter()
        interval = min(max(self._cost_s / CHART_SHARE, 1.0 / MAX_RATE_HZ), 1.0 / MIN_RATE_HZ)
        if not force and start - self._last_s < interval * 0.8:
            return
        self._last_s = start
        cpu0 = time.thread_time()
        win = ring.latest(int(self.window_s * max(rate_hz, 1.0)))
        if len(win) < 2:
            return
        rows = render_chart(win, w, h, self.window_s, self.axis, lines)
        base = self.rich_style
        if base != self._base:   # the same Style objects every frame: Rich compares them by hash
            self._base, self._styles = base, {k: base + v for k, v in STYLES.items()}
            self._rows = []
        st = self._styles
        same_shape = len(self._rows) == len(rows) == len(self._strips)
        dirty = changed_region(self._rows, rows, w) if same_shape else Region(0, 0, w, h)
        old, self._rows = self._rows, rows
        self.frames += 1
        if dirty is not None:
            # new strips for the rows that changed only (most frames change a few rows)
            strips = self._strips
            self._strips = [strips[y] if same_shape and old[y] == row
                            else Strip([Segment(t, st[k]) for t, k in row], w) for y, row in enumerate(rows)]
            self.refresh(dirty)
            self.paints += 1
        cost = time.thread_time() - cpu0
        self._cost_s = cost if self.frames == 1 else 0.9 * self._cost_s + 0.1 * cost

    def render_line(self, y: int) -> Strip:
        if y < len(self._strips):
            return self._strips[y]
        if y == 0 and not self._strips:
            return Strip([Segment(self.empty_text.ljust(self.size.width), self.rich_style)])
        return Strip.blank(self.size.width, self.rich_style)
