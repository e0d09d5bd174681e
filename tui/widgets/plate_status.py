"""One line of plate health: SIMULATED badge, plate, achieved rate, drops, connection, recording."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from forceplate.reader import Connection, ReaderStatus
from forceplate.samples import ReaderInfo


def status_text(info: ReaderInfo | None, status: ReaderStatus | None, recording: bool | None,
                rec_elapsed_s: float | None, source: str = "", detail: str = "") -> Text:
    """recording None: no recording state (a replay records nothing; its '○ not recording' cut
    the drop count off the line's end at 100 columns)."""
    t = Text(no_wrap=True, overflow="ellipsis")
    if info is not None and info.simulated:
        t.append(" SIMULATED ", style="bold reverse yellow")
        t.append(" ")
    if recording:
        el = f" {int(rec_elapsed_s or 0) // 60:02d}:{int(rec_elapsed_s or 0) % 60:02d}"
        t.append(f" ● REC{el} ", style="bold reverse red")
    elif recording is not None:
        t.append(" ○ not recording ", style="dim")
    if recording is not None:
        t.append(" ")
    if source:
        t.append(f"{source}  ", style="bold")
    if detail:   # e.g. the replay's position, speed and PAUSED: before what may be cut off
        t.append(f"{detail}  ", style="bold")
    if info is not None:
        t.append(f"{info.name}  ")
        if "battery_percent" in info.extra:   # plates that report it (Go Direct), read at connect
            t.append(f"battery {info.extra['battery_percent']} %  ")
        if "firmware" in info.extra:
            t.append(f"fw {info.extra['firmware']}  ", style="dim")
    if status is not None:
        conn = status.connection
        if conn == Connection.DISCONNECTED:
            t.append(" DISCONNECTED - reconnecting ", style="bold reverse red")
        elif conn == Connection.ENDED:
            t.append(" ended ", style="bold")
        t.append(f" {status.achieved_rate_hz:.0f} Hz  dropped {status.dropped_samples}")
        if status.rejected_reports:
            t.append(f"  bad reports {status.rejected_reports}")
    return t


class PlateStatusBar(Widget):
    DEFAULT_CSS = "PlateStatusBar { height: 1; background: $panel; }"

    def __init__(self, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self._text = Text("opening the plate ...")

    def show(self, text: Text) -> None:
        if text == self._text:   # the same words and styles: nothing to repaint (4 status messages a second)
            return
        self._text = text
        self.refresh()

    def render(self) -> Text:
        return self._text
