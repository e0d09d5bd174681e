"""The exercise catalogue: which lifts are safe for negatives, and what to use instead."""

from __future__ import annotations

from dataclasses import dataclass

from forceplate.analysis.methods import METHODS


@dataclass(frozen=True, slots=True)
class Exercise:
    key: str
    title: str
    equipment: str                    # "machine" | "smith" | "free_weight" | "bodyweight" | "cable"
    negatives_safe: bool              # heavy negatives / spotter-forced reps are reasonable here
    machine_alternative: str | None   # key of the exercise to use instead when not safe
    warning: str = ""                 # why negatives are unsafe, for the user


EXERCISES: dict[str, Exercise] = {e.key: e for e in (
    Exercise("smith_squat", "Smith-machine squat", "smith", True, None),
    Exercise("hack_squat", "Hack squat", "machine", True, None),
    Exercise("leg_press", "Leg press (plate under the sled)", "machine", True, None),
    Exercise("squat", "Free-weight back squat", "free_weight", False, "smith_squat",
             "No negatives or forced reps on a free-weight squat: a spotter cannot safely "
             "take the bar if the lifter fails deep in a heavy lowering."),
    Exercise("deadlift", "Deadlift", "free_weight", False, "smith_deadlift",
             "No negatives on the deadlift: slow heavy lowering loads the spine and no spotter "
             "can help."),
    Exercise("smith_deadlift", "Smith-machine deadlift", "smith", True, None),
    Exercise("calf_raise", "Standing calf raise (machine)", "machine", True, None),
    Exercise("smith_press", "Smith-machine overhead press (standing)", "smith", True, None),
    Exercise("overhead_press", "Standing barbell overhead press", "free_weight", False,
             "smith_press",
             "Heavy negatives overhead with a free bar are risky for a spotter to control."),
    Exercise("biceps_curl", "Standing barbell curl", "free_weight", True, None),
    Exercise("dumbbell_curl", "Standing dumbbell curl", "free_weight", True, None),
    Exercise("bodyweight_squat", "Bodyweight squat", "bodyweight", True, None),
)}

# Methods whose point is a heavy or assisted lowering.
NEGATIVE_METHODS = frozenset(
    name for name, spec in METHODS.items() if spec.needs_spotter or spec.ecc_target_s
)


def exercise_spec(key: str) -> Exercise:
    from forceplate.errors import BadInputError

    try:
        return EXERCISES[key]
    except KeyError:
        raise BadInputError(f"unknown exercise '{key}' (use one of {', '.join(EXERCISES)})") from None


def check_exercise_for_method(exercise: str | Exercise | None, method: str) -> str | None:
    """A one-line warning when the method's negatives are unsafe on this exercise, else None.

    An exercise that is not in the catalogue gets no warning (it is the coach's own).
    """
    if exercise is None or method not in NEGATIVE_METHODS:
        return None
    ex = exercise if isinstance(exercise, Exercise) else EXERCISES.get(exercise)
    if ex is None or ex.negatives_safe:
        return None
    alt = EXERCISES.get(ex.machine_alternative or "")
    instead = f" Use the {alt.title} instead." if alt else ""
    title = METHODS[method].title
    return f"{title} on {ex.title}: {ex.warning}{instead}"
