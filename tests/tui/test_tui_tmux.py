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


def _new_session(args: list[str]) -> None:
    """tmux new-session -d ARGS; once more after a moment if it fails: on a shared machine the
    tmux server may be exiting (another user's last session just closed) as it is asked."""
    for _ in range(2):
        done = subprocess.run(["tmux", "new-session", "-d", *args], capture_output=True, text=True)
        if done.returncode == 0:
            return
        time.sleep(1.0)
    raise AssertionError(f"tmux new-session failed: {done.stderr.strip()}")


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
    _new_session(["-s", name, "-x", "110", "-y", "36",
                  "-e", "TERM=xterm-256color", "-e", env_home, "-e", f"ECCENTRIC_CONFIG_DIR={tmp_path / 'config'}",
                  "-e", "COLUMNS=", "-e", "LINES=", "-c", os.getcwd(), cmd])
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


def panel_rows(screen: str, title: str) -> list[str]:
    """The inside lines of the side panel whose top border carries title (right of its border)."""
    lines = screen.splitlines()
    for i, line in enumerate(lines):
        j = line.find(title)
        if j < 0:
            continue
        col = max(line.rfind("╭", 0, j), line.rfind("┏", 0, j), line.rfind("┌", 0, j))
        if col < 0:
            continue
        inside = []
        for below in lines[i + 1:]:
            if len(below) <= col or below[col] in "╰┗└":
                break
            inside.append(below[col + 1:])
        return inside
    return []


def big_rows(screen: str, title: str) -> int:
    return sum(1 for row in panel_rows(screen, title) if set(row) & set("█▀▄"))


@pytest.mark.slow
@pytest.mark.parametrize("size", [(120, 36), (80, 24), (200, 60)])
def test_large_type_in_a_real_terminal(tmp_path: Path, size: tuple[int, int]) -> None:
    """At 120x36 the phase word, the timer and the last rep's numbers are each 3+ rows high;
    80x24 and 200x60 work too."""
    name = f"ecc-{uuid.uuid4().hex[:8]}"
    cmd = f"eccentric --reader mock -o seed=2 --data-dir {tmp_path / 'data'} --athlete Ann --load-kg 60"
    _new_session(["-s", name, "-x", str(size[0]), "-y", str(size[1]),
                  "-e", "TERM=xterm-256color", "-e", f"HOME={tmp_path}",
                  "-e", f"ECCENTRIC_CONFIG_DIR={tmp_path / 'config'}",
                  # pytest's COLUMNS/LINES (80x24) would reach the pane through the tmux server
                  # and win over the real size: empty values make the app ask the terminal
                  "-e", "COLUMNS=", "-e", "LINES=", "-c", os.getcwd(), cmd])
    # a tmux server already running may size new windows its own way: set the size explicitly
    _tmux("resize-window", "-t", name, "-x", str(size[0]), "-y", str(size[1]))
    try:
        screen = _wait_for(name, lambda s: "last rep · set" in s, timeout_s=60.0)
        assert "60 kg" in screen                        # the load is on the live screen
        if size == (80, 24):
            assert big_rows(screen, "last rep") >= 3    # the numbers stay big, the word may not
            return
        assert big_rows(screen, "last rep") >= 3
        screen = _wait_for(name, lambda s: "━ LOWERING ━" in s and big_rows(s, "LOWERING") >= 6,
                           timeout_s=30.0)              # the word and the timer, 3 rows each
        if size == (200, 60):
            assert big_rows(screen, "LOWERING") >= 10   # bigger type on a big terminal
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, check=False)
