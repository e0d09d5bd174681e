"""A pyusb-like Go Direct plate over the emulator, for fast in-process tests and benchmarks.

Same calls as forceplate.hid.fake_device.FakeUsbDevice; output reports (interrupt OUT or
SET_REPORT) go to the emulated device, reads return its input reports when they are due.
``errors`` maps an input report number to an errno raised once instead of it (e.g. 32, a
stall); ``gone_after`` makes every call fail with errno 19 after that many reports (an unplug).
"""

from __future__ import annotations

import errno
import time
from dataclasses import dataclass, field
from typing import Any

from forceplate.gdx.emulator import PID, VID, GdxPlateModel
from forceplate.hid.fake_device import FakeUsbDevice, _usb_error


@dataclass
class FakeGdxDevice(FakeUsbDevice):
    model: GdxPlateModel = field(default_factory=GdxPlateModel)
    gone_after: int | None = None
    delivered: int = 0
    idVendor: int = VID
    idProduct: int = PID
    serial_number: str = "1J1000T6"

    def __post_init__(self) -> None:
        super().__post_init__()
        self._ready: list[bytes] = []

    def _gone(self) -> bool:
        return self.gone_after is not None and self.delivered >= self.gone_after

    def write(self, endpoint: int, data: bytes, timeout: int | None = None) -> int:
        if self._gone():
            raise _usb_error(errno.ENODEV)
        self.written.append((endpoint, bytes(data)))
        self.model.write_report(bytes(data).ljust(64, b"\0"), time.monotonic())
        return len(data)

    def ctrl_transfer(self, bm_request_type: int, b_request: int, w_value: int = 0, w_index: int = 0,
                      data: Any = b"", timeout: int | None = None) -> int:
        if self._gone():
            raise _usb_error(errno.ENODEV)
        self.control.append((bm_request_type, b_request, w_value, w_index, bytes(data)))
        if bm_request_type == 0x21 and b_request == 0x09:
            self.model.write_report(bytes(data).ljust(64, b"\0"), time.monotonic())
        return len(data)

    def read(self, endpoint: int, size: int, timeout: int | None = None) -> bytes:
        if self._gone():
            raise _usb_error(errno.ENODEV)
        if self.delivered in self.errors:
            raise _usb_error(self.errors.pop(self.delivered))
        deadline = time.monotonic() + (timeout or 1000) / 1000
        while not self._ready:
            now = time.monotonic()
            self._ready.extend(self.model.poll(now))
            if self._ready:
                break
            wait = min(deadline, self.model.next_due()) - now
            if now >= deadline:
                raise _usb_error(errno.ETIMEDOUT)
            time.sleep(max(0.0, min(wait, 0.01)))
        self.delivered += 1
        return self._ready.pop(0)
