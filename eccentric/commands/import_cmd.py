"""`eccentric import FILE`: another system's recording becomes an analysed session.

FILE is what the vendor exported (docs/import.md): Vernier, PASCO, Hawkin, Kistler BioWare,
OpenSim .mot/.sto, plain CSV/TSV/TXT, Parquet, C3D. The reading options are shared with
`eccentric analyze` and `eccentric inspect`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from eccentric.commands.record import add_local_options, add_session_fields, fill_session_fields
from forceplate.errors import BadInputError, EccentricError, ExitCode


def add_reading_options(p: argparse.ArgumentParser) -> None:
    """How to read a foreign file where its own names and header do not settle it."""
    g = p.add_argument_group("reading a foreign file (see `eccentric inspect FILE`)")
    g.add_argument("--time-column", metavar="NAME|N", help="the column that holds the time (name or number from 1)")
    g.add_argument("--force-columns", metavar="A,B", action="append",
                   help="the vertical force columns to sum, by name or number (comma-separated or repeated); "
                        "every other force column is not used")
    g.add_argument("--rate", type=float, metavar="HZ", help="sample rate, for files without a time column "
                                                               "(rows, or frame numbers, at this rate)")
    g.add_argument("--decimal", choices=(".", ","), help="decimal mark (default: sniffed)")
    g.add_argument("--delimiter", metavar="C", help="field delimiter: , ; tab space | (default: sniffed)")
    g.add_argument("--date-order", choices=("dmy", "mdy"),
                   help="a header's date of numbers whose order they do not show (BioWare's 'Date: 03/05/2024'): "
                        "dmy is 3 May, mdy March 5 (default: not read; the file's modification time dates it)")
    g.add_argument("--run", dest="run_label", metavar="N|NAME", help="which run / data set of a file that holds several "
                                                   "(e.g. 2, 'Run #2', Latest; `import --run all`: each its own session)")


def options_from_args(args: argparse.Namespace) -> Any:
    from sessions.formats import ImportOptions

    forces: list[str] = []
    for item in getattr(args, "force_columns", None) or ():
        forces += [x.strip() for x in item.split(",") if x.strip()]
    try:
        return ImportOptions(time_column=getattr(args, "time_column", None), force_columns=tuple(forces),
                             rate_hz=getattr(args, "rate", None), decimal=getattr(args, "decimal", None),
                             delimiter=getattr(args, "delimiter", None), run=getattr(args, "run_label", None),
                             date_order=getattr(args, "date_order", None))
    except BadInputError as exc:
        raise EccentricError(str(exc), exit_code=ExitCode.USAGE) from None


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="turn another system's recording (vendor CSV/TXT/.mot/Parquet/C3D) into a session",
                       description="Reads the file as its software exported it: Vernier, PASCO Capstone, Hawkin, "
                                   "Kistler BioWare, OpenSim .mot/.sto, plain CSV/TSV/TXT, Parquet, C3D. Every column "
                                   "gets a role from its name and unit (see `eccentric inspect FILE`); only the "
                                   "measured vertical force (and a measured bar position/velocity) is used. The "
                                   "session is analysed so it has reps.")
    add_local_options(p, reader=False)
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    add_session_fields(p)
    p.add_argument("--started-at", metavar="ISO-TIME",
                   help="when it was recorded, in local time unless it names a zone (+01:00, Z) (default: the "
                        "file's own date, else its modification time)")
    p.add_argument("--again", action="store_true",
                   help="import a file even when the library holds it already (the same content: another copy)")
    add_reading_options(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from sessions.duplicates import AlreadyImported, ImportIndex
    from sessions.formats.dates import as_utc, read_when
    from sessions.importer import import_file
    from sessions.paths import data_dir_or_default

    fill_session_fields(args)
    started = None
    if args.started_at is not None:    # local time unless it names a zone, as a file's own date is read ('' refused)
        when = read_when(args.started_at)
        if when is None:
            raise EccentricError(f"--started-at '{args.started_at}' is not an ISO date/time", exit_code=ExitCode.USAGE)
        started = as_utc(when)
        if started is None:   # e.g. year 1 at +05:00 is before year 1 in UTC
            raise EccentricError(f"--started-at '{args.started_at}' is out of range", exit_code=ExitCode.USAGE)
    options = options_from_args(args)
    data_dir = getattr(args, "data_dir", None)
    index = None if args.again else ImportIndex(data_dir_or_default(data_dir))   # the library, read once
    for f in args.files:
        try:
            done = import_file(f, data_dir, athlete=args.athlete, exercise=args.exercise, method=args.method,
                               load_kg=args.load_kg, started_at=started, notes=args.notes, options=options,
                               again=args.again, index=index)
        except AlreadyImported as exc:   # the library holds it: said, and the other files go on
            print(f"eccentric: {exc}", file=sys.stderr)
            continue
        for note in done.notes:          # runs held already (--run all): said, the others imported
            print(f"eccentric: {note}", file=sys.stderr)
        for path in done.paths:
            print(path)
            print(f"imported {f} -> {path} ({_dated(path)}): {_found(path)}", file=sys.stderr)
    return ExitCode.OK


def _dated(path: Path) -> str:
    """'dated 2024-03-01 10:00 UTC by the file's own date (...)': which date the session got."""
    from sessions.session_file import read_meta

    meta = read_meta(path)
    return f"dated {meta.started_utc:%Y-%m-%d %H:%M} UTC by {meta.started_at_source or 'its recording'}"


def _found(path: Path) -> str:
    """What the stored analysis found ("6 reps", "1 jump"); with none, why when the file says."""
    from forceplate.analysis.verdicts import counted
    from sessions.no_reps import why_no_reps
    from sessions.session_file import read_reps_sets, read_session

    _, reps, _ = read_reps_sets(path)
    jumps = int((reps["movement"] == "jump").sum()) if reps.height else 0
    if reps.height and jumps == reps.height:
        return counted(jumps, "jump")
    if reps.height:
        return counted(reps.height, "rep") + (f" ({counted(jumps, 'jump')})" if jumps else "")
    s = read_session(path)
    why = why_no_reps(s.block.time_s, s.block.total_force_n(s.info), s.meta.body_mass_kg)
    return "no reps or jumps found" + (f" - {why}" if why else "")
