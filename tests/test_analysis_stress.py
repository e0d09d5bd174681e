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
