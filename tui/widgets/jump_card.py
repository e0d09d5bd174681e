"""One jump's key numbers, large: jump height, RSI-modified, braking RFD, eccentric duration
(the figures coaches read after eccentric training), with the rest of its metrics in a line."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Label, Static

from sessions.jump_text import depth_text, rep_height_m

BIG = (
    ("height", "jump height  cm"),
    ("rsi", "RSI-modified  m/s"),
    ("rfd", "braking RFD  kN/s"),
    ("ecc", "eccentric  ms"),
)


def _fmt(x: float | None, scale: float = 1.0, digits: int = 1) -> str:
    return "-" if x is None or x != x else f"{x * scale:.{digits}f}"


def big_numbers(rep: Any) -> dict[str, str]:
    """The four large figures of a jump Rep (text for Digits)."""
    j = rep.jump
    h = rep_height_m(rep)   # the height every view quotes (sessions.jump_text)
    rsi = j.rsi_modified if j.rsi_modified is not None else j.rsi
    return {"height": _fmt(h, 100.0, 1), "rsi": _fmt(rsi, 1.0, 2),
            "rfd": _fmt(j.braking_rfd_n_per_s, 1e-3, 1), "ecc": _fmt(rep.eccentric.duration_s, 1000.0, 0)}


def detail_line(rep: Any) -> str:
    j = rep.jump
    name = {"countermovement": "Countermovement jump", "squat": "Squat jump", "drop": "Drop jump",
            "rebound": "Rebound jump"}.get(j.type, j.type)
    parts = [f"{name} {rep.rep_in_set} (set {rep.set})",
             f"flight {_fmt(j.height_flight_m, 100)} cm" if j.height_flight_m is not None else "landed off the plate"
             if j.landed == "off" else "flight -",
             f"take-off {_fmt(j.takeoff_velocity_m_s, 1, 2)} m/s",
             f"contraction {_fmt(j.contraction_time_s, 1000, 0)} ms",
             depth_text(j.type, j.countermovement_depth_m),
             f"braking {_fmt(j.braking_mean_force_n, 1, 0)} N mean / {_fmt(j.braking_peak_force_n, 1, 0)} N peak",
             f"F@v0 {_fmt(j.force_at_zero_velocity_n, 1, 0)} N",
             f"ecc:con force {_fmt(j.ecc_con_mean_force_ratio, 1, 2)}",
             f"landing {_fmt(j.peak_landing_force_n, 1, 0)} N",
             f"{j.mass_kg:.1f} kg"]
    return "  ·  ".join(parts)


class JumpCard(Vertical):
    """The shown jump: four large numbers and a detail line."""

    DEFAULT_CSS = """
    JumpCard { height: auto; }
    JumpCard Horizontal { height: auto; }
    JumpCard .big { width: 1fr; height: auto; padding: 0 1; }
    JumpCard Digits { width: auto; }
    JumpCard .caption { color: $text-muted; }
    JumpCard #jump-detail { padding: 1 1 0 1; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            for key, caption in BIG:
                with Vertical(classes="big"):
                    yield Digits("-", id=f"big-{key}")
                    yield Label(caption, classes="caption")
        yield Static("No jump yet: stand still on the plate for a second, then jump.", id="jump-detail")

    def show(self, rep: Any | None) -> None:
        if rep is None or getattr(rep, "jump", None) is None:
            return
        for key, text in big_numbers(rep).items():
            self.query_one(f"#big-{key}", Digits).update(text)
        self.query_one("#jump-detail", Static).update(detail_line(rep))
