"""A short, light, slow rep on a noisy plate: its rest after is proven by the raise's own launch
and braking impulses over the plate's noise (top_return.raise_past_noise), not only by the whole
chunk's travel against the noise integrated over the chunk (proof._moved_past_noise) - over a
10-15-s chunk that noise travels as far as a 5-cm rep goes, and the set's reps were lost as
"nothing happened". Such reps are under the m*a bound: found, they are flagged."""

from __future__ import annotations

import numpy as np
from analysis_synth import session

from forceplate.analysis import AnalysisConfig, analyse
from forceplate.analysis.integrate import Chunk, chunk_velocity
from forceplate.analysis.top_return import noise_travel_m, raise_past_noise
from forceplate.units import G

RATE = 800.0
MASS = 54.0


def _smooth(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x ** 3 * (10.0 - 15.0 * x + 6.0 * x ** 2)


def _chunk(v: np.ndarray, t: np.ndarray, noise_n: float, seed: int) -> tuple[Chunk, np.ndarray]:
    rng = np.random.default_rng(seed)
    f = MASS * G + MASS * np.gradient(v, t) + noise_n * rng.standard_normal(t.size)
    ch = Chunk(t=t, fk=f, level0_n=MASS * G, level1_n=MASS * G, mass_kg=MASS, band_n=8.0,
               rate_hz=RATE, spotter_expected=False)
    return ch, chunk_velocity(ch)[0]


def test_a_light_rep_raise_stands_over_the_noise_its_chunk_hides_it_in():
    # 5 cm lowered in 6.5 s, 1-s pause, raised in 2.2 s, 3-s top: 13 s on a 54-kg system,
    # 5.3 N of noise a sample (three 3-N cells) at 800 Hz
    t = np.arange(0.0, 13.0, 1.0 / RATE)
    v = -0.0077 * (_smooth((t - 0.3) / 1.5) - _smooth((t - 5.3) / 1.5))
    v += 0.0293 * (_smooth((t - 7.8) / 0.8) - _smooth((t - 9.2) / 0.8))
    hits = 0
    for seed in range(6):
        ch, vel = _chunk(v, t, 5.3, seed)
        _, dev, residual = chunk_velocity(ch)
        # the noise integrated over the whole chunk: three SDs as far as the rep went
        assert 3.0 * noise_travel_m(ch, dev) > 0.04
        hits += raise_past_noise(ch, vel, residual, dev, 3.0)
    assert hits >= 5


def test_noise_alone_shows_no_raise():
    t = np.arange(0.0, 13.0, 1.0 / RATE)
    for seed in range(10):
        ch, vel = _chunk(np.zeros_like(t), t, 5.3, seed)
        _, dev, residual = chunk_velocity(ch)
        assert not raise_past_noise(ch, vel, residual, dev, 3.0)


def test_short_light_slow_reps_on_a_noisy_plate_are_found_and_flagged():
    found = true = 0
    for noise in (3.0, 5.0):
        for seed in range(3):
            s = session(rate_hz=RATE, body_kg=47.0, bar_kg=7.0, reps=5, ecc_s=6.5, pause_s=1.0,
                        con_s=2.2, rest_s=3.2, travel_m=0.05, noise_n=noise, n_cells=3, seed=seed)
            res = analyse(s.info, s.block, AnalysisConfig.for_method("slow_negatives"))
            true += len(s.reps)
            for r in res.reps:
                # each rep found is one of the true reps (its start within half a rep) ...
                assert min(abs(r.eccentric.start_s - tr.ecc_start_s) for tr in s.reps) < 6.0
                # ... and under the m*a bound (a 5-cm lowering's m*5.8*D/T^2: 0.4 N): flagged
                assert r.confidence < 0.5
            found += len(res.reps)
    # main found 5 of these 30 reps (every chunk read as "nothing happened")
    assert found >= 12, (found, true)
