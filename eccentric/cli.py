"""Entry point of the `eccentric` console script.

Every user-facing failure is an EccentricError: printed as one line on stderr with its exit
code. Anything unexpected is logged with its traceback to a file and reported in one line.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from eccentric import __version__
from forceplate.errors import EccentricError, ExitCode

# subcommand -> module in eccentric.commands
COMMANDS = {
    "devices": "devices",
    "analyze": "analyze",
    "record": "record",
    "replay": "replay",
    "sessions": "sessions_cmd",
    "export": "export",
    "import": "import_cmd",
    "inspect": "inspect_cmd",
    "report": "report",
    "serve": "serve",
    "exercises": "catalogue",   # also adds `methods`
}


def reader_options(pairs: Sequence[str] | None) -> dict[str, str]:
    """`-o key=value` pairs -> keyword options for create_reader."""
    out: dict[str, str] = {}
    for pair in pairs or ():
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise EccentricError(f"reader option '{pair}' is not KEY=VALUE", exit_code=ExitCode.USAGE)
        out[key.strip().replace("-", "_")] = value.strip()
    return out


def add_reader_arguments(p: argparse.ArgumentParser, default: str | None = None) -> None:
    p.add_argument("--reader", default=default, metavar="NAME",
                   help="reader plug-in: 'mock' (simulated plate), 'hid' (USB HID plate by profile), ... (see `eccentric devices`)")
    p.add_argument("--profile", metavar="NAME|PATH", help="HID report profile (shipped name or .toml path) for --reader hid")
    p.add_argument("-o", "--reader-option", action="append", metavar="KEY=VALUE",
                   help="option for the reader, e.g. -o seed=3 -o method=forced_negative (repeatable)")


def add_data_dir_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", type=Path, metavar="DIR", help="session library folder (default: the user data dir)")


class _Parser(argparse.ArgumentParser):
    """argparse's own errors quote what was typed: show it safely (no control characters)."""

    def error(self, message: str) -> NoReturn:
        from sessions.names import display

        self.print_usage(sys.stderr)
        self.exit(ExitCode.USAGE, f"{self.prog}: error: {display(_suggest_command(message))}\n")


def _suggest_command(message: str) -> str:
    """argparse's "invalid choice" for the command, with the nearest command named."""
    import difflib
    import re

    m = re.match(r"argument COMMAND: invalid choice: '(.*)' \(choose from (.*)\)$", message)
    if m is None:
        return message
    commands = re.findall(r"'([^']*)'", m.group(2))
    near = difflib.get_close_matches(m.group(1), commands, n=1, cutoff=0.6)
    hint = f" - did you mean {near[0]}?" if near else ""
    return f"unknown command '{m.group(1)}'{hint} (`eccentric --help` lists them: {', '.join(commands)})"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="eccentric",
        description="Eccentric-training coach for USB force plates. With no command: the live dashboard.",
    )
    parser.add_argument("--version", action="version", version=f"eccentric {__version__}")
    add_reader_arguments(parser)
    add_data_dir_argument(parser)
    from eccentric.commands import dashboard

    dashboard.add_arguments(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS.values():
        mod = importlib.import_module(f"eccentric.commands.{module}")
        mod.add_parser(sub)
    return parser


def _log_crash() -> Path | None:
    try:
        from platformdirs import user_log_dir

        folder = Path(user_log_dir("eccentric"))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "crash.log"
        with path.open("a", encoding="utf-8") as fh:
            traceback.print_exc(file=fh)
        return path
    except Exception:
        return None


def _safe(err: BaseException) -> str:
    """The message with names' control characters and undecodable bytes made visible."""
    from sessions.names import display

    return display(err)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            from eccentric.commands import dashboard

            return int(dashboard.run(args) or 0)
        return int(args.run(args) or 0)
    except EccentricError as err:
        print(f"eccentric: error: {_safe(err)}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("eccentric: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        return ExitCode.OK
    except OSError as exc:   # one place decides what each errno class means to the user
        from sessions.oserrors import os_error

        err = os_error(exc)
        print(f"eccentric: error: {err}", file=sys.stderr)
        return err.exit_code
    except Exception as exc:  # never a traceback on the terminal
        if isinstance(exc, ValueError) and "null byte" in str(exc):   # a NUL in a path: no file has it
            print("eccentric: error: a file or folder name on the command line holds a NUL byte", file=sys.stderr)
            return ExitCode.USAGE
        where = _log_crash()
        detail = f" (details in {where})" if where else ""
        print(f"eccentric: internal error: {exc.__class__.__name__}: {_safe(exc)}{detail}", file=sys.stderr)
        return ExitCode.ERROR
