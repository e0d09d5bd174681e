"""The session library on disk: list, find, delete, rename, and recover unfinished sessions."""

from __future__ import annotations

import builtins
import contextlib
import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from forceplate.errors import BadInputError, EccentricError
from forceplate.samples import ReaderInfo
from sessions import journal as J
from sessions import locks
from sessions import names as N
from sessions import paths as P
from sessions.meta import SessionMeta
from sessions.recovery import journal_to_session
from sessions.session_file import read_meta, read_session
from sessions.store import SessionPaths, save_session


class JournalBusy(EccentricError):
    """Another live process holds the journal (recording into it, or recovering it)."""


class JournalQuarantined(BadInputError):
    """The journal cannot be read and was moved out of the journal folder (the message says where)."""


@dataclass(frozen=True, slots=True)
class SessionSummary:
    path: Path
    name: str                 # "<athlete>/<stem>": what `eccentric sessions show` takes
    athlete: str
    exercise: str
    method: str
    started_at: datetime
    duration_s: float
    samples: int
    reps: int
    sets: int
    load_kg: float | None
    simulated: bool
    size_bytes: int
    plate: str = ""
    reader: str = ""
    meta: SessionMeta | None = None
    checked: bool = True      # False: written before metadata checksums (read unchecked)
    jumps: int = 0            # reps that are jumps (movement "jump"): all of them, a jump test

    @property
    def jump_test(self) -> bool:
        """Every rep a jump: a jump test (sessions.analysis.is_jump_test), no coaching method applies."""
        return bool(self.reps) and self.jumps == self.reps


def _as_datetime(since: date | datetime | str | None) -> datetime | None:
    if since is None:
        return None
    if isinstance(since, str):
        try:
            since = datetime.fromisoformat(since)
        except ValueError:
            raise BadInputError(f"'{since}' is not a date (YYYY-MM-DD)") from None
    if not isinstance(since, datetime):
        since = datetime(since.year, since.month, since.day)
    return since if since.tzinfo else since.replace(tzinfo=UTC)


def method_is(stored_method: str, jump_test: bool, method: str) -> bool:
    """The method filter as sessions are shown (library, export and report alike): a jump test
    is `jump_test` (its stored "normal" is only what it was analysed with), never a coaching
    method."""
    if jump_test:
        return N.same(method.replace(" ", "_"), P.JUMP_TEST)
    return N.same(stored_method, method)


class Library:
    def __init__(self, data_dir: Path | str | None = None) -> None:
        self.root = P.data_dir_or_default(data_dir)
        self.skipped: list[tuple[Path, str]] = []   # unreadable files met by list()
        self.notes: list[str] = []                   # list()'s loose name matches ('Zoe' found 'Zoë')

    @property
    def sessions_dir(self) -> Path:
        return self.root / P.SESSIONS

    def files(self) -> builtins.list[Path]:
        if not self.sessions_dir.is_dir():
            return []
        return sorted(p for p in self.sessions_dir.glob("*/*.parquet") if not p.name.startswith("."))

    def info(self, path: Path) -> ReaderInfo:
        """A session's reader description (channels, and info.extra such as an import's source
        hash), from the footer only."""
        from sessions import schema as S
        from sessions.session_file import read_kv

        return S.info_from_dict(S.loads_json(read_kv(path).get(S.KEY_INFO), "plate description"))

    def summary(self, path: Path) -> SessionSummary:
        import json

        import pyarrow.parquet as pq

        from sessions import schema as S
        from sessions.session_file import read_kv

        meta = read_meta(path)
        kv = read_kv(path)
        try:
            md = pq.read_metadata(path)
        except Exception as exc:   # noqa: BLE001 - read_kv just read the same footer
            raise BadInputError(f"{path}: corrupt Parquet footer ({exc.__class__.__name__})") from None
        try:
            rows = json.loads(kv.get(S.KEY_REPS, "[]"))
            reps = len(rows)
            jumps = sum(1 for r in rows if isinstance(r, dict) and r.get("movement") == "jump")
            sets = len(json.loads(kv.get(S.KEY_SETS, "[]")))
        except (ValueError, TypeError):
            reps = sets = jumps = 0
        n = md.num_rows
        rate = meta.sample_rate_hz or 1.0
        return SessionSummary(
            path=path, name=f"{path.parent.name}/{path.stem}", athlete=meta.athlete,
            exercise=meta.exercise, method=meta.method, started_at=meta.started_utc,
            duration_s=max(0, n - 1) / rate if n else 0.0, samples=n, reps=reps, sets=sets,
            load_kg=meta.load_kg, simulated=meta.simulated, size_bytes=path.stat().st_size,
            plate=meta.plate, reader=meta.reader, meta=meta, checked=S.KEY_CHECK in kv,
            jumps=jumps,
        )

    def list(self, athlete: str | None = None, exercise: str | None = None, method: str | None = None,
             since: date | datetime | str | None = None, until: date | datetime | str | None = None) -> list[SessionSummary]:
        """Sessions, oldest first. Unreadable files are skipped and noted in .skipped."""
        lo, hi = _as_datetime(since), _as_datetime(until)
        if hi is not None and isinstance(until, str) and len(until) <= 10:
            hi = hi.replace(hour=23, minute=59, second=59, microsecond=999999)  # whole last day
        out = []
        self.skipped = []
        every = []
        for p in self.files():
            try:
                every.append(self.summary(p))
            except EccentricError as exc:
                self.skipped.append((p, str(exc)))
            except Exception as exc:   # noqa: BLE001 - one odd file must not hide the others
                self.skipped.append((p, f"{p}: unreadable ({exc.__class__.__name__}: {exc})"))
        # the stored names, not the sanitised folder names (王力 and 李娜 share "athlete/"); 'Zoe'
        # finds 'Zoë' when no name is 'Zoe' (N.matching), said in self.notes
        self.notes = []
        athletes = exercises = None
        if athlete:
            athletes, note = N.matching(athlete, [s.athlete for s in every], "--athlete")
            self.notes += [note] if note else []
        if exercise:
            exercises, note = N.matching(exercise, [s.exercise for s in every], "--exercise")
            self.notes += [note] if note else []
        for s in every:
            if athletes is not None and N.key(s.athlete) not in athletes:
                continue
            if exercises is not None and N.key(s.exercise) not in exercises:
                continue
            if method and not method_is(s.method, s.jump_test, method):
                continue
            if lo and s.started_at < lo:
                continue
            if hi and s.started_at > hi:
                continue
            out.append(s)
        return sorted(out, key=lambda s: s.started_at)

    def resolve(self, name_or_path: str | Path) -> Path:
        """A session file from: a path, "<athlete>/<stem>", a unique stem (or its start), "latest".
        Names compare in NFC whichever way they were typed or filed (macOS types and stores
        names decomposed: "José" as "Jose" + U+0301)."""
        text = str(name_or_path)
        if "\x00" in text:
            raise BadInputError(f"no session '{N.display(text)}' (a name cannot hold a NUL byte)")
        if not text.strip() or text.strip().endswith("/") and not text.strip().strip("/"):
            # '' is the start of every name: `sessions delete ""` took the only session
            raise BadInputError("the session name is blank: give a name from `eccentric sessions list`, or 'latest'")
        p = Path(text)
        if text == "~" or text.startswith("~/"):   # "~name" may be a session name, not a home folder
            p = p.expanduser()
        if p.suffix == ".parquet" and _existing(p) or p.is_absolute() or text.startswith("."):
            found_p = _existing(p)
            if found_p is None:
                raise BadInputError(f"{p}: no such file")
            return found_p
        if text in ("latest", "last"):
            found = self.list()
            if not found:
                raise BadInputError(f"no sessions in {self.root}")
            return found[-1].path
        stem = _nfc(text[: -len(".parquet")] if text.endswith(".parquet") else text)
        files = [(f, _nfc(f.stem)) for f in self.files()]
        if "/" in stem:
            athlete, _, rest = stem.rpartition("/")   # a stem holds no "/"; an athlete may ("Ana/B")
            if not rest.strip():    # 'Ana/': '' starts every stem (delete took Ana's only session)
                raise BadInputError(f"'{N.display(text)}': the session name is blank: give a name from "
                                    f"`eccentric sessions list`, or 'latest'")
            # the folder as listed, the athlete's name, or its folder before names got tags
            # (NFC: a file system may hand back NFD names)
            folders = {athlete, P.athlete_folder(athlete), P.safe_name(athlete)}
            candidates = [(f, s) for f, s in files if _nfc(f.parent.name) in folders and s.startswith(rest)]
            if not candidates:   # 'ana/...' for Ana's folder: a folder's case is no part of its identity
                folded = {P.folded(f) for f in folders}
                candidates = [(f, s) for f, s in files if P.folded(f.parent.name) in folded and s.startswith(rest)]
        else:
            candidates = [(f, s) for f, s in files if s.startswith(stem)]
        exact = [f for f, s in candidates if s == stem.rpartition("/")[2]]
        if len(exact) == 1:
            return exact[0]
        if len(candidates) == 1:
            return candidates[0][0]
        if not candidates:
            raise BadInputError(f"no session '{N.display(text)}' in {self.sessions_dir} (see `eccentric sessions list`)")
        names = ", ".join(f"{c.parent.name}/{c.stem}" for c, _ in candidates[:4])
        raise BadInputError(f"'{N.display(text)}' matches {len(candidates)} sessions ({names}...): be more specific")

    def _owned(self, path: Path) -> SessionPaths:
        if not P.inside(self.sessions_dir, path):
            raise BadInputError(f"{path} is not in the library {self.sessions_dir}")
        return SessionPaths(self.root, path.parent.name, path.stem)

    def delete(self, name_or_path: str | Path) -> Path:
        sp = self._owned(self.resolve(name_or_path))
        for f in (sp.reps, sp.sets, sp.session):
            f.unlink(missing_ok=True)
        return sp.session

    def rename(self, name_or_path: str | Path, new_name: str | None = None, *, athlete: str | None = None,
               exercise: str | None = None, method: str | None = None, notes: str | None = None) -> Path:
        """Give a session a new name and/or correct its athlete, exercise, method or notes.
        The files are rewritten (metadata lives inside them), then the old ones removed."""
        old = self._owned(self.resolve(name_or_path))
        s = read_session(old.session)
        meta: SessionMeta = s.meta
        if athlete is not None:
            meta.athlete = athlete
        if exercise is not None:
            meta.exercise = exercise
        if method is not None:
            meta.method = method
        if notes is not None:
            meta.notes = notes
        from sessions.analysis import is_jump_test

        stem = P.safe_name(new_name) if new_name else (
            old.stem if athlete is None and exercise is None and method is None
            else P.session_stem(meta.started_utc, meta.exercise, meta.method, is_jump_test(s.reps.to_dicts())))
        new = SessionPaths(self.root, P.athlete_dir(self.root, meta.athlete), stem)
        # a name taken but for its case is taken (one file on a case-insensitive disk: writing it and
        # removing the old name there would remove the session)
        if new.session != old.session and P.taken_folded(new.session):
            raise BadInputError(f"a session {new.athlete_dir}/{new.stem} already exists")
        reps = [{k: v for k, v in r.items() if k in _rep_keys()} for r in s.reps.to_dicts()]
        sets = [{k: v for k, v in r.items() if k in _set_keys()} for r in s.sets.to_dicts()]
        save_session(new, meta, s.info, s.block, reps, sets)
        if new.session != old.session:
            for f in (old.reps, old.sets, old.session):
                f.unlink(missing_ok=True)
        return new.session

    # --- crash recovery ---------------------------------------------------------------

    def unfinished(self) -> builtins.list[Path]:
        """Journals left by a recording that did not stop (crash, kill, power loss).
        Journals a live recorder holds are not listed."""
        found = [p for d in (P.JOURNAL, P.RESCUE) if (self.root / d).is_dir()
                 for p in (self.root / d).glob(f"*{J.SUFFIX}")]   # rescue/: what its folder refused
        return sorted(p for p in found if not locks.in_use(p))

    def recover(self, journal: Path | str) -> Path | None:
        """Write the session from an unfinished journal; returns the session file, or None
        when there was nothing to save (an empty journal, removed) or another process has
        just saved it. The journal's lock is held throughout, so two recoveries (or a
        recovery and a live recorder) never work on one journal."""
        journal = Path(journal)
        with self._locked(journal) as fd:
            if fd is None:
                return None
            if os.fstat(fd).st_size == 0 and not J.read_events(J.events_path(journal)):
                if not journal.name.endswith(J.SUFFIX):   # a user's empty file: never deleted
                    raise BadInputError(f"{journal}: an empty file, not an eccentric recording journal")
                J.remove_journal(journal)   # a recording that died before its first sample
                return None
            try:
                J.read_header(journal)
            except J.HeaderDamaged as exc:   # a newer version or an I/O error: said, left in place
                raise self._quarantine(journal, exc) from None
            return journal_to_session(journal, self.root)

    def _quarantine(self, journal: Path, why: BadInputError) -> BadInputError:
        """A journal of this library no one can read is moved to <data>/damaged/ (kept, not
        offered for recovery at every start again); the error says where it went."""
        if journal.parent.resolve() not in {(self.root / d).resolve() for d in (P.JOURNAL, P.RESCUE)} \
                or not journal.name.endswith(J.SUFFIX):
            return why   # a file the user named elsewhere: never moved
        folder = self.root / P.DAMAGED
        try:
            folder.mkdir(parents=True, exist_ok=True)
            dest = folder / journal.name
            n = 2
            while dest.exists():
                dest = folder / f"{journal.name[: -len(J.SUFFIX)]}_{n}{J.SUFFIX}"
                n += 1
            events = J.events_path(journal)
            if events.exists():
                events.rename(J.events_path(dest))
            journal.rename(dest)
        except OSError:
            return why
        return JournalQuarantined(f"{why}; moved to {dest}")

    def discard(self, journal: Path | str) -> None:
        """Throw an unfinished journal away (the user said no to recovering it)."""
        journal = Path(journal)
        if not (P.inside(self.root / P.JOURNAL, journal) or P.inside(self.root / P.RESCUE, journal)):
            raise BadInputError(f"{journal} is not a journal of {self.root}")
        with self._locked(journal) as fd:
            if fd is not None:
                J.remove_journal(journal)

    @contextlib.contextmanager
    def _locked(self, journal: Path) -> Iterator[int | None]:
        """The journal's fd with its lock held; None when it vanished (someone finished it)."""
        from sessions.oserrors import os_error

        try:
            fd = locks.take(journal)
        except FileNotFoundError:
            raise BadInputError(f"{journal}: no such journal") from None
        except OSError as exc:
            raise os_error(exc, journal, "read") from None
        if fd is None:
            raise JournalBusy(f"{journal} is in use by another eccentric (recording or recovering it)")
        try:
            try:
                same = os.stat(journal).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            yield fd if same else None
        finally:
            os.close(fd)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _existing(p: Path) -> Path | None:
    """p, or the same path in the other Unicode form when only that one is on disk."""
    for q in (p, Path(_nfc(str(p))), Path(unicodedata.normalize("NFD", str(p)))):
        if q.exists():
            return q
    return None


def _rep_keys() -> set[str]:
    from sessions.schema import REP_COLUMNS

    return set(REP_COLUMNS)


def _set_keys() -> set[str]:
    from sessions.schema import SET_COLUMNS

    return set(SET_COLUMNS)
