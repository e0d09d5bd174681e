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

_lock = threading.Lock()   # the figure is global: one render at a time


def _start(width: int, height: int) -> None:
    plt.clf()
    plt.plotsize(max(width, 10), max(height, 5))
    plt.theme("clear")


def render_profiles(ecc: Sequence[np.ndarray], con: Sequence[np.ndarray], labels: Sequence[str],
                    width: int, height: int, ylabel: str = "N") -> str:
    """Every rep's eccentric (x 0..1) and concentric (x 1..2) profile, time-normalised, overlaid."""
    with _lock:
        _start(width, height)
        for i, (e, c) in enumerate(zip(ecc, con, strict=True)):
            colour = REP_COLOURS[i % len(REP_COLOURS)]
            label = labels[i] if i < len(labels) else None
            if len(e):
                plt.plot(np.linspace(0.0, 1.0, len(e)).tolist(), np.asarray(e).tolist(),
                         color=colour, marker="braille", label=label)
            if len(c):
                plt.plot(np.linspace(1.0, 2.0, len(c)).tolist(), np.asarray(c).tolist(),
                         color=colour, marker="braille")
        plt.vline(1.0, "gray")
        plt.xlim(0.0, 2.0)
        plt.xticks([0.0, 0.5, 1.0, 1.5, 2.0], ["ecc 0%", "50%", "bottom", "con 50%", "100%"])
        plt.ylabel(ylabel)
        return str(plt.build())
