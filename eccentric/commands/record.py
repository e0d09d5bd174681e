"""`eccentric record`: record a session without the dashboard.

Prints reps as they complete; Ctrl-C, SIGTERM or SIGHUP (the terminal closed) stops cleanly with
everything saved.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sys
from pathlib import Path
from typing import Any

from eccentric.jsonsafe import json_safe
from forceplate.analysis.verdicts import counted
from forceplate.errors import EccentricError, ExitCode

METHODS = ("normal", "slow_negatives", "beyond_failure", "forced_positive", "forced_negative")
NO_EXERCISE = "exercise"   # what a session records when no exercise was named (SessionMeta's default)


def exercise_name(text: str) -> str:
    """argparse type: a catalogue exercise or one of its aliases -> its key; else a one-line
    error naming the closest (raised as EccentricError, which argparse lets through to main)."""
    from forceplate.analysis.exercises import resolve_exercise

    return text if text == NO_EXERCISE else resolve_exercise(text)


def athlete_name(text: str) -> str:
    """argparse type: an athlete as typed (kept exactly, sessions/names.py), but never blank -
    a blank name was saved as an athlete nobody can see in a list, report or filter."""
    if not text.strip():
        raise EccentricError("--athlete: the name is blank (give who is lifting, e.g. --athlete Ana)",
                             exit_code=ExitCode.USAGE)
    return text


# No lift on a plate carries 2 t (the heaviest leg-press sets are about 1.5 t): a larger,
# negative, inf or nan load is a typo, and it would be stored with the session.
MAX_LOAD_KG = 2000.0


def load_kg(text: str) -> float:
    """argparse type: a bar / machine load in kg, 0 <= load < MAX_LOAD_KG."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 <= value < MAX_LOAD_KG:
        raise EccentricError(f"--load-kg {text} is not a plausible load (0 to {MAX_LOAD_KG:g} kg)",
                             exit_code=ExitCode.USAGE)
    return value


def method_name(text: str) -> str:
    from forceplate.analysis.methods import resolve_method

    return resolve_method(text)


def safety_check(exercise: str, method: str, confirmed: bool) -> None:
    """Negatives on a lift where they are unsafe: a warning on stderr, and at a terminal an
    explicit yes (or --confirm-unsafe). Without a terminal it goes on, warned."""
    from forceplate.analysis.exercises import check_exercise_for_method

    warn = check_exercise_for_method(exercise, method)
    if not warn:
        return
    print(f"eccentric: warning: UNSAFE: {warn}", file=sys.stderr)
    if confirmed:
        print("eccentric: warning: confirmed with --confirm-unsafe (spotter ready)", file=sys.stderr)
        return
    if not sys.stdin.isatty():
        return
    try:
        answer = input("Record anyway, with a spotter standing ready? [y/N] ")
    except EOFError:
        answer = ""
    if answer.strip().lower() not in ("y", "yes"):
        raise EccentricError("not recorded: choose a safe exercise or method (or --confirm-unsafe)",
                             exit_code=ExitCode.USAGE)


def add_local_options(p: argparse.ArgumentParser, reader: bool = True) -> None:
    """The global --data-dir (and reader options) also accepted after the subcommand;
    SUPPRESS keeps the top-level value when the option is not repeated here."""
    p.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, metavar="DIR",
                   help="session library folder (default: the user data dir)")
    if reader:
        p.add_argument("--reader", default=argparse.SUPPRESS, metavar="NAME", help="reader plug-in or plate profile name")
        p.add_argument("--profile", default=argparse.SUPPRESS, metavar="NAME|PATH", help="HID report profile")
        p.add_argument("-o", "--reader-option", action="append", default=argparse.SUPPRESS, metavar="KEY=VALUE",
                       help="option for the reader (repeatable)")


def add_session_fields(p: argparse.ArgumentParser) -> None:
    # SUPPRESS: a field given before the command (`eccentric --athlete Bo record`, the top-level
    # options) is kept, not overwritten by this parser's default (fill_session_fields)
    p.add_argument("--athlete", default=argparse.SUPPRESS, type=athlete_name,
                   help="who is lifting (default: athlete)")
    p.add_argument("--exercise", default=argparse.SUPPRESS, type=exercise_name, metavar="NAME",
                   help="e.g. smith_squat, leg_press, bench_press (`eccentric exercises` lists them)")
    p.add_argument("--method", default=argparse.SUPPRESS, type=method_name, metavar="NAME",
                   help="coaching method (default: normal; `eccentric methods` lists them)")
    p.add_argument("--load-kg", default=argparse.SUPPRESS, type=load_kg, metavar="KG", help="bar / machine load")
    p.add_argument("--notes", default="", help="free text stored with the session")


def fill_session_fields(args: argparse.Namespace) -> None:
    """The session fields as given before or after the command, else their defaults (the
    top-level --exercise and --method are not resolved by argparse: resolved here)."""
    args.athlete = getattr(args, "athlete", None) or "athlete"
    exercise = getattr(args, "exercise", None)
    args.exercise = exercise_name(exercise) if exercise else NO_EXERCISE
    method = getattr(args, "method", None)
    args.method = method_name(method) if method else "normal"
    args.load_kg = getattr(args, "load_kg", None)


def add_judging_options(p: argparse.ArgumentParser) -> None:
    """How far from a target still counts as on target (docs/analysis.md, Verdicts)."""
    p.add_argument("--tolerance", type=float, metavar="PCT",
                   help="lowering (and pause) time within this many %% of the target is on target "
                        "(default: the method's, 20)")
    p.add_argument("--overload-tolerance", type=float, metavar="RATIO",
                   help="the ecc:con load ratio may fall this far below its target (default 0.05)")


def judging_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """AnalysisConfig overrides from --tolerance / --overload-tolerance (usage errors if odd)."""
    out: dict[str, Any] = {}
    tol = getattr(args, "tolerance", None)
    if tol is not None:
        if not 0 <= tol < 100:
            raise EccentricError(f"--tolerance {tol:g}: give a percentage, 0-99", exit_code=ExitCode.USAGE)
        out["ecc_tolerance"] = tol / 100.0
    otol = getattr(args, "overload_tolerance", None)
    if otol is not None:
        if not 0 <= otol < 10:
            raise EccentricError(f"--overload-tolerance {otol:g}: give a ratio, e.g. 0.05", exit_code=ExitCode.USAGE)
        out["overload_tolerance"] = otol
    return out


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("record", help="record a session without the dashboard (prints reps; Ctrl-C stops and saves)",
                       description="Record from a plate into the session library. Reps are printed as they "
                                   "complete. Ctrl-C, SIGTERM or SIGHUP stops cleanly with everything saved.")
    add_local_options(p)
    add_session_fields(p)
    p.add_argument("--seconds", type=float, metavar="N", help="stop after N seconds of samples")
    p.add_argument("--json", action="store_true", help="print each rep as one JSON line")
    add_judging_options(p)
    p.add_argument("--confirm-unsafe", "--i-have-a-spotter", dest="confirm_unsafe", action="store_true",
                   help="negatives on a lift where they are unsafe: confirmed, do not ask")
    p.set_defaults(run=run)


class _StopRequest:
    """Ctrl-C / SIGTERM / SIGHUP only note the request; the loop stops between two blocks. A
    KeyboardInterrupt raised inside Analyser.feed() left its buffers half-appended (the time
    axis one block longer than the force), and the final analysis then failed."""

    def __init__(self) -> None:
        self.signum: int | None = None

    def __call__(self, signum: int, frame: Any) -> None:
        self.signum = signum


def _analyser(info: Any, method: str, args: argparse.Namespace) -> Any:
    """The live analyser, or None while the analysis package cannot provide one."""
    try:
        from forceplate.analysis import Analyser, AnalysisConfig
    except ImportError:
        return None
    over: dict[str, Any] = {"exercise": args.exercise, **judging_overrides(args)}
    if args.load_kg is not None and args.load_kg >= 0:
        over["load_kg"] = args.load_kg
    return Analyser(info, AnalysisConfig.for_method(method, **over))


def _simulated_lifter_follows(reader: Any, method: str, load_kg: float | None = None) -> Any:
    """On the simulated plate the lifter does the session's method (else every rep of
    `--method slow_negatives` read "lowered too fast") with its --load-kg; an explicit
    -o method= / -o load= still wins."""
    if getattr(type(reader), "name", "") != "mock":
        return reader
    from forceplate.simulator.mock_reader import LOAD_RANGE_KG

    asked = reader.options.get("method")
    wanted: dict[str, Any] = {}
    if asked in (None, "", "cycle", "all"):
        wanted["method"] = method
    if load_kg and reader.options.get("load") is None and LOAD_RANGE_KG[0] <= load_kg <= LOAD_RANGE_KG[1]:
        wanted["load"] = load_kg   # (a load the simulator cannot lift leaves its own draw)
    if wanted:
        from forceplate.registry import create_reader

        reader = create_reader("mock", **{**reader.options, **wanted})
        if "method" in wanted:
            return reader
    if asked != method:
        print(f"eccentric: warning: the simulated lifter does {asked} (-o method={asked}) but the session "
              f"is analysed as {method} (--method): verdicts will not fit", file=sys.stderr)
    return reader


def format_rep(row: dict[str, Any]) -> str:
    """One rep's line (record, sessions show). A jump's has no load ratio (a jump has no bar
    to lower and raise: its eccentric is unweighting + braking, its concentric propulsion):
    its line gives the eccentric and propulsion and their mean force ratio instead; a figure
    that does not apply reads "-", never "nan"."""
    def f(key: str, fmt: str) -> str:
        v = row.get(key)
        return format(v, fmt) if isinstance(v, int | float) and math.isfinite(v) else "-"

    if row.get("movement") == "jump":
        text = (f"set {row.get('set')} jump {row.get('rep_in_set')}: eccentric {f('ecc_duration_s', '.2f')} s"
                f" {f('ecc_mean_force_n', '.0f')} N, propulsion {f('con_duration_s', '.2f')} s"
                f" {f('con_mean_force_n', '.0f')} N, ecc:con force {f('jump_ecc_con_mean_force_ratio', '.2f')}")
    else:
        text = (f"set {row.get('set')} rep {row.get('rep_in_set')}: lowering {f('ecc_duration_s', '.1f')} s"
                f" {f('ecc_mean_force_n', '.0f')} N, raising {f('con_duration_s', '.1f')} s {f('con_mean_force_n', '.0f')} N,"
                f" ecc:con {'force' if row.get('movement') == 'bodyweight' else 'load'} {f('ecc_con_load_ratio', '.2f')}")
        if row.get("movement") == "bodyweight":
            text += " (bodyweight, no bar)"   # the load is the body: ratio of the phases' mean forces
    if row.get("assisted") not in (None, "", "none"):
        text += f", spotter {row['assisted']}"
    if row.get("verdict"):
        text += f" - {row['verdict']}"
    return text


def run(args: argparse.Namespace) -> int:
    from eccentric.commands.devices import open_reader_from_args
    from sessions.meta import SessionMeta
    from sessions.oserrors import FILE_LIMIT, os_error
    from sessions.recorder import Recorder

    fill_session_fields(args)
    if args.seconds is not None and not (math.isfinite(args.seconds) and args.seconds > 0):
        raise EccentricError(f"--seconds must be a positive number of seconds, not {args.seconds:g}",
                             exit_code=ExitCode.USAGE)
    judging_overrides(args)   # usage errors before the plate opens
    safety_check(args.exercise, args.method, bool(getattr(args, "confirm_unsafe", False)))
    reader = _simulated_lifter_follows(open_reader_from_args(args, default="auto"), args.method,
                                      args.load_kg)
    stop = _StopRequest()
    old_int = signal.signal(signal.SIGINT, stop)
    old_term = signal.signal(signal.SIGTERM, stop)
    old_hup = signal.signal(signal.SIGHUP, stop)   # the terminal closed: Python's default died, journal left
    rec = None
    an = None
    n_reps = 0
    path: Path | None = None
    failure: EccentricError | None = None
    try:
        info = reader.open()
        meta = SessionMeta.for_reader(info, athlete=args.athlete, exercise=args.exercise, method=args.method,
                                      load_kg=args.load_kg, notes=args.notes)
        an = _analyser(info, args.method, args)
        config = getattr(an, "config", None)
        if config is not None:
            meta.targets = {k: v for k, v in config.targets().items() if v}
        # the stored analysis runs with the live analyser's settings, over the same samples
        rec = Recorder(getattr(args, "data_dir", None), info, meta, analysis_config=config).start()
        if (not rec.claimed and rec.error is not None
                and not any(s in str(rec.error) for s in ("disk full", FILE_LIMIT))):
            raise rec.error   # read-only, forbidden, not a folder: nothing recorded yet, say so now
        _note_unfinished(rec)
        sim = " SIMULATED" if info.simulated else ""
        print(f"recording{sim} from {info.name} ({info.sample_rate_hz:g} Hz) to {rec.path}"
              + (f" for {args.seconds:g} s" if args.seconds else "") + " - Ctrl-C to stop", file=sys.stderr)
        t_first: float | None = None
        warned = False
        while stop.signum is None:
            block = reader.read(timeout_s=0.1)
            if block is not None and len(block):
                if args.seconds is not None:
                    t_first = block.time_s[0] if t_first is None else t_first
                    keep = block.time_s < t_first + args.seconds
                    if not keep.all():
                        block = _head(block, int(keep.sum()))
                if len(block):
                    rec.append(block)
                    if an is not None:
                        n_reps += _report(rec, an.feed(block), args.json)
                if args.seconds is not None and len(block) and block.time_s[-1] >= t_first + args.seconds - 1.5 / info.sample_rate_hz:
                    break
            elif not reader.running:
                print(f"plate stream ended: {reader.status().message or reader.status().connection.value}", file=sys.stderr)
                break
            if rec.error is not None and not warned:
                print(f"eccentric: warning: {rec.error}", file=sys.stderr)
                warned = True
    except KeyboardInterrupt:   # a Ctrl-C before the handler was in place
        stop.signum = signal.SIGINT
    except (EccentricError, OSError) as exc:   # the plate failed, or the data folder refused at once
        failure = exc if isinstance(exc, EccentricError) else os_error(exc)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)   # a second Ctrl-C must not cut the save short
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        if stop.signum == signal.SIGHUP:
            _quiet_after_hangup()   # a write to the closed terminal (EIO) must not cut the save short
        try:
            reader.close()
            if rec is not None:
                if an is not None:
                    try:
                        n_reps += _report(rec, an.finish(), args.json)
                    except Exception as exc:   # noqa: BLE001 - the samples matter more than the last rep
                        print(f"eccentric: warning: live analysis failed at the end: {exc}", file=sys.stderr)
                path = rec.stop()
        finally:
            signal.signal(signal.SIGINT, old_int)
            signal.signal(signal.SIGTERM, old_term)
            signal.signal(signal.SIGHUP, old_hup)
    if failure is not None and (rec is None or path is None or rec.error is None):
        raise failure
    if rec is None or path is None:
        return ExitCode.OK
    if rec.error is not None:
        # one line: what went wrong, then where the samples are kept and how to save them
        why = str(failure or rec.error)
        if failure is not None and str(rec.error) not in why:
            why += f"; {rec.error}"
        code = (failure or rec.error).exit_code
        raise EccentricError(f"{why}{rec.kept_note(path)}", exit_code=code)
    stored = _stored_reps(path)
    if stored is not None and stored != n_reps:
        # the saved analysis is the truth; the live one normally agrees rep for rep
        print(f"note: the saved analysis of the recording has {counted(stored, 'rep')} (shown live: {n_reps})", file=sys.stderr)
        n_reps = stored
    how = "stopped" if stop.signum is not None else "done"
    print(f"{how}: saved {counted(rec.samples_written, 'sample')}, {counted(n_reps, 'rep')} to {path}", file=sys.stderr)
    # Ctrl-C is the documented way to stop, and still exits 130 (README); SIGTERM is a clean stop
    return ExitCode.INTERRUPTED if stop.signum == signal.SIGINT else ExitCode.OK


def _quiet_after_hangup() -> None:
    """The terminal is gone: what is printed from here on goes nowhere rather than failing."""
    try:
        devnull = open(os.devnull, "w")   # noqa: SIM115 - for the rest of the process
    except OSError:
        return
    sys.stdout = sys.stderr = devnull


def _note_unfinished(rec: Any) -> None:
    """A recording a crash left (kill -9, power loss) is said at the next recording too, not
    only in `sessions list`: a lifter recording headless would never know it is there."""
    try:
        from sessions.library import Library

        n = len(Library(rec.data_dir).unfinished())
    except Exception:   # noqa: BLE001 - a hint only: never in the way of recording
        return
    if n:
        print(f"eccentric: note: {n} earlier recording(s) did not stop (a crash?): "
              f"run `eccentric sessions recover`", file=sys.stderr)


def _stored_reps(path: Path) -> int | None:
    try:
        from sessions.session_file import read_kv

        return len(json.loads(read_kv(path).get("eccentric.reps", "[]")))
    except Exception:   # noqa: BLE001 - only a count for the last line
        return None


def _head(block: Any, n: int) -> Any:
    from forceplate.samples import SampleBlock

    return SampleBlock(block.time_s[:n], block.values[:n], block.seq[:n], block.flags[:n],
                       None if block.counts is None else block.counts[:n])


def _report(rec: Any, events: list[Any], as_json: bool) -> int:
    rec.add_events(events)
    n = 0
    for ev in events:
        if type(ev).__name__ == "RepCompleted":
            row = ev.rep.to_row()
            print(json.dumps(json_safe(row), default=str) if as_json else format_rep(row), flush=True)
            n += 1
        elif type(ev).__name__ == "SetEnded" and not as_json:
            s = ev.summary
            print(f"set {s.set} done: {counted(s.reps, 'rep')}, {s.time_under_tension_s:.1f} s under tension"
                  + (f" - {s.verdict}" if s.verdict else ""), flush=True)
    return n


