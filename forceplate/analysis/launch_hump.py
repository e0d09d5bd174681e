"""Where a raise launches inside the up hump that ends a lowering, from the force alone (one
plate, d = F - m*g on the analysis's frames): the bottom where the hump has given back what the
lowering's unweighting took, and whether a hump is the raise's launch rather than the lowering's
braking (force_edges walks back from a spotter's step to these)."""

from __future__ import annotations

import numpy as np

# --- thresholds ------------------------------------------------------------------------------
LAUNCH_PEAK_REL = 3.0       # x the lowering's deepest unweighting (or the band): a hump this tall is no braking
HIDDEN_LOWERING_MIN_S = 0.5 # s, a lowering whose unweighting stays inside the band lasts at least
                            # sqrt(5.8*m*D/band): 0.8 s for 5 cm on 45 kg in a 20-N band; a hump
                            # sooner after the rest follows no lowering (an unrack's, a step's)
LAUNCH_KEEP = 0.25          # share of the hump's impulse the bar must still carry up at its end: a
                            # braking hump ends with the bar stopped (the impulse since the rest ~0)


def launch_in_hump(d: np.ndarray, a: int, h0: int, h1: int, band: float, rate_hz: float) -> int | None:
    """Where the up hump d[h0:h1] after a lowering begun at a starts launching the bar, or None
    where it is all braking. A braking hump gives back the momentum the lowering's unweighting
    took (the bar stops: measured 0.9-1.2 of it), no more; what it gives beyond that sends the
    bar up (m*a = F - m*g + E, and the spotter's E >= 0 only adds), so the raise began inside
    it (bottom_in_hump) and the quiet or the dip between it and the step down is the raise's
    cruise with the spotter's help under it, not a hold or a grab at the bottom."""
    if h1 <= h0 or h0 <= a:
        return None
    unweighting = -float(np.min(d[a:h0]))
    if unweighting < band and h0 - a < HIDDEN_LOWERING_MIN_S * rate_hz:
        return None          # no lowering before it: none shown, and too short to hide one
    deepest = max(band, unweighting)
    if float(np.max(d[h0:h1])) < LAUNCH_PEAK_REL * deepest:
        return None
    # tall is not enough: a slow lowering that stops hard brakes far above its unweighting, then
    # pauses at the bottom; a launch leaves the bar still going up at the hump's end (review: a
    # 1-2-s pause read as the raise's cruise, the raise 1-2 s early). Low: the sum from the rest
    # also carries the level error over the lowering
    if float(np.sum(d[a:h1])) < LAUNCH_KEEP * float(np.sum(np.clip(d[h0:h1], 0.0, None))):
        return None
    split = bottom_in_hump(d, a, h0, h1, band)
    return split if split < h1 else None


def bottom_in_hump(d: np.ndarray, a: int, h0: int, h1: int, band: float) -> int:
    """The bottom inside the up hump d[h0:h1] that ends a lowering begun after a: where the
    hump has given back the momentum the lowering's unweighting took (the humps carry the
    velocity changes; inside the band the bar cruises, and summing only the humps keeps a
    level error off the seconds of cruise). A hump that is all braking ends at the bottom; one
    that runs on into the launch is split there; after an unweighting too slow to leave the
    band, the braking was as faint and the hump is all launch."""
    seg = d[a:h0]
    took = -float(np.sum(seg[seg < -band]))     # the unweighting (none seen: none to give back)
    gave = np.cumsum(d[h0:h1])
    k = np.flatnonzero(gave >= took)
    return h0 + int(k[0]) if k.size else h1
