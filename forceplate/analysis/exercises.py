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
    Exercise("bench_press", "Barbell bench press (plate under the bench)", "free_weight", False,
             "smith_bench_press",
             "Heavy negatives on a free bar can pin the lifter under it: only with a spotter "
             "standing ready and safety arms set."),
    Exercise("smith_bench_press", "Smith-machine bench press (plate under the bench)", "smith", True, None),
)}

# Other names for the same lift (name lookup only; the keys above are what is stored).
EXERCISE_ALIASES: dict[str, str] = {
    "bench": "bench_press", "barbell_bench_press": "bench_press", "smith_bench": "smith_bench_press",
    "back_squat": "squat", "barbell_squat": "squat", "ohp": "overhead_press",
    "military_press": "overhead_press", "smith_overhead_press": "smith_press", "curl": "biceps_curl",
    "barbell_curl": "biceps_curl", "calf_raises": "calf_raise", "air_squat": "bodyweight_squat",
}

# Methods whose point is a heavy or assisted lowering.
NEGATIVE_METHODS = frozenset(
    name for name, spec in METHODS.items() if spec.needs_spotter or spec.ecc_target_s
)


def resolve_exercise(name: str) -> str:
    """The exercise key for a key or an alias; unknown: BadInputError naming the closest."""
    from forceplate.analysis.names import resolve

    return resolve("exercise", name, EXERCISES, EXERCISE_ALIASES, "exercises")


def exercise_spec(key: str) -> Exercise:
    return EXERCISES[resolve_exercise(key)]


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
