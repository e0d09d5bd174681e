"""Every plotext call lives here, behind a small function, so the plotting backend can change.

The live force-time chart is drawn by tui.raster (numpy; plotext is too slow at 25 frames/s).

plotext keeps one global figure: each render clears it, sizes it and builds a fresh string.
Callers get ANSI text and turn it into Rich Text (the widgets never import plotext).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
import plotext as plt

from tui.raster import ChartLines

ForceLines = ChartLines   # the reference lines of the live chart (kept name)

REP_COLOURS = ("red", "blue", "green", "orange", "magenta", "cyan", "yellow", "gray")

# No plate measures 10 MN (a 1000-tonne load): beyond it a value is damage, drawn at the
# edge, so the axis span stays finite (1e308 forces made plotext divide by zero).
CHART_LIMIT_N = 1e7

_lock = threading.Lock()   # the figure is global: one render at a time


def chart_values(force_n: np.ndarray) -> np.ndarray:
    """Forces as drawn: clipped to +-CHART_LIMIT_N (NaN stays NaN and is left out)."""
    return np.clip(np.asarray(force_n, dtype=np.float64), -CHART_LIMIT_N, CHART_LIMIT_N)


def _start(width: int, height: int) -> None:
    plt.clf()
    # plotext caps a plot at the terminal size it read once, at import: an app started at 80
    # columns (or served to a browser, no terminal) drew an 80-column chart on a 150-column
    # screen. The widget's own size is the limit here.
    plt.limitsize(False, False)
    plt.plotsize(max(width, 10), max(height, 5))
    plt.theme("clear")


def legend_lines(labels: Sequence[str], width: int) -> list[str]:
    """The reps' colours and names as lines of at most width cells, to stand above the plot
    (plotext's own legend sits inside the plot, over the lowering curves)."""
    lines: list[str] = []
    line, used = "", 0
    for i, label in enumerate(labels):
        item = f"━━ {label}"
        if used and used + 2 + len(item) > width:
            lines.append(line)
            line, used = "", 0
        sep = "  " if used else ""
        line += sep + plt.colorize(item, REP_COLOURS[i % len(REP_COLOURS)])
        used += len(sep) + len(item)
    if used:
        lines.append(line)
    return lines


def render_profiles(ecc: Sequence[np.ndarray], con: Sequence[np.ndarray], labels: Sequence[str],
                    width: int, height: int, ylabel: str = "N") -> str:
    """Every rep's eccentric (x 0..1) and concentric (x 1..2) profile, time-normalised, overlaid;
    the legend on its own lines above the plot."""
    legend = legend_lines(labels[:len(ecc)], width)
    with _lock:
        _start(width, height - len(legend))
        for i, (e, c) in enumerate(zip(ecc, con, strict=True)):
            colour = REP_COLOURS[i % len(REP_COLOURS)]
            for lo, hi, ys in ((0.0, 1.0, e), (1.0, 2.0, c)):
                ys = chart_values(ys)
                xs = np.linspace(lo, hi, len(ys))
                ok = np.isfinite(ys)
                if ok.any():
                    plt.plot(xs[ok].tolist(), ys[ok].tolist(), color=colour, marker="braille")
        plt.vline(1.0, "gray")
        plt.xlim(0.0, 2.0)
        plt.xticks([0.0, 0.5, 1.0, 1.5, 2.0], ["ecc 0%", "50%", "bottom", "con 50%", "100%"])
        plt.ylabel(ylabel)
        return "\n".join([*legend, str(plt.build())])
