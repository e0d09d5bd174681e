"""Temporary files a killed writer left in the library.

Every Parquet file is written to `.<name>.<pid>-<8 hex>.tmp` and renamed (session_file.py); a
process killed mid-write (SIGKILL, power cut) leaves that sibling for good, hidden and as large as
the session. `eccentric sessions recover` removes the ones whose writer is gone."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from sessions import paths as P

_TEMP = re.compile(r"\A\..+\.parquet\.(\d+)-[0-9a-f]{8}\.tmp\Z")
# A temporary file younger than this is left alone even when its pid is not running here: a
# data folder shared over a network may hold another computer's write in progress (a session
# file is written in seconds; a minute is far past any live write).
MIN_AGE_S = 60.0


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:   # another user's process (EPERM): running
        return True
    return True


def stale_temporaries(root: Path, now: float | None = None) -> list[Path]:
    """The writers' temporary files under sessions/, reps/ and sets/ whose process is gone."""
    now = time.time() if now is None else now
    found = []
    for kind in (P.SESSIONS, P.REPS, P.SETS):
        for p in (root / kind).glob("*/.*.tmp"):
            m = _TEMP.match(p.name)
            if m is None or _running(int(m.group(1))):
                continue
            try:
                if now - p.stat().st_mtime >= MIN_AGE_S:
                    found.append(p)
            except OSError:
                continue
    return sorted(found)


def remove_stale_temporaries(root: Path) -> list[Path]:
    """Remove them; returns those removed (one that cannot be removed is left, unsaid)."""
    gone = []
    for p in stale_temporaries(root):
        try:
            p.unlink()
        except OSError:
            continue
        gone.append(p)
    return gone
