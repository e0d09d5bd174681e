"""The displacement a force plate's own noise integrates to (top_return.noise_travel_m) against a
Monte-Carlo of re-zeroed noise: the formula sqrt(q*T^3/12)/m, with q from the frame-to-frame
noise at the rests and LOW_FREQ_NOISE for the converter's coloured noise."""

import numpy as np

from forceplate.analysis.integrate import Chunk
from forceplate.analysis.sigproc import cumtrapz
from forceplate.analysis.top_return import LOW_FREQ_NOISE, noise_travel_m


def _chunk(fk: np.ndarray, rate_hz: float, mass_kg: float) -> Chunk:
    t = np.arange(fk.size) / rate_hz
    return Chunk(t=t, fk=fk, level0_n=0.0, level1_n=0.0, mass_kg=mass_kg, band_n=10.0, rate_hz=rate_hz)


def test_noise_travel_matches_integrated_white_noise() -> None:
    rng = np.random.default_rng(3)
    rate, mass, sd, dur = 100.0, 120.0, 2.0, 6.0
    n = int(dur * rate)
    ends, predicted = [], []
    for _ in range(400):
        fk = rng.normal(0.0, sd, n)
        ch = _chunk(fk, rate, mass)
        v = cumtrapz(fk, ch.t) / mass
        vz = v - v[-1] * (ch.t / ch.t[-1])
        ends.append(float(cumtrapz(vz, ch.t)[-1]))
        predicted.append(noise_travel_m(ch, fk))
    # white noise only: the prediction carries LOW_FREQ_NOISE for coloured noise on top
    ratio = float(np.std(ends)) / (float(np.mean(predicted)) / np.sqrt(LOW_FREQ_NOISE))
    assert 0.85 < ratio < 1.15


def test_noise_travel_ignores_slow_sway() -> None:
    """A 1-Hz sway of 3 N at the rests is not noise: it hardly changes frame to frame (white
    noise of the same 3 N would integrate to ~6 mm over these 6 s)."""
    rate, mass = 100.0, 120.0
    t = np.arange(600) / rate
    sway = 3.0 * np.sin(2 * np.pi * 1.0 * t)
    assert noise_travel_m(_chunk(sway, rate, mass), sway) < 0.001
    noise = np.random.default_rng(4).normal(0.0, 3.0, 600)
    assert noise_travel_m(_chunk(noise, rate, mass), noise) > 0.004
