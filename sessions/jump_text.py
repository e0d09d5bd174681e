"""Jump figures as a coach reads them, shared by the dashboard, `analyze` and the report."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any


def depth_down_m(depth_m: float | None) -> float | None:
    """How far the centre of mass went down in the countermovement, as a positive distance
    (the analysis stores the lowest displacement, negative); None when not known."""
    if depth_m is None or not math.isfinite(depth_m):
        return None
    return abs(depth_m)


def depth_text(jump_type: str | None, depth_m: float | None) -> str:
    """'depth 32.1 cm', or why there is none (a drop or rebound jump starts at the touchdown)."""
    d = depth_down_m(depth_m)
    if d is not None:
        return f"depth {100 * d:.1f} cm" + (" (squat jump)" if jump_type == "squat" else "")
    if jump_type in ("drop", "rebound"):
        return "depth not measured (starts at touchdown)"
    return "depth unknown"


def shown_height_m(impulse_m: float | None, flight_m: float | None) -> float | None:
    """The jump height a coach quotes: by impulse-momentum, else from the flight time; None
    when neither is known."""
    for h in (impulse_m, flight_m):
        if h is not None and math.isfinite(h):
            return float(h)
    return None


def rep_height_m(rep: Any) -> float | None:
    """shown_height_m of a jump Rep (None: not a jump, or no height known)."""
    j = getattr(rep, "jump", None)
    return None if j is None else shown_height_m(j.height_impulse_m, j.height_flight_m)


def best_height_m(reps: Iterable[Any]) -> float | None:
    """The best jump height of these Reps, as every view quotes it (shown_height_m of each)."""
    return max((h for h in map(rep_height_m, reps) if h is not None), default=None)
