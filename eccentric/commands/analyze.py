"""`eccentric analyze` (placeholder: being built)."""

from __future__ import annotations

import argparse

from forceplate.errors import EccentricError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyze", help="(not built yet)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    raise EccentricError("'eccentric analyze' is not built yet")
