"""A measured bar (position channel): a still bar that rose is at a top where the method's raises
never hang part-way up (forced negatives, forced positives), however far that top sits under the
last one - lockouts differ rep to rep by centimetres (classic 5031: a forced negative's 11-cm
lift topped out 4.9 cm under the last top, and 5 of the set's 7 reps were lost)."""

from __future__ import annotations

import pytest
from analysis_synth import session, unassisted_ok

from forceplate.analysis import AnalysisConfig, analyse

# rep 1 tops out 8 cm high (a lockout spread of 3 cm: up to 3 SDs), every later top 7.5-8.5 cm
# under it: measured from that top, a later top is under two thirds of the chunk's depth back
# up; each was refused, the chunk ran past MAX_CHUNK_S and the set's later reps were lost
LOCKOUTS = (0.08, 0.0, -0.005, 0.003, -0.004, 0.005, 0.0, -0.003, 0.004, -0.005, 0.0)


def _lowered_tops(method: str):
    s = session(with_position=True, body_kg=125.0, bar_kg=32.0, travel_m=0.11, ecc_s=2.0,
                con_s=1.3, pause_s=0.9, rest_s=0.3, reps=len(LOCKOUTS), rate_hz=500.0, seed=3,
                lockouts_m=LOCKOUTS)
    return s, analyse(s.info, s.block, AnalysisConfig.for_method(method))


@pytest.mark.parametrize("method", ["forced_negative", "forced_positive"])
def test_a_measured_top_under_the_last_lockout_is_a_top_where_raises_never_hang(method):
    s, res = _lowered_tops(method)
    assert len(res.reps) == len(s.reps)
    for r, tr in zip(res.reps, s.reps, strict=True):
        assert r.phase_source == "position"
        assert unassisted_ok(r.eccentric.start_s, tr.ecc_start_s, tr.ecc_end_s - tr.ecc_start_s)
        assert unassisted_ok(r.concentric.end_s, tr.con_end_s, tr.con_end_s - tr.con_start_s)


def test_a_top_low_in_the_lift_is_still_a_hang_where_raises_can_fail():
    """Beyond failure keeps its two-thirds: a stall part-way up must not pass for the top.
    The same recording there still loses the reps after the high top."""
    s, res = _lowered_tops("beyond_failure")
    assert len(res.reps) < len(s.reps)
