"""The replay timeline: the whole session across the screen, sets and reps marked, the cursor."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


def clock(t_s: float) -> str:
    t = int(max(t_s, 0.0))
    h, m, s = t // 3600, t % 3600 // 60, t % 60
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Timeline(Widget):
    DEFAULT_CSS = "Timeline { height: 2; padding: 0 1; background: $panel; }"

    def __init__(self, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.duration_s = 0.0
        self.position_s = 0.0
        self.sets: list[tuple[int, float, float]] = []   # (set, start, end), session-relative s
        self.rep_starts: list[float] = []

    def set_marks(self, sets: list[tuple[int, float, float]], rep_starts: list[float]) -> None:
        self.sets, self.rep_starts = sets, rep_starts
        self.refresh()

    def show(self, position_s: float, duration_s: float) -> None:
        if (round(position_s, 1), duration_s) != (round(self.position_s, 1), self.duration_s):
            self.position_s, self.duration_s = position_s, duration_s
            self.refresh()

    def _col(self, t_s: float, width: int) -> int:
        if self.duration_s <= 0:
            return 0
        return int(min(max(t_s / self.duration_s, 0.0), 1.0) * (width - 1))

    def render(self) -> Text:
        w = self.content_size.width
        if w < 10:
            return Text("")
        labels = [" "] * w
        bar = ["─"] * w
        kind = [0] * w          # 0 base, 1 set, 2 rep
        for n, a, b in self.sets:
            ca, cb = self._col(a, w), self._col(b, w)
            for c in range(ca, cb + 1):
                bar[c], kind[c] = "━", 1
            tag = f"S{n}"
            if all(ch == " " for ch in labels[ca:ca + len(tag) + 1]):
                labels[ca:ca + len(tag)] = list(tag)
        for t in self.rep_starts:
            c = self._col(t, w)
            bar[c], kind[c] = "╋", 2
        cur = self._col(self.position_s, w)
        text = Text("".join(labels)[:w], style="bold", no_wrap=True)
        text.append("\n")
        styles = {0: "dim", 1: "#2f8fff", 2: "bold"}
        for c in range(w):
            played = c <= cur
            style = styles[kind[c]] + ("" if played else " dim")
            if c == cur:
                text.append("█", style="bold #d29922")
            else:
                text.append(bar[c], style=style)
        return text
