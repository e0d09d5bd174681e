"""The dashboard's non-UI pieces: ring buffer, decimation, phase runs, profiles, weighing, text."""

from __future__ import annotations

import numpy as np
import pytest

from forceplate.analysis.events import Phase, PhaseChanged
from forceplate.units import G
from tui.decimate import decimate_minmax, phase_runs
from tui.pipeline import LivePipeline, normalised_profile, phase_codes
from tui.ring import PHASE_CON, PHASE_ECC, PHASE_OTHER, ForceRing, Window
from tui.weighing import weigh_progress
from tui.widgets.phase_indicator import timer_bar


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_ring_keeps_the_newest_samples_in_order(seed: int) -> None:
    rng = np.random.default_rng(seed)
    cap = int(rng.integers(50, 500))
    ring = ForceRing(cap)
    written = 0
    for _ in range(40):
        n = int(rng.integers(1, cap * 2))
        t = np.arange(written, written + n, dtype=float)
        ring.extend(t, t * 2.0, (t % 3).astype(np.int8))
        written += n
        w = ring.latest()
        assert len(w) == min(written, cap)
        np.testing.assert_array_equal(w.time_s, np.arange(written - len(w), written))
        np.testing.assert_array_equal(w.force_n, w.time_s * 2.0)
    k = int(rng.integers(1, cap))
    assert len(ring.latest(k)) == k and ring.latest(k).time_s[-1] == written - 1


def test_ring_relabel_and_since() -> None:
    ring = ForceRing(100)
    t = np.arange(150) / 10.0
    ring.extend(t, np.ones(150), np.zeros(150, np.int8))
    ring.relabel(6.0, 8.0, PHASE_ECC)
    w = ring.latest()
    assert set(w.time_s[w.phase == PHASE_ECC]) == set(t[(t >= 6.0) & (t < 8.0)])
    assert ring.since(12.0).time_s[0] == pytest.approx(12.0)


@pytest.mark.parametrize("n,cols", [(10_000, 70), (12_345, 111), (999, 40), (50, 40)])
def test_decimation_keeps_peaks_and_bounds_points(n: int, cols: int) -> None:
    rng = np.random.default_rng(n)
    f = rng.normal(size=n).cumsum()
    w = Window(np.arange(n) / 1000.0, f, np.zeros(n, np.int8))
    d = decimate_minmax(w, cols)
    assert len(d) == (n if n <= 2 * cols else 2 * cols)
    assert np.all(np.diff(d.time_s) >= 0)
    tail = f[n - (n // cols) * cols:] if n > 2 * cols else f
    assert d.force_n.max() == tail.max() and d.force_n.min() == tail.min()


def test_phase_runs_cover_everything_in_order() -> None:
    rng = np.random.default_rng(4)
    p = rng.integers(0, 3, 300).astype(np.int8).repeat(rng.integers(1, 5, 300))
    runs = phase_runs(p)
    assert runs[0][0] == 0 and runs[-1][1] == len(p)
    for (a, b, code), nxt in zip(runs, runs[1:] + [(len(p), 0, -1)], strict=True):
        assert b == nxt[0] and np.all(p[a:b] == code)
    assert phase_runs(np.empty(0, np.int8)) == []


def test_phase_codes_follow_phase_changes() -> None:
    t = np.arange(100) / 100.0
    ev = [PhaseChanged(0.3, Phase.LOWERING), PhaseChanged(0.7, Phase.RAISING)]
    c = phase_codes(t, Phase.REST, ev)
    assert np.all(c[t < 0.3] == PHASE_OTHER) and np.all(c[(t >= 0.3) & (t < 0.7)] == PHASE_ECC)
    assert np.all(c[t >= 0.7] == PHASE_CON)


def test_normalised_profile_resamples_the_interval() -> None:
    t = np.linspace(0, 10, 10_001)
    f = 100.0 * t
    prof = normalised_profile(t, f, 2.0, 4.0, n=5)
    np.testing.assert_allclose(prof, [200, 250, 300, 350, 400])
    assert normalised_profile(t, f, -1.0, 4.0).size == 0   # not held: no made-up profile


def _trace(rate: float, body_kg: float, empty_s: float, rng: np.random.Generator) -> Window:
    t = np.arange(int(4.0 * rate)) / rate
    f = np.where(t < empty_s, 0.0, body_kg * G) + rng.normal(0, 3.0, t.size)
    step = (t >= empty_s) & (t < empty_s + 0.4)   # stepping on wobbles
    f[step] += 150 * np.sin(2 * np.pi * 3 * t[step])
    return Window(t, f, np.zeros(t.size, np.int8))


@pytest.mark.parametrize("seed,body", [(0, 62.5), (1, 80.0), (2, 118.0)])
def test_weigh_guidance_tares_then_weighs(seed: int, body: float) -> None:
    rng = np.random.default_rng(seed)
    w = _trace(1000.0, body, 0.6, rng)
    s = weigh_progress(Window(w.time_s[:200], w.force_n[:200], w.phase[:200]), None)
    assert s.stage == "step_off"
    s = weigh_progress(Window(w.time_s[:550], w.force_n[:550], w.phase[:550]), None)
    assert s.stage == "step_on" and s.tare_n is not None and abs(s.tare_n) < 2.0
    mid = weigh_progress(Window(w.time_s[:1500], w.force_n[:1500], w.phase[:1500]), s.tare_n)
    assert mid.stage == "still" and "Stand still" in mid.text
    done = weigh_progress(w, s.tare_n)
    assert done.stage == "done" and done.mass_kg == pytest.approx(body, abs=0.2)


def test_weigh_guidance_on_the_simulated_plate() -> None:
    from conftest import mock_reader

    from tui.parts import NoAnalysis

    for seed in (0, 4):
        r = mock_reader(seed)
        p = LivePipeline(r, lambda info: NoAnalysis(), lambda msg: None)
        p.open()
        tare, step = None, None
        for t_s in np.arange(0.2, 3.0, 0.2):
            p.pump(float(t_s))
            step = weigh_progress(p.ring.latest(3000), tare)
            tare = step.tare_n
            if step.stage == "done":
                break
        assert step is not None and step.stage == "done"
        assert step.mass_kg == pytest.approx(r.truth.body_mass_kg, abs=0.5)
        p.stop()


def test_timer_bar_fills_to_target() -> None:
    assert timer_bar(0.0, 3.0, 10) == "░" * 10
    assert timer_bar(1.5, 3.0, 10) == "█" * 5 + "░" * 5
    assert timer_bar(9.0, 3.0, 10) == "█" * 10


async def test_rep_table_takes_a_rep_numbered_like_one_it_shows() -> None:
    """After a recording stops the live analysis numbers from set 1 rep 1 again while the
    recorded reps stay in view: the table must take it (it raised DuplicateKey and the
    dashboard crashed)."""
    from textual.app import App

    from forceplate.analysis.events import PhaseMetrics, Rep
    from tui.widgets.rep_table import RepTable

    def rep(start: float) -> Rep:
        ph = PhaseMetrics(start, start + 2.0, 2.0, 900.0, 1000.0, 200.0, 1800.0, 0.0)
        return Rep(rep=1, set=1, rep_in_set=1, eccentric=ph, concentric=ph, bottom_s=start + 2.0,
                   pause_bottom_s=0.0, ecc_con_load_ratio=1.0, time_under_tension_s=4.0,
                   phase_source="force_integral", confidence=1.0, verdict="on target")

    class TableApp(App[None]):
        def compose(self):
            yield RepTable()

    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(RepTable)
        table.add_rep(rep(1.0))
        table.add_rep(rep(30.0))   # the same numbers, a later rep
        await pilot.pause()
        assert table.row_count == 2


def test_chart_legend_leaves_a_blank_cell_before_the_next_panel() -> None:
    """The legend ran into the phase panel's border ("body+bar┏━"): its row is exactly the chart's
    width and ends in a blank cell, wide or narrow, with or without the body lines."""
    from tui.raster import ChartLines, legend_runs

    for width in (30, 38, 60, 92, 140):
        for lines in (ChartLines(), ChartLines(body_n=700.0, system_n=1250.0)):
            text = "".join(t for t, _ in legend_runs(width, lines))
            assert len(text) == width, (width, text)
            assert text.endswith(" ") and text.rstrip().endswith(("raising", "raise", "body", "body+bar")), text


async def test_rep_table_verdict_is_whole_at_80_columns() -> None:
    """At 80x24 the table spans the screen and the verdict was cut at its edge ("lowering on
    target (as..."): narrow, it wraps in the room left, the numbers all still there; wide it is one line."""
    from types import SimpleNamespace

    from textual.app import App

    from tui.widgets.rep_table import RepTable

    verdict = ("lowered in 1.40 s, target 3.00 s: too fast; "
               "ecc:con load 0.88, target 1.00: 12 % low")
    phase = SimpleNamespace(duration_s=1.4, mean_load_n=588.4)
    rep = SimpleNamespace(set=1, rep_in_set=12, eccentric=phase, concentric=phase, ecc_con_load_ratio=0.88,
                          verdict=verdict, assisted="assisted", verdict_codes=("ecc_too_fast",), confidence=0.9)

    class Host(App[None]):
        def compose(self):
            yield RepTable()

    for width, lines in ((80, 2), (140, 1)):
        app = Host()
        async with app.run_test(size=(width, 24)) as pilot:
            table = app.query_one(RepTable)
            table.add_rep(rep)
            await pilot.pause()
            text = [table.render_line(y).text.rstrip() for y in range(table.size.height)]
            body = [t for t in text[1:] if t.strip()]
            assert len(body) == lines, text
            words = " ".join(t.split("  ")[-1].strip() for t in body)
            assert "lowering too fast; overload 12 % low (assisted)" in " ".join(words.split()), text
            for number in ("1.40", "60.0", "0.88", "12"):
                assert number in body[0], text
            assert max(len(t) for t in text) <= width


def test_compare_legend_stands_above_the_plot_not_over_the_curves() -> None:
    """plotext's legend sat inside the plot's top left corner, over the lowering curves: the
    reps' names are now on lines of their own above the plot's frame, within its width."""
    import re

    from tui.chart_render import render_profiles

    t = np.linspace(0.0, 1.0, 50)
    for n, width in ((4, 80), (8, 80), (8, 40)):
        labels = [f"S1 R{i + 1}" for i in range(n)]
        ecc = [1200.0 + 400.0 * t + 10.0 * i for i in range(n)]   # the lowering rises to the top left
        con = [1600.0 - 400.0 * t for _ in range(n)]
        text = re.sub(r"\x1b\[[0-9;]*m", "", render_profiles(ecc, con, labels, width, 20))
        rows = text.rstrip("\n").split("\n")
        top = next(i for i, r in enumerate(rows) if "┌" in r)
        above, plot = " ".join(rows[:top]), "\n".join(rows[top:])
        assert all(label in above for label in labels), rows[:top]
        assert not any(label in plot for label in labels), plot
        assert max(len(r) for r in rows[:top]) <= width and len(rows) == 20, rows
