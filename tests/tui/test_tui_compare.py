"""Pilot tests of the rep comparison (c) from the live screen: labels that name each rep once
after several recordings, a chart as wide as the screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import plotext
import pytest
from conftest import advance, build_app, record_session

from tui.screens.compare_screen import CompareScreen
from tui.widgets.profile_chart import ProfileChart


async def test_reps_of_two_recordings_have_labels_of_their_own(tmp_path: Path) -> None:
    """Each recording's analysis numbers its reps from set 1 rep 1: after a second recording
    the legend read 'S1 R2  S1 R3  S1 R1  S1 R2  S1 R3  S1 R1 ...'. Each label now names the
    analysis it came from (live, rec 1, rec 2), once."""
    app = build_app(tmp_path / "data", seed=3, method="slow_negatives")
    async with app.run_test(size=(150, 40)) as pilot:
        live = app.screen
        await advance(pilot, 25.0)
        await record_session(pilot, live, 55.0)
        await record_session(pilot, live, 85.0)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        chart = app.screen.query_one(ProfileChart)
        shown = chart.profiles[-8:]
        assert len({(p.set, p.rep) for p in shown}) < len(shown)   # the numbers alone repeat
        legend = chart.render().plain.splitlines()[0]
        labels = [item.strip() for item in legend.split("━━") if item.strip()]
        assert len(labels) == len(shown) and len(set(labels)) == len(labels), labels
        assert any(label.startswith("rec 1 S1 R") for label in labels), labels
        assert any(label.startswith("rec 2 S1 R") for label in labels), labels


@pytest.fixture
def started_at_80_columns() -> Iterator[None]:
    """plotext reads the terminal's size once, at import: as an app started at 80x24 (or served
    to a browser, with no terminal), whatever size this test runner has."""
    figure = plotext._core._figure
    saved = figure._width_term, figure._height_term, figure._size_term
    figure._set_terminal_size(80, 24)
    try:
        yield
    finally:
        figure._width_term, figure._height_term, figure._size_term = saved


async def test_the_chart_uses_a_wide_screen(tmp_path: Path, started_at_80_columns: None) -> None:
    """At 150x40 the chart stayed 80 columns wide and 23 rows high (plotext's cap at the
    terminal size it read at import), half the screen empty. It now fills the widget."""
    app = build_app(tmp_path / "data", scripted=True)
    async with app.run_test(size=(150, 40)) as pilot:
        await advance(pilot, 26.0)
        await pilot.press("c")
        await pilot.pause()
        chart = app.screen.query_one(ProfileChart)
        assert chart.profiles
        lines = chart.render().plain.splitlines()
        assert chart.size.width >= 140
        assert max(len(line.rstrip()) for line in lines) >= chart.size.width - 2, \
            (chart.size, max(len(line) for line in lines))
        assert len(lines) >= chart.size.height - 1, (chart.size, len(lines))
