"""Every plotext call lives here, behind two small functions, so the plotting backend can change.

plotext keeps one global figure: each render clears it, sizes it and builds a fresh string.
Callers get ANSI text and turn it into Rich Text (the widgets never import plotext).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotext as plt

from tui.decimate import phase_runs
from tui.ring import PHASE_CON, PHASE_ECC, Window

# plotext colour names; ANSI colours follow the terminal/Textual theme, so light and dark both read.
PHASE_COLOURS = {PHASE_ECC: "red", PHASE_CON: "blue"}
OTHER_COLOUR = "gray"
BODY_LINE_COLOUR = "green"
SYSTEM_LINE_COLOUR = "orange"
REP_COLOURS = ("red", "blue", "green", "orange", "magenta", "cyan", "yellow", "gray")

# No plate measures 10 MN (a 1000-tonne load): beyond it a value is damage, drawn at the
# edge, so the axis span stays finite (1e308 forces made plotext divide by zero).
CHART_LIMIT_N = 1e7

_lock = threading.Lock()   # the figure is global: one render at a time


@dataclass(frozen=True, slots=True)
class ForceLines:
    body_n: float | None = None
    system_n: float | None = None


def chart_values(force_n: np.ndarray) -> np.ndarray:
    """Forces as drawn: clipped to +-CHART_LIMIT_N (NaN stays NaN and is left out)."""
    return np.clip(np.asarray(force_n, dtype=np.float64), -CHART_LIMIT_N, CHART_LIMIT_N)


def _start(width: int, height: int) -> None:
    plt.clf()
    plt.plotsize(max(width, 10), max(height, 5))
    plt.theme("clear")


def render_force_time(w: Window, width: int, height: int, window_s: float,
                      lines: ForceLines = ForceLines()) -> str:
    """A scrolling force-time chart: one series per contiguous phase run, weight lines across."""
    with _lock:
        _start(width, height)
        t_end = float(w.time_s[-1]) if len(w) else 0.0
        x = w.time_s - t_end          # seconds before now: the newest sample sits at 0
        force = chart_values(w.force_n)
        for a, b, code in phase_runs(w.phase):
            b2 = min(b + 1, len(w))   # overlap one point so the line is unbroken
            ok = np.isfinite(force[a:b2]) & np.isfinite(x[a:b2])
            xs, ys = x[a:b2][ok], force[a:b2][ok]
            if len(xs):
                plt.plot(xs.tolist(), ys.tolist(), color=PHASE_COLOURS.get(code, OTHER_COLOUR), marker="braille")
        finite = force[np.isfinite(force)]
        lo, hi = (float(finite.min()), float(finite.max())) if len(finite) else (0.0, 1000.0)
        for value, colour in ((lines.body_n, BODY_LINE_COLOUR), (lines.system_n, SYSTEM_LINE_COLOUR)):
            if value is not None and np.isfinite(value) and abs(value) <= CHART_LIMIT_N:
                plt.hline(value, colour)
                lo, hi = min(lo, value), max(hi, value)
        pad = max((hi - lo) * 0.08, 20.0)
        plt.ylim(lo - pad, hi + pad)
        plt.xlim(-window_s, 0.0)
        plt.xlabel("s")
        return str(plt.build())


def render_profiles(ecc: Sequence[np.ndarray], con: Sequence[np.ndarray], labels: Sequence[str],
                    width: int, height: int, ylabel: str = "N") -> str:
    """Every rep's eccentric (x 0..1) and concentric (x 1..2) profile, time-normalised, overlaid."""
    with _lock:
        _start(width, height)
        for i, (e, c) in enumerate(zip(ecc, con, strict=True)):
            colour = REP_COLOURS[i % len(REP_COLOURS)]
            label = labels[i] if i < len(labels) else None
            for lo, hi, ys, lab in ((0.0, 1.0, e, label), (1.0, 2.0, c, None)):
                ys = chart_values(ys)
                xs = np.linspace(lo, hi, len(ys))
                ok = np.isfinite(ys)
                if ok.any():
                    plt.plot(xs[ok].tolist(), ys[ok].tolist(), color=colour, marker="braille", label=lab)
        plt.vline(1.0, "gray")
        plt.xlim(0.0, 2.0)
        plt.xticks([0.0, 0.5, 1.0, 1.5, 2.0], ["ecc 0%", "50%", "bottom", "con 50%", "100%"])
        plt.ylabel(ylabel)
        return str(plt.build())
