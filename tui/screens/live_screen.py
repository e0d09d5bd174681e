"""The live screen: chart, phase, rep table, set summary, plate status. Also the base of replay.

This module lays the screen out, runs the pipeline and redraws the chart and phase; the reps
(live_reps), the status line and toasts (live_status), the keys (live_actions) and setup and
weighing (live_setup) are mixins of their own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from forceplate.errors import EccentricError
from forceplate.reader import Reader
from forceplate.units import G
from tui import messages as m
from tui import parts
from tui.pipeline import LivePipeline
from tui.raster import ChartLines
from tui.screens.live_actions import LiveActions
from tui.screens.live_reps import LiveReps, event_unsure
from tui.screens.live_setup import SetupActions, describe
from tui.screens.live_status import LiveStatus
from tui.setup_state import SessionSetup
from tui.widgets.force_chart import ForceChart
from tui.widgets.last_rep import LastRepPanel
from tui.widgets.phase_indicator import PhaseIndicator
from tui.widgets.plate_status import PlateStatusBar, status_text
from tui.widgets.rep_table import RepTable
from tui.widgets.set_summary import SetSummaryPanel

__all__ = ["LiveScreen", "event_unsure"]

REDRAW_HZ = 30.0   # the chart itself may skip ticks on big terminals (>= 20 Hz)
COMPACT = (100, 30)   # below this width or height: the set panel goes, the table shrinks
WIDE = (170, 50)      # from this size up: a wider side panel, bigger type, a taller table
# rows of the screen outside the chart and side panel: header, status line, footer, and the rep
# table as app.tcss sizes it (compact, normal, wide)
FIXED_ROWS = 3
TABLE_ROWS = {"compact": 5, "normal": 8, "wide": 14}
# the side panel's rows for the set panel to be shown: the phase panel (word and timer, 7), the
# last rep whole (title, large numbers, caption, two verdict lines and its border, 9) and the set
# panel (up to 6 lines and its border, 8). At 100x30 the set panel pushed the last rep's verdict
# off the bottom; with fewer rows the set goes on one line under the last rep.
SIDE_ROWS_WITH_SET = 7 + 9 + 8


class LiveScreen(LiveReps, LiveStatus, LiveActions, SetupActions, Screen):
    SOURCE = "LIVE"
    BINDINGS = [
        Binding("r", "toggle_record", "Record"),
        Binding("s", "setup", "Setup"),
        Binding("w", "weigh", "Weigh"),
        Binding("c", "compare", "Compare reps"),
        Binding("j", "jumps", "Jumps", show=False),
        Binding("l", "library", "Library"),
        Binding("o", "open_session", "Open", show=False),
        Binding("t", "toggle_theme", "Theme", show=False),
        Binding("q", "app.quit", "Quit"),
    ]
    HELP = ("The live plate: force over the last 10 s (lowering red, raising blue, body weight "
            "green, body plus bar orange), the phase and the lowering timer against the target, "
            "the last rep's lowering and raising load (kg, N beneath), the set so far and every "
            "rep with its verdict: green on target, red off target, yellow check it. A lift where "
            "negatives are unsafe stays marked UNSAFE at the top.")

    def __init__(self, open_source: Callable[[], Reader], setup: SessionSetup, data_dir: Path | None,
                 *, threaded: bool = True, redraw_hz: float = REDRAW_HZ,
                 make_analyser: Callable[[Any, SessionSetup], Any] | None = None) -> None:
        super().__init__()
        self.make_analyser = make_analyser or parts.make_analyser
        self.open_source = open_source
        self.setup_state = setup
        self.data_dir = data_dir
        self.threaded = threaded
        self.redraw_hz = redraw_hz
        self.pipeline: LivePipeline | None = None
        self.status: Any = None
        self.set_reps: list[Any] = []
        self.all_reps: list[Any] = []
        self._setup_changed_while_recording = False
        self._old_reps_shown = False   # reps of the analysis before a setup change
        self.last_summary: Any = None
        self.failure_rep: int | None = None
        self.negatives = 0
        self.saved_paths: list[Path] = []
        self._rec_started_wall: float | None = None
        self.phase_unsure = False
        self.ended = False
        self._w: dict[str, Any] = {}
        self._set_line: Callable[[int], str] | None = None   # the set panel's figures in one line

    # --- layout -----------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        yield PlateStatusBar(id="status")
        yield Static("", id="safety")
        with Horizontal(id="main"):
            yield ForceChart(id="chart")
            with Vertical(id="side"):
                yield PhaseIndicator(id="phase")
                yield LastRepPanel(id="lastrep")
                yield SetSummaryPanel(id="summary")
        yield RepTable(id="reps")
        yield Footer()

    def on_mount(self) -> None:
        self._w = {"chart": self.query_one(ForceChart), "phase": self.query_one(PhaseIndicator)}
        self.sub_title = self._subtitle()
        self._show_safety()
        self._build_pipeline()
        if self.threaded:
            self.set_interval(1.0 / self.redraw_hz, self.redraw)

    def on_resize(self) -> None:
        w, h = self.size.width, self.size.height
        compact, wide = w < COMPACT[0] or h < COMPACT[1], w >= WIDE[0] and h >= WIDE[1]
        self.set_class(compact, "-compact")
        self.set_class(wide, "-wide")
        self._fit_side(h, "compact" if compact else "wide" if wide else "normal")
        # below 100 columns the footer's spacing cut its last keys off ("f1 H" at 80x24, and the
        # replay's Back, Quit and Help): compact keys, and the palette's hint (ctrl+p) only in help
        footer = self.query_one(Footer)
        footer.compact = w < COMPACT[0]
        footer.show_command_palette = w >= COMPACT[0]

    def extra_rows(self) -> int:
        """Rows of other widgets above or below the chart (a hook: the replay's timeline)."""
        return 0

    def _fit_side(self, height: int, size: str) -> None:
        """The set panel where the side panel has room for it and the last rep whole; else its
        figures on one line in the last rep's bottom border."""
        safety = 1 if self.query_one("#safety", Static).display else 0
        side = height - FIXED_ROWS - TABLE_ROWS[size] - safety - self.extra_rows()
        panel = self.query_one(SetSummaryPanel)
        panel.display = side >= SIDE_ROWS_WITH_SET
        self.query_one(LastRepPanel).show_set_line(None if panel.display else self._set_line)

    def _subtitle(self) -> str:
        return f"{self.SOURCE} · {describe(self.setup_state)}"

    def _show_safety(self) -> None:
        """An unsafe lift x method stays marked for as long as this setup lasts."""
        warn = self.setup_state.safety_warning()
        banner = self.query_one("#safety", Static)
        banner.display = bool(warn)
        if warn:   # one line: what and that it was confirmed (the why is in setup and the dialog)
            how = "confirmed: spotter ready" if self.setup_state.unsafe_confirmed else "NOT confirmed"
            banner.update(f"⚠ UNSAFE: {warn.split(': ', 1)[0]} ({how})")
        if self.size.height:   # the banner's row comes off the side panel
            self.on_resize()

    def _analyser_factory(self) -> Callable[[Any], Any]:
        setup, make = self.setup_state, self.make_analyser
        return lambda info: make(info, setup)

    def _recorder_factory(self) -> Callable[..., Any] | None:
        data_dir = self.data_dir
        if data_dir is None:
            return None
        return lambda info, meta=None: parts.make_recorder(
            data_dir, info, meta if meta is not None else parts.make_meta(info, self.setup_state, None, None))

    def _build_pipeline(self) -> None:
        try:
            reader = self.open_source()
            self.pipeline = LivePipeline(reader, self._analyser_factory(), self.post_message,
                                         make_recorder=self._recorder_factory())
            self.pipeline.open()
            if self.setup_state.load_kg:
                self.pipeline.use_load(self.setup_state.load_kg)   # the simulated lifter's bar
            if self.threaded:
                self.pipeline.start()
        except Exception as err:   # EccentricError, or a plug-in's own failure: shown, not raised
            self.pipeline = None
            text = str(err) if isinstance(err, EccentricError) else f"cannot open: {err.__class__.__name__}: {err}"
            self.notify(text, title="Plate" if self.SOURCE == "LIVE" else "Session", severity="error", timeout=10)
            self.query_one(PlateStatusBar).show(status_text(None, None, False, None, f"{self.SOURCE}: {text}"))

    def stop_pipeline(self) -> Path | None:
        p, self.pipeline = self.pipeline, None
        return p.stop() if p is not None else None

    def on_unmount(self) -> None:
        self.stop_pipeline()

    # --- periodic redraw (never per USB block) -------------------------------------------
    def redraw(self) -> None:
        p = self.pipeline
        if p is None or p.info is None:
            return
        an = p.analyser
        body = getattr(an, "body_mass_kg", None) or self.setup_state.body_mass_kg
        system = getattr(an, "system_mass_kg", None)
        lines = ChartLines(body * G if body else None, system * G if system else None)
        self._w["chart"].redraw(p.ring, p.info.sample_rate_hz, lines, force=not self.threaded)
        banner = f"FAILURE: negatives now ({self.negatives})" if self.failure_rep is not None else ""
        last_ecc = self.all_reps[-1].eccentric.duration_s if self.all_reps else None
        target = self.setup_state.targets()["ecc_target_s"]
        if self.ended:
            self._w["phase"].show("END", 0.0, target, banner, last_ecc_s=last_ecc)
        elif an is not None:
            phase = an.phase
            elapsed = max(p.time_s - float(getattr(an, "phase_started_s", p.time_s) or 0.0), 0.0)
            unsure = self.phase_unsure or bool(getattr(an, "phase_unsure", False))
            self._w["phase"].show(phase, elapsed, target, banner, unsure=unsure, last_ecc_s=last_ecc)

    # --- messages from the pipeline -----------------------------------------------------
    def on_pipeline_started(self, msg: m.PipelineStarted) -> None:
        self.query_one(PlateStatusBar).show(status_text(msg.info, None, False, None, self.SOURCE))
