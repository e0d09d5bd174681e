"""The live screen's plate status line and the pipeline's and recording's toasts (mixed into
LiveScreen; self is the screen)."""

from __future__ import annotations

from rich.text import Text

from forceplate.reader import Connection
from tui import messages as m
from tui.widgets.plate_status import PlateStatusBar, status_text


class LiveStatus:
    """Mixed into LiveScreen: the plate's state and what became of a recording."""

    def on_plate_status(self, msg: m.PlateStatus) -> None:
        old = self.status.connection if self.status is not None else None
        self.status = msg.status
        if msg.status.connection == Connection.DISCONNECTED and old != Connection.DISCONNECTED:
            self.notify("Plate disconnected - reconnecting ...", title="Plate", severity="error", timeout=8)
        elif old == Connection.DISCONNECTED and msg.status.connection == Connection.CONNECTED:
            self.notify("Plate reconnected", title="Plate", timeout=4)
        self.query_one(PlateStatusBar).show(self.status_line(msg))
        self.after_status()

    def after_status(self) -> None:
        """Hook: the replay screen updates its timeline here."""


    def status_line(self, msg: m.PlateStatus) -> Text:
        """The plate status line (a hook: the replay screen adds position and speed)."""
        elapsed = (msg.time_s - msg.recording_started_s) if msg.recording_started_s is not None else None
        info = self.pipeline.info if self.pipeline is not None else None
        return status_text(info, msg.status, msg.recording, elapsed, self.SOURCE)

    def on_pipeline_fault(self, msg: m.PipelineFault) -> None:
        self.notify(msg.text, title="Problem", severity=msg.severity, timeout=10)  # type: ignore[arg-type]

    def on_recording_started(self, msg: m.RecordingStarted) -> None:
        self.notify("Recording", timeout=2)

    def on_recording_saved(self, msg: m.RecordingSaved) -> None:
        if msg.path is not None and self._setup_changed_while_recording:
            self._show_saved_reps(msg.path)
        self._setup_changed_while_recording = False
        if msg.path is not None:
            self.saved_paths.append(msg.path)
            self.notify(f"Saved {msg.path.name}", title="Session saved", timeout=5)
        elif msg.error:
            self.notify(f"Recording not saved: {msg.error}", title="Recording", severity="error", timeout=10)

    def on_source_ended(self, msg: m.SourceEnded) -> None:
        self.ended = True
        self.notify("End of the recording", timeout=3)
        self.redraw()

