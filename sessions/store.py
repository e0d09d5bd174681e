"""Where one session's files go in the library, and writing them all.

<data>/sessions/<athlete>/<stem>.parquet   samples + metadata (self-contained)
<data>/reps/<athlete>/<stem>.parquet       one row per rep (REP_SCHEMA, same for every file)
<data>/sets/<athlete>/<stem>.parquet       one row per set (SET_SCHEMA)
"""

from __future__ import annotations

import errno
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forceplate.errors import EccentricError
from forceplate.samples import ReaderInfo, SampleBlock
from sessions import locks
from sessions import paths as P
from sessions import schema as S
from sessions.meta import SessionMeta
from sessions.session_file import write_session, write_table_file

_RESERVED: set[Path] = set()   # journal paths handed out in this process
_RESERVED_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class SessionPaths:
    root: Path
    athlete_dir: str
    stem: str

    @property
    def session(self) -> Path:
        return self.root / P.SESSIONS / self.athlete_dir / f"{self.stem}.parquet"

    @property
    def reps(self) -> Path:
        return self.root / P.REPS / self.athlete_dir / f"{self.stem}.parquet"

    @property
    def sets(self) -> Path:
        return self.root / P.SETS / self.athlete_dir / f"{self.stem}.parquet"

    @property
    def journal(self) -> Path:
        return self.root / P.JOURNAL / f"{self.athlete_dir}__{self.stem}.journal"

    @property
    def relative(self) -> str:
        return f"{P.SESSIONS}/{self.athlete_dir}/{self.stem}.parquet"

    @classmethod
    def for_meta(cls, root: Path, meta: SessionMeta, unique: bool = True, jump_test: bool = False) -> SessionPaths:
        """Sanitised names; a numeric suffix when the stem is already taken (on disk, or by
        another recorder of this process whose journal does not exist yet)."""
        athlete = P.athlete_dir(root, meta.athlete)
        stem = P.session_stem(meta.started_utc, meta.exercise, meta.method, jump_test)
        sp = cls(root, athlete, stem)
        k = 2
        with _RESERVED_LOCK:
            while unique and (P.taken_folded(sp.session) or P.taken_folded(sp.journal) or sp.journal in _RESERVED):
                sp = cls(root, athlete, f"{stem}_{k}")
                k += 1
            if unique:
                _RESERVED.add(sp.journal)
        return sp

    @classmethod
    def claim(cls, root: Path, meta: SessionMeta, jump_test: bool = False) -> tuple[SessionPaths, int, int]:
        """Take a name no other recording or import has, across processes: the journal and
        its events file are created with O_EXCL and locked before the name counts as ours.
        Returns (paths, journal fd, events fd); raises OSError when the folder refuses.

        A name is taken while its journal exists (recording, or waiting for recovery) and
        once its session exists; the session is written before the journal is removed, so
        re-checking the session after the claim closes the race with a finishing recording."""
        athlete = P.athlete_dir(root, meta.athlete)
        stem = P.session_stem(meta.started_utc, meta.exercise, meta.method, jump_test)
        folder = root / P.JOURNAL
        folder.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_BINARY", 0)
        from sessions.journal import events_path, fsync_dir

        for k in range(1, 100_000):
            sp = cls(root, athlete, stem if k == 1 else f"{stem}_{k}")
            with _RESERVED_LOCK:   # a name taken but for its case is taken (as on a case-insensitive disk)
                if P.taken_folded(sp.session) or P.taken_folded(sp.journal) or sp.journal in _RESERVED:
                    continue
            try:
                fd = os.open(sp.journal, flags, 0o644)
            except FileExistsError:
                continue
            if not locks.hold(fd):   # a recovery opened it in the instant since: let it have it
                os.close(fd)
                continue
            try:
                efd = os.open(events_path(sp.journal), flags, 0o644)
            except OSError as exc:
                os.close(fd)
                sp.journal.unlink(missing_ok=True)
                if exc.errno == errno.EEXIST:   # a stray events file: not this name
                    continue
                raise
            locks.hold(efd)
            if sp.session.exists():   # a recording that finished in between took this name
                for f, p in ((fd, sp.journal), (efd, events_path(sp.journal))):
                    os.close(f)
                    p.unlink(missing_ok=True)
                continue
            fsync_dir(folder)   # the new names survive a power cut too
            return sp, fd, efd
        raise OSError(errno.EEXIST, "no free session name", str(folder))

    @classmethod
    def for_session_file(cls, path: Path) -> SessionPaths:
        path = Path(path)
        return cls(path.parent.parent.parent, path.parent.name, path.stem)

    @classmethod
    def from_relative(cls, root: Path, relative: str) -> SessionPaths:
        parts = Path(relative).parts
        if len(parts) != 3 or parts[0] != P.SESSIONS or not parts[2].endswith(".parquet"):
            raise EccentricError(f"bad session location {relative!r}")
        athlete, stem = P.safe_folder(parts[1]), P.safe_name(parts[2][: -len(".parquet")])
        return cls(root, athlete, stem)


def save_session(sp: SessionPaths, meta: SessionMeta, info: ReaderInfo, block: SampleBlock,
                 reps: list[dict[str, Any]], sets: list[dict[str, Any]], *, values_from_counts_known: bool = False) -> Path:
    """All three files; the samples file last, so a listed session always has its reps."""
    for p in (sp.session, sp.reps, sp.sets):
        if not P.inside(sp.root, p):
            raise EccentricError(f"refusing to write outside the data folder: {p}")
    meta.fill_from_info(info)   # plate fields the caller left empty
    cols = S.session_columns(meta, sp.stem)
    write_table_file(sp.reps, S.rows_frame([{**cols, **r} for r in reps], S.REP_SCHEMA), "reps", meta)
    write_table_file(sp.sets, S.set_frame(cols, sets), "sets", meta)
    write_session(sp.session, meta, info, block, reps, sets, values_from_counts_known=values_from_counts_known)
    return sp.session


def reanalyse_session(path: Path) -> tuple[SessionMeta, int, int]:
    """Analyse a saved session's samples again (sessions.analysis, the settings stored with it)
    and rewrite its three files with the new analysis; (meta, reps, sets). Raises if the
    analysis cannot run: the old files stay as they were."""
    from sessions.analysis import analyse_session
    from sessions.session_file import read_session

    stored = read_session(path)
    result = analyse_session(stored.info, stored.block, stored.meta)
    result.stamp(stored.meta)
    save_session(SessionPaths.for_session_file(path), stored.meta, stored.info, stored.block,
                 result.reps, result.sets)
    return stored.meta, len(result.reps), len(result.sets)
