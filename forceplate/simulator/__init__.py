"""A physics-based simulated force plate: a lifter, a bar, a spotter, a noisy plate.

    rec = simulate(Scenario.for_method("forced_negative", seed=3))
    rec.block()      # the raw HID reports, decoded by the real decoder
    rec.truth.reps   # exact phase boundaries and per-phase mean forces

MockReader streams the same model endlessly, in real time, for the live demo.
See docs/simulator.md.
"""

from forceplate.simulator.recording import SimulatedRecording, simulate
from forceplate.simulator.scenario import METHODS, Scenario, random_scenario
from forceplate.simulator.truth import MassChange, TrueRep, TrueSet, Truth

__all__ = [
    "METHODS", "MassChange", "MockReader", "Scenario", "SimulatedRecording", "TrueRep", "TrueSet",
    "Truth", "random_scenario", "simulate",
]


def __getattr__(name: str) -> object:
    # MockReader imports the reader machinery; load it only when asked for
    if name == "MockReader":
        from forceplate.simulator.mock_reader import MockReader
        return MockReader
    raise AttributeError(name)
