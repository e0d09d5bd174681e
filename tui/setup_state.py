"""What the coach set up: plate, athlete, exercise, method, targets, load. No Textual here."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from forceplate.analysis.methods import METHODS


@dataclass(frozen=True, slots=True)
class SessionSetup:
    reader: str = "mock"
    reader_options: dict[str, str] = field(default_factory=dict)
    profile: str | None = None
    athlete: str = "athlete"
    exercise: str = "smith_squat"
    method: str = "slow_negatives"
    ecc_target_s: float | None = None       # None: the method's default
    overload_target: float | None = None    # None: the method's default
    ecc_tolerance: float | None = None      # share of the lowering target still on target; None: the method's
    load_kg: float | None = None
    body_mass_kg: float | None = None       # from the weigh step, when done
    data_dir: Path | None = None
    unsafe_confirmed: bool = False          # the coach confirmed negatives on an unsafe lift

    def safety_warning(self) -> str | None:
        """Why negatives are unsafe on this exercise with this method, else None."""
        from forceplate.analysis.exercises import check_exercise_for_method

        return check_exercise_for_method(self.exercise, self.method)

    def targets(self) -> dict[str, float | None]:
        spec = METHODS.get(self.method)
        ecc = self.ecc_target_s if self.ecc_target_s is not None else (spec.ecc_target_s if spec else None)
        over = self.overload_target if self.overload_target is not None else (spec.overload_target if spec else None)
        return {"ecc_target_s": ecc, "overload_target": over}

    def with_changes(self, **kw: object) -> SessionSetup:
        new = replace(self, **kw)  # type: ignore[arg-type]
        if "unsafe_confirmed" not in kw and (new.exercise, new.method) != (self.exercise, self.method):
            new = replace(new, unsafe_confirmed=False)   # a confirmation is for one lift x method
        return new.simulated_lifter_follows_method()

    def simulated_lifter_follows_method(self) -> SessionSetup:
        """On the simulated plate the lifter does the coach's method, so the verdicts make sense."""
        if self.reader != "mock" or self.reader_options.get("method") == self.method:
            return self
        return replace(self, reader_options={**self.reader_options, "method": self.method})


def setup_from_meta(meta: object, base: SessionSetup) -> SessionSetup:
    """The setup a saved session was recorded with (for replaying it), on top of base."""
    targets = getattr(meta, "targets", None) or {}
    return base.with_changes(
        athlete=getattr(meta, "athlete", base.athlete), exercise=getattr(meta, "exercise", base.exercise),
        method=getattr(meta, "method", base.method), ecc_target_s=targets.get("ecc_target_s"),
        overload_target=targets.get("overload_target"), load_kg=getattr(meta, "load_kg", None),
        ecc_tolerance=targets.get("ecc_tolerance"),
        body_mass_kg=getattr(meta, "body_mass_kg", None),
    )
