"""Loads that make sense or are not judged; verdicts that say by how much."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eccentric.cli import main
from forceplate.analysis import AnalysisConfig, analyse
from forceplate.analysis.loads import check_masses, check_rep_loads, min_load_kg, resolve_body_n
from forceplate.analysis.verdicts import rep_verdict, set_verdict
from forceplate.errors import BadInputError
from forceplate.simulator import Scenario, simulate
from forceplate.units import G

METHODS = ("normal", "slow_negatives", "beyond_failure", "forced_positive", "forced_negative")


def _judge(method: str, body_kg: float | None, system_kg: float, ecc_load_kg: float, con_load_kg: float,
           ecc_s: float = 5.0, assisted: str = "none", setup_load_kg: float | None = None):
    cfg = AnalysisConfig.for_method(method)
    body_n = None if body_kg is None else body_kg * G
    load = check_rep_loads(body_n, system_kg * G, ecc_load_kg * G, con_load_kg * G, assisted, setup_load_kg)
    ratio = ecc_load_kg / con_load_kg if con_load_kg else float("nan")
    return load, rep_verdict(cfg, ecc_s, 0.5, ratio, assisted, "force_integral", load=load)


def _on_target(text: str, codes: tuple[str, ...]) -> bool:
    return "on target" in text or any(c.endswith("on_target") for c in codes)


# --- the reported cases ----------------------------------------------------------------------

@pytest.mark.parametrize("method", METHODS)
def test_body_weighed_with_the_bar_is_check_weighing_never_on_target(method):
    # reported: "body mass 147 kg"; every rep read `ecc load -0.2 kg ... ratio 1.33 ... on target`
    load, (text, codes) = _judge(method, 147.0, 147.1, -0.2, -0.15)
    assert not load.ok and "check_weighing" in codes
    assert text.startswith("check weighing") and "with the bar on" in text
    assert not _on_target(text, codes), text
    assert "overload_on_target" not in codes and "overload_low" not in codes   # loads not judged


@pytest.mark.parametrize("ratio_loads", [(-0.69 * 20, 20.0), (1.67 * 1.2, 1.2), (0.76 * 0.9, 0.9)])
def test_imported_csv_ratios_are_not_on_target(ratio_loads):
    # reported: an imported three-rep CSV gave ratios -0.69, 1.67, 0.76, all "on target"
    ecc, con = ratio_loads
    load, (text, codes) = _judge("slow_negatives", 80.0, 80.0 + 0.8, ecc, con, ecc_s=3.0)
    assert not load.ok and not _on_target(text, codes), text


@given(
    method=st.sampled_from(METHODS),
    body=st.floats(30, 250) | st.none(),
    system_over_body=st.floats(-60, 250),
    ecc=st.floats(-300, 400), con=st.floats(-300, 400),
    ecc_s=st.floats(0.3, 12),
    assisted=st.sampled_from(["none", "lowering", "raising", "both"]),
    setup=st.none() | st.floats(0, 300),
)
@settings(max_examples=400, deadline=None)
def test_no_on_target_with_a_negative_or_implausible_load(method, body, system_over_body, ecc, con, ecc_s,
                                                          assisted, setup):
    system = (body or 80.0) + system_over_body
    if system <= 0:
        return
    load, (text, codes) = _judge(method, body, system, ecc, con, ecc_s, assisted, setup)
    weighed = None if body is None else system - body
    implausible = (body is None or weighed is None or weighed < min_load_kg(body) or ecc <= 0 or con <= 0
                   or (con != 0 and ecc / con < 0))
    if setup and weighed is not None and abs(weighed - setup) > max(10.0, 0.5 * setup):
        implausible = True
    if implausible:
        assert not load.ok
        assert "check_weighing" in codes and text.startswith("check weighing")
        assert not _on_target(text, codes), text
    if not load.ok:
        assert not _on_target(text, codes), text
    if load.ok:   # judged loads are positive and match the weighing
        assert ecc > 0 and con > 0 and weighed is not None and weighed >= min_load_kg(body or 0)


def test_a_raise_of_almost_no_load_gives_a_capped_amount_not_a_crash():
    # found by hypothesis: a ratio over a raise of 5.7e-306 kg overflowed the percentage
    for method in METHODS:
        _, (text, _) = _judge(method, 80.0, 140.0, 60.0, 5.7e-306, assisted="raising")
        assert "e+30" not in text and "inf" not in text, text
        assert "ecc:con load" not in text or "over 99" in text, text


def test_untouched_phase_far_from_the_weighed_load_is_check_weighing():
    # lifter + bar 140, body 80: load 60 kg; a raise no spotter touched measuring 20 kg is not this bar
    load, (text, codes) = _judge("forced_negative", 80.0, 140.0, 75.0, 20.0)
    assert not load.ok and "raising load 20.0 kg" in text
    # the same raise helped by a spotter may be that light
    load, _ = _judge("forced_positive", 80.0, 140.0, 60.0, 20.0, assisted="raising")
    assert load.ok


def test_setup_load_settles_a_weighing_taken_with_the_bar():
    body = resolve_body_n(147.0 * G, 147.2 * G, 67.0)
    assert body == pytest.approx(80.2 * G)
    assert resolve_body_n(80.0 * G, 147.0 * G, 67.0) == pytest.approx(80.0 * G)   # a real body weighing stays
    assert resolve_body_n(147.0 * G, 147.2 * G, None) == pytest.approx(147.0 * G)  # nothing to go by
    bad = check_masses(80.0 * G, 100.0 * G, 67.0)
    assert not bad.ok and "setup says 67 kg" in bad.reason
    assert check_masses(80.0 * G, 140.0 * G, 60.0).ok
    assert not check_masses(None, 140.0 * G).ok


# --- verdict texts: by how much --------------------------------------------------------------

def test_verdicts_say_by_how_much():
    cfg = AnalysisConfig.for_method("slow_negatives", ecc_tolerance=0.1)
    text, codes = rep_verdict(cfg, 2.6, 0.0, 1.0, "none", "force_integral")
    assert text == "lowered in 2.6 s, target 3.0 s: 13 % short" and codes == ("ecc_too_fast",)
    cfg = AnalysisConfig.for_method("slow_negatives")   # the default: 20 %
    text, _ = rep_verdict(cfg, 3.8, 0.0, 1.0, "none", "force_integral")
    assert text == "lowered in 3.8 s, target 3.0 s: 27 % long"
    text, _ = rep_verdict(cfg, 3.1, 0.0, 1.0, "none", "force_integral")
    assert text == "lowered in 3.1 s, target 3.0 s: on target (3 % long)"
    fn = AnalysisConfig.for_method("forced_negative")
    text, codes = rep_verdict(fn, 5.0, 0.0, 1.10, "lowering", "force_integral")
    assert "ecc:con load 1.10, target 1.25: 12 % low" in text and "overload_low" in codes
    assert set_verdict(AnalysisConfig.for_method("forced_positive"), 2, None, 0) == \
        "2 reps (6-10 wanted): off target, 4 short"
    assert set_verdict(AnalysisConfig.for_method("slow_negatives"), 1, None, 0).startswith("1 rep (")
    bf = AnalysisConfig.for_method("beyond_failure")
    assert set_verdict(bf, 8, 6, 1).startswith("1 negative after failure (")


def test_tolerance_is_a_setting():
    strict = AnalysisConfig.for_method("slow_negatives", ecc_tolerance=0.05)
    loose = AnalysisConfig.for_method("slow_negatives", ecc_tolerance=0.3)
    assert "ecc_too_fast" in rep_verdict(strict, 2.7, 0, 1, "none", "force_integral")[1]
    assert "ecc_on_target" in rep_verdict(loose, 2.7, 0, 1, "none", "force_integral")[1]
    fn = AnalysisConfig.for_method("forced_negative", overload_tolerance=0.2)
    assert "overload_on_target" in rep_verdict(fn, 5.0, 0, 1.10, "lowering", "force_integral")[1]
    assert strict.targets()["ecc_tolerance"] == 0.05
    assert AnalysisConfig.from_dict(strict.to_dict()) == strict
    with pytest.raises(BadInputError):
        AnalysisConfig.for_method("slow_negatives", ecc_tolerance=1.5)


# --- through the analysis ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def forced_negative():
    return simulate(Scenario.for_method("forced_negative", seed=4))


def test_analysis_with_the_body_weighed_under_the_bar(forced_negative):
    rec = forced_negative
    sc = rec.scenario
    wrong = AnalysisConfig.for_method("forced_negative", body_mass_kg=sc.body_mass_kg + sc.bar_mass_kg)
    res = analyse(rec.info, rec.block(), wrong)
    assert res.reps
    for r in res.reps:
        assert "check_weighing" in r.verdict_codes and not _on_target(r.verdict, r.verdict_codes), r.verdict
    # the setup's load tells eccentric the weighing was lifter + bar: loads are judged again
    told = AnalysisConfig.for_method("forced_negative", body_mass_kg=sc.body_mass_kg + sc.bar_mass_kg,
                                     load_kg=sc.bar_mass_kg)
    res = analyse(rec.info, rec.block(), told)
    judged = [r for r in res.reps if "check_weighing" not in r.verdict_codes]
    assert len(judged) >= len(res.reps) - 1
    for r in judged:
        assert r.body_mass_kg == pytest.approx(sc.body_mass_kg, abs=2.0)
        assert r.ecc_con_load_ratio > 1.0


def test_imported_csv_without_a_body_weighing(tmp_path, capsys, forced_negative):
    """A CSV that starts with the bar already on: no stretch to weigh the body on its own."""
    rec = forced_negative
    block = rec.block()
    keep = block.time_s >= float(rec.truth.unrack_s[0]) + 1.5
    path = tmp_path / "three.csv"
    data = np.column_stack([block.time_s[keep], block.values[keep].sum(axis=1)])
    np.savetxt(path, data, delimiter=",", header="time_s,fz_n", comments="", fmt="%.6f")
    assert main(["analyze", str(path), "--format", "json", "--method", "forced_negative"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["reps"]
    for r in doc["reps"]:
        assert "check_weighing" in r["verdict_codes"] and "on target" not in r["verdict"], r["verdict"]
    body = rec.scenario.body_mass_kg
    assert main(["analyze", str(path), "--format", "json", "--method", "forced_negative",
                 "--body-mass-kg", str(body)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert sum("check_weighing" not in r["verdict_codes"] for r in doc["reps"]) >= len(doc["reps"]) - 1
    assert all(math.isfinite(r["ecc_con_load_ratio"]) for r in doc["reps"])
