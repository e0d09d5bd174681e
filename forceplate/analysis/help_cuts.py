"""A spotter plate's measured helps: their on and off edges, helps of one phase joined, and
the top rest between two reps' helps in one chunk (spotted.py takes each part as one rep)."""

from __future__ import annotations

import numpy as np

from forceplate.analysis.sigproc import bool_runs

# --- thresholds ------------------------------------------------------------------------------
EDGE_LEVEL_REL = 0.5        # the spotter's help is on/off where it crosses this share of its level:
                            # the middle of its ramp (a hand takes 0.1-0.9 s to take or give load)
TOP_SEARCH_S = 1.0          # s, the top rest between two helped reps is looked for this far from
                            # the help that ends at (or starts from) the top
QUIET_WIN_S = 0.2           # s, the plate force is averaged over this to find the quietest frame
HELP_GAP_S = 0.6           # s, two helps closer than this are one: between two reps' helps lie the
                           # untouched phase (>= 0.5 s) and the ends of the rest between them


def help_edges(e: np.ndarray) -> list[tuple[int, int, int]]:
    """(on, off, sign) of each stretch of measured spotter force: where it first and last
    stands at EDGE_LEVEL_REL of the stretch's median level (sign +1: lifts, -1: pushes down)."""
    starts, ends = bool_runs(e != 0.0)
    out: list[tuple[int, int, int]] = []
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        seg = e[a:b]
        level = float(np.median(seg))
        if level == 0.0:
            continue
        sign = 1 if level > 0 else -1
        over = np.flatnonzero(sign * seg >= EDGE_LEVEL_REL * abs(level))
        if over.size:
            out.append((a + int(over[0]), min(a + int(over[-1]) + 1, e.size - 1), sign))
    return out


def _merged(edges: list[tuple[int, int, int]], max_gap: int) -> list[tuple[int, int, int]]:
    """Helps of one sign less than max_gap frames apart joined: one phase's help that dipped
    under the spotter plate's threshold (an uneven spotter) is one help, and two reps' helps
    are kept apart by the other, untouched phase and the rest between them."""
    out: list[tuple[int, int, int]] = []
    for on, off, sign in edges:
        if out and out[-1][2] == sign and on - out[-1][1] < max_gap:
            out[-1] = (out[-1][0], off, sign)
        else:
            out.append((on, off, sign))
    return out


def _top_cuts(edges: list[tuple[int, int, int]], d_plate: np.ndarray, rate_hz: float,
              band_n: float) -> list[int]:
    """Between each two helps of one sign, the frame where the bar rests at the top: a lift's
    help ends at the top (the rest follows it), a push's starts from it (the rest comes just
    before) - the quietest plate force (its mean |deviation| over QUIET_WIN_S) within
    TOP_SEARCH_S of that help edge. A short top rest that never became quiet enough to be
    proven still has the bar at zero speed."""
    reach = max(2, int(round(TOP_SEARCH_S * rate_hz)))
    win = max(1, int(round(QUIET_WIN_S * rate_hz)))
    k = np.ones(win) / win
    quiet = np.convolve(np.abs(d_plate), k, mode="same")
    mean = np.convolve(d_plate, k, mode="same")
    under, over = mean < -band_n, mean > band_n
    cuts: list[int] = []
    for (_, off, sign), (on, _, _) in zip(edges[:-1], edges[1:], strict=True):
        lo, hi = (off, min(on, off + reach)) if sign > 0 else (max(off, on - reach), on)
        if hi - lo < 2:
            return []
        # the top lies between the raise's braking and the next lowering's unweighting (the
        # plate under m*g): a raise's cruise is as quiet (no m*a) and came first in a push's
        # window (classic 2003: the cut 0.4 s into the raise, its rep lost). Which dip is which
        # from the bar's order, not the window's: a braking follows the raise's launch (the
        # last rise over the band), an unweighting follows a quiet top (QUIET_WIN_S in the
        # band) - a push starting 0.1-0.3 s into the lowering puts the unweighting last in
        # its window, a lift released before the raise ends its braking first
        if sign < 0:
            dips = np.flatnonzero(under[lo:hi])
            # rises before the last dip only: the push itself shows over the band at the end
            rise = np.flatnonzero(over[lo:lo + (int(dips[-1]) if dips.size else 0)])
            after = lo + (int(rise[-1]) + 1 if rise.size else 0)
            starts, ends = bool_runs(under[after:hi])
            if starts.size and hi - (after + int(ends[0])) >= 2:
                lo = after + int(ends[0])
        else:
            starts, ends = bool_runs(under[lo:hi])
            settled = [i for i, a in enumerate(starts.tolist())
                       if a >= win and not (under[lo + a - win:lo + a] | over[lo + a - win:lo + a]).any()]
            if settled and int(starts[settled[0]]) >= 2:
                i = settled[0]
                # and after the dip before it: the raise's braking, a help let go early
                first = lo + (int(ends[i - 1]) if i > 0 else 0)
                lo, hi = first, lo + int(starts[i])
        cuts.append(lo + int(np.argmin(quiet[lo:hi])))
    return cuts
