"""The Textual app: lands on the live screen at once; setup, weigh, replay, library are a key away."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from forceplate.errors import EccentricError
from forceplate.reader import Reader
from tui import parts
from tui.screens.live_screen import LiveScreen
from tui.screens.replay_screen import ReplayScreen
from tui.settings import Settings
from tui.setup_state import SessionSetup
from tui.textual_fixes import GUARDED  # noqa: F401 - a Textual OptionList KeyError (see module)


class EccentricApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "eccentric"
    # F1 works everywhere, dialogs too (priority); "?" on screens whose fields would not take it
    BINDINGS = [Binding("f1", "help", "Help", priority=True),
                Binding("question_mark", "help", "Help", show=False)]

    def __init__(self, setup: SessionSetup, data_dir: Path | None, *, replay_path: Path | None = None,
                 replay_speed: float = 1.0, threaded: bool = True,
                 open_source: Callable[[], Reader] | None = None,
                 open_replay_source: Callable[[Path, float], Reader] | None = None,
                 make_analyser: Callable[[Any, SessionSetup], Any] | None = None,
                 settings: Settings | None = None) -> None:
        super().__init__()
        # None: nothing is read or written (tests); the dashboard command passes the user's file
        self.settings = settings if settings is not None else Settings()
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.setup_state = setup
        self.data_dir = data_dir
        self.replay_path = replay_path
        self.replay_speed = replay_speed
        self.threaded = threaded
        self.make_analyser = make_analyser
        self._open_source = open_source or (lambda: parts.open_reader(self.setup_state))
        self._open_replay_source = open_replay_source or (
            lambda path, speed: parts.open_replay(path, speed=speed, realtime=True))

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Every toast is plain text: names and paths the user typed ("[b]Ana[/b] [/]") are no
        markup (one such athlete's "saved for ..." toast crashed the dashboard)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def on_mount(self) -> None:
        if self.replay_path is not None:
            self.push_screen(self.replay_screen(self.replay_path, self.replay_speed))
        else:
            self.push_screen(LiveScreen(self._open_source, self.setup_state, self.data_dir,
                                        threaded=self.threaded, make_analyser=self.make_analyser))
            self.offer_recovery()
            self.ask_unsafe_at_start()
        if not self.is_headless:   # a real terminal (Pilot tests call stop_on_signal themselves)
            self._catch_quit_signals()

    def _catch_quit_signals(self) -> None:
        """The terminal window closed (SIGHUP), `tmux kill-session`, `kill`: the recording is
        saved as q saves it. Python's default for both was to die at once, leaving a journal to
        recover at the next start."""
        import asyncio

        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            with contextlib.suppress(ValueError, RuntimeError, NotImplementedError):
                loop.add_signal_handler(signum, self.stop_on_signal, signum)

    def stop_on_signal(self, signum: int) -> None:
        """Save a running recording first, at once (with the terminal gone, whatever Textual
        does on its way out may fail), then quit as q does. A save that fails keeps the journal."""
        for screen in list(self.screen_stack):
            if isinstance(screen, LiveScreen):
                with contextlib.suppress(Exception):
                    screen.stop_pipeline()
        self.exit(0)

    def watch_theme(self, theme: str) -> None:
        """The theme is remembered with the other settings."""
        settings = getattr(self, "settings", None)
        if settings is not None and settings.theme != theme:
            settings.theme = theme
            settings.save()

    def remember_setup(self, setup: SessionSetup) -> None:
        self.setup_state = setup
        self.settings.remember(setup)
        err = self.settings.save()
        if err:
            self.notify(err, title="Settings", severity="warning", timeout=6)

    def ask_unsafe_at_start(self) -> None:
        """Flags that name an unsafe lift x method (`eccentric --exercise deadlift --method
        forced_negative`) get the same explicit confirmation as the setup screen; Cancel opens setup."""
        warn = self.setup_state.safety_warning()
        if not warn or self.setup_state.unsafe_confirmed:
            return
        from tui.screens.confirm_screen import ConfirmUnsafeScreen

        def answered(yes: bool | None) -> None:
            live = next((s for s in self.screen_stack if isinstance(s, LiveScreen)), None)
            if live is None:
                return
            if yes:
                live._apply_setup(live.setup_state.with_changes(unsafe_confirmed=True))
            else:
                live.action_setup()

        self.push_screen(ConfirmUnsafeScreen(warn), answered)

    def action_help_quit(self) -> None:
        """Ctrl-C with no text selected (the screen's copy passes it on; a field's copy keeps it):
        quit as q does, a recording stopped and saved. Textual only toasted "press q to quit",
        and a coach's reflex to stop the dashboard seemed to do nothing."""
        self.exit()

    def action_help(self) -> None:
        from tui.screens.help_screen import HelpScreen, screen_keys

        screen = self.screen
        if isinstance(screen, HelpScreen):   # F1 again closes it
            screen.dismiss(None)
            return
        title = getattr(screen, "HELP_TITLE", None) or type(screen).__name__.replace("Screen", "").lower()
        self.push_screen(HelpScreen(title, getattr(screen, "HELP", "") or "", screen_keys(screen)))

    def offer_recovery(self) -> None:
        """A recording that did not stop (crash, kill) is offered for recovery at start."""
        from sessions.paths import cannot_save

        if self.data_dir is None or cannot_save(self.data_dir):   # a read-only folder: kept for later
            return
        try:
            journals = parts.library(self.data_dir).unfinished()
        except Exception:
            return
        if journals:
            from tui.screens.recover_screen import RecoverScreen

            self.push_screen(RecoverScreen(journals), lambda yes: self._recover(journals) if yes else None)

    def _recover(self, journals: list[Path]) -> None:
        self.notify(f"Recovering {len(journals)} recording(s) ...", title="Recovery")
        self.run_worker(lambda: self._recover_in_thread(journals), thread=True, group="recover")

    def _recover_in_thread(self, journals: list[Path]) -> None:
        assert self.data_dir is not None
        lib = parts.library(self.data_dir)
        for journal in journals:
            try:
                path = lib.recover(journal)
            except Exception as err:  # one line per journal, never a traceback
                self.call_from_thread(self.notify, f"{journal.name}: {err}", title="Recovery failed",
                                      severity="error", timeout=10, markup=False)
            else:
                done = f"Saved {path.name}" if path is not None else f"{journal.name}: nothing to save"
                self.call_from_thread(self.notify, done, title="Recovered", markup=False)

    def replay_screen(self, path: Path, speed: float = 1.0) -> ReplayScreen:
        return ReplayScreen(path, lambda: self._open_replay_source(path, speed), self.setup_state,
                            threaded=self.threaded, make_analyser=self.make_analyser)

    def open_replay(self, path: Path) -> None:
        self.push_screen(self.replay_screen(path))

    def open_compare(self, path: Path) -> None:
        from tui.rep_profiles import profiles_from_session
        from tui.screens.compare_screen import CompareScreen

        try:
            stored = parts.read_session(path)
            profiles = profiles_from_session(stored)
        except EccentricError as err:
            self.notify(str(err), title="Cannot open session", severity="error", timeout=10)
            return
        self.push_screen(CompareScreen(profiles, title=path.name, simulated=bool(stored.info.simulated)))
        if note := parts.left_out_note(stored):
            self.notify(note, title=path.name, severity="warning", timeout=10, markup=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, LiveScreen):
            yield SystemCommand("Record / stop recording", "Start or stop saving this session", screen.action_toggle_record)
            yield SystemCommand("Setup", "Plate, athlete, exercise, method, targets, load", screen.action_setup)
            yield SystemCommand("Tare and weigh", "Guided tare and body weighing", screen.action_weigh)
            yield SystemCommand("Compare reps", "Overlay every rep's force profile", screen.action_compare)
            yield SystemCommand("Jump test", "One jump at a time, its key numbers large (key j)", screen.action_jumps)
            yield SystemCommand("Session library", "List, filter, replay and export sessions", screen.action_library)
            yield SystemCommand("Open session file", "Replay a saved session picked from the folder", screen.action_open_session)
