"""A still bar on a plate whose zero drifts: the linear re-zero leaves the drift's bend, a
sinking of k*T^3/(12m), which must not read as a lowering to a bottom (unrack._lowered_to)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from forceplate.analysis.integrate import Chunk
from forceplate.analysis.state import _Run
from forceplate.analysis.unrack import UnrackChecks
from forceplate.units import G


def test_drifting_zero_under_a_still_bar_is_no_lowering():
    rate, dur, m, k = 100.0, 8.0, 60.0, 0.1          # Hz (frames), s, kg, N/s (a load cell's drift)
    t = np.arange(int(dur * rate)) / rate
    rng = np.random.default_rng(1)
    fk = m * G + k * t + 0.3 * rng.standard_normal(t.size)   # the bar still: only drift and noise
    level = m * G + k * dur / 2                               # one level for the chunk
    ch = Chunk(t=t, fk=fk, level0_n=level, level1_n=level, mass_kg=m, band_n=6.0, rate_hz=rate)
    stage = SimpleNamespace(source="force_integral", _chunk=lambda base, a, level: (ch, slice(0, t.size)))
    base = _Run(start=0, end=10, level_n=level, role="system")
    # the drift alone bends the re-zeroed path k*T^3/(12m) = 7 cm down, ending at its lowest
    assert not UnrackChecks._lowered_to(stage, base, t.size, level)   # type: ignore[arg-type]
