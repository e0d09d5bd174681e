"""A jump test in the report: jump figures (docs/jumps.md) in place of the strength columns.
A jump's "lowering load" or "raise peak in kg" means nothing to a coach; height, RSI-modified,
the eccentric (unweighting + braking) phase's durations and forces do."""

from __future__ import annotations

import math
from html import escape
from typing import Any

import numpy as np

from sessions.jump_text import depth_down_m, shown_height_m

KIND = {"countermovement": "CMJ", "squat": "SJ", "drop": "drop", "rebound": "rebound"}


def _f(v: Any) -> float | None:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _num(v: Any, digits: int = 1, scale: float = 1.0) -> str:
    x = _f(v)
    return "-" if x is None else f"{x * scale:.{digits}f}"


def height_m(row: dict) -> float | None:
    """The jump height a coach quotes (sessions.jump_text.shown_height_m) of a stored rep row."""
    return shown_height_m(_f(row.get("jump_height_impulse_m")), _f(row.get("jump_height_flight_m")))


JUMP_HEAD = ["jump", "type", "height cm<br><small>impulse / flight</small>", "take-off m/s", "contraction s",
             "RSI-mod", "RSI", '<span class="ecc">unweighting</span> s', '<span class="ecc">braking</span> s',
             '<span class="con">propulsion</span> s', "braking mean / peak N", "braking RFD N/s", "depth cm",
             "F at v=0 N", "ecc:con force", "peak landing N", "mass kg", "phases from", "verdict"]
JUMP_TEXT_COLS = (1, 17, 18)


def jump_rows(reps: list[dict]) -> list[list[str]]:
    out = []
    for r in reps:
        kind = KIND.get(r.get("jump_type") or "", r.get("jump_type") or "-")
        if r.get("jump_landed") == "off":
            kind += " (landed off the plate)"
        out.append([
            str(r.get("rep_in_set") or r.get("rep")), escape(kind),
            f'{_num(r.get("jump_height_impulse_m"), 1, 100)} / {_num(r.get("jump_height_flight_m"), 1, 100)}',
            _num(r.get("jump_takeoff_velocity_m_s"), 2), _num(r.get("jump_contraction_time_s"), 3),
            _num(r.get("jump_rsi_modified"), 2), _num(r.get("jump_rsi"), 2),
            _num(r.get("jump_unweighting_s"), 3), _num(r.get("jump_braking_s"), 3), _num(r.get("jump_propulsion_s"), 3),
            f'{_num(r.get("jump_braking_mean_force_n"), 0)} / {_num(r.get("jump_braking_peak_force_n"), 0)}',
            _num(r.get("jump_braking_rfd_n_per_s"), 0),
            _num(depth_down_m(_f(r.get("jump_countermovement_depth_m"))), 1, 100),
            _num(r.get("jump_force_at_zero_velocity_n"), 0), _num(r.get("jump_ecc_con_mean_force_ratio"), 2),
            _num(r.get("jump_peak_landing_force_n"), 0), _num(r.get("jump_mass_kg"), 1),
            f'{escape(str(r.get("phase_source") or ""))} {_num(r.get("confidence"), 2)}',
            escape(r.get("verdict") or ""),
        ])
    return out


def _mean(values: list[float | None]) -> float:
    v = np.array([x for x in values if x is not None], dtype=float)
    return float(v.mean()) if v.size else math.nan


JUMP_SET_HEAD = ["set", "jumps", "best height cm", "mean height cm", "mean RSI-mod", "mean braking s",
                 "mean braking force N", "mean contraction s"]


def jump_set_row(set_no: Any, reps: list[dict]) -> list[str]:
    heights = [height_m(r) for r in reps]
    best = max((h for h in heights if h is not None), default=None)
    return [str(set_no), str(len(reps)), _num(best, 1, 100), _num(_mean(heights), 1, 100),
            _num(_mean([_f(r.get("jump_rsi_modified")) for r in reps]), 2),
            _num(_mean([_f(r.get("jump_braking_s")) for r in reps]), 3),
            _num(_mean([_f(r.get("jump_braking_mean_force_n")) for r in reps]), 0),
            _num(_mean([_f(r.get("jump_contraction_time_s")) for r in reps]), 3)]


def trend_figures(rows: list[dict]) -> dict[str, float]:
    """A session's jumps in the trend: mean and best height (m), mean RSI-modified (NaN: none)."""
    jumps = [r for r in rows if r.get("movement") == "jump"]
    heights = [h for h in (height_m(r) for r in jumps) if h is not None]
    return {"mean_jump_height_m": _mean(list(heights)), "best_jump_height_m": max(heights, default=math.nan),
            "mean_rsi_modified": _mean([_f(r.get("jump_rsi_modified")) for r in jumps])}


JUMP_TREND_COLUMNS = ("mean_jump_height_m", "best_jump_height_m", "mean_rsi_modified")
