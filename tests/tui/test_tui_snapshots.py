"""A snapshot of every screen, from a seeded, unpaced scripted plate fed a fixed amount of data.

The scripted plate (tui_synthetic) pins the UI alone; the real simulator and analyser are
covered by the Pilot flows and the tmux test, which assert what the screens say.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import advance, build_app, settle

SIZES = {"small": (80, 24), "large": (140, 44)}
LIVE_UNTIL_S = 26.0


def _app(tmp_path: Path, theme: str = "textual-dark", **kw):
    app = build_app(tmp_path / "data", scripted=True, **kw)
    app.theme = theme
    return app


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_live_screen(snap_compare, tmp_path: Path, size: str, theme: str) -> None:
    async def run_before(pilot) -> None:
        await advance(pilot, LIVE_UNTIL_S)
        await settle(pilot)

    assert snap_compare(_app(tmp_path, theme), terminal_size=SIZES[size], run_before=run_before)


def test_live_screen_beyond_failure(snap_compare, tmp_path: Path) -> None:
    async def run_before(pilot) -> None:
        await advance(pilot, 28.0)
        await settle(pilot)

    app = _app(tmp_path, method="beyond_failure", seed=1)
    assert snap_compare(app, terminal_size=SIZES["large"], run_before=run_before)


def test_live_screen_recording(snap_compare, tmp_path: Path) -> None:
    async def run_before(pilot) -> None:
        await advance(pilot, 4.0)
        await pilot.press("r")
        await advance(pilot, 12.0)
        await settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=SIZES["small"], run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_setup_screen(snap_compare, tmp_path: Path, size: str) -> None:
    async def run_before(pilot) -> None:
        await advance(pilot, 2.0)
        # the weighing's toast is dropped before the dialog opens: it stayed on the live screen
        # beneath until its wall-clock timeout, so a loaded host's slow run left it out
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        pilot.app.screen.query_one("#athlete").cursor_blink = False   # focused: no blinking
        await settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=SIZES[size], run_before=run_before)


def test_setup_screen_unsafe_exercise_warning(snap_compare, tmp_path: Path) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("s")
        await pilot.pause()
        pilot.app.screen.query_one("#athlete").cursor_blink = False
        from textual.widgets import Select

        pilot.app.screen.query_one("#exercise", Select).value = "deadlift"
        await pilot.pause()
        await settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=SIZES["large"], run_before=run_before)


def test_weigh_screen(snap_compare, tmp_path: Path) -> None:
    async def run_before(pilot) -> None:
        await advance(pilot, 0.3)
        await pilot.press("w")
        await pilot.pause()
        pilot.app.screen.tick()
        await advance(pilot, 1.4)
        pilot.app.screen.tick()
        await pilot.pause()
        await settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=SIZES["small"], run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_compare_screen(snap_compare, tmp_path: Path, size: str) -> None:
    async def run_before(pilot) -> None:
        await advance(pilot, LIVE_UNTIL_S)
        await pilot.press("c")
        await pilot.pause()
        await settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=SIZES[size], run_before=run_before)


async def _record_one(pilot, until_s: float = 20.0) -> None:
    await advance(pilot, 3.0)
    await pilot.press("r")
    await advance(pilot, until_s)
    await pilot.press("r")
    screen = pilot.app.screen
    for _ in range(200):   # the recorder writes its file on a helper thread
        await pilot.pause(0.05)
        if screen.saved_paths:
            return
    raise AssertionError("the session was not saved")


@pytest.mark.parametrize("size", SIZES)
def test_library_screen(snap_compare, tmp_path: Path, size: str) -> None:
    async def run_before(pilot) -> None:
        await _record_one(pilot)
        await pilot.press("l")
        await pilot.pause()
        pilot.app.screen.query_one("#filter").cursor_blink = False   # focused: no blinking
        await settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_replay_screen(snap_compare, tmp_path: Path, size: str) -> None:
    async def run_before(pilot) -> None:
        await _record_one(pilot, 24.0)
        path = pilot.app.screen.saved_paths[-1]
        pilot.app.open_replay(path)
        await pilot.pause()
        # past the first whole rep (the recording began 50 ms into a lowering: that partial
        # rep is not reported)
        await advance(pilot, 20.0)
        await settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=SIZES[size], run_before=run_before)


def test_open_session_screen(snap_compare, tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    # a session already in the library: the live screen beneath stays still (no toasts, no timer)
    from datetime import UTC, datetime

    from hardening_support import library_session

    library_session(tmp_path / "data", athlete="Ana", started_at=datetime(2026, 1, 5, 9, 30, tzinfo=UTC))

    async def run_before(pilot) -> None:
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("down", "enter")   # open the athlete's folder
        tree = pilot.app.screen.query_one("#tree")
        for _ in range(200):                  # the tree lists a folder on a worker thread
            await pilot.pause(0.05)
            node = tree.cursor_node
            if node is not None and node.is_expanded and node.children:
                break
        pilot.app.screen.query_one("#path").cursor_blink = False
        await settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=SIZES["small"], run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_recover_dialog(snap_compare, tmp_path: Path, size: str) -> None:
    from test_tui_recover import crashed_recording

    crashed_recording(tmp_path / "data", seed=5)

    async def run_before(pilot) -> None:
        await advance(pilot, 2.0)
        await settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=SIZES[size], run_before=run_before)


def test_live_screen_wide(snap_compare, tmp_path: Path) -> None:
    """200x60: the side panel widens and the type grows."""
    async def run_before(pilot) -> None:
        await advance(pilot, LIVE_UNTIL_S)
        await settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=(200, 60), run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare, tmp_path: Path, size: str) -> None:
    async def run_before(pilot) -> None:
        await advance(pilot, 4.0)
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        await settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=SIZES[size], run_before=run_before)


async def _choose_deadlift(pilot) -> None:
    await advance(pilot, 4.0)
    # the weighing toasts go now: a dialog clears only its own, the live screen's under it
    # would stay in the snapshot or not by how fast the host ran
    await settle(pilot)
    await pilot.press("s")
    await pilot.pause()
    pilot.app.screen.query_one("#athlete").cursor_blink = False
    pilot.app.screen.query_one("#exercise").value = "deadlift"
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()
    from tui.screens.confirm_screen import ConfirmUnsafeScreen

    for _ in range(100):   # on a loaded host the dialog may mount a few pauses later
        if isinstance(pilot.app.screen, ConfirmUnsafeScreen):
            break
        await pilot.pause(0.02)
    await pilot.pause()


def test_confirm_unsafe_dialog(snap_compare, tmp_path: Path) -> None:
    async def run_before(pilot) -> None:
        await _choose_deadlift(pilot)
        await settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=SIZES["large"], run_before=run_before)


def test_live_screen_flagged_unsafe(snap_compare, tmp_path: Path) -> None:
    async def run_before(pilot) -> None:
        await _choose_deadlift(pilot)
        await pilot.click("#confirm")
        await pilot.pause()
        await advance(pilot, 20.0)
        await settle(pilot)

    assert snap_compare(_app(tmp_path), terminal_size=SIZES["small"], run_before=run_before)
