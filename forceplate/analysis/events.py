"""What the streaming analyser emits. Consumers: the dashboard, the recorder, the CLI.

This module is the contract between analysis and its consumers: add fields, don't rename.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from enum import Enum
from typing import Any

from forceplate.analysis.version import ANALYSIS_VERSION


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
    mean_load_n: float       # mean force minus body weight (a bodyweight rep's: the mean force)
    impulse_n_s: float        # integral of (F - m_system*g) dt
    peak_rfd_n_per_s: float
    mean_velocity_m_s: float | None = None   # None where velocity is not valid (assisted reps)
    peak_velocity_m_s: float | None = None
    mean_power_w: float | None = None
    peak_power_w: float | None = None


@dataclass(frozen=True, slots=True)
class JumpMetrics:
    """A jump's own figures (docs/jumps.md). On the Rep: eccentric = unweighting + braking,
    concentric = propulsion, ending at take-off. None where a figure does not apply."""

    type: str                          # "countermovement" | "squat" | "drop" | "rebound"
    landed: str                        # "plate" | "off" (landed beside the plate) | "unknown"
                                       # (the recording ended in the air)
    onset_s: float                     # start of movement (touchdown for drop / rebound)
    zero_velocity_s: float             # lowest point
    takeoff_s: float
    landing_s: float | None
    flight_time_s: float | None
    takeoff_velocity_m_s: float | None
    height_impulse_m: float | None     # v_takeoff^2 / 2g
    height_flight_m: float | None      # g t_flight^2 / 8
    contraction_time_s: float          # onset (touchdown) -> take-off
    rsi_modified: float | None         # impulse height / contraction time (standing jumps), m/s
    rsi: float | None                  # flight height / contact time (drop, rebound), m/s
    unweighting_s: float | None
    braking_s: float | None            # peak downward velocity -> zero velocity
    propulsion_s: float | None
    braking_mean_force_n: float | None
    braking_peak_force_n: float | None
    braking_rfd_n_per_s: float | None  # (F at zero velocity - F at braking start) / braking time
    ecc_decel_impulse_n_s: float | None  # integral of (F - m g) over braking
    countermovement_depth_m: float | None  # lowest COM displacement (negative)
    force_at_zero_velocity_n: float | None
    ecc_con_mean_force_ratio: float | None
    peak_landing_force_n: float | None
    mass_kg: float                     # weighed for this jump (with any load)
    weighing_sd_n: float | None


JUMP_KEYS: tuple[str, ...] = tuple(f"jump_{k}" for k in JumpMetrics.__dataclass_fields__)


def _jump_from_row(row: dict[str, Any]) -> JumpMetrics | None:
    """A stored jump's figures back (None for a strength rep's row)."""
    if row.get("movement") != "jump" or row.get("jump_type") is None:
        return None
    kw: dict[str, Any] = {}
    for f in fields(JumpMetrics):
        v = row.get(f"jump_{f.name}")
        if f.name in ("type", "landed"):
            kw[f.name] = str(v or "")
        elif v is None:
            kw[f.name] = None if f.name not in ("onset_s", "zero_velocity_s", "takeoff_s", "contraction_time_s",
                                                "mass_kg") else float("nan")
        else:
            kw[f.name] = float(v)
    return JumpMetrics(**kw)


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
    analysis_version: str = ANALYSIS_VERSION
    movement: str = "rep"     # "rep" | "jump" | "bodyweight" (no bar: the loads are the body's)
    jump: JumpMetrics | None = None

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
            "analysis_version": self.analysis_version,
            "movement": self.movement,
        })
        jump = asdict(self.jump) if self.jump is not None else {}
        row.update({key: jump.get(key[5:]) for key in JUMP_KEYS})
        return row

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Rep:
        """The inverse of to_row (a stored rep back as a Rep: replay, views)."""
        def num(key: str, default: float = float("nan")) -> float:
            v = row.get(key)
            return default if v is None else float(v)

        def phase(prefix: str) -> PhaseMetrics:
            kw: dict[str, Any] = {}
            for f in fields(PhaseMetrics):
                v = row.get(f"{prefix}_{f.name}")
                kw[f.name] = None if v is None and f.default is None else float(num(f"{prefix}_{f.name}"))
            return PhaseMetrics(**kw)

        codes = row.get("verdict_codes") or ""
        target = row.get("tempo_target_ecc_s")
        return cls(
            rep=int(row.get("rep") or 0), set=int(row.get("set") or 0), rep_in_set=int(row.get("rep_in_set") or 0),
            eccentric=phase("ecc"), concentric=phase("con"), bottom_s=num("bottom_s"),
            pause_bottom_s=num("pause_bottom_s", 0.0), ecc_con_load_ratio=num("ecc_con_load_ratio"),
            time_under_tension_s=num("time_under_tension_s", 0.0), phase_source=str(row.get("phase_source") or ""),
            confidence=num("confidence", 0.0), assisted=str(row.get("assisted") or "none"),
            body_mass_kg=num("body_mass_kg", 0.0), system_mass_kg=num("system_mass_kg", 0.0),
            tempo_target_ecc_s=None if target is None else float(target), verdict=str(row.get("verdict") or ""),
            verdict_codes=tuple(c for c in str(codes).split(",") if c) if isinstance(codes, str) else tuple(codes),
            analysis_version=str(row.get("analysis_version") or ""),
            movement=str(row.get("movement") or "rep"), jump=_jump_from_row(row),
        )


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
    analysis_version: str = ANALYSIS_VERSION

    def to_row(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> SetSummary:
        """The inverse of to_row (unknown keys, e.g. a library's session columns, ignored)."""
        kw = {f.name: row[f.name] for f in fields(cls) if row.get(f.name) is not None}
        kw.setdefault("analysis_version", "")
        for name in ("start_s", "end_s", "time_under_tension_s", "mean_ecc_duration_s",
                     "mean_ecc_con_load_ratio", "concentric_slowdown"):
            kw.setdefault(name, float("nan"))
        for name in ("set", "reps"):
            kw.setdefault(name, 0)
        return cls(**kw)


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
