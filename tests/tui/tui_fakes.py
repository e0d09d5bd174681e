"""Test doubles for the dashboard: an analyser that reports the simulator's ground truth.

Used only where the real Analyser is not importable, so the UI tests do not wait on it.
"""

from __future__ import annotations

from typing import Any

from forceplate.analysis.events import (
    Event,
    Phase,
    PhaseChanged,
    PhaseMetrics,
    Rep,
    RepCompleted,
    SetStarted,
)
from forceplate.samples import SampleBlock
from forceplate.units import G


def _metrics(start: float, end: float, mean_force: float, body_kg: float) -> PhaseMetrics:
    return PhaseMetrics(start_s=start, end_s=end, duration_s=end - start, mean_force_n=mean_force,
                        peak_force_n=mean_force, mean_load_n=mean_force - body_kg * G, impulse_n_s=0.0,
                        peak_rfd_n_per_s=0.0)


class TruthAnalyser:
    """Emits a RepCompleted for every rep the MockReader's truth has finished."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.phase = Phase.STANDING
        self.phase_started_s = 0.0
        self.time_s = 0.0
        self.body_mass_kg: float | None = None
        self.system_mass_kg: float | None = None
        self.reps: list[Rep] = []
        self.sets: list[Any] = []
        self._set = 0

    def feed(self, block: SampleBlock) -> list[Event]:
        self.time_s = float(block.time_s[-1])
        truth = self.reader.truth
        events: list[Event] = []
        for tr in truth.reps[len(self.reps):]:
            if tr.con_end_s > self.time_s:
                break
            if tr.set != self._set:
                self._set = tr.set
                events.append(SetStarted(tr.ecc_start_s, tr.set))
            self.body_mass_kg, self.system_mass_kg = tr.body_mass_kg, tr.system_mass_kg
            ecc = _metrics(tr.ecc_start_s, tr.ecc_end_s, tr.ecc_mean_force_n, tr.body_mass_kg)
            con = _metrics(tr.con_start_s, tr.con_end_s, tr.con_mean_force_n, tr.body_mass_kg)
            rep = Rep(rep=tr.rep, set=tr.set, rep_in_set=tr.rep_in_set, eccentric=ecc, concentric=con,
                      bottom_s=tr.ecc_end_s, pause_bottom_s=tr.pause_bottom_s,
                      ecc_con_load_ratio=tr.ecc_con_load_ratio,
                      time_under_tension_s=tr.con_end_s - tr.ecc_start_s, phase_source="truth",
                      confidence=1.0, assisted=tr.assisted, body_mass_kg=tr.body_mass_kg,
                      system_mass_kg=tr.system_mass_kg, verdict="truth")
            self.reps.append(rep)
            events.append(RepCompleted(tr.con_end_s, rep))
            events.append(PhaseChanged(tr.con_end_s, Phase.REST, provisional=False))
            self.phase, self.phase_started_s = Phase.REST, tr.con_end_s
        return events

    def finish(self) -> list[Event]:
        return []


class SteadyStatusReader:
    """Wraps a reader so status() reports the nominal rate: snapshots must not depend on the wall clock."""

    def __init__(self, inner: Any) -> None:
        object.__setattr__(self, "inner", inner)

    def __setattr__(self, name: str, value: Any) -> None:
        # settable reader properties (e.g. ReplayReader.speed) belong to the wrapped reader
        target = self.inner if hasattr(type(self.inner), name) else self
        object.__setattr__(target, name, value) if target is self else setattr(target, name, value)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def status(self) -> Any:
        from dataclasses import replace

        st = self.inner.status()
        return replace(st, achieved_rate_hz=float(self.inner.info.sample_rate_hz))


class UnpluggingReader(SteadyStatusReader):
    """Goes DISCONNECTED after unplug_s of stream time, like a plate pulled out mid-set."""

    def __init__(self, inner: Any, unplug_s: float) -> None:
        super().__init__(inner)
        self.unplug_s = unplug_s
        self.unplugged = False

    def read(self, timeout_s: float = 0.1) -> Any:
        if self.unplugged:
            return None
        block = self.inner.read(timeout_s)
        if block is not None and len(block) and block.time_s[-1] >= self.unplug_s:
            self.unplugged = True
        return block

    def status(self) -> Any:
        from dataclasses import replace

        from forceplate.reader import Connection

        st = super().status()
        return replace(st, connection=Connection.DISCONNECTED, message="unplugged") if self.unplugged else st
