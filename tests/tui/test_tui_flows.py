"""Pilot tests of the flows on the real simulator, analyser, recorder and replay:
setup -> weigh -> a set -> save -> replay -> compare, the library, and faults shown, not raised."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import advance, build_app, open_library, record_session, wait_saved
from textual.widgets import Input, Select
from tui_fakes import UnpluggingReader

from forceplate.errors import DiskError, ExitCode
from tui import parts
from tui.screens.compare_screen import CompareScreen
from tui.screens.live_screen import LiveScreen
from tui.screens.replay_screen import ReplayScreen
from tui.screens.setup_screen import SetupScreen
from tui.screens.weigh_screen import WeighScreen
from tui.widgets.plate_status import PlateStatusBar
from tui.widgets.rep_table import RepTable


def spy_notifications(app: Any) -> list[str]:
    seen: list[str] = []
    real = app.notify

    def notify(message: str, *a: Any, **kw: Any) -> None:
        seen.append(f"{kw.get('title', '')}: {message}")
        real(message, *a, **kw)

    app.notify = notify
    return seen


@pytest.mark.parametrize("seed,method", [(3, "slow_negatives"), (8, "forced_negative")])
async def test_setup_weigh_set_save_replay_compare(tmp_path: Path, seed: int, method: str) -> None:
    app = build_app(tmp_path / "data", seed=seed, method=method)
    async with app.run_test(size=(110, 36)) as pilot:
        live = app.screen
        assert isinstance(live, LiveScreen)

        # setup: athlete, a machine exercise, the method and a custom lowering target
        await pilot.press("s")
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, SetupScreen)
        setup.query_one("#athlete", Input).value = "ana"
        setup.query_one("#exercise", Select).value = "hack_squat"
        setup.query_one("#method", Select).value = method
        await pilot.pause()
        setup.query_one("#ecc", Input).value = "3.5"
        setup.query_one("#load", Input).value = "60"
        setup.query_one("#tolerance", Input).value = "15"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is live
        assert live.setup_state.athlete == "ana" and live.setup_state.method == method
        assert live.setup_state.targets()["ecc_target_s"] == 3.5 and live.setup_state.load_kg == 60.0
        assert live.setup_state.ecc_tolerance == pytest.approx(0.15)

        # tare and weigh with guidance
        await pilot.press("w")
        await pilot.pause()
        weigh = app.screen
        assert isinstance(weigh, WeighScreen)
        texts = []
        for t_s in np.arange(0.3, 8.0, 0.3):   # the simulated lifter stays off to be tared, then steps on
            await advance(pilot, t_s)
            weigh.tick()
            texts.append(weigh.step_state.text)
            if weigh.step_state.mass_kg is not None:
                break
        assert any("simulated lifter is stepping back on" in t or "Stand still" in t for t in texts)
        truth_body = app.holder["reader"].truth.body_mass_kg
        assert weigh.step_state.mass_kg == pytest.approx(truth_body, abs=1.0)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is live and live.setup_state.body_mass_kg == pytest.approx(truth_body, abs=1.0)

        # record a set
        await pilot.press("r")
        await advance(pilot, 3.0)
        assert live.pipeline is not None and live.pipeline.recording
        await advance(pilot, 40.0)
        status = str(live.query_one(PlateStatusBar).render())
        assert "SIMULATED" in status and "REC" in status
        table = live.query_one(RepTable)
        assert table.row_count >= 3, "a set on the simulated plate gives reps in the table"
        await pilot.press("r")
        path = await wait_saved(pilot, live)
        stored = parts.read_session(path)
        assert stored.meta.athlete == "ana" and stored.meta.simulated
        assert stored.meta.method == method and stored.meta.targets["ecc_target_s"] == 3.5
        assert stored.reps.height >= 3
        # one answer: the recording's rows live are the saved ones, with the tolerance set up
        assert table.row_count == stored.reps.height
        assert stored.meta.analysis["ecc_tolerance"] == pytest.approx(0.15)

        # replay the saved session: the same live view, driven by the file
        app.open_replay(path)
        await pilot.pause()
        replay = app.screen
        assert isinstance(replay, ReplayScreen)
        await advance(pilot, 1e9)
        assert replay.query_one(RepTable).row_count == stored.reps.height   # the stored analysis
        assert "REPLAY" in str(replay.query_one(PlateStatusBar).render())
        assert "SIMULATED" in str(replay.query_one(PlateStatusBar).render())

        # rep comparison from the replay
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert len(app.screen.profiles) >= 3
        assert all(p.ecc_force_n.size == p.con_force_n.size == 50 for p in app.screen.profiles)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is replay


async def test_replay_controls(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", seed=4)
    async with app.run_test(size=(100, 30)) as pilot:
        live = app.screen
        path = await record_session(pilot, live, 20.0)
        app.open_replay(path)
        await pilot.pause()
        await advance(pilot, 8.0)
        reader = app.holder["replay"]
        await pilot.press("space")
        assert reader.paused
        await pilot.press("space")
        assert not reader.paused
        await pilot.press("plus")
        assert reader.speed == 2.0
        await pilot.press("minus", "minus")
        assert reader.speed == 0.5
        before = reader.position_s
        await pilot.press("left")
        await advance(pilot, 0.0)
        assert reader.position_s < before
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is live


async def test_library_filter_open_and_export(tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = build_app(data, seed=2)
    async with app.run_test(size=(120, 36)) as pilot:
        live = app.screen
        await record_session(pilot, live, 18.0)
        lib = await open_library(pilot, app)
        assert len(lib.shown) == 1
        lib.query_one("#filter", Input).value = "nobody-by-this-name"
        await pilot.pause()
        assert lib.shown == []
        lib.query_one("#filter", Input).value = "slow_neg"
        await pilot.pause()
        assert len(lib.shown) == 1
        lib.query_one("DataTable").focus()
        await pilot.press("e")
        await pilot.pause()
        exports = list((data / "exports").glob("*.csv"))
        assert len(exports) == 1 and exports[0].stat().st_size > 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen)


async def test_plate_unplugged_mid_set_is_a_notification(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", seed=5, wrap=lambda r: UnpluggingReader(r, 9.0))
    async with app.run_test(size=(100, 30)) as pilot:
        seen = spy_notifications(app)
        await advance(pilot, 8.0)
        await advance(pilot, 12.0)
        await pilot.pause()
        assert any("disconnected" in s.lower() for s in seen)
        assert "DISCONNECTED" in str(app.screen.query_one(PlateStatusBar).render())


class FullDiskRecorder:
    """A recorder whose writer thread hit 'disk full' after the first block."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "x.parquet"
        self.samples_written = 0
        self.error: Exception | None = None

    def start(self) -> None:
        pass

    def append(self, block: Any) -> None:
        self.error = DiskError("no space left on device while writing the session journal")

    def add_events(self, events: Any) -> None:
        pass

    def stop(self) -> Path:
        raise DiskError("no space left on device")


async def test_disk_full_while_recording_is_a_notification(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parts, "make_recorder", lambda d, info, meta: FullDiskRecorder(d))
    app = build_app(tmp_path / "data", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        seen = spy_notifications(app)
        await advance(pilot, 2.0)
        await pilot.press("r")
        await advance(pilot, 4.0)
        assert any("no space left" in s for s in seen)
        # the recorder holds what the disk refuses: the recording goes on (it was dropped here
        # without a stop, losing the held samples and everything after)
        assert app.screen.pipeline is not None and app.screen.pipeline.recording
        await advance(pilot, 8.0)   # the plate keeps streaming
        assert app.screen.pipeline.time_s >= 7.9
        await pilot.press("r")      # stop: the disk is still full, and the coach is told so
        await advance(pilot, 1.0)
        assert not app.screen.pipeline.recording
        assert any("not saved" in s for s in seen)


def test_corrupt_session_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from eccentric.cli import main

    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 this is not a session")
    code = main(["--data-dir", str(tmp_path), "replay", str(bad)])
    err = capsys.readouterr().err
    assert code == ExitCode.BAD_INPUT
    assert err.count("\n") == 1 and "Traceback" not in err and "eccentric: error:" in err


async def test_corrupt_session_in_the_app_is_a_notification(tmp_path: Path) -> None:
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"\x00" * 64)
    app = build_app(tmp_path / "data", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        seen = spy_notifications(app)
        app.open_compare(bad)
        await pilot.pause()
        app.open_replay(bad)
        await pilot.pause()
        assert sum("bad.parquet" in s or "session" in s.lower() for s in seen) >= 2


def test_bad_reader_option_fails_before_the_ui(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from eccentric.cli import main

    code = main(["--reader", "mock", "-o", "bogus=1", "--data-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code != 0 and "bogus" in err and err.count("\n") == 1


async def test_command_palette_offers_the_screens(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", seed=1)
    async with app.run_test(size=(100, 30)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for want in ("Setup", "Tare and weigh", "Compare reps", "Session library"):
            assert want in titles


async def test_open_a_session_from_the_file_picker(tmp_path: Path) -> None:
    from tui.screens.open_screen import OpenSessionScreen

    app = build_app(tmp_path / "data", seed=6, method="forced_negative")
    async with app.run_test(size=(100, 30)) as pilot:
        live = app.screen
        path = await record_session(pilot, live, 15.0)
        await pilot.press("o")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, OpenSessionScreen)
        picker.query_one("#path", Input).value = str(path)
        picker.query_one("#path", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        replay = app.screen
        assert isinstance(replay, ReplayScreen) and replay.path == path
        # the replay analyses with the setup the session was recorded with
        assert replay.setup_state.method == "forced_negative"


async def test_a_read_only_data_folder_watches_and_only_record_says_it_cannot_save(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The dashboard refused a read-only data folder at start, even to watch; now the plate
    streams and the library opens, and `r` says in one line that it cannot save (no ● REC)."""
    import errno
    import tempfile

    data = tmp_path / "data"
    (data / "sessions").mkdir(parents=True)
    real = tempfile.TemporaryFile

    def read_only(*a: Any, **kw: Any) -> Any:
        if Path(kw.get("dir") or ".").resolve() == data.resolve():
            raise OSError(errno.EROFS, "Read-only file system")
        return real(*a, **kw)

    monkeypatch.setattr(tempfile, "TemporaryFile", read_only)
    monkeypatch.setattr(parts, "make_recorder", lambda *a, **kw: pytest.fail("a recorder was made"))
    app = build_app(data, seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        seen = spy_notifications(app)
        live = app.screen
        await advance(pilot, 2.0)
        await pilot.press("r")
        await advance(pilot, 4.0)
        said = [s for s in seen if "cannot record" in s]
        assert len(said) == 1 and "read-only file system" in said[0] and "\n" not in said[0]
        assert live.pipeline is not None and not live.pipeline.recording and live.pipeline.time_s >= 3.9
        assert "REC" not in str(live.query_one(PlateStatusBar).render())
        await pilot.press("l")   # the library opens to browse
        await pilot.pause()
        assert type(app.screen).__name__ == "LibraryScreen"
    assert not any((data / "journal").glob("*")) if (data / "journal").exists() else True


async def test_ctrl_c_quits_mid_set_and_the_recording_is_saved(tmp_path: Path) -> None:
    """Ctrl-C in the dashboard did nothing (Textual's screen-level copy binding took it, and no
    hint was shown); a coach's reflex must stop it as q does, the set being recorded kept."""
    from sessions.library import Library

    data = tmp_path / "data"
    app = build_app(data)
    async with app.run_test(size=(110, 32)) as pilot:
        live = app.screen
        await advance(pilot, 2.0)
        await pilot.press("r")
        await advance(pilot, 20.0)
        assert live.pipeline is not None and live.pipeline.recording
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app._exit, "ctrl+c asked the app to quit"
    sessions = Library(data).list()
    assert len(sessions) == 1 and sessions[0].path.is_file()
    assert len(parts.read_session(sessions[0].path).block) > 10_000


async def test_ctrl_c_in_a_field_with_a_selection_copies_and_stays(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data")
    async with app.run_test(size=(110, 32)) as pilot:
        await advance(pilot, 1.0)
        await pilot.press("s")
        await pilot.pause()
        field = app.screen.query_one("#athlete", Input)
        field.focus()
        field.value = "Ana"
        field.select_all()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running and app.clipboard == "Ana"
