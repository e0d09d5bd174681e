"""simulate(scenario): a whole session at once, with its raw reports and ground truth."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from forceplate.decoder import ReportDecoder
from forceplate.encoder import counts_from_values, encode_reports
from forceplate.profile import PlateProfile
from forceplate.samples import ReaderInfo, SampleBlock
from forceplate.simulator.physics import PlateState, Rendered, render
from forceplate.simulator.plan import Segment, plan_segment
from forceplate.simulator.plate import simulated_info, simulated_profile
from forceplate.simulator.scenario import Scenario
from forceplate.simulator.truth import TrueRep, TrueSet, Truth


@dataclass
class SimulatedRecording:
    scenario: Scenario
    info: ReaderInfo
    profile: PlateProfile
    time_s: np.ndarray          # (n,)
    values: np.ndarray          # (n, c) SI per info.channels, before quantisation
    total_force_n: np.ndarray   # (n,) measured vertical force (sum of the cells)
    truth: Truth
    clean_force_n: np.ndarray   # (n,) noiseless vertical force
    mass_kg: np.ndarray         # (n,) mass on the plate
    position_m: np.ndarray      # (n,) true COM displacement since the unrack
    velocity_m_s: np.ndarray    # (n,) true velocity of the rep motion
    accel_m_s2: np.ndarray      # (n,)
    external_force_n: np.ndarray  # (n,) spotter force E on the bar (+ up)
    perturbation_force_n: np.ndarray  # (n,) m*(sway + tremor) accelerations, not in accel_m_s2
    _reports: np.ndarray | None = field(default=None, repr=False)

    @property
    def sample_rate_hz(self) -> float:
        return self.info.sample_rate_hz

    def reports(self) -> np.ndarray:
        """uint8 (k, 64): the raw HID reports the plate would send."""
        if self._reports is None:
            self._reports = encode_reports(self.profile, counts_from_values(self.profile, self.values))
        return self._reports

    def block(self) -> SampleBlock:
        """The reports decoded by the real decoding path."""
        return ReportDecoder(self.profile).decode(self.reports())

    def exported(self, export_hz: float) -> tuple[ReaderInfo, SampleBlock]:
        """The decoded recording as a vendor export at about export_hz (many export at
        50-200 Hz): means of whole groups of samples, as a plate's own averaging would give,
        each stamped with its group's first time."""
        block = self.block()
        k = max(1, int(round(self.info.sample_rate_hz / export_hz)))
        n = len(block) // k * k
        values = block.values[:n].reshape(-1, k, block.values.shape[1]).mean(axis=1)
        time_s = block.time_s[:n:k]
        out = SampleBlock(time_s=time_s, values=values, seq=np.arange(time_s.size, dtype=np.int64),
                          flags=np.zeros(time_s.size, np.uint8))
        return replace(self.info, sample_rate_hz=self.info.sample_rate_hz / k), out


def _mean(x: np.ndarray, t: np.ndarray, start: float, end: float) -> float:
    i0, i1 = np.searchsorted(t, [start, end], side="left")
    return float(x[i0:i1].mean()) if i1 > i0 else float("nan")


def segment_truth(seg: Segment, r: Rendered, first_rep: int) -> tuple[list[TrueRep], TrueSet]:
    """True reps and set of a rendered segment (r must cover the whole segment)."""
    reps = []
    t = r.time_s
    for k, p in enumerate(seg.reps):
        e_ecc = _mean(r.external_force_n, t, p.ecc_start_s, p.ecc_end_s)
        e_con = _mean(r.external_force_n, t, p.con_start_s, p.con_end_s)
        helped = {"lowering": e_ecc, "raising": e_con}.get(p.assisted, 0.0)
        reps.append(TrueRep(
            rep=first_rep + k, set=p.set, rep_in_set=p.rep_in_set, method=p.method,
            ecc_start_s=p.ecc_start_s, ecc_end_s=p.ecc_end_s,
            con_start_s=p.con_start_s, con_end_s=p.con_end_s,
            ecc_mean_force_n=_mean(r.clean_force_n, t, p.ecc_start_s, p.ecc_end_s),
            con_mean_force_n=_mean(r.clean_force_n, t, p.con_start_s, p.con_end_s),
            ecc_mean_force_measured_n=_mean(r.total_force_n, t, p.ecc_start_s, p.ecc_end_s),
            con_mean_force_measured_n=_mean(r.total_force_n, t, p.con_start_s, p.con_end_s),
            assisted=p.assisted, spotter_mean_force_n=helped,
            ecc_spotter_mean_n=e_ecc, con_spotter_mean_n=e_con,
            travel_m=p.travel_m, rise_m=p.rise_m, body_mass_kg=seg.body_mass_kg,
            system_mass_kg=seg.system_mass_kg, stalled=p.stalled,
        ))
    tset = TrueSet(set=seg.set, method=seg.method, unrack_s=seg.unrack_s, rack_s=seg.rack_s,
                   first_rep=first_rep, n_reps=len(seg.reps), system_mass_kg=seg.system_mass_kg,
                   positive_failure_rep=seg.positive_failure_rep,
                   negatives_after_failure=seg.negatives_after_failure)
    return reps, tset


def add_segment_truth(truth: Truth, seg: Segment, r: Rendered) -> None:
    reps, tset = segment_truth(seg, r, len(truth.reps) + 1)
    truth.reps.extend(reps)
    if seg.has_set:
        truth.sets.append(tset)
    for tr in seg.transfers:
        ch = tr.change
        truth.mass_changes.append(ch)
        {"step_on": truth.step_on_s, "unrack": truth.unrack_s, "rack": truth.rack_s,
         "step_off": truth.step_off_s}[ch.kind].append(ch.start_s)


def new_truth(sc: Scenario) -> Truth:
    return Truth(body_mass_kg=sc.body_mass_kg, bar_mass_kg=sc.bar_mass_kg,
                 system_mass_kg=sc.system_mass_kg, spotter_mass_kg=sc.spotter_mass_kg)


def simulate(scenario: Scenario) -> SimulatedRecording:
    """The whole session: empty plate, step on, n_sets sets with rests, step off, empty plate.
    Deterministic for a given scenario (its seed included)."""
    sc = scenario
    rng = np.random.default_rng(sc.seed)
    state = PlateState.create(rng, sc)
    profile = simulated_profile(sc)
    rate = sc.sample_rate_hz
    spr = profile.samples_per_report
    truth = new_truth(sc)
    parts: list[Rendered] = []
    n0 = 0
    for s in range(sc.n_sets):
        last = s == sc.n_sets - 1
        seg = plan_segment(rng, sc, set_no=s + 1, method=sc.method, start_s=n0 / rate,
                           step_on=s == 0, step_off=last, rest_after_s=sc.rest_between_sets_s)
        n1 = int(np.ceil(seg.end_s * rate))
        if last:  # whole reports: pad the final empty plate
            n1 += (-n1) % spr
        seg.end_s = n1 / rate
        r = render(seg, state, rng, n0, n1)
        add_segment_truth(truth, seg, r)
        parts.append(r)
        n0 = n1

    def cat(name: str) -> np.ndarray:
        return np.concatenate([getattr(p, name) for p in parts])

    return SimulatedRecording(
        scenario=sc, info=simulated_info(sc, profile), profile=profile,
        time_s=cat("time_s"), values=cat("values"), total_force_n=cat("total_force_n"),
        truth=truth, clean_force_n=cat("clean_force_n"), mass_kg=cat("mass_kg"),
        position_m=cat("position_m"), velocity_m_s=cat("velocity_m_s"),
        accel_m_s2=cat("accel_m_s2"), external_force_n=cat("external_force_n"),
        perturbation_force_n=cat("perturbation_force_n"),
    )
