"""A per-file size limit (ulimit -f; FAT32's 4 GiB) refuses the journal while the folder still
takes new files. Before, the samples the journal could not take were held in memory, the rescue
copy was refused by the same limit and they were lost: 30 s recorded, 9 s recovered. Now the rest
is written beside the journal as more journals under the limit, and `sessions recover` saves
every sample (as one session per part, each started at its first sample)."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from sessions.session_file import read_session

LIMIT_BYTES = 300 * 1024


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT_BYTES, resource.RLIM_INFINITY))


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE as on Linux")
def test_every_sample_is_recovered_under_a_file_size_limit(tmp_path: Path) -> None:
    data = tmp_path / "data"
    rec = subprocess.run([sys.executable, "-m", "eccentric", "record", "--data-dir", str(data), "--reader", "mock",
                          "--seconds", "30", "-o", "realtime=false", "--athlete", "Ed"],
                         capture_output=True, text=True, timeout=240, preexec_fn=_limit)
    assert rec.returncode == 6 and "Traceback" not in rec.stderr
    parts = sorted((data / "journal").glob("*.journal"))
    assert len(parts) >= 2 and all(p.stat().st_size <= LIMIT_BYTES for p in parts)
    rc = subprocess.run([sys.executable, "-m", "eccentric", "sessions", "--data-dir", str(data), "recover"],
                        capture_output=True, text=True, timeout=240)
    assert rc.returncode == 0, rc.stderr
    sessions = [read_session(p) for p in sorted((data / "sessions" / "Ed").glob("*.parquet"))]
    assert len(sessions) == len(parts)
    seq = sorted(int(x) for s in sessions for x in s.block.seq)
    assert seq == list(range(seq[0], seq[0] + 30000))             # every sample, once
    starts = [s.meta.started_utc for s in sessions]
    assert len(set(starts)) == len(starts)
