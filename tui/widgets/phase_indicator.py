"""The phase word and the lowering timer in large type, coloured by phase, filling their panel."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from forceplate.analysis.events import Phase
from tui.bigfont import big_height, fit_scale, render_big

WORDS = {
    Phase.EMPTY: "OFF PLATE", Phase.STANDING: "STANDING", Phase.REST: "REST",
    Phase.LOWERING: "LOWERING", Phase.BOTTOM: "BOTTOM", Phase.RAISING: "RAISING",
    Phase.UNKNOWN: "MOVING", Phase.UNSURE: "UNSURE",
}
COLOURS = {
    "LOWERING": "#ff3030", "RAISING": "#2f8fff", "BOTTOM": "#d29922", "REST": "#2ea043",
    "STANDING": "#2ea043", "OFF PLATE": "#808080", "MOVING": "#c0c0c0", "UNSURE": "#d29922",
    "END": "#808080", "WAITING": "#808080", "PAUSED": "#c0c0c0",
}
TIMED = (Phase.LOWERING, Phase.BOTTOM, Phase.RAISING)
ON_TARGET, OVER_TARGET = "#2ea043", "#d29922"
TOLERANCE = 0.2   # share of the target that still counts as on target (as the verdicts do)


def phase_word(phase: Phase | str) -> str:
    if isinstance(phase, Phase):
        return WORDS.get(phase, phase.value.upper())
    return str(phase).upper()


def timer_bar(elapsed_s: float, target_s: float, width: int) -> str:
    """A bar filling towards the target tempo; past the target it is full."""
    width = max(width, 4)
    filled = int(round(min(elapsed_s / target_s, 1.0) * width)) if target_s > 0 else 0
    return "█" * filled + "░" * (width - filled)


def timer_colour(elapsed_s: float, target_s: float | None) -> str:
    """While lowering: plain until the target is near, green on target, amber well past it."""
    if not target_s:
        return ""
    if elapsed_s < target_s * (1 - TOLERANCE):
        return ""
    return ON_TARGET if elapsed_s <= target_s * (1 + TOLERANCE) else OVER_TARGET


def _big_lines(text: str, scale: int, style: str, width: int) -> list[Text]:
    return [Text(line.center(width)[:width], style=style) for line in render_big(text, scale)]


class PhaseIndicator(Widget):
    DEFAULT_CSS = """
    PhaseIndicator { height: 1fr; min-height: 5; border: round $primary; padding: 0 1; }
    PhaseIndicator.-lowering { border: heavy #ff3030; }
    PhaseIndicator.-raising { border: heavy #2f8fff; }
    PhaseIndicator.-unsure { border: dashed #d29922; }
    """

    def __init__(self, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.phase: Phase | str = Phase.UNKNOWN
        self.elapsed_s = 0.0
        self.target_s: float | None = None
        self.banner = ""          # e.g. "FAILURE: negatives now (2)"
        self.unsure = False       # the analyser is not sure of the phase it reports
        self.last_ecc_s: float | None = None
        self._shown: tuple[object, ...] | None = None   # nothing shown yet: "WAITING"
        self.border_title = "phase"

    def show(self, phase: Phase | str, elapsed_s: float, target_s: float | None, banner: str = "",
             unsure: bool = False, last_ecc_s: float | None = None) -> None:
        # The timer shows tenths, and only in a timed phase: repaint only when what is shown
        # changes (standing or resting, the panel stays as it is between phase changes).
        shown_s = round(elapsed_s, 1) if phase in TIMED else None
        key = (phase, shown_s, target_s, banner, unsure, last_ecc_s)
        if key == self._shown:
            return
        self._shown = key
        self.phase, self.elapsed_s, self.target_s = phase, elapsed_s, target_s
        self.banner, self.unsure, self.last_ecc_s = banner, unsure, last_ecc_s
        self.set_class(phase == Phase.LOWERING and not unsure, "-lowering")
        self.set_class(phase == Phase.RAISING and not unsure, "-raising")
        self.set_class(unsure, "-unsure")
        self.border_title = self.title_text()
        self.refresh()

    def _guessing(self) -> bool:
        """Unsure, with a phase to guess at (an UNSURE phase has no guess to show: "(unsure?)")."""
        return self.unsure and self.phase != Phase.UNSURE

    def title_text(self) -> str:
        """The phase in plain words (also what screen readers and the tmux test read)."""
        if self._shown is None:
            return "phase"
        word = phase_word(self.phase)
        return f"UNSURE ({word.lower()}?)" if self._guessing() else word

    def _timer(self) -> tuple[str, str, str]:
        """(big text, its colour, the small caption under it)."""
        if self.phase == Phase.LOWERING:
            target = f"/{self.target_s:g}" if self.target_s else ""
            return (f"{self.elapsed_s:.1f}{target}", timer_colour(self.elapsed_s, self.target_s),
                    "lowering s / target" if self.target_s else "lowering s")
        if self.phase in TIMED:
            return f"{self.elapsed_s:.1f}", "", f"{phase_word(self.phase).lower()} s"
        if self.last_ecc_s is not None:
            return f"{self.last_ecc_s:.1f}", "dim", "last lowering s"
        return "", "", ""

    def _layout(self, word: str, timer: str, has_bar: bool, w: int, h: int) -> tuple[int, int, bool, bool]:
        """(word scale, timer scale, bar?, caption?): the biggest word first, then the biggest
        timer, then the target bar, then the caption; scale 0 = one plain line."""
        fixed = (1 if self.banner else 0) + (1 if self._guessing() else 0)
        wmax = fit_scale(word, w, h, 4)
        tmax = fit_scale(timer, w, h, 4) if timer else 0
        for ws in range(wmax, -1, -1):
            for ts in range(min(tmax, max(ws, 1)), -1, -1):
                for bar, cap in ((has_bar, bool(timer) and ts > 0), (has_bar, False), (False, False)):
                    rows = (big_height(ws) if ws else 1) + fixed + int(bar) + int(cap)
                    rows += (big_height(ts) if ts else 1) if timer else 0
                    if rows <= h:
                        return ws, ts, bar, cap
        return 0, 0, False, False

    def render(self) -> Text:
        w, h = self.content_size.width, self.content_size.height
        if self._shown is None:
            word = "WAITING"
        elif self.unsure:
            word = "UNSURE"
        else:
            word = phase_word(self.phase)
        colour = COLOURS.get(word, "")
        timer, tcolour, caption = self._timer()
        has_bar = self.phase == Phase.LOWERING and bool(self.target_s)
        ws, ts, bar, cap = self._layout(word, timer, has_bar, w, h)
        lines: list[Text] = []
        if ws:
            lines += _big_lines(word, ws, f"bold {colour}", w)
        else:
            lines.append(Text(word.center(w), style=f"bold {colour}"))
        if self._guessing():
            lines.append(Text(f"({phase_word(self.phase).lower()}?)".center(w), style=colour))
        if timer and ts:
            lines += _big_lines(timer, ts, f"bold {tcolour}", w)
            if cap:
                lines.append(Text(caption.center(w), style="dim"))
        elif timer:
            lines.append(Text(f"{timer} ({caption})".center(w), style=f"bold {tcolour}"))
        if bar:
            lines.append(Text(timer_bar(self.elapsed_s, self.target_s or 0.0, w), style=tcolour or colour))
        if self.banner:
            lines.append(Text(self.banner.center(w), style="bold black on yellow"))
        # centre the block vertically in the panel
        pad = max((h - len(lines)) // 2, 0)
        out = Text("\n" * pad, no_wrap=True, overflow="crop")
        out.append(Text("\n").join(lines[:h]))
        return out

