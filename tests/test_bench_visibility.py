"""benchmarks/bench_phases.py's split of force-only reps by what the force can show (from the
simulator's truth): a fast, heavy lift stands far out of the sway; a 5-cm lowering over 8 s
of a light bar (m*5.8*D/T^2: 0.3 N) never leaves it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from forceplate.simulator import Scenario, simulate

_spec = importlib.util.spec_from_file_location(
    "bench_phases", Path(__file__).resolve().parents[1] / "benchmarks" / "bench_phases.py")
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
sys.modules["bench_phases"] = bench          # its dataclasses look their module up
_spec.loader.exec_module(bench)


def _shown(**kw) -> list[bool]:
    rec = simulate(Scenario.for_method(kw.pop("method"), seed=3, n_sets=1, with_position=False,
                                       with_spotter_plate=False, **kw))
    shows = bench.visible(rec)
    return [shows(r.ecc_start_s, r.ecc_end_s, r.con_start_s, r.con_end_s) for r in rec.truth.reps]


def test_a_fast_heavy_lift_shows_in_the_force():
    assert all(_shown(method="normal", body_mass_kg=80.0, bar_mass_kg=100.0, travel_m=0.5, ecc_s=1.2,
                      con_s=0.9, sway=2.0))


def test_a_short_slow_light_lowering_does_not():
    assert not any(_shown(method="slow_negatives", body_mass_kg=50.0, bar_mass_kg=10.0, travel_m=0.05,
                          ecc_s=8.0, con_s=2.0, sway=2.0))


def test_visible_misses_are_listed_with_what_is_off():
    # a visible lift, analysed; then the found reps' raise ends moved 1 s late and one rep
    # dropped: --misses lists exactly those, by boundary and signed error
    from dataclasses import replace

    from forceplate.analysis import AnalysisConfig, analyse
    rec = simulate(Scenario.for_method("normal", seed=3, n_sets=1, with_position=False,
                                       with_spotter_plate=False, body_mass_kg=80.0, bar_mass_kg=100.0,
                                       travel_m=0.5, ecc_s=1.2, con_s=0.9, sway=0.5))
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method("normal"))
    assert len(res.reps) == len(rec.truth.reps) >= 3
    late = [replace(r, concentric=replace(r.concentric, end_s=r.concentric.end_s + 1.0)) for r in res.reps[1:]]
    misses = bench.score(rec, replace(res, reps=late))["unassisted"].misses
    assert len(misses) == len(rec.truth.reps)
    assert misses[0].endswith("not found")
    for m in misses[1:]:
        off = m.split(": ")[-1]
        assert off.startswith("con end +") and abs(float(off.split()[2]) - 1.0) < 0.1, m


def test_trust_tally_counts_what_a_coach_is_shown():
    # the same lift, analysed: every rep sure and right. Then one rep flagged (confidence under
    # the dashboard's "look again") with its raise end 1 s late, and one rep that never happened
    # (a copy 1000 s later, sure): the tally sees each where it belongs.
    from dataclasses import replace

    from forceplate.analysis import AnalysisConfig, analyse
    rec = simulate(Scenario.for_method("normal", seed=3, n_sets=1, with_position=False,
                                       with_spotter_plate=False, body_mass_kg=80.0, bar_mass_kg=100.0,
                                       travel_m=0.5, ecc_s=1.2, con_s=0.9, sway=0.5))
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method("normal"))
    n = len(rec.truth.reps)
    assert len(res.reps) == n >= 3
    first = res.reps[0]
    flagged = replace(first, confidence=bench.SHOWN_UNSURE / 2,
                      concentric=replace(first.concentric, end_s=first.concentric.end_s + 1.0))
    ghost = replace(first, eccentric=replace(first.eccentric, start_s=first.eccentric.start_s + 1000.0))
    t = bench.score(rec, replace(res, reps=[flagged, *res.reps[1:], ghost]))["unassisted"]
    sure = [x for x in t.seen if x[1] and not x[4]]
    unsure = [x for x in t.seen if x[1] and x[4]]
    assert len(sure) == n - 1 and all(x[2] == 4 for x in sure)
    assert len(unsure) == 1 and unsure[0][2] == 3
    assert t.extra == [False]
