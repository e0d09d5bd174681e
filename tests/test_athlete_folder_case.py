"""Names that differ only by case ('Ana', 'ana') share one athlete folder on every file system.

A case-insensitive disk (macOS, Windows, an exFAT stick) made them one folder while eccentric
filed them as two on Linux: a library copied between the two changed shape, and a stem taken in
one folder but for its case was one file there. Now a folder's (and a stem's) case is no part of
its identity anywhere; the filters already compared names case-folded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from test_sessions_support import make_block, meta, plate_info

from sessions.library import Library
from sessions.recorder import Recorder
from sessions.session_file import read_session
from sessions.store import SessionPaths, save_session

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _save(root, athlete, k=0, exercise="smith_squat", start=T0):
    m = meta(athlete=athlete, exercise=exercise, started_at=start)
    info = plate_info(2)
    sp, fd, efd = SessionPaths.claim(root, m)
    import os

    try:
        return save_session(sp, m, info, make_block(np.random.default_rng(k), 300, info), [], [])
    finally:
        sp.journal.unlink()
        sp.journal.with_suffix(".events.jsonl").unlink(missing_ok=True)
        os.close(fd)
        os.close(efd)


def test_names_differing_by_case_share_one_folder_and_keep_both_sessions(tmp_path):
    a = _save(tmp_path, "Ana", 1)
    b = _save(tmp_path, "ana", 2)            # the same second, exercise and method: one stem
    c = _save(tmp_path, "ANA", 3, start=T0 + timedelta(hours=1))
    assert {p.parent.name for p in (a, b, c)} == {"Ana"}
    assert sorted(p.name for p in (tmp_path / "sessions").iterdir()) == ["Ana"]
    assert sorted(p.name for p in (tmp_path / "reps").iterdir()) == ["Ana"]
    assert a != b and b.stem == f"{a.stem}_2"          # nothing replaced, on any disk
    assert [read_session(p).meta.athlete for p in (a, b, c)] == ["Ana", "ana", "ANA"]   # names kept as typed
    assert len(Library(tmp_path).list(athlete="ana")) == 3


def test_a_folder_a_case_insensitive_disk_handed_back_in_another_case_is_used(tmp_path):
    """The fold simulated: the disk holds 'ANA/' (made there, or renamed by it): 'Ana' files into it."""
    (tmp_path / "sessions" / "ANA").mkdir(parents=True)
    p = _save(tmp_path, "Ana")
    assert p.parent.name == "ANA" and [x.name for x in (tmp_path / "sessions").iterdir()] == ["ANA"]
    lib = Library(tmp_path)
    assert lib.resolve(f"Ana/{p.stem}") == p == lib.resolve(f"ana/{p.stem}")   # the folder as any case names it


def test_a_library_that_holds_both_folders_already_keeps_filing_each(tmp_path):
    """Two folders an older eccentric made on Linux stay apart: each name keeps its own."""
    for name in ("Ana", "ana"):
        (tmp_path / "sessions" / name).mkdir(parents=True)
    assert _save(tmp_path, "ana").parent.name == "ana"
    assert _save(tmp_path, "Ana", 2, start=T0 + timedelta(hours=1)).parent.name == "Ana"


def test_stems_differing_only_by_case_are_two_names(tmp_path):
    """'Squat' and 'squat' at one second were two files on Linux and one file on a stick."""
    a = _save(tmp_path, "Ana", exercise="Squat")
    b = _save(tmp_path, "Ana", 2, exercise="squat")
    assert a.stem.lower() != b.stem.lower() and b.stem.endswith("_2")


def test_renaming_an_athlete_to_another_case_keeps_the_session_in_place(tmp_path):
    """Ana -> ana: one folder on every disk, the file rewritten in place (on a case-insensitive
    disk, writing 'ana/x' then removing 'Ana/x' removed the session)."""
    p = _save(tmp_path, "Ana")
    new = Library(tmp_path).rename(f"Ana/{p.stem}", athlete="ana")
    assert new == p and new.is_file() and read_session(new).meta.athlete == "ana"
    assert [x.name for x in (tmp_path / "sessions").iterdir()] == ["Ana"]


def test_a_first_recording_still_in_its_journal_names_the_folder(tmp_path):
    """'Ana' recording her first session (only a journal so far) and 'ana' saved meanwhile: one folder."""
    rec = Recorder(tmp_path, plate_info(1), meta(athlete="Ana")).start()
    rec.append(make_block(np.random.default_rng(0), 300, plate_info(1)))
    try:
        other = _save(tmp_path, "ana", 2, start=T0 - timedelta(days=1))
    finally:
        first = rec.stop()
    assert other.parent.name == "Ana" and first.parent.name == "Ana"
