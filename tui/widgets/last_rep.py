"""The last rep's eccentric and concentric force side by side, in large kg with N beneath (a
jump: its height and eccentric time)."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.widget import Widget

from forceplate.units import G
from sessions.jump_text import depth_text
from tui.bigfont import big_height, fit_scale, render_big
from tui.verdicts import COLOURS, rep_verdict_kind
from tui.widgets.jump_card import big_numbers
from tui.widgets.rep_table import table_verdict

ECC_COLOUR, CON_COLOUR = "#ff3030", "#2f8fff"


def kg_text(load_n: float) -> str:
    """Mean load in kg as shown big: one decimal below 100 kg, whole kg above."""
    kg = load_n / G
    if kg != kg:
        return "-"
    return f"{kg:.1f}" if abs(kg) < 100 else f"{kg:.0f}"


def _bar(value: float, top: float, width: int) -> str:
    if not (top > 0 and value == value):
        return ""
    n = int(round(max(min(value / top, 1.0), 0.0) * width))
    return "█" * n


class LastRepPanel(Widget):
    DEFAULT_CSS = "LastRepPanel { height: 1fr; min-height: 5; border: round $secondary; padding: 0 1; }"

    def __init__(self, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.rep: Any = None
        self.overload_target: float | None = None
        self.border_title = "last rep"
        self._set_line: Callable[[int], str] | None = None

    def show_set_line(self, line: Callable[[int], str] | None) -> None:
        """The set's figures in the bottom border (where the set panel has no room): line(width)
        gives them in at most width cells; None: no line."""
        self._set_line = line
        self._fit_set_line()

    def on_resize(self) -> None:
        self._fit_set_line()

    def _fit_set_line(self) -> None:
        # the border's corners, a line cell and a space each side of the subtitle (at 100x30 a
        # line 4 cells shorter than the panel lost its end to an ellipsis)
        self.border_subtitle = self._set_line(self.outer_size.width - 6) if self._set_line else ""

    def show(self, rep: Any, overload_target: float | None = None) -> None:
        self.rep = rep
        self.overload_target = overload_target
        self.border_title = "last rep" if rep is None else f"last rep · set {rep.set} rep {rep.rep_in_set}"
        self.refresh()

    def render(self) -> Text:
        w, h = self.content_size.width, self.content_size.height
        rep = self.rep
        if rep is None:
            return Text("No reps yet: the last rep's lowering and raising load will show here large.",
                        style="dim")
        e, c = rep.eccentric, rep.concentric
        half = max((w - 1) // 2, 1)
        jump = getattr(rep, "jump", None) if getattr(rep, "movement", "rep") == "jump" else None
        # a jump lifts no load (its eccentric "load" is ~0 by physics): its height and eccentric time
        jump_nums = big_numbers(rep) if jump is not None else {}
        nums = (kg_text(e.mean_load_n), kg_text(c.mean_load_n)) if jump is None else \
            (jump_nums["height"], jump_nums["ecc"])
        kind = rep_verdict_kind(rep)
        verdict = rep.verdict or "-"
        ratio = rep.ecc_con_load_ratio
        ratio_text = f"ecc:con {ratio:.2f}" if ratio == ratio else ""
        if ratio_text and self.overload_target:
            ratio_text += f" / {self.overload_target:.2f}"
        # the big numbers first, then the caption (N and time), then the bars
        scale = min((fit_scale(n, half, max(h - 2, 0)) for n in nums), default=0)
        room = h - 2 - (big_height(scale) if scale else 1)
        style = f"bold {COLOURS[kind]}" if kind else ""

        def pair(left: str, right: str, ls: str, rs: str) -> Text:
            t = Text(left[:half].ljust(half), style=ls)
            t.append(" ")
            t.append(Text(right[:half].ljust(half), style=rs))
            return t

        def caption(p: object) -> str:
            load, dur = getattr(p, "mean_load_n", math.nan), getattr(p, "duration_s", math.nan)
            text = f"kg · {load:.0f} N · {dur:.1f} s"
            return text if len(text) <= half else f"{load:.0f} N · {dur:.1f} s"

        def top_rows(scale: int, with_caption: bool, with_bars: bool) -> list[Text]:
            heads = ("LOWERING", "RAISING") if jump is None else ("JUMP HEIGHT cm", "ECCENTRIC ms")
            if jump is None and scale and not (with_caption and caption(e).startswith("kg")):
                heads = ("LOWERING kg", "RAISING kg")   # the big numbers' unit, where the caption has no room for it
            rows = [pair(*heads, f"bold {ECC_COLOUR}", f"bold {CON_COLOUR}")]
            if scale:
                big = [render_big(n, scale) for n in nums]
                for i in range(big_height(scale)):
                    rows.append(pair(big[0][i], big[1][i], f"bold {ECC_COLOUR}", f"bold {CON_COLOUR}"))
            else:
                units = (" kg", " kg") if jump is None else (" cm", " ms")
                rows.append(pair(nums[0] + units[0], nums[1] + units[1], f"bold {ECC_COLOUR}", f"bold {CON_COLOUR}"))
            if with_caption and jump is None:
                rows.append(pair(caption(e), caption(c), "", ""))
            elif with_caption and jump is not None:
                rows.append(pair(f"RSI-mod {jump_nums['rsi']}", depth_text(jump.type, jump.countermovement_depth_m),
                                 "", ""))
            top = max(e.mean_load_n, c.mean_load_n)
            if with_bars and jump is None:
                rows.append(pair(_bar(e.mean_load_n, top, half), _bar(c.mean_load_n, top, half),
                                 ECC_COLOUR, CON_COLOUR))
            return rows

        # the verdict's words matter more than the bars, then than the caption (a two-check
        # verdict, "lowering on target; overload on target", takes two rows at 80x24 and the
        # lowering time is in the phase panel above), then than the numbers' size
        layouts = [(scale, room >= 1, room >= 2), (scale, room >= 1, False), (scale, False, False), (0, False, False)]
        for layout in dict.fromkeys(layouts):
            rows = top_rows(*layout)
            lines = verdict_lines(verdict, ratio_text, style, w, h - len(rows))
            if lines is not None:
                break
        else:   # as much of the short form as there is room for, its cut marked
            rows = top_rows(scale, False, False)
            lines = [Text(line, style=style) for line in textwrap.wrap(table_verdict(verdict), max(w, 1))]
            lines = lines[:max(h - len(rows), 1)]
            if lines:
                lines[-1] = Text(lines[-1].plain[:max(w - 1, 0)] + "…", style=style)
        keep = [*rows, *lines][:h]
        return Text("\n", no_wrap=True, overflow="crop").join(keep)


def verdict_lines(verdict: str, ratio_text: str, style: str, width: int, rows: int) -> list[Text] | None:
    """The verdict (then ecc:con, plain) in at most rows lines of at most width cells: the whole
    sentence, else the table's short form ("lowering on target": the time is in the caption),
    else that without the ratio (the table has it); None when even that does not fit. Cropped,
    the sentence lost its end at 80x24: "lowered in 5.5 s, target 6.0", without "on target"."""
    if width <= 0 or rows <= 0:
        return None
    short = table_verdict(verdict)
    for text, ratio in ((verdict, ratio_text), (short, ratio_text), (short, "")):
        lines = [Text(line, style=style) for line in textwrap.wrap(text, width)] or [Text("-")]
        if ratio and lines[-1].cell_len + 3 + len(ratio) <= width:
            lines[-1].append(f"   {ratio}", style="")
        elif ratio:
            lines.append(Text(ratio))
        if len(lines) <= rows:
            return lines
    return None
