"""Each athlete has a folder of its own: names that differ only in characters a folder name
cannot hold ("a/b", "a\\b", "a b") no longer share one, and sessions filed before still list."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_sessions_support import blocks_equal, make_block, meta, plate_info

from sessions import journal_writer as JW
from sessions.library import Library
from sessions.paths import NAME_MAX_BYTES, athlete_folder, safe_folder, safe_name
from sessions.recorder import Recorder
from sessions.session_file import read_session
from sessions.store import SessionPaths, save_session

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
COLLIDING = ["a/b", "a\\b", "a b", "a-b", "a:b", "a  b", ".a-b", "a-b.", "a\x00b"]


def _add(root, athlete, k=0, folder=None):
    m = meta(athlete=athlete, started_at=T0 + timedelta(minutes=k))
    info = plate_info(2)
    block = make_block(np.random.default_rng(k), 300, info)
    sp = SessionPaths.for_meta(root, m)
    if folder is not None:   # filed the way earlier versions did
        sp = SessionPaths(root, folder, sp.stem)
    return save_session(sp, m, info, block, [], []), block


def test_names_that_sanitise_alike_get_their_own_folders(tmp_path):
    paths = {name: _add(tmp_path, name)[0] for name in COLLIDING}
    folders = {p.parent.name for p in paths.values()}
    assert len(folders) == len(COLLIDING)
    assert all(f.startswith("a-b") for f in folders)   # still readable as the name
    lib = Library(tmp_path)
    for name, path in paths.items():
        assert [s.path for s in lib.list(athlete=name)] == [path]
        assert read_session(path).meta.athlete == name


@given(st.text(max_size=120))
def test_athlete_folder_is_safe_stable_and_reads_back(text):
    f = athlete_folder(text)
    assert f == athlete_folder(unicodedata.normalize("NFD", text)) == athlete_folder(text)
    assert f and "/" not in f and "\\" not in f and not f.startswith(".") and len(f.encode()) <= NAME_MAX_BYTES
    assert safe_folder(f) == f   # a journal's target names the same folder
    assert (f == safe_name(text, "athlete")) == (f == unicodedata.normalize("NFC", text))


def test_long_names_differing_past_the_cut_are_apart():
    a, b = "x" * 70 + "a", "x" * 70 + "b"
    assert safe_name(a) == safe_name(b) and athlete_folder(a) != athlete_folder(b)


def test_sessions_filed_in_a_shared_folder_stay_listed_and_resolvable(tmp_path):
    old_ab, _ = _add(tmp_path, "a/b", 0, folder="a-b")   # before: both in "a-b/"
    old_ba, _ = _add(tmp_path, "a\\b", 1, folder="a-b")
    new_ab, _ = _add(tmp_path, "a/b", 2)
    assert new_ab.parent.name != "a-b"
    lib = Library(tmp_path)
    assert [s.path for s in lib.list(athlete="a/b")] == [old_ab, new_ab]
    assert [s.path for s in lib.list(athlete="a\\b")] == [old_ba]
    assert lib.resolve(f"a-b/{old_ba.stem}") == old_ba
    assert lib.resolve(f"a/b/{new_ab.stem}") == new_ab
    assert lib.resolve(f"{new_ab.parent.name}/{new_ab.stem}") == new_ab
    moved = lib.rename(old_ab, notes="moved")   # a rewrite files it under the athlete's own folder
    assert moved.parent == new_ab.parent and read_session(moved).meta.athlete == "a/b"


@pytest.mark.parametrize("athlete", ["a/b", "Ana Smith", "🏋"])
def test_a_crashed_recording_recovers_into_the_tagged_folder(tmp_path, athlete):
    info = plate_info(2)
    block = make_block(np.random.default_rng(3), 800, info)
    rec = Recorder(tmp_path, info, meta(athlete=athlete, started_at=T0)).start()
    rec.append(block)
    rec._stopped = True   # a crash after the journal was written: stop() never runs
    rec._queue.put(JW.STOP)
    rec._thread.join()
    rec._close()
    lib = Library(tmp_path)
    (journal,) = lib.unfinished()
    path = lib.recover(journal)
    assert path.parent.name == athlete_folder(athlete) != safe_name(athlete)
    s = read_session(path)
    assert s.meta.athlete == athlete and blocks_equal(s.block, block)


def test_a_tagged_name_typed_in_another_case_shares_the_folder(tmp_path):
    # a trial: "Ana Ø'Brien" and "ana ø'brien" got two folders (the tag hashes the name as typed)
    first, _ = _add(tmp_path, "Ana Ø'Brien", 0)
    second, _ = _add(tmp_path, "ana ø'brien", 1)
    assert second.parent == first.parent
    third, _ = _add(tmp_path, "Ana Ø/Brien", 2)      # differs where the folder cannot show it
    assert third.parent != first.parent
