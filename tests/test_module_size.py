"""Modules stay under ~400 lines, one job each (the product's own: the dashboard, sessions and the
command line; forceplate/analysis/ is measured by its owners). live_screen.py was 429 lines."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 400
PACKAGES = ("tui", "sessions", "eccentric")


@pytest.mark.parametrize("package", PACKAGES)
def test_modules_stay_under_the_limit(package):
    long = {str(p.relative_to(ROOT)): n for p in sorted((ROOT / package).rglob("*.py"))
            if (n := len(p.read_text("utf-8").splitlines())) > LIMIT}
    assert not long, f"split these modules (over {LIMIT} lines): {long}"


def test_the_live_screen_is_split_by_job():
    from tui.screens.live_screen import LiveScreen, event_unsure  # noqa: F401  (tests import it here)

    names = {c.__module__ for c in LiveScreen.__mro__}
    assert {"tui.screens.live_reps", "tui.screens.live_status", "tui.screens.live_actions",
            "tui.screens.live_setup"} <= names
