"""What the analyser is told: the method, the coach's targets, what is known about the lifter."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from forceplate.analysis.methods import method_spec
from forceplate.errors import BadInputError


@dataclass(frozen=True, slots=True)
class AnalysisConfig:
    method: str = "normal"
    ecc_target_s: float | None = None        # wanted lowering time per rep
    pause_target_s: float | None = None
    con_target_s: float | None = None
    overload_target: float | None = None     # wanted eccentric:concentric mean-load ratio
    body_mass_kg: float | None = None        # known body mass (else weighed on the plate)
    exercise: str | None = None
    negatives_min: int = 0                   # beyond failure: negatives wanted after failure
    negatives_max: int = 0
    ecc_tolerance: float = 0.2               # +-share of ecc_target_s (and pause) that counts as on target
    overload_tolerance: float = 0.05         # ratio may fall this far below target
    load_kg: float | None = None             # the setup's bar / machine load (checks the weighing)

    def __post_init__(self) -> None:
        method_spec(self.method)  # raises for an unknown method
        for name in ("ecc_target_s", "pause_target_s", "con_target_s", "overload_target", "body_mass_kg"):
            val = getattr(self, name)
            if val is not None and not val > 0:
                raise BadInputError(f"{name} must be > 0 (got {val})")
        if not 0 <= self.ecc_tolerance < 1:
            raise BadInputError(f"ecc_tolerance must be 0-1, a share of the target (got {self.ecc_tolerance})")
        if not 0 <= self.overload_tolerance < 10:
            raise BadInputError(f"overload_tolerance must be >= 0 (got {self.overload_tolerance})")
        if self.load_kg is not None and not self.load_kg >= 0:
            raise BadInputError(f"load_kg must be >= 0 (got {self.load_kg})")

    @classmethod
    def for_method(cls, name: str, **overrides: Any) -> AnalysisConfig:
        """The method's default targets, with any of them (or other fields) overridden."""
        spec = method_spec(name)
        known = {f.name for f in fields(cls)}
        bad = sorted(set(overrides) - known)
        if bad:
            raise BadInputError(f"unknown analysis setting(s): {', '.join(bad)}")
        base = cls(
            method=name, ecc_target_s=spec.ecc_target_s, pause_target_s=spec.pause_target_s,
            con_target_s=spec.con_target_s, overload_target=spec.overload_target,
            negatives_min=spec.negatives_min, negatives_max=spec.negatives_max,
            ecc_tolerance=spec.ecc_tolerance, overload_tolerance=spec.overload_tolerance,
        )
        return replace(base, **overrides)

    def targets(self) -> dict[str, Any]:
        """The targets as a flat dict (stored with a session)."""
        return {
            "ecc_target_s": self.ecc_target_s, "pause_target_s": self.pause_target_s,
            "con_target_s": self.con_target_s, "overload_target": self.overload_target,
            "negatives_min": self.negatives_min, "negatives_max": self.negatives_max,
            "ecc_tolerance": self.ecc_tolerance, "overload_tolerance": self.overload_tolerance,
        }

    def to_dict(self) -> dict[str, Any]:
        """Every setting (stored with a session, so its analysis can be repeated exactly)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AnalysisConfig:
        """The inverse of to_dict; unknown keys (a newer eccentric's) are ignored."""
        known = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in known}
        try:
            return cls(**kw)
        except TypeError as exc:
            raise BadInputError(f"bad analysis settings: {exc}") from None
