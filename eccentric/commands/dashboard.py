"""`eccentric` with no command: the live dashboard, straight to a moving screen with defaults."""

from __future__ import annotations

import argparse

from eccentric.cli import reader_options
from forceplate.errors import EccentricError, ExitCode


def choose_reader(requested: str | None) -> tuple[str, dict[str, str]]:
    """The plate to open: as asked, else the first attached plate, else the simulator."""
    if requested:
        return requested, {}
    from tui.parts import discover_plates

    found = discover_plates()
    if found:
        return found[0].reader, dict(found[0].options)
    return "mock", {}


def run(args: argparse.Namespace) -> int:
    from tui import parts
    from tui.app import EccentricApp
    from tui.setup_state import SessionSetup

    reader, found_options = choose_reader(getattr(args, "reader", None))
    options = {**found_options, **reader_options(getattr(args, "reader_option", None))}
    data_dir = getattr(args, "data_dir", None) or parts.default_data_dir()
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise EccentricError(f"cannot use data folder {data_dir}: {err.strerror}", exit_code=ExitCode.DISK) from None
    setup = SessionSetup(reader=reader, reader_options=options, profile=getattr(args, "profile", None),
                         data_dir=data_dir)
    if reader == "mock":   # the live demo should match the simulated lifter's method
        setup = setup.with_changes(method=options.get("method", setup.method))
    # Fail before the UI starts when the plate cannot even be created (unknown reader, bad option).
    parts.open_reader(setup)
    result = EccentricApp(setup, data_dir).run()
    return int(result or 0)
