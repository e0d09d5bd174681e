"""Where a force hump starts or ends: its flank extrapolated to zero as a smooth (min-jerk)
start or stop leaves it, and the braking hump that ends a raise (segment.py's force-only
boundaries)."""

from __future__ import annotations

import numpy as np

# --- thresholds ------------------------------------------------------------------------------
FLANK_HI = 0.5              # a hump's flank is taken between this share of its peak ...
FLANK_LO = 0.25             # ... and this one, and extrapolated linearly to zero
FLANK_TAIL = 1.3            # ... over this many times the time it took from FLANK_HI to FLANK_LO.
                            # A jerk-continuous (quintic) speed step's force leaves zero as
                            # x^2(1-x)^2: from 25 % of its peak to zero takes 1.77 times as long as
                            # from 50 % to 25 %; a minimum-jerk one's (a human's) as x(1-x): 0.84
                            # (a raised cosine's sine 0.93). Both are near-straight from 25 to 50 %
                            # (the 37.5 % crossing 0.475-0.509 of the way), so the flank cannot
                            # tell them apart: the mean leaves either within 0.04 of the hump's
                            # span, where 1.77 began minimum-jerk starts 0.07 early (a straight
                            # line's 1.0 was 6 % off on the quintic)
STOP_FIT_STEPS = 16         # peaks (and half as many half-spans) a cut-off braking hump is
                            # fitted over at first, then finer grids around the best down to a
                            # frame (the tolerance is 150 ms; a fine grid over all of it doubled
                            # the analysis time)
STOP_FINE = 7               # ... each finer grid: this many values across the last grid's step
                            # either side of its best
STOP_IMPULSE_REL = 1.3      # a cut-off hump's impulse may be this many times m*v where it begins:
                            # a stop's is m*v (0.75-1.2 measured, v re-zeroed over a chunk whose
                            # end cut a moving bar reads low); humps of 1.5-4 m*v running 0.6-1.7 s
                            # past the chunk were a spotter's help under m*g or a level error
                            # (a lifted beyond-failure raise read 1.2-3.6 s long, wide 8502)
STOP_MIN_S = 0.15           # s, the shortest braking hump fitted (a fast raise's stop: 0.3-0.5 of
                            # a 0.5-s raise)


def flank_edge(d: np.ndarray, lo: int, hi: int, sign: int, leading: bool) -> int | None:
    """Where the hump of the given sign in d[lo:hi] starts (leading) or ends, its flank
    extrapolated to zero: from 50 % to 25 % of its peak the force falls as far as from 25 % to
    zero (a smooth start or stop: the acceleration leaves zero with a finite slope). The edge
    where the hump crosses half the noise band comes late on a slow launch and early on a slow
    stop (by 0.5*band / slope: 0.1-0.2 s on a 2-s raise of a 120-kg system)."""
    seg = d[lo:hi] if sign == 1 else sign * d[lo:hi]     # (1 * x is x: no copy)
    if seg.size < 4:
        return None
    k = int(seg.argmax())
    peak = float(seg[k])
    if peak <= 0.0:
        return None
    # each crossing is the first True of a comparison run outwards from the peak (argmax of
    # a boolean array: the first True, or 0 with none - one call, no index array)
    if leading:
        below = seg[k::-1] <= FLANK_HI * peak
        j = int(below.argmax())
        if not below[j]:
            return None
        i50 = k - j
        below = seg[i50::-1] <= FLANK_LO * peak
        j = int(below.argmax())
        if not below[j]:
            return None
        i25 = i50 - j
        return lo + max(0, i25 - int(round(FLANK_TAIL * (i50 - i25))))
    below = seg[k:] <= FLANK_HI * peak
    j = int(below.argmax())
    if not below[j]:
        return None
    i50 = k + j
    below = seg[i50:] <= FLANK_LO * peak
    j = int(below.argmax())
    if not below[j]:
        return None
    i25 = i50 + j
    return lo + min(seg.size - 1, i25 + int(round(FLANK_TAIL * (i25 - i50))))


def braking_edge(d: np.ndarray, lo: int, at: int, stop: int, floor: float) -> int | None:
    """Where the braking hump (force under m*g) that holds frame `at`, or ends there, ends: its
    trailing flank extrapolated to zero (flank_edge) - None if its peak is under `floor` N.
    The hump is the one from where the force last sat at or over m*g before `at` (not before
    lo) to where it is back there (not after stop): a sticking point's sag mid-way up brakes
    too, often harder than the stop (a 7-cm fatigued raise of 158 kg: 11.5 N at the sag, 9.6 N
    at the stop), and the flank of the largest hump after the peak speed was that sag's, the
    raise's end 0.2-0.4 s early."""
    if at <= lo:
        return None
    over = (d[lo:at] >= 0.0).nonzero()[0]
    h0 = lo + (int(over[-1]) + 1 if over.size else 0)
    back = (d[at:stop] >= 0.0).nonzero()[0]
    h1 = at + int(back[0]) + 1 if back.size else stop
    if h1 - h0 < 4 or -float(np.minimum.reduce(d[h0:h1])) < floor:   # (= .min())
        return None
    return flank_edge(d, h0, h1, -1, leading=False)


def stop_past_end(d: np.ndarray, v: np.ndarray, peak: int, floor: float, mass_kg: float,
                  rate_hz: float) -> float:
    """Frames a raise's stop runs on past the end of d (N off m*g per frame; v its re-zeroed
    velocity, m/s), where its braking hump (force under m*g after the peak speed at `peak`) is
    cut off there: 0 if it is not, the hump is under `floor` N or brakes more than the bar's
    speed where it begins needs (m*v, STOP_IMPULSE_REL). A smooth stop's braking is a symmetric
    hump (min-jerk: -A*16x^2(1-x)^2 over its span), fitted to d from `peak` on by least squares
    over its peak and span (its height is linear), its peak inside d: the rest was proven
    inside the stop's tail (the force 2-10 N under m*g in a sway band of 6-24 N, the chunk
    ended 0.2-0.6 s before the bar stopped). A fit reads the whole hump through the sway; its
    largest frame and last zero crossing, one sway half-wave each, put the stop 0.2-0.3 s late
    as often as they fixed one (explore 8000-8039)."""
    seg = d[peak:]
    n = seg.size
    if n < 8 or float(seg[-1]) >= 0.0:
        return 0.0       # the force back at m*g where d ends: no braking runs on past it
    # a coarse grid of peaks and half-spans, then finer ones around the best (the two are
    # nearly independent: the peak's place and the flank's width), down to a frame
    step = float(max(1, n // STOP_FIT_STEPS))
    halves = np.unique(np.round(np.geomspace(max(2.0, 0.5 * STOP_MIN_S * rate_hz), 2.0 * n, STOP_FIT_STEPS // 2)))
    best = _hump_fit(seg, np.arange(0.0, n, step), halves)
    if best is None:
        return 0.0
    k = int(np.searchsorted(halves, best[1]))
    h_lo, h_hi = halves[max(0, k - 1)], halves[min(halves.size - 1, k + 1)]
    while True:
        fine_h = np.unique(np.round(np.linspace(h_lo, h_hi, STOP_FINE)))
        fine_p = np.unique(np.round(np.linspace(max(0.0, best[0] - step), min(n - 1.0, best[0] + step), STOP_FINE)))
        best = _hump_fit(seg, fine_p, fine_h) or best
        if step <= 1.0 and h_hi - h_lo <= STOP_FINE:
            break
        step = max(1.0, 2.0 * step / (STOP_FINE - 1))
        dh = max(1.0, (h_hi - h_lo) / (STOP_FINE - 1))
        h_lo, h_hi = max(1.0, best[1] - dh), best[1] + dh
    top, half, height = best
    if height < floor:
        return 0.0
    # the hump's impulse (height * span * 8/15) stops the bar: it balances m*v where it begins
    # (the raise's acceleration's impulse), no more
    impulse_n_s = height * 2.0 * half / rate_hz * (8.0 / 15.0)
    if impulse_n_s > STOP_IMPULSE_REL * mass_kg * float(v[peak + int(top - half)]):
        return 0.0
    return max(0.0, top + half - (n - 1))


def _hump_fit(seg: np.ndarray, tops: np.ndarray, halves: np.ndarray) -> tuple[float, float, float] | None:
    """(peak, half-span, height) of the braking hump -height*16x^2(1-x)^2 that fits seg best by
    least squares among these peaks (inside seg: a hump seen to its end fits best ending
    there, nothing past) and half-spans, starting inside seg; None if none brakes."""
    n = seg.size
    top, half = (a.ravel() for a in np.meshgrid(tops, halves, indexing="ij"))
    # the braking begins after the peak speed (the acceleration crosses zero there): a hump
    # from before it is a lifted raise's help (the spotter's hands under m*g for seconds,
    # fitted as a 7-s stop) or a level error
    keep = top >= half
    if not keep.any():
        return None
    top, half = top[keep], half[keep]
    x = np.arange(n, dtype=np.float64)[None, :] - (top - half)[:, None]
    x /= 2.0 * half[:, None]
    np.clip(x, 0.0, 1.0, out=x)
    m = x * (1.0 - x)
    m *= m
    mm = np.einsum("ij,ij->i", m, m)
    dm = m @ seg
    score = np.where(dm < 0.0, dm * dm / np.maximum(mm, 1e-12), -1.0)   # SSE = |seg|^2 - score
    j = int(np.argmax(score))
    if score[j] <= 0.0:
        return None
    return float(top[j]), float(half[j]), -float(dm[j]) / (16.0 * float(mm[j]))
