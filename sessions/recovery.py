"""Turning a journal into a session: on stop, and after a crash."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from glob import escape as glob_escape
from pathlib import Path
from typing import Any

from forceplate.errors import BadInputError, EccentricError
from forceplate.samples import ReaderInfo, SampleBlock
from sessions import journal as J
from sessions import paths as P
from sessions import schema as S
from sessions.analysis import is_jump_test, try_analyse_session
from sessions.meta import SessionMeta
from sessions.store import SessionPaths, save_session


def journal_to_session(journal: Path, data_dir: Path, target: SessionPaths | None = None,
                       reanalyse: bool = True, analyse_if_no_reps: bool = True,
                       meta: SessionMeta | None = None) -> Path:
    """Write the session files from a journal, then remove the journal. Returns the session path.

    The stored reps and sets are one offline analysis of the journalled samples with the
    session's settings (sessions.analysis), after a stop and after a crash alike; the live
    analysis' reps in the events journal are kept only if that analysis fails (or with
    reanalyse=False, when there are any: then analyse_if_no_reps analyses a journal without).

    A journal whose session file already exists and reads (the crash came between writing
    the Parquet and removing the journal) is just removed.
    """
    jr = J.read_journal(journal)
    if meta is not None:   # the live recorder's metadata, with what changed since the header
        jr.meta = meta
    sp = target or SessionPaths.from_relative(data_dir, jr.target)
    saved = _saved_as_jump_test(sp, jr)
    if saved is not None:   # the crash came after saving it under a jump test's name
        J.remove_journal(journal)
        return saved
    if sp.session.exists():
        if _written_from(sp.session, jr):
            J.remove_journal(journal)
            return sp.session
        if not _damaged(sp.session):   # another recording's session: never overwrite it
            sp = SessionPaths.for_meta(data_dir, jr.meta)
    if jr.zeroed_records:   # said with the session: its samples have a hole there
        jr.meta.notes = (jr.meta.notes + " " if jr.meta.notes else "") + \
            f"[recovery left out {jr.zeroed_records} journal records of zero bytes (never written: power loss?)]"
    if jr.torn_records:
        jr.meta.notes = (jr.meta.notes + " " if jr.meta.notes else "") + \
            f"[recovery left out {jr.torn_records} garbage journal records at its end (a torn write)]"
    reps, sets = _valid_rows(jr.rep_rows, S.REP_COLUMNS), _valid_rows(jr.set_rows, S.SET_COLUMNS)
    if len(reps) < len(jr.rep_rows) or len(sets) < len(jr.set_rows):
        reanalyse = True   # damaged event rows: the samples are intact, so analyse them again
    if reanalyse or (analyse_if_no_reps and not reps and len(jr.block)):
        reps, sets = _analyse(jr, reps, sets)
    elif reps:
        jr.meta.analysis_version = str(reps[0].get("analysis_version") or "") or None
    with _named_for(sp, jr.meta, is_jump_test(reps)) as sp:
        # counts-mode journals rebuilt their values from the counts: nothing to verify
        path = save_session(sp, jr.meta, jr.info, jr.block, reps, sets, values_from_counts_known=jr.mode == "counts")
    J.remove_journal(journal)
    return path


def _saved_as_jump_test(sp: SessionPaths, jr: J.Journal) -> Path | None:
    """This journal's session, already saved under a jump test's name (see _named_for), or None."""
    stem = P.session_stem(jr.meta.started_utc, jr.meta.exercise, jr.meta.method, jump_test=True)
    folder = sp.session.parent
    if not folder.is_dir():
        return None
    for f in sorted(folder.glob(f"{glob_escape(stem)}*.parquet")):
        if re.fullmatch(re.escape(stem) + r"(_\d+)?", f.stem) and _written_from(f, jr):
            return f
    return None


@contextlib.contextmanager
def _named_for(sp: SessionPaths, meta: SessionMeta, jump_test: bool) -> Iterator[SessionPaths]:
    """Where to save: sp; a recording that turned out to be a jump test under a jump test's name
    (sessions.paths.session_stem), claimed as an import claims one, unless it has a name of its
    own or the claim fails (then sp)."""
    plain = P.session_stem(meta.started_utc, meta.exercise, meta.method)
    if not jump_test or not re.fullmatch(re.escape(plain) + r"(_\d+)?", sp.stem):
        yield sp
        return
    try:
        named, fd, efd = SessionPaths.claim(sp.root, meta, jump_test=True)
    except OSError:
        yield sp
        return
    try:
        yield named
    finally:
        J.remove_journal(named.journal)   # only a placeholder that held the name
        os.close(fd)
        os.close(efd)


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
    """The stored analysis of a journal's samples; the live reps if it cannot be run."""
    result, why = try_analyse_session(jr.info, jr.block, jr.meta)
    if result is None:
        # the live analysis' rows carry the version that made them
        jr.meta.analysis_version = str(reps[0].get("analysis_version") or "") or None if reps else None
        if why:
            jr.meta.notes = (jr.meta.notes + " " if jr.meta.notes else "") + f"[analysis failed: {why}]"
        return reps, sets
    result.stamp(jr.meta)
    return result.reps, result.sets


def run_analysis(info: ReaderInfo, block: SampleBlock, method: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, float]]:
    """(rep rows, set rows, weighed masses) from the offline analysis with the method's
    defaults; empty when the analysis is missing or fails."""
    result, _ = try_analyse_session(info, block, SessionMeta(method=method or "normal"))
    if result is None:
        return [], [], {}
    weighed = {k: float(v) for k in ("body_mass_kg", "system_mass_kg") if (v := getattr(result, k)) is not None}
    return result.reps, result.sets, weighed


def check_journal(journal: Path) -> None:
    """Raise BadInputError when the journal cannot be recovered at all."""
    J.read_header(journal)


__all__ = ["BadInputError", "check_journal", "journal_to_session"]
