"""Where a raise launches inside the up hump that ends a lowering, from the force alone (one
plate, d = F - m*g on the analysis's frames): the bottom where the hump has given back what the
lowering's unweighting took, and whether a hump is the raise's launch rather than the lowering's
braking (force_edges walks back from a spotter's step to these); and a lowering's launch, the
unweighting that takes off its speed, after a bent integral's onset (assisted)."""

from __future__ import annotations

import numpy as np

from forceplate.analysis.motion import EDGE_REL

# --- thresholds ------------------------------------------------------------------------------
LAUNCH_PEAK_REL = 3.0       # x the lowering's deepest unweighting (or the band): a hump this tall is no braking
HIDDEN_LOWERING_MIN_S = 0.5 # s, a lowering whose unweighting stays inside the band lasts at least
                            # sqrt(5.8*m*D/band): 0.8 s for 5 cm on 45 kg in a 20-N band; a hump
                            # sooner after the rest follows no lowering (an unrack's, a step's)
LAUNCH_SHARE = 0.5          # share of the re-zeroed lowering's peak speed one dip of the force must
                            # take off to be the lowering's launch (a smooth unweighting takes off all of
                            # it; sway dips of 2-5 N for 0.3 s on 100 kg take off 6-15 mm/s)
LAUNCH_KEEP = 0.25          # share of the hump's impulse the bar must still carry up at its end: a
                            # braking hump ends with the bar stopped (the impulse since the rest ~0)


def launch_after(vv: np.ndarray, d: np.ndarray, on: int, kk: int, band: float,
                 peak: float) -> int | None:
    """A lowering's unweighting the force shows after the ONSET_REL crossing `on` (before the
    peak kk): the bar is still at the top until its launch, and a smooth lowering's unweighting
    takes off the speed it reaches, so a dip under -EDGE_REL of the band that alone takes off
    LAUNCH_SHARE of the peak speed is the launch, and the "speed" the re-zeroed integral read
    before it is the level's bend (a plate drifting 0.12 N/s and sway under a 3-s top on 111
    kg: 18 mm/s of a 55-mm/s lowering, its start 1-3 s early, wide 15769). Only where the quiet
    before the dip is longer than the dip itself (a smooth launch's shallow start is shorter
    than its deep part): else `on` is inside the launch and the walk back dates it. Only the
    first dip after the onset, and only where the travel read before it is no more than after
    it. None if no such dip."""
    deep = np.flatnonzero(d[on:kk + 1] < -EDGE_REL * band)
    if not deep.size:
        return None
    # only the first dip after the onset: the bar is still until its launch, so the force is
    # quiet from the onset to it; a later dip is sway inside a slow lowering already going
    # (review: a heavy 6-s lowering's sway dip read as its launch, the start 2-5 s late, sure)
    cut = np.flatnonzero(np.diff(deep) > 1)
    s = on + int(deep[0])
    e = on + int(deep[cut[0]] if cut.size else deep[-1])
    back = np.flatnonzero(d[e:] >= -EDGE_REL * band)          # the dip's own end, past the peak
    e_end = min(e + (int(back[0]) if back.size else d.size - 1 - e), vv.size - 1)
    if float(vv[s] - vv[e_end]) < LAUNCH_SHARE * peak:
        return None
    # the level's bend cannot have carried most of the lowering: the travel the re-zeroed
    # integral reads before the dip is no more than after it
    if -float(np.sum(vv[on:s])) > -float(np.sum(vv[s:])):
        return None
    return int(s) if s - on > e_end - s else None


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
