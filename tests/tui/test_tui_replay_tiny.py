"""A replay of a session of 0 or 1 samples ends at once and says why the chart is empty, instead
of "waiting for the plate ..." (a replay waits for no plate)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import advance, build_app

from sessions.store import SessionPaths, save_session
from tui.screens.replay_screen import ReplayScreen
from tui.widgets.force_chart import ForceChart

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_sessions_support import make_block, meta, plate_info  # noqa: E402


async def _replayed_to_its_end(app, pilot, path: Path) -> ReplayScreen:
    await advance(pilot, 1.0)
    app.open_replay(path)
    await pilot.pause()
    replay = app.screen
    assert isinstance(replay, ReplayScreen)
    await advance(pilot, 1e9)
    await pilot.pause()
    replay.redraw()
    await pilot.pause()
    return replay


@pytest.mark.parametrize("n", [0, 1])
async def test_a_tiny_session_replays_to_its_end_and_says_so(tmp_path: Path, n: int) -> None:
    info = plate_info(4)
    m = meta()
    path = save_session(SessionPaths.for_meta(tmp_path / "data", m), m, info,
                        make_block(np.random.default_rng(1), n, info), [], [])
    app = build_app(tmp_path / "data", scripted=True)
    async with app.run_test(size=(120, 36)) as pilot:
        replay = await _replayed_to_its_end(app, pilot, path)
        chart = replay.query_one(ForceChart)
        assert replay.ended
        assert chart.render_line(0).text.startswith("nothing to draw")


def _damaged_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, groups: list[int]) -> Path:
    from test_damaged_pages import ROWS, _damage

    from sessions import session_file as SF

    info = plate_info(2)
    m = meta()
    with monkeypatch.context() as mp:
        mp.setattr(SF, "ROW_GROUP_ROWS", ROWS)
        path = save_session(SessionPaths.for_meta(tmp_path / "data", m), m, info,
                            make_block(np.random.default_rng(2), 3 * ROWS + 200, info), [], [])
    for g in groups:
        _damage(path, g, 0.5, 4)
    return path


async def test_a_session_whose_samples_were_all_left_out_does_not_say_it_holds_fewer_than_2(tmp_path: Path) -> None:
    """500 samples an older eccentric saved with no valid force (NaN), none drawn. Before, the
    chart said the session holds fewer than 2 samples."""
    from forceplate.samples import SampleBlock

    info = plate_info(2)
    m = meta()
    b = make_block(np.random.default_rng(1), 500, info)
    b = SampleBlock(time_s=b.time_s, values=np.full_like(b.values, np.nan), seq=b.seq, flags=b.flags, counts=None)
    path = save_session(SessionPaths.for_meta(tmp_path / "data", m), m, info, b, [], [])
    app = build_app(tmp_path / "data", scripted=True)
    async with app.run_test(size=(120, 36)) as pilot:
        replay = await _replayed_to_its_end(app, pilot, path)
        line = replay.query_one(ForceChart).render_line(0).text
        assert replay.ended and "fewer than 2" not in line and "500 samples left out" in line


async def test_compare_says_how_many_samples_it_left_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """analyze and replay say it; the compare screen opened a damaged session silently."""
    from tui.screens.compare_screen import CompareScreen

    path = _damaged_session(tmp_path, monkeypatch, [1])
    app = build_app(tmp_path / "data", scripted=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await advance(pilot, 1.0)
        app.clear_notifications()
        app.open_compare(path)
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        said = [n.message for n in app._notifications]
        assert any("1000 samples in damaged pages" in s and "left out" in s for s in said), said
