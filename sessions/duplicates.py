"""The same file imported twice: told by a content hash stored with the session.

`eccentric import` stores the SHA-256 of the file's bytes (and the run it took, for a file
that holds several) in the session's reader description (info.extra). Importing a file whose
content is already in the library is refused in one line naming the session, unless --again
asks for another copy: a coach who plugs the same USB stick in twice expects one session, and
a rename or a move of the file does not change its content (docs/import.md, "Importing twice").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from forceplate.errors import EccentricError, ExitCode

EXTRA_HASH = "source_sha256"
EXTRA_RUN = "source_run"
EXTRA_IMPORTED = "imported_at"
_CHUNK = 1 << 20


class AlreadyImported(EccentricError):
    """Not a failure of the file: the library holds it already (exit 0 when nothing else failed)."""

    exit_code = ExitCode.OK


@dataclass(frozen=True, slots=True)
class Found:
    name: str               # "<athlete folder>/<stem>"
    imported: str           # the import's date (or the recording's, for a session without one)


def file_digest(path: Path) -> str:
    """SHA-256 of the file's bytes, read 1 MB at a time (a 180-MB export costs no memory)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


class ImportIndex:
    """The library's imported files by content hash and run, read once per command (footers
    only; an unreadable session is passed over: `sessions list` names those). A session saved
    during the command is added, so one file given twice is imported once."""

    def __init__(self, root: Path) -> None:
        from sessions.library import Library

        self._lib = Library(root)
        self._found: dict[tuple[str, str | None], tuple[Path, str]] = {}
        self._seen: set[Path] = set()
        self.digests: set[str] = set()
        self.refresh()

    def refresh(self) -> None:
        """Read the sessions saved since (by another process: two imports of one file at once);
        the footers read already are not read again."""
        for p in self._lib.files():
            if p in self._seen:
                continue
            self._seen.add(p)
            try:
                extra = self._lib.info(p).extra
            except (EccentricError, OSError):
                continue
            if extra.get(EXTRA_HASH):
                self._found.setdefault((extra[EXTRA_HASH], extra.get(EXTRA_RUN) or None),
                                       (p, extra.get(EXTRA_IMPORTED) or ""))
                self.digests.add(extra[EXTRA_HASH])

    def find(self, digest: str, run: str | None) -> Found | None:
        hit = self._found.get((digest, run or None))
        if hit is None:
            return None
        p, imported = hit
        return Found(f"{p.parent.name}/{p.stem}", _day(imported) or self._started(p))

    def add(self, digest: str, run: str | None, path: Path) -> None:
        self._found.setdefault((digest, run or None), (path, datetime.now().astimezone().isoformat()))
        self._seen.add(path)
        self.digests.add(digest)

    def already(self, path: Path, digest: str, run: str | None) -> str:
        """The one line saying where the library holds this file (and run), or ""."""
        found = self.find(digest, run)
        if found is None:
            return ""
        from sessions.names import display

        of = f" (run {run})" if run else ""
        return (f"{display(path)}{of}: already imported as session {display(found.name)} on "
                f"{found.imported or 'an earlier day'}; use --again to import another copy")

    def refuse_twice(self, path: Path, digest: str, run: str | None) -> None:
        said = self.already(path, digest, run)
        if said:
            raise AlreadyImported(said)

    def _started(self, p: Path) -> str:
        from sessions.session_file import read_meta

        try:
            return _day(read_meta(p).started_utc.isoformat())
        except (EccentricError, OSError):
            return ""


def find_import(root: Path, digest: str, run: str | None) -> Found | None:
    """The library session imported from the same content (and run), or None."""
    return ImportIndex(root).find(digest, run)


def _day(iso: object) -> str:
    try:
        return datetime.fromisoformat(str(iso)).astimezone().strftime("%Y-%m-%d %H:%M") if iso else ""
    except ValueError:
        return ""


__all__ = ["EXTRA_HASH", "EXTRA_IMPORTED", "EXTRA_RUN", "AlreadyImported", "ImportIndex", "file_digest",
           "find_import"]
