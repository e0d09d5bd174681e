"""`eccentric` with no command: the live dashboard (placeholder: being built)."""

from __future__ import annotations

import argparse

from forceplate.errors import EccentricError


def run(args: argparse.Namespace) -> int:
    raise EccentricError("the dashboard is not built yet")
