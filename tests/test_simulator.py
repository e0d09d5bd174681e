"""The simulated plate obeys its physics, its truth is exact, its reports decode back."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forceplate.errors import BadInputError
from forceplate.samples import Flags
from forceplate.simulator import METHODS, Scenario, TrueRep, random_scenario, simulate
from forceplate.simulator.kinematics import Motion, phase_shape
from forceplate.simulator.plate import MAX_REPORTS_PER_S, samples_per_report
from forceplate.units import G

# postural sway moves the COM by at most a few cm/s: the only momentum the model adds
SWAY_V_BOUND_M_S = 0.035

CASES = [(m, s) for m in METHODS for s in (11, 23, 37)]


def _random(method: str, seed: int, **overrides: object):
    return simulate(random_scenario(np.random.default_rng(seed), method, **overrides))


def _window(t: np.ndarray, a: float, b: float) -> np.ndarray:
    return (t >= a) & (t < b)


@pytest.mark.parametrize(("method", "seed"), CASES)
def test_still_periods_weigh_m_g(method: str, seed: int) -> None:
    rec = _random(method, seed, drift_n_per_s=0.0)
    sc, tr, t = rec.scenario, rec.truth, rec.time_s
    step_on = next(c for c in tr.mass_changes if c.kind == "step_on")
    unrack = next(c for c in tr.mass_changes if c.kind == "unrack")
    quiet = [  # (start, end, mass)
        (step_on.end_s + 0.8, unrack.start_s, sc.body_mass_kg),
        (unrack.end_s + 1.2, tr.reps[0].ecc_start_s, sc.system_mass_kg),
    ]
    for a, b, m in quiet:
        assert b - a > 0.3
        k = _window(t, a, b)
        tol_clean = m * SWAY_V_BOUND_M_S / (b - a)
        assert abs(rec.clean_force_n[k].mean() - m * G) < tol_clean
        noise = 4 * 3 * sc.noise_sd_n * np.sqrt(sc.n_cells) / np.sqrt(k.sum())
        assert abs(rec.total_force_n[k].mean() - m * G) < tol_clean + noise + 0.5
        assert np.allclose(rec.mass_kg[k], m)
    # the empty plate reads about zero
    k = t < tr.step_on_s[0]
    assert abs(rec.total_force_n[k].mean()) < 1.0 + 4 * sc.noise_sd_n * np.sqrt(sc.n_cells)


@pytest.mark.parametrize(("method", "seed"), CASES)
def test_momentum_is_conserved_over_each_rep_and_phase(method: str, seed: int) -> None:
    rec = _random(method, seed)
    sc, t = rec.scenario, rec.time_s
    m = sc.system_mass_kg
    dt = 1.0 / sc.sample_rate_hz
    # v = 0 at both ends: the impulse of F - m*g + E vanishes, up to the small momentum of
    # sway and tremor (kept apart in perturbation_force_n) and the sampling of the sum
    net = rec.clean_force_n - m * G + rec.external_force_n
    exact = net - rec.perturbation_force_n
    sway_tol = m * SWAY_V_BOUND_M_S
    for rep in rec.truth.reps:
        for a, b in ((rep.ecc_start_s, rep.con_end_s), (rep.ecc_start_s, rep.ecc_end_s),
                     (rep.con_start_s, rep.con_end_s)):
            k = _window(t, a, b)
            assert abs(exact[k].sum() * dt) < 0.001 * m, (rep, a, b)  # 1 mm/s of momentum
            assert abs(net[k].sum() * dt) < sway_tol, (rep, a, b)
        # hence each phase's mean force is m*g minus the spotter's mean help in it
        assert rep.ecc_mean_force_n == pytest.approx(m * G - rep.ecc_spotter_mean_n, abs=sway_tol / rep.ecc_duration_s + 1)
        assert rep.con_mean_force_n == pytest.approx(m * G - rep.con_spotter_mean_n, abs=sway_tol / rep.con_duration_s + 1)


def test_tremor_and_sway_are_small_but_present() -> None:
    rec = simulate(Scenario.for_method("slow_negatives", seed=3))
    p = rec.perturbation_force_n / rec.scenario.system_mass_kg
    moving = rec.velocity_m_s < -0.05
    still = (rec.velocity_m_s == 0) & (rec.mass_kg == rec.scenario.system_mass_kg)
    assert 0.003 < p[moving].std() < 0.1      # m/s^2: a percent of g at most
    assert p[still].std() < p[moving].std()   # tremor only while working the load


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_position_velocity_acceleration_are_consistent(seed: int) -> None:
    method = METHODS[seed % len(METHODS)]
    rec = _random(method, seed)
    dt = 1.0 / rec.sample_rate_hz
    v_int = np.concatenate([[0.0], np.cumsum((rec.accel_m_s2[1:] + rec.accel_m_s2[:-1]) / 2) * dt])
    z_int = np.concatenate([[0.0], np.cumsum((rec.velocity_m_s[1:] + rec.velocity_m_s[:-1]) / 2) * dt])
    assert np.abs(v_int + rec.velocity_m_s[0] - rec.velocity_m_s).max() < 1e-3
    # each set's motion starts from 0 at its own unrack: compare within sets
    for s in rec.truth.sets:
        k = _window(rec.time_s, s.unrack_s, s.rack_s)
        i0 = np.flatnonzero(k)[0]
        drift = z_int[k] - z_int[i0] - (rec.position_m[k] - rec.position_m[i0])
        assert np.abs(drift).max() < 1e-3


def _inside(t: np.ndarray, a: float, b: float, dt: float) -> np.ndarray:
    return (t > a + dt) & (t < b - dt)


@pytest.mark.parametrize(("method", "seed"), CASES)
def test_truth_boundaries_follow_the_velocity(method: str, seed: int) -> None:
    rec = _random(method, seed)
    t, v, dt = rec.time_s, rec.velocity_m_s, 1.0 / rec.sample_rate_hz
    reps = rec.truth.reps
    assert reps
    prev_end = 0.0
    for i, rep in enumerate(reps):
        assert prev_end <= rep.ecc_start_s < rep.ecc_end_s <= rep.con_start_s < rep.con_end_s
        if i == 0 or reps[i - 1].set != rep.set:
            # after the unrack the lifter straightens up a few cm (not a rep), then stands
            unrack = rec.truth.sets[rep.set - 1].unrack_s
            k = _window(t, unrack, rep.ecc_start_s)
            assert v[k].max() > 0 and v[k].min() == 0
            assert 0.01 <= rec.position_m[k].max() - rec.position_m[k].min() <= 0.05 + 1e-9
            prev_end = rep.ecc_start_s - rec.scenario.settle_s
        assert np.all(v[_inside(t, rep.ecc_start_s, rep.ecc_end_s, dt)] < 0)
        assert np.all(v[_inside(t, rep.con_start_s, rep.con_end_s, dt)] > 0)
        assert np.all(v[_window(t, rep.ecc_end_s, rep.con_start_s)] == 0)  # pause at the bottom
        assert np.all(v[_window(t, prev_end, rep.ecc_start_s)] == 0)       # rest at the top
        # lowered and raised distances as recorded
        ke = _window(t, rep.ecc_start_s, rep.ecc_end_s)
        assert -v[ke].sum() * dt == pytest.approx(rep.travel_m, rel=0.01)
        kc = _window(t, rep.con_start_s, rep.con_end_s)
        assert v[kc].sum() * dt == pytest.approx(rep.rise_m, rel=0.01)
        prev_end = rep.con_end_s
    for s in rec.truth.sets:
        in_set = [r for r in reps if r.set == s.set]
        assert s.unrack_s < in_set[0].ecc_start_s and in_set[-1].con_end_s < s.rack_s
    # measured means differ from noiseless ones only by the noise
    sd = rec.scenario.noise_sd_n * np.sqrt(rec.scenario.n_cells)
    for rep in reps:
        assert abs(rep.ecc_mean_force_measured_n - rep.ecc_mean_force_n) < 3 * sd + 1 + abs(rec.scenario.drift_n_per_s) * rep.con_end_s


@pytest.mark.parametrize(("seed", "n_cells", "rate", "pos", "spot"), [
    (1, 1, 500.0, False, False), (2, 2, 800.0, True, False), (3, 3, 1200.0, False, True),
    (4, 4, 2000.0, True, True), (5, 4, 1000.0, False, False),
])
def test_reports_decode_back_to_the_values(seed: int, n_cells: int, rate: float, pos: bool, spot: bool) -> None:
    sc = Scenario.for_method(METHODS[seed % 5], seed=seed, n_cells=n_cells, sample_rate_hz=rate,
                             with_position=pos, with_spotter_plate=spot, reps_per_set=3, negatives=2)
    rec = simulate(sc)
    reports = rec.reports()
    assert reports.dtype == np.uint8 and reports.shape[1] == 64
    assert rate / rec.profile.samples_per_report <= MAX_REPORTS_PER_S
    block = rec.block()
    assert len(block) == len(rec.time_s)
    assert np.array_equal(block.seq, np.arange(len(block)))
    assert np.allclose(block.time_s, rec.time_s)
    assert not (block.flags & Flags.DROPPED).any()
    for j, ch in enumerate(rec.info.channels):
        assert np.abs(block.values[:, j] - rec.values[:, j]).max() <= ch.scale / 2 + 1e-9
    assert np.abs(block.total_force_n(rec.info) - rec.total_force_n).max() <= 0.005 * n_cells + 1e-9
    kinds = [c.kind for c in rec.info.channels]
    assert kinds.count("force") == n_cells
    assert ("position" in kinds) == pos and ("spotter_force" in kinds) == spot
    assert rec.info.simulated and rec.info.reader == "mock" and rec.info.serial == f"SIM-{seed}"


@pytest.mark.parametrize("seed", [5, 6, 7, 8])
def test_forced_negative_eccentric_is_harder_by_the_push(seed: int) -> None:
    rng = np.random.default_rng(seed)
    rec = simulate(random_scenario(rng, "forced_negative", drift_n_per_s=0.0))
    sc = rec.scenario
    load_w = sc.bar_mass_kg * G
    for rep in rec.truth.reps:
        assert rep.assisted == "lowering" and rep.spotter_mean_force_n < 0
        share = -rep.ecc_spotter_mean_n / load_w
        assert 0.1 < share < 0.4
        assert abs(rep.con_spotter_mean_n) < 0.15 * abs(rep.ecc_spotter_mean_n)
        assert rep.ecc_con_load_ratio == pytest.approx(1 + share, abs=0.04 + sc.system_mass_kg * SWAY_V_BOUND_M_S / rep.ecc_duration_s / load_w)
    ratios = [r.ecc_con_load_ratio for r in rec.truth.reps]
    assert 1.1 < float(np.median(ratios)) < 1.45


def test_forced_negative_preset_is_about_25_percent_harder() -> None:
    rec = simulate(Scenario.for_method("forced_negative", seed=4))
    ratios = [r.ecc_con_load_ratio for r in rec.truth.reps]
    assert float(np.mean(ratios)) == pytest.approx(1.25, abs=0.05)
    assert all(4.0 < r.ecc_duration_s < 6.0 for r in rec.truth.reps)


@pytest.mark.parametrize("seed", [3, 9, 12])
def test_forced_positive_spotter_lifts_during_the_raise(seed: int) -> None:
    rec = _random("forced_positive", seed)
    for rep in rec.truth.reps:
        assert rep.assisted == "raising" and rep.con_spotter_mean_n > 0
        assert abs(rep.ecc_spotter_mean_n) < 0.15 * rep.con_spotter_mean_n
        assert rep.con_mean_load_n < rep.ecc_mean_load_n
        assert 4.0 < rep.ecc_duration_s < 9.0


@pytest.mark.parametrize("seed", [2, 5, 13, 21])
def test_beyond_failure_structure(seed: int) -> None:
    rec = _random("beyond_failure", seed, n_sets=1)
    sc, t, v = rec.scenario, rec.time_s, rec.velocity_m_s
    reps: list[TrueRep] = rec.truth.reps
    normal = [r for r in reps if r.assisted == "none"]
    stalled = [r for r in reps if r.stalled]
    negatives = reps[len(normal) + 1:]
    assert len(normal) == sc.reps_per_set and len(stalled) == 1 and len(negatives) == sc.negatives
    assert rec.truth.sets[0].positive_failure_rep == sc.reps_per_set + 1
    # positives slow down towards failure
    assert np.mean([r.con_duration_s for r in normal[-2:]]) > np.mean([r.con_duration_s for r in normal[:2]])
    # the failing positive hangs: speed near 0 mid-way, yet still going up
    s = stalled[0]
    k = _inside(t, s.con_start_s, s.con_end_s, 1.0 / rec.sample_rate_hz)
    mid = k & (t > s.con_start_s + 0.2 * s.con_duration_s) & (t < s.con_end_s - 0.2 * s.con_duration_s)
    assert 0 < v[mid].min() < 0.06 * v[k].max()
    assert s.assisted == "raising" and s.con_spotter_mean_n > 0
    for r in negatives:
        assert r.assisted == "raising" and r.con_spotter_mean_n > 0
        assert r.ecc_duration_s == pytest.approx(sc.negative_ecc_s, rel=0.5)
        assert abs(r.ecc_spotter_mean_n) < 0.15 * r.con_spotter_mean_n


def test_spotter_plate_reads_spotter_weight_plus_e() -> None:
    # Newton's third law: pushing the bar down (E < 0) unloads the spotter's own plate
    rec = simulate(Scenario.for_method("forced_negative", seed=6, with_spotter_plate=True))
    j = rec.info.channel_index("spotter_force")
    assert j is not None
    resid = rec.values[:, j] - (rec.scenario.spotter_mass_kg * G + rec.external_force_n)
    assert abs(resid.mean()) < 2.0
    assert resid.std() < 10.0
    assert rec.external_force_n.min() < -0.15 * rec.scenario.bar_mass_kg * G


def test_spotter_plate_drifts_on_its_own_when_asked() -> None:
    # a stress knob (bench_stress spdrift): the spotter plate's baseline creeps, the lifter's does not
    sc = Scenario.for_method("forced_negative", seed=6, with_spotter_plate=True)
    still = simulate(sc)
    drifting = simulate(sc.with_(spotter_drift_n_per_s=0.45))
    j = still.info.channel_index("spotter_force")
    assert j is not None
    diff = drifting.values[:, j] - still.values[:, j]
    assert np.allclose(diff, 0.45 * still.time_s, atol=1e-6)
    assert np.array_equal(drifting.values[:, :j], still.values[:, :j])


def test_position_channel_follows_the_motion() -> None:
    rec = simulate(Scenario.for_method("slow_negatives", seed=8, with_position=True))
    j = rec.info.channel_index("position")
    assert j is not None and rec.info.channels[j].unit == "m"
    resid = rec.values[:, j] - rec.position_m
    assert resid.std() < 0.002
    assert np.ptp(rec.values[:, j]) > 0.8 * rec.scenario.travel_m


def test_load_cells_share_the_force_by_a_swaying_centre_of_pressure() -> None:
    rec = simulate(Scenario.for_method("normal", seed=2, n_cells=4, noise_sd_n=0.5))
    cells = rec.values[:, :4]
    assert np.allclose(cells.sum(axis=1), rec.total_force_n)
    on = rec.mass_kg > 10
    share = cells[on] / rec.total_force_n[on, None]
    assert np.all(share.std(axis=0) > 0.002)          # the shares move
    assert np.all((share > 0) & (share < 1))


def test_mass_changes_bounce_and_settle() -> None:
    rec = simulate(Scenario.for_method("normal", seed=3, noise_sd_n=0.5))
    t = rec.time_s
    for ch in rec.truth.mass_changes:
        k = _window(t, ch.start_s, ch.end_s + 0.6)
        f = rec.clean_force_n[k]
        hi = max(ch.mass_from_kg, ch.mass_to_kg) * G
        lo = min(ch.mass_from_kg, ch.mass_to_kg) * G
        assert f.max() > hi + 1 or f.min() < lo - 1   # overshoot: not a clean step
    kinds = [c.kind for c in rec.truth.mass_changes]
    assert kinds == ["step_on", "unrack", "rack", "step_off"]


def test_simulate_is_deterministic_per_seed() -> None:
    a = simulate(Scenario.for_method("beyond_failure", seed=5))
    b = simulate(Scenario.for_method("beyond_failure", seed=5))
    c = simulate(Scenario.for_method("beyond_failure", seed=6))
    assert np.array_equal(a.values, b.values) and a.truth == b.truth
    assert a.values.shape != c.values.shape or not np.array_equal(a.values, c.values)


@pytest.mark.parametrize("method", METHODS)
def test_random_scenarios_are_wide_and_valid(method: str) -> None:
    rng = np.random.default_rng(99)
    scs = [random_scenario(rng, method) for _ in range(200)]
    body = [s.body_mass_kg for s in scs]
    bar = [s.bar_mass_kg for s in scs]
    travel = [s.travel_m for s in scs]
    assert 50 <= min(body) < 60 and 120 < max(body) <= 130
    assert min(bar) >= 20 and max(bar) <= 200 and max(bar) > 120
    assert 0.1 <= min(travel) < 0.15 and 0.55 < max(travel) <= 0.6
    assert {s.n_cells for s in scs} == {1, 2, 3, 4}
    assert all(500 <= s.sample_rate_hz <= 2000 for s in scs)
    assert all(0.15 <= s.spotter_share <= 0.35 for s in scs)
    assert all(0.5 <= s.noise_sd_n <= 5 for s in scs)


def test_bad_scenarios_are_one_line_errors() -> None:
    with pytest.raises(BadInputError):
        Scenario(method="jumping")
    with pytest.raises(BadInputError):
        Scenario(sample_rate_hz=100)
    with pytest.raises(BadInputError):
        Scenario.for_method("normal", colour="red")
    with pytest.raises(BadInputError):
        random_scenario(np.random.default_rng(0), "nope")


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), duration=st.floats(0.3, 8.0), fast=st.booleans(),
       dip=st.floats(0.0, 0.8), stall=st.booleans(), displacement=st.floats(-0.6, 0.6).filter(lambda d: abs(d) > 0.01))
def test_any_phase_shape_moves_exactly_and_one_way(seed: int, duration: float, fast: bool, dip: float,
                                                   stall: bool, displacement: float) -> None:
    rng = np.random.default_rng(seed)
    times, levels = phase_shape(rng, duration, fast=fast, dip=dip,
                                stall=(0.5, 0.3 * duration) if stall else None)
    motion = Motion(t=[1.0], v=[0.0], z=[0.2])
    motion.phase(displacement, times, levels)
    assert motion.end_s == pytest.approx(1.0 + duration)
    assert motion.z[-1] == pytest.approx(0.2 + displacement, abs=1e-12)
    t = np.linspace(1.0, 1.0 + duration, 4001)
    z, v, _a = motion.evaluate(t)
    assert v[0] == 0 and v[-1] == 0
    assert np.all(np.sign(v[1:-1]) == np.sign(displacement))
    assert z[-1] == pytest.approx(0.2 + displacement, abs=1e-12)


@pytest.mark.parametrize(("method", "seed"), [(m, s) for m in ("forced_negative", "forced_positive", "beyond_failure") for s in (4, 17)])
def test_spotter_switches_smoothly_around_the_phase_changes(method: str, seed: int) -> None:
    rec = _random(method, seed)
    e, t = rec.external_force_n, rec.time_s
    level = rec.scenario.spotter_level_n
    # 0.1-0.3 s smoothstep ramps (peak slope 1.875 x level / ramp) plus a few % of wobble
    slope = np.abs(np.diff(e)) * rec.sample_rate_hz
    assert slope.max() < 1.875 * 1.1 * level / 0.1 * 1.2 + 0.2 * 2 * np.pi * 4 * level
    assert slope.max() > 1.875 * 0.9 * level / 0.3 * 0.5
    for rep in rec.truth.reps:
        if rep.assisted == "none":
            assert np.all(e[_window(t, rep.ecc_start_s, rep.con_end_s)] == 0)
            continue
        a, b = ((rep.ecc_start_s, rep.ecc_end_s) if rep.assisted == "lowering"
                else (rep.con_start_s, rep.con_end_s))
        mid = _window(t, a + 0.3, b - 0.3)
        other = ((rep.con_start_s + 0.3, rep.con_end_s - 0.3) if rep.assisted == "lowering"
                 else (rep.ecc_start_s + 0.3, rep.ecc_end_s - 0.3))
        assert np.all(e[_window(t, *other)] == 0)
        if rep.stalled:  # the spotter joins once the bar has hung a moment
            mid = _window(t, b - 0.5, b - 0.3)
            assert e[_window(t, a, a + 0.1)].max() == 0
        if mid.any():
            sign = -1 if rep.assisted == "lowering" else 1
            assert np.all(sign * e[mid] > 0.6 * level)


@pytest.mark.parametrize("method", METHODS)
def test_forces_stay_humanly_possible(method: str) -> None:
    # fast raises of long travels, assisted raises: the lifter's feet never leave the plate
    rng = np.random.default_rng(2024)
    for _ in range(6):
        rec = simulate(random_scenario(rng, method, travel_m=float(rng.uniform(0.45, 0.6)),
                                       con_s=float(rng.uniform(0.6, 0.8))))
        sc = rec.scenario
        loaded = rec.mass_kg >= sc.system_mass_kg - 1e-9
        share = rec.clean_force_n[loaded] / (sc.system_mass_kg * G)
        assert share.min() > 0.25
        assert share.max() < 2.5


@pytest.mark.parametrize("n_channels", [1, 2, 3, 4, 5, 6])
@pytest.mark.parametrize("rate", [500.0, 750.0, 1000.0, 1500.0, 2000.0])
def test_report_packing_fits_and_respects_usb_full_speed(n_channels: int, rate: float) -> None:
    spr = samples_per_report(n_channels, rate)
    assert 4 + spr * 3 * n_channels <= 64
    assert rate / spr <= MAX_REPORTS_PER_S
    assert spr >= 1
