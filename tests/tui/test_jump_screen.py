"""Pilot tests of the jump test view: reached with `j` from the live screen, one jump at a
time with its key numbers large, the trend over the session, stepping through the jumps."""

from __future__ import annotations

from pathlib import Path

from conftest import advance, build_app, wait_for
from textual.widgets import DataTable, Digits, Sparkline

from forceplate.analysis import analyse
from forceplate.analysis.events import RepCompleted
from forceplate.simulator.jumps import recording
from tui import messages as m
from tui.screens.jump_screen import JumpScreen
from tui.screens.live_screen import LiveScreen


def jump_reps() -> list:
    rec = recording(7000, kinds=("countermovement",), n_jumps=3)
    reps = analyse(rec.info, rec.block).reps
    assert len(reps) == 3 and all(r.movement == "jump" for r in reps)
    return reps


def digits(screen: JumpScreen, key: str) -> str:
    return str(screen.query_one(f"#big-{key}", Digits).value)


async def test_jump_view_from_the_live_screen_follows_new_jumps(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data")
    reps = jump_reps()
    async with app.run_test(size=(120, 40)) as pilot:
        live = app.screen
        assert isinstance(live, LiveScreen)
        await advance(pilot, 1.0)
        await pilot.press("j")
        await pilot.pause()
        jumps = app.screen
        assert isinstance(jumps, JumpScreen)
        assert "no jumps yet" in str(jumps.query_one("#jump-title").render())
        # jumps arrive from the analysis while the view is open: it follows the newest
        live.post_message(m.AnalysisEvents([RepCompleted(r.jump.landing_s, r) for r in reps[:2]]))
        await wait_for(pilot, lambda: len(jumps.jumps) == 2)
        assert digits(jumps, "height") == f"{100 * reps[1].jump.height_impulse_m:.1f}"
        live.post_message(m.AnalysisEvents([RepCompleted(reps[2].jump.landing_s, reps[2])]))
        await wait_for(pilot, lambda: len(jumps.jumps) == 3)
        await pilot.pause()
        assert digits(jumps, "height") == f"{100 * reps[2].jump.height_impulse_m:.1f}"
        assert digits(jumps, "ecc") == f"{1000 * reps[2].eccentric.duration_s:.0f}"
        assert digits(jumps, "rsi") == f"{reps[2].jump.rsi_modified:.2f}"
        assert digits(jumps, "rfd") == f"{reps[2].jump.braking_rfd_n_per_s / 1000:.1f}"
        assert list(jumps.query_one("#trend-height", Sparkline).data) == \
            [100 * r.jump.height_impulse_m for r in reps]
        assert jumps.query_one("#jump-table", DataTable).row_count == 3
        # step back through the session's jumps, and forward again to the newest
        await pilot.press("left")
        assert digits(jumps, "height") == f"{100 * reps[1].jump.height_impulse_m:.1f}"
        await pilot.press("left", "left")
        assert digits(jumps, "height") == f"{100 * reps[0].jump.height_impulse_m:.1f}"
        assert "Jump 1 of 3" in str(jumps.query_one("#jump-title").render())
        await pilot.press("end")
        assert digits(jumps, "height") == f"{100 * reps[2].jump.height_impulse_m:.1f}"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is live


async def test_jump_view_of_a_list_shows_a_landing_off_the_plate(tmp_path: Path) -> None:
    rec = recording(7300, kinds=("off_plate",))
    reps = analyse(rec.info, rec.block).reps
    off = next(r for r in reps if r.jump.landed == "off")
    app = build_app(tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(JumpScreen([off]))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JumpScreen)
        assert "landed off the plate" in str(screen.query_one("#jump-detail").render())
        assert digits(screen, "height") == f"{100 * off.jump.height_impulse_m:.1f}"


async def test_jump_card_shows_the_countermovement_depth_as_a_positive_distance(tmp_path: Path) -> None:
    """The analysis stores the lowest displacement (negative); a coach reads a depth in cm."""
    rep = jump_reps()[0]
    assert rep.jump.countermovement_depth_m < 0
    app = build_app(tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(JumpScreen([rep]))
        await pilot.pause()
        detail = str(app.screen.query_one("#jump-detail").render())
        assert f"depth {-100 * rep.jump.countermovement_depth_m:.1f} cm" in detail and "depth -" not in detail


def test_depth_text_says_why_a_depth_is_missing() -> None:
    from sessions.jump_text import depth_text

    assert depth_text("countermovement", -0.321) == "depth 32.1 cm"
    assert depth_text("squat", 0.0) == "depth 0.0 cm (squat jump)"
    assert "touchdown" in depth_text("drop", None) and "touchdown" in depth_text("rebound", None)
    assert depth_text("countermovement", None) == "depth unknown"


def test_the_rep_table_shows_no_load_for_a_jump() -> None:
    """A jump's 'ecc load 0.0 kg, con load 64.7 kg' read as a lift; its figures are its height."""
    from tui.widgets.rep_table import rep_cells

    cells = rep_cells(jump_reps()[0])
    assert cells[4] == cells[5] == "-" and "cm" in cells[-1]


async def test_the_last_rep_panel_shows_a_jumps_height_not_loads(tmp_path: Path) -> None:
    from tui.widgets.last_rep import LastRepPanel

    rep = jump_reps()[0]
    app = build_app(tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.screen.query_one(LastRepPanel)
        panel.show(rep)
        await pilot.pause()
        text = str(panel.render())
        assert "JUMP HEIGHT cm" in text and "LOWERING" not in text and "kg ·" not in text
        assert f"depth {-100 * rep.jump.countermovement_depth_m:.1f} cm" in text


async def test_jump_trends_leave_out_a_jump_with_no_height(tmp_path: Path) -> None:
    from dataclasses import replace

    reps = jump_reps()
    blind = replace(reps[1], jump=replace(reps[1].jump, height_impulse_m=None, height_flight_m=None))
    app = build_app(tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(JumpScreen([reps[0], blind, reps[2]]))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JumpScreen)
        # an unknown height drawn as 0 would read as a failed jump: the trend has the known two
        assert list(screen.query_one("#trend-height", Sparkline).data) == \
            [100 * reps[0].jump.height_impulse_m, 100 * reps[2].jump.height_impulse_m]
        assert "over 2 jumps" in str(screen.query_one("#trend-height-label").render())
        assert screen.query_one("#jump-table", DataTable).row_count == 3
