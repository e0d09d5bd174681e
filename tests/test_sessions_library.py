"""Library: listing, filters, names that cannot escape the data dir, delete/rename, recovery."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_sessions_support import blocks_equal, make_block, meta, plate_info

from forceplate.errors import BadInputError
from sessions import journal as J
from sessions import journal_writer as JW
from sessions.library import Library
from sessions.paths import athlete_folder, safe_name
from sessions.recorder import Recorder
from sessions.session_file import read_session
from sessions.store import SessionPaths, save_session

T0 = datetime(2026, 1, 5, 8, 30, tzinfo=UTC)


def _add(root, rng, **kw):
    m = meta(**kw)
    info = plate_info(2)
    block = make_block(rng, int(rng.integers(100, 2000)), info)
    rows = [{"rep": i + 1, "set": 1, "rep_in_set": i + 1, "ecc_duration_s": 3.0} for i in range(int(rng.integers(0, 4)))]
    return save_session(SessionPaths.for_meta(root, m), m, info, block, rows, []), block, len(rows)


@pytest.fixture
def lib(tmp_path):
    rng = np.random.default_rng(0)
    for k, (athlete, exercise, method) in enumerate([
        ("Ana", "smith_squat", "slow_negatives"), ("Ana", "leg_press", "forced_negative"),
        ("Ben", "smith_squat", "beyond_failure"), ("Ana", "smith_squat", "slow_negatives"),
    ]):
        _add(tmp_path, rng, athlete=athlete, exercise=exercise, method=method, started_at=T0 + timedelta(days=7 * k))
    return Library(tmp_path)


def test_list_and_filters(lib):
    everything = lib.list()
    assert [s.started_at for s in everything] == sorted(s.started_at for s in everything) and len(everything) == 4
    assert {s.athlete for s in lib.list(athlete="ana")} == {"Ana"} and len(lib.list(athlete="Ana")) == 3
    assert len(lib.list(exercise="smith_squat", method="slow_negatives")) == 2
    assert len(lib.list(since="2026-01-12")) == 3
    assert len(lib.list(since="2026-01-12", until="2026-01-19")) == 2
    assert all(s.samples > 0 and s.size_bytes > 0 and s.plate == "Test plate" for s in everything)
    with pytest.raises(BadInputError, match="not a date"):
        lib.list(since="last tuesday")


def test_list_skips_damaged_files(lib):
    bad = lib.sessions_dir / "Ana" / "2099-01-01_000000_x_normal.parquet"
    bad.write_text("oops")
    assert len(lib.list()) == 4
    assert lib.skipped and lib.skipped[0][0] == bad


def test_resolve_by_name_prefix_path_and_latest(lib):
    first = lib.list()[0]
    assert lib.resolve(first.name) == first.path
    assert lib.resolve(str(first.path)) == first.path
    assert lib.resolve("latest") == lib.list()[-1].path
    assert lib.resolve("2026-01-12") == lib.list()[1].path
    with pytest.raises(BadInputError, match="matches 4"):
        lib.resolve("2026")
    with pytest.raises(BadInputError, match="no session"):
        lib.resolve("1999")


def test_delete_removes_all_three_files(lib, tmp_path):
    s = lib.list()[0]
    sp = SessionPaths.for_session_file(s.path)
    assert sp.reps.exists() and sp.sets.exists()
    lib.delete(s.name)
    assert not s.path.exists() and not sp.reps.exists() and not sp.sets.exists()
    assert len(lib.list()) == 3
    outside = tmp_path.parent / "elsewhere.parquet"
    outside.write_bytes(s.name.encode())
    with pytest.raises(BadInputError, match="not in the library"):
        lib.delete(outside)
    assert outside.exists()


def test_rename_and_correct_the_athlete(lib):
    s = lib.list(athlete="Ben")[0]
    before = read_session(s.path)
    new = lib.rename(s.name, athlete="Benedikt", notes="was Ben")
    assert not s.path.exists() and new.parent.name == "Benedikt"
    after = read_session(new)
    assert after.meta.athlete == "Benedikt" and after.meta.notes == "was Ben"
    assert blocks_equal(after.block, before.block) and after.reps.height == before.reps.height
    assert set(after.reps["athlete"].to_list()) <= {"Benedikt"}
    renamed = lib.rename(new, "../../../evil name")
    assert renamed.parent == new.parent and renamed.stem == "evil-name"
    with pytest.raises(BadInputError, match="already exists"):
        lib.rename(lib.list(athlete="Ana")[0].name, "evil name", athlete="Benedikt")


@given(st.text(max_size=80))
def test_safe_name_never_escapes(text):
    s = safe_name(text)
    assert s and "/" not in s and "\\" not in s and not s.startswith(".") and len(s) <= 64
    assert s not in (".", "..")


def test_hostile_athlete_names_stay_inside(tmp_path):
    rng = np.random.default_rng(3)
    for name in ("../../etc", "/etc/passwd", "..", "C:\\Windows", "\x00evil", "ñandú 🏋"):
        path, _, _ = _add(tmp_path / "data", rng, athlete=name)
        assert path.resolve().is_relative_to((tmp_path / "data" / "sessions").resolve())
        assert read_session(path).meta.athlete == name   # the real name is kept in the metadata
    assert not (tmp_path / "etc").exists()
    assert {p.parent.parent.name for p in (tmp_path / "data").rglob("*.parquet")} == {"sessions", "reps", "sets"}


def test_unfinished_and_recover_and_discard(tmp_path):
    info = plate_info(3)
    rng = np.random.default_rng(7)
    blocks = [make_block(rng, 1500, info, start_seq=k * 1500) for k in range(2)]
    journals = []
    for k, b in enumerate(blocks):
        rec = Recorder(tmp_path, info, meta(started_at=T0 + timedelta(hours=k))).start()
        rec.append(b)
        rec._stopped = True   # a crash after the journal was written: the thread ends, stop() never runs
        rec._queue.put(JW.STOP)
        rec._thread.join()
        rec._close()
        journals.append(rec.journal_path)
    lib = Library(tmp_path)
    assert lib.unfinished() == sorted(journals)
    path = lib.recover(journals[0])
    assert blocks_equal(read_session(path).block, blocks[0])
    lib.discard(journals[1])
    assert lib.unfinished() == [] and not J.events_path(journals[1]).exists()
    with pytest.raises(BadInputError):
        lib.recover(journals[1])


def test_recover_when_the_parquet_was_already_written(tmp_path):
    """Crash between writing the session and removing the journal: recovery just tidies up."""
    info = plate_info(2)
    b = make_block(np.random.default_rng(1), 500, info)
    rec = Recorder(tmp_path, info, meta()).start()
    rec.append(b)
    path = rec.stop()
    jp = rec.journal_path
    jp.parent.mkdir(exist_ok=True)
    jp.write_bytes(J.header_bytes(rec.meta, info, "counts", rec.paths.relative))   # the same recording
    assert Library(tmp_path).unfinished() == [jp]
    assert Library(tmp_path).recover(jp) == path and not jp.exists()
    assert blocks_equal(read_session(path).block, b)


ODD_NAMES = {   # name -> the safe name its folder starts with: still the name, and safe
    "Łukasz": "Łukasz", "Jürgen Weiß": "Jürgen-Weiß", "Øyvind": "Øyvind", "李娜": "李娜",
    "Zoë 🏋 Smith": "Zoë-Smith", "A/B. de la Cruz": "A-B.-de-la-Cruz", "St. John.": "St.-John",
    "José": "José", "Jose\u0301 NFD": "José-NFD", "CON": "CON_", "🏋️": "weight-lifter",
}


@pytest.mark.parametrize("name,folder", ODD_NAMES.items())
def test_odd_names_are_filed_under_the_name(tmp_path, name, folder):
    """Letters with no ASCII decomposition (Ł, ß, Ø, CJK) stay: NFKD to ASCII made "Łukasz"
    "ukasz" and "李娜" nameless. The stored athlete is the exact name; a name the folder had
    to change ("Jürgen Weiß") gets its hash tag ("Jürgen-Weiß~1a2b3c4d")."""
    assert safe_name(name) == folder
    path, _, _ = _add(tmp_path / "data", np.random.default_rng(1), athlete=name)
    changed = folder != unicodedata.normalize("NFC", name)
    assert path.parent.name == (athlete_folder(name) if changed else folder)
    assert path.parent.name.startswith(folder + "~") == changed and read_session(path).meta.athlete == name
    lib = Library(tmp_path / "data")
    for typed in (name, path.parent.name):   # the athlete's name, or the folder `sessions list` shows
        assert lib.resolve(f"{typed}/{path.stem}") == path


def test_long_names_are_cut_on_a_character_boundary():
    for name in ("x" * 300, "李" * 300, "Ł" * 300, "a" + "🏋" * 100 + "b" * 100):
        s = safe_name(name)
        assert len(s.encode()) <= 64 and s == unicodedata.normalize("NFC", s) and s.strip("-_.") == s
    assert safe_name("🏋🏋", "athlete") == "weight-lifter-weight-lifter"
    assert safe_name("\x00\x1b", "athlete") == "athlete"


@pytest.mark.parametrize("athlete,exercise", [("Łucja", "sentadilla_José"), ("José", "press_Ñandú"),
                                              ("Ana/B 🏋 José", "squat")])
@pytest.mark.parametrize("on_disk", ["NFC", "NFD"])
def test_resolve_takes_names_typed_or_filed_in_nfd(tmp_path, athlete, exercise, on_disk):
    """macOS types and files names decomposed ("e" + U+0301): a name resolves whichever form
    the user typed and whichever the file system hands back."""
    rng = np.random.default_rng(1)
    path, _, _ = _add(tmp_path, rng, athlete=athlete, exercise=exercise, method="normal", started_at=T0)
    if on_disk == "NFD":   # the file system gives the names back decomposed
        folder = path.parent.with_name(unicodedata.normalize("NFD", path.parent.name))
        path.parent.rename(folder)
        path = folder / path.name
        path.rename(folder / unicodedata.normalize("NFD", path.name))
    lib = Library(tmp_path)
    want = lib.files()[0]
    for form in ("NFC", "NFD"):
        typed = unicodedata.normalize(form, f"{athlete}/{safe_name(T0.strftime('%Y-%m-%d_%H%M%S_') + exercise)}")
        assert lib.resolve(typed) == want
        assert lib.resolve(typed.rpartition("/")[2]) == want                      # a stem alone
        assert lib.resolve(typed.rpartition("/")[2][:-3]) == want                 # its start
        assert lib.resolve(unicodedata.normalize(form, str(want))) == want        # a path
