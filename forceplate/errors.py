"""Errors that reach the user as one line and an exit code, never a traceback."""

from __future__ import annotations


class ExitCode:
    """Process exit codes (see README, 'Exit codes')."""

    OK = 0
    ERROR = 1            # anything else that went wrong, said in one line
    USAGE = 2            # bad command line (argparse's own code)
    BAD_INPUT = 3        # unreadable / invalid file or data
    DEVICE = 4           # plate not found, unplugged, unusable
    PERMISSION = 5       # no access to the USB device: install the udev rule
    DISK = 6             # cannot write: disk full, read-only, no space
    INTERRUPTED = 130    # Ctrl-C


class EccentricError(Exception):
    """Base for every error meant for the user. ``str(err)`` is one line."""

    exit_code: int = ExitCode.ERROR

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(" ".join(message.split()))  # always one line
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(EccentricError):
    """A mistake on the command line: an option, a name or a value the command cannot take."""

    exit_code = ExitCode.USAGE


class BadInputError(EccentricError):
    exit_code = ExitCode.BAD_INPUT


class DecodeError(BadInputError):
    """A report or profile that cannot be decoded."""


class ProfileError(BadInputError):
    """A TOML plate profile that is missing, malformed or inconsistent."""


class DeviceError(EccentricError):
    exit_code = ExitCode.DEVICE


class DevicePermissionError(DeviceError):
    exit_code = ExitCode.PERMISSION


class DiskError(EccentricError):
    exit_code = ExitCode.DISK
