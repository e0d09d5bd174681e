"""Fixes from the stress run past the wide world's ranges (benchmarks/bench_stress.py)."""

from __future__ import annotations

import numpy as np

from forceplate.analysis.jump_events import Weigh
from forceplate.analysis.jump_metrics import JumpParts, analyse_jump
from forceplate.units import G


def test_a_take_off_before_its_contact_began_is_no_jump():
    # noise15 seed 8002 slow negatives: the kept samples began in a flight-like dip of a strength
    # set, so the "take-off" (sample 0) came before the contact (sample 432): an IndexError
    rate = 1200.0
    t = np.arange(16644) / rate
    f = 80.0 * G + 15.0 * np.random.default_rng(0).standard_normal(t.size)
    w = Weigh(a=16643, b=16644, level_n=809.0, sd_n=28.0, run_a=16643, brief=True)
    for kind, weigh in (("drop", w), ("standing", None), ("drop", None)):
        parts = JumpParts(kind, t, f, 0.0, 20.0, contact_start=432, takeoff=0, landing=2421,
                          peak_end=2500, weighing=weigh, mass_kg=80.0, rate_hz=rate)
        assert analyse_jump(parts) is None


def test_the_lifter_standing_alone_after_a_drifting_set_is_the_body():
    # drift0.45 seed 8000 slow negatives: the plate's zero drifted 38 N over the 85-s set (the
    # reweighs showed it); the lifter standing alone after the rack read 38 N over the body as
    # weighed before the set, past the 29-N match - as a load, and the two sets merged
    from forceplate.analysis import AnalysisConfig
    from forceplate.analysis.analyser import Analyser
    from forceplate.samples import ChannelInfo, ReaderInfo

    info = ReaderInfo("synthetic", "Synthetic plate", "SYN", (ChannelInfo("cell1", "N", "force"),), 1000.0)
    an = Analyser(info, AnalysisConfig.for_method("normal"))
    an._tare_n = 0.0
    an._body_n = an._body_ref_n = 822.0
    an._system_ref_n = 1890.0
    an._drift_now_n = 38.0           # from the reweighs of lifter + bar
    assert an._role(860.0) == "body"
    assert an._role(1928.0) == "system"
    an._drift_now_n = 0.0            # no drift shown: 38 N off the body is no body
    assert an._role(860.0) == "system"
