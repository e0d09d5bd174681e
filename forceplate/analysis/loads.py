"""Is a rep's load real? Checks on the weighed masses and the phase loads before any load
is judged against a target.

The load a lifter handles is the system weight (lifter + bar, weighed at the rests of the
set) minus the body weight (weighed standing without the bar). When the body was weighed
with the bar on (a lifter who stepped on already holding it, or the dashboard's weigh step
done under the bar), the two weighings are the same level and every "load" is noise: a few
newtons of either sign, ratios like -0.69 or 1.67. A load that cannot be what the lifter
lifted is reported as "check weighing" and never judged on target.

Physics used (docs/phase-physics.md): over a phase that starts and ends at rest (v = 0) the
mean plate force is the system weight, unless a spotter pushed or lifted; so the mean load
of a phase no spotter touched is the bar's load, to within the boundary error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from forceplate.units import G

# Two weighings of one standing lifter differ by about 1 % of the weight (sway over a 1-3 s
# window); a load under 2 % of the body mass (and under 2 kg) cannot be told from that
# error - and no method is trained with less than a couple of kilograms.
MIN_LOAD_KG = 2.0
MIN_LOAD_REL = 0.02
# The setup's load and the plate's can differ by a Smith bar's counterweight, a lever
# machine's ratio, collars and an unlisted bar: up to half the load or 10 kg. Beyond both,
# the weighing (or the load typed into the setup) is wrong.
SETUP_LOAD_TOL_KG = 10.0
SETUP_LOAD_TOL_REL = 0.5
# A phase no spotter touched has a mean load equal to the bar's load; boundary errors move a
# phase's mean force by a few % of the system weight (the analysis keeps 97 % of phases
# within 2 %). Missing the load by more than half of it and 5 % of the system weight means
# the masses the rep is measured against are not the ones it was lifted with.
PHASE_LOAD_TOL_REL = 0.5
PHASE_LOAD_TOL_SYSTEM_REL = 0.05


@dataclass(frozen=True, slots=True)
class LoadCheck:
    """Whether a rep's loads can be judged; reason says why not, in a few words."""

    ok: bool
    reason: str = ""
    load_kg: float | None = None      # the plate's load: system - body (None: body unknown)


def min_load_kg(body_kg: float) -> float:
    return max(MIN_LOAD_KG, MIN_LOAD_REL * body_kg)


def resolve_body_n(body_n: float | None, system_n: float, setup_load_kg: float | None) -> float | None:
    """The body weight to measure loads against. When the 'body' weighing is the system's
    level (weighed with the bar on) and the setup says what the bar weighs, the body is the
    weighing minus the setup's load; otherwise the weighing as it is (None: never weighed)."""
    if body_n is None or not setup_load_kg or setup_load_kg <= 0:
        return body_n
    load_kg = (system_n - body_n) / G
    corrected_kg = system_n / G - setup_load_kg
    if load_kg < min_load_kg(body_n / G) and corrected_kg > 0:
        return corrected_kg * G
    return body_n


def check_masses(body_n: float | None, system_n: float, setup_load_kg: float | None = None) -> LoadCheck:
    """Session-level: is system - body a load someone could be lifting?"""
    if body_n is None or body_n <= 0:
        return LoadCheck(False, "body mass not weighed (stand on the plate without the bar, "
                                "or give the body mass)")
    load_kg = (system_n - body_n) / G
    floor = min_load_kg(body_n / G)
    if load_kg < floor:
        hint = "body weighed with the bar on?" if abs(load_kg) < floor else "body weighed heavier than lifter + bar"
        return LoadCheck(False, f"load {load_kg:.1f} kg (body {body_n / G:.1f} kg, with the bar "
                                f"{system_n / G:.1f} kg): {hint}", load_kg)
    if setup_load_kg and setup_load_kg > 0:
        tol = max(SETUP_LOAD_TOL_KG, SETUP_LOAD_TOL_REL * setup_load_kg)
        if abs(load_kg - setup_load_kg) > tol:
            return LoadCheck(False, f"plate load {load_kg:.1f} kg, setup says {round(setup_load_kg, 1):g} kg", load_kg)
    return LoadCheck(True, "", load_kg)


def check_rep_loads(body_n: float | None, system_n: float, ecc_load_n: float, con_load_n: float,
                    assisted: str = "none", setup_load_kg: float | None = None) -> LoadCheck:
    """Rep-level: the masses, then each phase's mean load. assisted: which phase a spotter
    acted in ("none" | "lowering" | "raising" | "both"); that phase may differ from the load."""
    masses = check_masses(body_n, system_n, setup_load_kg)
    if not masses.ok:
        return masses
    assert masses.load_kg is not None
    load_n = masses.load_kg * G
    tol_n = max(PHASE_LOAD_TOL_REL * load_n, PHASE_LOAD_TOL_SYSTEM_REL * system_n)
    for name, value, touched in (("lowering", ecc_load_n, assisted in ("lowering", "both")),
                                 ("raising", con_load_n, assisted in ("raising", "both"))):
        if not math.isfinite(value) or value <= 0:
            return LoadCheck(False, f"{name} load {value / G:.1f} kg", masses.load_kg)
        if not touched and abs(value - load_n) > tol_n:
            return LoadCheck(False, f"{name} load {value / G:.1f} kg against a weighed load of "
                                    f"{masses.load_kg:.1f} kg", masses.load_kg)
    return masses


# reps with no bar seen taken (no_bar.py) in an exercise that is not a bodyweight one: the plate
# cannot tell a heavier body from a body holding a bar it walked on with - the coach must say
NO_BAR_SEEN = "no bar seen: set a bodyweight exercise (bodyweight_squat), or the load"


def check_body_loads(system_n: float, ecc_n: float, con_n: float, assisted: str = "none") -> LoadCheck:
    """A bodyweight rep (no bar, no_bar.py): the load is the body, weighed at the rests; each
    phase's mean force (ecc_n, con_n) must be positive, and one no spotter touched within
    PHASE_LOAD_TOL_SYSTEM_REL of that weight (from rest to rest the mean force is m*g)."""
    if not system_n > 0:
        return LoadCheck(False, "body mass not weighed")
    tol_n = PHASE_LOAD_TOL_SYSTEM_REL * system_n
    for name, value, touched in (("lowering", ecc_n, assisted in ("lowering", "both")),
                                 ("raising", con_n, assisted in ("raising", "both"))):
        if not math.isfinite(value) or value <= 0:
            return LoadCheck(False, f"{name} force {value / G:.1f} kg", system_n / G)
        if not touched and abs(value - system_n) > tol_n:
            return LoadCheck(False, f"{name} mean force {value / G:.1f} kg against a body weighed at "
                                    f"{system_n / G:.1f} kg", system_n / G)
    return LoadCheck(True, "", system_n / G)


__all__ = ["NO_BAR_SEEN", "LoadCheck", "check_body_loads", "check_masses", "check_rep_loads", "min_load_kg", "resolve_body_n"]
