"""The live screen's side panel at the terminal sizes coaches use: nothing a coach reads is cut.
At 100x30 the set panel pushed the last rep's verdict below the screen's edge."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import advance, build_app

from tui.screens.live_screen import LiveScreen
from tui.widgets.last_rep import LastRepPanel
from tui.widgets.set_summary import SetSummaryPanel, summary_line

SIZES = [(80, 24), (100, 30), (120, 40), (160, 48), (200, 60)]


@pytest.mark.parametrize("size", SIZES)
async def test_the_side_panel_fits_and_the_set_is_always_shown(tmp_path: Path, size: tuple[int, int]) -> None:
    app = build_app(tmp_path / "data", scripted=True)
    async with app.run_test(size=size) as pilot:
        live = app.screen
        assert isinstance(live, LiveScreen)
        await advance(pilot, 40.0)
        side, main = live.query_one("#side"), live.query_one("#main")
        last, panel = live.query_one(LastRepPanel), live.query_one(SetSummaryPanel)
        assert last.rep is not None
        # everything in the side panel is on screen: no child runs past the panel's bottom
        assert side.virtual_size.height <= side.region.height
        assert last.region.bottom <= main.region.bottom and last.region.height > 0
        # the verdict is in the last rep's rendered rows, which fit its content
        rendered = last.render().plain.splitlines()
        assert len(rendered) <= last.content_size.height
        assert any("target" in line or "ecc:con" in line for line in rendered)
        # the set's figures: in the set panel, else in the last rep's bottom border
        if panel.display:
            assert panel.region.bottom <= main.region.bottom and panel.region.height >= 5
            assert last.border_subtitle == ""
        else:
            assert "reps" in last.border_subtitle
            assert len(last.border_subtitle) <= last.outer_size.width - 6   # "╰─ " and " ─╯" whole
            assert "…" not in last.render_line(last.outer_size.height - 1).text
    assert size != (100, 30) or not panel.display   # the case that was cut


def test_the_one_line_set_leaves_out_the_least_needed_first() -> None:
    class Rep:
        def __init__(self, ratio: float) -> None:
            self.time_under_tension_s, self.ecc_con_load_ratio, self.movement = 4.2, ratio, "rep"
            self.concentric = type("P", (), {"duration_s": 1.0})()

    reps = [Rep(1.21), Rep(1.25)]
    assert summary_line([], None, 1.25, None) == ""
    assert summary_line(reps, None, 1.25, 3) == "2 reps · TUT 8 s · ecc:con 1.23/1.25 · neg 3"
    assert summary_line(reps, None, 1.25, 3, width=40) == "2 reps · TUT 8 s · ecc:con 1.23 · neg 3"
    assert summary_line(reps, None, 1.25, 3, width=24) == "2 reps · TUT 8 s · neg 3"
    assert summary_line(reps[:1], None, None, None, width=12) == "1 rep"


async def test_the_replay_status_line_keeps_its_drop_count_at_100_columns(tmp_path: Path) -> None:
    """'○ not recording' (a replay records nothing) pushed 'dropped 0' off the line's end."""
    from conftest import open_replay, record_session

    from tui.widgets.plate_status import PlateStatusBar

    app = build_app(tmp_path / "data", scripted=True)
    async with app.run_test(size=(100, 30)) as pilot:
        path = await record_session(pilot, app.screen, 12.0)
        replay = await open_replay(pilot, app, path)
        await advance(pilot, replay.pipeline.time_s + 2.0)
        line = replay.query_one(PlateStatusBar).render().plain
        assert "not recording" not in line and "REPLAY" in line
        assert len(line) <= 100 and line.rstrip().split()[-2:] == ["dropped", "0"], line
