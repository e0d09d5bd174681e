"""Min/max decimation: about two points per screen column, keeping every peak."""

from __future__ import annotations

import numpy as np

from tui.ring import Window


def decimate_minmax(w: Window, columns: int) -> Window:
    """Reduce w to <= 2*columns points: each column keeps its min and max (in time order)."""
    n = len(w)
    columns = max(int(columns), 1)
    if n <= 2 * columns:
        return w
    per = n // columns
    m = per * columns
    start = n - m                       # drop the oldest remainder so the newest edge is exact
    f = w.force_n[start:].reshape(columns, per)
    t = w.time_s[start:].reshape(columns, per)
    p = w.phase[start:].reshape(columns, per)
    rows = np.arange(columns)
    imin, imax = f.argmin(axis=1), f.argmax(axis=1)
    first = np.minimum(imin, imax)
    second = np.maximum(imin, imax)
    pick = np.stack([first, second], axis=1)            # (columns, 2) in time order
    t_out = t[rows[:, None], pick].ravel()
    f_out = f[rows[:, None], pick].ravel()
    p_out = p[rows[:, None], pick].ravel()
    return Window(t_out, f_out, p_out)


def phase_runs(phase: np.ndarray) -> list[tuple[int, int, int]]:
    """Contiguous runs of equal phase code: (start, stop, code), stop exclusive.

    Each run is later plotted as its own series, overlapping its neighbour by one point so the
    line stays continuous across a colour change.
    """
    n = int(phase.shape[0])
    if n == 0:
        return []
    cuts = np.flatnonzero(np.diff(phase)) + 1
    starts = np.concatenate([[0], cuts])
    stops = np.concatenate([cuts, [n]])
    return [(int(a), int(b), int(phase[a])) for a, b in zip(starts, stops, strict=True)]
