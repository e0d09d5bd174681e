"""Pilot tests of what a coach walking through the dashboard found wrong (round 16): a replay's
set panel that contradicted its table after a seek, text cut off at 80x24."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import advance, build_app, open_replay, paused_replay, record_session

from forceplate.analysis.events import SetSummary
from sessions.session_file import read_reps_sets
from tui.widgets.phase_indicator import PhaseIndicator
from tui.widgets.rep_table import RepTable
from tui.widgets.set_summary import SetSummaryPanel


async def one_block(pilot: Any, screen: Any) -> None:
    screen.pipeline.step(timeout_s=0.0)
    await pilot.pause()


async def test_a_replay_seek_keeps_the_set_panel_and_negatives_of_the_reps_in_the_table(tmp_path: Path) -> None:
    """After a seek (]) into a beyond-failure set the table held the set's 11 reps while the
    set panel said 'reps 0 TUT 0.0 s ... negatives 0' and the banner 'negatives now (0)': the
    analysis re-run from the cursor starts a set of its own there. The panel now shows the
    stored reps and set at the cursor, as live."""
    app = build_app(tmp_path / "data", seed=5, method="beyond_failure")
    async with app.run_test(size=(160, 48)) as pilot:
        live = app.screen
        await advance(pilot, 2.0)
        path = await record_session(pilot, live, 80.0)
        replay = await open_replay(pilot, app, path)
        _, _, sets = read_reps_sets(path)
        summary = SetSummary.from_row(next(r for r in sets.iter_rows(named=True) if r["set"] == 1))
        fail = summary.positive_failure_rep
        assert fail is not None
        first_set = [r for r in replay.stored if r.set == 1]
        negative = next(r for r in first_set if r.rep_in_set == fail + 1)
        assert negative is not first_set[-1]      # the cursor lands inside the set, after one negative
        off = replay._stream_offset()
        replay.action_seek_to(negative.concentric.end_s - off + 0.3)
        await one_block(pilot, replay)
        await advance(pilot, replay.pipeline.time_s + 0.5)
        replay.redraw()
        await pilot.pause()
        done = [r for r in first_set if r.concentric.end_s <= replay.pipeline.time_s]
        assert replay.query_one(RepTable).row_count == len(done)
        panel = replay.query_one(SetSummaryPanel).render().plain
        assert f"reps {len(done)}" in panel and "negatives 1" in panel, panel
        assert "Set 1 done" not in panel
        assert "negatives now (1)" in replay.query_one(PhaseIndicator).render().plain
        # at the set's end the stored summary: the same figures the live screen showed
        replay.action_seek_to(first_set[-1].concentric.end_s - off + 0.5)
        await one_block(pilot, replay)
        await advance(pilot, replay.pipeline.time_s + 0.5)
        panel = replay.query_one(SetSummaryPanel).render().plain
        assert "Set 1 done" in panel and f"reps {len(first_set)}" in panel, panel
        assert f"negatives {summary.negatives_after_failure}" in panel, panel


async def test_the_last_reps_verdict_says_on_target_at_80x24(tmp_path: Path) -> None:
    """At 80x24 the last-rep panel has one row left for the verdict and it was cropped to
    'lowered in 2.8 s, target 3.0' - without 'on target'. It now takes the table's short form
    ('lowering on target') when the sentence does not fit, every line within the panel."""
    from tui.widgets.last_rep import LastRepPanel

    app = build_app(tmp_path / "data", seed=3, method="slow_negatives")
    async with app.run_test(size=(80, 24)) as pilot:
        live = app.screen
        await advance(pilot, 25.0)
        panel = live.query_one(LastRepPanel)
        assert panel.rep is not None and "on target" in panel.rep.verdict and len(panel.rep.verdict) > 40
        w, h = panel.content_size.width, panel.content_size.height
        lines = panel.render().plain.splitlines()
        assert len(lines) <= h and all(len(line) <= w for line in lines), (w, h, lines)
        assert "on target" in lines[-1], lines
        assert "kg" in panel.render().plain   # the big numbers' unit: the caption had no room for it


async def test_every_footer_key_is_on_screen_at_80_columns(tmp_path: Path) -> None:
    """At 80x24 the live footer ended 'f1 H' under the palette hint, and the replay's ended at
    '- Sl': Back, Quit and Help were not on screen. Every key and label now is, apart."""
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey, FooterLabel

    def parts_in_order(screen: Any) -> list[Any]:
        footer = screen.query_one(Footer)
        shown = [w for w in footer.query("FooterKey, FooterLabel") if w.region.width > 0
                 and not w.has_class("-command-palette")]
        palette = [w.region for w in footer.query(FooterKey) if w.has_class("-command-palette") and w.region.width]
        for w in shown:
            assert w.region.right <= 80, (str(w.render()), w.region)
            assert not any(w.region.overlaps(p) for p in palette), (str(w.render()), w.region, palette)
        return sorted(shown, key=lambda w: w.region.x)

    app = build_app(tmp_path / "data", seed=3, method="slow_negatives")
    async with app.run_test(size=(80, 24)) as pilot:
        live = app.screen
        await advance(pilot, 2.0)
        labels = [str(w.render()) for w in parts_in_order(live)]
        assert any("Help" in t for t in labels), labels
        path = await record_session(pilot, live, 14.0)
        app.open_replay(path)
        await pilot.pause()
        replay = app.screen
        await advance(pilot, 1.0)
        await pilot.pause()
        shown = parts_in_order(replay)
        text = " ".join(str(w.render()) for w in shown)
        for want in ("Play/Pause", "Back", "Quit", "Help"):
            assert want in text, text
        for label, after in zip(shown, shown[1:], strict=False):
            if isinstance(label, FooterLabel):   # a group's label is not run into the next key
                assert after.region.x > label.region.right, (str(label.render()), str(after.render()))


async def test_the_rep_comparison_says_its_whole_caption_at_80_columns(tmp_path: Path) -> None:
    """'Rep comparison: 5 reps (5 newest shown) - lowering left, raising right, time-no' at 80
    columns: the caption now wraps instead of losing its end."""
    from textual.widgets import Label

    from tui.screens.compare_screen import CompareScreen

    app = build_app(tmp_path / "data", seed=3, method="slow_negatives")
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, 25.0)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        label = app.screen.query_one("#compare-help", Label)
        text = str(label.render())
        assert text.endswith("time-normalised") and len(text) > 80
        assert label.region.right <= 80 and label.region.width * label.region.height >= len(text), label.region


async def test_a_set_without_two_raises_shows_no_slowdown(tmp_path: Path) -> None:
    """The set panel said 'reps 0 ... con slowdown x1.00' at a set's start (and when a recording
    started): a slowdown needs two raises; until then it reads '-', as the ratio does."""
    app = build_app(tmp_path / "data", seed=3, method="slow_negatives")
    async with app.run_test(size=(160, 48)) as pilot:
        live = app.screen
        await advance(pilot, 20.0)
        assert len(live.set_reps) >= 2
        await pilot.press("r")                       # a recording starts with a set of its own
        await advance(pilot, 20.2)
        panel = live.query_one(SetSummaryPanel).render().plain
        assert "reps 0" in panel and "con slowdown -" in panel, panel
        await advance(pilot, 45.0)
        panel = live.query_one(SetSummaryPanel).render().plain
        assert len(live.set_reps) >= 2 and "con slowdown x" in panel, panel


async def test_three_quick_next_rep_keys_go_three_reps_on(tmp_path: Path) -> None:
    """']' pressed three times before the pipeline had done the first seek went to the same rep
    each time (each jump counted from the old cursor): a coach skipping ahead lost presses."""
    from tui.replay_data import LEAD_IN_S

    app = build_app(tmp_path / "data", seed=3, method="slow_negatives")
    async with app.run_test(size=(120, 36)) as pilot:
        live = app.screen
        await advance(pilot, 2.0)
        path = await record_session(pilot, live, 45.0)
        replay = await open_replay(pilot, app, path)
        starts = [r.eccentric.start_s for r in replay.stored]
        ahead = [s for s in starts if s - LEAD_IN_S > replay.pipeline.time_s + 0.25]
        assert len(ahead) >= 3
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await one_block(pilot, replay)
        assert abs(replay.pipeline.time_s - (ahead[2] - LEAD_IN_S)) < 0.6, (replay.pipeline.time_s, ahead[:3])


async def test_a_two_part_verdict_is_whole_in_the_last_rep_panel_at_80x24(tmp_path: Path) -> None:
    """Forced negatives: the verdict has two checks ('lowering on target; overload on target
    (assisted)', two rows at 80 columns even short) and the panel had one row left after the
    big numbers and the caption: it was cropped to 'lowered in 5.0 s, target 5.0'. The caption
    gives way to it (the lowering time is in the phase panel above), every word shown."""
    from tui.widgets.last_rep import LastRepPanel
    from tui.widgets.rep_table import table_verdict

    app = build_app(tmp_path / "data", seed=3, method="forced_negative")
    async with app.run_test(size=(80, 24)) as pilot:
        live = app.screen
        await advance(pilot, 25.0)
        panel = live.query_one(LastRepPanel)
        rep = panel.rep
        assert rep is not None and "overload" in table_verdict(rep.verdict), rep and rep.verdict
        w, h = panel.content_size.width, panel.content_size.height
        lines = panel.render().plain.splitlines()
        assert len(lines) <= h and all(len(line) <= w for line in lines), (w, h, lines)
        shown = " ".join(" ".join(lines).split())
        assert table_verdict(rep.verdict) in shown, (table_verdict(rep.verdict), lines)


async def test_a_seek_while_paused_shows_the_reps_done_at_the_cursor(tmp_path: Path) -> None:
    """Found in a tmux trial: pause a replay, seek to the end - the rep table stayed as it was
    at the old position (empty from the start): the pipeline's time only moves with a block,
    and a paused replay sends none."""
    app = build_app(tmp_path / "data", seed=4)
    async with app.run_test(size=(110, 32)) as pilot:
        replay, reader, off = await paused_replay(pilot, app, 30.0)
        stored = replay.stored
        replay.action_seek_to(stored[-1].concentric.end_s - off + 0.5)
        replay.pipeline.step(timeout_s=0.0)   # the seek handled; the paused reader sends nothing
        replay.pipeline._maybe_status(force=True)
        for _ in range(5):
            await pilot.pause()
        assert reader.paused
        assert replay.query_one(RepTable).row_count == len(stored)
        replay.action_seek_to(0.0)
        replay.pipeline.step(timeout_s=0.0)
        replay.pipeline._maybe_status(force=True)
        for _ in range(5):
            await pilot.pause()
        assert replay.query_one(RepTable).row_count == 0
