"""The fast helpers of forceplate.analysis.sigproc give numpy's own results bit for bit (the
analysis must not change when a helper is made faster)."""

from __future__ import annotations

import numpy as np
import pytest

from forceplate.analysis.sigproc import FRAME_BLOCK_ROWS, cumtrapz, frame_means


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
