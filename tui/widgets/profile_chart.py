"""Every rep's eccentric and concentric force profile, time-normalised and overlaid."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widget import Widget

from tui.chart_render import render_profiles
from tui.messages import RepProfile


class ProfileChart(Widget):
    DEFAULT_CSS = "ProfileChart { height: 1fr; min-height: 8; }"

    def __init__(self, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.profiles: list[RepProfile] = []

    def set_profiles(self, profiles: Sequence[RepProfile]) -> None:
        self.profiles = [p for p in profiles if len(p.ecc_force_n) and len(p.con_force_n)]
        self.refresh()

    def render(self) -> Text:
        if not self.profiles:
            return Text("No complete reps yet: every rep's eccentric and concentric force will be overlaid here.")
        w, h = self.size.width, self.size.height
        shown = self.profiles[-8:]   # more than ~8 lines in a terminal chart is unreadable
        text = render_profiles([p.ecc_force_n for p in shown], [p.con_force_n for p in shown],
                               profile_labels(shown), w, h)
        return Text.from_ansi(text, no_wrap=True)


def profile_labels(profiles: Sequence[RepProfile]) -> list[str]:
    """'S1 R2' for reps of one analysis; with its name ('rec 2 S1 R2') where they come from
    several, each numbering from set 1 rep 1 (a second recording repeated 'S1 R1')."""
    several = len({p.run for p in profiles}) > 1
    return [f"{p.run} S{p.set} R{p.rep}" if several and p.run else f"S{p.set} R{p.rep}" for p in profiles]
