"""End to end: the installed `eccentric` command in a real terminal (tmux), read off the screen."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

PHASE_WORDS = ("OFF PLATE", "STANDING", "REST", "LOWERING", "BOTTOM", "RAISING", "MOVING")

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None or shutil.which("eccentric") is None,
                                reason="needs tmux and the installed eccentric command")


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def _screen(name: str) -> str:
    return _tmux("capture-pane", "-p", "-t", name)


def _wait_for(name: str, test, timeout_s: float = 20.0) -> str:
    deadline = time.monotonic() + timeout_s
    text = ""
    while time.monotonic() < deadline:
        text = _screen(name)
        if test(text):
            return text
        time.sleep(0.2)
    raise AssertionError(f"screen never matched; last screen:\n{text}")


def test_dashboard_in_tmux(tmp_path: Path) -> None:
    name = f"ecc-{uuid.uuid4().hex[:8]}"
    data = tmp_path / "data"
    cmd = f"eccentric --reader mock -o seed=2 --data-dir {data}"
    env_home = f"HOME={tmp_path}"   # keep crash logs and settings out of the real home
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "110", "-y", "36",
                    "-e", "TERM=xterm-256color", "-e", env_home, "-c", os.getcwd(), cmd], check=True)
    try:
        started = time.monotonic()
        screen = _wait_for(name, lambda s: "SIMULATED" in s and any(w in s for w in PHASE_WORDS))
        assert time.monotonic() - started < 10.0, "a moving dashboard within seconds"
        def steady_rate(s: str) -> bool:   # the plate's achieved rate settles near 1 kHz
            m = re.search(r"(\d+) Hz", s)
            return m is not None and 900 <= int(m.group(1)) <= 1100

        _wait_for(name, steady_rate, timeout_s=15.0)
        # the chart moves: the screen changes by itself
        assert _wait_for(name, lambda s: s != screen, timeout_s=5.0) != screen
        _tmux("send-keys", "-t", name, "r")
        _wait_for(name, lambda s: "REC" in s and "not recording" not in s)
        time.sleep(2.0)
        _tmux("send-keys", "-t", name, "r")
        _wait_for(name, lambda s: "not recording" in s)
        _wait_for(name, lambda s: "Saved" in s or "saved" in s, timeout_s=15.0)
        _tmux("send-keys", "-t", name, "q")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and name in _tmux("ls"):
            time.sleep(0.2)
        assert name not in _tmux("ls"), "q quits the app"
        assert list(data.rglob("*.parquet")), "the recording is on disk"
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, check=False)
