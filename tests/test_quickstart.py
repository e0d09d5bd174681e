"""The README's quickstart: two commands, each with its own virtual environment (a stock Debian
Python refuses `pip install` outside one), and CI runs the second one verbatim."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def quickstart_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return [m.strip() for m in re.findall(r"^    (\S.*)$", section, flags=re.M)]


def test_two_commands_each_in_a_virtual_environment():
    live, tests = quickstart_commands()
    for cmd in (live, tests):
        assert cmd.startswith("python3 -m venv .venv && .venv/bin/pip install -e ")
        assert " pip install" not in cmd.replace(".venv/bin/pip install", "")   # never the system pip
    assert live.endswith(" && .venv/bin/eccentric --reader mock")
    assert tests.endswith(" && .venv/bin/pytest") and "'.[test]'" in tests


def test_ci_runs_the_second_command_verbatim_with_what_it_needs():
    ci = (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
    _, tests = quickstart_commands()
    assert tests in ci
    [apt] = [line for line in ci if "apt-get install" in line]
    for package in ("python3-venv", "chromium", "umockdev", "gir1.2-umockdev-1.0", "python3-gi", "libusb-1.0-0"):
        assert f" {package} " in f"{apt} "
