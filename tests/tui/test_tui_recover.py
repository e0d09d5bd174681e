"""A recording that did not stop is offered for recovery when the dashboard starts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from forceplate.registry import create_reader
from sessions import journal_writer as JW
from sessions.library import Library
from sessions.meta import SessionMeta
from sessions.recorder import Recorder
from sessions.session_file import read_session
from tui.screens.recover_screen import RecoverScreen


def crashed_recording(data_dir: Path, seed: int, athlete: str | None = None,
                      during: Callable[[Recorder, int], None] | None = None) -> tuple[Path, int]:
    """Journal a few seconds of the simulated plate, then 'crash': stop() never runs.
    during(recorder, samples so far) runs after each block (a rename on the dashboard)."""
    reader = create_reader("mock", seed=seed, realtime=False)
    info = reader.open()
    rec = Recorder(data_dir, info, SessionMeta.for_reader(info, athlete=athlete or f"crash{seed}")).start()
    n = 0
    while n < 3000:
        block = reader.read(0.1)
        assert block is not None
        rec.append(block)
        n += len(block)
        if during is not None:
            during(rec, n)
    reader.close()
    rec._stopped = True          # the process dies here: the writer drains, stop() is never called
    rec._queue.put(JW.STOP)
    rec._thread.join()
    rec._close()
    return rec.journal_path, n


async def recover_from_the_start_dialog(app_factory) -> None:
    """Start the dashboard, which offers the unfinished recording, and press Recover."""
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RecoverScreen)
        await pilot.click("#recover")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, RecoverScreen)


async def test_unfinished_recording_is_recovered_from_the_start_dialog(app_factory, tmp_path):
    data = tmp_path / "data"
    journal, n = crashed_recording(data, seed=5)
    assert Library(data).unfinished() == [journal]
    await recover_from_the_start_dialog(app_factory)
    assert Library(data).unfinished() == []
    sessions = list((data / "sessions").rglob("*.parquet"))
    assert len(sessions) == 1
    stored = read_session(sessions[0])
    assert len(stored.block) == n and stored.info.simulated
    assert np.all(np.diff(stored.block.seq) == 1)


async def test_later_leaves_the_recording_for_next_time(app_factory, tmp_path):
    data = tmp_path / "data"
    journal, _ = crashed_recording(data, seed=6)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RecoverScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, RecoverScreen)
    assert Library(data).unfinished() == [journal]


async def test_a_recording_renamed_on_the_dashboard_is_recovered_under_the_new_name(app_factory, tmp_path):
    """Issue 12: the setup screen's new athlete re-files the running recording (retitle); a
    crash before the stop must not file it under the old name."""
    from tui.parts import retitle_recording

    data = tmp_path / "data"

    def rename(rec: Recorder, n: int) -> None:
        if n >= 1000 and rec.meta.athlete == "Old Name":
            retitle_recording(rec, SessionMeta(athlete="New Name", exercise="bench", method="normal"))

    _, n = crashed_recording(data, seed=8, athlete="Old Name", during=rename)
    await recover_from_the_start_dialog(app_factory)
    [path] = list((data / "sessions").rglob("*.parquet"))
    stored = read_session(path)
    assert "New" in path.parent.name and "Old" not in path.parent.name and stored.meta.athlete == "New Name" and stored.meta.exercise == "bench"
    assert len(stored.block) == n
