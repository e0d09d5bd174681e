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


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blanks=st.integers(1, 3), crlf=st.booleans(), n=st.integers(50, 300))
def test_vernier_format2_with_blank_lines_before_the_data(tmp_path, blanks, crlf, n):
    """Logger Pro's 'Vernier Format 2' as written by hand or by older versions: a blank line
    between the units row and the data. Before, the short names were taken for the header and
    the units row for data ("column 't' is not numeric")."""
    force = 700 + 50 * np.sin(np.arange(n) / 40)
    head = ["Vernier Format 2", "Untitled.cmbl 11/30/2026 07:00:00 .", "Latest", "Time\tForce", "t\tF", "s\tN"]
    body = [f"{i / 1000:.3f}\t{force[i]:.2f}" for i in range(n)]
    nl = "\r\n" if crlf else "\n"
    p = tmp_path / "vf2.txt"
    p.write_bytes(nl.join(head + [""] * blanks + body).encode() + nl.encode())
    info, block, _ = read_foreign(p)
    assert len(block) == n and info.sample_rate_hz == 1000.0
    assert np.allclose(block.total_force_n(info), np.round(force, 2))
