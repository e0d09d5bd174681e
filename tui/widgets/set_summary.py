"""The set summary: reps, time under tension, eccentric overload against target, concentric slowdown."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widget import Widget

from sessions.jump_text import best_height_m, rep_height_m


def summary_text(reps: list[Any], summary: Any | None, overload_target: float | None,
                 negatives: int | None) -> Text:
    """The panel's text from the current set's reps (live) or the ended set's SetSummary.
    Jumps lift no bar: their panel gives jump figures, not load ratios and slowdowns."""
    if reps and all(getattr(r, "movement", "rep") == "jump" for r in reps):
        return jump_summary_text(reps)
    t = Text()
    n, tut, ratio, slow = set_figures(reps, summary)
    t.append(f"Set {summary.set} done\n" if summary is not None else "Current set\n", style="bold")
    t.append(f"reps {n}   TUT {tut:.1f} s\n")
    over = f"{ratio:.2f}" if ratio == ratio else "-"
    target = f" / {overload_target:.2f}" if overload_target else ""
    # bodyweight reps (no bar): the load is the body, the ratio the phases' mean forces
    body = bool(reps) and all(getattr(r, "movement", "rep") == "bodyweight" for r in reps)
    t.append(f"ecc:con {'force' if body else 'load'} {over}{target}\n")
    t.append(f"con slowdown x{slow:.2f}" if slow == slow else "con slowdown -")
    if negatives is not None:
        t.append(f"\nnegatives {negatives}", style="bold")
    if summary is not None and summary.verdict:
        t.append(f"\n{summary.verdict}", style="italic")
    return t


def set_figures(reps: list[Any], summary: Any | None) -> tuple[int, float, float, float]:
    """(reps, time under tension s, mean ecc:con load ratio, concentric slowdown) of the ended
    set's SetSummary, else of the current set's reps."""
    if summary is not None:
        return (summary.reps, summary.time_under_tension_s, summary.mean_ecc_con_load_ratio,
                summary.concentric_slowdown)
    tut = sum(r.time_under_tension_s for r in reps)
    ratios = [r.ecc_con_load_ratio for r in reps if r.ecc_con_load_ratio == r.ecc_con_load_ratio]
    ratio = sum(ratios) / len(ratios) if ratios else float("nan")
    cons = [r.concentric.duration_s for r in reps]
    # no slowdown from fewer than 2 raises: "x1.00" beside "reps 0" read as a measured none
    slow = (cons[-1] / cons[0]) if len(cons) >= 2 and cons[0] > 0 else float("nan")
    return len(reps), tut, ratio, slow


def summary_line(reps: list[Any], summary: Any | None, overload_target: float | None,
                 negatives: int | None, width: int = 80) -> str:
    """The set panel in one line of at most width cells, for a side panel with no room for the
    panel: reps, TUT, ecc:con, negatives (the target, then "set N done", left out first where the
    line is too long) - "" before the first rep of a set."""
    if not reps and summary is None:
        return ""
    if reps and all(getattr(r, "movement", "rep") == "jump" for r in reps):
        best = best_height_m(reps)
        jumps = f"{len(reps)} jump{'s' * (len(reps) != 1)}"
        forms = [jumps + (f" · best {best * 100:.1f} cm" if best is not None else ""), jumps]
    else:
        n, tut, ratio, _ = set_figures(reps, summary)
        done = f"set {summary.set} done · " if summary is not None else ""
        neg = f" · neg {negatives}" if negatives is not None else ""
        over = f" · ecc:con {ratio:.2f}" if ratio == ratio else ""
        target = f"/{overload_target:.2f}" if over and overload_target else ""
        count = f"{n} rep{'s' * (n != 1)}"
        figures = f"{count} · TUT {tut:.0f} s"
        forms = [done + figures + over + target + neg, done + figures + over + neg, figures + over + neg,
                 figures + neg, count + neg]
    return next((f for f in forms if len(f) <= width), forms[-1][:max(width, 0)])


def jump_summary_text(reps: list[Any]) -> Text:
    """The panel for jumps: how many, best and mean height, mean RSI-modified (standing jumps)
    or RSI (drop / rebound), where the analysis gave them."""
    t = Text("Jumps\n", style="bold")
    heights = [h for h in map(rep_height_m, reps) if h is not None]
    t.append(f"jumps {len(reps)}")
    if heights:
        t.append(f"   best {best_height_m(reps) * 100:.1f} cm\n")  # type: ignore[operator]
        t.append(f"mean height {sum(heights) / len(heights) * 100:.1f} cm")
    for key, label in (("rsi_modified", "RSI-mod"), ("rsi", "RSI")):
        vals = [v for r in reps if r.jump is not None and (v := getattr(r.jump, key)) is not None]
        if vals:
            t.append(f"\n{label} {sum(vals) / len(vals):.2f} m/s (mean)")
    return t


class SetSummaryPanel(Widget):
    DEFAULT_CSS = "SetSummaryPanel { height: auto; min-height: 5; border: round $secondary; padding: 0 1; }"

    def __init__(self, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self._text = Text("No reps yet")
        self.border_title = "set"

    def show(self, text: Text) -> None:
        self._text = text
        self.refresh(layout=True)

    def render(self) -> Text:
        return self._text
