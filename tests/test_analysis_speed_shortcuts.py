"""The offline hour's speed-ups (branch spd) change no number: each shortcut gives what the code
it replaced gave, bit for bit, and the rest test skips only work whose answer cannot matter."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

import forceplate.analysis.proof as proof
from forceplate.analysis import Analyser, AnalysisConfig, analyse
from forceplate.analysis.events import Weighing
from forceplate.analysis.force_humps import FLANK_HI, FLANK_LO, FLANK_TAIL, flank_edge
from forceplate.analysis.frames import QUIET_MIN_S
from forceplate.analysis.integrate import Chunk
from forceplate.analysis.top_return import LOW_FREQ_NOISE, noise_travel_m

sys.path.insert(0, str(Path(__file__).resolve().parent))
from analysis_synth import session  # noqa: E402


def _flank_edge_before(d: np.ndarray, lo: int, hi: int, sign: int, leading: bool) -> int | None:
    """force_humps.flank_edge as it was (index arrays of every crossing)."""
    seg = sign * d[lo:hi]
    if seg.size < 4:
        return None
    k = int(seg.argmax())
    peak = float(seg[k])
    if peak <= 0.0:
        return None
    if leading:
        below50 = (seg[:k + 1] <= FLANK_HI * peak).nonzero()[0]
        if below50.size == 0:
            return None
        i50 = int(below50[-1])
        below25 = (seg[:i50 + 1] <= FLANK_LO * peak).nonzero()[0]
        if below25.size == 0:
            return None
        i25 = int(below25[-1])
        return lo + max(0, i25 - int(round(FLANK_TAIL * (i50 - i25))))
    below50 = (seg[k:] <= FLANK_HI * peak).nonzero()[0]
    if below50.size == 0:
        return None
    i50 = k + int(below50[0])
    below25 = (seg[i50:] <= FLANK_LO * peak).nonzero()[0]
    if below25.size == 0:
        return None
    i25 = i50 + int(below25[0])
    return lo + min(seg.size - 1, i25 + int(round(FLANK_TAIL * (i25 - i50))))


def test_flank_edge_finds_the_crossings_the_index_arrays_found() -> None:
    rng = np.random.default_rng(23)
    found = 0
    for _ in range(4000):
        n = int(rng.integers(2, 200))
        x = np.linspace(0.0, 1.0, n)
        d = rng.uniform(-30, 30) * np.sin(np.pi * x * rng.uniform(0.5, 3.0)) + rng.normal(0, rng.uniform(0.1, 8.0), n)
        if rng.random() < 0.05:
            d[int(rng.integers(0, n))] = np.nan
        if rng.random() < 0.05:
            d[:] = 0.0                       # no hump at all
        lo = int(rng.integers(0, max(1, n // 3)))
        hi = int(rng.integers(lo, n + 1))
        for sign in (1, -1):
            for leading in (True, False):
                want = _flank_edge_before(d, lo, hi, sign, leading)
                assert flank_edge(d, lo, hi, sign, leading) == want
                found += want is not None
    assert found > 5000


def _chunk(dev: np.ndarray, rate_hz: float, mass_kg: float) -> Chunk:
    t = np.arange(dev.size) / rate_hz
    return Chunk(t=t, fk=dev, level0_n=0.0, level1_n=0.0, mass_kg=mass_kg, band_n=5.0, rate_hz=rate_hz)


def test_noise_travel_reads_the_frame_noise_as_np_std_did() -> None:
    rng = np.random.default_rng(5)
    for _ in range(500):
        rate = float(rng.choice([20.0, 50.0, 100.0, 200.0]))
        n = int(rng.integers(4, 2000))
        dev = rng.normal(0, rng.uniform(0.1, 20.0), n) + rng.uniform(-50, 50)
        ch = _chunk(dev, rate, float(rng.uniform(40, 300)))
        k = int(max(QUIET_MIN_S * ch.rate_hz, 4.0))
        if dev.size < 2 * k + 2:
            want = 0.0
        else:
            d = np.concatenate((np.diff(dev[:k]), np.diff(dev[-k:])))
            q = LOW_FREQ_NOISE * (float(np.std(d)) / np.sqrt(2.0)) ** 2 / ch.rate_hz
            want = float(np.sqrt(q * float(ch.t[-1] - ch.t[0]) ** 3 / 12.0)) / ch.mass_kg
        assert noise_travel_m(ch, dev) == want


def test_the_first_tare_is_found_once_and_follows_the_weighings() -> None:
    s = session(reps=1)
    an = Analyser(s.info, AnalysisConfig.for_method("normal"))
    assert an._first_tare() is None and not an._tared()
    an.weighings.append(Weighing("body", 0.0, 1.0, 800.0, 1.0, 81.6))
    an.weighings.append(Weighing("tare", 1.0, 2.0, 3.0, 9.0, 0.0, accepted=False, reason="too unsteady"))
    assert an._first_tare() is None
    first = Weighing("tare", 2.0, 3.0, 2.5, 0.5, 0.0)
    an.weighings.append(first)
    an.weighings.append(Weighing("tare", 4.0, 5.0, 2.7, 0.5, 0.0))
    assert an._first_tare() is first and an._tared()
    assert an._jump_tare_n() == 2.5 and an._jumps.tared
    an.weighings = [Weighing("system", 0.0, 1.0, 1400.0, 2.0, 142.8)]     # a list put in its place
    assert an._first_tare() is None


def test_the_rest_test_leaves_the_motion_as_integrated_alone_where_the_rezeroed_one_decides() -> None:
    # a clean set: every top passes re-zeroed, so the motion as integrated (its hidden-lowering
    # check and its return to the top) is never needed; the reps are what they were
    s = session(reps=6)
    calls: list[int] = []
    moved = proof._moved

    def counted(*args: object) -> bool:
        calls.append(1)
        return moved(*args)  # type: ignore[arg-type]

    proof._moved = counted
    try:
        res = analyse(s.info, s.block, AnalysisConfig.for_method("normal"))
    finally:
        proof._moved = moved
    assert len(res.reps) == 6
    assert calls == []
