"""bench_phases.py's scoring: one analysed recording against the simulator's truth (reps
matched, boundaries within tolerance, mean forces within 2 %, what the force can show), and the
families scenarios are grouped by (split from bench_phases.py by job)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from forceplate.simulator import Scenario

# the confidence under which the dashboard and `record` tell the coach to look again
from tui.verdicts import LOW_CONFIDENCE as SHOWN_UNSURE


@dataclass
class Tally:
    true_reps: int = 0
    found_reps: int = 0
    matched: int = 0
    sets: int = 0
    exact_sets: int = 0
    bounds_ok: int = 0
    bounds: int = 0
    errors: list[float] = field(default_factory=list)
    force_ok: int = 0
    forces: int = 0
    # phases whose mean force missed 2 %: of reps not found / matched, of found reps with a
    # boundary of that phase out of tolerance, with both within tolerance
    force_miss: list[int] = field(default_factory=lambda: [0, 0, 0])
    per_scenario: list[float] = field(default_factory=list)
    sources: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # per true rep: (force shows both phases, found, boundaries in tolerance 0-4, found with
    # confidence <= LOW_CONFIDENCE, found and shown to the coach as unsure) - see visible()
    seen: list[tuple[bool, bool, int, bool, bool]] = field(default_factory=list)
    # force only, unassisted, visible reps with a boundary off or not found (--misses): one line
    # each, "ecc start s: what is off"
    misses: list[str] = field(default_factory=list)
    # found reps that match no true rep: True where the rep was flagged (see LOW_CONFIDENCE)
    extra: list[bool] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for k in ("true_reps", "found_reps", "matched", "sets", "exact_sets", "bounds_ok", "bounds",
                  "force_ok", "forces"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.errors += other.errors
        self.force_miss = [a + b for a, b in zip(self.force_miss, other.force_miss, strict=True)]
        self.per_scenario += other.per_scenario
        self.seen += other.seen
        self.misses += other.misses
        self.extra += other.extra
        for k, v in other.sources.items():
            self.sources[k] += v

    @property
    def in_tol(self) -> float:
        return 100.0 * self.bounds_ok / max(self.bounds, 1)

    @property
    def force_share(self) -> float:
        return 100.0 * self.force_ok / max(self.forces, 1)


SWAY_PCTL = 99.0        # %, the sway's peak: this percentile of |m*(sway + tremor) accelerations|
NOISE_SDS = 3.0         # frame-noise SDs on top of it (10-ms frame means, as the analysis sees them)
LOW_CONFIDENCE = 0.4    # a rep marked at or under this is flagged as not seen (segment.py)


def visible(rec) -> Callable[[float, float, float, float], bool]:
    """From the simulator's truth: does the force show both phases of a rep (ecc start/end,
    con start/end, s)? A phase shows when its peak |m*a| stands over the recording's own sway
    peak plus NOISE_SDS SDs of a 10-ms frame mean's noise (the sum of the cells' noise); under
    that, whatever the force shows there is sway and noise, and only the integral can find it
    (the bound in docs/analysis.md)."""
    sc = rec.scenario
    t = rec.time_s
    ma = np.abs(rec.mass_kg * rec.accel_m_s2)
    frame_noise = sc.noise_sd_n * np.sqrt(sc.n_cells) / np.sqrt(max(sc.sample_rate_hz * 0.01, 1.0))
    bound = float(np.percentile(np.abs(rec.perturbation_force_n), SWAY_PCTL)) + NOISE_SDS * frame_noise

    def shows(a: float, b: float, c: float, d: float) -> bool:
        for lo, hi in ((a, b), (c, d)):
            i, j = np.searchsorted(t, (lo, hi))
            if j <= i or float(ma[i:j].max()) < bound:
                return False
        return True
    return shows


def score(rec, res) -> dict[str, Tally]:
    """Match each true rep to the found rep with the nearest eccentric start; tally by
    'unassisted' / 'assisted'."""
    out = {"unassisted": Tally(), "assisted": Tally()}
    found = list(res.reps)
    starts = np.array([r.eccentric.start_s for r in found]) if found else np.empty(0)
    used: set[int] = set()
    per = {k: [0, 0] for k in out}
    shows = visible(rec)
    for tr in rec.truth.reps:
        key = "unassisted" if tr.assisted == "none" else "assisted"
        t = out[key]
        t.true_reps += 1
        seen = shows(tr.ecc_start_s, tr.ecc_end_s, tr.con_start_s, tr.con_end_s)
        i = int(np.argmin(np.abs(starts - tr.ecc_start_s))) if starts.size else -1
        if i < 0 or i in used or abs(starts[i] - tr.ecc_start_s) > 0.5 * (tr.con_end_s - tr.ecc_start_s):
            t.bounds += 4
            t.forces += 2
            t.force_miss[0] += 2
            per[key][1] += 4
            t.seen.append((seen, False, 0, False, False))
            if seen:
                t.misses.append(f"rep at {tr.ecc_start_s:.2f} s (set {tr.set}): not found")
            continue
        r = found[i]
        used.add(i)
        t.matched += 1
        t.sources[r.phase_source] += 1
        ecc_d, con_d = tr.ecc_duration_s, tr.con_duration_s
        pairs = [(r.eccentric.start_s, tr.ecc_start_s, ecc_d), (r.eccentric.end_s, tr.ecc_end_s, ecc_d),
                 (r.concentric.start_s, tr.con_start_s, con_d), (r.concentric.end_s, tr.con_end_s, con_d)]
        ok = []
        off = []
        for (got, want, dur), name in zip(pairs, ("ecc start", "ecc end", "con start", "con end"), strict=True):
            err = abs(got - want)
            tol = max(0.150, 0.06 * dur) if key == "unassisted" else max(0.250, 0.10 * dur)
            t.errors.append(err)
            t.bounds += 1
            per[key][1] += 1
            ok.append(err <= tol)
            if err > tol:
                off.append(f"{name} {got - want:+.2f} s")
            if err <= tol:
                t.bounds_ok += 1
                per[key][0] += 1
        t.seen.append((seen, True, sum(ok), r.confidence <= LOW_CONFIDENCE, r.confidence < SHOWN_UNSURE))
        if seen and off:
            t.misses.append(f"rep at {tr.ecc_start_s:.2f} s (set {tr.set}, ecc {ecc_d:.1f} s, con {con_d:.1f} s, "
                            f"confidence {r.confidence:.2f}): {', '.join(off)}")
        for k, (got, want) in enumerate(((r.eccentric.mean_force_n, tr.ecc_mean_force_n),
                                         (r.concentric.mean_force_n, tr.con_mean_force_n))):
            t.forces += 1
            good = abs(got / want - 1.0) <= 0.02
            t.force_ok += int(good)
            if not good:
                t.force_miss[2 if ok[2 * k] and ok[2 * k + 1] else 1] += 1
    for key, t in out.items():
        if per[key][1]:
            t.per_scenario.append(per[key][0] / per[key][1])
    # set-level rep counts (all reps, both kinds)
    true_by_set: dict[int, int] = defaultdict(int)
    for tr in rec.truth.reps:
        true_by_set[tr.set] += 1
    found_by_set: dict[int, int] = defaultdict(int)
    for r in found:
        found_by_set[r.set] += 1
    tot = out["unassisted"] if not any(tr.assisted != "none" for tr in rec.truth.reps) else out["assisted"]
    tot.sets += len(true_by_set)
    tot.exact_sets += sum(1 for s, n in true_by_set.items() if found_by_set.get(s, 0) == n)
    tot.found_reps += len(found)
    tot.extra += [r.confidence < SHOWN_UNSURE for i, r in enumerate(found) if i not in used]
    return out


# --- families ------------------------------------------------------------------------------

def _channels(sc: Scenario) -> str:
    return "position" if sc.with_position else "spotter plate" if sc.with_spotter_plate else "force only"


def _travel(sc: Scenario) -> str:
    return "travel <25cm" if sc.travel_m < 0.25 else "travel 25-50cm" if sc.travel_m <= 0.5 else "travel >50cm"


def _tempo(sc: Scenario) -> str:
    return "ecc <1.5s" if sc.ecc_s < 1.5 else "ecc 1.5-4s" if sc.ecc_s <= 4.0 else "ecc >4s"


def _rate(sc: Scenario) -> str:
    return "<=500 Hz" if sc.sample_rate_hz <= 500 else "2 kHz" if sc.sample_rate_hz >= 2000 else "800-1200 Hz"


def _mass(sc: Scenario) -> str:
    m = sc.system_mass_kg
    return "plate <100kg" if m < 100 else "plate 100-200kg" if m <= 200 else "plate >200kg"


def _spotter(sc: Scenario) -> str:
    return "spotter uneven" if sc.spotter_uneven >= 0.1 else "spotter even"


FAMILIES: dict[str, Callable[[Scenario], str]] = {
    "method": lambda sc: sc.method, "channels": _channels, "travel": _travel, "tempo": _tempo,
    "rate": _rate, "mass": _mass, "spotter": _spotter,
    "method x channels x travel": lambda sc: f"{sc.method}/{_channels(sc)}/{_travel(sc)}",
}


