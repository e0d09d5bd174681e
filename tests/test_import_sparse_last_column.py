"""A tab-separated file whose last column is mostly empty (a marker or comment column) is read as
tab-separated, every row kept, whether the writer leaves the empty cell's tab on or off."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sessions.csv_input import read_foreign


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(n=st.integers(120, 400), marks=st.lists(st.integers(0, 399), max_size=4),
       trail=st.sampled_from(["", "\t"]), last_trail=st.booleans(), name=st.sampled_from(["marker", "Comment"]))
def test_a_mostly_empty_last_column_keeps_the_tabs(tmp_path, n, marks, trail, last_trail, name):
    force = 700 + 50 * np.sin(np.arange(n) / 40)
    rows = []
    for i in range(n):
        end = "\tstart" if i in marks else trail
        if i == n - 1 and not last_trail and i not in marks:
            end = ""
        rows.append(f"{i / 1000:.3f}\t{force[i]:.2f}{end}")
    p = tmp_path / "sparse.tsv"
    p.write_text(f"time_s\tforce_n\t{name}\n" + "\n".join(rows) + "\n", encoding="utf-8")
    _, block, _ = read_foreign(p)
    assert len(block) == n
    assert np.allclose(block.values[:, 0], np.round(force, 2))
