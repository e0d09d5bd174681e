"""Plan one segment of a session (one set with what surrounds it) as exact events in time:
the kinematics knots, the mass changes, the spotter's force envelopes, the reps' boundaries.
Rendering to samples (physics.py) comes after, so any window can be rendered on demand."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from forceplate.simulator.kinematics import RAMPS, Motion, phase_shape
from forceplate.simulator.scenario import Scenario
from forceplate.simulator.truth import MassChange
from forceplate.units import G


@dataclass(frozen=True, slots=True)
class Transfer:
    """A mass change as rendered: smooth transfer, then a damped bounce."""

    change: MassChange
    bounce: float        # bounce amplitude, fraction of the weight transferred
    freq_hz: float
    tau_s: float


@dataclass(frozen=True, slots=True)
class SpotterAction:
    """E(t) = level * envelope * (1 + wobble): on and off with smooth ramps."""

    on_s: float          # centre of the on-ramp
    off_s: float         # centre of the off-ramp
    ramp_on_s: float
    ramp_off_s: float
    level_n: float       # + lifts the bar, - pushes it down
    wobble: tuple[tuple[float, float, float], ...]  # (relative amplitude, Hz, phase)
    slope: float = 0.0   # relative change of the level from on to off (an uneven spotter)


@dataclass(frozen=True, slots=True)
class PlannedRep:
    set: int
    rep_in_set: int
    method: str
    ecc_start_s: float
    ecc_end_s: float
    con_start_s: float
    con_end_s: float
    assisted: str
    travel_m: float
    rise_m: float
    stalled: bool = False


@dataclass
class Segment:
    set: int
    method: str
    start_s: float
    end_s: float
    mass0_kg: float
    body_mass_kg: float
    system_mass_kg: float
    motion: Motion
    transfers: list[Transfer] = field(default_factory=list)
    spotter: list[SpotterAction] = field(default_factory=list)
    reps: list[PlannedRep] = field(default_factory=list)
    unrack_s: float = 0.0
    rack_s: float = 0.0
    positive_failure_rep: int | None = None
    negatives_after_failure: int = 0

    @property
    def has_set(self) -> bool:
        """False for a lifter who stepped off before unracking (step_off_early)."""
        return any(tr.change.kind == "unrack" for tr in self.transfers)


def _transfer(rng: np.random.Generator, kind: str, start: float, m_from: float, m_to: float,
              dur: tuple[float, float], bounce: tuple[float, float]) -> Transfer:
    d = float(rng.uniform(*dur))
    return Transfer(MassChange(kind, start, start + d, m_from, m_to),
                    bounce=float(rng.uniform(*bounce)), freq_hz=float(rng.uniform(1.5, 5.0)),
                    tau_s=float(rng.uniform(0.08, 0.3)))


def _spotter(rng: np.random.Generator, on: float, off: float, level: float,
             uneven: float = 0.0) -> SpotterAction:
    wob = tuple((float(rng.uniform(0.02, 0.08)), float(rng.uniform(0.4, 4.0)),
                 float(rng.uniform(0, 2 * np.pi))) for _ in range(2))
    act = SpotterAction(on_s=on + float(rng.uniform(-0.08, 0.08)),
                        off_s=off + float(rng.uniform(-0.08, 0.08)),
                        ramp_on_s=float(rng.uniform(0.1, 0.3)), ramp_off_s=float(rng.uniform(0.1, 0.3)),
                        level_n=level * float(rng.uniform(0.9, 1.1)), wobble=wob)
    if uneven <= 0:
        return act
    # a spotter who helps unevenly: more on one rep than the next, easing in slowly, giving
    # more (or less) as the phase goes on; never less than a fifth of the intended help
    stretch = float(rng.uniform(1.0, 1.0 + 2.0 * uneven / 0.35))
    return replace(act, ramp_on_s=act.ramp_on_s * stretch,
                   ramp_off_s=act.ramp_off_s * float(rng.uniform(1.0, stretch)),
                   level_n=act.level_n * max(0.2, 1.0 + uneven * float(rng.standard_normal())),
                   slope=float(rng.uniform(-uneven, uneven)))


# feet stay planted: the plate keeps at least 30% of the system's weight while the lifter
# decelerates the load (F = m(g + a) - E), and a push peaks below twice the weight
MIN_FORCE_SHARE = 0.3
MAX_ACCEL_G = 1.0


def _within_limits(times: np.ndarray, levels: np.ndarray, displacement_m: float, mass_kg: float,
                   lift_n: float = 0.0, peak: float = 1.875) -> np.ndarray:
    """Knot times stretched (never shrunk) so the phase's accelerations are humanly possible
    with the spotter lifting up to lift_n. A fixed shape's accelerations scale as 1/T^2."""
    dts = np.diff(times)
    scale = displacement_m / float(np.sum(dts * (levels[:-1] + levels[1:]) / 2.0))
    acc = peak * np.diff(levels) * scale / dts  # peak of each ramp: 1.875 dv/dt for the quintic
    a_lo = -(1.0 - MIN_FORCE_SHARE) * G + lift_n / mass_kg
    a_lo = min(a_lo, -0.1 * G)
    a_hi = MAX_ACCEL_G * G
    f = 1.0
    if acc.min() < a_lo:
        f = max(f, float(np.sqrt(acc.min() / a_lo)))
    if acc.max() > a_hi:
        f = max(f, float(np.sqrt(acc.max() / a_hi)))
    return times * f


def _jitter(rng: np.random.Generator, value: float, rel: float, lo: float) -> float:
    return max(lo, value * (1.0 + rel * float(rng.standard_normal())))


def plan_segment(rng: np.random.Generator, sc: Scenario, *, set_no: int, method: str,
                 start_s: float, step_on: bool, step_off: bool, rest_after_s: float,
                 ) -> Segment:
    """One set: [empty, step on, stand,] unrack, settle, reps, rack, [stand, step off, empty |
    rest standing]. Times are absolute seconds."""
    body, system = sc.body_mass_kg, sc.system_mass_kg
    t = start_s
    transfers: list[Transfer] = []
    if step_on:
        t += sc.empty_s
        tr = _transfer(rng, "step_on", t, 0.0, body, (0.3, 0.8), (0.05, 0.2))
        transfers.append(tr)
        t = tr.change.end_s + sc.stand_s
    tr = _transfer(rng, "unrack", t, body, system, (0.3, 0.7), (0.04, 0.15))
    transfers.append(tr)
    unrack_s = t
    motion = Motion(t=[start_s], v=[0.0], z=[0.0], ramp=sc.ramp)
    # with the bar on, the lifter straightens up a few cm off the hooks (not a rep)
    motion.hold(tr.change.end_s + float(rng.uniform(0.0, 0.2)) - start_s)
    times, levels = phase_shape(rng, float(rng.uniform(0.4, 0.8)), fast=True)
    motion.phase(float(rng.uniform(0.01, 0.05)), times, levels)
    motion.hold(sc.settle_s)
    seg = Segment(set=set_no, method=method, start_s=start_s, end_s=0.0,
                  mass0_kg=0.0 if step_on else body, body_mass_kg=body, system_mass_kg=system,
                  motion=motion, transfers=transfers, unrack_s=unrack_s)
    _plan_reps(rng, sc, seg)

    _rack(rng, seg)
    seg.end_s = _step_off(rng, sc, seg, seg.transfers[-1].change.end_s) if step_off else \
        seg.transfers[-1].change.end_s + rest_after_s
    return seg


def _rack(rng: np.random.Generator, seg: Segment) -> None:
    """After the last rep: a moment at the top, the bar guided back and racked."""
    motion = seg.motion
    motion.hold(float(rng.uniform(0.8, 2.0)))
    z_end = motion.z[-1]
    if abs(z_end) > 1e-3:
        # guide the bar back onto the hooks: a small, quick move (not a rep)
        times, levels = phase_shape(rng, 0.5, fast=True)
        motion.phase(-z_end, times, levels)
    seg.rack_s = motion.end_s
    seg.transfers.append(_transfer(rng, "rack", seg.rack_s, seg.system_mass_kg, seg.body_mass_kg,
                                   (0.3, 0.6), (0.04, 0.12)))


def _step_off(rng: np.random.Generator, sc: Scenario, seg: Segment, t: float,
              wait_s: tuple[float, float] = (1.5, 2.5)) -> float:
    """Standing from t: a moment, then off the plate; returns the end of the empty plate after."""
    t += float(rng.uniform(*wait_s))
    tr = _transfer(rng, "step_off", t, seg.body_mass_kg, 0.0, (0.3, 0.8), (0.02, 0.08))
    seg.transfers.append(tr)
    return tr.change.end_s + sc.empty_s


def step_off_early(rng: np.random.Generator, sc: Scenario, seg: Segment, asked_s: float,
                   reaction_s: float) -> Segment:
    """seg as the lifter, asked at asked_s to step off the plate, changes it: the plan before
    asked_s stays as it is, then the lifter stays off an empty plate, or after reaction_s
    finishes the rep in hand and racks the bar, or standing steps off. The segment ends with
    the plate empty; one cut before the unrack holds no set."""
    at_s = asked_s
    if seg.mass0_kg > 0 or any(tr.change.start_s <= asked_s for tr in seg.transfers):
        at_s += reaction_s   # on the plate (else off it, and staying off)
    for tr in seg.transfers:   # a transfer under way finishes first
        if tr.change.start_s <= at_s < tr.change.end_s:
            at_s = tr.change.end_s
    transfers = [tr for tr in seg.transfers if tr.change.start_s < at_s]
    holding = bool(transfers) and transfers[-1].change.kind == "unrack"
    on_plate = transfers[-1].change.mass_to_kg > 0 if transfers else seg.mass0_kg > 0
    motion = seg.motion
    if holding:
        for p in seg.reps:     # the rep in hand is finished
            if p.ecc_start_s <= at_s < p.con_end_s:
                at_s = p.con_end_s
        at_s = _rest_from(motion, at_s)
        k = int(np.searchsorted(motion.t, at_s, side="left"))
        z_at = float(motion.evaluate(np.asarray([at_s]))[0][0])
        motion = Motion(t=[*motion.t[:k], at_s], v=[*motion.v[:k], 0.0], z=[*motion.z[:k], z_at],
                        ramp=motion.ramp)
    reps = [p for p in seg.reps if p.con_end_s <= at_s]
    failed = seg.positive_failure_rep if seg.positive_failure_rep and seg.positive_failure_rep <= len(reps) else None
    out = replace(seg, motion=motion, transfers=transfers, reps=reps,
                  # a spotter's on-ramp centres inside its own rep: the kept reps' help only
                  spotter=[sp for sp in seg.spotter if reps and sp.on_s < reps[-1].con_end_s],
                  positive_failure_rep=failed, negatives_after_failure=len(reps) - failed if failed else 0)
    if holding:
        _rack(rng, out)
        out.end_s = _step_off(rng, sc, out, out.transfers[-1].change.end_s, (0.5, 1.2))
    elif on_plate:   # asked, the lifter does not linger
        out.end_s = _step_off(rng, sc, out, at_s, (0.5, 1.2))
    else:
        out.end_s = at_s
    return out


def _rest_from(motion: Motion, t: float) -> float:
    """The first instant from t on at which the motion is at rest (a hold at v = 0 or a knot
    at v = 0, where every phase starts and ends)."""
    for k in range(len(motion.t) - 1):
        if motion.t[k + 1] < t:
            continue
        if motion.t[k] <= t and motion.v[k] == 0.0 and motion.v[k + 1] == 0.0:
            return t
        if motion.t[k + 1] >= t and motion.v[k + 1] == 0.0:
            return motion.t[k + 1]
    return max(t, motion.end_s)


def _plan_reps(rng: np.random.Generator, sc: Scenario, seg: Segment) -> None:
    motion = seg.motion
    spread = sc.tempo_spread
    level = sc.spotter_level_n
    top = 0.0
    n_normal = sc.reps_per_set
    plan: list[str] = ["normal"] * n_normal
    if seg.method == "beyond_failure":
        plan += ["stall"] + ["negative"] * sc.negatives
    for i, kind in enumerate(plan):
        if i > 0:
            motion.hold(_jitter(rng, sc.rest_top_s, 0.3, 0.3))
        progress = i / max(1, n_normal - 1) if kind == "normal" else 1.0
        travel = _jitter(rng, sc.travel_m, 0.03, 0.5 * sc.travel_m)
        new_top = float(np.clip(rng.normal(0.0, sc.lockout_spread_m) if sc.lockout_spread_m else 0.0,
                                -3 * sc.lockout_spread_m, 3 * sc.lockout_spread_m))
        rise = travel + new_top - top
        top = new_top

        ecc_target = sc.negative_ecc_s if kind == "negative" else sc.ecc_s
        ecc_s = _jitter(rng, ecc_target, spread, 0.4 * ecc_target)
        ecc_start = motion.end_s
        times, levels = phase_shape(rng, ecc_s, fast=False)
        times = _within_limits(times, levels, -travel, seg.system_mass_kg, peak=RAMPS[sc.ramp][3])
        motion.phase(-travel, times, levels)
        ecc_end = motion.end_s
        pause = _jitter(rng, sc.pause_bottom_s, 0.3, 0.0) if sc.pause_bottom_s > 0 else 0.0
        if kind != "normal":
            pause = max(pause, float(rng.uniform(0.1, 0.4)))  # the spotter takes hold
        motion.hold(pause)
        con_start = motion.end_s

        slow = 1.0 + sc.fatigue * progress**2
        con_s = _jitter(rng, sc.con_s * slow, spread / 2, 0.4)
        stall = None
        dip = 0.0
        if kind == "stall":
            con_s = sc.con_s * (1.0 + sc.fatigue) * float(rng.uniform(1.3, 1.8)) + sc.stall_s
            stall = (float(rng.uniform(0.35, 0.6)), sc.stall_s)
        elif kind == "negative":
            # an exhausted lifter, helped up: slower than the fresh reps
            con_s = _jitter(rng, sc.con_s * (1.0 + 0.5 * sc.fatigue) * 1.2, 0.15, 0.6)
        elif progress > 0.6 and sc.fatigue > 0.3:
            dip = float(rng.uniform(0.2, 0.6)) * progress
        times, levels = phase_shape(rng, con_s, fast=True, dip=dip, stall=stall)
        lifted = seg.method == "forced_positive" or kind != "normal"
        times = _within_limits(times, levels, rise, seg.system_mass_kg, 1.3 * level if lifted else 0.0,
                               RAMPS[sc.ramp][3])
        motion.phase(rise, times, levels)
        con_end = motion.end_s

        assisted = "none"
        if seg.method == "forced_negative":
            assisted = "lowering"
            seg.spotter.append(_spotter(rng, ecc_start, ecc_end, -level, sc.spotter_uneven))
        elif seg.method == "forced_positive":
            assisted = "raising"
            seg.spotter.append(_spotter(rng, con_start, con_end, level, sc.spotter_uneven))
        elif kind == "stall":
            assisted = "raising"
            # the spotter grabs the bar once it has hung a moment
            hang_start = con_start + float(times[2])
            seg.spotter.append(_spotter(rng, hang_start + 0.5 * sc.stall_s, con_end, level, sc.spotter_uneven))
            seg.positive_failure_rep = i + 1
        elif kind == "negative":
            assisted = "raising"
            seg.spotter.append(_spotter(rng, con_start, con_end, level, sc.spotter_uneven))
            seg.negatives_after_failure += 1
        seg.reps.append(PlannedRep(
            set=seg.set, rep_in_set=i + 1, method=seg.method, ecc_start_s=ecc_start,
            ecc_end_s=ecc_end, con_start_s=con_start, con_end_s=con_end, assisted=assisted,
            travel_m=travel, rise_m=rise, stalled=kind == "stall"))
