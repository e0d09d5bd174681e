"""What a coach's report shows, gathered from the library: the chosen sessions in detail
(samples, reps, sets) and one trend row per session of the same athlete(s)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import polars as pl

from forceplate.errors import BadInputError, EccentricError, ExitCode
from forceplate.samples import ReaderInfo
from forceplate.units import G
from sessions.analysis import is_jump_test, shown_as, valid_samples
from sessions.export import select_sessions
from sessions.library import Library
from sessions.meta import SessionMeta
from sessions.report import DETAIL_SESSIONS
from sessions.report.jumps import JUMP_TREND_COLUMNS, trend_figures
from sessions.sample_pages import lost_note
from sessions.session_file import read_reps_sets, read_session

MARGIN_S = 0.6   # force shown before each lowering and after each raise: the rest around the rep


@dataclass(slots=True)
class SessionDetail:
    """One session as the report shows it: its reps and sets and the total force trace."""

    path: Path
    meta: SessionMeta
    info: ReaderInfo
    reps: pl.DataFrame
    sets: pl.DataFrame
    time_s: np.ndarray
    force_n: np.ndarray

    @property
    def name(self) -> str:
        return f"{self.path.parent.name}/{self.path.stem}"

    def rep_trace(self, row: dict) -> tuple[np.ndarray, np.ndarray]:
        """Time (s from the start of the lowering) and force of one rep, with the rests around it."""
        t0, t1 = float(row["ecc_start_s"]), float(row["con_end_s"])
        a, b = np.searchsorted(self.time_s, [t0 - MARGIN_S, t1 + MARGIN_S])
        return self.time_s[a:b] - t0, self.force_n[a:b]


@dataclass(slots=True)
class ReportData:
    title: str
    athletes: list[str]
    sessions: list[SessionDetail]          # shown rep by rep, oldest first
    trend: pl.DataFrame                    # one row per session (see TREND_COLUMNS)
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    left_out: list[SessionMeta] = field(default_factory=list)   # in the trend only, oldest first
    detail_limit: int | None = None        # the --detail that left them out

    @property
    def simulated(self) -> bool:
        return any(s.meta.simulated for s in self.sessions) or bool(self.trend["simulated"].any())


TREND_COLUMNS = ("session", "athlete", "exercise", "method", "started_at", "load_kg", "simulated", "reps",
                 "mean_ecc_duration_s", "mean_con_duration_s", "mean_ecc_con_load_ratio", "mean_ecc_load_kg",
                 "mean_ecc_force_kg", "time_under_tension_s", "on_target_share", *JUMP_TREND_COLUMNS)


def _mean(values: list) -> float:
    v = np.array([x for x in values if x is not None], dtype=float)
    v = v[np.isfinite(v)]
    return float(v.mean()) if v.size else math.nan


def trend_row(path: Path, meta: SessionMeta, reps: pl.DataFrame) -> dict:
    """A session in one row: the means a coach follows from week to week."""
    rows = reps.to_dicts()
    jumps = is_jump_test(rows) if "movement" in reps.columns else False
    # the strength means are over the strength reps: a jump's "lowering load" is no load
    strength = reps.filter(pl.col("movement").fill_null("rep") != "jump") if "movement" in reps.columns else reps

    def col(name: str) -> list:
        return strength[name].to_list() if name in strength.columns else []

    # a jump's verdict is its kind and height, never "on target": no share of it is on target
    verdicts = [] if jumps else [v for v in col("verdict") if v]
    exercise, method = shown_as(meta.exercise, meta.method, jumps)
    return {
        "session": f"{path.parent.name}/{path.stem}", "athlete": meta.athlete, "exercise": exercise,
        "method": method, "started_at": meta.started_utc, "load_kg": meta.load_kg,
        "simulated": bool(meta.simulated), "reps": reps.height,
        "mean_ecc_duration_s": _mean(col("ecc_duration_s")), "mean_con_duration_s": _mean(col("con_duration_s")),
        "mean_ecc_con_load_ratio": _mean(col("ecc_con_load_ratio")),
        "mean_ecc_load_kg": _mean(col("ecc_mean_load_n")) / G,
        "mean_ecc_force_kg": _mean(col("ecc_mean_force_n")) / G,
        "time_under_tension_s": float(np.nansum(np.array([x for x in col("time_under_tension_s") if x is not None],
                                                         dtype=float))) if strength.height else 0.0,
        "on_target_share": (sum(v == "on target" for v in verdicts) / len(verdicts)) if verdicts else math.nan,
        **trend_figures(rows),
    }


def trend_frame(rows: list[dict]) -> pl.DataFrame:
    schema: dict[str, pl.DataType] = {
        "session": pl.String(), "athlete": pl.String(), "exercise": pl.String(), "method": pl.String(),
        "started_at": pl.Datetime("us", "UTC"), "load_kg": pl.Float64(), "simulated": pl.Boolean(),
        "reps": pl.Int64(), **{c: pl.Float64() for c in TREND_COLUMNS[8:]}}
    return pl.DataFrame(rows, schema=schema).sort("started_at") if rows else pl.DataFrame(schema=schema)


def load_detail(path: Path, notes: list[str] | None = None) -> SessionDetail:
    s = read_session(path, salvage=True)   # damaged row groups left out, said in notes
    if s.samples_lost and notes is not None:
        notes.append(lost_note(path.name, s.samples_lost))
    block, _ = valid_samples(s.info, s.block)   # a saved NaN / inf is no reading: not drawn
    force = block.total_force_n(s.info) if len(s.info.force_channels) else np.full(len(block), np.nan)
    return SessionDetail(path=path, meta=s.meta, info=s.info, reps=s.reps, sets=s.sets,
                         time_s=np.asarray(block.time_s, dtype=float), force_n=np.asarray(force, dtype=float))


def gather(sessions: list[str] | None = None, *, library: Library | None = None, athlete: str | None = None,
           exercise: str | None = None, method: str | None = None, since: str | None = None,
           until: str | None = None, detail: int | None = DETAIL_SESSIONS,
           notes: list[str] | None = None) -> ReportData:
    """Named sessions in detail, with the trend over every session of their athlete(s) up to the
    last of them (from `since`); or, with `athlete`, every session of that athlete in the range:
    all in the trend, the newest `detail` of them rep by rep (None: all). A loose name match
    ('Zoe' took 'Zoë') is said in `notes`, for the caller to print."""
    if detail is not None and detail < 1:
        raise EccentricError("--detail must be at least 1 (or 'all')", exit_code=ExitCode.USAGE)
    lib = library or Library()
    if not sessions and not athlete:
        raise EccentricError("name a SESSION (see `eccentric sessions list`) or give --athlete NAME",
                             exit_code=ExitCode.USAGE)
    skipped: list[str] = []
    chosen = select_sessions(sessions or None, lib, athlete=athlete, exercise=exercise, method=method,
                             since=since, until=until, notes=notes, skipped=skipped)
    if not chosen:
        raise BadInputError("no sessions match (see `eccentric sessions list`)")
    metas = {p: read_reps_sets(p) for p in chosen}
    chosen.sort(key=lambda p: metas[p][0].started_utc)
    names = sorted({m.athlete for m, _, _ in metas.values()}, key=str.lower)
    if sessions:
        # the trend: every session of the same athlete(s) up to the newest chosen one
        last = max(m.started_utc for m, _, _ in metas.values())
        for name in names:
            for p in select_sessions(None, lib, athlete=name, since=since):
                if p not in metas:
                    m, reps, sets = read_reps_sets(p)
                    if m.started_utc <= last:
                        metas[p] = (m, reps, sets)
    trend = trend_frame([trend_row(p, m, r) for p, (m, r, _) in metas.items()])
    shown = chosen if sessions or detail is None else chosen[-detail:]
    left_out = [metas[p][0] for p in chosen[: len(chosen) - len(shown)]]
    details = []
    for p in shown:
        try:
            details.append(load_detail(p, notes))
        except EccentricError as exc:
            if sessions:         # asked for by name: its samples are the point
                raise
            skipped.append(f"{exc} (in the trend, not drawn)")   # its footer's reps are in the trend
    if notes is not None:        # one damaged file in an athlete's season: said, not fatal (as export)
        notes.extend(f"warning: skipped {why}" for why in skipped)
    if not details:
        raise BadInputError(skipped[-1] if skipped else "no sessions match (see `eccentric sessions list`)")
    who = ", ".join(names)
    first, last_d = details[0].meta.started_utc, details[-1].meta.started_utc
    span = f"{first:%Y-%m-%d}" if first.date() == last_d.date() else f"{first:%Y-%m-%d} to {last_d:%Y-%m-%d}"
    if left_out:   # the title spans every session the report covers
        first = left_out[0].started_utc
        span = f"{first:%Y-%m-%d} to {last_d:%Y-%m-%d}"
    return ReportData(title=f"{who} - {span}", athletes=names, sessions=details, trend=trend,
                      left_out=left_out, detail_limit=detail if left_out else None)
