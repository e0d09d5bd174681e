"""A pyusb-like device object with prepared reports, for tests and benchmarks.

It answers exactly the calls HidTransport makes, raising pyusb's own exceptions with the
errnos a real plate gives, so the transport's error paths run without libusb or umockdev.
Pass it through ``finder=lambda: device``.
"""

from __future__ import annotations

import errno
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass
class FakeEndpoint:
    bEndpointAddress: int
    wMaxPacketSize: int = 64
    bmAttributes: int = 0x03   # interrupt


@dataclass
class FakeInterface:
    bInterfaceNumber: int
    endpoints: list[FakeEndpoint]
    bAlternateSetting: int = 0

    def __iter__(self) -> Iterator[Any]:
        return iter(self.endpoints)


@dataclass
class FakeConfiguration:
    interfaces: list[FakeInterface]
    bConfigurationValue: int = 1

    def __iter__(self) -> Iterator[Any]:
        return iter(self.interfaces)


def _usb_error(code: int) -> Exception:
    import usb.core

    if code == errno.ETIMEDOUT:
        return usb.core.USBTimeoutError("Operation timed out", None, code)
    return usb.core.USBError(f"[Errno {code}] {errno.errorcode.get(code, code)}", None, code)


@dataclass
class FakeUsbDevice:
    """``reports``: uint8 (k, report_size) or a sequence of bytes.

    end: what happens after the last report - 'timeout' (reads time out), 'loop' (start over)
    or 'gone' (errno 19, like an unplug). ``errors`` maps a report index to an errno raised
    once just before that report is delivered.
    """

    reports: Sequence[bytes] | np.ndarray
    packet_size: int = 64
    ep_in: int = 0x81
    ep_out: int | None = None
    n_interfaces: int = 1
    configured: bool = True
    set_config_fails: bool = False
    driver_bound: bool = False
    driver_sticky: bool = False
    deny: bool = False
    end: str = "timeout"
    errors: dict[int, int] = field(default_factory=dict)
    bus: int = 1
    address: int = 11
    serial_number: str = "FAKE-1"
    # what the transport did, for assertions
    pos: int = 0
    written: list[tuple[int, bytes]] = field(default_factory=list)
    control: list[tuple[int, int, int, int, bytes]] = field(default_factory=list)
    claimed: set[int] = field(default_factory=set)
    detached: list[int] = field(default_factory=list)
    attached: list[int] = field(default_factory=list)
    set_config_calls: int = 0

    def __post_init__(self) -> None:
        if isinstance(self.reports, np.ndarray):
            blob = np.ascontiguousarray(self.reports, dtype=np.uint8)
            size = blob.shape[1]
            data = blob.tobytes()
            self._reports = [data[i:i + size] for i in range(0, len(data), size)]
        else:
            self._reports = [bytes(r) for r in self.reports]
        self._bound = {0: self.driver_bound}

    # --- configuration and interfaces ---
    def get_active_configuration(self) -> FakeConfiguration:
        self._check_access()
        if not self.configured:
            import usb.core

            raise usb.core.USBError("Configuration not set", None, None)
        eps = [FakeEndpoint(self.ep_in, self.packet_size)]
        if self.ep_out is not None:
            eps.append(FakeEndpoint(self.ep_out, self.packet_size))
        intfs = [FakeInterface(0, eps)] + [FakeInterface(i, [FakeEndpoint(0x80 | (i + 1), 8)])
                                           for i in range(1, self.n_interfaces)]
        return FakeConfiguration(intfs)

    def set_configuration(self) -> None:
        self.set_config_calls += 1
        if self.set_config_fails:
            import usb.core

            raise usb.core.USBError("Other error", None, None)
        self.configured = True

    def is_kernel_driver_active(self, number: int) -> bool:
        self._check_access()
        return self._bound.get(number, False)

    def detach_kernel_driver(self, number: int) -> None:
        if not self._bound.get(number, False):
            raise _usb_error(errno.ENOENT)
        if self.driver_sticky:
            raise _usb_error(errno.EPERM)
        self._bound[number] = False
        self.detached.append(number)

    def attach_kernel_driver(self, number: int) -> None:
        self._bound[number] = True
        self.attached.append(number)

    def claim_interface(self, number: int) -> None:
        self._check_access()
        if self._bound.get(number, False):
            raise _usb_error(errno.EBUSY)
        self.claimed.add(number)

    def release_interface(self, number: int) -> None:
        self.claimed.discard(number)

    def _check_access(self) -> None:
        if self.deny:
            raise _usb_error(errno.EACCES)

    # --- transfers ---
    def write(self, endpoint: int, data: bytes, timeout: int | None = None) -> int:
        self.written.append((endpoint, bytes(data)))
        return len(data)

    def ctrl_transfer(self, bm_request_type: int, b_request: int, w_value: int = 0, w_index: int = 0,
                      data: bytes = b"", timeout: int | None = None) -> int:
        self.control.append((bm_request_type, b_request, w_value, w_index, bytes(data)))
        return len(data)

    def read(self, endpoint: int, size: int, timeout: int | None = None) -> bytes:
        if self.pos in self.errors:
            raise _usb_error(self.errors.pop(self.pos))
        if self.pos >= len(self._reports):
            if self.end == "loop" and self._reports:
                self.pos = 0
            elif self.end == "gone":
                raise _usb_error(errno.ENODEV)
            else:
                time.sleep(min(timeout or 0, 5) / 1000)
                raise _usb_error(errno.ETIMEDOUT)
        rep = self._reports[self.pos]
        self.pos += 1
        if len(rep) > size:
            raise _usb_error(errno.EOVERFLOW)
        return rep
