"""The pieces that make the live screen readable from two metres: big type, the still y-axis,
the bold chart (and its guards against absurd values), verdict colours, replay data."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forceplate.analysis.events import PhaseMetrics, Rep
from tui.axis import AxisHold, finite_range, nice_step
from tui.bigfont import big_height, big_width, fit_scale, render_big
from tui.raster import ChartLines, render_chart
from tui.replay_data import jump_target, rep_from_row, reps_until, set_starts
from tui.ring import PHASE_CON, PHASE_ECC, Window
from tui.verdicts import CHECK, GOOD, OFF, verdict_kind


@pytest.mark.parametrize("text", ["LOWERING", "OFF PLATE", "2.4/3.0", "123.4", "UNSURE", "x1.25"])
@pytest.mark.parametrize("scale", [1, 2, 3])
def test_big_text_has_the_promised_size(text: str, scale: int) -> None:
    lines = render_big(text, scale)
    assert len(lines) == big_height(scale) >= 3
    assert {len(line) for line in lines} == {big_width(text, scale)}
    assert all(set(line) <= set(" ▀▄█") for line in lines)
    assert any("█" in line for line in lines)


def test_fit_scale_picks_the_biggest_that_fits() -> None:
    w = big_width("LOWERING", 2)
    assert fit_scale("LOWERING", w, 5) == 2
    assert fit_scale("LOWERING", w - 1, 5) == 1
    assert fit_scale("LOWERING", w, 2) == 0        # three rows is the least
    assert fit_scale("LOWERING", 10, 30) == 0


def test_axis_grows_at_once_and_shrinks_only_after_a_while() -> None:
    ax = AxisHold(shrink_after_s=6.0)
    ax.update(700.0, 1500.0, 0.0)
    lo, hi = ax.lo, ax.hi
    assert lo <= 700 and hi >= 1500
    for t in np.arange(0.1, 5.0, 0.1):           # the usual wobble: the axis holds still
        ax.update(700.0 + 30 * math.sin(t), 1500.0 - 40 * math.cos(t), float(t))
    assert (ax.lo, ax.hi) == (lo, hi)
    ax.update(700.0, 2600.0, 5.0)                  # a new peak is shown at once
    assert ax.hi >= 2600
    big = (ax.lo, ax.hi)
    for t in np.arange(5.1, 10.0, 0.1):            # smaller data, not yet for long enough
        ax.update(750.0, 900.0, float(t))
    assert (ax.lo, ax.hi) == big
    ax.update(750.0, 900.0, 12.0)                   # now it shrinks
    assert ax.hi < big[1] and ax.lo >= big[0]
    assert ax.lo <= 750 and ax.hi >= 900


def test_axis_changes_seldom_over_a_simulated_set() -> None:
    """The complaint: 2224 -> 1980 -> 1932 -> 1780 N in 20 s. One set, one range."""
    rng = np.random.default_rng(3)
    t = np.arange(0, 70, 0.001)
    # reps of 4-5 s: dips and peaks of varying depth, noise; the chart shows the last 10 s
    f = 1370 + 450 * np.sin(t * 1.4) * (0.8 + 0.2 * np.sin(t * 0.3)) + rng.normal(0, 8, t.size)
    ax = AxisHold()
    first = None
    for now in np.arange(10.0, 70.0, 0.05):        # 20 frames a second
        win = f[int((now - 10) * 1000):int(now * 1000)]
        ax.update(float(win.min()), float(win.max()), float(now))
        if first is None:
            first = ax.changes
    assert ax.changes - first <= 2


def test_nice_steps() -> None:
    assert nice_step(1000.0) == 200.0
    assert nice_step(2300.0) == 500.0
    assert nice_step(80.0) == 20.0


def _window(force: np.ndarray, rate: float = 1000.0) -> Window:
    n = len(force)
    t = np.arange(n) / rate
    phase = np.where(np.arange(n) < n // 2, PHASE_ECC, PHASE_CON).astype(np.int8)
    return Window(t, force.astype(float), phase)


@pytest.mark.parametrize("width,height", [(44, 16), (76, 25), (120, 44)])
def test_chart_rows_are_exactly_the_widget_size(width: int, height: int) -> None:
    f = 1300 + 400 * np.sin(np.arange(10_000) / 700.0)
    rows = render_chart(_window(f), width, height, 10.0, AxisHold(), ChartLines(780.0, 1370.0))
    assert len(rows) == height
    assert all(sum(len(t) for t, _ in row) == width for row in rows)
    text = "\n".join("".join(t for t, _ in row) for row in rows)
    assert "N" in rows[0][0][0] and "lower" in text and "rais" in text and "0 s" in text
    keys = {k for row in rows for _, k in row}
    assert {"ecc", "con", "body", "system"} <= keys or width < 60


def test_chart_lines_are_two_pixels_thick() -> None:
    """A flat force is a full cell row (two half-cell pixels), not a braille dot."""
    rows = render_chart(_window(np.full(5000, 1000.0)), 60, 20, 10.0, AxisHold())
    cells = "".join(t for row in rows[1:-1] for t, k in row if k in ("ecc", "con"))
    assert cells and set(cells) <= set("█▀▄ ") and cells.count("█") + cells.count("▀") + cells.count("▄") >= 20


@given(st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                          st.sampled_from([1e308, -1e308, 0.0, 5e5])), min_size=2, max_size=400))
@settings(max_examples=60, deadline=None)
def test_chart_survives_any_force_values(values: list[float]) -> None:
    rows = render_chart(_window(np.array(values)), 50, 12, 10.0, AxisHold())
    assert len(rows) == 12
    assert all(sum(len(t) for t, _ in row) == 50 for row in rows)


def test_finite_range_ignores_nan_and_clips_absurd() -> None:
    assert finite_range(np.array([np.nan, 1.0, 3.0]), None, float("inf")) == (1.0, 3.0)
    lo, hi = finite_range(np.array([1e308, -1e308]))  # type: ignore[misc]
    assert math.isfinite(lo) and math.isfinite(hi) and hi - lo <= 2e6
    assert finite_range(np.array([np.nan])) is None


@pytest.mark.parametrize("verdict,codes,confidence,kind", [
    ("on target", ("ecc_on_target", "overload_on_target"), 0.9, GOOD),
    ("overload on target", ("overload_on_target",), 0.9, GOOD),
    ("lowered too fast", ("ecc_too_fast",), 0.9, OFF),
    ("lowering on target, overload below target", ("ecc_on_target", "overload_low"), 0.9, OFF),
    ("on target", ("ecc_on_target", "estimated"), 0.9, CHECK),
    ("on target", ("ecc_on_target",), 0.2, CHECK),
    ("check the video", (), None, CHECK),
    ("", (), None, None),
])
def test_verdict_kinds(verdict: str, codes: tuple[str, ...], confidence: float | None, kind: str | None) -> None:
    assert verdict_kind(verdict, codes, confidence) == kind


def _rep(n: int, s: int, start: float, dur: float = 3.0) -> Rep:
    e = PhaseMetrics(start, start + dur, dur, 1500.0, 1800.0, 600.0, 10.0, 100.0)
    c = PhaseMetrics(start + dur + 0.2, start + dur + 1.2, 1.0, 1500.0, 1800.0, 590.0, 10.0, 100.0)
    return Rep(n, s, n, e, c, start + dur, 0.2, 1.02, dur + 1.2, "force_integral", 0.9, verdict="on target",
               verdict_codes=("ecc_on_target",))


def test_rep_rows_round_trip_and_reps_until() -> None:
    reps = [_rep(1, 1, 5.0), _rep(2, 1, 10.0), _rep(3, 2, 40.0)]
    back = [rep_from_row(r.to_row()) for r in reps]
    assert back == reps
    assert [r.rep for r in reps_until(back, 14.5)] == [1, 2] and reps_until(back, 9.5) == back[:1] and reps_until(back, 9.0) == []
    assert set_starts(back) == [(1, 5.0, 14.2), (2, 40.0, 44.2)]
    odd = rep_from_row({"rep": 1, "set": 1, "ecc_duration_s": "x", "verdict_codes": "a,b"})
    assert math.isnan(odd.eccentric.duration_s) and odd.verdict_codes == ("a", "b")


def test_jumps_go_to_the_next_and_previous_mark() -> None:
    marks = [5.0, 10.0, 40.0]
    assert jump_target(marks, 0.0, 1) == 4.0
    assert jump_target(marks, 4.0, 1) == 9.0            # at a mark: the next one
    assert jump_target(marks, 9.0, -1) == 4.0           # just jumped here: the one before
    assert jump_target(marks, 45.0, -1) == 39.0
    assert jump_target(marks, 39.5, 1) is None
    assert jump_target(marks, 3.0, -1) is None


def test_table_verdict_keeps_amounts_off_target_only() -> None:
    from tui.widgets.rep_table import VERDICT_WIDTH, table_verdict

    whole = ("lowered in 5.6 s, target 5.0 s: on target (13 % long); "
             "ecc:con load 1.22, target 1.25: on target (2 % low)")
    assert table_verdict(whole) == "lowering on target; overload on target"
    assert table_verdict("lowered in 2.3 s, target 3.0 s: 24 % short; ecc:con load 0.90, target 1.25: 28 % low") \
        == "lowering 24 % short; overload 28 % low"
    assert len(table_verdict(whole) + " (assisted)") <= VERDICT_WIDTH
