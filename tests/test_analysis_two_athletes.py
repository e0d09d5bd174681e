"""Several athletes, or jumps and a strength set, in one recording: whoever steps onto the
empty plate stands alone first and is weighed afresh; every set is found, numbered in time
order, the same fed at once (offline) or a block at a time (live)."""

from __future__ import annotations

import numpy as np
import pytest
from analysis_synth import session

from forceplate.analysis import analyse
from forceplate.samples import SampleBlock
from forceplate.simulator.jumps import recording


def _joined(first: SampleBlock, second: SampleBlock) -> SampleBlock:
    t2 = second.time_s - second.time_s[0] + first.time_s[-1] + 1e-3
    return SampleBlock(np.concatenate([first.time_s, t2]), np.concatenate([first.values, second.values]),
                       np.arange(len(first) + len(second)), np.concatenate([first.flags, second.flags]))


def _reps(res):
    return [(r.set, r.rep_in_set, r.movement, round(r.body_mass_kg, 1), round(r.system_mass_kg, 1))
            for r in res.reps]


@pytest.mark.parametrize("second_kg", [60.0, 80.0, 110.0])
def test_the_next_athlete_on_the_empty_plate_is_weighed_alone(second_kg: float) -> None:
    # a 60- or 110-kg lifter after an 80-kg one: their set was lost (read as lifter + bar
    # against the first one's weight, the unrack looked like a load swap)
    a = session(body_kg=80.0, bar_kg=60.0, seed=1)
    b = session(body_kg=second_kg, bar_kg=60.0, seed=2)
    res = analyse(a.info, _joined(a.block, b.block))
    second = [r for r in res.reps if r.set == 2]
    assert len([r for r in res.reps if r.set == 1]) == 5 and len(second) == 5
    assert all(abs(r.body_mass_kg - second_kg) < 1.0 for r in second)
    assert all(abs(r.system_mass_kg - second_kg - 60.0) < 1.0 for r in second)
    assert _reps(analyse(a.info, _joined(a.block, b.block), block_size=137)) == _reps(res)


@pytest.mark.parametrize("seed", [7000, 7002, 7004])
def test_jumps_then_another_athletes_set_in_time_order(seed: int) -> None:
    rec = recording(seed, kinds=("countermovement",), rate_hz=1000.0)
    s = session(body_kg=60.0, rate_hz=1000.0, n_cells=rec.block.values.shape[1], seed=seed)
    joined = _joined(rec.block, s.block)
    res = analyse(rec.info, joined)
    moves = [r.movement for r in res.reps]
    n_jumps = len(rec.jumps)
    assert moves == ["jump"] * n_jumps + ["rep"] * 5, moves
    assert [r.set for r in res.reps] == [1] * n_jumps + [2] * 5
    assert _reps(analyse(rec.info, joined, block_size=137)) == _reps(res)


def test_a_set_then_jumps_in_time_order() -> None:
    rec = recording(7001, kinds=("countermovement",), rate_hz=1000.0)
    s = session(body_kg=rec.body_kg, rate_hz=1000.0, n_cells=rec.block.values.shape[1], seed=5)
    joined = _joined(s.block, rec.block)
    res = analyse(rec.info, joined)
    assert [r.movement for r in res.reps] == ["rep"] * 5 + ["jump"] * len(rec.jumps)
    assert _reps(analyse(rec.info, joined, block_size=137)) == _reps(res)
