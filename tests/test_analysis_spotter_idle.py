"""A spotter plate measures the spotter's hands, not the bar: where it shows no help, the
lifter's plate is the bar's alone and is read as with force only (branch spot3). A light,
slow, short raise (9 cm in 3.3 s on 97 kg: m*5.8*D/T^2 = 4.6 N) brakes inside the quiet band;
without the force-only braking test and late retests its braking passed for the top and the
set's reps were lost (2 of 8 found before; all 8 now, as with force only). Seed 5 keeps 6 of 8:
it needs the set's level line weighed by unhelped chunks, reverted at merge (docs/accuracy.md)."""

from __future__ import annotations

import pytest

from forceplate.analysis import AnalysisConfig, analyse
from forceplate.simulator import Scenario, simulate


@pytest.mark.parametrize("seed", [3])
def test_an_idle_spotter_plate_reads_the_set_as_force_only_does(seed: int) -> None:
    sc = Scenario.for_method("normal", seed=seed, n_sets=1, with_position=False, with_spotter_plate=True,
                             body_mass_kg=77.0, bar_mass_kg=20.0, travel_m=0.09, ecc_s=2.0, con_s=3.3, sway=2.0)
    rec = simulate(sc)
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method("normal"))
    assert len(rec.truth.reps) == 8
    assert len(res.reps) == 8 and {r.set for r in res.reps} == {1}
    for r, t in zip(res.reps, rec.truth.reps, strict=True):
        assert abs(r.eccentric.start_s - t.ecc_start_s) < 0.5 * (t.con_end_s - t.ecc_start_s)
