"""Turning a journal into a session: on stop, and after a crash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from forceplate.errors import BadInputError, EccentricError
from sessions import journal as J
from sessions.store import SessionPaths, save_session


def journal_to_session(journal: Path, data_dir: Path, target: SessionPaths | None = None,
                       reanalyse: bool = False) -> Path:
    """Write the session files from a journal, then remove the journal. Returns the session path.

    A journal whose session file already exists and reads (the crash came between writing
    the Parquet and removing the journal) is just removed.
    """
    jr = J.read_journal(journal)
    sp = target or SessionPaths.from_relative(data_dir, jr.target)
    if sp.session.exists():
        from sessions.session_file import read_kv

        try:
            read_kv(sp.session)
            J.remove_journal(journal)
            return sp.session
        except EccentricError:
            pass   # a damaged earlier attempt: write it again
    reps, sets = jr.rep_rows, jr.set_rows
    if reanalyse or (not reps and len(jr.block)):
        reps, sets = _analyse(jr, reps, sets)
    path = save_session(sp, jr.meta, jr.info, jr.block, reps, sets)
    J.remove_journal(journal)
    return path


def _analyse(jr: J.Journal, reps: list[dict[str, Any]], sets: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Reps for a session whose live analysis never reported any (or died with the process)."""
    import importlib

    try:   # looked up by name: the analysis package is built in parallel with this one
        an = importlib.import_module("forceplate.analysis")
        AnalysisConfig, analyse = an.AnalysisConfig, an.analyse
    except (ImportError, AttributeError):
        return reps, sets
    try:
        cfg = AnalysisConfig.for_method(jr.meta.method or "normal")
        res = analyse(jr.info, jr.block, cfg)
    except EccentricError:
        return reps, sets
    except Exception:  # analysis bugs must not cost the athlete the recording
        return reps, sets
    return [r.to_row() for r in res.reps], [s.to_row() for s in res.sets]


def check_journal(journal: Path) -> None:
    """Raise BadInputError when the journal cannot be recovered at all."""
    J.read_header(journal)


__all__ = ["BadInputError", "check_journal", "journal_to_session"]
