"""A recording that starts in the middle of a rep: is the first rep whole?

The analyser measures motion from a rest. The first rest of a recording is a quiet run it
never saw begin when the run starts at the recording's first frames: the lifter may have
been standing still at the top, or already lowering - a slow lowering, or the cruise of any
lowering, keeps the force at m*g and looks quiet. Reps found after such an unseen rest are
whole only if the data shows their lowering begin (phase-physics.md: the velocity is zero at
a rest; to start down from it the force must first dip under the weight):

- measured motion (position / velocity channel): the bar is seen still (under
  MEASURED_STILL_V_M_S) over QUIET_MIN_S before the lowering's start;
- force (the integral, with or without a spotter plate): the launching dip, the force under
  the rest level by more than its noise band, shows before the lowering's braking hump
  (a spotter taking load at the bottom dips the force too, but after the braking). Where
  that spotter lifts the raise (force only), the lowering is untouched: integrated from the
  rest, its velocity is back under REST_REL_V of its peak at the bottom; integrated from a
  lowering in progress, it ends going up (the braking outweighs the launch the data shows);
  and it travels at least MIN_TRAVEL_M (a recording begun at the bottom shows the spotter's
  dip and the raise, no lowering). Without it the data
  began after the launch: the rep's first part is missing, and its start, its lowering time
  and its means would be wrong;
- a lowering a spotter pushed (force only: the push can hide the dip): its start lies at
  least QUIET_MIN_S into the data.

A rep that fails is dropped, never reported as a whole rep (it is the same in live and
offline analysis: both run this stage on the same chunk). A slow, light lowering whose dip
stays inside the sway band cannot be told from a lowering in progress (docs/analysis.md):
its first rep is dropped too - only when the recording began with the bar already unracked.
"""

from __future__ import annotations

import numpy as np

from forceplate.analysis.frames import QUIET_MIN_S
from forceplate.analysis.integrate import Chunk, ChunkResult, chunk_velocity
from forceplate.analysis.motion import FORCE_CUTOFF_HZ, MIN_TRAVEL_M
from forceplate.analysis.proof import MEASURED_STILL_V_M_S, REST_REL_V
from forceplate.analysis.sigproc import cumtrapz, lowpass


def first_rep_whole(ch: Chunk, res: ChunkResult) -> bool:
    """Does the data show the first rep of res (the reps after an unseen first rest) start?"""
    rb = res.reps[0]
    qmin = max(1, int(round(QUIET_MIN_S * ch.rate_hz)))
    if ch.source in ("position", "velocity"):
        if rb.ecc_start < qmin:
            return False             # under QUIET_MIN_S of data before the lowering starts
        v = res.velocity_m_s[rb.ecc_start - qmin:rb.ecc_start]
        return float(np.abs(v).mean()) < MEASURED_STILL_V_M_S
    if rb.assisted in ("lowering", "both") and ch.spotter_n is None:
        # a spotter's push can hide the dip: the start, QUIET_MIN_S into the data, is all we have
        return rb.ecc_start >= qmin
    v, dev, _ = chunk_velocity(ch)
    if rb.assisted == "raising" and ch.spotter_n is None:
        # the spotter taking load at the bottom dips the force just like a launch; the
        # lowering before it is untouched, so integrated from the rest it must stop at the
        # bottom. Integrated from a lowering in progress it ends going up (the braking had
        # more impulse than the launch the data shows)
        low = v[rb.ecc_start:rb.ecc_end + 1]
        peak = -float(low.min()) if low.size else 0.0
        if not peak > 0.0 or abs(float(v[rb.ecc_end])) > REST_REL_V * peak:
            return False
        # ... and it travels as far as a phase must (a recording begun at the bottom shows
        # the spotter's dip and the raise, no lowering)
        if -float(cumtrapz(low, ch.t[rb.ecc_start:rb.ecc_end + 1])[-1]) < MIN_TRAVEL_M:
            return False
    d = lowpass(dev, ch.rate_hz, FORCE_CUTOFF_HZ)[:max(rb.ecc_end, 1)]
    # the dip comes before the lowering's braking (the force over the weight at the bottom);
    # a spotter taking load at the bottom dips the force too, but after the braking
    brake = int(np.argmax(d))
    return brake > 0 and float(np.min(d[:brake])) < -ch.band_n


def drop_partial_first(ch: Chunk, res: ChunkResult) -> ChunkResult:
    """res without its first rep if the data does not show that rep begin."""
    if not res.reps or first_rep_whole(ch, res):
        return res
    return ChunkResult(res.reps[1:], res.velocity_m_s, res.residual_velocity_m_s)
