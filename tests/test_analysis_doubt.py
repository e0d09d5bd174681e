"""Branch bfb: reps whose reading the chunk's own physics contradicts are flagged "look
again" (confidence under 0.5), not shown as sure: a force-only chunk read as pushed where the
method's spotter only lifts (a lift takes load off the plate and loses velocity; one that
gained it shows a level error or reps run together), and a lifted rep whose chunk shows the
bar rising before the lift's bottom (another raise of the lifter's own in it)."""

from __future__ import annotations

import numpy as np

from forceplate.analysis import AnalysisConfig, analyse, doubt
from forceplate.analysis.integrate import RepBounds
from forceplate.simulator import random_scenario, simulate

SHOWN_UNSURE = 0.5      # tui.verdicts.LOW_CONFIDENCE: under this the dashboard says "look again"
RATE_HZ = 1000.0


def _wide_beyond_failure(seed: int, k: int):
    """The k-th scenario `bench_phases.py --seeds SEED --n 4 --methods beyond_failure` draws."""
    rng = np.random.default_rng(seed)
    for _ in range(k + 1):
        sc = random_scenario(rng, "beyond_failure", world="wide")
    return sc


def _reps(sc):
    rec = simulate(sc)
    return analyse(rec.info, rec.block(), AnalysisConfig.for_method(sc.method)).reps


def test_pushed_reading_in_a_lifting_method_is_flagged():
    """Explore 8038 (beyond failure, 8 cm, force only): chunks of the lifter's own reps gained
    velocity and were read as pushed, their boundaries from levels 0.7-17 s off and shown as
    sure (0.6). No beyond-failure spotter pushes: every such reading is flagged."""
    reps = _reps(_wide_beyond_failure(8038, 2))
    pushed = [r for r in reps if r.assisted == "lowering"]
    assert pushed, "the scenario's misread chunks are gone: re-pick one"
    assert all(r.confidence < SHOWN_UNSURE for r in pushed)


def test_lift_after_a_rise_of_its_own_is_flagged():
    """Explore 8054 (beyond failure, 8 cm, force only): a chunk of several of the lifter's own
    reps read as one lifted rep (its lowering 23 s long), shown as sure (0.5). The integral
    re-zeroed between the rest before and the lift's bottom rises by metres-worth of reps
    before that bottom: flagged."""
    reps = _reps(_wide_beyond_failure(8054, 0))
    long_lifts = [r for r in reps if r.assisted == "raising" and r.eccentric.duration_s > 15.0]
    assert long_lifts, "the scenario's run-together reps are gone: re-pick one"
    assert all(r.confidence < SHOWN_UNSURE for r in long_lifts)


def _rb(ecc_end: int, confidence: float = 0.5) -> RepBounds:
    return RepBounds(0, ecc_end, ecc_end + 1, ecc_end + 2, "force_levels", confidence, "raising", True, False)


class _Ch:
    """What doubted_lift reads of a chunk: times, rate, mass (the noise from dev)."""

    def __init__(self, n: int, mass_kg: float) -> None:
        self.t = np.arange(n) / RATE_HZ
        self.rate_hz = RATE_HZ
        self.mass_kg = mass_kg


def _lowering(depth_m: float, dur_s: float) -> np.ndarray:
    x = np.arange(int(dur_s * RATE_HZ)) / (dur_s * RATE_HZ)
    return -2.0 * depth_m / dur_s * np.sin(np.pi * x) ** 2      # raised cosine: travel depth_m


def test_rise_before_bottom_one_lowering_and_a_rep_first():
    """One lowering from the top only goes down (rise 0); a whole 10-cm rep before it rises
    10 cm. With a level error's line on the forward integral (re-zeroed away at the bottom)."""
    rest = np.zeros(500)
    one = np.concatenate([rest, _lowering(0.1, 3.0)])
    rep = np.concatenate([rest, _lowering(0.1, 2.0), -_lowering(0.1, 2.0)[::-1], rest, _lowering(0.1, 3.0)])
    for v in (one, rep):
        v += 0.02 * np.arange(v.size) / v.size          # a level error: 0.02 m/s by the bottom
    assert doubt.rise_before_bottom(one, one.size - 1, RATE_HZ) < 1e-3
    assert abs(doubt.rise_before_bottom(rep, rep.size - 1, RATE_HZ) - 0.1) < 0.01


def test_doubted_lift_flags_only_past_the_noise():
    """A lifted rep keeps its confidence where the chunk shows one lowering; one whose chunk
    rose a whole rep before the bottom drops to DOUBT_CONFIDENCE; a rise under the integrated
    noise (a noisy plate, a light lifter) does not count."""
    rest = np.zeros(500)
    rep = np.concatenate([rest, _lowering(0.1, 2.0), -_lowering(0.1, 2.0)[::-1], rest, _lowering(0.1, 3.0)])
    quiet = np.zeros(rep.size)
    ch = _Ch(rep.size, 150.0)
    assert doubt.doubted_lift(_rb(rep.size - 1), ch, rep, quiet).confidence == doubt.DOUBT_CONFIDENCE
    one = np.concatenate([rest, _lowering(0.1, 3.0)])
    assert doubt.doubted_lift(_rb(one.size - 1), _Ch(one.size, 150.0), one, np.zeros(one.size)).confidence == 0.5
    # a light lifter on a noisy plate: the frame noise integrates to metres over the chunk
    noisy = np.random.default_rng(1).normal(0.0, 400.0, rep.size)
    assert doubt.doubted_lift(_rb(rep.size - 1), _Ch(rep.size, 40.0), rep, noisy).confidence == 0.5
