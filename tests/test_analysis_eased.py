"""Where an eased lowering meets rest on the integral alone (analysis.eased, used by
assisted._stop_between_zeros): the whole ramp against the eased shape,
not the first crossing of zero, which the sway's own velocity moves early."""

from __future__ import annotations

import numpy as np
import pytest

from forceplate.analysis import assisted
from forceplate.analysis.eased import FIT_STEP_S, eased_stop

RATE_HZ = 500.0
REST_S = 1.0            # still before the lowering
CRUISE_S = 3.0          # the lowering's steady stretch between its ramps
PAUSE_S = 1.0           # still at the bottom before the raise


def _ease(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x ** 3 * (10.0 - 15.0 * x + 6.0 * x ** 2)


def _lowering(speed_m_s: float, ramp_s: float, sway_m_s: float, sway_hz: float,
              phase: float) -> tuple[np.ndarray, float, float]:
    """Velocity (down negative) of rest, an eased launch, a cruise, an eased stop of ramp_s,
    a pause - plus the sway's velocity (the COM bobbing, on the plate as m*a like the lift's)
    and the level error's line the re-zeroing removes; with the true start and end (s)."""
    t = np.arange(int((REST_S + 2 * ramp_s + CRUISE_S + PAUSE_S) * RATE_HZ)) / RATE_HZ
    end = REST_S + 2 * ramp_s + CRUISE_S
    shape = _ease((t - REST_S) / ramp_s) * _ease((end - t) / ramp_s)
    sway = sway_m_s * np.sin(2 * np.pi * sway_hz * t + phase)
    return -speed_m_s * shape + sway - sway[0] + 0.004 * t, REST_S, end


def _stop_errors(ramp_s: float, sway_m_s: float) -> np.ndarray:
    """Signed errors (s) of the stop over eight phases of the sway."""
    out = []
    for phase in np.arange(8) * np.pi / 4:
        v, _, end_s = _lowering(0.02, ramp_s, sway_m_s, 1.2, phase)
        stop = assisted._stop_between_zeros(v, v.size - 1, RATE_HZ)
        assert stop is not None
        out.append(stop / RATE_HZ - end_s)
    return np.array(out)


@pytest.mark.parametrize("ramp_s", [0.6, 1.0, 1.6])
def test_a_slow_lowerings_stop_is_read_without_bias_under_sway(ramp_s: float):
    """2 cm/s down, the COM's sway 1.5 mm/s at 1.2 Hz: read at the first return to zero after
    STOP_REL of the peak, the stop came 0.09 s early at the median over the sway's phases (up
    to 0.4 s). The eased fit: the median within 0.06 s, none off by more than 0.3 s."""
    stops = _stop_errors(ramp_s, 0.0015)
    assert abs(float(np.median(stops))) <= 0.06
    assert float(np.max(np.abs(stops))) <= 0.3


def test_a_clean_eased_stop_is_found_where_the_speed_reaches_zero():
    """No sway, no noise: the fit's end is the ramp's end, to a fit frame (FIT_STEP_S)."""
    for ramp_s in (0.3, 0.8, 1.5):
        v, _, end_s = _lowering(0.03, ramp_s, 0.0, 1.0, 0.0)
        speed = -zeroed(v)
        peak = int(np.argmax(speed))
        assert abs(eased_stop(speed, peak, RATE_HZ) / RATE_HZ - end_s) <= 2 * FIT_STEP_S


def zeroed(v: np.ndarray) -> np.ndarray:
    """v with the level error's line removed (zero at both ends, as the analysis re-zeroes)."""
    return v - v[-1] * np.linspace(0.0, 1.0, v.size)
