"""The live screen's setup and weighing: `s` and `w`, and what a new setup does to the running
analysis and recording (split from live_screen.py by job)."""

from __future__ import annotations

from typing import Any

from forceplate.analysis.events import Phase
from sessions import names
from tui import messages as m
from tui import parts
from tui.setup_state import SessionSetup

TITLE_NAME_CELLS = 32   # a longer athlete name is cut ("…"): a whole one pushed the exercise and method off the title


def describe(setup: SessionSetup) -> str:
    """athlete · exercise · method · load, for titles."""
    from rich.text import Text

    load = f" · {setup.load_kg:g} kg" if setup.load_kg else ""
    who = Text(str(setup.athlete))
    who.truncate(TITLE_NAME_CELLS, overflow="ellipsis")
    return f"{who.plain} · {setup.exercise} · {setup.method}{load}"


class SetupActions:
    """Mixed into LiveScreen (self is the screen)."""

    def action_setup(self: Any) -> None:
        from tui.screens.setup_screen import SetupScreen

        known = list(getattr(getattr(self.app, "settings", None), "athletes", []) or [])
        self.app.push_screen(SetupScreen(self.setup_state, athletes=known,
                                         recall=self._recall), self._apply_setup)

    def _recall(self: Any, athlete: str) -> SessionSetup | None:
        """An athlete's remembered setup, for the setup screen to fill in."""
        settings = getattr(self.app, "settings", None)
        if settings is None or athlete not in settings.athletes:
            return None
        return settings.setup_for(athlete, self.setup_state)  # type: ignore[no-any-return]

    def _apply_setup(self: Any, setup: SessionSetup | None) -> None:
        if setup is None:
            return
        plate_changed = (setup.reader, setup.reader_options, setup.profile) != (
            self.setup_state.reader, self.setup_state.reader_options, self.setup_state.profile)
        filing_changed = describe(setup) != describe(self.setup_state)
        athlete_changed = not names.same(setup.athlete, self.setup_state.athlete)
        old_load = self.setup_state.load_kg
        self.setup_state = setup
        self.sub_title = self._subtitle()
        self._show_safety()
        remember = getattr(self.app, "remember_setup", None)
        if remember is not None:
            remember(setup)
        if self.pipeline is not None and self.pipeline.recording and not plate_changed:
            # the recording so far belongs to the new athlete / lift / targets: file it so
            an = self.pipeline.analyser
            self.pipeline.command("retitle", parts.make_meta(
                self.pipeline.info, setup, getattr(an, "body_mass_kg", None), getattr(an, "system_mass_kg", None)))
            if filing_changed:
                self.notify(f"This recording will be saved for {setup.athlete}", title="Recording", timeout=4)
        if plate_changed:
            self.stop_pipeline()
            self.open_source = lambda: parts.open_reader(setup)
            self.on_pipeline_reset(m.PipelineReset())
            self._build_pipeline()
            self.refresh_bindings()
        elif self.pipeline is not None:
            if setup.load_kg != old_load:
                self.pipeline.use_load(setup.load_kg)   # the simulated lifter's next set
            self._setup_changed_while_recording |= self.pipeline.recording
            # the body weighed so far is the one on the plate: kept, unless another athlete was
            # named while the plate is empty (the next one on it is weighed as they step on)
            an = self.pipeline.analyser
            empty = an is None or getattr(an, "phase", None) == Phase.EMPTY
            self.pipeline.reconfigure(self._analyser_factory(), keep_weighing=not (athlete_changed and empty))
            if self._set_in_hand():
                return   # the set done stays as shown, judged by the setup it was done under (on_pipeline_reset)
        self._show_summary()

    def action_weigh(self: Any) -> None:
        from tui.screens.weigh_screen import WeighScreen

        if self.pipeline is None:
            self.notify("No plate", severity="error")
            return
        self.app.push_screen(WeighScreen(self.pipeline, load_kg=self.setup_state.load_kg), self._apply_weight)

    def _apply_weight(self: Any, body_mass_kg: float | None) -> None:
        if body_mass_kg is not None:
            self._apply_setup(self.setup_state.with_changes(body_mass_kg=body_mass_kg))
            self.notify(f"Body mass {body_mass_kg:.1f} kg", title="Weighed")
