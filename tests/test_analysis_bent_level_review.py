"""Review fixes to the bent-level edges (fnx, round 24): a later sway dip inside a slow
lowering is no launch, and a sway trough in the braking is no hold at the bottom."""
from __future__ import annotations

import numpy as np

from forceplate.analysis.assisted import _stop_between_zeros
from forceplate.analysis.launch_hump import launch_after

RATE = 1000.0


def test_a_later_sway_dip_in_a_slow_lowering_is_no_launch() -> None:
    # re-zeroed speed: a slow lowering already going from the onset (index 100), fastest at 1000
    n, on, kk, band = 1200, 100, 1000, 4.0
    vv = np.zeros(n)
    vv[on:700] = -np.linspace(0.0, 0.008, 700 - on)       # already 8 mm/s down before the dip
    vv[700:761] = np.linspace(-0.008, -0.019, 61)          # the sway dip takes off 11 mm/s more
    vv[761:kk + 1] = np.linspace(-0.019, -0.02, kk - 760)
    vv[kk:] = np.linspace(-0.02, 0.0, n - kk)
    d = np.zeros(n)
    d[200:260] = -3.0                  # the lowering's own faint unweighting: little speed
    d[700:760] = -6.0                  # a sway dip late in it
    # the late dip takes off half the peak speed, but only the first dip after the onset can
    # be the launch, and that one took off little: no launch shown
    assert launch_after(vv, d, on, kk, band, 0.02) is None


def test_a_first_dip_that_takes_off_the_speed_is_the_launch() -> None:
    n, on, kk, band = 1200, 100, 900, 4.0
    vv = np.zeros(n)
    vv[on:600] = -np.linspace(0.0, 0.002, 600 - on)          # the level's bend over the still top
    vv[600:kk + 1] = np.linspace(-0.002, -0.04, kk + 1 - 600)
    vv[kk:] = np.linspace(-0.04, 0.0, n - kk)
    d = np.zeros(n)
    d[600:900] = -6.0
    assert launch_after(vv, d, on, kk, band, 0.04) == 600


def test_a_sway_trough_in_the_braking_is_no_hold() -> None:
    # lowering to -0.1 m/s, braking with a 0.2-s sway plateau at a fifth of the peak, then to zero
    parts = [np.zeros(500), np.linspace(0.0, -0.1, 1000), np.linspace(-0.1, -0.02, 300),
             np.full(200, -0.02), np.linspace(-0.02, 0.0, 300), np.zeros(300)]
    v = np.concatenate(parts)
    bottom = v.size - 1
    trough_start = 500 + 1000 + 300
    end = _stop_between_zeros(v, bottom, RATE)
    assert end is not None
    assert end > trough_start + 200          # walked past the trough to where the bar stops
    assert v[end] >= -0.01


def test_a_hold_at_the_bottom_still_ends_the_lowering() -> None:
    # braking to a level bend of -2 mm/s held for 1 s (the bar still), then zero
    parts = [np.zeros(500), np.linspace(0.0, -0.1, 1000), np.linspace(-0.1, -0.002, 400),
             np.full(1000, -0.002), np.linspace(-0.002, 0.0, 50), np.zeros(50)]
    v = np.concatenate(parts)
    end = _stop_between_zeros(v, v.size - 1, RATE)
    assert end is not None
    assert abs(end - (500 + 1000 + 400)) < 60
