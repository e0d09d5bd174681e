"""The simulator's other smooth ramps (kinematics.RAMPS): a stress knob no world draws."""

from __future__ import annotations

import numpy as np
import pytest

from forceplate.errors import BadInputError
from forceplate.simulator import Scenario, random_scenario, simulate
from forceplate.simulator.kinematics import RAMPS, Motion, phase_shape
from forceplate.units import G


@pytest.mark.parametrize("ramp", list(RAMPS))
def test_every_ramp_eases_from_knot_to_knot(ramp: str) -> None:
    s, ds, i, peak = RAMPS[ramp]
    x = np.linspace(0.0, 1.0, 200_001)
    assert s(x)[0] == pytest.approx(0.0) and s(x)[-1] == pytest.approx(1.0)
    assert ds(x)[0] == pytest.approx(0.0, abs=1e-12) and ds(x)[-1] == pytest.approx(0.0, abs=1e-12)
    assert np.all(np.diff(s(x)) >= 0.0)
    # S' is S's slope, I its integral (I(1) = 1/2: a knot's position moves by the mean speed)
    assert np.abs(np.gradient(s(x), x) - ds(x)).max() < 1e-3
    assert np.abs(np.gradient(i(x), x) - s(x)).max() < 1e-6
    assert i(x)[-1] == pytest.approx(0.5)
    assert ds(x).max() == pytest.approx(peak, rel=1e-6)


@pytest.mark.parametrize("ramp", [r for r in RAMPS if r != "quintic"])
def test_a_phase_moves_exactly_under_any_ramp_and_differs_from_the_quintic(ramp: str) -> None:
    rng = np.random.default_rng(7)
    times, levels = phase_shape(rng, 5.0, fast=False)
    t = np.linspace(1.0, 6.0, 5001)
    out = {}
    for r in ("quintic", ramp):
        motion = Motion(t=[1.0], v=[0.0], z=[0.0], ramp=r)
        motion.phase(-0.1, times, levels)
        z, v, a = motion.evaluate(t)
        assert z[-1] == pytest.approx(-0.1, abs=1e-12)
        assert v[0] == 0.0 and v[-1] == 0.0 and np.all(v[1:-1] < 0)
        dt = t[1] - t[0]
        assert np.abs(np.cumsum((v[1:] + v[:-1]) / 2) * dt - (z[1:] - z[0])).max() < 1e-6
        assert np.abs(np.cumsum((a[1:] + a[:-1]) / 2) * dt - v[1:]).max() < 1e-5
        out[r] = v
    assert np.abs(out[ramp] - out["quintic"]).max() > 1e-3 * np.abs(out["quintic"]).max()


def test_the_worlds_keep_the_quintic_and_a_ramp_changes_no_draw() -> None:
    a = random_scenario(np.random.default_rng(5), "forced_positive", world="wide")
    b = random_scenario(np.random.default_rng(5), "forced_positive", world="wide", ramp="cosine")
    assert a.ramp == "quintic" and b == a.with_(ramp="cosine")
    with pytest.raises(BadInputError):
        Scenario(ramp="square")


@pytest.mark.parametrize("ramp", ["cosine", "minjerk", "linear"])
def test_a_session_under_another_ramp_conserves_momentum_and_its_truth(ramp: str) -> None:
    sc = Scenario.for_method("forced_positive", seed=3, ramp=ramp, reps_per_set=3)
    rec = simulate(sc)
    base = simulate(sc.with_(ramp="quintic"))
    assert not np.allclose(rec.velocity_m_s[: base.velocity_m_s.size], base.velocity_m_s[: rec.velocity_m_s.size])
    t, v = rec.time_s, rec.velocity_m_s
    for rep in rec.truth.reps:
        peak = float(np.abs(v[(t >= rep.ecc_start_s) & (t <= rep.con_end_s)]).max())
        for b in (rep.ecc_start_s, rep.ecc_end_s, rep.con_start_s, rep.con_end_s):
            # the truth's boundaries are rests (between samples: a (time left)^2 tail, 1 ms off)
            assert abs(float(np.interp(b, t, v))) < 1e-3 * peak
    # F + E = m (g + a): what the plate and the spotter give the system over the set
    loaded = rec.mass_kg >= sc.system_mass_kg - 1e-9
    share = rec.clean_force_n[loaded] / (sc.system_mass_kg * G)
    assert share.min() > 0.25 and share.max() < 2.5
