"""`eccentric replay PATH [--speed X]`: the live view driven by a saved session."""

from __future__ import annotations

import argparse
import math
import os
from pathlib import Path

from eccentric.commands.record import add_local_options
from forceplate.errors import BadInputError, EccentricError, ExitCode


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("replay", help="replay a saved session in the dashboard (play, pause, seek, speed)")
    p.add_argument("path", metavar="PATH", help="session file, or its name in the library")
    add_local_options(p, reader=False)   # a session's name is looked up in --data-dir
    p.add_argument("--speed", type=float, default=1.0, help="playback speed (default 1.0)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from eccentric.commands.dashboard import require_terminal
    from tui import parts
    from tui.app import EccentricApp
    from tui.setup_state import SessionSetup, setup_from_meta

    if not (math.isfinite(args.speed) and 0.01 <= args.speed <= 1000):
        raise EccentricError(f"--speed must be a number from 0.01 to 1000, not {args.speed:g}",
                             exit_code=ExitCode.USAGE)
    from sessions.paths import data_dir_or_default

    data_dir = data_dir_or_default(getattr(args, "data_dir", None))   # (a file: a one-line error)
    path = Path(args.path)
    try:
        exists = os.path.lexists(path)
    except (OSError, ValueError):
        exists = False
    if exists:
        from sessions.oserrors import check_input

        check_input(path)   # a FIFO or device is refused before anything waits on it
    else:
        try:
            path = Path(parts.library(data_dir).resolve(args.path))
        except EccentricError:
            raise
        except Exception:
            raise BadInputError(f"no session '{args.path}'") from None
    # A corrupt or unreadable file is a one-line error here, before the UI starts.
    meta = parts.read_session(path).meta
    setup = setup_from_meta(meta, SessionSetup(reader=meta.reader or "replay", data_dir=data_dir))
    require_terminal()
    app = EccentricApp(setup, data_dir, replay_path=path, replay_speed=args.speed)
    return int(app.run() or 0)
