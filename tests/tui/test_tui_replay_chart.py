"""A seek while a replay is paused draws the chart at the cursor: the last seconds of force up
to it, as playing there shows (found in a trial: the chart stayed empty until play resumed,
though the rep table and panels had moved)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import build_app, paused_replay

from tui.ring import PHASE_CON, PHASE_ECC
from tui.widgets.force_chart import ForceChart


async def seek_paused(pilot: Any, replay: Any, t_s: float) -> None:
    replay.action_seek_to(t_s)
    replay.pipeline.step(timeout_s=0.0)   # the seek handled; the paused reader sends nothing
    replay.pipeline._maybe_status(force=True)
    for _ in range(3):
        await pilot.pause()
    replay.redraw()
    await pilot.pause()


def drawn_columns(chart: ForceChart, key: str | None = None) -> int:
    """Columns of the chart with a line cell (of the style key, or any line style)."""
    keys = {key} if key else {"ecc", "con", "other"}
    cols: set[int] = set()
    for row in chart._rows:
        x = 0
        for text, k in row:
            if k in keys and text.strip():
                cols.update(range(x, x + len(text)))
            x += len(text)
    return len(cols)


async def test_a_seek_while_paused_draws_the_chart_up_to_the_cursor(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", seed=4)
    async with app.run_test(size=(110, 32)) as pilot:
        replay, reader, off = await paused_replay(pilot, app, 40.0)
        stored = replay.stored
        chart = replay.query_one(ForceChart)
        for rep in (stored[-1], stored[1]):      # forwards, then backwards
            await seek_paused(pilot, replay, rep.concentric.end_s - off + 0.5)
            assert reader.paused
            cursor = reader.stream_time_s()
            win = replay.pipeline.ring.latest()
            assert len(win) and abs(float(win.time_s[-1]) - cursor) < 1e-9, "the chart ends at the cursor"
            assert float(win.time_s[-1] - win.time_s[0]) >= chart.window_s - 0.01, "a whole window, not a sliver"
            # the rep just done is coloured as playing shows it: lowering red, raising blue
            assert (win.phase == PHASE_ECC).any() and (win.phase == PHASE_CON).any()
            assert drawn_columns(chart) > chart.size.width * 0.6, "the chart is drawn across"
            assert drawn_columns(chart, "ecc") and drawn_columns(chart, "con")
