"""Force only, a method whose spotter only lifts (beyond failure, forced positives): before any
spotter has held the bar in the set, a positive residual velocity at a quiet run is the bar still
rising - a long raise's quiet cruise (F = m*g at constant speed) - never a push's top. Classic
5030 (93 kg, 50-cm raises, a 4.7-N noisy plate): the cruise of an unassisted raise passed as a
pushed rep's top (residual +0.35 m/s) and two unassisted reps read as three."""

from __future__ import annotations

from analysis_synth import bench_scenario, scored_reps


def test_a_raise_cruise_is_no_pushed_top_where_the_spotter_only_lifts():
    sc = bench_scenario(5030, "beyond_failure", 5, n=12)
    pairs = scored_reps(sc)
    set1 = [(tr, r) for tr, r in pairs if tr.set == 1]
    assert all(r is not None for _, r in set1)
    found = {id(r) for _, r in set1}
    assert len(found) == len(set1)           # each true rep its own found rep
    for tr, r in set1:
        if tr.assisted == "none":
            assert abs(r.concentric.end_s - tr.con_end_s) <= max(0.15, 0.06 * tr.con_duration_s)
