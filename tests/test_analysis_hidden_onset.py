"""Where a lowering hidden in the top's quiet starts (assisted._hidden_onset): the bar leaves
rest where its speed leaves zero, however slowly the lifter launches it."""

from __future__ import annotations

import numpy as np
import pytest

from forceplate.analysis.assisted import _hidden_onset

RATE_HZ = 500.0
REST_S = 2.0            # the top's quiet before the lowering
ECC_S = 6.0             # a slow 6-cm lowering: tolerance max(250 ms, 10 %) = 0.6 s
TRAVEL_M = 0.06


def _smoothstep_profile(s: np.ndarray, ramp_share: float) -> np.ndarray:
    """Speed shape (peak 1) with smoothstep launch and stop ramps of ramp_share of the phase."""
    up = np.clip(s / ramp_share, 0.0, 1.0)
    down = np.clip((1.0 - s) / ramp_share, 0.0, 1.0)
    return (3 * up ** 2 - 2 * up ** 3) * (3 * down ** 2 - 2 * down ** 3)


def _velocity(shape: np.ndarray, level_err_m_s2: float) -> tuple[np.ndarray, int]:
    """Velocity (m/s, down negative) of rest, the lowering of the given speed shape, a bottom
    instant; plus a level error integrated from the start. Returns v and the bottom's index."""
    n_rest = int(REST_S * RATE_HZ)
    speed = TRAVEL_M * shape / (np.sum(shape) / RATE_HZ)
    v = np.concatenate([np.zeros(n_rest), -speed, np.zeros(1)])
    v = v + level_err_m_s2 * np.arange(v.size) / RATE_HZ
    return v, v.size - 1


def _shapes() -> dict[str, np.ndarray]:
    s = np.linspace(0.0, 1.0, int(ECC_S * RATE_HZ), endpoint=False)
    return {
        "1-s ramps": _smoothstep_profile(s, 1.0 / ECC_S),
        "quarter ramps": _smoothstep_profile(s, 0.25),
        "raised cosine": 0.5 * (1.0 - np.cos(2 * np.pi * s)),
    }


@pytest.mark.xfail(strict=True, reason=(
    "known limit: _hidden_onset takes the 30 % crossing, late by the launch (0.36 ramp lengths;"
    " 1.1 s for a raised cosine). A 30-70 % line extrapolated to zero fixed these but cost a"
    " rep on validation wide 12140-12169 (forced positives, force only <25 cm 308 -> 307): on"
    " noisy rises the line ran back 2.8-3.6 s (branch fho)"))
@pytest.mark.parametrize("name", ["1-s ramps", "quarter ramps", "raised cosine"])
@pytest.mark.parametrize("level_err_m_s2", [0.0, 0.01])
def test_a_hidden_lowering_starts_where_its_speed_leaves_zero(name: str, level_err_m_s2: float):
    """The speed's rise through 30 % of its peak is a noise-safe anchor, late by the time the
    launch takes to reach it (0.4 s with 1-s ramps, 0.6 s with quarter ramps, 1.1 s for a
    raised-cosine speed): the start lies back where the rise extrapolates to zero. A level
    error (LEVEL_REL_ERR * g, 0.01 m/s^2) is removed by re-zeroing between the two rests."""
    v, bottom = _velocity(_shapes()[name], level_err_m_s2)
    onset_s = _hidden_onset(v, bottom, RATE_HZ) / RATE_HZ
    assert abs(onset_s - REST_S) <= 0.1 * ECC_S
    if name != "raised cosine":
        # a smoothstep launch of R s: the 30-70 % line reaches zero 0.15 R after the start
        assert abs(onset_s - REST_S) <= 0.25
