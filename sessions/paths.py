"""Where sessions live, and names that are safe to use as path components."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from pathlib import Path

APP_NAME = "eccentric"

SESSIONS = "sessions"   # <data>/sessions/<athlete>/<stem>.parquet: samples + metadata
REPS = "reps"           # <data>/reps/<athlete>/<stem>.parquet: one row per rep
SETS = "sets"           # <data>/sets/<athlete>/<stem>.parquet: one row per set
JOURNAL = "journal"     # <data>/journal/<athlete>__<stem>.journal (+ .events.jsonl) while recording


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME))


def data_dir_or_default(data_dir: Path | str | None) -> Path:
    return Path(data_dir).expanduser() if data_dir else default_data_dir()


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(text: str, default: str = "unnamed") -> str:
    """A path component that cannot escape its folder: letters, digits, '.', '_', '-' only,
    no leading dots (so no '..' or hidden files), at most 64 characters."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    s = _UNSAFE.sub("-", ascii_text).strip("-_.")
    s = re.sub(r"-{2,}", "-", s)[:64].strip("-_.")
    return s or default


def session_stem(started_at: datetime, exercise: str, method: str) -> str:
    """<YYYY-MM-DD>_<HHMMSS>_<exercise>_<method> (UTC)."""
    return f"{started_at:%Y-%m-%d_%H%M%S}_{safe_name(exercise or 'exercise')}_{safe_name(method or 'normal')}"


def inside(root: Path, path: Path) -> bool:
    """True when path resolves to somewhere under root."""
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False
