"""Render a planned segment to samples: F(t) = m(t)*(g + a(t)) - E(t), split over the load
cells by a swaying centre of pressure, plus noise, drift and the optional extra channels."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.signal import lfilter

from forceplate.simulator.kinematics import _s
from forceplate.simulator.plan import Segment
from forceplate.simulator.scenario import Scenario
from forceplate.units import G

PLATE_HALF_X_M = 0.25   # load cells at the corners of a 0.5 x 0.4 m plate
PLATE_HALF_Y_M = 0.20
BAR_RACK_HEIGHT_M = 1.35


def _sines(t: np.ndarray, comps: np.ndarray) -> np.ndarray:
    """Sum of amp*sin(2*pi*f*t + phase) over rows (amp, f, phase)."""
    if comps.size == 0:
        return np.zeros_like(t)
    return np.sin(np.outer(t, 2 * np.pi * comps[:, 1]) + comps[:, 2]) @ comps[:, 0]


@dataclass
class PlateState:
    """What carries over from one rendered window to the next: seeded random parameters of
    the slow signals (functions of absolute time) and the coloured noise filter state."""

    sc: Scenario
    sway_z: np.ndarray        # vertical COM sway (amp m, Hz, phase)
    tremor: np.ndarray        # tremor acceleration while moving (amp m/s^2, Hz, phase)
    cop_x: np.ndarray         # centre-of-pressure sway (amp m, Hz, phase)
    cop_y: np.ndarray
    cop_mean: np.ndarray      # where the lifter stands, m
    thermal: np.ndarray       # per-cell slow drift wave (amp N, Hz, phase)
    hum: np.ndarray           # mains pick-up (amp N, Hz, phase), per cell equal
    spotter_sway: np.ndarray  # the spotter's own movement, N
    drift_split: np.ndarray   # share of the linear drift per cell
    zi: np.ndarray            # coloured-noise filter state (1, channels)

    @staticmethod
    def create(rng: np.random.Generator, sc: Scenario) -> PlateState:
        u = rng.uniform
        s = sc.sway

        def comps(n: int, amp: tuple[float, float], hz: tuple[float, float]) -> np.ndarray:
            return np.column_stack([u(*amp, n), u(*hz, n), u(0, 2 * np.pi, n)])

        n_ch = sc.n_channels
        split = rng.dirichlet(np.ones(sc.n_cells) * 3)
        return PlateState(
            sc=sc,
            sway_z=comps(3, (0.00005 * s, 0.0003 * s), (0.2, 1.5)),
            tremor=comps(3, (0.01 * s, 0.04 * s), (7.0, 13.0)),
            cop_x=comps(3, (0.002 * s, 0.008 * s), (0.05, 0.8)),
            cop_y=comps(3, (0.002 * s, 0.008 * s), (0.05, 0.8)),
            cop_mean=np.array([u(-0.04, 0.04), u(-0.04, 0.04)]),
            thermal=np.column_stack([u(0.02, 0.15, sc.n_cells), u(1 / 600, 1 / 60, sc.n_cells),
                                     u(0, 2 * np.pi, sc.n_cells)]),
            hum=np.array([[0.1 * sc.noise_sd_n, float(rng.choice([50.0, 60.0])), u(0, 2 * np.pi)]]),
            spotter_sway=comps(3, (1.0, 4.0), (0.3, 2.0)),
            drift_split=split,
            zi=np.zeros((1, n_ch)),
        )


@dataclass
class Rendered:
    """Samples of one window. values columns: load cells, [position], [spotter plate]."""

    time_s: np.ndarray
    values: np.ndarray          # as the plate measures them (noise, drift), SI
    clean_force_n: np.ndarray   # noiseless vertical force
    total_force_n: np.ndarray   # measured vertical force: the sum of the cells
    mass_kg: np.ndarray
    position_m: np.ndarray      # true COM displacement since the unrack
    velocity_m_s: np.ndarray
    accel_m_s2: np.ndarray
    external_force_n: np.ndarray  # E: + the spotter lifts, - pushes down
    perturbation_force_n: np.ndarray  # m * (sway + tremor) acceleration, part of clean_force_n


def _cell_weights(n_cells: int, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Share of the vertical force on each cell for a centre of pressure (x, y); rows sum to 1."""
    if n_cells == 1:
        return np.ones((x.size, 1))
    fx = np.clip(x / PLATE_HALF_X_M, -0.95, 0.95)
    fy = np.clip(y / PLATE_HALF_Y_M, -0.95, 0.95)
    if n_cells == 2:   # left / right
        return np.column_stack([(1 - fx) / 2, (1 + fx) / 2])
    if n_cells == 3:   # front centre, back left, back right
        ang = np.radians([90.0, 210.0, 330.0])
        return 1 / 3 + (2 / 3) * (np.outer(fx, np.cos(ang)) + np.outer(fy, np.sin(ang))) * 0.5
    # front left, front right, back left, back right
    return np.column_stack([(1 - fx) * (1 + fy), (1 + fx) * (1 + fy),
                            (1 - fx) * (1 - fy), (1 + fx) * (1 - fy)]) / 4


def render(seg: Segment, state: PlateState, rng: np.random.Generator,
           n0: int, n1: int) -> Rendered:
    """Samples n0..n1-1 (sample k at k / rate), all inside the segment's time span."""
    sc = state.sc
    t = np.arange(n0, n1, dtype=np.float64) / sc.sample_rate_hz
    n = t.size
    z, v, a = seg.motion.evaluate(t)

    mass = np.full(n, seg.mass0_kg)
    bounce = np.zeros(n)
    for tr in seg.transfers:
        ch = tr.change
        dm = ch.mass_to_kg - ch.mass_from_kg
        dur = ch.end_s - ch.start_s
        x = np.clip((t - ch.start_s) / dur, 0.0, 1.0)
        mass += dm * _s(x)
        # not a clean step: arriving mass lands and bounces mid-transfer; leaving mass
        # pushes off first (a brief extra push down on the plate)
        s = t - (ch.start_s + (0.5 * dur if dm > 0 else 0.0))
        live = (s > 0) & (s < 12 * tr.tau_s)
        if live.any():
            sl = s[live]
            bounce[live] += abs(dm) * G * tr.bounce * np.exp(-sl / tr.tau_s) * np.sin(2 * np.pi * tr.freq_hz * sl)

    ext = np.zeros(n)
    for sp in seg.spotter:
        lo = sp.on_s - sp.ramp_on_s / 2
        hi = sp.off_s + sp.ramp_off_s / 2
        live = (t > lo) & (t < hi)
        if not live.any():
            continue
        tl = t[live]
        env = _s(np.clip((tl - lo) / sp.ramp_on_s, 0, 1)) * (
            1 - _s(np.clip((tl - (sp.off_s - sp.ramp_off_s / 2)) / sp.ramp_off_s, 0, 1)))
        wob = 1 + _sines(tl, np.asarray(sp.wobble))
        if sp.slope:
            # an uneven spotter: the help grows (or fades) over the phase
            wob = wob * (1 + sp.slope * (np.clip((tl - sp.on_s) / max(sp.off_s - sp.on_s, 1e-3), 0, 1) - 0.5))
        ext[live] += sp.level_n * env * wob

    # postural sway: the COM bobs a fraction of a mm (its acceleration is what the plate sees)
    sz = state.sway_z
    a_sway = -np.sin(np.outer(t, 2 * np.pi * sz[:, 1]) + sz[:, 2]) @ (sz[:, 0] * (2 * np.pi * sz[:, 1]) ** 2)
    # physiological tremor (8-12 Hz) while the muscles work the load, none at rest
    a_tremor = _sines(t, state.tremor) * np.tanh(np.abs(v) / 0.05)
    perturb = mass * (a_sway + a_tremor)
    clean = mass * (G + a) + perturb - ext + bounce

    # centre of pressure: stance plus sway, shifting as the lifter moves
    cx = state.cop_mean[0] + _sines(t, state.cop_x) + 0.01 * np.tanh(v / 0.3)
    cy = state.cop_mean[1] + _sines(t, state.cop_y) + 0.02 * np.tanh(z / 0.3)
    cells = clean[:, None] * _cell_weights(sc.n_cells, cx, cy)

    n_extra = int(sc.with_position) + int(sc.with_spotter_plate)
    white = rng.standard_normal((n, sc.n_cells + n_extra))
    # a little low-frequency (coloured) noise on top of white: real converters have both
    b, a_f = [0.02], [1.0, -0.98]
    colored, state.zi = lfilter(b, a_f, rng.standard_normal(white.shape), axis=0, zi=state.zi)
    sd = sc.noise_sd_n
    drift = (sc.drift_n_per_s * t)[:, None] * state.drift_split[None, :]
    th = state.thermal
    drift += np.sin(np.outer(t, 2 * np.pi * th[:, 1]) + th[:, 2]) * th[:, 0]
    hum = _sines(t, state.hum)[:, None]
    cells += sd * white[:, :sc.n_cells] + 2.0 * sd * colored[:, :sc.n_cells] + drift + hum

    cols = [cells]
    k = sc.n_cells
    if sc.with_position:
        pos = BAR_RACK_HEIGHT_M + z + 0.0002 * white[:, k] + 0.001 * colored[:, k]
        cols.append(pos[:, None])
        k += 1
    if sc.with_spotter_plate:
        # Newton's third law: a spotter lifting the bar (E > 0) is pushed down by it, so their
        # plate reads their weight + E (and less while they push the bar down, E < 0)
        spot = (sc.spotter_mass_kg * G + ext + _sines(t, state.spotter_sway)
                + sc.spotter_drift_n_per_s * t + 2 * sd * white[:, k] + 4 * sd * colored[:, k])
        cols.append(spot[:, None])
    values = np.hstack(cols)
    return Rendered(time_s=t, values=values, clean_force_n=clean,
                    total_force_n=cells.sum(axis=1), mass_kg=mass, position_m=z,
                    velocity_m_s=v, accel_m_s2=a, external_force_n=ext,
                    perturbation_force_n=perturb)

