"""`eccentric sessions list|show|delete|rename|recover`: the session library."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from typing import Any

from eccentric.commands.record import add_local_options, athlete_name, method_name
from forceplate.analysis.verdicts import counted
from forceplate.errors import EccentricError, ExitCode
from sessions.names import display


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sessions", help="list, show, delete, rename and recover recorded sessions",
                       description="The session library (under the user data dir, or --data-dir).")
    add_local_options(p, reader=False)
    ss = p.add_subparsers(dest="sessions_command", metavar="ACTION")

    ls = ss.add_parser("list", help="sessions, oldest first")
    add_local_options(ls, reader=False)
    _filters(ls)
    ls.add_argument("--json", action="store_true", help="one JSON object per line")

    show = ss.add_parser("show", help="a session's metadata, sets and reps")
    add_local_options(show, reader=False)
    show.add_argument("session", help="name from `sessions list`, a unique start of it, a path, or 'latest'")
    show.add_argument("--json", action="store_true")

    rm = ss.add_parser("delete", help="delete a session (its samples, reps and sets files)")
    add_local_options(rm, reader=False)
    rm.add_argument("session")
    rm.add_argument("-y", "--yes", action="store_true", help="don't ask")

    mv = ss.add_parser("rename", help="rename a session, or correct its athlete / exercise / method / notes")
    add_local_options(mv, reader=False)
    mv.add_argument("session")
    mv.add_argument("new_name", nargs="?", help="new file name (without .parquet)")
    mv.add_argument("--athlete", type=athlete_name)
    mv.add_argument("--exercise")
    mv.add_argument("--method", type=method_name, metavar="NAME", help="a coaching method or its alias (`eccentric methods`)")
    mv.add_argument("--notes")

    ra = ss.add_parser("reanalyse", aliases=["reanalyze"],
                       help="analyse sessions again with this eccentric and store the new analysis")
    add_local_options(ra, reader=False)
    ra.add_argument("session", nargs="*", help="sessions (names, unique starts, paths or 'latest')")
    ra.add_argument("--stale", action="store_true", help="every session analysed by another version")
    rc = ss.add_parser("recover", help="save sessions a crash left unfinished")
    add_local_options(rc, reader=False)
    rc.add_argument("journal", nargs="*", help="journal files (default: every unfinished one)")
    rc.add_argument("--list", action="store_true", help="only list unfinished sessions")
    rc.add_argument("--discard", action="store_true", help="delete them instead of recovering")
    p.set_defaults(run=run)


def method_filter(text: str) -> str:
    """A filter's --method: a method or an alias as `record --method` takes them (`slow` was a
    usage error here while record took it), or jump_test."""
    from sessions.paths import JUMP_TEST

    if text.strip().replace(" ", "_").casefold() == JUMP_TEST:
        return JUMP_TEST
    return method_name(text)


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--athlete")
    p.add_argument("--exercise")
    p.add_argument("--method", type=method_filter, metavar="NAME",
                   help="a coaching method or its alias (`eccentric methods`), or jump_test")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="started on or after")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="started on or before")


def run(args: argparse.Namespace) -> int:
    from sessions.library import Library

    lib = Library(getattr(args, "data_dir", None))
    action = args.sessions_command or "list"
    if action == "list":
        return _list(lib, args)
    if action == "show":
        return _show(lib, args)
    if action == "delete":
        path = lib.resolve(args.session)
        if not args.yes:
            if not sys.stdin.isatty():
                raise EccentricError(f"not deleting {path.stem} without --yes", exit_code=ExitCode.USAGE)
            if input(f"delete {display(path.parent.name)}/{display(path.stem)}? [y/N] ").strip().lower() not in ("y", "yes"):
                print("kept", file=sys.stderr)
                return ExitCode.OK
        lib.delete(path)
        print(f"deleted {display(path)}")
        return ExitCode.OK
    if action in ("reanalyse", "reanalyze"):
        return _reanalyse(lib, args)
    if action == "rename":
        if not (args.new_name or args.athlete or args.exercise or args.method or args.notes is not None):
            raise EccentricError("give a new name or --athlete/--exercise/--method/--notes", exit_code=ExitCode.USAGE)
        new = lib.rename(args.session, args.new_name, athlete=args.athlete, exercise=args.exercise,
                         method=args.method, notes=args.notes)
        print(display(new))
        return ExitCode.OK
    return _recover(lib, args)


def _list(lib: Any, args: argparse.Namespace) -> int:
    found = lib.list(athlete=getattr(args, "athlete", None), exercise=getattr(args, "exercise", None),
                     method=getattr(args, "method", None), since=getattr(args, "since", None),
                     until=getattr(args, "until", None))
    for _path, why in lib.skipped:
        print(f"eccentric: warning: skipped {display(why)}", file=sys.stderr)
    for note in lib.notes:
        print(f"eccentric: {note}", file=sys.stderr)
    if getattr(args, "json", False):
        for s in found:
            print(json.dumps({"name": s.name, "path": str(s.path), "athlete": s.athlete, "exercise": s.exercise,
                              "method": s.method, "started_at": s.started_at.isoformat(), "duration_s": s.duration_s,
                              "samples": s.samples, "reps": s.reps, "jumps": s.jumps, "sets": s.sets, "load_kg": s.load_kg,
                              "simulated": s.simulated, "size_bytes": s.size_bytes}))
        return ExitCode.OK
    if not found:
        filters = [f"--{k} {display(str(v))!r}" for k in ("athlete", "exercise", "method", "since", "until")
                   if (v := getattr(args, k, None)) is not None]
        every = len(lib.list()) if filters else 0
        if every:   # the sessions are there: the filter left them out (nothing is lost)
            data_dir = getattr(args, "data_dir", None)
            where = f" --data-dir {shlex.quote(display(str(data_dir)))}" if data_dir is not None else ""
            print(f"no sessions match {' '.join(filters)} in {lib.root} ({counted(every, 'session')} in all: "
                  f"`eccentric{where} sessions list` shows them)", file=sys.stderr)
        else:
            print(f"no sessions in {lib.root}", file=sys.stderr)
    for s in found:
        sim = " SIMULATED" if s.simulated else ""
        load = f" {s.load_kg:g} kg" if s.load_kg is not None else ""
        what = _what(s, "  ")
        if s.jump_test:
            count = counted(s.jumps, "jump")
        else:
            count = counted(s.reps, "rep") + (f" ({counted(s.jumps, 'jump')})" if s.jumps else "")
        print(f"{display(s.name)}  {s.started_at:%Y-%m-%d %H:%M}  {display(s.athlete)}  {what}{load}"
              f"  {duration_text(s.duration_s)}  {count}{sim}")
    unfinished = lib.unfinished()
    if unfinished:
        print(f"{len(unfinished)} unfinished session(s): run `eccentric sessions recover`", file=sys.stderr)
    return ExitCode.OK


def _what(s: Any, sep: str) -> str:
    """Exercise and method; a jump test as one: no strength exercise or coaching method applies
    (it was analysed as "exercise normal")."""
    from sessions.analysis import shown_as

    exercise, method = shown_as(s.exercise, s.method, s.jump_test)
    return f"{display(exercise)}{sep}{display(method)}"


def duration_text(seconds: float) -> str:
    """A session's length for a list: seconds under a minute (a 5-s jump trial read "0.1 min"), else minutes."""
    return f"{seconds:.0f} s" if seconds < 59.5 else f"{seconds / 60:.1f} min"


def _show(lib: Any, args: argparse.Namespace) -> int:
    from sessions.session_file import read_reps_sets

    path = lib.resolve(args.session)
    meta, reps, sets = read_reps_sets(path)
    s = lib.summary(path)
    if args.json:
        from eccentric.jsonsafe import json_safe
        from sessions.analysis import stale_reason

        print(json.dumps(json_safe({"path": str(path), "meta": meta.to_dict(), "duration_s": s.duration_s,
                                    "analysis_version": meta.analysis_version, "stale": stale_reason(meta),
                                    "samples": s.samples, "sets": sets.to_dicts(), "reps": reps.to_dicts()}),
                         default=str))
        return ExitCode.OK
    from eccentric.commands.record import format_rep

    print(display(path))
    what = _what(s, " - ")
    print(f"  {display(meta.athlete)} - {what}" + (" - SIMULATED" if meta.simulated else ""))
    print(f"  started {meta.started_utc:%Y-%m-%d %H:%M:%S} UTC, {s.duration_s:.1f} s, {counted(s.samples, 'sample')} at {meta.sample_rate_hz:g} Hz")
    if meta.started_at_source:   # an import: where its start time came from
        print(f"  dated by {display(meta.started_at_source)}")
    print(f"  plate {display(meta.plate)} ({display(meta.reader)}{', ' + display(meta.serial) if meta.serial else ''})")
    masses = [f"{k} {v:.1f} kg" for k, v in (("load", meta.load_kg), ("body", meta.body_mass_kg), ("system", meta.system_mass_kg)) if v is not None]
    if masses:
        print("  " + ", ".join(masses))
    if meta.notes:
        print(f"  notes: {display(meta.notes)}")
    if not s.checked:
        print("  note: written before metadata checksums - its scale and masses are read unchecked")
    from sessions.analysis import stale_reason

    stale = stale_reason(meta)
    print(f"  analysis {meta.analysis_version or 'unversioned'}"
          + (f" - STALE: {stale}; `eccentric sessions reanalyse {path.stem}` redoes it" if stale else ""))
    for row in sets.to_dicts():
        if s.jump_test:   # the set's verdict judges reps against a method: none applies to jumps
            print(f"  set {row['set']}: {counted(row['reps'], 'jump')}")
            continue
        print(f"  set {row['set']}: {counted(row['reps'], 'rep')}" + (f" - {row['verdict']}" if row.get("verdict") else ""))
    for row in reps.to_dicts():
        print("    " + format_rep(row))
    if not reps.height:   # no set lines at all read as a listing cut short: say it, and why when the force tells
        from sessions.no_reps import stored_why_no_reps

        why = stored_why_no_reps(path)
        print("  no reps or jumps found" + (f" - {why}" if why else ""))
    return ExitCode.OK


def _reanalyse(lib: Any, args: argparse.Namespace) -> int:
    """Re-run the analysis over each session's samples (with the settings it was recorded
    with) and store it with this version; the samples are rewritten unchanged."""
    from sessions.analysis import stale_reason
    from sessions.session_file import read_meta
    from sessions.store import reanalyse_session

    if not args.session and not args.stale:
        raise EccentricError("name the sessions to reanalyse, or --stale for every stale one",
                             exit_code=ExitCode.USAGE)
    paths = [lib.resolve(name) for name in args.session]
    if args.stale:
        paths += [s.path for s in lib.list() if s.path not in paths and stale_reason(read_meta(s.path))]
    if not paths:
        print("nothing to reanalyse: every session is current", file=sys.stderr)
    for path in paths:
        before = read_meta(path).analysis_version
        meta, n_reps, n_sets = reanalyse_session(path)
        print(f"{path.stem}: {counted(n_reps, 'rep')} in {counted(n_sets, 'set')} (analysis {before or 'unversioned'} -> "
              f"{meta.analysis_version})")
    return ExitCode.OK


def _refiled(journal: Any) -> str:
    """' (saved as ATHLETE/STEM)' when the recording was re-filed after its journal was named."""
    from sessions import journal as J

    try:
        target = J.read_target(journal)
    except EccentricError:
        return ""
    parts = target.split("/")
    name = f"{parts[1]}/{parts[2].removesuffix('.parquet')}" if len(parts) == 3 else target
    return "" if journal.name == f"{name.replace('/', '__')}{J.SUFFIX}" else f"  (saved as {display(name)})"


def _left_out(path: Any) -> str:
    """' (N ... left out)' when the recovery dropped records the file system never wrote, or
    garbage a torn write left at the journal's end."""
    import re

    from sessions.session_file import read_meta

    try:
        notes = read_meta(path).notes or ""
    except EccentricError:
        return ""
    said = []
    if m := re.search(r"\[recovery left out (\d+) journal records", notes):
        said.append(f"{m.group(1)} journal records of zero bytes left out: never written, a power loss?")
    if m := re.search(r"\[recovery left out (\d+) garbage journal records", notes):
        said.append(f"{m.group(1)} garbage records at the journal's end left out: a torn write")
    return f" ({'; '.join(said)})" if said else ""


def _tidy(lib: Any) -> None:
    """The half-written temporary files of a killed writer (an import, a save) go too."""
    from sessions.tidy import remove_stale_temporaries

    gone = remove_stale_temporaries(lib.root)
    if gone:
        print(f"removed {len(gone)} half-written temporary file{'' if len(gone) == 1 else 's'} a stopped "
              f"eccentric left (first: {display(gone[0])})", file=sys.stderr)


def _recover(lib: Any, args: argparse.Namespace) -> int:
    from pathlib import Path

    from sessions.library import JournalBusy, JournalQuarantined

    bulk = not args.journal   # every unfinished one: others may be saving the same ones right now
    journals = [Path(j) for j in args.journal] or lib.unfinished()
    if not args.list:
        _tidy(lib)
    if not journals:
        print("nothing to recover", file=sys.stderr)
        return ExitCode.OK
    code = ExitCode.OK
    for j in journals:
        if args.list:
            print(display(j) + _refiled(j))
            continue
        try:
            if args.discard:
                lib.discard(j)
                print(f"discarded {display(j)}")
                continue
            path = lib.recover(j)
        except JournalBusy as exc:
            print(f"eccentric: note: skipped {display(j)}: {display(exc)}" if bulk else
                  f"eccentric: error: {display(exc)}", file=sys.stderr)
            code = code if bulk or code != ExitCode.OK else exc.exit_code
            continue
        except EccentricError as exc:
            if bulk and not j.exists() and not isinstance(exc, JournalQuarantined):   # another eccentric saved it meanwhile
                continue
            print(f"eccentric: error: {display(exc)}", file=sys.stderr)
            code = code if code != ExitCode.OK else exc.exit_code   # the first failure's code
            continue
        print(f"recovered {display(path)}{_left_out(path)}" if path is not None
              else f"nothing to save in {display(j)} (removed)")
    return code
