"""A pyusb-like device object with prepared reports, for tests and benchmarks.

It answers exactly the calls HidTransport makes, raising pyusb's own exceptions with the
errnos a real plate gives, so the transport's error paths run without libusb or umockdev.
Pass it through ``finder=lambda: device``.
"""

from __future__ import annotations

import array
import errno
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from usb.backend import IBackend


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
    pace_hz: float = 0.0      # > 0: deliver reports at this rate, like a real plate
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
        if self.pace_hz > 0:
            now = time.monotonic()
            if self.pos == 0 or not hasattr(self, "_t0"):
                self._t0 = now
            wait = self._t0 + self.pos / self.pace_hz - now
            if wait > 0:
                time.sleep(wait)
        rep = self._reports[self.pos]
        self.pos += 1
        if len(rep) > size:
            raise _usb_error(errno.EOVERFLOW)
        return rep


class FakePyusbBackend(IBackend):
    """A pyusb backend (usb.backend.IBackend's methods) serving one plate with prepared reports.

    ``usb.core.find(backend=FakePyusbBackend(...))`` then yields a real usb.core.Device, so all
    of pyusb's own Python layers run: what the reader costs per report, minus libusb and USB.

    ``boards``: one device per entry, all with the same VID:PID and reports, each with its own
    USB strings ("manufacturer", "product", "serial": served as string descriptors that
    usb.util.get_string reads; absent = index 0, no string) and "deny": opening it fails with
    EACCES (no udev rule). ``opened`` lists the boards opened, ``claimed`` the one claimed.
    """

    STRINGS = ("manufacturer", "product", "serial")

    def __init__(self, reports: np.ndarray, vendor_id: int, product_id: int, packet_size: int = 64,
                 ep_in: int = 0x81, boards: Sequence[dict[str, Any]] = ({},)) -> None:
        from types import SimpleNamespace as NS

        blob = np.ascontiguousarray(reports, dtype=np.uint8)
        self._reports = [array.array("B", row.tobytes()) for row in blob]
        self.pos = 0
        self.boards = [dict(b) for b in boards]
        self.opened: list[int] = []
        self.claimed: int | None = None
        self._devs = [NS(bLength=18, bDescriptorType=1, bcdUSB=0x0200, bDeviceClass=0, bDeviceSubClass=0,
                         bDeviceProtocol=0, bMaxPacketSize0=64, idVendor=vendor_id, idProduct=product_id,
                         bcdDevice=0x0100, bNumConfigurations=1, address=11 + i, bus=1, port_number=3 + i,
                         port_numbers=(3 + i,), speed=2, iManufacturer=1 if b.get("manufacturer") else 0,
                         iProduct=2 if b.get("product") else 0, iSerialNumber=3 if b.get("serial") else 0)
                      for i, b in enumerate(self.boards)]   # string index k is STRINGS[k - 1]
        self._cfg = NS(bLength=9, bDescriptorType=2, wTotalLength=34, bNumInterfaces=1, bConfigurationValue=1,
                       iConfiguration=0, bmAttributes=0x80, bMaxPower=50, extra_descriptors=[])
        self._intf = NS(bLength=9, bDescriptorType=4, bInterfaceNumber=0, bAlternateSetting=0, bNumEndpoints=1,
                        bInterfaceClass=3, bInterfaceSubClass=0, bInterfaceProtocol=0, iInterface=0,
                        extra_descriptors=[])
        self._ep = NS(bLength=7, bDescriptorType=5, bEndpointAddress=ep_in, bmAttributes=3,
                      wMaxPacketSize=packet_size, bInterval=1, bRefresh=0, bSynchAddress=0, extra_descriptors=[])

    def enumerate_devices(self) -> Iterator[int]:
        yield from range(len(self._devs))

    def get_device_descriptor(self, dev: Any) -> Any:
        return self._devs[dev]

    def get_configuration_descriptor(self, dev: Any, config: int) -> Any:
        return self._cfg

    def get_interface_descriptor(self, dev: Any, intf: int, alt: int, config: int) -> Any:
        if intf or alt or config:
            raise IndexError("no such interface")   # how pyusb learns how many there are
        return self._intf

    def get_endpoint_descriptor(self, dev: Any, ep: int, intf: int, alt: int, config: int) -> Any:
        if ep or intf or alt or config:
            raise IndexError("no such endpoint")
        return self._ep

    def open_device(self, dev: Any) -> int:
        if self.boards[dev].get("deny"):
            raise _usb_error(errno.EACCES)
        self.opened.append(dev)
        return int(dev)

    def close_device(self, handle: Any) -> None:
        pass

    def get_configuration(self, handle: Any) -> int:
        return 1

    def set_configuration(self, handle: Any, value: int) -> None:
        pass

    def claim_interface(self, handle: Any, intf: int) -> None:
        self.claimed = handle

    def release_interface(self, handle: Any, intf: int) -> None:
        pass

    def is_kernel_driver_active(self, handle: Any, intf: int) -> bool:
        return False

    def detach_kernel_driver(self, handle: Any, intf: int) -> None:
        pass

    def attach_kernel_driver(self, handle: Any, intf: int) -> None:
        pass

    def ctrl_transfer(self, handle: Any, request_type: int, request: int, value: int, index: int,
                      data: Any, timeout: int) -> int:
        if request_type & 0x80 and request == 6 and value >> 8 == 3:   # GET_DESCRIPTOR, a string
            k = value & 0xFF
            if k == 0:
                desc = bytes([4, 3]) + (0x0409).to_bytes(2, "little")   # one language: en-US
            else:
                text = str(self.boards[handle].get(self.STRINGS[k - 1]) or "").encode("utf-16-le")
                desc = bytes([2 + len(text), 3]) + text
            n = min(len(desc), len(data))
            data[:n] = array.array("B", desc[:n])
            return n
        return len(data) if not isinstance(data, int) else 0

    def intr_read(self, handle: Any, ep: int, intf: int, buff: Any, timeout: int) -> int:
        if self.pos >= len(self._reports):
            time.sleep(min(timeout, 5) / 1000)
            raise _usb_error(errno.ETIMEDOUT)
        rep = self._reports[self.pos]
        self.pos += 1
        n = len(rep)
        buff[:n] = rep
        return n
