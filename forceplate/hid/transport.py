"""HidTransport: one USB HID plate on pyusb, read back-to-back on a thread that owns it.

pyusb reads are synchronous (no transfer is queued between calls), so a dedicated thread reads
the interrupt-IN endpoint in a tight loop with a finite timeout (so it can see the stop flag)
and hands raw reports to a bounded queue that holds several seconds: a stalled UI thread never
costs a sample, and an overflow is counted, never silent. The thread also survives an unplug:
it disposes the device, polls for it every ``poll_s`` and reopens it when it comes back.
"""

from __future__ import annotations

import contextlib
import errno
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from forceplate.errors import DeviceError, DevicePermissionError, EccentricError
from forceplate.hid.backend import get_backend
from forceplate.hid.report_queue import QueueConsumer, Reconnected, TransportCounters
from forceplate.hid.session_io import DeviceIO, Session
from forceplate.hid.usb_claim import UsbClaim, _errno
from forceplate.profile import PlateProfile
from forceplate.reader import Connection

UDEV_RULE_FILE = "udev/70-eccentric.rules"
UDEV_INSTALL = (
    f"sudo cp {UDEV_RULE_FILE} /etc/udev/rules.d/ && sudo udevadm control --reload-rules "
    "&& sudo udevadm trigger, then replug the plate"
)
# errnos after which the plate may be gone (xHCI often says EIO before ENODEV; a stall too)
MAYBE_GONE = frozenset({errno.ENODEV, errno.EIO, errno.EPIPE})
HID_SET_REPORT = 0x09
HID_OUTPUT_REPORT = 0x02
MIN_QUEUE_REPORTS = 4096   # USB full speed gives <= 1000 reports/s: >= 4 s at any rate

__all__ = ["HidTransport", "QueueConsumer", "Reconnected", "TransportCounters", "permission_error"]


def permission_error(vendor_id: int, product_id: int, rule_file: str = UDEV_RULE_FILE) -> DevicePermissionError:
    install = UDEV_INSTALL.replace(UDEV_RULE_FILE, rule_file)
    return DevicePermissionError(
        f"no permission to open the USB plate {vendor_id:04x}:{product_id:04x}: "
        f"install the udev rule {rule_file} ({install})"
    )


class HidTransport(UsbClaim, QueueConsumer):
    """Raw reports of one plate. ``open()`` raises EccentricError; after that nothing raises
    except ``take()``, which re-raises an error the thread could not recover from.

    ``finder`` (injectable for tests and benchmarks) returns a pyusb-like device or None.
    """

    def __init__(
        self,
        profile: PlateProfile,
        *,
        serial: str | None = None,
        backend: Any = "auto",
        finder: Callable[[], Any] | None = None,
        read_timeout_ms: int = 100,
        poll_s: float = 0.5,
        queue_reports: int | None = None,
        session: Session | None = None,
    ) -> None:
        self.profile = profile
        self.session = session
        self.rule_file = str(profile.extra.get("udev_rule", UDEV_RULE_FILE))
        self.reconnect_problem = ""   # why the last attempt to reopen a replugged plate failed
        self._early: list[bytes] = []
        self.serial = serial or None
        self._backend_spec = backend
        self._backend: Any = None
        self._finder = finder or self._find_usb
        self.read_timeout_ms = max(1, int(read_timeout_ms))   # never 0: 0 waits forever
        self.poll_s = poll_s
        reports_2s = 2 * profile.sample_rate_hz / profile.samples_per_report
        self.queue_reports = max(queue_reports or MIN_QUEUE_REPORTS, int(reports_2s) + 1)
        self.counters = TransportCounters()
        self.read_size = profile.report_size
        self.connection = Connection.CLOSED
        self.error: EccentricError | None = None
        self.device_info: dict[str, str] = {}
        self._dev: Any = None
        self._ep_in = profile.endpoint_in
        self._ep_out: int | None = None
        self._detached: list[int] = []
        self._queue: deque[Any] = deque()
        self._ready = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lost_at = 0.0
        self._not_it = ""   # devices with the plate's VID:PID whose USB strings say otherwise

    # ---- finding and opening -------------------------------------------------------------

    def _find_usb(self) -> Any:
        import usb.core

        if self._backend is None:
            self._backend = get_backend(self._backend_spec)
        from forceplate.hid.match import choose, wanted

        p = self.profile
        devices, others = choose(usb.core.find(find_all=True, idVendor=p.vendor_id, idProduct=p.product_id,
                                               backend=self._backend), p)
        self._not_it = (f" (attached with its USB ID but saying {', '.join(others)}, not {wanted(p)}: "
                        "another board, or change the profile's [udev] strings)") if others and not devices else ""
        if self.serial is None:
            return devices[0] if devices else None
        for dev in devices:
            try:
                if dev.serial_number == self.serial:
                    return dev
            except Exception:  # cannot read the string descriptor: not the one asked for
                continue
        return None

    def open(self) -> None:
        """Find, claim and start the plate, then start the reading thread."""
        if self._thread is not None:
            return
        try:
            dev = self._finder()
        except EccentricError:
            raise
        except Exception as exc:
            raise DeviceError(f"cannot list USB devices ({exc.__class__.__name__}: {exc})") from None
        if dev is None:
            p = self.profile
            which = f" with serial {self.serial}" if self.serial else ""
            raise DeviceError(
                f"no {p.title} ({p.vendor_id:04x}:{p.product_id:04x}){which} is attached{self._not_it} "
                "- check the cable, or try --reader mock"
            )
        self._setup(dev)
        self._dev = dev
        self._queue.extend(self._early)
        self._early = []
        if self._queue:
            self._ready.set()
        self.connection = Connection.CONNECTED
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="hid-transport", daemon=True)
        self._thread.start()

    def _setup(self, dev: Any) -> None:
        """Configure (only if unconfigured), detach kernel drivers, claim, send start_command."""
        import usb.core

        p = self.profile
        try:
            cfg = self._configuration(dev)
            numbers = sorted({intf.bInterfaceNumber for intf in cfg}) if cfg is not None else [p.interface]
            self._detached = []
            for number in numbers:
                self._detach(dev, number)
            self._claim(dev, p.interface)
            self._find_endpoints(cfg)
            if self.session is not None:
                self._early = list(self.session.start(DeviceIO(self, dev)))
            else:
                self._send(dev, p.start_command)
            self.device_info = self._describe(dev)
        except usb.core.USBError as exc:
            self._abandon(dev)
            code = _errno(exc)
            if code == errno.EACCES:
                raise permission_error(p.vendor_id, p.product_id, self.rule_file) from None
            if code == errno.EBUSY:
                raise DeviceError(
                    f"the plate's interface {p.interface} is busy: another program (or a kernel driver "
                    "that refused to detach) holds it - close other apps using the plate and replug it"
                ) from None
            raise DeviceError(f"cannot start the plate: {exc}") from None
        except EccentricError:
            self._abandon(dev)
            raise
        except Exception as exc:  # e.g. pyusb's ValueError for an endpoint the plate lacks
            self._abandon(dev)
            raise DeviceError(f"cannot start the plate: {exc.__class__.__name__}: {exc}") from None

    def _send(self, dev: Any, command: bytes) -> None:
        """An output report. Like hidapi, byte 0 is the report id (0 = the plate uses none)."""
        if not command:
            return
        report_id = command[0]
        payload = command if report_id else command[1:]
        if self._ep_out is not None:
            dev.write(self._ep_out, payload, self.read_timeout_ms * 10)
        else:
            dev.ctrl_transfer(0x21, HID_SET_REPORT, (HID_OUTPUT_REPORT << 8) | report_id,
                              self.profile.interface, payload, self.read_timeout_ms * 10)

    # ---- the reading thread --------------------------------------------------------------

    def _run(self) -> None:
        import usb.core

        c = self.counters
        q = self._queue
        cap = self.queue_reports
        size = self.read_size
        want = self.profile.report_size
        while not self._stop.is_set():
            dev = self._dev
            if dev is None:
                self._try_reconnect()
                size = self.read_size
                continue
            try:
                data = dev.read(self._ep_in, size, self.read_timeout_ms)
            except usb.core.USBTimeoutError:
                c.timeouts += 1
                continue
            except usb.core.USBError as exc:
                code = _errno(exc)
                if code == errno.ETIMEDOUT:
                    c.timeouts += 1
                elif code == errno.EOVERFLOW:
                    c.rejected_reports += 1
                elif code == errno.EACCES:
                    self._fail(permission_error(self.profile.vendor_id, self.profile.product_id, self.rule_file))
                    return
                else:  # MAYBE_GONE and anything unexpected: drop the handle, look for it again
                    self._lose(dev)
                continue
            except Exception:  # a backend that crashed mid-read: treat as an unplug
                self._lose(dev)
                continue
            if len(data) != want:
                c.rejected_reports += 1
                continue
            if len(q) >= cap:
                c.dropped_reports += 1
                continue
            q.append(data)
            c.reports += 1
            if not self._ready.is_set():
                self._ready.set()

    def _lose(self, dev: Any) -> None:
        self._dev = None
        self._lost_at = time.monotonic()
        self.connection = Connection.DISCONNECTED
        self._dispose(dev)
        self._ready.set()   # let a waiting consumer notice the status change

    def _fail(self, err: EccentricError) -> None:
        self.error = err
        self.connection = Connection.DISCONNECTED
        self._ready.set()

    def _try_reconnect(self) -> None:
        if self._stop.wait(self.poll_s):
            return
        try:
            dev = self._finder()
        except Exception:
            return
        if dev is None:
            return
        try:
            self._setup(dev)
        except DevicePermissionError as err:
            self._fail(err)
            self._stop.set()
            return
        except Exception as exc:  # half-enumerated or stale: try again at the next poll
            self.reconnect_problem = str(exc)
            return
        self._dev = dev
        self.reconnect_problem = ""
        self.counters.reconnects += 1
        self._queue.append(Reconnected(time.monotonic() - self._lost_at))
        self._queue.extend(self._early)
        self._early = []
        self.connection = Connection.CONNECTED
        self._ready.set()

    # ---- the consumer side: take() from QueueConsumer -----------------------------------

    @property
    def backlog(self) -> int:
        return len(self._queue)

    def close(self) -> None:
        """Stop the thread, send stop_command, release the interface, give drivers back."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.read_timeout_ms / 1000 + self.poll_s + 2)
            self._thread = None
        dev, self._dev = self._dev, None
        if dev is not None:
            session = self.session
            for step in (lambda: session.stop(DeviceIO(self, dev)) if session is not None
                         else self._send(dev, self.profile.stop_command),
                         lambda: self._release(dev, self.profile.interface)):
                with contextlib.suppress(Exception):  # a plate already gone: nothing to tell it
                    step()
            for number in self._detached:
                with contextlib.suppress(Exception):
                    dev.attach_kernel_driver(number)
            self._dispose(dev)
        self._detached = []
        if self.connection != Connection.CLOSED:
            self.connection = Connection.CLOSED
