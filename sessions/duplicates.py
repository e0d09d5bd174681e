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


def find_import(root: Path, digest: str, run: str | None) -> Found | None:
    """The library session imported from the same content (and run), or None. Only footers are
    read; an unreadable session is passed over (`sessions list` names those)."""
    from sessions import paths as P
    from sessions import schema as S
    from sessions.session_file import read_kv

    folder = root / P.SESSIONS
    if not folder.is_dir():
        return None
    for p in sorted(folder.glob("*/*.parquet")):
        if p.name.startswith("."):
            continue
        try:
            kv = read_kv(p)
            extra = (S.loads_json(kv.get(S.KEY_INFO), "plate description") or {}).get("extra") or {}
        except (EccentricError, OSError, AttributeError):
            continue
        if extra.get(EXTRA_HASH) == digest and (extra.get(EXTRA_RUN) or None) == (run or None):
            return Found(f"{p.parent.name}/{p.stem}", _day(extra.get(EXTRA_IMPORTED)) or _started(kv))
    return None


def _day(iso: object) -> str:
    try:
        return datetime.fromisoformat(str(iso)).astimezone().strftime("%Y-%m-%d %H:%M") if iso else ""
    except ValueError:
        return ""


def _started(kv: dict[str, str]) -> str:
    from sessions import schema as S

    try:
        return _day((S.loads_json(kv.get(S.KEY_META), "session metadata") or {}).get("started_at"))
    except EccentricError:
        return ""


def refuse_twice(path: Path, root: Path, digest: str, run: str | None) -> None:
    found = find_import(root, digest, run)
    if found is not None:
        from sessions.names import display

        of = f" (run {run})" if run else ""
        raise AlreadyImported(f"{display(path)}{of}: already imported as session {display(found.name)} on "
                              f"{found.imported or 'an earlier day'}; use --again to import another copy")


__all__ = ["EXTRA_HASH", "EXTRA_IMPORTED", "EXTRA_RUN", "AlreadyImported", "file_digest", "find_import",
           "refuse_twice"]
