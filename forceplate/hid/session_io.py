"""A plate that needs a conversation, not one start command (e.g. Vernier Go Direct).

HidTransport runs a Session's ``start`` after claiming the plate (on open and after every
replug) and its ``stop`` on close, handing it a DeviceIO: synchronous reports to and from the
device while the reading thread is not using it.
"""

from __future__ import annotations

import errno
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from forceplate.hid.transport import HidTransport


def _errno(exc: BaseException) -> int | None:
    return getattr(exc, "errno", None)


class DeviceIO:
    """Synchronous reports to and from an open device, for a session's handshake (before the
    reading thread owns the device, or inside it while reconnecting)."""

    def __init__(self, transport: HidTransport, dev: Any) -> None:
        self.transport, self.dev = transport, dev

    def write(self, report: bytes) -> None:
        """One output report without a report id."""
        self.transport._send(self.dev, b"\x00" + bytes(report))

    def read(self, timeout_ms: int) -> bytes | None:
        """One input report, or None after timeout_ms. Other USB errors propagate."""
        import usb.core

        t = self.transport
        try:
            return bytes(self.dev.read(t._ep_in, t.read_size, max(1, int(timeout_ms))))
        except usb.core.USBTimeoutError:
            return None
        except usb.core.USBError as exc:
            if _errno(exc) == errno.ETIMEDOUT:
                return None
            raise


class Session(Protocol):
    """A plate that needs a conversation rather than one start_command (e.g. Go Direct)."""

    def start(self, io: DeviceIO) -> list[bytes]:
        """Handshake and start streaming; returns input reports already read that belong to the
        stream (they are queued first). Raises EccentricError with a clear message."""

    def stop(self, io: DeviceIO) -> None: ...
