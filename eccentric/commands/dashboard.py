"""`eccentric` with no command: the live dashboard, straight to a moving screen with defaults."""

from __future__ import annotations

import argparse

from forceplate.errors import EccentricError, ExitCode


def run(args: argparse.Namespace) -> int:
    from eccentric.commands.devices import open_reader_from_args
    from tui import parts
    from tui.app import EccentricApp
    from tui.setup_state import SessionSetup

    # As asked (a reader or a profile name), else the first attached plate, else the simulator.
    # Creating it checks the options, so a bad one fails here, before the UI starts.
    chosen = open_reader_from_args(args, default="auto")
    reader = type(chosen).name
    options = {k: str(v) for k, v in chosen.options.items() if k != "profile"}
    profile = chosen.options.get("profile")
    data_dir = getattr(args, "data_dir", None) or parts.default_data_dir()
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise EccentricError(f"cannot use data folder {data_dir}: {err.strerror}", exit_code=ExitCode.DISK) from None
    setup = SessionSetup(reader=reader, reader_options=options,
                         profile=str(profile) if profile else None, data_dir=data_dir)
    if reader == "mock":   # the simulated lifter and the setup agree on the method
        setup = setup.with_changes(method=options.get("method", setup.method))
    result = EccentricApp(setup, data_dir).run()
    return int(result or 0)
