"""`eccentric` with no command: the live dashboard, straight to a moving screen.

The athlete, exercise, method and load come from the flags, else from what the dashboard
remembers (the last athlete and their last setup), else the defaults.
"""

from __future__ import annotations

import argparse
import os
import sys

from eccentric.commands.record import athlete_name, load_kg
from forceplate.errors import EccentricError, ExitCode


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The dashboard's own options (top level: `eccentric --athlete Ann --exercise leg_press`)."""
    g = p.add_argument_group("dashboard (no command)")
    g.add_argument("--athlete", default=None, type=athlete_name, help="who is lifting (default: the last athlete)")
    g.add_argument("--exercise", default=None, metavar="NAME",
                   help="e.g. smith_squat, leg_press, bench_press (`eccentric exercises` lists them)")
    g.add_argument("--method", default=None, metavar="NAME",
                   help="e.g. slow_negatives, forced_negative (`eccentric methods` lists them)")
    g.add_argument("--load-kg", "--load", dest="load_kg", type=load_kg, default=None, metavar="KG",
                   help="bar / machine load, kg")
    g.add_argument("--confirm-unsafe", "--i-have-a-spotter", dest="confirm_unsafe", action="store_true",
                   default=None, help="negatives on a lift where they are unsafe: confirmed in advance")


def setup_from_args(args: argparse.Namespace, base: object, settings: object) -> object:
    """The session setup: flags over the remembered setup of the athlete over base."""
    from forceplate.analysis.exercises import resolve_exercise
    from forceplate.analysis.methods import resolve_method

    exercise = resolve_exercise(args.exercise) if getattr(args, "exercise", None) else None
    method = resolve_method(args.method) if getattr(args, "method", None) else None
    # `-o method=X` on the simulated plate is asked on this command line too: it beats the
    # athlete's remembered method (a trial: the remembered slow negatives turned the asked
    # forced positives' lifter into a slow-negatives one)
    reader_options = getattr(base, "reader_options", None) or {}
    if method is None and getattr(base, "reader", None) == "mock" and reader_options.get("method"):
        method = resolve_method(str(reader_options["method"]))
    load = getattr(args, "load_kg", None)
    athlete = (getattr(args, "athlete", None) or "").strip() or settings.last_athlete or base.athlete  # type: ignore[attr-defined]
    setup = settings.setup_for(athlete, base)  # type: ignore[attr-defined]
    changes: dict[str, object] = {}
    if exercise:
        changes["exercise"] = exercise
    if method and method != setup.method:  # type: ignore[attr-defined]
        changes["method"] = method
        changes["ecc_target_s"] = changes["overload_target"] = None   # the method's own targets
    if load is not None:
        changes["load_kg"] = load or None
    if getattr(args, "confirm_unsafe", None):
        changes["unsafe_confirmed"] = True
    return setup.with_changes(**changes) if changes else setup


def require_terminal() -> None:
    """The dashboard and replay draw on a terminal: from a pipe, a cron job or `eccentric > log`
    their escape codes went into the file and the app ran on with no keyboard to quit it."""
    # `eccentric serve` runs the dashboard on pipes with Textual's web driver: no terminal needed
    if not (sys.stdin.isatty() and sys.stdout.isatty()) and not os.environ.get("TEXTUAL_DRIVER"):
        raise EccentricError("the dashboard needs a terminal (its input or output is not one): run it in a "
                             "terminal, `eccentric record` in a script, `eccentric serve` for a browser",
                             exit_code=ExitCode.USAGE)


def run(args: argparse.Namespace) -> int:
    from eccentric.commands.devices import open_reader_from_args
    from sessions.paths import data_dir_or_default
    from tui.app import EccentricApp
    from tui.settings import Settings, default_path
    from tui.setup_state import SessionSetup

    settings = Settings.load(default_path())
    # a file given as the data folder: the same one line as every other command; checked before
    # the reader is made (nothing of the plate's to release when the folder fails). A folder that
    # takes no files (read-only) still opens: watching needs none, and `r` says it cannot save.
    data_dir = data_dir_or_default(getattr(args, "data_dir", None))
    # As asked (a reader or a profile name), else the first attached plate, else the simulator.
    # Creating it checks the options, so a bad one fails here, before the UI starts.
    chosen = open_reader_from_args(args, default="auto")
    reader = type(chosen).name
    options = {k: str(v) for k, v in chosen.options.items() if k != "profile"}
    profile = chosen.options.get("profile")
    base = SessionSetup(reader=reader, reader_options=options,
                        profile=str(profile) if profile else None, data_dir=data_dir)
    if reader == "mock" and options.get("method"):   # the simulated lifter and the setup agree
        base = base.with_changes(method=options["method"])
    setup = setup_from_args(args, base, settings)
    require_terminal()
    result = EccentricApp(setup, data_dir, settings=settings).run()  # type: ignore[arg-type]
    return int(result or 0)
