"""sigproc.ahead_max (scipy's running maximum, shifted) against its plain definition."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from forceplate.analysis.sigproc import ahead_max


def _plain(x: np.ndarray, w: int) -> np.ndarray:
    return np.array([max(x[i + 1:i + 1 + w], default=-np.inf) for i in range(x.size)])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(-1e3, 1e3), max_size=50), st.integers(0, 60))
def test_ahead_max_is_the_maximum_of_the_next_w_samples(values: list[float], w: int) -> None:
    x = np.asarray(values, dtype=float)
    assert np.array_equal(ahead_max(x, w), _plain(x, w))
