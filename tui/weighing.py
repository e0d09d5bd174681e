"""On-screen tare-and-weigh guidance from the latest force window. Pure numpy, no Textual."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from forceplate.units import G
from tui.ring import Window

EMPTY_LIMIT_N = 5.0 * G        # below this the plate counts as empty
ON_PLATE_N = 20.0 * G          # above this (after tare) someone stands on it
STILL_NEEDED_S = 1.0          # a quiet second is enough for a mean good to ~0.1 kg


@dataclass(frozen=True, slots=True)
class WeighStep:
    stage: str                 # "step_off" | "step_on" | "still" | "done"
    text: str
    still_s: float = 0.0
    tare_n: float | None = None
    mass_kg: float | None = None


def trailing_still_s(w: Window, tolerance_n: float) -> float:
    """How long, up to the newest sample, the force stayed within tolerance of its recent mean."""
    if len(w) < 3:
        return 0.0
    rate = (len(w) - 1) / max(w.time_s[-1] - w.time_s[0], 1e-9)
    recent = w.force_n[-max(int(0.2 * rate), 1):].mean()
    off = np.abs(w.force_n - recent) > tolerance_n
    moved = np.flatnonzero(off)
    start = int(moved[-1]) + 1 if moved.size else 0
    return float(w.time_s[-1] - w.time_s[start]) if start < len(w) else 0.0


SIMULATED_TEXT = {   # the simulated lifter does as asked (MockReader.ask_to_step_off): say so
    "step_off": "The simulated lifter is stepping off the plate (taring) ...",
    "step_on": "Tared. The simulated lifter is stepping back on to be weighed ...",
}


def weigh_progress(w: Window, tare_n: float | None, still_needed_s: float = STILL_NEEDED_S,
                   simulated: bool = False) -> WeighStep:
    """The next instruction for the person on (or off) the plate (simulated: what the simulated
    lifter, asked to step off, is doing)."""
    step = _weigh_step(w, tare_n, still_needed_s)
    if simulated and step.stage in SIMULATED_TEXT and len(w) >= 3:
        return replace(step, text=SIMULATED_TEXT[step.stage])
    return step


def _weigh_step(w: Window, tare_n: float | None, still_needed_s: float) -> WeighStep:
    if len(w) < 3:
        return WeighStep("step_off", "Waiting for the plate ...", tare_n=tare_n)
    if tare_n is None:
        still = trailing_still_s(w, 25.0)   # an empty plate: noise only, a few N
        level = float(w.force_n[-50:].mean())
        if level < EMPTY_LIMIT_N and still >= 0.25:
            n = int(np.searchsorted(w.time_s, w.time_s[-1] - 0.25))
            tare_n = float(w.force_n[n:].mean())
        else:
            return WeighStep("step_off", "Step off the plate (taring) ...", still, None)
    net = w.force_n - tare_n
    if float(net[-50:].mean()) < ON_PLATE_N:
        return WeighStep("step_on", "Tared. Step on the plate and stand still, hands off the bar.", 0.0, tare_n)
    tol = max(15.0, 0.02 * float(net[-50:].mean()))
    still = trailing_still_s(Window(w.time_s, net, w.phase), tol)
    if still >= still_needed_s:
        n = int(np.searchsorted(w.time_s, w.time_s[-1] - still_needed_s))
        mass = float(net[n:].mean()) / G
        return WeighStep("done", f"Weighed: {mass:.1f} kg", still, tare_n, mass)
    return WeighStep("still", f"Stand still ... {still:.1f} s of {still_needed_s:.0f} s", still, tare_n)


def held_bar_kg(mass_kg: float, body_kg: float | None, system_kg: float | None,
                setup_load_kg: float | None) -> float | None:
    """The bar a weighing of mass_kg includes, or None when it is the body alone (or cannot be
    told). The analysis has weighed the lifter alone (body) and with the bar (system) on this
    plate: a weighing nearer the lifter + bar level than the body level, with a real load
    between them (loads.min_load_kg), was taken with the bar held. The bar is the setup's load
    when given (what the coach loaded), else the plate's measured difference."""
    from forceplate.analysis.loads import min_load_kg

    if not body_kg or not system_kg:
        return None
    load = system_kg - body_kg
    if load < min_load_kg(body_kg) or abs(mass_kg - system_kg) >= abs(mass_kg - body_kg):
        return None
    return setup_load_kg if setup_load_kg else load
