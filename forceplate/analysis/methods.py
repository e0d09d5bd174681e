"""The coaching methods and their default targets (a coach can override every target)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MethodSpec:
    name: str
    title: str
    description: str
    ecc_target_s: float | None        # wanted lowering time per rep
    pause_target_s: float | None      # wanted hold at the bottom
    con_target_s: float | None        # wanted raising time (None: as fast as it goes)
    overload_target: float | None     # wanted eccentric:concentric mean-load ratio
    reps_min: int
    reps_max: int
    needs_spotter: bool
    negatives_min: int = 0            # beyond failure: assisted negatives wanted after failure
    negatives_max: int = 0
    ecc_tolerance: float = 0.2        # share of ecc_target_s that still counts as on target
    overload_tolerance: float = 0.05  # ecc:con ratio may fall this far below overload_target


METHODS: dict[str, MethodSpec] = {
    "normal": MethodSpec(
        name="normal", title="Normal reps",
        description="No tempo target: phases and forces are measured and shown.",
        ecc_target_s=None, pause_target_s=None, con_target_s=None, overload_target=None,
        reps_min=1, reps_max=30, needs_spotter=False,
    ),
    "slow_negatives": MethodSpec(
        name="slow_negatives", title="Slow negatives",
        description="Lower the weight slowly (about 3 s) on every rep, raise it normally.",
        ecc_target_s=3.0, pause_target_s=None, con_target_s=None, overload_target=None,
        reps_min=4, reps_max=12, needs_spotter=False,
    ),
    "beyond_failure": MethodSpec(
        name="beyond_failure", title="Beyond failure",
        description="Normal reps to concentric failure, then 2-5 negatives (about 6 s each) "
                    "with a spotter helping the weight back up.",
        ecc_target_s=6.0, pause_target_s=None, con_target_s=None, overload_target=None,
        reps_min=4, reps_max=15, needs_spotter=True, negatives_min=2, negatives_max=5,
    ),
    "forced_positive": MethodSpec(
        name="forced_positive", title="Forced positive",
        description="Load about 25% over the 8-rep weight: the spotter helps raise it, "
                    "the lifter lowers it alone in about 6 s; 6-10 reps.",
        ecc_target_s=6.0, pause_target_s=None, con_target_s=None, overload_target=None,
        reps_min=6, reps_max=10, needs_spotter=True,
    ),
    "forced_negative": MethodSpec(
        name="forced_negative", title="Forced negative",
        description="The spotter pushes down while the lifter lowers (about 5 s), making the "
                    "eccentric about 25% harder than the concentric.",
        ecc_target_s=5.0, pause_target_s=None, con_target_s=None, overload_target=1.25,
        reps_min=4, reps_max=10, needs_spotter=True,
    ),
}


def method_spec(name: str) -> MethodSpec:
    """The method by name; an unknown name is a one-line BadInputError."""
    from forceplate.errors import BadInputError

    try:
        return METHODS[name]
    except KeyError:
        raise BadInputError(f"unknown method '{name}' (use one of {', '.join(METHODS)})") from None


# Other names coaches use for the same method (name lookup only; the keys above are canonical).
METHOD_ALIASES: dict[str, str] = {
    "slow_negative": "slow_negatives", "slow": "slow_negatives", "tempo": "slow_negatives",
    "forced_negatives": "forced_negative", "forced_positives": "forced_positive",
    "beyond": "beyond_failure", "past_failure": "beyond_failure", "normal_reps": "normal",
}


def resolve_method(name: str) -> str:
    """The method key for a key or an alias; unknown: BadInputError naming the closest."""
    from forceplate.analysis.names import resolve

    return resolve("method", name, METHODS, METHOD_ALIASES, "methods")
