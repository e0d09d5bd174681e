"""Where sessions live, and names that are safe to use as path components."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import unicodedata
from datetime import datetime
from pathlib import Path

APP_NAME = "eccentric"

SESSIONS = "sessions"   # <data>/sessions/<athlete>/<stem>.parquet: samples + metadata
REPS = "reps"           # <data>/reps/<athlete>/<stem>.parquet: one row per rep
SETS = "sets"           # <data>/sets/<athlete>/<stem>.parquet: one row per set
JOURNAL = "journal"     # <data>/journal/<athlete>__<stem>.journal (+ .events.jsonl) while recording
DAMAGED = "damaged"     # <data>/damaged/: journals no recovery can read, moved out of journal/ once
RESCUE = "rescue"       # <data>/rescue/: a recording's journal its own folder refused (file size limit)
IMPORT_LOCK = ".import.lock"   # <data>/.import.lock: held while an import checks for its file and saves


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME))


def data_dir_or_default(data_dir: Path | str | None) -> Path:
    path = Path(data_dir).expanduser() if data_dir else default_data_dir()
    if path.exists() and not path.is_dir():
        from forceplate.errors import BadInputError

        # a file given as the data folder read as an empty library ("no sessions"), hiding the typo
        raise BadInputError(f"data folder {path} is a file, not a folder: choose another --data-dir")
    return path


_UNSAFE = re.compile(r"[^\w.-]+")   # \w: letters and digits of every script, and "_"
# names Windows reserves for devices, whatever the extension: a folder "CON" cannot be made there
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
NAME_MAX_BYTES = 64   # UTF-8 bytes: a journal is <athlete>__<stem>.events.jsonl, well under 255


def safe_name(text: str, default: str = "unnamed") -> str:
    """A path component that cannot escape its folder and still reads as the name: letters
    and digits of any script (NFC: "Łukasz", "Jürgen", "李娜" stay as typed), '.', '_', '-';
    anything else (spaces, slashes, emoji, controls) becomes '-' (a name of symbols only is
    spelt by their Unicode names: "🏋" -> "weight-lifter"); no leading dots (so no '..' or
    hidden files), at most 64 UTF-8 bytes, cut on a character boundary."""
    text = unicodedata.normalize("NFC", str(text))
    s = _UNSAFE.sub("-", text).strip("-_.")
    if not s:   # symbols only ("🏋"): their Unicode names ("weight-lifter") still read as the name
        s = _UNSAFE.sub("-", " ".join(unicodedata.name(c, "") for c in text
                                      if unicodedata.category(c).startswith("S")).lower()).strip("-_.")
    s = re.sub(r"-{2,}", "-", s)
    s = s.encode("utf-8")[:NAME_MAX_BYTES].decode("utf-8", "ignore").strip("-_.")
    if s.split(".")[0].casefold() in _RESERVED:
        s = f"{s}_"
    return s or default


TAG_LEN = 8   # hex digits of the name's hash a changed name's folder ends in (32 bits)
_TAG = re.compile(rf"~[0-9a-f]{{{TAG_LEN}}}\Z")


def athlete_folder(athlete: str) -> str:
    """The athlete's folder: safe_name(athlete) when that is the name as typed (NFC), else the
    safe name + "~" + 8 hex digits of the name's SHA-256, so names that differ only where the
    folder cannot ("a/b", "a\\b", "a b", ".a", 64-byte cuts) get folders of their own. "~" is
    not in safe_name's alphabet: no name filed as typed can take a tagged folder."""
    text = unicodedata.normalize("NFC", str(athlete))
    s = safe_name(text, "athlete")
    if s == text:
        return s
    tag = "~" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:TAG_LEN]
    base = safe_name(s.encode("utf-8")[: NAME_MAX_BYTES - len(tag)].decode("utf-8", "ignore"), "athlete")
    return f"{base}{tag}"


def folded(name: str) -> str:
    """A file name as a case-insensitive file system compares it (macOS, Windows, exFAT sticks;
    NFC first: macOS hands back NFD). casefold folds at least what any of them folds."""
    return unicodedata.normalize("NFC", name).casefold()


def athlete_dir(root: Path, athlete: str) -> str:
    """The athlete's folder in this library: athlete_folder(athlete), or the folder already there
    that differs from it only by case ('ana' files under an existing 'Ana/'). So 'Ana' and 'ana'
    share one folder on every file system, as a case-insensitive one makes them share it anyway;
    a library that holds both already (made by an older eccentric on Linux) keeps both."""
    folder = athlete_folder(athlete)
    try:
        names = [e.name for e in os.scandir(root / SESSIONS) if e.is_dir(follow_symlinks=False)]
    except OSError:
        names = []
    with contextlib.suppress(OSError):   # a first recording still in its journal names its folder too
        names += [n.partition("__")[0] for n in os.listdir(root / JOURNAL) if "__" in n]
    if any(unicodedata.normalize("NFC", n) == folder for n in names):
        return folder
    same = sorted(n for n in names if folded(n) == folded(folder))
    if same:
        return same[0]
    if _TAG.search(folder):
        # the tag hashes the name as typed, so "Ana Ø'Brien" and "ana ø'brien" get two tags (a
        # trial filed them apart): a tagged folder whose name before the tag folds alike and
        # whose sessions are this athlete's, case aside, is theirs
        base = folded(_TAG.sub("", folder))
        for n in sorted(names):
            if _TAG.search(n) and folded(_TAG.sub("", n)) == base and _holds(root / SESSIONS / n, athlete):
                return n
    return folder


def _holds(folder: Path, athlete: str) -> bool:
    """True when a session in folder is the athlete's, case aside (its stored name, read)."""
    from sessions.session_file import read_meta

    with contextlib.suppress(OSError, StopIteration, ValueError):
        first = next(p for p in sorted(folder.glob("*.parquet")))
        with contextlib.suppress(Exception):   # a damaged file: not this athlete's evidence
            return folded(read_meta(first).athlete) == folded(athlete)
    return False


def taken_folded(path: Path) -> bool:
    """True when path, or a name in its folder that differs from it only by case, exists: the
    same answer a case-insensitive file system gives (two stems 'Squat' and 'squat' are one file
    there)."""
    if os.path.lexists(path):
        return True
    want = folded(path.name)
    try:
        return any(folded(n) == want for n in os.listdir(path.parent))
    except OSError:
        return False


def safe_folder(component: str) -> str:
    """A folder name read back (a journal's target): safe_name, keeping an athlete_folder tag."""
    m = _TAG.search(component)
    if m is None:
        return safe_name(component)
    return f"{safe_name(component[: m.start()], 'athlete')}{m.group()}"


NO_EXERCISE = "exercise"   # SessionMeta's exercise when none was named
JUMP_TEST = "jump_test"    # in place of the method: every rep is a jump, no coaching method applies


def session_stem(started_at: datetime, exercise: str, method: str, jump_test: bool = False) -> str:
    """<YYYY-MM-DD>_<HHMMSS>_<exercise>_<method> (UTC). A jump test (every rep of its analysis a
    jump, sessions.analysis.is_jump_test) is <YYYY-MM-DD>_<HHMMSS>[_<exercise>]_jump_test: the
    method it was analysed with ("normal") says nothing about it, nor does the default exercise."""
    when = f"{started_at:%Y-%m-%d_%H%M%S}"
    if jump_test:
        named = exercise and exercise != NO_EXERCISE
        return f"{when}_{safe_name(exercise)}_{JUMP_TEST}" if named else f"{when}_{JUMP_TEST}"
    return f"{when}_{safe_name(exercise or NO_EXERCISE)}_{safe_name(method or 'normal')}"


def cannot_save(data_dir: Path) -> str | None:
    """Why recordings cannot be saved in data_dir (made if missing; one file made and gone), or
    None. Watching and replaying need no writable folder: only recording asks this."""
    import tempfile

    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=data_dir):
            pass
    except OSError as err:
        why = (err.strerror or err.__class__.__name__).lower()
        return (f"cannot record: the data folder {data_dir} takes no new files ({why}); watching, replay and "
                f"the library work - to record, make it writable or choose another --data-dir")
    return None


def missing_folder(folder: Path) -> Path | None:
    """The outermost folder of `folder` that does not exist yet (an output about to be made, and
    said: a typo in it is seen), or None."""
    missing = None
    for f in (folder, *folder.parents):
        if os.path.lexists(f):
            break
        missing = f
    return missing


def inside(root: Path, path: Path) -> bool:
    """True when path resolves to somewhere under root."""
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False
