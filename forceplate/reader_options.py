"""Checks of the reader options every USB transport shares (-o poll_s=..., -o read_timeout_*=...)."""

from __future__ import annotations

from typing import Any

from forceplate.errors import UsageError

# s: how often an unplugged plate is looked for again. Over a minute the coach waits longer than
# a set's rest for a replugged plate; 0 or less polled in a busy loop, inf overflowed the
# reader thread's wait.
MAX_POLL_S = 60.0


def check_timing(reader: str, poll_s: float, **timeouts: float) -> None:
    """A usage error (exit 2) unless 0 < poll_s <= MAX_POLL_S and every timeout is positive and finite."""
    if not 0 < poll_s <= MAX_POLL_S:
        raise UsageError(f"reader '{reader}': poll_s must be over 0 and at most {MAX_POLL_S:g} s")
    for name, value in timeouts.items():
        if not 0 < value < float("inf"):
            raise UsageError(f"reader '{reader}': {name} must be a positive number")


def check_backend(reader: str, backend: Any) -> None:
    """A usage error (exit 2) for a backend name pyusb does not have (an object passes: tests)."""
    from forceplate.hid.backend import BACKEND_NAMES
    if isinstance(backend, str) and backend not in BACKEND_NAMES:
        raise UsageError(f"reader '{reader}': unknown USB backend '{backend}' (use one of "
                         f"{', '.join(BACKEND_NAMES)})")
