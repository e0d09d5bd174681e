"""Ground truth of a simulated session: what happened, exactly, to test the analysis against.

Phase boundaries follow the contract: eccentric start = the instant downward motion starts,
eccentric end = bottom reached (v back to 0), concentric start = upward motion starts (after
any pause), concentric end = v back to 0 at the top. They are exact knot instants of the
generated kinematics, not sample times. Per-phase mean forces are means of the simulated
vertical force over the samples with start <= t < end: `*_mean_force_n` from the noiseless
force, `*_mean_force_measured_n` from the noisy, drifting sum of the load cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from forceplate.units import G


@dataclass(frozen=True, slots=True)
class MassChange:
    """The mass on the plate changing: someone steps on/off, the bar is unracked/racked."""

    kind: str            # "step_on" | "unrack" | "rack" | "step_off"
    start_s: float       # the transfer starts
    end_s: float         # all the mass is on (or off); bounce and settling follow
    mass_from_kg: float
    mass_to_kg: float


@dataclass(frozen=True, slots=True)
class TrueRep:
    rep: int                  # 1-based within the session
    set: int                  # 1-based
    rep_in_set: int
    method: str
    ecc_start_s: float
    ecc_end_s: float
    con_start_s: float
    con_end_s: float
    ecc_mean_force_n: float   # noiseless plate force
    con_mean_force_n: float
    ecc_mean_force_measured_n: float  # as the plate measured it (noise, drift, quantisation-free)
    con_mean_force_measured_n: float
    assisted: str             # "none" | "raising" | "lowering"
    spotter_mean_force_n: float  # mean E over the assisted phase (+ lifts, - pushes down); 0 if none
    ecc_spotter_mean_n: float
    con_spotter_mean_n: float
    travel_m: float           # lowered distance
    rise_m: float             # raised distance (lockouts differ by cm rep to rep)
    body_mass_kg: float
    system_mass_kg: float
    stalled: bool = False     # beyond failure: the positive that hung mid-way

    @property
    def ecc_duration_s(self) -> float:
        return self.ecc_end_s - self.ecc_start_s

    @property
    def con_duration_s(self) -> float:
        return self.con_end_s - self.con_start_s

    @property
    def pause_bottom_s(self) -> float:
        return self.con_start_s - self.ecc_end_s

    @property
    def ecc_mean_load_n(self) -> float:
        """Mean force minus body weight: what coaches call the load."""
        return self.ecc_mean_force_n - self.body_mass_kg * G

    @property
    def con_mean_load_n(self) -> float:
        return self.con_mean_force_n - self.body_mass_kg * G

    @property
    def ecc_con_load_ratio(self) -> float:
        return self.ecc_mean_load_n / self.con_mean_load_n


@dataclass(frozen=True, slots=True)
class TrueSet:
    set: int                  # 1-based
    method: str
    unrack_s: float
    rack_s: float
    first_rep: int            # session rep number of its first rep
    n_reps: int
    system_mass_kg: float
    positive_failure_rep: int | None = None  # beyond failure: rep_in_set of the stalled positive
    negatives_after_failure: int = 0


@dataclass
class Truth:
    body_mass_kg: float
    bar_mass_kg: float
    system_mass_kg: float
    spotter_mass_kg: float
    step_on_s: list[float] = field(default_factory=list)   # one per time the lifter steps on
    unrack_s: list[float] = field(default_factory=list)    # one per set
    rack_s: list[float] = field(default_factory=list)      # one per set
    step_off_s: list[float] = field(default_factory=list)
    reps: list[TrueRep] = field(default_factory=list)
    sets: list[TrueSet] = field(default_factory=list)
    mass_changes: list[MassChange] = field(default_factory=list)
