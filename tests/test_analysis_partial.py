"""A recording that starts in the middle of a rep (the lifter already lowering when record is
pressed): the partial first rep is never reported as a whole rep (forceplate/analysis/partial.py)."""

from __future__ import annotations

import numpy as np
import pytest

from forceplate.analysis import Analyser, AnalysisConfig, analyse
from forceplate.samples import SampleBlock
from forceplate.simulator import Scenario, simulate


def _from(block: SampleBlock, t0: float) -> SampleBlock:
    i = int(np.searchsorted(block.time_s, t0))
    return SampleBlock(block.time_s[i:], block.values[i:], block.seq[i:], block.flags[i:])


@pytest.fixture(scope="module")
def slow_light():
    """A slow, light, short lowering with a bar position channel: the bar creeps down at
    under 2 cm/s, slow enough to look quiet, so a recording started in it opened on what
    looked like a rest."""
    sc = Scenario.for_method("slow_negatives", seed=1, n_sets=1, reps_per_set=4, travel_m=0.08,
                             ecc_s=5.0, bar_mass_kg=20.0, with_position=True)
    rec = simulate(sc)
    tr = rec.truth.reps[1]
    t0 = tr.ecc_start_s + 0.3 * (tr.ecc_end_s - tr.ecc_start_s)   # 30 % into rep 2's lowering
    return rec, t0


def _whole(rec, t0: float, rep) -> bool:
    """The reported rep is one of the true reps that lie wholly in the data."""
    for tr in rec.truth.reps:
        if tr.ecc_start_s >= t0:
            tol = max(0.5, 0.1 * (tr.con_end_s - tr.ecc_start_s))
            if (abs(rep.eccentric.start_s - tr.ecc_start_s) <= tol
                    and abs(rep.concentric.end_s - tr.con_end_s) <= tol):
                return True
    return False


def test_a_lowering_in_progress_is_not_reported_as_a_whole_rep(slow_light):
    rec, t0 = slow_light
    res = analyse(rec.info, _from(rec.block(), t0), AnalysisConfig.for_method("slow_negatives"))
    assert res.reps, "the reps wholly inside the recording are still found"
    for rep in res.reps:
        assert _whole(rec, t0, rep), (
            f"rep {rep.rep} {rep.eccentric.start_s:.2f}-{rep.concentric.end_s:.2f} s is not a whole "
            f"rep of the recording (it began at {t0:.2f} s)")


def test_live_agrees_block_by_block(slow_light):
    """The dashboard's analyser, fed 20-ms blocks from the recording's first sample, drops the
    same partial rep (one implementation)."""
    rec, t0 = slow_light
    blk = _from(rec.block(), t0)
    cfg = AnalysisConfig.for_method("slow_negatives")
    an = Analyser(rec.info, cfg)
    for i in range(0, len(blk), 20):
        an.feed(SampleBlock(blk.time_s[i:i + 20], blk.values[i:i + 20], blk.seq[i:i + 20], blk.flags[i:i + 20]))
    an.finish()
    offline = analyse(rec.info, blk, cfg)
    assert [r.eccentric.start_s for r in an.reps] == pytest.approx([r.eccentric.start_s for r in offline.reps])


def test_a_recording_from_before_the_unrack_keeps_its_first_rep(slow_light):
    """The check only concerns a recording's first rest: one that starts on an empty plate sees
    the lifter step on and unrack, and its first rep is kept."""
    rec, _ = slow_light
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method("slow_negatives"))
    first = rec.truth.reps[0]
    assert res.reps and abs(res.reps[0].eccentric.start_s - first.ecc_start_s) < 0.5


def test_force_only_lowering_just_begun_is_not_a_rep():
    """Force only, a spotter lifting the raises: the recording begins 30 ms into a 6-s lowering,
    after its launch. The quiet cruise looked like a rest; the rep after it used to be reported
    from there (lowered in 4.6 s of a 6-s lowering)."""
    sc = Scenario.for_method("forced_positive", seed=1, n_sets=1, reps_per_set=4)
    rec = simulate(sc)
    t0 = rec.truth.reps[1].ecc_start_s + 0.03
    res = analyse(rec.info, _from(rec.block(), t0), AnalysisConfig.for_method("forced_positive"))
    assert res.reps
    for rep in res.reps:
        assert _whole(rec, t0, rep), f"rep from {rep.eccentric.start_s:.2f} s is not whole (cut {t0:.2f} s)"


def test_a_recording_begun_in_a_slow_lowering_finds_the_set_s_own_rest_level():
    # record pressed 5 % into the set's first lowering (classic world, 500 Hz, force only):
    # the launch's quiet stretch, tens of N under m*g, became the first rest, no top was ever
    # proven against it, and 5 of 9 whole reps were found. The tops recur at one other level,
    # and the chunk between two of them proves a rep: the rests are there (rests.py
    # _rests_elsewhere), and every whole rep is found
    from forceplate.simulator import random_scenario

    sc = random_scenario(np.random.default_rng(8706), "slow_negatives", world="classic")
    rec = simulate(sc)
    tr = rec.truth.reps[0]
    t0 = tr.ecc_start_s + 0.05 * (tr.ecc_end_s - tr.ecc_start_s)
    res = analyse(rec.info, _from(rec.block(), t0),
                  AnalysisConfig.for_method("slow_negatives", body_mass_kg=sc.body_mass_kg))
    whole = [t for t in rec.truth.reps if t.ecc_start_s >= t0]
    assert len(res.reps) == len(whole)
    for rep in res.reps:
        assert _whole(rec, t0, rep)
    assert abs(res.system_mass_kg / sc.system_mass_kg - 1) < 0.01
