"""Which libusb pyusb talks to.

Debian's system libusb is built with udev support, so it sees hotplug (and umockdev's fake
uevents); the PyPI ``libusb_package`` copy is not, but works with no apt step. Prefer the
system one when present.
"""

from __future__ import annotations

import ctypes.util
import os
from typing import Any

from forceplate.errors import DeviceError, ExitCode

SYSTEM_CANDIDATES = (
    "/usr/lib/x86_64-linux-gnu/libusb-1.0.so.0",
    "/usr/lib/aarch64-linux-gnu/libusb-1.0.so.0",
    "/usr/lib/libusb-1.0.so.0",
    "/usr/lib64/libusb-1.0.so.0",
)
BACKEND_NAMES = ("auto", "system", "pypi")


def system_libusb_path() -> str | None:
    for path in SYSTEM_CANDIDATES:
        if os.path.exists(path):
            return path
    return ctypes.util.find_library("usb-1.0")


def _system_backend() -> Any:
    import usb.backend.libusb1 as libusb1

    path = system_libusb_path()
    if path is None:
        return None
    return libusb1.get_backend(find_library=lambda _name: path)


def _pypi_backend() -> Any:
    try:
        import libusb_package
    except ImportError:
        return None
    return libusb_package.get_libusb1_backend()


def get_backend(name: str | Any = "auto") -> Any:
    """A pyusb backend by name ('auto', 'system', 'pypi'), or an object passed through as is.

    Raises DeviceError (one line) when no libusb can be loaded.
    """
    if name is None:
        name = "auto"
    if not isinstance(name, str):
        return name  # injected backend object (tests, other platforms)
    if name not in BACKEND_NAMES:
        raise DeviceError(f"unknown USB backend '{name}' (use one of {', '.join(BACKEND_NAMES)})",
                          exit_code=ExitCode.USAGE)   # a command-line mistake, not a plate's
    try:
        if name == "system":
            found = _system_backend()
        elif name == "pypi":
            found = _pypi_backend()
        else:
            found = _system_backend() or _pypi_backend()
    except Exception as exc:  # a broken libusb must not become a traceback
        raise DeviceError(f"cannot load libusb ({exc.__class__.__name__}: {exc})") from None
    if found is None:
        raise DeviceError(
            f"no libusb found for backend '{name}': install libusb-1.0-0 (apt) or the libusb-package wheel (pip)"
        )
    return found
