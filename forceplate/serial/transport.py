"""SerialTransport: one USB-serial (CDC) plate on pyserial, read on a thread that owns the port.

Like the HID transport: the thread reads whatever bytes are waiting (100 ms timeout so it sees
the stop flag) into a bounded queue; a read error means the plate was unplugged, so it closes
the port, looks for it again every ``poll_s`` (by USB VID/PID, or by path) and reopens it,
queueing a Reconnected marker with the time it was away.
"""

from __future__ import annotations

import contextlib
import errno
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from forceplate.errors import DeviceError, DevicePermissionError, EccentricError
from forceplate.hid.transport import QueueConsumer, Reconnected
from forceplate.reader import Connection
from forceplate.serial.profile import SerialProfile

UDEV_RULE = "udev/71-eccentric-plates.rules"
MAX_QUEUE_BYTES = 32 << 20   # far beyond any backlog a stalled UI can cause at 921600 baud


@dataclass(slots=True)
class SerialCounters:
    chunks: int = 0
    bytes: int = 0
    dropped_bytes: int = 0
    timeouts: int = 0
    reconnects: int = 0


def permission_error(port: str) -> DevicePermissionError:
    return DevicePermissionError(
        f"no permission to open {port}: add yourself to the serial group "
        "(sudo usermod -aG dialout $USER, then log in again) or install the udev rule "
        f"{UDEV_RULE} (sudo cp {UDEV_RULE} /etc/udev/rules.d/ && sudo udevadm control --reload-rules)"
    )


def find_ports(vendor_id: int, product_id: int) -> list[str]:
    """Serial ports of USB devices with this VID:PID, sorted (never raises)."""
    try:
        from serial.tools import list_ports

        return sorted(p.device for p in list_ports.comports() if p.vid == vendor_id and p.pid == product_id)
    except Exception:
        return []


class SerialTransport(QueueConsumer):
    def __init__(self, profile: SerialProfile, *, port: str | None = None, baudrate: int | None = None,
                 poll_s: float = 0.5, read_timeout_s: float = 0.1,
                 opener: Callable[..., Any] | None = None) -> None:
        self.profile = profile
        self.port_arg = port
        self.port = port or ""
        self.baudrate = baudrate or profile.baudrate
        self.poll_s = poll_s
        self.read_timeout_s = read_timeout_s
        self._opener = opener
        self.counters = SerialCounters()
        self.connection = Connection.CLOSED
        self.error: EccentricError | None = None
        self._ser: Any = None
        self._queue: deque[Any] = deque()
        self._queued_bytes = 0
        self._ready = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lost_at = 0.0

    # ---- finding and opening ------------------------------------------------------------
    def _locate(self) -> str | None:
        if self.port_arg:
            return self.port_arg if os.path.exists(self.port_arg) else None
        p = self.profile
        if p.vendor_id is None or p.product_id is None:
            return None
        ports = find_ports(p.vendor_id, p.product_id)
        return ports[0] if ports else None

    def _open_port(self, port: str, fresh: bool = True) -> Any:
        import serial

        opener = self._opener or serial.Serial
        try:
            ser = opener(port, self.baudrate, timeout=self.read_timeout_s)
        except serial.SerialException as exc:
            code = getattr(exc, "errno", None)
            if code == errno.EACCES or "Permission denied" in str(exc):
                raise permission_error(port) from None
            if code == errno.EBUSY:
                raise DeviceError(f"{port} is busy: another program holds it (close serial monitors)") from None
            raise DeviceError(f"cannot open {port}: {exc}") from None
        except OSError as exc:
            raise DeviceError(f"cannot open {port}: {exc}") from None
        if fresh:   # bytes from before we listened: stale, maybe half a frame (after a replug
            # they are the plate's first samples back: keep them)
            with contextlib.suppress(Exception):
                ser.reset_input_buffer()
        if self.profile.start_command:
            ser.write(self.profile.start_command)
        return ser

    def open(self) -> None:
        if self._thread is not None:
            return
        port = self._locate()
        if port is None:
            p = self.profile
            if self.port_arg:
                raise DeviceError(f"no serial port {self.port_arg} - check the cable, or try --reader mock")
            if p.vendor_id is None:
                raise DeviceError(f"profile '{p.name}' names no USB IDs: give the port, e.g. -o port=/dev/ttyUSB0")
            raise DeviceError(f"no {p.title} ({p.vendor_id:04x}:{p.product_id:04x}) is attached "
                              "- check the cable, or give -o port=/dev/ttyACM0")
        self._ser = self._open_port(port)
        self.port = port
        self.connection = Connection.CONNECTED
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="serial-transport", daemon=True)
        self._thread.start()

    # ---- the reading thread -------------------------------------------------------------
    def _run(self) -> None:
        c = self.counters
        q = self._queue
        while not self._stop.is_set():
            ser = self._ser
            if ser is None:
                self._try_reconnect()
                continue
            try:
                waiting = ser.in_waiting
                data = ser.read(waiting if waiting > 0 else 1)
            except Exception:   # SerialException / OSError: the plate is gone
                self._lose(ser)
                continue
            if not data:
                c.timeouts += 1
                continue
            if self._queued_bytes + len(data) > MAX_QUEUE_BYTES:
                c.dropped_bytes += len(data)
                continue
            q.append(bytes(data))
            self._queued_bytes += len(data)
            c.chunks += 1
            c.bytes += len(data)
            self._ready.set()

    def _lose(self, ser: Any) -> None:
        self._ser = None
        self._lost_at = time.monotonic()
        self.connection = Connection.DISCONNECTED
        with contextlib.suppress(Exception):
            ser.close()
        self._ready.set()

    def _try_reconnect(self) -> None:
        if self._stop.wait(self.poll_s):
            return
        port = self._locate()
        if port is None:
            return
        try:
            ser = self._open_port(port, fresh=False)
        except DevicePermissionError as err:
            self.error = err
            self._stop.set()
            self._ready.set()
            return
        except EccentricError:
            return
        self._ser = ser
        self.port = port
        self.counters.reconnects += 1
        q = self._queue
        q.append(Reconnected(time.monotonic() - self._lost_at))
        self.connection = Connection.CONNECTED
        self._ready.set()

    # ---- the consumer side --------------------------------------------------------------
    def _taken(self, items: list[Any]) -> None:
        """take() (from QueueConsumer) emptied these out: they no longer count against the cap."""
        self._queued_bytes -= sum(len(item) for item in items if isinstance(item, bytes))

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.read_timeout_s + self.poll_s + 2)
            self._thread = None
        ser, self._ser = self._ser, None
        if ser is not None:
            with contextlib.suppress(Exception):
                if self.profile.stop_command:
                    ser.write(self.profile.stop_command)
            with contextlib.suppress(Exception):
                ser.close()
        self.connection = Connection.CLOSED
