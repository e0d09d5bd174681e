"""Rep comparison: every rep's eccentric and concentric force profile overlaid, time-normalised."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Label

from tui.messages import RepProfile
from tui.widgets.profile_chart import ProfileChart


class CompareScreen(Screen[None]):
    BINDINGS = [Binding("escape,c", "app.pop_screen", "Back")]

    def __init__(self, profiles: Sequence[RepProfile], reps: Sequence[Any] = (), title: str = "",
                 simulated: bool = False) -> None:
        super().__init__()
        self.simulated = simulated
        self.profiles = list(profiles)
        self.reps = list(reps)
        self.heading = title

    def compose(self) -> ComposeResult:
        yield Header()
        n = sum(1 for p in self.profiles if len(p.ecc_force_n) and len(p.con_force_n))   # those drawn
        shown = min(n, 8)
        where = f" of {self.heading}" if self.heading else ""
        yield Label(f"Rep comparison{where}: {n} reps ({shown} newest shown) - "
                    "lowering left, raising right, time-normalised", id="compare-help",
                    markup=False)   # the title is a file name: "run [1].parquet" is no markup
        yield ProfileChart(id="profiles")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "rep comparison" + (" · SIMULATED" if self.simulated else "")
        self.query_one(ProfileChart).set_profiles(self.profiles)
