"""Regression tests for four analysis edge cases, against the simulator's ground truth through
the real decode path (SimulatedRecording.block()):

1. a bar position channel: every boundary where the measured velocity leaves or reaches zero,
   and a rest needs a still bar (light, short, slow negatives started their lowering late);
2. a sticking point (the speed sagging mid-raise on late, fatigued reps) stays inside the
   concentric (it used to move the concentric start to the sag);
3. a rest at the top may sit above or a little below the previous top (lockouts centimetres
   apart on short lifts);
4. a rest tested on the force integral as it stands needs the bar near still (the quiet cruise
   of a slow lowering right after a short top rest passed for a rest).

Each family runs over a range of seeds. Seeds where the current code is still outside the
tolerance for a reason other than the fix under test are marked xfail(strict=True) with the
reason, so they turn into failures (and the mark must go) once that is fixed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from forceplate.analysis import AnalysisConfig, analyse
from forceplate.simulator import Scenario, simulate

TOL_MIN_S = 0.15    # boundary tolerance for unassisted reps: max(150 ms, 6% of the phase)
TOL_REL = 0.06


def _run(method: str, seed: int, overrides: dict[str, Any]):
    rec = simulate(Scenario.for_method(method, seed=seed, **overrides))
    res = analyse(rec.info, rec.block(), AnalysisConfig.for_method(method))
    return rec, res


def _assert_matches_truth(rec, res) -> None:
    """Rep count exact per set; every true rep matched to its own found rep (nearest lowering
    start in the same set); unassisted boundaries within max(150 ms, 6% of the phase)."""
    truth = rec.truth.reps
    assert truth, "the scenario has no reps"
    for s in sorted({tr.set for tr in truth}):
        want = sum(tr.set == s for tr in truth)
        got = sum(r.set == s for r in res.reps)
        assert got == want, f"set {s}: found {got} reps, {want} true"
    used: dict[int, int] = {}
    off: list[str] = []
    for tr in truth:
        cands = [i for i, r in enumerate(res.reps) if r.set == tr.set]
        i = min(cands, key=lambda j: abs(res.reps[j].eccentric.start_s - tr.ecc_start_s))
        assert i not in used, f"true reps {used[i]} and {tr.rep_in_set} both matched found rep {i + 1}"
        used[i] = tr.rep_in_set
        if tr.assisted != "none":
            continue
        r = res.reps[i]
        for name, got_s, want_s, dur_s in (
                ("eccentric start", r.eccentric.start_s, tr.ecc_start_s, tr.ecc_duration_s),
                ("eccentric end", r.eccentric.end_s, tr.ecc_end_s, tr.ecc_duration_s),
                ("concentric start", r.concentric.start_s, tr.con_start_s, tr.con_duration_s),
                ("concentric end", r.concentric.end_s, tr.con_end_s, tr.con_duration_s)):
            tol = max(TOL_MIN_S, TOL_REL * dur_s)
            if abs(got_s - want_s) > tol:
                off.append(f"rep {tr.rep_in_set} {name}: {got_s - want_s:+.2f} s (tolerance {tol:.2f} s)")
    assert not off, "; ".join(off)


def _cases(families: dict[str, tuple[str, dict[str, Any]]], seeds: range,
           known: dict[tuple[str, int], str]) -> list[Any]:
    out = []
    for fam, (method, overrides) in families.items():
        for seed in seeds:
            reason = known.get((fam, seed))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(method, overrides, seed, id=f"{fam}-seed{seed}", marks=marks))
    return out


# -- 1. a bar position channel: light, short, slow negatives ---------------------------------

POSITION_LIGHT = {
    # 20 kg over 10 cm, no bottom pause: the force stays within the noise band while the bar
    # creeps down; the lowering start used to come 0.3-1.7 s late (or reps were lost)
    "20kg-10cm": ("slow_negatives", dict(bar_mass_kg=20.0, travel_m=0.10, with_position=True,
                                         pause_bottom_s=0.0, reps_per_set=5)),
    # 25 kg over 15 cm with the preset's 0.2-s bottom pause
    "25kg-15cm": ("slow_negatives", dict(bar_mass_kg=25.0, travel_m=0.15, with_position=True,
                                         reps_per_set=5)),
}
POSITION_LIGHT_KNOWN = {
    ("20kg-10cm", 10): "eccentric end of rep 3 is 0.21 s early (tolerance 0.17 s): a slow stop in position noise",
    ("25kg-15cm", 11): ("concentric end of rep 2 is 0.16 s late (tolerance 0.15 s); "
                        "since the measured-velocity boundaries (f39a722), passed before"),
}


@pytest.mark.parametrize(("method", "overrides", "seed"),
                         _cases(POSITION_LIGHT, range(1, 13), POSITION_LIGHT_KNOWN))
def test_position_channel_light_short_slow_negatives(method, overrides, seed):
    rec, res = _run(method, seed, overrides)
    assert {r.phase_source for r in res.reps} == {"position"}
    _assert_matches_truth(rec, res)


# -- 2. a sticking point mid-raise ------------------------------------------------------------

STICKING = {
    # fatigue > 0.3: the late reps of the set get a sticking region (speed sags to 40-85%)
    "normal": ("normal", dict(fatigue=1.0, reps_per_set=6)),
    "slow_negatives": ("slow_negatives", dict(fatigue=1.0, reps_per_set=6)),
}


def _deep_sag(rec, tr) -> bool:
    """The true raise's speed falls under half its peak before reaching the peak."""
    t, v = rec.time_s, rec.velocity_m_s
    sel = (t >= tr.con_start_s) & (t <= tr.con_end_s)
    w = v[sel]
    k = int(np.argmax(w))
    half = 0.5 * float(w[k])
    first = int(np.flatnonzero(w >= half)[0])
    return bool(np.any(w[first:k] < half))


@pytest.mark.parametrize(("method", "overrides", "seed"), _cases(STICKING, range(1, 21), {}))
def test_sticking_point_stays_inside_the_concentric(method, overrides, seed):
    rec, res = _run(method, seed, overrides)
    assert {r.phase_source for r in res.reps} == {"force_integral"}
    _assert_matches_truth(rec, res)


def test_sticking_family_has_deep_sags():
    """Guard for the test above: the family keeps exercising raises whose speed sags under half
    its peak before the peak (the case the concentric start used to jump to)."""
    deep = 0
    for method, overrides in STICKING.values():
        for seed in range(1, 21):
            rec = simulate(Scenario.for_method(method, seed=seed, **overrides))
            deep += sum(_deep_sag(rec, tr) for tr in rec.truth.reps)
    assert deep >= 3        # 4 of the 240 true raises at the time of writing


# -- 3. rests at lockouts centimetres apart, with a bar position -------------------------------

LOCKOUTS = {
    # light, short, fatigued; lockout heights spread 1.5 cm on a 10-cm lift
    "20kg-10cm": ("slow_negatives", dict(bar_mass_kg=20.0, travel_m=0.10, fatigue=0.8,
                                         lockout_spread_m=0.015, with_position=True,
                                         pause_bottom_s=0.0, reps_per_set=6)),
}
LOCKOUTS_KNOWN = {
    ("20kg-10cm", 15): "eccentric end of rep 2 is 0.17 s early (tolerance 0.15 s)",
}


@pytest.mark.parametrize(("method", "overrides", "seed"),
                         _cases(LOCKOUTS, range(1, 31), LOCKOUTS_KNOWN))
def test_position_rests_at_lockouts_centimetres_apart(method, overrides, seed):
    rec, res = _run(method, seed, overrides)
    assert {r.phase_source for r in res.reps} == {"position"}
    _assert_matches_truth(rec, res)


# -- 4. a slow lowering right after a short top rest, force only -------------------------------

SHORT_TOP_REST = {
    # 0.3-s top rests, 3.5-s lowerings with a long quiet cruise, no bottom pause, 500 Hz
    "500Hz-3cells": ("slow_negatives", dict(
        body_mass_kg=99.5, bar_mass_kg=48.1, reps_per_set=8, ecc_s=3.5, pause_bottom_s=0.0,
        con_s=1.32, rest_top_s=0.3, tempo_spread=0.07, fatigue=0.48, travel_m=0.53,
        lockout_spread_m=0.012, noise_sd_n=2.15, drift_n_per_s=-0.067, sway=0.65,
        sample_rate_hz=500.0, n_cells=3)),
}
# seeds 4, 8, 19, 21 merged two reps while a rest's displacement could end as far above the
# start as it went below it (a level error's bend passed for a higher lockout): guarded here
SHORT_TOP_REST_KNOWN: dict[tuple[str, int], str] = {}


@pytest.mark.parametrize(("method", "overrides", "seed"),
                         _cases(SHORT_TOP_REST, range(1, 31), SHORT_TOP_REST_KNOWN))
def test_force_only_slow_lowering_after_a_short_top_rest(method, overrides, seed):
    rec, res = _run(method, seed, overrides)
    assert {r.phase_source for r in res.reps} <= {"force_integral", "force_levels"}
    _assert_matches_truth(rec, res)
