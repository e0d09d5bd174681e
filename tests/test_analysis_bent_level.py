"""A level's bend (drift, sway) in a re-zeroed integral, at a still bar: the integral re-zeroed
between two instants of zero velocity removes a constant level error, not a slow one, and at a
still bar - a top before a lowering, a pause at the bottom - it reads a few mm/s that never
return to zero where the bar stood still. The phase's own force dates its edges there: a
lowering's unweighting (assisted._launch_after), and where the speed stopped moving towards
zero for HOLD_MIN_S (assisted._stop_between_zeros, unproven_helps._unseen_phase)."""

from __future__ import annotations

import numpy as np

from forceplate.analysis.assisted import _onset_between_zeros, _stop_between_zeros
from forceplate.analysis.sigproc import cumtrapz
from forceplate.analysis.unproven_helps import _unseen_phase

RATE_HZ = 100.0


def _smoothstep(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * x * (10.0 + x * (-15.0 + 6.0 * x))


def _phase(t: np.ndarray, t0: float, dur: float, travel_m: float, ramp_s: float) -> np.ndarray:
    """Speed (m/s, >= 0) of a phase of travel_m from t0 over dur s with smoothstep ramps."""
    x = t - t0
    shape = _smoothstep(x / ramp_s) * _smoothstep((dur - x) / ramp_s)
    shape[(x < 0) | (x > dur)] = 0.0
    return travel_m * shape / (np.sum(shape) / RATE_HZ)


def test_a_lowering_starts_at_its_unweighting_not_in_the_bent_top():
    """111 kg, a 3-s top then a 14-cm lowering in 3.6 s (wide 15769): a 1.5-N sway dip for 1.5
    s in the top bends the re-zeroed integral 20 mm/s down, over the ONSET_REL crossing of a
    55-mm/s lowering, and the start read seconds early; the unweighting stands out of the band
    and takes off the lowering's speed, so the start is there."""
    mass, band = 111.0, 12.0
    t = np.arange(int(7.0 * RATE_HZ)) / RATE_HZ
    v_true = -_phase(t, 3.0, 3.6, 0.14, 0.6)
    d = mass * np.gradient(v_true, 1.0 / RATE_HZ)
    d[(t > 0.7) & (t < 2.2)] -= 1.5                 # sway under the band, in the top
    v = cumtrapz(d, t) / mass                        # forward from the rest before
    bottom = int(6.6 * RATE_HZ)
    start_s = _onset_between_zeros(v, bottom, 0, d, band) / RATE_HZ
    assert 2.9 <= start_s <= 3.3


def test_a_hold_at_the_bottom_ends_the_lowering_where_the_speed_stops_rising():
    """93 kg, a 7-cm lowering in 3.3 s then a 1.1-s pause (wide 15788): a 0.8-N sway bump
    early in the lowering, under a 1.3-Hz sway wave, leaves the re-zeroed speed a few mm/s under zero through the pause;
    walked on to zero, the lowering ended at the grab, 1.1 s late."""
    mass = 93.0
    t = np.arange(int(6.0 * RATE_HZ)) / RATE_HZ
    v_true = -_phase(t, 1.0, 3.3, 0.07, 0.8)
    d = mass * np.gradient(v_true, 1.0 / RATE_HZ)
    d[(t > 1.2) & (t < 2.4)] -= 0.8
    d += 0.6 * np.sin(2.0 * np.pi * 1.3 * t)        # sway through it all
    v = cumtrapz(d, t) / mass
    grab = int(5.4 * RATE_HZ)                        # the raise's start, after the pause
    stop_s = _stop_between_zeros(v, grab, RATE_HZ) / RATE_HZ
    assert abs(stop_s - 4.3) <= 0.3


def test_an_unseen_raise_starts_after_the_bottom_pause():
    """142 kg, a 1-s pause after the push, then a 6-cm raise in 2.6 s (wide 15789): a 0.5-N
    offset through the pause, under a 1.3-Hz sway wave, makes the re-zeroed speed creep up from the release, never back at
    zero, and the raise began at the release, 1 s early; it starts where that creep stopped
    falling back towards zero, near the launch (a sway wave's trough can come first)."""
    mass = 142.0
    t = np.arange(int(5.0 * RATE_HZ)) / RATE_HZ
    v_true = _phase(t, 1.0, 2.6, 0.06, 0.7)
    dev = mass * np.gradient(v_true, 1.0 / RATE_HZ)
    dev[t < 1.0] += 0.5
    dev += 0.6 * np.sin(2.0 * np.pi * 1.3 * t)      # sway through it all
    got = _unseen_phase(dev, t, 0, t.size - 1, mass, 1.0)
    assert got is not None
    assert 0.6 <= got[0] / RATE_HZ <= 1.25         # within a sway half-wave of the launch
    assert abs(got[1] / RATE_HZ - 3.6) <= 0.3
