"""The live screen's keys: record, theme, compare, jumps, library, open (mixed into LiveScreen;
self is the screen). Setup and weighing are in live_setup."""

from __future__ import annotations

from pathlib import Path

from tui import parts


class LiveActions:
    """Mixed into LiveScreen: its key actions."""

    def action_toggle_record(self) -> None:
        p = self.pipeline
        if p is None or p.info is None:
            self.notify("No plate to record from", severity="error")
            return
        if self.data_dir is None:
            self.notify("Recording is off here (no data folder)", severity="warning")
            return
        if p.recording:
            p.stop_recording()
        else:
            from sessions.paths import cannot_save

            why = cannot_save(self.data_dir)   # asked at each start: a folder made writable meanwhile records
            if why:
                self.notify(why, title="Not recording", severity="error", timeout=12)
                return
            an = p.analyser
            meta = parts.make_meta(p.info, self.setup_state, getattr(an, "body_mass_kg", None),
                                   getattr(an, "system_mass_kg", None))
            p.start_recording(meta)
        # Show the new state at once; the pipeline's status message confirms it shortly.
        if not self.threaded:
            p._maybe_status(force=True)

    def action_toggle_theme(self) -> None:
        self.app.theme = "textual-light" if self.app.theme != "textual-light" else "textual-dark"

    def action_compare(self) -> None:
        from tui.screens.compare_screen import CompareScreen

        profiles = list(self.pipeline.profiles) if self.pipeline is not None else []
        info = self.pipeline.info if self.pipeline is not None else None
        self.app.push_screen(CompareScreen(profiles, self.all_reps, simulated=bool(info and info.simulated)))

    def action_jumps(self) -> None:
        from tui.screens.jump_screen import JumpScreen

        self.app.push_screen(JumpScreen(lambda: self.all_reps))

    def action_library(self) -> None:
        from tui.screens.library_screen import LibraryScreen

        if self.data_dir is None:
            self.notify("No data folder", severity="warning")
            return
        self.app.push_screen(LibraryScreen(self.data_dir))

    def action_open_session(self) -> None:
        from tui.screens.open_screen import OpenSessionScreen

        if self.data_dir is None:
            self.notify("No data folder", severity="warning")
            return

        def opened(path: Path | None) -> None:
            if path is not None:
                self.app.open_replay(path)  # type: ignore[attr-defined]

        sessions = self.data_dir / "sessions"   # the library keeps the session files here
        self.app.push_screen(OpenSessionScreen(sessions if sessions.is_dir() else self.data_dir), opened)
