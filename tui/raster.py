"""The live force-time chart drawn with numpy into quadrant-block cells: bold, cheap, no plotext.

Why not plotext here: building a plotext figure costs 10-20 ms of pure Python per frame at
120x36, which alone is most of the CPU budget at 25 frames a second. This draws the same
chart in about 1 ms: every pixel column (half a cell) keeps the min/max of its samples joined to
its neighbour (no peak is lost), lines are two pixels thick (a full cell row: readable from two
metres), each column takes the colour of its phase. Output is rows of (text, colour key) runs;
the widget maps keys to styles. No Textual here. (plotext still draws the rep-profile chart.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from tui.axis import AxisHold, finite_range
from tui.ring import PHASE_CON, PHASE_ECC, Window

# colour keys of the runs
NONE, ECC, CON, OTHER, BODY, SYSTEM, AXIS, LABEL = "none", "ecc", "con", "other", "body", "system", "axis", "label"
_KEY_OF_CODE = {PHASE_ECC: ECC, PHASE_CON: CON}
_KEYS = (NONE, ECC, CON, OTHER, BODY, SYSTEM)      # index = per-cell key code
_CODE_OF_PHASE = np.array([3, 1, 2], np.int8)      # ring phase code (other, ecc, con) -> key code
# quadrant characters indexed by tl + 2*tr + 4*bl + 8*br
_QUAD = np.array(list(" ▘▝▀▖▌▞▛▗▚▐▜▄▙▟█"))
LINE_PX = 2           # line thickness in pixels (half a cell each)
Run = tuple[str, str]  # (text, colour key)


@dataclass(frozen=True, slots=True)
class ChartLines:
    """Horizontal reference lines, N (body weight; body plus bar)."""

    body_n: float | None = None
    system_n: float | None = None


def _fmt(v: float) -> str:
    return f"{v:.0f}" if abs(v) < 1e5 else f"{v:.0e}"


def legend_runs(width: int, lines: ChartLines) -> list[Run]:
    """Top row: the unit at the left, the legend at the right."""
    return list(_legend(width, lines.body_n is not None, lines.system_n is not None))


@lru_cache(maxsize=64)
def _legend(width: int, body: bool, system: bool) -> tuple[Run, ...]:
    items: list[Run] = [("━━ lowering", ECC), ("  ", NONE), ("━━ raising", CON)]
    if body:
        items += [("  ", NONE), ("── body", BODY)]
    if system:
        items += [("  ", NONE), ("╌╌ body+bar", SYSTEM)]
    unit = "force N"
    room = width - 1              # a blank cell at the right: the legend must not run into the next panel's border
    used = len(unit) + sum(len(t) for t, _ in items)
    if used + 1 > room:           # narrow: the legend alone, shortened
        items = [("━ lower", ECC), (" ", NONE), ("━ raise", CON)]
        used = len(unit) + sum(len(t) for t, _ in items)
    gap = max(room - used, 1)
    return ((unit, LABEL), (" " * gap, NONE), *items, (" ", NONE))


def render_chart(w: Window, width: int, height: int, window_s: float, axis: AxisHold,
                 lines: ChartLines = ChartLines()) -> list[list[Run]]:
    """height rows of runs exactly width cells wide (empty list if too small to draw)."""
    if width < 16 or height < 4:
        return []
    rng = finite_range(w.force_n, lines.body_n, lines.system_n)
    t_end = float(w.time_s[-1]) if len(w) else 0.0
    if rng is not None:
        axis.update(rng[0], rng[1], t_end)
    lo, hi = axis.lo, axis.hi
    ticks = axis.ticks()
    gutter = max(len(_fmt(v)) for v in ticks) + 1
    cols, rows = width - gutter - 1, height - 2
    pw, ph = cols * 2, rows * 2
    grid = np.zeros((ph, pw), bool)
    colkey = np.zeros(pw, np.int8)
    if len(w) >= 2 and rng is not None:
        # The right edge moves in whole cells: between two steps old samples keep their cells and
        # only the newest cell changes, so the widget repaints a sliver, not the whole chart.
        cell_s = window_s / cols
        right = math.ceil(t_end / cell_s) * cell_s if math.isfinite(t_end) else 0.0
        x = ((w.time_s - (right - window_s)) / window_s * pw).astype(np.int64)
        first = int(np.searchsorted(x, 0))   # in time order: the samples left of the plot come first
        x, f, ph_code = x[first:], w.force_n[first:], w.phase[first:]
        if len(x):
            x = np.minimum(x, pw - 1)
            starts = np.concatenate(([0], np.flatnonzero(x[1:] != x[:-1]) + 1))
            ends = np.concatenate((starts[1:], [len(x)]))
            cx = x[starts]
            # Force -> pixel row (clip, scale, round) never reverses an order, so each pixel
            # column's top and bottom rows are the rows of its highest and lowest force: map
            # ~2 values a column instead of every sample. NaN (drawn at the bottom) breaks that
            # shortcut: then every sample is mapped first, as it was.
            fhi, flo = np.maximum.reduceat(f, starts), np.minimum.reduceat(f, starts)
            if np.isnan(fhi).any():
                f = np.nan_to_num(f, nan=lo, posinf=hi, neginf=lo)
                fhi, flo = np.maximum.reduceat(f, starts), np.minimum.reduceat(f, starts)
            ymin = _pixel_rows(fhi, lo, hi, ph)
            ymax = _pixel_rows(flo, lo, hi, ph)
            last = _pixel_rows(f[ends - 1], lo, hi, ph)
            prev = np.concatenate(([last[0]], last[:-1]))     # join each column to the one before
            top = np.minimum(ymin, prev)
            bot = np.maximum(ymax, prev) + (LINE_PX - 1)
            r = np.arange(ph)[:, None]
            grid[:, cx] = (r >= top[None, :]) & (r <= bot[None, :])
            code = np.clip(ph_code[ends - 1], 0, 2)
            colkey[cx] = _CODE_OF_PHASE[code]
    quad = (grid[0::2, 0::2].astype(np.int8) + 2 * grid[0::2, 1::2] + 4 * grid[1::2, 0::2]
            + 8 * grid[1::2, 1::2])
    cellkey = np.where(colkey[1::2] > 0, colkey[1::2], colkey[0::2])[None, :].repeat(rows, 0)
    cellkey = np.where(quad > 0, cellkey, 0)
    chars = _QUAD[quad]
    for value, key, ch in ((lines.body_n, 4, "─"), (lines.system_n, 5, "╌")):
        if value is not None and np.isfinite(value) and lo <= value <= hi:
            row = int(round((hi - value) / (hi - lo) * (ph - 1))) // 2
            empty = quad[row] == 0
            chars[row, empty] = ch
            cellkey[row, empty] = key
    tick_rows = {int(round((hi - v) / (hi - lo) * (ph - 1))) // 2: v for v in ticks}
    texts = np.ascontiguousarray(chars).view(f"<U{cols}").ravel().tolist()   # one string per row, no join
    keys = cellkey.astype(np.int8, copy=False)
    out: list[list[Run]] = [legend_runs(width, lines)]
    blank = " " * gutter
    for i in range(rows):
        tick = tick_rows.get(i)
        label = blank if tick is None else _fmt(tick).rjust(gutter - 1) + " "
        out.append(list(_row_runs(label, tick is not None, texts[i].ljust(cols), keys[i].tobytes())))
    out.append(list(_x_axis(width, gutter, cols, window_s)))
    return out


def _pixel_rows(force_n: np.ndarray, lo: float, hi: float, ph: int) -> np.ndarray:
    """Pixel row of each force (0 at the top), clipped to the axis (force_n holds no NaN)."""
    f = np.clip(force_n, lo, hi)
    return ((hi - f) / (hi - lo) * (ph - 1)).round().astype(np.int64)  # type: ignore[no-any-return]


@lru_cache(maxsize=1024)
def _row_runs(label: str, tick: bool, text: str, keys: bytes) -> tuple[Run, ...]:
    """One plot row as runs of one colour key each. Most rows are the same as a frame ago
    (only the newest cells change), so rows are cached by what they show."""
    codes = np.frombuffer(keys, np.int8)
    cuts = [0, *(np.flatnonzero(codes[1:] != codes[:-1]) + 1).tolist(), len(text)]
    return ((label, LABEL), ("┤" if tick else "│", AXIS),
            *((text[a:b], _KEYS[codes[a]]) for a, b in zip(cuts[:-1], cuts[1:], strict=True)))


@lru_cache(maxsize=64)
def _x_axis(width: int, gutter: int, cols: int, window_s: float) -> tuple[Run, ...]:
    """Seconds before now under the plot: -10 s ... 0 s."""
    step = 2.0 if window_s <= 12 else 5.0
    cells = [" "] * (cols + 1)
    k = 0
    while k * step <= window_s + 1e-9:
        t = -k * step
        label = f"{t:.0f}" + (" s" if k == 0 else "")
        end = cols - int(round(k * step / window_s * cols))
        start = max(end - len(label) + 1, 0)
        if all(c == " " for c in cells[max(start - 1, 0):end + 1]):
            cells[start:start + len(label)] = list(label)
        k += 1
    return ((" " * gutter + "".join(cells)[:width - gutter], LABEL),)
