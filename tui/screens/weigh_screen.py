"""Tare and weigh with guidance: "step off the plate", then "stand still ... 1.2 s"."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label, ProgressBar

from tui.pipeline import LivePipeline
from tui.weighing import STILL_NEEDED_S, WeighStep, weigh_progress


class WeighScreen(ModalScreen[float | None]):
    BINDINGS = [Binding("question_mark", "app.help", "Help", show=False), Binding("escape", "cancel", "Cancel"), Binding("enter", "accept", "Use weight")]
    AUTO_FOCUS = None   # Enter must mean "use this weight", not press Cancel

    def __init__(self, pipeline: LivePipeline, threaded: bool = True) -> None:
        super().__init__()
        self.pipeline = pipeline
        self.threaded = threaded
        self.tare_n: float | None = None
        self.step_state = WeighStep("step_off", "Step off the plate (taring) ...")

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Tare and weigh", classes="title")
            yield Label(self.step_state.text, id="instruction")
            yield ProgressBar(total=STILL_NEEDED_S, show_eta=False, id="still")
            yield Button("Use this weight", id="accept", variant="primary", disabled=True)
            yield Button("Cancel", id="cancel")
        yield Footer()   # this dialog's keys, not the screen beneath's

    def on_mount(self) -> None:
        if self.threaded:
            self.set_interval(0.1, self.tick)
        self.tick()

    def tick(self) -> None:
        rate = self.pipeline.info.sample_rate_hz if self.pipeline.info else 1000.0
        w = self.pipeline.ring.latest(int(3.0 * rate))
        step = weigh_progress(w, self.tare_n)
        self.tare_n = step.tare_n
        self.step_state = step
        self.query_one("#instruction", Label).update(step.text)
        self.query_one(ProgressBar).update(progress=min(step.still_s, STILL_NEEDED_S))
        accept = self.query_one("#accept", Button)
        was_disabled = accept.disabled
        accept.disabled = step.mass_kg is None
        if was_disabled and not accept.disabled:
            accept.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "accept":
            self.action_accept()
        else:
            self.action_cancel()

    def action_accept(self) -> None:
        if self.step_state.mass_kg is not None:
            self.dismiss(self.step_state.mass_kg)

    def action_cancel(self) -> None:
        self.dismiss(None)
