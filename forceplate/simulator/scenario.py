"""What to simulate: one lifter, one bar, one method, one or more sets, one plate."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from forceplate.errors import BadInputError
from forceplate.simulator.kinematics import RAMPS
from forceplate.units import G

METHODS = ("normal", "slow_negatives", "beyond_failure", "forced_positive", "forced_negative")


@dataclass(frozen=True)
class Scenario:
    """Every parameter of a simulated session. SI units; durations are per-rep targets
    around which each rep is drawn (see tempo_spread)."""

    seed: int = 0
    method: str = "normal"
    body_mass_kg: float = 80.0
    bar_mass_kg: float = 60.0
    n_sets: int = 1
    reps_per_set: int = 6          # beyond_failure: the normal reps before the failed positive
    negatives: int = 3             # beyond_failure: spotter-assisted negatives after failure
    # tempo
    ecc_s: float = 2.0
    pause_bottom_s: float = 0.0
    con_s: float = 1.0
    rest_top_s: float = 1.0
    negative_ecc_s: float = 6.0    # beyond_failure: lowering time of the negatives
    tempo_spread: float = 0.08     # relative SD of each rep's durations
    fatigue: float = 0.3           # concentric slow-down over a set (0.3 = last rep 30% slower)
    stall_s: float = 0.5           # beyond_failure: how long the failing positive hangs
    travel_m: float = 0.4
    lockout_spread_m: float = 0.015  # SD of the lockout height from rep to rep
    # plate
    sample_rate_hz: float = 1000.0
    n_cells: int = 4
    noise_sd_n: float = 1.5        # white noise per load cell
    drift_n_per_s: float = 0.02    # slow baseline drift of the total
    sway: float = 1.0              # postural sway scale (centre of pressure and vertical COM)
    ramp: str = "quintic"          # how the bar's speed eases between knots (kinematics.RAMPS);
                                   # no world draws it: a stress knob
    # spotter
    spotter_force_n: float | None = None  # None: spotter_share x the bar's weight
    spotter_share: float = 0.25
    spotter_mass_kg: float = 85.0
    spotter_drift_n_per_s: float = 0.0  # the spotter plate's own baseline drift; no world draws it
                                        # (a stress knob: real plates drift, each on its own)
    spotter_uneven: float = 0.0    # 0: the spotter holds one level; > 0: each rep's level varies by
                                   # this relative SD, the help ramps by up to +-this over the phase,
                                   # and it switches on and off over up to 3x longer ramps
    with_position: bool = False
    with_spotter_plate: bool = False
    # session frame
    empty_s: float = 1.0           # empty plate before stepping on / after stepping off
    stand_s: float = 2.0           # standing on the plate before unracking (body weighing)
    settle_s: float = 1.5          # standing with the bar before the first rep (system weighing)
    rest_between_sets_s: float = 8.0

    def __post_init__(self) -> None:
        problems = []
        if self.method not in METHODS:
            problems.append(f"method '{self.method}' (use one of {', '.join(METHODS)})")
        if not 250 <= self.sample_rate_hz <= 2000:
            problems.append("sample_rate_hz must be 250-2000")
        if not 1 <= self.n_cells <= 4:
            problems.append("n_cells must be 1-4")
        if self.ramp not in RAMPS:
            problems.append(f"ramp '{self.ramp}' (use one of {', '.join(RAMPS)})")
        if self.n_sets < 1 or self.reps_per_set < 1:
            problems.append("n_sets and reps_per_set must be >= 1")
        if min(self.ecc_s, self.con_s, self.negative_ecc_s) <= 0.2:
            problems.append("ecc_s, con_s and negative_ecc_s must be > 0.2 s")
        if self.travel_m <= 0.02 or self.body_mass_kg <= 0 or self.bar_mass_kg < 0:
            problems.append("travel_m, body_mass_kg must be > 0 and bar_mass_kg >= 0")
        if min(self.rest_top_s, self.pause_bottom_s, self.noise_sd_n, self.stall_s, self.spotter_uneven) < 0:
            problems.append("durations and noise must be >= 0")
        if problems:
            raise BadInputError("bad scenario: " + "; ".join(problems))

    @property
    def system_mass_kg(self) -> float:
        return self.body_mass_kg + self.bar_mass_kg

    @property
    def spotter_level_n(self) -> float:
        """Size of the spotter's force (always >= 0; its sign comes from the method)."""
        if self.spotter_force_n is not None:
            return abs(self.spotter_force_n)
        return self.spotter_share * self.bar_mass_kg * G

    @property
    def n_channels(self) -> int:
        return self.n_cells + int(self.with_position) + int(self.with_spotter_plate)

    @classmethod
    def for_method(cls, method: str, seed: int = 0, **overrides: Any) -> Scenario:
        """A typical set of the method (see METHOD_PRESETS), with any field overridden."""
        if method not in METHODS:
            raise BadInputError(f"unknown method '{method}' (use one of {', '.join(METHODS)})")
        known = {f.name for f in fields(cls)}
        bad = sorted(set(overrides) - known)
        if bad:
            raise BadInputError(f"unknown scenario field(s): {', '.join(bad)}")
        return cls(seed=seed, method=method, **{**METHOD_PRESETS[method], **overrides})

    def with_(self, **changes: Any) -> Scenario:
        return replace(self, **changes)


METHOD_PRESETS: dict[str, dict[str, Any]] = {
    "normal": dict(ecc_s=1.8, con_s=0.9, pause_bottom_s=0.1, reps_per_set=8, bar_mass_kg=60.0),
    "slow_negatives": dict(ecc_s=3.0, con_s=1.0, pause_bottom_s=0.2, reps_per_set=6, bar_mass_kg=50.0),
    # 6-10 reps to concentric failure, then 2-5 negatives of ~6 s
    "beyond_failure": dict(ecc_s=2.0, con_s=0.9, reps_per_set=8, negatives=3, negative_ecc_s=6.0,
                           fatigue=1.0, stall_s=0.6, spotter_share=0.3, bar_mass_kg=60.0),
    # ~25% over the 8-rep weight; the spotter lifts a large share, lowering ~6 s alone
    "forced_positive": dict(ecc_s=6.0, con_s=1.3, pause_bottom_s=0.2, reps_per_set=8,
                            spotter_share=0.3, bar_mass_kg=75.0, fatigue=0.2),
    # the spotter pushes down ~25% of the load while the lifter lowers ~5 s
    "forced_negative": dict(ecc_s=5.0, con_s=1.0, pause_bottom_s=0.2, reps_per_set=6,
                            spotter_share=0.25, bar_mass_kg=60.0),
}


WORLDS = ("classic", "wide")


def random_scenario(rng: np.random.Generator, method: str, world: str = "classic",
                    **overrides: Any) -> Scenario:
    """Wide, realistic parameters for benchmarks and property tests. world="classic" is the
    world the analysis was developed in (the default, kept for the tests' seeds); "wide" draws
    lifters it never met (wide_scenario)."""
    if method not in METHODS:
        raise BadInputError(f"unknown method '{method}' (use one of {', '.join(METHODS)})")
    if world == "wide":
        return wide_scenario(rng, method, **overrides)
    if world != "classic":
        raise BadInputError(f"unknown world '{world}' (use one of {', '.join(WORLDS)})")
    u = rng.uniform
    travel = float(u(0.1, 0.6))
    # isolation lifts (short travel) use light loads; squats and presses heavy ones
    bar_hi = 40.0 + 160.0 * (travel - 0.1) / 0.5
    bar = float(u(20.0, max(25.0, bar_hi)))
    ecc = {
        "normal": u(1.0, 2.5), "slow_negatives": u(2.6, 3.6), "beyond_failure": u(1.2, 2.5),
        "forced_positive": u(5.0, 7.0), "forced_negative": u(4.0, 6.0),
    }[method]
    reps = {
        "normal": rng.integers(4, 13), "slow_negatives": rng.integers(4, 9),
        "beyond_failure": rng.integers(6, 11), "forced_positive": rng.integers(6, 11),
        "forced_negative": rng.integers(4, 9),
    }[method]
    params: dict[str, Any] = dict(
        seed=int(rng.integers(0, 2**31)), method=method,
        body_mass_kg=float(u(50.0, 130.0)), bar_mass_kg=bar,
        n_sets=int(rng.integers(1, 3)), reps_per_set=int(reps), negatives=int(rng.integers(2, 6)),
        ecc_s=float(ecc), con_s=float(u(0.6, 1.5)),
        pause_bottom_s=float(0.0 if rng.random() < 0.4 else u(0.05, 1.0)),
        rest_top_s=float(u(0.3, 3.0)), negative_ecc_s=float(u(5.0, 7.0)),
        tempo_spread=float(u(0.03, 0.15)), fatigue=float(u(0.1, 0.6)),
        stall_s=float(u(0.3, 1.0)), travel_m=travel, lockout_spread_m=float(u(0.005, 0.03)),
        sample_rate_hz=float(rng.choice([500.0, 800.0, 1000.0, 1200.0, 2000.0])),
        n_cells=int(rng.integers(1, 5)), noise_sd_n=float(u(0.5, 5.0)),
        drift_n_per_s=float(u(-0.1, 0.1)), sway=float(u(0.5, 2.0)),
        spotter_share=float(u(0.15, 0.35)), spotter_mass_kg=float(u(60.0, 110.0)),
        with_position=bool(rng.random() < 0.5), with_spotter_plate=bool(rng.random() < 0.3),
        empty_s=float(u(0.5, 2.0)), stand_s=float(u(1.5, 3.0)), settle_s=float(u(1.2, 3.0)),
        rest_between_sets_s=float(u(5.0, 15.0)),
    )
    if method == "beyond_failure":
        params["fatigue"] = float(u(0.6, 1.5))
    if method == "forced_positive":
        params["fatigue"] = float(u(0.0, 0.3))
    params.update(overrides)
    return Scenario(**params)


def wide_scenario(rng: np.random.Generator, method: str, **overrides: Any) -> Scenario:
    """Lifters the analysis was not developed on: body masses 40-160 kg with bars up to 200 kg
    (40-360 kg on the plate), travel 5-80 cm (a calf raise to a deep squat), every phase 0.5-8 s,
    pauses at the bottom up to 2 s, 250 Hz to 2 kHz, the classic world's sway and noise with
    up to 1.5x its drift, and spotters whose help differs rep to rep and ramps within a phase."""
    if method not in METHODS:
        raise BadInputError(f"unknown method '{method}' (use one of {', '.join(METHODS)})")
    u = rng.uniform
    travel = float(np.exp(u(np.log(0.05), np.log(0.8))))        # as many calf raises as squats
    # isolation lifts (short travel) use light loads; squats and presses heavy ones
    bar_hi = 15.0 + 185.0 * min(1.0, (travel - 0.05) / 0.45)
    bar = float(u(5.0, bar_hi))
    ecc = {
        "normal": u(0.5, 3.0), "slow_negatives": u(2.5, 8.0), "beyond_failure": u(0.6, 3.0),
        "forced_positive": u(3.0, 8.0), "forced_negative": u(3.0, 8.0),
    }[method]
    reps = {
        "normal": rng.integers(3, 13), "slow_negatives": rng.integers(3, 9),
        "beyond_failure": rng.integers(5, 11), "forced_positive": rng.integers(4, 11),
        "forced_negative": rng.integers(3, 9),
    }[method]
    params: dict[str, Any] = dict(
        seed=int(rng.integers(0, 2**31)), method=method,
        body_mass_kg=float(u(40.0, 160.0)), bar_mass_kg=bar,
        n_sets=int(rng.integers(1, 3)), reps_per_set=int(reps), negatives=int(rng.integers(2, 6)),
        ecc_s=float(ecc), con_s=float(u(0.5, 3.0)),
        pause_bottom_s=float(0.0 if rng.random() < 0.35 else u(0.05, 2.0)),
        rest_top_s=float(u(0.3, 4.0)), negative_ecc_s=float(u(3.0, 8.0)),
        tempo_spread=float(u(0.03, 0.2)), fatigue=float(u(0.0, 0.8)),
        stall_s=float(u(0.3, 1.5)), travel_m=travel,
        lockout_spread_m=float(u(0.002, 0.03)) * min(1.0, travel / 0.15),
        sample_rate_hz=float(rng.choice([250.0, 500.0, 800.0, 1000.0, 1200.0, 2000.0])),
        n_cells=int(rng.integers(1, 5)), noise_sd_n=float(u(0.3, 5.0)),
        drift_n_per_s=float(u(-0.15, 0.15)), sway=float(u(0.3, 2.0)),
        spotter_share=float(u(0.1, 0.45)), spotter_mass_kg=float(u(55.0, 120.0)),
        spotter_uneven=float(u(0.0, 0.35)),
        with_position=bool(rng.random() < 0.4), with_spotter_plate=bool(rng.random() < 0.25),
        empty_s=float(u(0.5, 2.0)), stand_s=float(u(1.5, 3.0)), settle_s=float(u(1.0, 3.0)),
        rest_between_sets_s=float(u(5.0, 15.0)),
    )
    if method == "beyond_failure":
        params["fatigue"] = float(u(0.6, 1.5))
    if method == "forced_positive":
        params["fatigue"] = float(u(0.0, 0.3))
    params.update(overrides)
    return Scenario(**params)

