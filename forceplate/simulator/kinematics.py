"""Smooth rep kinematics: velocity as knots joined by quintic smoothsteps.

Between knots (t_k, v_k) and (t_k+1, v_k+1) the velocity follows v_k + dv*S(x), with
S(x) = 10x^3 - 15x^4 + 6x^5 (x the fraction of the interval). S' is 0 at both ends, so the
acceleration is continuous and zero at every knot; position and acceleration are exact
closed forms, so the ground truth needs no numerical integration. A phase is a run of knots
that starts and ends at v = 0: its boundaries are knots, i.e. exact instants.

Other smooth ramps (RAMPS, never drawn by the worlds: a stress knob) join the knots instead, to
show the analysis does not lean on the quintic: each has zero acceleration at its knots, but
a (time left)^2 tail of speed where the quintic has a cubic one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


def _s(x: np.ndarray) -> np.ndarray:
    return x * x * x * (10.0 + x * (-15.0 + 6.0 * x))


def _ds(x: np.ndarray) -> np.ndarray:
    return 30.0 * x * x * (1.0 - x) ** 2


def _is(x: np.ndarray) -> np.ndarray:
    """Integral of S from 0 to x (I(1) = 1/2)."""
    x4 = x**4
    return x4 * (2.5 + x * (-3.0 + x))


def _cos_s(x: np.ndarray) -> np.ndarray:
    return 0.5 - 0.5 * np.cos(np.pi * x)


def _cos_ds(x: np.ndarray) -> np.ndarray:
    return 0.5 * np.pi * np.sin(np.pi * x)


def _cos_is(x: np.ndarray) -> np.ndarray:
    return 0.5 * x - np.sin(np.pi * x) / (2.0 * np.pi)


def _cubic_s(x: np.ndarray) -> np.ndarray:
    return x * x * (3.0 - 2.0 * x)


def _cubic_ds(x: np.ndarray) -> np.ndarray:
    return 6.0 * x * (1.0 - x)


def _cubic_is(x: np.ndarray) -> np.ndarray:
    return x**3 * (1.0 - 0.5 * x)


CORNER = 0.1     # share of a "linear" ramp at each end where the acceleration ramps in or out
_LIN_A = 1.0 / (1.0 - CORNER)   # the acceleration of its straight middle (S(1) = 1)


def _lin_half(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """S, S', I of the "linear" ramp for x <= 1/2: a corner x < CORNER, then straight."""
    c, a = CORNER, _LIN_A
    corner = x < c
    s = np.where(corner, a * x * x / (2.0 * c), a * (x - c / 2.0))
    ds = np.where(corner, a * x / c, a)
    i = np.where(corner, a * x**3 / (6.0 * c),
                 a * c * c / 6.0 + a * ((x * x - c * c) / 2.0 - c * (x - c) / 2.0))
    return s, ds, i


def _lin(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Symmetric about x = 1/2: S(x) = 1 - S(1 - x), I(x) = x - 1/2 + I(1 - x)."""
    lo = x <= 0.5
    s0, ds0, i0 = _lin_half(np.where(lo, x, 1.0 - x))
    return (np.where(lo, s0, 1.0 - s0), ds0, np.where(lo, i0, x - 0.5 + i0))


# name: (S, S', integral of S, peak of S') - every S rises 0 -> 1 with S' = 0 at both ends
RAMPS = {
    "quintic": (_s, _ds, _is, 1.875),
    # raised cosine of speed: a sine of acceleration
    "cosine": (_cos_s, _cos_ds, _cos_is, 0.5 * np.pi),
    # minimum jerk between two speeds (the cubic minimising the integral of v''^2)
    "minjerk": (_cubic_s, _cubic_ds, _cubic_is, 1.5),
    # near-linear: constant acceleration with short rounded corners
    "linear": (lambda x: _lin(x)[0], lambda x: _lin(x)[1], lambda x: _lin(x)[2], _LIN_A),
}


@dataclass
class Motion:
    """Piecewise-smooth vertical motion of the system's centre of mass, relative to its height
    when the bar was unracked (m, m/s, m/s^2)."""

    t: list[float] = field(default_factory=lambda: [0.0])
    v: list[float] = field(default_factory=lambda: [0.0])
    z: list[float] = field(default_factory=lambda: [0.0])
    ramp: str = "quintic"    # the ease between knots (RAMPS)

    @property
    def end_s(self) -> float:
        return self.t[-1]

    def add(self, dt: float, v_next: float) -> None:
        """Next knot after dt seconds with velocity v_next."""
        self.z.append(self.z[-1] + dt * (self.v[-1] + v_next) / 2.0)
        self.t.append(self.t[-1] + dt)
        self.v.append(v_next)

    def hold(self, dt: float) -> None:
        if dt > 0:
            self.add(dt, self.v[-1])

    def phase(self, displacement_m: float, times: np.ndarray, levels: np.ndarray) -> None:
        """A movement from rest to rest: knot fractions `times` (0 -> 1, scaled to the duration
        times[-1]) and relative velocity `levels` (0 at both ends, all > 0 inside), scaled so
        the displacement is exact."""
        dts = np.diff(times)
        unit = float(np.sum(dts * (levels[:-1] + levels[1:]) / 2.0))
        scale = displacement_m / unit
        for dt, lev in zip(dts, levels[1:], strict=True):
            self.add(float(dt), float(lev * scale))
        self.v[-1] = 0.0  # exact rest, whatever the rounding

    def evaluate(self, t_s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Position, velocity, acceleration at the times t_s (held constant outside)."""
        kt = np.asarray(self.t)
        kv = np.asarray(self.v)
        kz = np.asarray(self.z)
        if kt.size < 2:
            n = t_s.shape[0]
            return np.full(n, kz[0]), np.full(n, kv[0]), np.zeros(n)
        k = np.clip(np.searchsorted(kt, t_s, side="right") - 1, 0, kt.size - 2)
        dt = kt[k + 1] - kt[k]
        dv = kv[k + 1] - kv[k]
        safe = np.where(dt > 0, dt, 1.0)
        x = np.clip((t_s - kt[k]) / safe, 0.0, 1.0)
        # a sample on a knot (up to rounding) takes the knot's exact state: rests stay at v = 0
        x[x > 1.0 - 1e-9] = 1.0
        x[x < 1e-9] = 0.0
        s, ds, i, _ = RAMPS[self.ramp]
        pos = kz[k] + dt * (kv[k] * x + dv * i(x))
        vel = kv[k] + dv * s(x)
        acc = np.where(dt > 0, dv / safe * ds(x), 0.0)
        return pos, vel, acc


def phase_shape(rng: np.random.Generator, duration_s: float, *, fast: bool,
                dip: float = 0.0, stall: tuple[float, float] | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
    """Knot times (s, from 0 to duration_s) and relative velocity levels of one phase.

    fast: a quick, bell-like profile (raising); else accelerate, cruise with small speed
    wobble, brake (a controlled lowering). dip: a sticking region mid-way (0..1: how far the
    speed drops). stall: (fraction of the travel time, hang time s) - the speed falls to
    ~2% of its peak and hangs there (a failing positive; still moving, barely).
    """
    if fast:
        r1, r2 = rng.uniform(0.25, 0.45), rng.uniform(0.3, 0.5)
    else:
        short = duration_s < 2.0
        r1 = rng.uniform(0.2, 0.35) if short else rng.uniform(0.08, 0.25)
        r2 = rng.uniform(0.25, 0.4) if short else rng.uniform(0.12, 0.3)
    r1, r2 = min(r1, 0.49), min(r2, 0.49)
    if stall is not None:
        at, hang = stall
        hang = min(hang, 0.6 * duration_s)
        move = duration_s - hang
        t1 = at * move
        t_pk1 = t1 * rng.uniform(0.35, 0.55)
        t_pk2 = t1 + hang + (move - t1) * rng.uniform(0.3, 0.5)
        creep = rng.uniform(0.015, 0.04)
        return (np.asarray([0.0, t_pk1, t1, t1 + hang, t_pk2, duration_s]),
                np.asarray([0.0, 1.0, creep, creep * rng.uniform(0.8, 1.5), rng.uniform(0.6, 0.9), 0.0]))
    inner_t = [r1, 1.0 - r2]
    inner_v = [1.0, 1.0]
    cruise = 1.0 - r1 - r2
    n_wobble = int(cruise * duration_s / 0.8) if not fast else 0
    if n_wobble:
        pts = np.linspace(r1, 1.0 - r2, n_wobble + 2)[1:-1]
        inner_t = [r1, *pts.tolist(), 1.0 - r2]
        inner_v = [1.0, *(1.0 + rng.normal(0.0, 0.07, n_wobble)).clip(0.7, 1.3).tolist(), 1.0]
        inner_v[-1] = float(rng.uniform(0.9, 1.15))
    if dip > 0:
        # sticking region: the speed sags mid-way up before the lifter grinds through
        inner_t = [r1 * 0.8, 0.5 * (r1 + 1.0 - r2), 1.0 - r2]
        inner_v = [1.0, max(0.15, 1.0 - dip), rng.uniform(0.8, 1.1)]
    knot_t = np.asarray([0.0, *inner_t, 1.0]) * duration_s
    knot_v = np.asarray([0.0, *inner_v, 0.0])
    keep = np.concatenate([[True], np.diff(knot_t) > 1e-6])
    return knot_t[keep], knot_v[keep]
