"""What a replay needs from the stored session besides its samples: the reps and sets, and
where they are, so reps before the cursor stay on screen after a seek and the timeline can
mark and jump to them. No Textual here.

`reps_until` is the one place that answers "which reps are done at time t": today it reads the
reps the recorder stored with the session (the live analysis' own results, so replay shows
exactly what was seen live); a stored analysis from sessions.replay can replace it here.
"""

from __future__ import annotations

import math
from dataclasses import MISSING, dataclass, fields
from pathlib import Path
from typing import Any

from forceplate.analysis.events import PhaseMetrics, Rep, SetSummary

_PHASE_FIELDS = fields(PhaseMetrics)
_REP_FIELDS = {f.name: f for f in fields(Rep)}


def _num(v: Any, default: float = math.nan) -> float:
    try:
        return float(v) if v is not None else default
    except (TypeError, ValueError):
        return default


def _phase(row: dict[str, Any], prefix: str) -> PhaseMetrics:
    kw: dict[str, Any] = {}
    for f in _PHASE_FIELDS:
        v = row.get(f"{prefix}_{f.name}")
        if v is None and f.name == "impulse_ns":          # stored under its SI name by newer files
            v = row.get(f"{prefix}_impulse_n_s")
        if v is None and f.default is not MISSING:
            kw[f.name] = f.default
        else:
            kw[f.name] = _num(v)
    return PhaseMetrics(**kw)


def rep_from_row(row: dict[str, Any]) -> Rep:
    """A stored rep row (Rep.to_row()) back as a Rep; missing or odd fields get neutral values."""
    codes = row.get("verdict_codes") or ()
    if isinstance(codes, str):
        codes = tuple(c for c in codes.split(",") if c)
    return Rep(
        rep=int(_num(row.get("rep"), 0)), set=int(_num(row.get("set"), 0)),
        rep_in_set=int(_num(row.get("rep_in_set"), 0)),
        eccentric=_phase(row, "ecc"), concentric=_phase(row, "con"),
        bottom_s=_num(row.get("bottom_s")), pause_bottom_s=_num(row.get("pause_bottom_s"), 0.0),
        ecc_con_load_ratio=_num(row.get("ecc_con_load_ratio")),
        time_under_tension_s=_num(row.get("time_under_tension_s"), 0.0),
        phase_source=str(row.get("phase_source") or ""), confidence=_num(row.get("confidence"), 1.0),
        assisted=str(row.get("assisted") or "none"),
        body_mass_kg=_num(row.get("body_mass_kg"), 0.0), system_mass_kg=_num(row.get("system_mass_kg"), 0.0),
        tempo_target_ecc_s=None if row.get("tempo_target_ecc_s") is None else _num(row.get("tempo_target_ecc_s")),
        verdict=str(row.get("verdict") or ""), verdict_codes=tuple(codes),
        movement=str(row.get("movement") or "rep"), jump=_jump(row),
    )


def _jump(row: dict[str, Any]) -> Any:
    """A stored jump's own figures (the jump test view needs them), None for a rep or odd row."""
    if row.get("movement") != "jump":
        return None
    try:
        return Rep.from_row(row).jump
    except Exception:   # noqa: BLE001 - a damaged row shows as a rep without jump figures
        return None


def stored_reps(path: Path) -> list[Rep]:
    """The session's stored reps in time order (empty when it has none or they cannot be read)."""
    try:
        from sessions.session_file import read_reps_sets

        _, reps, _ = read_reps_sets(path)
    except Exception:
        return []
    if reps is None or reps.height == 0:
        return []
    out = [rep_from_row(r) for r in reps.iter_rows(named=True)]
    return sorted((r for r in out if math.isfinite(r.concentric.end_s)), key=lambda r: r.concentric.end_s)


def stored_sets(path: Path) -> dict[int, SetSummary]:
    """The session's stored set summaries by set number (empty when it has none or they cannot be read)."""
    try:
        from sessions.session_file import read_reps_sets

        _, _, sets = read_reps_sets(path)
        return {int(s.set): s for s in (SetSummary.from_row(row) for row in sets.iter_rows(named=True))}
    except Exception:   # noqa: BLE001 - the panel then counts from the reps alone
        return {}


@dataclass(frozen=True)
class SetAtCursor:
    """What the set panel shows at a replay cursor, from the stored reps and sets."""
    reps: list[Rep]                 # the cursor's set: its reps finished by then
    summary: SetSummary | None      # its stored summary once its last stored rep is done
    failure_rep: int | None         # beyond failure: the failed positive, once it is done
    negatives: int                  # the reps after it, done by then


def set_at(done: list[Rep], sets: dict[int, SetSummary], stored: list[Rep]) -> SetAtCursor:
    """The set of the last rep done (`done` = reps_until(stored, t)): the same reps, summary and
    negatives the live screen showed there, whatever seek led to the cursor."""
    if not done:
        return SetAtCursor([], None, None, 0)
    n = done[-1].set
    reps = [r for r in done if r.set == n]
    summary = sets.get(n)
    finished = summary is not None and len(reps) >= sum(1 for r in stored if r.set == n)
    fail = summary.positive_failure_rep if summary is not None else None
    fail = fail if fail is not None and any(r.rep_in_set == fail for r in reps) else None
    negatives = sum(1 for r in reps if fail is not None and r.rep_in_set > fail)
    return SetAtCursor(reps, summary if finished else None, fail, negatives)


def reps_until(reps: list[Rep], t_s: float) -> list[Rep]:
    """The reps finished at stream time t_s (their raising ended), in order."""
    return [r for r in reps if r.concentric.end_s <= t_s]


def set_starts(reps: list[Rep]) -> list[tuple[int, float, float]]:
    """(set, start s, end s) of every set, from its reps."""
    spans: dict[int, tuple[float, float]] = {}
    for r in reps:
        a, b = spans.get(r.set, (math.inf, -math.inf))
        spans[r.set] = (min(a, r.eccentric.start_s), max(b, r.concentric.end_s))
    return [(k, a, b) for k, (a, b) in sorted(spans.items(), key=lambda kv: kv[1][0])]


LEAD_IN_S = 1.0    # a jump lands this long before the lowering starts, to see it begin
SAME_MARK_S = 1.5  # within this of a mark counts as "at it": the previous key goes one further


def jump_target(marks: list[float], now_s: float, direction: int) -> float | None:
    """The stream time to seek to for the next (+1) or previous (-1) mark, or None."""
    if direction > 0:
        later = [m for m in marks if m - LEAD_IN_S > now_s + 0.25]
        return later[0] - LEAD_IN_S if later else None
    earlier = [m for m in marks if m - LEAD_IN_S < now_s - SAME_MARK_S]
    return max(earlier[-1] - LEAD_IN_S, 0.0) if earlier else None


def chart_before_cursor(reader: Any, ring: Any, force_idx: Any, window_s: float) -> None:
    """Fill the (cleared) chart ring with the window_s of force up to a replay's cursor, the
    stored reps' lowering and raising coloured: after a seek the chart shows where the cursor
    is, as playing there would have drawn it (paused, it stayed empty until play resumed).
    The analysis is not fed these samples: it starts at the cursor, as before."""
    import numpy as np

    from tui.ring import PHASE_CON, PHASE_ECC, PHASE_OTHER

    take = getattr(reader, "window_before", None)
    block = take(window_s) if callable(take) else None
    if block is None or not len(block) or force_idx is None:
        return
    force = block.values[:, force_idx].sum(axis=1)
    ring.extend(block.time_s, force, np.full(len(block), PHASE_OTHER, dtype=np.int8))
    reps_until = getattr(reader, "reps_until", None)
    try:
        reps = reps_until() if callable(reps_until) else []
    except Exception:   # a footer that cannot be read: the force is drawn, uncoloured
        reps = []
    t0 = float(block.time_s[0])
    for rep in reps:
        e, c = rep.eccentric, rep.concentric
        if c.end_s >= t0:
            ring.relabel(e.start_s, e.end_s, PHASE_ECC)
            ring.relabel(c.start_s, c.end_s, PHASE_CON)
