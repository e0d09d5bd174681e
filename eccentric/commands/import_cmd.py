"""`eccentric import FILE.csv`: another system's raw plate CSV becomes an analysed session."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from eccentric.commands.record import add_local_options, add_session_fields
from forceplate.errors import EccentricError, ExitCode


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="turn a raw plate CSV (time_s + force columns in N) into a session",
                       description="CSV with a header: time_s, one or more force columns in newtons (e.g. fz_n, "
                                   "cell_1_n), optionally position_m. The session is analysed so it has reps.")
    add_local_options(p, reader=False)
    p.add_argument("files", nargs="+", type=Path, metavar="FILE.csv")
    add_session_fields(p)
    p.add_argument("--started-at", metavar="ISO-TIME", help="when it was recorded (default: the file's time)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from sessions.importer import import_csv

    started = None
    if args.started_at:
        try:
            started = datetime.fromisoformat(args.started_at)
        except ValueError:
            raise EccentricError(f"--started-at '{args.started_at}' is not an ISO date/time", exit_code=ExitCode.USAGE) from None
        started = started if started.tzinfo else started.replace(tzinfo=UTC)
        try:
            started.astimezone(UTC)
        except (OverflowError, ValueError):   # e.g. year 1 at +05:00 is before year 1 in UTC
            raise EccentricError(f"--started-at '{args.started_at}' is out of range", exit_code=ExitCode.USAGE) from None
    for f in args.files:
        path = import_csv(f, getattr(args, "data_dir", None), athlete=args.athlete, exercise=args.exercise,
                          method=args.method, load_kg=args.load_kg, started_at=started, notes=args.notes)
        print(path)
        print(f"imported {f} -> {path}", file=sys.stderr)
    return ExitCode.OK
