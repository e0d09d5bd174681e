"""The jump simulator's builder: a centre-of-mass acceleration on a fine grid, integrated to
velocity and position, read by the plate as F = m(g + a) on it and 0 in flight (split from
jumps.py by job)."""

from __future__ import annotations

import numpy as np

from forceplate.units import G


def _smoothstep(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3 - 2 * x)


def _trap_w(x: np.ndarray) -> np.ndarray:
    """Weights so that sum(_trap_w(a)) * dt is what _push's trapezoid adds to v."""
    out = x.astype(np.float64, copy=True)
    out[0] = x[0]          # _push pairs the first sample with itself
    return out


class Builder:
    """Specific force (F/m, m/s^2) on a fine grid; NaN marks 'floor carries part' ramps."""

    def __init__(self, fine_hz: float, mass: float, rng: np.random.Generator) -> None:
        self.dt = 1.0 / fine_hz
        self.m = mass
        self.rng = rng
        self.parts: list[np.ndarray] = []     # plate force, N
        self.n = 0
        self.v = 0.0
        self.s = 0.0
        self.vs: list[np.ndarray] = []        # velocity per part (NaN off the plate's physics)
        self.ss: list[np.ndarray] = []

    @property
    def t(self) -> float:
        return self.n * self.dt

    def _grid(self, dur: float) -> np.ndarray:
        k = max(1, int(round(dur / self.dt)))
        return np.arange(k) * self.dt

    def _push(self, force: np.ndarray, acc: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        if acc is None:
            v = np.full(force.size, np.nan)
            s = np.full(force.size, np.nan)
            self.v, self.s = 0.0, 0.0
        else:
            # trapezoid on the fine grid from the state at this part's start
            a_prev = acc[0]
            inc = 0.5 * (np.concatenate([[a_prev], acc[:-1]]) + acc) * self.dt
            v = self.v + np.cumsum(inc)
            vi = 0.5 * (np.concatenate([[self.v], v[:-1]]) + v) * self.dt
            s = self.s + np.cumsum(vi)
            self.v, self.s = float(v[-1]), float(s[-1])
        self.parts.append(force)
        self.vs.append(v)
        self.ss.append(s)
        self.n += force.size
        return v, s

    def acc_part(self, acc: np.ndarray, on_plate: bool = True) -> tuple[np.ndarray, np.ndarray]:
        force = self.m * (G + acc) if on_plate else np.zeros_like(acc)
        return self._push(np.maximum(force, 0.0), acc)

    # --- segments ---------------------------------------------------------------------------

    def empty(self, dur: float) -> None:
        self._push(np.zeros(self._grid(dur).size), None)
        self.v = self.s = 0.0

    def ramp(self, dur: float, up: bool) -> None:
        """Stepping on (up) or off: the floor carries the rest; a small overshoot."""
        x = self._grid(dur) / dur
        w = _smoothstep(x)
        w = w if up else 1 - w
        wob = 0.08 * self.rng.uniform(0.3, 1.0) * np.sin(np.pi * x) ** 2 * np.sin(3 * np.pi * x)
        self._push(self.m * G * np.clip(w + wob, 0, None), None)
        self.v = self.s = 0.0

    def load(self, dur: float, mass: float) -> None:
        """Taking a bar from the rack (the rack carries the rest): the weight goes to m = mass."""
        w = _smoothstep(self._grid(dur) / dur)
        self._push(G * (self.m + (mass - self.m) * w), None)
        self.m = mass
        self.v = self.s = 0.0

    def stand(self, dur: float, sway_n: float) -> None:
        """Quiet standing: sway as whole cycles of COM acceleration (v is 0 at both ends)."""
        t = self._grid(dur)
        T = t.size * self.dt
        acc = np.zeros(t.size)
        for k in self.rng.integers(1, max(2, int(T * 1.2)), size=3):
            acc += self.rng.uniform(-1.0, 1.0) * np.sin(2 * np.pi * k * t / T)
        if np.any(acc):
            acc *= (sway_n / self.m) / np.max(np.abs(acc))
        self.acc_part(acc)
        self.v = 0.0

    def lower(self, dur: float, depth: float) -> None:
        """A still-to-still lowering (or raising, depth < 0) of the COM by depth."""
        t = self._grid(dur)
        A = 2 * np.pi * depth / dur ** 2
        self.acc_part(-A * np.sin(2 * np.pi * t / dur))
        self.v = 0.0

    def propulsion(self, v_to: float, a_peak: float, gamma: float, t_drop: float) -> float:
        """From the current velocity to take-off at v_to; force 0 at the end. Returns T."""
        xs = np.linspace(0, 1, 4001)
        i_s = float(np.trapezoid(np.sin(np.pi * xs ** gamma) ** 2, xs))
        T = (v_to - self.v + G * t_drop / 2) / (a_peak * i_s)
        T = max(T, 3 * t_drop)
        t = self._grid(T)
        T = t.size * self.dt
        x = t / T
        s = np.sin(np.pi * x ** gamma) ** 2
        # the toes leave the plate with the force still falling (not easing into zero)
        w = np.clip((t - (T - t_drop)) / t_drop, 0.0, 1.0) ** 2
        # scale so the take-off velocity comes out exactly (trapezoid of the fine grid)
        base = -G * w
        need = v_to - self.v
        a_lin = (need - float(np.sum(_trap_w(base)) * self.dt)) / (float(np.sum(_trap_w(s))) * self.dt)
        acc = base + a_lin * s
        acc[-1] = -G
        self.acc_part(acc)
        return T

    def unweight(self, dur: float, a_u: float) -> None:
        t = self._grid(dur)
        self.acc_part(-a_u * np.sin(np.pi * t / dur) ** 2)

    def flight(self, dur: float) -> None:
        t = self._grid(dur)
        self.acc_part(np.full(t.size, -G), on_plate=False)

    def contact(self, dur: float, v_out: float, impact: float) -> None:
        """Touchdown (force 0) -> take-off (force 0) at v_out: an impact bump plus a broad one."""
        t = self._grid(dur)
        T = t.size * self.dt
        ti = min(0.045, 0.3 * T)
        b = np.sin(np.pi * t / T)          # a foot strikes and leaves: force changes at once
        imp = np.where(t < ti, np.sin(np.pi * t / ti), 0.0)
        need = v_out - self.v + G * T
        ki = impact * G
        kb = (need - ki * float(np.sum(_trap_w(imp))) * self.dt) / (float(np.sum(_trap_w(b))) * self.dt)
        acc = -G + ki * imp + kb * b
        acc[0] = acc[-1] = -G
        self.acc_part(acc)

    def landing(self, impact: float, dur: float) -> None:
        """Touchdown at the current (downward) velocity to a stop, then back up to standing."""
        t = self._grid(dur)
        T = t.size * self.dt
        tr = 0.08
        ti = 0.05
        r = _smoothstep(t / tr)
        imp = np.where(t < ti, np.sin(np.pi * t / ti), 0.0)
        b = np.sin(np.pi * t / T) ** 2
        base = G * (r - 1) + impact * G * imp
        kb = (-self.v - float(np.sum(_trap_w(base))) * self.dt) / (float(np.sum(_trap_w(b))) * self.dt)
        acc = base + max(kb, 0.0) * b
        acc[0] = -G
        self.acc_part(acc)
        drop = -self.s
        self.v = 0.0
        if drop > 0.01:
            # stand back up, never faster than 0.5 g (the force stays on the plate)
            tu = max(self.rng.uniform(0.6, 1.0), float(np.sqrt(2 * np.pi * drop / (0.5 * G))))
            tt = self._grid(tu)
            A = 2 * np.pi * drop / tu ** 2
            self.acc_part(A * np.sin(2 * np.pi * tt / tu))
            self.v = 0.0

    # --- output -------------------------------------------------------------------------------

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return np.concatenate(self.parts), np.concatenate(self.vs), np.concatenate(self.ss)
