"""`sessions recover` removes the temporary files a killed writer left (an import or a save
SIGKILLed mid-write left `.<name>.parquet.<pid>-<hex>.tmp` in the library for good)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eccentric.cli import main
from sessions.tidy import MIN_AGE_S


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def _temp(folder: Path, pid: int, age_s: float, name: str = "2026-03-02_090000_squat_normal") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / f".{name}.parquet.{pid}-0123abcd.tmp"
    p.write_bytes(b"PAR1 half a file")
    t = time.time() - age_s
    os.utime(p, (t, t))
    return p


def test_recover_removes_only_a_dead_writers_old_temporaries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    dead = _dead_pid()
    litter = [_temp(data / "reps" / "Ana", dead, 600), _temp(data / "sessions" / "a-b~c14cddc0", dead, 600)]
    live = _temp(data / "sets" / "Ana", os.getpid(), 600)            # a writer still at work
    young = _temp(data / "sessions" / "Ana", dead, MIN_AGE_S / 4)      # maybe another computer's, writing now
    other = data / "sessions" / "Ana" / ".notes.tmp"                   # not ours: never touched
    other.write_text("x")
    assert main(["--data-dir", str(data), "sessions", "recover"]) == 0
    err = capsys.readouterr().err
    assert "removed 2 half-written temporary files" in err
    assert not any(p.exists() for p in litter) and live.exists() and young.exists() and other.exists()
    assert main(["--data-dir", str(data), "sessions", "recover", "--list"]) == 0   # --list only lists
    assert live.exists() and young.exists()
