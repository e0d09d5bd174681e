"""The spotter plate's sign, pinned by Newton's third law: a spotter lifting the bar (E > 0)
is pushed down by it, so their plate reads their weight + E; pushing the bar down unloads it."""

from __future__ import annotations

import numpy as np
import pytest

from forceplate.analysis import AnalysisConfig, analyse
from forceplate.simulator import Scenario, simulate
from forceplate.units import G


def _spotter_plate(rec) -> np.ndarray:
    j = rec.info.channel_index("spotter_force")
    assert j is not None
    return rec.block().values[:, j]


@pytest.mark.parametrize("seed", [2, 9])
def test_forced_positive_spotter_plate_reads_above_standing_weight_while_lifting(seed):
    rec = simulate(Scenario.for_method("forced_positive", seed=seed, with_spotter_plate=True))
    spot = _spotter_plate(rec)
    t = rec.time_s
    first = rec.truth.reps[0]
    standing = float(np.median(spot[t < first.ecc_start_s - 0.5]))
    assert standing == pytest.approx(rec.scenario.spotter_mass_kg * G, abs=15.0)
    for tr in rec.truth.reps:
        assert tr.assisted == "raising"
        mid = (t > tr.con_start_s + 0.3 * tr.con_duration_s) & (t < tr.con_end_s - 0.3 * tr.con_duration_s)
        # the spotter lifts ~30% of the load: their plate carries that on top of their weight
        assert spot[mid].mean() - standing > 0.5 * tr.con_spotter_mean_n > 0


def test_forced_negative_spotter_plate_reads_below_standing_weight_while_pushing():
    rec = simulate(Scenario.for_method("forced_negative", seed=4, with_spotter_plate=True))
    spot = _spotter_plate(rec)
    t = rec.time_s
    standing = float(np.median(spot[t < rec.truth.reps[0].ecc_start_s - 0.5]))
    for tr in rec.truth.reps:
        mid = (t > tr.ecc_start_s + 0.3 * tr.ecc_duration_s) & (t < tr.ecc_end_s - 0.3 * tr.ecc_duration_s)
        assert tr.ecc_spotter_mean_n < 0
        assert spot[mid].mean() - standing < 0.5 * tr.ecc_spotter_mean_n


@pytest.mark.parametrize(("method", "side"), [("forced_positive", "raising"), ("forced_negative", "lowering")])
def test_analyser_reads_the_spotter_plate_with_the_physical_sign(method, side):
    """With E = reading - spotter weight, plate + E = m(g + a): the phases come out right and the
    spotter is placed in the phase it really helped. The opposite sign would double the
    spotter's effect instead of cancelling it."""
    rec = simulate(Scenario.for_method(method, seed=3, with_spotter_plate=True))
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method(method))
    assert len(res.reps) == len(rec.truth.reps)
    for r, tr in zip(res.reps, rec.truth.reps, strict=True):
        assert r.phase_source == "spotter_plate" and r.assisted == side
        assert abs(r.eccentric.end_s - tr.ecc_end_s) < max(0.25, 0.1 * tr.ecc_duration_s)
