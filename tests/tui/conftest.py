"""Fixtures for the dashboard tests: a seeded, unpaced simulated plate and an app driven by hand."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tui_fakes import SteadyStatusReader, TruthAnalyser
from tui_synthetic import ScriptedAnalyser, ScriptedReader

from forceplate.registry import create_reader
from tui import parts
from tui.app import EccentricApp
from tui.setup_state import SessionSetup

try:
    from forceplate.analysis import Analyser  # noqa: F401
    REAL_ANALYSER = True
except ImportError:
    REAL_ANALYSER = False


def mock_reader(seed: int = 3, method: str = "slow_negatives", **opts: Any) -> Any:
    return create_reader("mock", seed=seed, method=method, realtime=False, **opts)


def build_app(data_dir: Path | None, seed: int = 3, method: str = "slow_negatives",
              wrap: Callable[[Any], Any] = SteadyStatusReader, scripted: bool = False,
              **kw: Any) -> EccentricApp:
    """The real app, not threaded (tests pump it by hand), on a non-realtime seeded plate:
    the simulator with the real analyser, or (scripted=True) the scripted plate and analysis."""
    holder: dict[str, Any] = {}

    def open_source() -> Any:
        holder["reader"] = ScriptedReader(method, seed) if scripted else wrap(mock_reader(seed, method))
        return holder["reader"]

    def make_analyser(info: Any, setup: SessionSetup) -> Any:
        if scripted:
            return ScriptedAnalyser(ScriptedReader(setup.method, seed), setup.targets()["ecc_target_s"])
        if REAL_ANALYSER:
            return parts.make_analyser(info, setup)
        return TruthAnalyser(holder["reader"])

    setup = SessionSetup(reader="mock", reader_options={"seed": str(seed), "method": method},
                         method=method, data_dir=data_dir)
    def open_replay_source(path: Path, speed: float) -> Any:
        holder["replay"] = parts.open_replay(path, speed=speed, realtime=False)
        return SteadyStatusReader(holder["replay"])

    app = EccentricApp(setup, data_dir, threaded=False, open_source=open_source,
                       open_replay_source=open_replay_source, make_analyser=make_analyser, **kw)
    app.holder = holder  # type: ignore[attr-defined]
    return app


async def advance(pilot: Any, until_s: float) -> None:
    """Feed the screen's pipeline up to until_s of plate time, then let the UI catch up."""
    from tui.screens.live_screen import LiveScreen

    # a dialog may be on top: drive the live (or replay) screen beneath it
    screen = next(s for s in reversed(pilot.app.screen_stack) if isinstance(s, LiveScreen))
    screen.pipeline.pump(until_s)
    await pilot.pause()
    screen.redraw()
    await pilot.pause()


async def change_setup(pilot: Any, **inputs: str) -> None:
    """Open setup (s), type into its inputs by id (athlete="Bo", load="55", ecc="4") and apply."""
    from textual.widgets import Input

    await pilot.press("s")
    await pilot.pause()
    for key, value in inputs.items():
        pilot.app.screen.query_one(f"#{key}", Input).value = value
    await pilot.press("ctrl+s")
    await pilot.pause()


FIXED_START = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fixed_session_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sessions recorded in these tests start at a fixed instant: names and tables are repeatable."""
    real = parts.make_meta

    def make_meta(*a: Any, **kw: Any) -> Any:
        meta = real(*a, **kw)
        meta.started_at = FIXED_START
        return meta

    monkeypatch.setattr(parts, "make_meta", make_meta)


async def settle(pilot: Any) -> None:
    """Drop toasts (they expire by wall clock) so a snapshot does not depend on test speed."""
    quiet = 0
    for _ in range(40):   # a message handled during a pause may notify once more: wait for 3 quiet ones
        had = bool(pilot.app._notifications)
        pilot.app.clear_notifications()
        await pilot.pause(0.02)
        quiet = 0 if had else quiet + 1
        if quiet >= 3:
            break
    # a toast raised after this (a weighing the pipeline thread finishes late on a loaded host)
    # would land in the snapshot: the screens under test never depend on one
    pilot.app.notify = lambda *args, **kwargs: None
    await screens_painted(pilot)


async def screens_painted(pilot: Any) -> None:
    """Paint a live (or replay) screen seen under a dialog now. Textual repaints such a screen
    from its update timer, resumed on idle (wall clock), not on a message: on a loaded host a
    snapshot caught it as it was when the dialog opened (the weigh dialog over a chart still
    "OFF PLATE", its data since then not drawn)."""
    from tui.screens.live_screen import LiveScreen

    app = pilot.app
    for screen in app.screen_stack:
        if isinstance(screen, LiveScreen) and screen.is_current and screen is not app.screen:
            screen._on_timer_update()   # what the timer would do: lay out, paint, refresh the top
    await pilot.pause()


@pytest.fixture
def app_factory(tmp_path: Path) -> Callable[..., EccentricApp]:
    def make(**kw: Any) -> EccentricApp:
        return build_app(tmp_path / "data", **kw)
    return make


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The dashboard's settings file lives in the test's own folder, never the user's."""
    folder = tmp_path / "config"
    monkeypatch.setenv("ECCENTRIC_CONFIG_DIR", str(folder))
    return folder


async def wait_for(pilot: Any, ready: Callable[[], bool], timeout_s: float = 10.0) -> None:
    """Pause until ready() holds: a fixed pause loses to a loaded host (a message handled late)."""
    for _ in range(int(timeout_s / 0.05)):
        if ready():
            return
        await pilot.pause(0.05)
    assert ready(), "the screen did not catch up"


async def open_library(pilot: Any, app: Any) -> Any:
    """The library screen, opened with its key."""
    from tui.screens.library_screen import LibraryScreen

    await pilot.press("l")
    await pilot.pause()
    lib = app.screen
    assert isinstance(lib, LibraryScreen)
    return lib


async def open_replay(pilot: Any, app: Any, path: Path) -> Any:
    """The replay screen of a saved session, opened from the app and run for a second."""
    from tui.screens.replay_screen import ReplayScreen

    app.open_replay(path)
    await pilot.pause()
    replay = app.screen
    assert isinstance(replay, ReplayScreen)
    await advance(pilot, 1.0)
    return replay


async def wait_saved(pilot: Any, screen: Any) -> Path:
    """The file the screen's last recording was saved to (the recorder writes it on a helper thread)."""
    for _ in range(300):
        await pilot.pause(0.05)
        if screen.saved_paths:
            return screen.saved_paths[-1]
    raise AssertionError("the session was not saved")


async def record_session(pilot: Any, screen: Any, until_s: float) -> Path:
    """Record from now to until_s of plate time, stop, and wait for the saved file."""
    await pilot.press("r")
    await advance(pilot, until_s)
    await pilot.press("r")
    return await wait_saved(pilot, screen)


async def paused_replay(pilot: Any, app: Any, record_s: float) -> tuple[Any, Any, float]:
    """Record record_s of plate time, open the session in replay, play past the recording's
    start, pause: (replay screen, replay reader, the stream's offset to session time)."""
    live = app.screen
    await advance(pilot, 2.0)
    path = await record_session(pilot, live, record_s)
    replay = await open_replay(pilot, app, path)
    await advance(pilot, replay.pipeline.time_s + 0.5)
    reader = app.holder["replay"]
    reader.pause()
    assert len(replay.stored) >= 3
    return replay, reader, replay._stream_offset()


def imported_cmj(tmp_path: Path, athlete: str = "Ana") -> tuple[Path, Path]:
    """(data folder, session file) of a synthetic Hawkin countermovement jump imported for athlete."""
    import import_synth as S

    from eccentric.cli import main

    data = tmp_path / "data"
    src = S.write_hawkin_py(tmp_path / "cmj.csv", S.jump_trace(seed=4))
    assert main(["--data-dir", str(data), "import", str(src), "--athlete", athlete]) == 0
    [path] = (data / "sessions" / athlete).glob("*.parquet")
    return data, path
