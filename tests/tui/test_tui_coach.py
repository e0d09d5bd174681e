"""Pilot tests of what a coach next to the platform relies on: large type, safety that holds,
setup that sticks, help and footers per screen, type-to-filter, and replay of long sessions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import (
    advance,
    build_app,
    change_setup,
    imported_cmj,
    open_library,
    open_replay,
    record_session,
    wait_saved,
)
from textual.widgets import Footer, Input, Static

from tui.screens.confirm_screen import ConfirmUnsafeScreen
from tui.screens.help_screen import HelpScreen
from tui.screens.live_screen import LiveScreen
from tui.screens.replay_screen import ReplayScreen
from tui.screens.setup_screen import SetupScreen
from tui.settings import Settings
from tui.widgets.last_rep import LastRepPanel
from tui.widgets.phase_indicator import PhaseIndicator
from tui.widgets.rep_table import RepTable
from tui.widgets.timeline import Timeline

BLOCKS = set("█▀▄")


def big_rows(widget: Any) -> int:
    """Rows of the widget's rendered text that carry large-type blocks."""
    text = widget.render().plain
    return sum(1 for line in text.splitlines() if BLOCKS & set(line))


async def one_block(pilot: Any, screen: LiveScreen) -> None:
    """Process one block (after a seek the stream time is the new position)."""
    screen.pipeline.step(timeout_s=0.0)
    await pilot.pause()


async def test_live_screen_large_type_at_120x36(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", scripted=True)
    app.setup_state = app.setup_state.with_changes(load_kg=62.5)
    async with app.run_test(size=(120, 36)) as pilot:
        live = app.screen
        await advance(pilot, 26.0)
        phase, last = live.query_one(PhaseIndicator), live.query_one(LastRepPanel)
        assert last.rep is not None
        assert big_rows(last) >= 3                      # the ecc and con numbers, 3 rows high
        assert "LOWERING" in last.render().plain and "RAISING" in last.render().plain
        assert " N " in last.render().plain
        assert big_rows(phase) >= 3                     # the phase word and the timer
        assert "62.5 kg" in live.sub_title               # the load is on the live screen
        # wherever the set is, the phase word is big: find a lowering and look at it
        for t in range(27, 60):
            await advance(pilot, float(t))
            if phase.phase.value == "lowering":
                break
        assert phase.phase.value == "lowering"
        assert big_rows(phase) >= 6                     # word and timer, 3 rows each
        assert phase.border_title == "LOWERING"


async def test_unsafe_setup_needs_an_explicit_confirmation_and_stays_flagged(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", scripted=True)
    async with app.run_test(size=(120, 36)) as pilot:
        live = app.screen
        assert not live.query_one("#safety", Static).display
        await pilot.press("s")
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, SetupScreen)
        assert app.focused is setup.query_one("#athlete", Input)   # first field focused
        setup.query_one("#exercise").value = "deadlift"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmUnsafeScreen)
        await pilot.press("enter")                     # enter is on Cancel: no
        await pilot.pause()
        assert app.screen is setup and live.setup_state.exercise != "deadlift"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.click("#confirm")
        await pilot.pause()
        assert app.screen is live
        assert live.setup_state.exercise == "deadlift" and live.setup_state.unsafe_confirmed
        banner = live.query_one("#safety", Static)
        assert banner.display and "UNSAFE" in str(banner.render())
        await advance(pilot, 10.0)                     # still flagged while the session lasts
        assert banner.display


async def test_unsafe_flags_at_launch_ask_first(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", scripted=True)
    app.setup_state = app.setup_state.with_changes(exercise="squat")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmUnsafeScreen)
        await pilot.press("escape")                    # cancel: choose something else in setup
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)


async def test_help_and_footers_belong_to_each_screen(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", scripted=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert ("r", "Record") in help_screen.keys
        await pilot.press("escape")
        await pilot.press("s")
        await pilot.pause()
        setup = app.screen
        setup.query_one("#apply").focus()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        descriptions = {d for _, d in app.screen.keys}
        assert "Apply" in descriptions and "Record" not in descriptions
        await pilot.press("escape")
        await pilot.pause()
        # the dialog's own footer: its keys, not the live screen's
        assert setup.query(Footer)
        assert "toggle_record" not in {b.binding.action for b in setup.active_bindings.values()}
        setup.query_one("#athlete").focus()
        await pilot.press("question_mark")             # typed into the name, not help
        assert isinstance(app.screen, SetupScreen)


async def test_setup_and_theme_are_remembered(tmp_path: Path) -> None:
    path = tmp_path / "config" / "dashboard.json"
    app = build_app(tmp_path / "data", scripted=True, settings=Settings.load(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        setup = app.screen
        setup.query_one("#athlete", Input).value = "Ann"
        setup.query_one("#load", Input).value = "72.5"
        setup.query_one("#method").value = "forced_negative"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        theme = app.theme
    again = Settings.load(path)
    assert again.last_athlete == "Ann" and again.theme == theme
    app2 = build_app(tmp_path / "data2", scripted=True, settings=again)
    assert app2.theme == theme
    async with app2.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        setup = app2.screen
        setup.query_one("#athlete", Input).value = "Ann"   # a known athlete fills in
        await pilot.pause()
        assert setup.query_one("#load", Input).value == "72.5"
        assert setup.query_one("#method").value == "forced_negative"


async def test_renaming_the_athlete_while_recording_files_the_session_under_the_new_name(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", scripted=True)
    async with app.run_test(size=(100, 30)) as pilot:
        live = app.screen
        await advance(pilot, 3.0)
        await pilot.press("r")
        await advance(pilot, 8.0)
        await change_setup(pilot, athlete="Bo Renamed")
        await advance(pilot, 14.0)
        await pilot.press("r")
        path = await wait_saved(pilot, live)
    assert "Bo" in path.parent.name and path.exists()
    from sessions.session_file import read_meta

    assert read_meta(path).athlete == "Bo Renamed"


async def test_library_filters_as_you_type(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", scripted=True)
    async with app.run_test(size=(120, 36)) as pilot:
        live = app.screen
        await advance(pilot, 3.0)
        await pilot.press("r")
        await advance(pilot, 10.0)
        await pilot.press("r")
        await wait_saved(pilot, live)
        lib = await open_library(pilot, app)
        assert len(lib.shown) == 1
        await pilot.press("z", "z", "q")             # no "/" first
        await pilot.pause()
        assert lib.query_one("#filter", Input).value == "zzq" and lib.shown == []
        await pilot.press("escape")                  # clears the filter ...
        await pilot.pause()
        assert len(lib.shown) == 1 and app.screen is lib
        await pilot.press("down")
        await pilot.press("s", "l", "o", "w")        # typing in the list goes to the filter
        await pilot.pause()
        assert lib.query_one("#filter", Input).value == "slow" and len(lib.shown) == 1
        await pilot.press("escape", "escape")        # ... then goes back
        await pilot.pause()
        assert app.screen is live


async def test_replay_of_a_session_jumps_keeps_reps_and_ends_cleanly(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", scripted=True)
    async with app.run_test(size=(120, 36)) as pilot:
        live = app.screen
        await advance(pilot, 2.0)
        path = await record_session(pilot, live, 70.0)
        app.open_replay(path)
        await pilot.pause()
        replay = app.screen
        assert isinstance(replay, ReplayScreen) and len(replay.stored) >= 8
        await advance(pilot, 6.0)                     # inside the first set
        reader = app.holder["replay"]
        await pilot.press("right_curly_bracket")      # next set
        await one_block(pilot, replay)
        second_set = next(r for r in replay.stored if r.set == 2)
        assert abs(replay.pipeline.time_s - (second_set.eccentric.start_s - 1.0)) < 0.6
        await advance(pilot, replay.pipeline.time_s + 0.5)
        table = replay.query_one(RepTable)
        assert table.row_count == sum(1 for r in replay.stored if r.set == 1)  # kept after the jump
        await pilot.press("right_square_bracket")     # next rep
        await one_block(pilot, replay)
        assert replay.pipeline.time_s > second_set.eccentric.start_s
        await pilot.press("left_square_bracket", "left_square_bracket")
        await one_block(pilot, replay)
        assert replay.pipeline.time_s < second_set.eccentric.start_s
        for _ in range(5):
            await pilot.press("plus")
        assert reader.speed == 32.0
        tl = replay.query_one(Timeline)
        assert tl.sets and len(tl.rep_starts) == len(replay.stored)
        await pilot.press("end")
        await advance(pilot, 1e9)                     # to the end of the file
        await pilot.pause()
        replay.redraw()
        phase = replay.query_one(PhaseIndicator)
        assert replay.ended and phase.border_title == "END" and big_rows(phase) >= 3
        status = str(replay.query_one("#status").render())
        assert "1000 Hz" in status and "32000" not in status
        assert table.row_count == len(replay.stored), (replay._shown_reps, replay.pipeline.time_s, replay.stored[-1].concentric.end_s)


async def test_an_unsure_phase_is_shown_as_unsure(tmp_path: Path) -> None:
    from dataclasses import dataclass

    from forceplate.analysis.events import Phase, PhaseChanged
    from tui import messages as m
    from tui.screens.live_screen import event_unsure

    @dataclass(frozen=True, slots=True)
    class GuessedPhase(PhaseChanged):      # however the analysis marks it: a low confidence
        confidence: float = 0.2

    assert event_unsure(GuessedPhase(1.0, Phase.LOWERING)) and not event_unsure(PhaseChanged(1.0, Phase.LOWERING))
    app = build_app(tmp_path / "data", scripted=True)
    async with app.run_test(size=(120, 36)) as pilot:
        live = app.screen
        await advance(pilot, 8.0)
        live.on_analysis_events(m.AnalysisEvents([GuessedPhase(8.0, Phase.LOWERING)]))
        live.redraw()
        await pilot.pause()
        phase = live.query_one(PhaseIndicator)
        assert phase.border_title.startswith("UNSURE") and phase.has_class("-unsure")
        assert big_rows(phase) >= 3
        live.on_analysis_events(m.AnalysisEvents([PhaseChanged(8.1, Phase.RAISING)]))
        live.redraw()
        assert not phase.border_title.startswith("UNSURE")
        # an UNSURE phase has no guess to show: not "UNSURE (unsure?)"
        phase.show(Phase.UNSURE, 0.0, None, unsure=True)
        await pilot.pause()
        assert phase.border_title == "UNSURE" and "(unsure?)" not in str(phase.render())


async def test_the_setups_load_is_what_the_simulated_lifter_lifts_from_the_next_set(tmp_path: Path) -> None:
    """A 55-kg setup read 62-90 kg on the simulated plate: its lifter drew its own bar."""
    app = build_app(tmp_path / "data", seed=4, method="forced_positive")
    async with app.run_test(size=(110, 36)) as pilot:
        await advance(pilot, 5.0)
        await change_setup(pilot, load="55")
        await advance(pilot, 200.0)
        truth = app.holder["reader"].truth
    bars = [s.system_mass_kg - truth.body_mass_kg for s in truth.sets]
    assert len(bars) >= 2 and abs(bars[0] - 55.0) > 1.0      # the set in hand kept its bar
    assert all(abs(b - 55.0) < 1e-6 for b in bars[1:]), bars


async def test_the_kept_set_panel_keeps_the_setup_it_was_done_under(tmp_path: Path) -> None:
    """The set panel beside the kept reps was re-rendered with the new setup's load and target:
    figures of the set done under the old setup, labelled with the new one's."""
    from tui.widgets.set_summary import SetSummaryPanel

    app = build_app(tmp_path / "data", scripted=True)
    async with app.run_test(size=(120, 36)) as pilot:
        live = app.screen
        await advance(pilot, 26.0)
        panel = live.query_one(SetSummaryPanel)
        assert live.set_reps or live.last_summary is not None
        shown = (panel.border_title, panel.render().plain)
        await change_setup(pilot, load="77", ecc="4", tolerance="0.9")
        await advance(pilot, 0.3)    # the pipeline's reset (keep_reps) has come back
        assert live.setup_state.load_kg == 77.0
        assert (panel.border_title, panel.render().plain) == shown


async def test_a_setup_change_keeps_the_reps_shown_until_the_next_set(tmp_path: Path) -> None:
    """Between sets the coach changes a target: the set just done stays in the table and the
    last-rep panel (it cleared at once); the next set the lifter starts replaces them."""
    from forceplate.analysis.events import SetStarted
    from tui.messages import AnalysisEvents

    app = build_app(tmp_path / "data", scripted=True)
    async with app.run_test(size=(120, 36)) as pilot:
        live = app.screen
        await advance(pilot, 26.0)
        table, last = live.query_one(RepTable), live.query_one(LastRepPanel)
        assert not live.pipeline.recording
        shown, rep = table.row_count, last.rep
        assert shown >= 1 and rep is not None
        await change_setup(pilot, ecc="4")
        assert table.row_count == shown and last.rep is rep and len(live.all_reps) == shown
        # the new analysis starts a set: the old reps go, the new set's come
        live.post_message(AnalysisEvents([SetStarted(30.0, 1)]))
        await pilot.pause()
        assert table.row_count == 0 and live.all_reps == [] and last.rep is None


async def test_rep_comparison_in_a_replay_after_a_seek_draws_the_reps_it_counts(tmp_path: Path) -> None:
    """After a seek the replay's table held the reps before the cursor, but the comparison
    said '13 reps' over 'No complete reps yet' (their force was not in the last 40 s read):
    it now draws each stored rep up to the cursor from the session's samples."""
    from tui.screens.compare_screen import CompareScreen
    from tui.widgets.profile_chart import ProfileChart

    app = build_app(tmp_path / "data")
    async with app.run_test(size=(120, 36)) as pilot:
        live = app.screen
        await advance(pilot, 2.0)
        path = await record_session(pilot, live, 150.0)
        replay = await open_replay(pilot, app, path)
        replay.action_seek_to(140.0)
        await one_block(pilot, replay)
        await advance(pilot, replay.pipeline.time_s + 0.5)
        shown = [(r.set, r.rep_in_set) for r in replay.all_reps]
        assert len(shown) >= 8
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        drawn = app.screen.query_one(ProfileChart).profiles
        assert [(p.set, p.rep) for p in drawn] == shown


async def test_a_seek_in_a_replay_does_not_toast_an_event_again(tmp_path: Path) -> None:
    """Seeking back (shift+arrows) replays the events before the cursor: "Positive failure"
    and the body weight were toasted again on every pass. Each is toasted once; a failure
    elsewhere in the session and another weight still are."""
    from forceplate.analysis.events import Calibrated, PositiveFailure, Weighing
    from tui.messages import AnalysisEvents, PipelineReset

    data, path = imported_cmj(tmp_path)
    app = build_app(data, scripted=True)
    async with app.run_test(size=(120, 36)) as pilot:
        app.open_replay(path)
        await pilot.pause()
        replay = app.screen
        assert isinstance(replay, ReplayScreen)
        seen: list[str] = []
        real = app.notify
        app.notify = lambda message, *a, **kw: (seen.append(message), real(message, *a, **kw))  # type: ignore[method-assign]

        def body(t_s: float, kg: float) -> Calibrated:
            return Calibrated(t_s, Weighing("body", t_s - 1.0, t_s, kg * 9.80665, 2.0, kg))

        for first_failure_s, weighed_s in ((40.0, 3.0), (41.2, 20.0)):   # played, then seeked back
            replay.on_analysis_events(AnalysisEvents([body(weighed_s, 80.0 + weighed_s / 100),
                                                      PositiveFailure(first_failure_s, 6)]))
            replay.on_pipeline_reset(PipelineReset())
        replay.on_analysis_events(AnalysisEvents([PositiveFailure(300.0, 5), body(310.0, 95.0)]))
        await pilot.pause()
        assert sum("Positive failure" in s for s in seen) == 2
        assert sum("body weight" in s for s in seen) == 2
