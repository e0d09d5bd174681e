"""A slow lowering's hidden braking ramp timed on the velocity levelled over its rep
(cruise_edges.rep_levelled): the chunk-wide re-zeroing leaves a level error of a few mm/s at
one rep, which moved the ramp's low crossing - and the lowering's end - by a second."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from test_analysis_seen_launch import BAND, MASS, RATE, _smooth  # the same slow rep's ramps

from forceplate.analysis.cruise_edges import rep_levelled
from forceplate.analysis.motion import _Run
from forceplate.analysis.segment import _turn


def _rep(pause_s: float) -> tuple[np.ndarray, np.ndarray, _Run, _Run]:
    """A 2.5-cm/s lowering from 1 s to 7 s on 1.5-s ramps (11.25 cm; its braking 3.1 N, under
    half the band), a pause, and a raise back up the same 11.25 cm on 1-s ramps (launch 10.5 N)."""
    t = np.arange(0.0, 13.0, 1.0 / RATE)
    up0 = 7.0 + pause_s
    v = -0.025 * (_smooth((t - 1.0) / 1.5) - _smooth((t - 5.5) / 1.5))
    v += 0.05625 * (_smooth((t - up0) / 1.0) - _smooth((t - (up0 + 2.0)) / 1.0))
    down = _Run(start=100, end=int(round(7.0 * RATE)), sign=-1, peak=400)
    up = _Run(start=int(round(up0 * RATE)), end=int(round((up0 + 3.0) * RATE)), sign=1,
              peak=int(round((up0 + 1.5) * RATE)))
    return t, v, down, up


def test_a_touch_and_go_lowering_ends_at_the_turn_despite_a_level_error():
    for pause in (0.0, 0.2):
        t, v, down, up = _rep(pause)
        d = MASS * np.gradient(v, t)
        # the integral reads the rep 6 mm/s up (the 2.5-cm/s cruise at 1.9, as a traced
        # 22-mm/s one at 12): its braking ramp's low crossing came at a true 1.1 cm/s, and
        # the chunk-wide reading ended the lowering 0.28 s early
        end, start = _turn(d, v + 0.006, down, up, BAND)
        assert abs(t[end] - 7.0) < 0.15, (pause, t[end])
        assert end <= start


@settings(max_examples=30, deadline=None)
@given(st.floats(-0.01, 0.01), st.floats(0.0, 1.0))
def test_a_rep_levelled_velocity_has_no_offset_over_the_rep(offset, pause):
    t, v, down, up = _rep(pause)
    w = rep_levelled(v + offset, down.start, up.end)
    # the true rep returns to its top: levelling removes the offset whatever it is
    assert np.allclose(w[down.start:up.end], v[down.start:up.end], atol=2e-4)
