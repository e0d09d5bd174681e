"""`eccentric export`: reps (optionally samples) of many sessions to one Parquet or CSV file."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from eccentric.commands.record import add_local_options
from eccentric.commands.sessions_cmd import _filters
from forceplate.errors import EccentricError, ExitCode
from sessions.names import display

# the suffixes export writes under without --format: any other (.xlsx, .txt, .csv.gz, .dat) would
# hold Parquet that the program opening it by its suffix reads as garbage
WRITABLE_SUFFIXES = {"": "parquet", ".parquet": "parquet", ".pq": "parquet", ".csv": "csv"}


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write reps of one or many sessions to one Parquet (or CSV) file",
                       description="Tidy export: one row per rep with athlete, date, exercise, method, load and "
                                   "every per-phase metric. Sessions by name/path, else the whole library, filtered.")
    add_local_options(p, reader=False)
    p.add_argument("sessions", nargs="*", help="sessions (names from `sessions list`, paths); default: all")
    _filters(p)
    p.add_argument("--out", "--output", dest="out", type=Path, metavar="FILE",
                   help="output file (default: reps.parquet / reps.csv in the current folder); an existing one is "
                        "replaced only with --force, a missing folder is made (and said)")
    p.add_argument("--format", choices=("parquet", "csv"), help="default: from the --out suffix, else parquet")
    p.add_argument("--samples", action="store_true", help="also write every sample to <out>_samples.<format>")
    p.add_argument("--force", action="store_true", help="replace an existing output file (default: refuse)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from sessions.export import export_reps
    from sessions.library import Library

    fmt = args.format
    if fmt is None:
        suffix = args.out.suffix.lower() if args.out is not None else ""
        if suffix not in WRITABLE_SUFFIXES:
            bare = args.out.with_suffix("")
            csv = bare if bare.suffix.lower() == ".csv" else bare.with_suffix(".csv")
            raise EccentricError(f"--out {display(str(args.out))}: export writes CSV or Parquet, not {suffix}: give "
                                 f"--out {shlex.quote(display(str(csv)))} (spreadsheets open CSV), or --format",
                                 exit_code=ExitCode.USAGE)
        fmt = WRITABLE_SUFFIXES[suffix]
    out = args.out or Path(f"reps.{fmt}")
    if out.exists() and out.is_dir():
        raise EccentricError(f"{out} is a folder; give a file name", exit_code=ExitCode.USAGE)
    skipped: list[str] = []
    notes: list[str] = []
    try:
        written = export_reps(args.sessions, out, fmt, args.samples, library=Library(getattr(args, "data_dir", None)),
                              athlete=args.athlete, exercise=args.exercise, method=args.method,
                              since=args.since, until=args.until, skipped=skipped, notes=notes,
                              replace=args.force)
    finally:
        for note in notes:   # 'Zoe' took 'Zoë': say which name was used
            print(f"eccentric: {note}", file=sys.stderr)
    for why in skipped:
        print(f"eccentric: warning: skipped {display(why)}", file=sys.stderr)
    for w in written:
        print(w)
    print(f"exported to {', '.join(map(str, written))}", file=sys.stderr)
    return ExitCode.OK
