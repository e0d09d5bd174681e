"""Tare and weigh with guidance: "step off the plate", then "stand still ... 1.2 s". A weighing
taken with the bar held (the plate's lifter + bar level, or the coach says so with `b`) gives
the body as the weighing minus the bar."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label, ProgressBar

from tui.pipeline import LivePipeline
from tui.weighing import STILL_NEEDED_S, WeighStep, held_bar_kg, weigh_progress


class WeighScreen(ModalScreen[float | None]):
    BINDINGS = [Binding("question_mark", "app.help", "Help", show=False), Binding("escape", "cancel", "Cancel"),
                Binding("enter", "accept", "Use weight"), Binding("b", "toggle_bar", "With / without bar")]
    AUTO_FOCUS = None   # Enter must mean "use this weight", not press Cancel

    def __init__(self, pipeline: LivePipeline, threaded: bool = True, load_kg: float | None = None) -> None:
        super().__init__()
        self.pipeline = pipeline
        self.threaded = threaded
        self.load_kg = load_kg            # the setup's bar / machine load
        self.with_bar: bool | None = None   # the coach's word (b); None: as the plate tells
        self.tare_n: float | None = None
        self.step_state = WeighStep("step_off", "Step off the plate (taring) ...")
        self.simulated = False            # the plate's simulated lifter does as asked

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Tare and weigh", classes="title")
            yield Label(self.step_state.text, id="instruction")
            yield Label("", id="bar")   # shown once weighed: with or without the bar
            yield ProgressBar(total=STILL_NEEDED_S, show_eta=False, id="still")
            yield Button("Use this weight", id="accept", variant="primary", disabled=True)
            yield Button("Cancel", id="cancel")
        yield Footer()   # this dialog's keys, not the screen beneath's

    def on_mount(self) -> None:
        self.simulated = self.pipeline.ask_to_step_off()
        if self.threaded:
            self.set_interval(0.1, self.tick)
        self.tick()

    def tick(self) -> None:
        if self.step_state.mass_kg is not None:
            # weighed: the weighing stands while the coach decides, whatever the lifter does
            # next (steps off, takes the bar, starts the next set)
            self._show_bar()
            return
        rate = self.pipeline.info.sample_rate_hz if self.pipeline.info else 1000.0
        w = self.pipeline.ring.latest(int(3.0 * rate))
        step = weigh_progress(w, self.tare_n, simulated=self.simulated)
        self.tare_n = step.tare_n
        self.step_state = step
        self.query_one("#instruction", Label).update(step.text)
        self._show_bar()
        # the bar counts the still second of the weighing only: "Step off the plate" at 77 % read
        # as nearly weighed (it was how long the loaded plate had been still)
        held = step.still_s if step.stage in ("still", "done") else 0.0
        self.query_one(ProgressBar).update(progress=min(held, STILL_NEEDED_S))
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

    def bar_kg(self) -> float | None:
        """The bar this weighing includes (None: the body alone)."""
        mass = self.step_state.mass_kg
        if mass is None:
            return None
        an = self.pipeline.analyser
        seen = held_bar_kg(mass, getattr(an, "body_mass_kg", None), getattr(an, "system_mass_kg", None), self.load_kg)
        if self.with_bar is None:
            return seen
        return (seen or self.load_kg) if self.with_bar else None

    def body_kg(self) -> float | None:
        mass, bar = self.step_state.mass_kg, self.bar_kg()
        return None if mass is None else mass - bar if bar else mass

    def bar_text(self) -> str:
        mass, bar = self.step_state.mass_kg, self.bar_kg()
        if mass is None:
            return ""
        if bar:
            return (f"With the bar: body {mass - bar:.1f} kg ({mass:.1f} kg - {bar:g} kg bar).  "
                    f"b: it was the body alone")
        if self.with_bar and not bar:
            return "With the bar, but its load is not known: give the load in setup (s), or weigh without it."
        if not self.load_kg and self.with_bar is None:
            return ""   # nothing to choose: no bar seen, no load set up
        return f"Body alone: {mass:.1f} kg." + (f"  b: the bar ({self.load_kg:g} kg) was held" if self.load_kg else "")

    def _show_bar(self) -> None:
        label = self.query_one("#bar", Label)
        text = self.bar_text()
        if text != str(label.render()) or label.display != bool(text):
            label.update(text)
            label.display = bool(text)
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # b (with or without the bar) only once there is a weighing to say it of
        return bool(self.bar_text()) if action == "toggle_bar" else True

    def action_toggle_bar(self) -> None:
        if self.step_state.mass_kg is None:
            return
        self.with_bar = not (self.bar_kg() is not None)
        self._show_bar()

    def action_accept(self) -> None:
        body = self.body_kg()
        if body is not None and body > 0 and not (self.with_bar and not self.bar_kg()):
            self.dismiss(body)

    def action_cancel(self) -> None:
        self.dismiss(None)
