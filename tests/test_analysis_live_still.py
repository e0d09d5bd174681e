"""A measured bar's quiet run whose start frames._still_from puts late (the bar still stopping
while the force was already quiet) gives the same reps fed in blocks as fed whole: the frames
of earlier blocks between the run's late start and the current block are tested against the
run's level too (review of the position-channel rests; wide-world draws that diverged)."""

from __future__ import annotations

import numpy as np
import pytest

from forceplate.analysis import Analyser, AnalysisConfig, analyse
from forceplate.samples import SampleBlock
from forceplate.simulator import random_scenario, simulate


def _key(r):
    return (r.eccentric.start_s, r.eccentric.end_s, r.concentric.start_s, r.concentric.end_s,
            r.assisted)


@pytest.mark.parametrize("method,seed", [("forced_negative", 8027), ("beyond_failure", 8020),
                                         ("beyond_failure", 8021)])
@pytest.mark.parametrize("block", [7, 137])
def test_a_late_still_start_gives_the_same_reps_fed_in_blocks(method, seed, block):
    rec = simulate(random_scenario(np.random.default_rng(seed), method, world="wide"))
    assert rec.info.channels and any("position" in c.name for c in rec.info.channels)
    cfg = AnalysisConfig.for_method(method)
    b = rec.block()
    whole = analyse(rec.info, b, cfg)
    an = Analyser(rec.info, cfg)
    for k in range(0, len(b), block):
        an.feed(SampleBlock(b.time_s[k:k + block], b.values[k:k + block], b.seq[k:k + block],
                            b.flags[k:k + block]))
    an.finish()
    assert whole.reps
    assert [_key(r) for r in an.reps] == [_key(r) for r in whole.reps]


def test_a_recording_that_starts_still_on_the_rack_is_tared():
    # the stream's first frame has no frame before it: _still_from took that as "not still",
    # moved the first quiet run 0.21 s on, and an empty-plate stretch of 1.0-1.25 s fell under
    # the 1-s weighing: the tare was lost (classic beyond failure, seed 8062)
    rec = simulate(random_scenario(np.random.default_rng(8062), "beyond_failure", world="classic"))
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method("beyond_failure"))
    assert [w.t_start_s for w in res.weighings if w.kind == "tare" and w.accepted][:1] == [0.05]
