"""The terminal closed (SIGHUP) or the dashboard killed (SIGTERM) mid-recording: the recording
is saved as q saves it, not left as a journal to recover at the next start."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import advance, build_app

from tui import parts

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
async def test_signal_mid_set_saves_the_recording(tmp_path: Path, signum: int) -> None:
    from sessions.library import Library

    data = tmp_path / "data"
    app = build_app(data)
    async with app.run_test(size=(110, 32)) as pilot:
        live = app.screen
        await advance(pilot, 2.0)
        await pilot.press("r")
        await advance(pilot, 40.0)
        assert live.pipeline is not None and live.pipeline.recording
        app.stop_on_signal(signum)     # what the handler installed on a real terminal calls
        await pilot.pause()
        assert app._exit, "the signal quits the app"
    sessions = Library(data).list()
    assert len(sessions) == 1 and sessions[0].path.is_file()
    assert not Library(data).unfinished(), "no journal left to recover"
    stored = parts.read_session(sessions[0].path)
    assert len(stored.block) > 30_000 and len(stored.reps) >= 1


def _tmux(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_tmux_kill_session_mid_recording_saves_it(tmp_path: Path) -> None:
    """A real terminal: start recording on the simulated plate, then kill the tmux session
    (the dashboard gets SIGHUP, as when a terminal window is closed)."""
    from sessions.library import Library

    name = f"ecc-hup-{uuid.uuid4().hex[:8]}"
    data = tmp_path / "data"
    cmd = f"{sys.executable} -m eccentric --reader mock -o seed=2 --data-dir {data}"
    env = ["-e", "TERM=xterm-256color", "-e", f"HOME={tmp_path}", "-e", f"PYTHONPATH={ROOT}",
           "-e", f"ECCENTRIC_CONFIG_DIR={tmp_path / 'config'}", "-e", "COLUMNS=", "-e", "LINES="]
    started = _tmux("new-session", "-d", "-s", name, "-x", "110", "-y", "32", *env, "-c", str(ROOT), cmd)
    assert started.returncode == 0, started.stderr
    pid = int(_tmux("list-panes", "-t", name, "-F", "#{pane_pid}").stdout.split()[0])
    try:
        deadline = time.monotonic() + 30
        while "SIMULATED" not in _tmux("capture-pane", "-p", "-t", name).stdout:
            assert time.monotonic() < deadline, "the dashboard did not start"
            time.sleep(0.2)
        _tmux("send-keys", "-t", name, "r")
        deadline = time.monotonic() + 15
        while "not recording" in _tmux("capture-pane", "-p", "-t", name).stdout:
            assert time.monotonic() < deadline, "the recording did not start"
            time.sleep(0.2)
        time.sleep(25.0)    # a set's reps on the simulated plate
        assert list((data / "sessions").rglob("*.journal*")) or list(data.rglob("*journal*"))
    finally:
        _tmux("kill-session", "-t", name)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        os.kill(pid, signal.SIGKILL)
        raise AssertionError("the dashboard did not exit after SIGHUP")
    lib = Library(data)
    assert not lib.unfinished(), "a journal was left to recover instead of a saved session"
    [session] = lib.list()
    stored = parts.read_session(session.path)
    assert len(stored.block) > 10_000 and len(stored.reps) >= 1


async def test_signal_when_the_save_fails_keeps_the_journal(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The safety net stays: a save that fails on the way out leaves the journal to recover."""
    import errno

    import sessions.recovery
    from sessions.library import Library

    def disk_full(*a: object, **kw: object) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device")

    data = tmp_path / "data"
    app = build_app(data)
    async with app.run_test(size=(110, 32)) as pilot:
        await advance(pilot, 2.0)
        await pilot.press("r")
        await advance(pilot, 20.0)
        monkeypatch.setattr(sessions.recovery, "journal_to_session", disk_full)
        app.stop_on_signal(signal.SIGHUP)
        await pilot.pause()
        assert app._exit
    monkeypatch.undo()
    lib = Library(data)
    assert lib.list() == [] and len(lib.unfinished()) == 1
    [path] = [lib.recover(j) for j in lib.unfinished()]
    assert path is not None and len(parts.read_session(path).block) > 15_000
