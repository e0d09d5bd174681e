"""What the streaming analyser emits. Consumers: the dashboard, the recorder, the CLI.

This module is the contract between analysis and its consumers: add fields, don't rename.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any


class Phase(str, Enum):
    EMPTY = "empty"          # nothing on the plate (below a few kg)
    STANDING = "standing"    # weighing / quiet, not yet in a set
    REST = "rest"            # proven rest inside a set (between reps)
    LOWERING = "lowering"    # eccentric
    BOTTOM = "bottom"        # pause at the turnaround
    RAISING = "raising"      # concentric
    UNKNOWN = "unknown"      # moving, direction not yet known (e.g. spotter acting)
    UNSURE = "unsure"        # the force cannot tell what the lifter does now (a spotter acting
                             # where the method does not expect one): no word rather than a wrong one


@dataclass(frozen=True, slots=True)
class Weighing:
    """A weighing over a quiet window."""

    kind: str                # "tare" | "body" | "system" | "reweigh"
    t_start_s: float
    t_end_s: float
    force_n: float           # mean vertical force over the window
    sd_n: float              # its SD: the quality figure
    mass_kg: float           # force_n / g (0 for a tare)
    accepted: bool = True
    reason: str = ""         # why refused, when not accepted


@dataclass(frozen=True, slots=True)
class PhaseMetrics:
    start_s: float
    end_s: float
    duration_s: float
    mean_force_n: float
    peak_force_n: float
    mean_load_n: float       # mean force minus body weight
    impulse_ns: float        # integral of (F - m_system*g) dt
    peak_rfd_n_per_s: float
    mean_velocity_m_s: float | None = None   # None where velocity is not valid (assisted reps)
    peak_velocity_m_s: float | None = None
    mean_power_w: float | None = None
    peak_power_w: float | None = None


@dataclass(frozen=True, slots=True)
class Rep:
    """One rep. to_row() gives the flat dict used by JSON/CSV output and Parquet storage."""

    rep: int                  # 1-based within the session
    set: int                  # 1-based
    rep_in_set: int
    eccentric: PhaseMetrics
    concentric: PhaseMetrics
    bottom_s: float           # turnaround (zero velocity / break in force trend)
    pause_bottom_s: float     # time held at the bottom
    ecc_con_load_ratio: float  # eccentric mean load / concentric mean load
    time_under_tension_s: float
    phase_source: str         # "position" | "velocity" | "spotter_plate" | "force_integral" | "force_levels"
    confidence: float         # 0..1
    assisted: str = "none"    # "none" | "raising" | "lowering" | "both" (spotter)
    body_mass_kg: float = 0.0
    system_mass_kg: float = 0.0
    tempo_target_ecc_s: float | None = None
    verdict: str = ""         # e.g. "on target", "lowered too fast"
    verdict_codes: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def to_row(self) -> dict[str, Any]:
        """Flat dict: ecc_*/con_* per-phase keys plus the rep's own fields (JSON/CSV/Parquet)."""
        row: dict[str, Any] = {"rep": self.rep, "set": self.set, "rep_in_set": self.rep_in_set}
        for prefix, ph in (("ecc", self.eccentric), ("con", self.concentric)):
            for k, v in asdict(ph).items():
                row[f"{prefix}_{k}"] = v
        row.update({
            "bottom_s": self.bottom_s, "pause_bottom_s": self.pause_bottom_s,
            "ecc_con_load_ratio": self.ecc_con_load_ratio,
            "time_under_tension_s": self.time_under_tension_s,
            "phase_source": self.phase_source, "confidence": self.confidence,
            "assisted": self.assisted, "body_mass_kg": self.body_mass_kg,
            "system_mass_kg": self.system_mass_kg, "tempo_target_ecc_s": self.tempo_target_ecc_s,
            "verdict": self.verdict, "verdict_codes": ",".join(self.verdict_codes),
        })
        return row


@dataclass(frozen=True, slots=True)
class SetSummary:
    set: int
    start_s: float
    end_s: float
    reps: int
    time_under_tension_s: float
    mean_ecc_duration_s: float
    mean_ecc_con_load_ratio: float
    concentric_slowdown: float        # last reps' concentric duration / first reps', 1.0 = none
    method: str = ""
    positive_failure_rep: int | None = None   # beyond failure: the rep whose positive stalled/was helped
    negatives_after_failure: int = 0
    verdict: str = ""

    def to_row(self) -> dict[str, Any]:
        return asdict(self)


# --- events -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Event:
    t_s: float


@dataclass(frozen=True, slots=True)
class Calibrated(Event):
    weighing: Weighing


@dataclass(frozen=True, slots=True)
class PhaseChanged(Event):
    phase: Phase
    provisional: bool = True   # live guess; the rep's final boundaries come with RepCompleted


@dataclass(frozen=True, slots=True)
class RepCompleted(Event):
    rep: Rep


@dataclass(frozen=True, slots=True)
class SetStarted(Event):
    set: int


@dataclass(frozen=True, slots=True)
class SetEnded(Event):
    summary: SetSummary


@dataclass(frozen=True, slots=True)
class PositiveFailure(Event):
    """Beyond failure: the positive stalled or needed help; negatives start now."""

    rep: int
