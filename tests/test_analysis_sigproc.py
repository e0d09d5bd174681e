"""The fast helpers of forceplate.analysis.sigproc give numpy's own results bit for bit (the
analysis must not change when a helper is made faster)."""

from __future__ import annotations

import numpy as np
import pytest

from forceplate.analysis.sigproc import FRAME_BLOCK_ROWS, cumtrapz, frame_means, mad, robust_sd


@pytest.mark.parametrize("nf", range(1, 21))
def test_frame_means_is_numpys_row_mean(nf: int) -> None:
    rng = np.random.default_rng(nf)
    for rows in (1, 31, 32, 100, FRAME_BLOCK_ROWS, FRAME_BLOCK_ROWS + 1, 3 * FRAME_BLOCK_ROWS - 5):
        # magnitudes far apart, so any other order of the additions rounds differently
        x = rng.normal(5.0, 3.0, (rows, nf)) * rng.choice([1.0, 1e-4, 1e4], (rows, nf))
        assert np.array_equal(frame_means(x), x.mean(axis=1)), (nf, rows)


def test_cumtrapz_is_the_trapezoid_sum_and_follows_a_changed_time_axis() -> None:
    rng = np.random.default_rng(7)
    t = np.cumsum(rng.uniform(0.009, 0.011, 500))
    y = rng.normal(0.0, 1.0, 500)
    ref = np.concatenate(([0.0], (0.5 * (y[1:] + y[:-1]) * (t[1:] - t[:-1])).cumsum()))
    t.flags.writeable = False           # a chunk's time axis: its steps are cached
    assert np.array_equal(cumtrapz(y, t), ref)
    assert np.array_equal(cumtrapz(y, t), ref)
    t2 = t.copy()                       # writable: never cached, so a change is seen
    assert np.array_equal(cumtrapz(y, t2), ref)
    t2 *= 2.0
    assert np.array_equal(cumtrapz(y, t2), 2.0 * ref)
    assert cumtrapz(np.empty(0), np.empty(0)).size == 0


def test_cumtrapz_halved_steps_round_as_halved_sums() -> None:
    # (y1 + y0) * (0.5 * dt) against ((y1 + y0) * 0.5) * dt: halving is exact, so both round
    # the same product - on sums and steps of any size, NaN and inf alike
    rng = np.random.default_rng(11)
    for k in range(50):
        t = np.cumsum(rng.uniform(1e-4, 0.05, 400) * rng.choice([1.0, 1e-3, 3.7], 400))
        y = rng.normal(0.0, 1.0, 400) * rng.choice([1.0, 1e-6, 1e6, 1e-300, 1e300], 400)
        if k % 5 == 0:
            y[rng.integers(0, 400, 3)] = [np.nan, np.inf, -np.inf]
        t.flags.writeable = k % 2 == 0
        acc = y[1:] + y[:-1]
        acc *= 0.5
        with np.errstate(invalid="ignore", over="ignore"):
            acc *= t[1:] - t[:-1]
            ref = np.concatenate(([0.0], acc.cumsum()))
            got = cumtrapz(y, t)
        assert np.array_equal(got, ref, equal_nan=True), k


def test_robust_sd_is_the_scaled_median_absolute_deviation() -> None:
    rng = np.random.default_rng(3)
    for n in (1, 2, 7, 8, 101, 1000):
        x = rng.normal(800.0, 4.0, n)
        med = float(np.median(x))
        assert mad(x) == float(np.median(np.abs(x - med)))
        assert robust_sd(x) == 1.4826 * float(np.median(np.abs(x - med)))
        assert robust_sd(x, 799.0) == 1.4826 * float(np.median(np.abs(x - 799.0)))
