"""A scripted plate and its scripted analysis, for snapshots that pin the UI and nothing else.

The real simulator and analyser are exercised by the Pilot flows and the tmux test; snapshots
drive the screens from this small seeded source so a change in the physics or the phase
detector does not repaint every screen. The force is a closed-form vertical force: weight plus
mass times the acceleration of a cosine-eased lowering and raising, plus seeded noise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from forceplate.analysis.events import (
    Calibrated,
    Event,
    Phase,
    PhaseChanged,
    PhaseMetrics,
    PositiveFailure,
    Rep,
    RepCompleted,
    SetEnded,
    SetStarted,
    SetSummary,
    Weighing,
)
from forceplate.reader import Connection, Reader, ReaderStatus
from forceplate.samples import ChannelInfo, Flags, ReaderInfo, SampleBlock
from forceplate.units import G

BODY_KG, BAR_KG, TRAVEL_M = 80.0, 60.0, 0.45
STAND_S, UNRACK_S = 0.4, 2.2
ECC_TARGET = {"normal": 1.5, "slow_negatives": 3.0, "beyond_failure": 2.0,
              "forced_positive": 6.0, "forced_negative": 5.0}


@dataclass(frozen=True, slots=True)
class ScriptRep:
    set: int
    rep_in_set: int
    ecc_start_s: float
    ecc_end_s: float
    con_start_s: float
    con_end_s: float
    spotter_ecc_n: float   # + pushes down on the lifter
    spotter_con_n: float   # - lifts the bar off the lifter


def script(method: str, seed: int, n_sets: int = 3, reps: int = 6) -> list[ScriptRep]:
    rng = np.random.default_rng(seed)
    out: list[ScriptRep] = []
    t = UNRACK_S + 1.0
    for s in range(1, n_sets + 1):
        for k in range(1, reps + 1):
            ecc = ECC_TARGET[method] * float(rng.uniform(0.85, 1.1))
            con = 0.9 + 0.08 * k + float(rng.uniform(0, 0.1))
            down = 0.25 * BAR_KG * G if method == "forced_negative" else 0.0
            up = -0.3 * BAR_KG * G if method == "forced_positive" or (method == "beyond_failure" and k > 4) else 0.0
            r = ScriptRep(s, k, t, t + ecc, t + ecc + 0.2, t + ecc + 0.2 + con, down, up)
            out.append(r)
            t = r.con_end_s + 1.0
        t += 6.0
    return out


def force_at(t: np.ndarray, reps: list[ScriptRep]) -> np.ndarray:
    """Vertical force, N, at times t (vectorised over samples; the loop is over reps)."""
    mass = np.where(t < STAND_S, 0.0, np.where(t < UNRACK_S, BODY_KG, BODY_KG + BAR_KG))
    # between sets the bar is racked (the 6-s gap's middle 3 s): a set ends where the bar is put down
    for last, first in zip(reps[:-1], reps[1:], strict=True):
        if first.set != last.set:
            racked = (t >= last.con_end_s + 2.5) & (t < first.ecc_start_s - 2.5)
            mass = np.where(racked, BODY_KG, mass)
    f = mass * G
    for r in reps:
        for a, b, sign, push in ((r.ecc_start_s, r.ecc_end_s, -1.0, r.spotter_ecc_n),
                                 (r.con_start_s, r.con_end_s, 1.0, r.spotter_con_n)):
            m = (t >= a) & (t < b)
            if not m.any():
                continue
            T = b - a
            u = (t[m] - a) / T
            acc = sign * TRAVEL_M / 2 * (np.pi / T) ** 2 * np.cos(np.pi * u)
            f[m] += (BODY_KG + BAR_KG) * acc + push
    return f


class ScriptedReader(Reader):
    name: ClassVar[str] = "scripted"
    description: ClassVar[str] = "test plate"

    def __init__(self, method: str = "slow_negatives", seed: int = 0, rate_hz: float = 1000.0,
                 duration_s: float = 120.0) -> None:
        super().__init__()
        self.method, self.rate = method, rate_hz
        self.reps = script(method, seed)
        self.rng = np.random.default_rng(seed + 1000)
        self.n_total = int(duration_s * rate_hz)
        self.next = 0
        self.conn = Connection.CLOSED
        self._info = ReaderInfo("mock", "Simulated plate", f"SIM-{seed}",
                                (ChannelInfo("force", "N", "force"),), rate_hz, simulated=True)

    def open(self) -> ReaderInfo:
        self.conn = Connection.CONNECTED
        return self._info

    @property
    def info(self) -> ReaderInfo:
        return self._info

    def read(self, timeout_s: float = 0.1) -> SampleBlock | None:
        if self.conn != Connection.CONNECTED:
            return None
        n = min(int(0.02 * self.rate), self.n_total - self.next)
        if n <= 0:
            self.conn = Connection.ENDED
            return None
        seq = np.arange(self.next, self.next + n, dtype=np.int64)
        self.next += n
        t = seq / self.rate
        f = force_at(t, self.reps) + self.rng.normal(0.0, 3.0, n)
        return SampleBlock(t, f[:, None], seq, np.full(n, Flags.NONE, np.uint8))

    def status(self) -> ReaderStatus:
        return ReaderStatus(self.conn, samples=self.next, achieved_rate_hz=self.rate)

    def close(self) -> None:
        self.conn = Connection.CLOSED


def _metrics(a: float, b: float, mean_f: float) -> PhaseMetrics:
    return PhaseMetrics(a, b, b - a, mean_f, mean_f * 1.2, mean_f - BODY_KG * G, 0.0, 0.0)


class ScriptedAnalyser:
    """Reports the script's events when the stream passes them: what a perfect analyser would say."""

    def __init__(self, reader: ScriptedReader, ecc_target_s: float | None = None) -> None:
        self.r = reader
        self.target = ecc_target_s
        self.phase, self.phase_started_s, self.time_s = Phase.EMPTY, 0.0, 0.0
        self.body_mass_kg: float | None = None
        self.system_mass_kg: float | None = None
        self.reps: list[Rep] = []
        self.sets: list[SetSummary] = []
        self._timeline = self._build()
        self._i = 0

    def _build(self) -> list[tuple[float, Any]]:
        ev: list[tuple[float, Any]] = [(STAND_S + 0.01, PhaseChanged(STAND_S, Phase.STANDING)),
                                       (UNRACK_S - 0.2, "body"), (UNRACK_S + 0.8, "system")]
        by_set: dict[int, list[ScriptRep]] = {}
        for r in self.r.reps:
            by_set.setdefault(r.set, []).append(r)
        n = 0
        for s, reps in by_set.items():
            ev.append((reps[0].ecc_start_s, SetStarted(reps[0].ecc_start_s, s)))
            for r in reps:
                n += 1
                ev += [(r.ecc_start_s, PhaseChanged(r.ecc_start_s, Phase.LOWERING)),
                       (r.ecc_end_s, PhaseChanged(r.ecc_end_s, Phase.BOTTOM)),
                       (r.con_start_s, PhaseChanged(r.con_start_s, Phase.RAISING)),
                       (r.con_end_s, ("rep", n, r)),
                       (r.con_end_s, PhaseChanged(r.con_end_s, Phase.REST))]
                if self.r.method == "beyond_failure" and r.rep_in_set == 5:
                    ev.append((r.con_start_s + 0.5, PositiveFailure(r.con_start_s + 0.5, n)))
            ev.append((reps[-1].con_end_s + 2.0, ("set", s, reps)))
        return sorted(ev, key=lambda e: e[0])

    def _rep(self, n: int, r: ScriptRep) -> Rep:
        w = (BODY_KG + BAR_KG) * G
        ecc, con = _metrics(r.ecc_start_s, r.ecc_end_s, w + r.spotter_ecc_n), _metrics(r.con_start_s, r.con_end_s, w + r.spotter_con_n)
        ratio = ecc.mean_load_n / con.mean_load_n
        verdict = "on target" if self.target is None or abs(ecc.duration_s - self.target) <= 0.2 * self.target else (
            "lowered too fast" if ecc.duration_s < self.target else "lowered too slowly")
        return Rep(n, r.set, r.rep_in_set, ecc, con, r.ecc_end_s, r.con_start_s - r.ecc_end_s, ratio,
                   r.con_end_s - r.ecc_start_s, "scripted", 1.0,
                   assisted="raising" if r.spotter_con_n < 0 else ("lowering" if r.spotter_ecc_n > 0 else "none"),
                   body_mass_kg=BODY_KG, system_mass_kg=BODY_KG + BAR_KG, tempo_target_ecc_s=self.target,
                   verdict=verdict)

    def feed(self, block: SampleBlock) -> list[Event]:
        self.time_s = float(block.time_s[-1])
        out: list[Event] = []
        while self._i < len(self._timeline) and self._timeline[self._i][0] <= self.time_s:
            t, item = self._timeline[self._i]
            self._i += 1
            if item == "body":
                self.body_mass_kg = BODY_KG
                out.append(Calibrated(t, Weighing("body", t - 1.0, t, BODY_KG * G, 2.0, BODY_KG)))
            elif item == "system":
                self.system_mass_kg = BODY_KG + BAR_KG
                out.append(Calibrated(t, Weighing("system", t - 0.5, t, (BODY_KG + BAR_KG) * G, 3.0, BODY_KG + BAR_KG)))
            elif isinstance(item, tuple) and item[0] == "rep":
                rep = self._rep(item[1], item[2])
                self.reps.append(rep)
                out.append(RepCompleted(t, rep))
            elif isinstance(item, tuple) and item[0] == "set":
                reps = [r for r in self.reps if r.set == item[1]]
                con = [r.concentric.duration_s for r in reps]
                summ = SetSummary(item[1], reps[0].eccentric.start_s, reps[-1].concentric.end_s, len(reps),
                                  sum(r.time_under_tension_s for r in reps),
                                  float(np.mean([r.eccentric.duration_s for r in reps])),
                                  float(np.mean([r.ecc_con_load_ratio for r in reps])), con[-1] / con[0],
                                  self.r.method, verdict="set done")
                self.sets.append(summ)
                out.append(SetEnded(t, summ))
            else:
                out.append(item)
                if isinstance(item, PhaseChanged):
                    self.phase, self.phase_started_s = item.phase, item.t_s
        return out

    def finish(self) -> list[Event]:
        return []

