"""`eccentric report`: a self-contained HTML page (and PNG figures) for a coach."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eccentric.commands.record import add_local_options
from eccentric.commands.sessions_cmd import _filters
from forceplate.errors import ExitCode
from sessions.report import DETAIL_SESSIONS


def _detail(text: str) -> int | None:
    if text.strip().lower() == "all":
        return None
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of sessions or 'all', not {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1 (or 'all')")
    return n


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report", help="an HTML report of sessions for a coach (force of every rep, tables, trend)",
        description="Write a self-contained HTML page (figures embedded, nothing fetched) and its PNG figures: "
                    "each rep's lowering and raising force, the per-rep table (durations, mean/peak force in N "
                    "and kg, impulse, ecc:con load, verdict), set summaries and the trend across the athlete's "
                    "sessions. Name sessions (see `eccentric sessions list`; 'latest' works), or give --athlete "
                    "for every session of that athlete (--since/--until narrow it; the newest --detail of them are "
                    "shown rep by rep, the others in the trend).")
    add_local_options(p, reader=False)
    p.add_argument("sessions", nargs="*", metavar="SESSION", help="sessions by name or path")
    _filters(p)
    p.add_argument("--detail", type=_detail, default=DETAIL_SESSIONS, metavar="N|all",
                   help=f"with --athlete: show the N most recent sessions rep by rep (figures and tables), the "
                        f"older ones in the trend only (default {DETAIL_SESSIONS}; 'all' for every session)")
    p.add_argument("--out", type=Path, metavar="DIR",
                   help="folder for report.html and figures/ (default: ./report-<athlete>-<date>); a folder "
                        "that already holds a report.html is written over only with --force")
    p.add_argument("--force", action="store_true", help="replace an existing report.html (default: refuse)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from sessions.library import Library
    from sessions.report import make_report

    notes: list[str] = []
    try:
        html = make_report(args.sessions, args.out, library=Library(getattr(args, "data_dir", None)),
                           athlete=args.athlete, exercise=args.exercise, method=args.method,
                           since=args.since, until=args.until, detail=args.detail, notes=notes,
                           replace=args.force)
    finally:
        for note in notes:   # 'Zoe' took 'Zoë': say which name was used
            print(f"eccentric: {note}", file=sys.stderr)
    print(html)
    print(f"report written to {html} (figures in {html.parent / 'figures'})", file=sys.stderr)
    return ExitCode.OK
