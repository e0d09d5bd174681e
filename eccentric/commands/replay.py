"""`eccentric replay PATH [--speed X]`: the live view driven by a saved session."""

from __future__ import annotations

import argparse
from pathlib import Path

from forceplate.errors import BadInputError, EccentricError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("replay", help="replay a saved session in the dashboard (play, pause, seek, speed)")
    p.add_argument("path", metavar="PATH", help="session file, or its name in the library")
    p.add_argument("--speed", type=float, default=1.0, help="playback speed (default 1.0)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tui import parts
    from tui.app import EccentricApp
    from tui.setup_state import SessionSetup, setup_from_meta

    if not args.speed > 0:
        raise BadInputError("--speed must be above 0")
    data_dir = getattr(args, "data_dir", None) or parts.default_data_dir()
    path = Path(args.path)
    if not path.exists():
        try:
            path = Path(parts.library(data_dir).resolve(args.path))
        except EccentricError:
            raise
        except Exception:
            raise BadInputError(f"no session '{args.path}'") from None
    # A corrupt or unreadable file is a one-line error here, before the UI starts.
    meta = parts.read_session(path).meta
    setup = setup_from_meta(meta, SessionSetup(reader=meta.reader or "replay", data_dir=data_dir))
    app = EccentricApp(setup, data_dir, replay_path=path, replay_speed=args.speed)
    return int(app.run() or 0)
