"""Live = offline: the analysis fed in blocks as a plate or a replay delivers them gives the same
reps, boundaries, flags, verdicts, sets and weighings as the whole recording fed at once (the
cases benchmarks/bench_live_offline.py found differing, each with its cause)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from forceplate.analysis import AnalysisConfig, analyse
from forceplate.analysis.analyser import AnalysisResult
from forceplate.samples import ReaderInfo, SampleBlock
from forceplate.simulator import jumps as sim_jumps
from forceplate.simulator import random_scenario, simulate


def fed(info: ReaderInfo, block: SampleBlock, config: AnalysisConfig | None, size: int) -> AnalysisResult:
    """The analyser fed `size`-sample blocks, as a live plate delivers them."""
    return analyse(info, block, config, block_size=size)


def _rows(res: AnalysisResult) -> list[dict]:
    out = [r.to_row() for r in res.reps] + [s.to_row() for s in res.sets]
    return out + [{f: getattr(w, f) for f in w.__dataclass_fields__} for w in res.weighings]


def assert_same(off: AnalysisResult, live: AnalysisResult) -> None:
    assert [(r.rep, r.set, r.rep_in_set) for r in live.reps] == [(r.rep, r.set, r.rep_in_set) for r in off.reps]
    assert [(s.set, s.reps) for s in live.sets] == [(s.set, s.reps) for s in off.sets]
    a, b = _rows(off), _rows(live)
    assert len(a) == len(b)
    for ra, rb in zip(a, b, strict=True):
        for k, v in ra.items():
            w = rb[k]
            if isinstance(v, float) and isinstance(w, float):
                assert (math.isnan(v) and math.isnan(w)) or math.isclose(v, w, rel_tol=1e-9, abs_tol=1e-12), k
            else:
                assert v == w, k


@pytest.mark.parametrize("size", [137, 997])
def test_hops_stay_one_set_when_a_landing_stance_reads_as_another_mass(size):
    # 14 hops at 50 Hz: a stance between hops reads as a mass change (the rest stage), which
    # live came before the jump stage had reported the last hops (it waits AFTER_S after a
    # landing) - it ended the jump set there, 12 + 2 hops; offline the jump set opened after
    # every rest decision, 14 in one. A jump set ends when the athlete steps off (or a movement
    # without flight follows), not on a level change of the stance.
    rec = sim_jumps.recording(1, rate_hz=50.0)
    off = analyse(rec.info, rec.block)
    assert [s.reps for s in off.sets] == [14]
    assert_same(off, fed(rec.info, rec.block, None, size))


@pytest.mark.parametrize("rate_hz,size", [(100.0, 61), (1000.0, 997)])
def test_a_chunk_without_flight_or_reps_between_hops_leaves_the_jump_set_open(rate_hz, size):
    # 9 hops: live, a movement between two rests without flight (the stance between hop
    # series) ended the jump set before it was segmented - it gave no rep; offline every
    # chunk is decided before the jump stage opens its set, so the rule never fired: 1 set
    # offline, 2 live. Only strength reps after jumps begin a new set.
    rec = sim_jumps.recording(24, rate_hz=rate_hz)
    off = analyse(rec.info, rec.block)
    assert [s.reps for s in off.sets] == [9]
    assert_same(off, fed(rec.info, rec.block, None, size))


def _wide(seed: int, method: str, **channels: bool):
    """The scenario bench_live_offline.py draws for (seed, method, channel kind)."""
    rng = np.random.default_rng(seed)
    kinds = [{"with_position": False, "with_spotter_plate": False},
             {"with_position": True, "with_spotter_plate": False},
             {"with_position": False, "with_spotter_plate": True}]
    for m in ("normal", "slow_negatives", "beyond_failure", "forced_positive", "forced_negative"):
        for extra in kinds:
            sc = random_scenario(rng, m, world="wide", **extra)
            if m == method and extra == channels:
                return sc
    raise AssertionError("no such scenario")


@pytest.mark.parametrize("size", [61, 137])
def test_a_quiet_run_reaching_its_test_length_at_a_block_start_is_tested(size):
    # a measured bar (250 Hz): a quiet run whose start _still_from put late, in the next
    # block, reached QUIET_MIN_S exactly at that block's first frame and was never tested as
    # a rest live - rep 16's lowering began 60 ms early (135.64 s, offline 135.70 s)
    sc = _wide(8960, "beyond_failure", with_position=True, with_spotter_plate=False)
    rec = simulate(sc)
    info, block, cfg = rec.info, rec.block(), AnalysisConfig.for_method("beyond_failure")
    assert_same(analyse(info, block, cfg), fed(info, block, cfg, size))
