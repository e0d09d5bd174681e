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


@pytest.mark.parametrize("n", [0, 1])
async def test_a_tiny_session_replays_to_its_end_and_says_so(tmp_path: Path, n: int) -> None:
    info = plate_info(4)
    m = meta()
    path = save_session(SessionPaths.for_meta(tmp_path / "data", m), m, info,
                        make_block(np.random.default_rng(1), n, info), [], [])
    app = build_app(tmp_path / "data", scripted=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await advance(pilot, 1.0)
        app.open_replay(path)
        await pilot.pause()
        replay = app.screen
        assert isinstance(replay, ReplayScreen)
        await advance(pilot, 1e9)
        await pilot.pause()
        replay.redraw()
        await pilot.pause()
        chart = replay.query_one(ForceChart)
        assert replay.ended
        assert chart.render_line(0).text.startswith("nothing to draw")
