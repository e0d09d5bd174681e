"""Setup: plate, athlete, exercise (with its safety warning), method, targets and load."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Label, Select

from forceplate.analysis.exercises import EXERCISES, check_exercise_for_method
from forceplate.analysis.methods import METHODS
from sessions import names
from tui import parts
from tui.setup_state import SessionSetup

SIMULATED = "mock"


def _num(text: str) -> float | None:
    try:
        v = float(text.strip())
    except ValueError:
        return None
    return v if v > 0 else None


def _tolerance(text: str) -> float | None:
    """'15' (per cent) -> 0.15; empty or out of 0-99: the method's default."""
    v = _num(text)
    return v / 100.0 if v is not None and v < 100 else None


class SetupScreen(ModalScreen[SessionSetup | None]):
    BINDINGS = [Binding("question_mark", "app.help", "Help", show=False), Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "apply", "Apply")]
    AUTO_FOCUS = "#athlete"
    HELP = ("Who lifts what, how, and with what load. A known athlete's last setup fills in "
            "when the name is typed (tab accepts the suggested name). A method brings its own "
            "targets; edit them. Negatives on a lift where they are unsafe need a confirmation.")

    def __init__(self, setup: SessionSetup, discover: bool = True, athletes: list[str] | None = None,
                 recall: Callable[[str], SessionSetup | None] | None = None) -> None:
        super().__init__()
        self.initial = setup
        self.devices = parts.discover_plates() if discover else []
        self.athletes = athletes or []
        self.recall = recall

    def compose(self) -> ComposeResult:
        s = self.initial
        plates: list[tuple[str, str]] = [(f"{d.name} ({d.serial})", f"{i}") for i, d in enumerate(self.devices)]
        plates.append(("Simulated plate (SIMULATED)", SIMULATED))
        current_plate = SIMULATED if s.reader == SIMULATED else (plates[0][1] if self.devices else SIMULATED)
        t = s.targets()
        with Vertical(id="dialog"):
            yield Label("Session setup   [dim]ctrl+s apply · esc cancel[/]", classes="title")
            with VerticalScroll():
                with Horizontal(classes="field"):
                    yield Label("Athlete")
                    yield Input(s.athlete, id="athlete", compact=True,
                                suggester=SuggestFromList(self.athletes, case_sensitive=False))
                with Horizontal(classes="field"):
                    yield Label("Exercise")
                    yield Select([(e.title, k) for k, e in EXERCISES.items()], compact=True,
                                 value=s.exercise if s.exercise in EXERCISES else Select.BLANK, id="exercise")
                yield Label("", id="warning", classes="warning")
                with Horizontal(classes="field"):
                    yield Label("Method")
                    yield Select([(spec.title, k) for k, spec in METHODS.items()], value=s.method,
                                 allow_blank=False, id="method", compact=True)
                yield Label("", id="method-help", classes="help")
                with Horizontal(classes="field"):
                    yield Label("Lowering target s")
                    yield Input("" if t["ecc_target_s"] is None else f"{t['ecc_target_s']:g}", id="ecc",
                                compact=True, placeholder="none")
                with Horizontal(classes="field"):
                    yield Label("On target within %")
                    tol = s.ecc_tolerance if s.ecc_tolerance is not None else getattr(METHODS.get(s.method), "ecc_tolerance", 0.2)
                    yield Input(f"{100 * tol:g}", id="tolerance", compact=True, placeholder="20")
                with Horizontal(classes="field"):
                    yield Label("Overload ecc:con")
                    yield Input("" if t["overload_target"] is None else f"{t['overload_target']:g}",
                                id="overload", compact=True, placeholder="none")
                with Horizontal(classes="field"):
                    yield Label("Load kg")
                    yield Input("" if s.load_kg is None else f"{s.load_kg:g}", id="load", compact=True,
                                placeholder="bar or machine load")
                with Horizontal(classes="field"):
                    yield Label("Plate")
                    yield Select(plates, value=current_plate, allow_blank=False, id="plate", compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Apply", id="apply", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self._refresh_help()

    def _refresh_help(self) -> None:
        method = str(self.query_one("#method", Select).value)
        exercise = self.query_one("#exercise", Select).value
        warn = check_exercise_for_method(None if exercise is Select.BLANK else str(exercise), method)
        warning = self.query_one("#warning", Label)
        warning.update(f"⚠ {warn}" if warn else "")
        warning.display = bool(warn)
        spec = METHODS.get(method)
        self.query_one("#method-help", Label).update(spec.description if spec else "")

    def on_input_changed(self, event: Input.Changed) -> None:
        """A known athlete's last setup fills in as soon as the name is theirs."""
        if event.input.id != "athlete" or self.recall is None:
            return
        name = event.value.strip()
        if name == self.initial.athlete:
            return
        known = self.recall(name)
        if known is not None:
            self._fill(known)

    def _fill(self, s: SessionSetup) -> None:
        t = s.targets()
        if s.exercise in EXERCISES:
            self.query_one("#exercise", Select).value = s.exercise
        self.query_one("#method", Select).value = s.method
        self.query_one("#ecc", Input).value = "" if t["ecc_target_s"] is None else f"{t['ecc_target_s']:g}"
        self.query_one("#overload", Input).value = "" if t["overload_target"] is None else f"{t['overload_target']:g}"
        self.query_one("#load", Input).value = "" if s.load_kg is None else f"{s.load_kg:g}"
        self._refresh_help()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "method":
            spec = METHODS.get(str(event.value))
            if spec is not None:   # a new method brings its own default targets
                self.query_one("#ecc", Input).value = "" if spec.ecc_target_s is None else f"{spec.ecc_target_s:g}"
                self.query_one("#overload", Input).value = "" if spec.overload_target is None else f"{spec.overload_target:g}"
        self._refresh_help()

    def result(self) -> SessionSetup:
        s = self.initial
        plate = str(self.query_one("#plate", Select).value)
        if plate == SIMULATED:
            reader, options = SIMULATED, s.reader_options if s.reader == SIMULATED else {}
        else:
            dev = self.devices[int(plate)]
            reader, options = dev.reader, dict(dev.options)
        exercise = self.query_one("#exercise", Select).value
        athlete = self.query_one("#athlete", Input).value.strip() or "athlete"
        return s.with_changes(
            # a weighing belongs to the athlete weighed: another athlete is weighed again
            body_mass_kg=s.body_mass_kg if names.same(athlete, s.athlete) else None,
            reader=reader, reader_options=options,
            athlete=athlete,
            exercise=s.exercise if exercise is Select.BLANK else str(exercise),
            method=str(self.query_one("#method", Select).value),
            ecc_target_s=_num(self.query_one("#ecc", Input).value),
            overload_target=_num(self.query_one("#overload", Input).value),
            ecc_tolerance=_tolerance(self.query_one("#tolerance", Input).value),
            load_kg=_num(self.query_one("#load", Input).value),
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply":
            self.action_apply()
        else:
            self.action_cancel()

    def action_apply(self) -> None:
        setup = self.result()
        warn = setup.safety_warning()
        same_lift = (setup.exercise, setup.method) == (self.initial.exercise, self.initial.method)
        if not warn or (same_lift and self.initial.unsafe_confirmed):
            self.dismiss(setup)
            return
        from tui.screens.confirm_screen import ConfirmUnsafeScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(setup.with_changes(unsafe_confirmed=True))
            # no: stay in setup to choose another lift or method

        self.app.push_screen(ConfirmUnsafeScreen(warn), answered)

    def action_cancel(self) -> None:
        self.dismiss(None)
