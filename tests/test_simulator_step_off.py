"""The simulated lifter asked to step off the plate (MockReader.ask_to_step_off: the dashboard's
tare and weigh) does it: finishes the rep in hand and racks the bar, steps off, stays off long
enough for a tare, stands on long enough to be weighed and carries on - and the truth says
what the samples show."""

from __future__ import annotations

import numpy as np
import pytest

from forceplate.registry import create_reader
from forceplate.samples import SampleBlock
from forceplate.simulator import MockReader
from forceplate.simulator.truth import Truth
from tui.ring import Window
from tui.weighing import EMPTY_LIMIT_N, weigh_progress

AFTER_S = 60.0   # s streamed after the request


def _read_to(r: MockReader, t_s: float) -> SampleBlock:
    blocks = []
    while r.time_s < t_s:
        b = r.read(timeout_s=1.0)
        assert b is not None
        blocks.append(b)
    return SampleBlock.concat(blocks)


def _ask_time(truth: Truth, when: str) -> float:
    """When, in a session left alone, the request comes."""
    st, reps = truth.sets[0], truth.reps
    return {
        "empty": 0.1,                                              # before stepping on
        "standing": truth.mass_changes[0].end_s + 0.1,             # on, before the unrack
        "lowering": (reps[1].ecc_start_s + reps[1].ecc_end_s) / 2,
        "raising": (reps[2].con_start_s + reps[2].con_end_s) / 2,
        "between_reps": (reps[0].con_end_s + reps[1].ecc_start_s) / 2,
        "resting": truth.mass_changes[[c.kind for c in truth.mass_changes].index("rack")].end_s + 1.0,
        "settling": st.unrack_s + 0.8,                             # bar on, before the first rep
    }[when]


def _weighed_at(block: SampleBlock, info: object, from_s: float) -> tuple[float, float]:
    """The weigh dialog's guidance ticked every 0.1 s from from_s: (when weighed, mass kg)."""
    f = block.total_force_n(info)  # type: ignore[arg-type]
    t = block.time_s
    tare = None
    for now in np.arange(from_s, t[-1], 0.1):
        i1 = int(np.searchsorted(t, now))
        i0 = int(np.searchsorted(t, now - 3.0))
        step = weigh_progress(Window(t[i0:i1], f[i0:i1], np.zeros(i1 - i0, np.int8)), tare)
        tare = step.tare_n
        if step.mass_kg is not None:
            return float(now), step.mass_kg
    raise AssertionError("never weighed")


@pytest.mark.parametrize("seed,method,when", [
    (0, "slow_negatives", "lowering"), (1, "forced_negative", "raising"),
    (2, "beyond_failure", "between_reps"), (3, "forced_positive", "settling"),
    (4, None, "empty"), (5, None, "standing"), (6, "slow_negatives", "resting"),
    (7, "beyond_failure", "lowering"),
])
def test_asked_to_step_off_the_lifter_does_and_the_truth_follows(seed: int, method: str | None, when: str) -> None:
    opts = {"seed": seed, "realtime": False, "position": True, **({"method": method} if method else {})}
    with create_reader("mock", **opts) as ref:
        alone = _read_to(ref, 120.0)
        ask_s = _ask_time(ref.truth, when)
    with create_reader("mock", **opts) as r:
        before = _read_to(r, ask_s)
        asked_s = r.time_s
        r.ask_to_step_off()
        block = SampleBlock.concat([before, _read_to(r, asked_s + AFTER_S)])
        truth, info = r.truth, r.info
    # what was handed out stays as it was
    assert np.array_equal(before.values, alone.values[:len(before)])
    assert np.array_equal(block.seq, np.arange(len(block)))
    t, f = block.time_s, block.total_force_n(info)

    # the rep in hand finished, the bar racked, off within a few seconds
    offs = [c for c in truth.mass_changes if c.kind == "step_off" and c.start_s >= asked_s]
    if when == "empty":   # off the plate already: stays off
        assert not offs or offs[0].start_s > asked_s + 20.0
        off_start, off_end, settle_s = asked_s, asked_s, 0.0
    else:   # the step-off's bounce dies within 0.5 s
        off_start, off_end, settle_s = offs[0].start_s, offs[0].end_s, 0.5
    assert off_start - asked_s < 12.0
    on = next(c for c in truth.mass_changes if c.kind == "step_on" and c.start_s > off_start)
    racked = [s for s in truth.sets if s.unrack_s < asked_s]
    assert all(s.rack_s < off_start for s in racked)
    # off long enough to tare, then on and still long enough to be weighed
    empty = (t > off_end + settle_s) & (t < on.start_s)
    assert t[empty][-1] - t[empty][0] > 1.5 and np.abs(f[empty]).max() < EMPTY_LIMIT_N
    weighed_s, mass_kg = _weighed_at(block, info, asked_s)
    assert on.end_s < weighed_s < on.end_s + 3.0 and weighed_s < asked_s + 20.0
    assert mass_kg == pytest.approx(truth.body_mass_kg, abs=0.3)
    # then the next set
    later = [s for s in truth.sets if s.unrack_s > weighed_s]
    assert later and later[0].n_reps > 0

    # the truth: sets numbered on, reps inside their set, boundaries where the bar moved
    assert [s.set for s in truth.sets] == list(range(1, len(truth.sets) + 1))
    starts = [c.start_s for c in truth.mass_changes]
    assert starts == sorted(starts)
    assert len(truth.step_on_s) == len(truth.step_off_s) + 1
    z = block.values[:, [c.kind for c in info.channels].index("position")]
    for s in truth.sets:
        if s.rack_s > t[-1]:
            continue   # under way: its reps so far only
        reps = [p for p in truth.reps if p.set == s.set]
        assert len(reps) == s.n_reps and [p.rep_in_set for p in reps] == list(range(1, s.n_reps + 1))
        assert all(s.unrack_s < p.ecc_start_s and p.con_end_s < s.rack_s for p in reps)
        if s.positive_failure_rep is not None:
            assert s.negatives_after_failure == s.n_reps - s.positive_failure_rep
    for p in truth.reps:
        if p.con_end_s < t[-1]:
            zi = np.interp([p.ecc_start_s, p.ecc_end_s, p.con_start_s, p.con_end_s], t, z)
            assert zi[0] - zi[1] == pytest.approx(p.travel_m, abs=0.003)
            assert zi[3] - zi[2] == pytest.approx(p.rise_m, abs=0.003)
    # no jump where the plan changed: the force goes on as smoothly as before the request
    k = len(before)
    assert abs(f[k] - f[k - 1]) < 4 * np.abs(np.diff(f[max(0, k - 500):k])).max() + 1.0


def test_asked_again_and_while_off_it_stays_right() -> None:
    """A second request (the dialog cancelled and opened again) while the lifter steps off or is
    off: off again, weighed again, the truth consistent."""
    with create_reader("mock", seed=9, realtime=False, method="slow_negatives") as r:
        _read_to(r, 12.0)
        r.ask_to_step_off()
        _read_to(r, r._truth.step_off_s[-1] + 1.0)   # off the plate, maybe not yet tared
        again = r.time_s
        r.ask_to_step_off()
        block = _read_to(r, again + 30.0)
        truth = r.truth
    weighed_s, mass_kg = _weighed_at(block, r.info, again)
    assert weighed_s < again + 10.0 and mass_kg == pytest.approx(truth.body_mass_kg, abs=0.3)
    assert [s.set for s in truth.sets] == list(range(1, len(truth.sets) + 1))
    kinds = [c.kind for c in truth.mass_changes]
    on_off = [k for k in kinds if k in ("step_on", "step_off")]
    assert on_off == ["step_on", "step_off"] * (len(on_off) // 2) + ["step_on"] * (len(on_off) % 2)
