"""Turning a journal into a session: on stop, and after a crash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from forceplate.errors import BadInputError, EccentricError
from forceplate.samples import ReaderInfo, SampleBlock
from sessions import journal as J
from sessions import schema as S
from sessions.meta import SessionMeta
from sessions.store import SessionPaths, save_session


def journal_to_session(journal: Path, data_dir: Path, target: SessionPaths | None = None,
                       reanalyse: bool = False, analyse_if_no_reps: bool = True,
                       meta: SessionMeta | None = None) -> Path:
    """Write the session files from a journal, then remove the journal. Returns the session path.
    After a crash the live analysis' reps may be missing: analyse_if_no_reps runs it offline.

    A journal whose session file already exists and reads (the crash came between writing
    the Parquet and removing the journal) is just removed.
    """
    jr = J.read_journal(journal)
    if meta is not None:   # the live recorder's metadata, with what changed since the header
        jr.meta = meta
    sp = target or SessionPaths.from_relative(data_dir, jr.target)
    if sp.session.exists():
        if _written_from(sp.session, jr):
            J.remove_journal(journal)
            return sp.session
        if not _damaged(sp.session):   # another recording's session: never overwrite it
            sp = SessionPaths.for_meta(data_dir, jr.meta)
    reps, sets = _valid_rows(jr.rep_rows, S.REP_COLUMNS), _valid_rows(jr.set_rows, S.SET_COLUMNS)
    if len(reps) < len(jr.rep_rows) or len(sets) < len(jr.set_rows):
        reanalyse = True   # damaged event rows: the samples are intact, so analyse them again
    if reanalyse or (analyse_if_no_reps and not reps and len(jr.block)):
        reps, sets = _analyse(jr, reps, sets)
    # counts-mode journals rebuilt their values from the counts: nothing to verify
    path = save_session(sp, jr.meta, jr.info, jr.block, reps, sets, values_from_counts_known=jr.mode == "counts")
    J.remove_journal(journal)
    return path


def _valid_rows(rows: list[dict[str, Any]], columns: dict[str, Any]) -> list[dict[str, Any]]:
    """The event rows that make a table row (a damaged journal line may hold anything)."""
    good = []
    for r in rows:
        try:
            S.rows_frame([r], columns)
        except Exception:   # noqa: BLE001 - a bad row is dropped, the samples are what matter
            continue
        good.append(r)
    return good


def _written_from(session: Path, jr: J.Journal) -> bool:
    """True when the session file is this journal already saved (a crash came between
    writing it and removing the journal): the same athlete and start to the microsecond
    (two recorders never start in the same microsecond)."""
    from sessions.session_file import read_meta

    try:
        meta = read_meta(session)
    except EccentricError:   # unreadable: not a finished save
        return False
    return meta.started_utc == jr.meta.started_utc and meta.athlete == jr.meta.athlete


def _damaged(session: Path) -> bool:
    from sessions.session_file import read_kv

    try:
        read_kv(session)
        return False
    except EccentricError:
        return True


def _analyse(jr: J.Journal, reps: list[dict[str, Any]], sets: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Reps for a session whose live analysis never reported any (or died with the process)."""
    new_reps, new_sets, weighed = run_analysis(jr.info, jr.block, jr.meta.method)
    if not new_reps and reps:
        return reps, sets
    for k, v in weighed.items():
        if getattr(jr.meta, k) is None:
            setattr(jr.meta, k, v)
    return new_reps, new_sets


def run_analysis(info: ReaderInfo, block: SampleBlock, method: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, float]]:
    """(rep rows, set rows, weighed masses) from the offline analysis; empty when the
    analysis is missing or fails - an import or recovery must not be lost to it."""
    import importlib

    try:   # looked up by name: the analysis package is built in parallel with this one
        an = importlib.import_module("forceplate.analysis")
        config = an.AnalysisConfig.for_method(method or "normal")
        res = an.analyse(info, block, config)
    except Exception:   # noqa: BLE001 - see docstring
        return [], [], {}
    weighed = {k: float(v) for k in ("body_mass_kg", "system_mass_kg") if (v := getattr(res, k, None)) is not None}
    return [r.to_row() for r in res.reps], [s.to_row() for s in res.sets], weighed


def check_journal(journal: Path) -> None:
    """Raise BadInputError when the journal cannot be recovered at all."""
    J.read_header(journal)


__all__ = ["BadInputError", "check_journal", "journal_to_session"]
