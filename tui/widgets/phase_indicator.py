"""The large phase word (REST / LOWERING / RAISING) with the lowering timer against its target."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from forceplate.analysis.events import Phase

WORDS = {
    Phase.EMPTY: "OFF PLATE", Phase.STANDING: "STANDING", Phase.REST: "REST",
    Phase.LOWERING: "LOWERING", Phase.BOTTOM: "BOTTOM", Phase.RAISING: "RAISING",
    Phase.UNKNOWN: "MOVING", Phase.UNSURE: "UNSURE",
}


def timer_bar(elapsed_s: float, target_s: float, width: int) -> str:
    """A bar filling towards the target tempo; past the target it is full."""
    width = max(width, 4)
    filled = int(round(min(elapsed_s / target_s, 1.0) * width)) if target_s > 0 else 0
    return "█" * filled + "░" * (width - filled)


class PhaseIndicator(Widget):
    DEFAULT_CSS = """
    PhaseIndicator { height: auto; min-height: 5; content-align: center middle; text-align: center; border: round $primary; }
    PhaseIndicator.-lowering { border: heavy $error; }
    PhaseIndicator.-raising { border: heavy $accent; }
    """
    phase: reactive[Phase] = reactive(Phase.UNKNOWN)
    elapsed_s: reactive[float] = reactive(0.0)

    def __init__(self, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.target_s: float | None = None
        self.banner = ""          # e.g. "positive failure - negatives now"
        self._shown: tuple[object, ...] | None = None   # nothing shown yet: "WAITING"

    def show(self, phase: Phase, elapsed_s: float, target_s: float | None, banner: str = "") -> None:
        key = (phase, round(elapsed_s, 1), target_s, banner)
        if key == self._shown:
            return          # the text shows tenths: repaint only when it would change
        self._shown = key
        self.target_s = target_s
        self.banner = banner
        self.set_class(phase == Phase.LOWERING, "-lowering")
        self.set_class(phase == Phase.RAISING, "-raising")
        self.phase = phase
        self.elapsed_s = elapsed_s
        self.refresh()

    def render(self) -> Text:
        if self._shown is None:
            return Text("WAITING", style="bold dim", justify="center")
        word = WORDS.get(self.phase, str(self.phase).upper())
        style = {"LOWERING": "bold red", "RAISING": "bold dodger_blue1"}.get(word, "bold")
        text = Text(word, style=style, justify="center")
        if self.phase == Phase.LOWERING:
            target = f" / {self.target_s:.1f} s" if self.target_s else " s"
            text.append(f"\n{self.elapsed_s:4.1f}{target}", style="bold")
            if self.target_s:
                text.append("\n" + timer_bar(self.elapsed_s, self.target_s, self.size.width - 6))
        elif self.phase in (Phase.RAISING, Phase.BOTTOM):
            text.append(f"\n{self.elapsed_s:4.1f} s")
        if self.banner:
            text.append(f"\n{self.banner}", style="bold black on yellow")
        return text
