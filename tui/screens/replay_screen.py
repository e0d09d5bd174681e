"""Replay: the live view driven by a saved session, with a timeline, seek, jumps and speed.

The rep table, the last rep and the set panel show the session's stored reps up to the cursor
(what was seen live, kept across seeks); the phase box and chart come from the analysis running
over the replayed samples, as live. At the end the phase box says END.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding

from forceplate.analysis.events import Calibrated
from forceplate.analysis.verdicts import counted
from forceplate.errors import EccentricError
from forceplate.reader import Reader
from tui import messages as m
from tui import parts
from tui.replay_data import jump_target, reps_until, set_at, set_starts, stored_reps, stored_sets
from tui.screens.live_screen import LiveScreen
from tui.setup_state import SessionSetup, setup_from_meta
from tui.widgets.force_chart import ForceChart
from tui.widgets.last_rep import LastRepPanel
from tui.widgets.plate_status import status_text
from tui.widgets.rep_table import RepTable
from tui.widgets.timeline import Timeline, clock

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)
# A seek replays events already toasted, judged by an analysis started elsewhere: the same
# positive failure comes within a rep of where it came before (reps take 2-10 s; a set's next
# failure is a rest of minutes away), the same weighing within its noise of the same mass
# (a different lifter or bar differs by kilograms).
SAME_FAILURE_S = 15.0
SAME_WEIGHING_KG = 1.0
# pairs of keys share one footer label and the seeks are in the help (F1) with the arrows: eleven
# labels did not fit 80 columns (Back, Quit and Help were cut off)
REPS, SPEED = Binding.Group("Rep"), Binding.Group("Speed")


class ReplayScreen(LiveScreen, inherit_bindings=False):   # its own keys, in its own order
    SOURCE = "REPLAY"
    # transport keys are priority: they must beat the focused table's cursor keys (no text fields here)
    BINDINGS = [
        Binding("space", "pause", "Play/Pause", priority=True),
        Binding("left", "seek(-5)", "-5 s", show=False, priority=True),
        Binding("right", "seek(5)", "+5 s", show=False, priority=True),
        Binding("shift+left,comma", "seek(-30)", "-30 s", show=False, priority=True),
        Binding("shift+right,full_stop", "seek(30)", "+30 s", show=False, priority=True),
        Binding("pageup", "seek(-300)", "-5 min", show=False, priority=True),
        Binding("pagedown", "seek(300)", "+5 min", show=False, priority=True),
        Binding("left_square_bracket", "jump_rep(-1)", "Prev rep", priority=True, group=REPS),
        Binding("right_square_bracket", "jump_rep(1)", "Next rep", priority=True, group=REPS),
        Binding("left_curly_bracket", "jump_set(-1)", "Prev set", show=False, priority=True),
        Binding("right_curly_bracket", "jump_set(1)", "Next set", show=False, priority=True),
        Binding("home", "seek_to(0)", "Start", show=False, priority=True),
        Binding("end", "seek_end", "End", show=False, priority=True),
        Binding("plus,equals_sign", "speed(1)", "Faster", priority=True, group=SPEED),
        Binding("minus", "speed(-1)", "Slower", priority=True, group=SPEED),
        Binding("c", "compare", "Compare reps"),
        Binding("j", "jumps", "Jumps", show=False),   # the jump test view, as on the live screen
        Binding("escape", "close", "Back"),
        Binding("r", "toggle_record", "Record", show=False),   # live-only keys, off the footer
        Binding("s", "setup", "Setup", show=False),
        Binding("w", "weigh", "Weigh", show=False),
        Binding("q", "app.quit", "Quit"),
    ]
    HELP = ("A saved session played back through the same analysis as live. The timeline marks "
            "sets (blue) and reps (╋); the reps before the cursor stay in the table after a jump. "
            "←/→ 5 s, shift+←/→ or ,/. 30 s, PgUp/PgDn 5 min, [ ] previous/next rep, { } "
            "previous/next set, +/- speed x0.25 to x32, Home/End. The rate shown is the plate's.")

    def __init__(self, path: Path, open_source: Callable[[], Reader], setup: SessionSetup,
                 *, threaded: bool = True, **kw: Any) -> None:
        super().__init__(open_source, setup, None, threaded=threaded, **kw)
        self.path = path
        self.stored = stored_reps(path)
        self.stored_sets = stored_sets(path)
        self._shown_reps = -1
        self._offset: float | None = None    # stream time of the session's first sample
        self._announced: list[Any] = []       # events toasted, kept across seeks
        self._faulted = False                 # the pipeline said an error (the chart may be empty for it)
        # where the last seek goes (stream s) until the pipeline has done every seek asked: a
        # second ] before the first was read jumped from the old cursor, to the same rep
        self._seek_to: float | None = None
        self._seeks_pending = 0

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, RepTable):
                yield Timeline(id="timeline")
            yield widget

    def _analyser_factory(self) -> Callable[[Any], Any]:
        # Analyse the file with the setup it was recorded with (method, targets, masses).
        make = self.make_analyser

        def factory(info: Any) -> Any:
            reader = self.pipeline.reader if self.pipeline is not None else None
            try:
                meta = reader.session.meta if reader is not None else None
            except Exception:
                meta = None
            if meta is not None:
                self.setup_state = setup_from_meta(meta, self.setup_state)
            return make(info, self.setup_state)
        return factory

    def extra_rows(self) -> int:
        return 2   # the timeline

    def _subtitle(self) -> str:
        # whose session: the file name says when, what and how; its folder may not be the name as typed
        who = getattr(self, "_who", None)
        if who is None:
            try:
                from sessions.session_file import read_meta

                who = f"{parts.safe_text(read_meta(self.path).athlete)} · "
            except Exception:   # noqa: BLE001 - the title is no place to report a damaged file
                who = ""
            self._who = who
        return f"REPLAY · {who}{self.path.name}"

    def _reader(self) -> Any:
        return self.pipeline.reader if self.pipeline is not None else None

    # --- where the stream is ----------------------------------------------------------
    def _position(self) -> tuple[float, float]:
        """(position, duration) in session seconds."""
        r = self._reader()
        if r is None:
            return 0.0, 0.0
        return float(getattr(r, "position_s", 0.0)), float(getattr(r, "duration_s", 0.0))

    def _stream_offset(self) -> float:
        if self._offset is None and self.pipeline is not None and self.pipeline.time_s:
            pos, _ = self._position()
            self._offset = self.pipeline.time_s - pos
        return self._offset or 0.0

    def take_rep(self, rep: Any) -> bool:
        return not self.stored      # stored reps drive the table when the session has them

    def announce(self, ev: Any) -> bool:
        def same(old: Any) -> bool:
            if type(old) is not type(ev):
                return False
            if isinstance(ev, Calibrated):
                return bool(old.weighing.kind == ev.weighing.kind
                            and abs(old.weighing.mass_kg - ev.weighing.mass_kg) < SAME_WEIGHING_KG)
            return abs(float(old.t_s) - float(ev.t_s)) < SAME_FAILURE_S

        if any(same(old) for old in self._announced):
            return False
        self._announced.append(ev)
        return True

    def _sync_reps(self, force: bool = False) -> None:
        """Table, last rep and set panel = the stored reps finished at the cursor."""
        if not self.stored or self.pipeline is None:
            return
        done = reps_until(self.stored, self.pipeline.time_s)
        if len(done) == self._shown_reps and not force:
            return
        table = self.query_one(RepTable)
        if force or len(done) < self._shown_reps or self._shown_reps < 0:
            table.set_reps(done)
        else:
            for rep in done[self._shown_reps:]:
                table.add_rep(rep)
        self._shown_reps = len(done)
        self.all_reps = list(done)
        self.query_one(LastRepPanel).show(done[-1] if done else None, self.setup_state.targets()["overload_target"])
        self._show_summary()

    def _show_summary(self) -> None:
        """The set panel and the failure banner from the stored reps and sets at the cursor: the
        analysis re-run from a seek starts its set (and its count of negatives) there, so its own
        set events would say 'reps 0' beside a table of the set's reps."""
        if self.stored and self.pipeline is not None:
            now = set_at(reps_until(self.stored, self.pipeline.time_s), self.stored_sets, self.stored)
            self.set_reps, self.last_summary = now.reps, now.summary
            self.failure_rep, self.negatives = now.failure_rep, now.negatives
        super()._show_summary()

    def _update_timeline(self) -> None:
        pos, dur = self._position()
        tl = self.query_one(Timeline)
        if self.stored and not tl.sets and dur > 0:
            off = self._stream_offset()
            tl.set_marks([(n, a - off, b - off) for n, a, b in set_starts(self.stored)],
                         [r.eccentric.start_s - off for r in self.stored])
        tl.show(pos, dur)

    # hooks of LiveScreen's handlers (Textual calls a base class's handler too: no overrides)
    def after_status(self) -> None:
        self._update_timeline()
        self._sync_reps()

    def after_reset(self) -> None:
        self._seeks_pending = max(self._seeks_pending - 1, 0)
        if not self._seeks_pending:
            self._seek_to = None
        self._shown_reps = -1
        self._sync_reps(force=True)

    def status_line(self, msg: m.PlateStatus) -> Text:
        r = self._reader()
        detail = ""
        info = self.pipeline.info if self.pipeline else None
        status = msg.status
        if r is not None:
            pos, dur = self._position()
            paused = " PAUSED" if getattr(r, "paused", False) else ""
            ended = " END" if self.ended else ""
            detail = f"{clock(pos)} / {clock(dur)} x{getattr(r, 'speed', 1.0):g}{paused}{ended}"
        if info is not None:   # the plate's own rate, not how fast the file is played
            status = replace(status, achieved_rate_hz=info.sample_rate_hz)
        return status_text(info, status, None, None, self.SOURCE, detail)

    def on_source_ended(self, msg: m.SourceEnded) -> None:   # after LiveScreen's (Textual walks the MRO)
        self._nothing_to_draw()

    def on_pipeline_fault(self, msg: m.PipelineFault) -> None:   # after LiveScreen's toast
        self._faulted = True

    def _nothing_to_draw(self) -> None:
        """A replay waits for no plate: at its end, a chart with no line says why, when it knows
        (a session of 0 or 1 samples; one whose samples were all left out); after an error it
        leaves the chart as it is (the error was said)."""
        with contextlib.suppress(Exception):
            r = self._reader()
            if r is None or self._faulted or r.load_error is not None:
                return
            shown, left_out = len(r.session.block), int(r.status().dropped_samples)
            if shown >= 2:
                return
            text = ("nothing to draw: the session holds fewer than 2 samples" if shown + left_out < 2 else
                    f"nothing to draw: {counted(left_out, 'sample')} left out (damaged or not valid)")
            chart = self.query_one(ForceChart)
            if chart.empty_text != text:
                chart.empty_text = text
                chart.refresh()

    # --- keys ---------------------------------------------------------------------------
    def action_toggle_record(self) -> None:
        self.notify("Replays are already saved", severity="information")

    def action_setup(self) -> None:
        self.notify("A replay keeps the setup it was recorded with", severity="information")

    def action_weigh(self) -> None:
        self.notify("Weighing needs a live plate", severity="information")

    def action_pause(self) -> None:
        r = self._reader()
        if r is None:
            return
        if self.ended:                       # at the end, play means from the start again
            self.action_seek_to(0.0)
            if getattr(r, "paused", False):
                r.resume()
            return
        if getattr(r, "paused", False):
            r.resume()
        else:
            r.pause()

    def action_seek(self, delta_s: float) -> None:
        pos, dur = self._position()
        if self._seek_to is not None:   # from where the seek not yet done goes
            pos = self._seek_to - self._stream_offset()
        self.action_seek_to(pos + float(delta_s))

    def action_seek_to(self, t_s: float) -> None:
        if self.pipeline is None:
            return
        _, dur = self._position()
        t = min(max(float(t_s), 0.0), dur) if dur > 0 else max(float(t_s), 0.0)
        self.pipeline.seek(t)
        self._seek_to = t + self._stream_offset()
        self._seeks_pending += 1
        self.ended = False
        self.query_one(Timeline).show(t, dur)

    def action_seek_end(self) -> None:
        _, dur = self._position()
        self.action_seek_to(max(dur - 2.0, 0.0))

    def _jump(self, marks: list[float], direction: int, what: str) -> None:
        if not marks:
            self.notify(f"No {what}s stored in this session", severity="warning", timeout=2)
            return
        off = self._stream_offset()
        # the reader's cursor: the pipeline's time moves only when it reads the next block
        now = self._position()[0] + off if self._seek_to is None else self._seek_to
        target = jump_target(marks, now, direction)
        if target is None:
            self.notify(f"No {'next' if direction > 0 else 'previous'} {what}", timeout=1.5)
            return
        self.action_seek_to(target - off)

    def action_jump_rep(self, direction: int) -> None:
        self._jump([r.eccentric.start_s for r in self.stored], int(direction), "rep")

    def action_jump_set(self, direction: int) -> None:
        self._jump([a for _, a, _ in set_starts(self.stored)], int(direction), "set")

    def action_compare(self) -> None:
        """The stored reps up to the cursor, their force from the session's samples: the live
        history holds the last 40 s, so after a seek the earlier reps had no profile ('13 reps'
        over an empty chart)."""
        from tui.rep_profiles import profiles_from_session
        from tui.screens.compare_screen import CompareScreen

        if not self.stored:
            super().action_compare()
            return
        try:
            stored = parts.read_session(self.path)
        except EccentricError as err:
            self.notify(str(err), title="Cannot open session", severity="error", timeout=10)
            return
        shown = {(r.set, r.rep_in_set) for r in self.all_reps}
        profiles = [p for p in profiles_from_session(stored) if (p.set, p.rep) in shown]
        self.app.push_screen(CompareScreen(profiles, self.all_reps, simulated=bool(stored.info.simulated)))
        if note := parts.left_out_note(stored):
            self.app.notify(note, title=self.path.name, severity="warning", timeout=10, markup=False)

    def action_speed(self, step: int) -> None:
        r = self._reader()
        if r is None:
            return
        cur = float(getattr(r, "speed", 1.0))
        i = min(range(len(SPEEDS)), key=lambda k: abs(SPEEDS[k] - cur))
        r.speed = SPEEDS[max(0, min(len(SPEEDS) - 1, i + int(step)))]
        self.notify(f"Speed x{r.speed:g}", timeout=1.5)

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()
