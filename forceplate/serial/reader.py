"""SerialPlateReader: a DIY plate on USB serial, described by a serial profile, as a Reader.

The transport thread queues byte chunks; read() decodes everything queued in one call of the
profile's decoder (binary frame or text lines) and scales counts to SI units.
"""

from __future__ import annotations

import os
import time
from collections import deque
from dataclasses import replace
from typing import Any, ClassVar

import numpy as np

from forceplate.errors import EccentricError
from forceplate.hid.transport import Reconnected
from forceplate.reader import AttachedDevice, Connection, Reader, ReaderStatus
from forceplate.samples import ReaderInfo, SampleBlock
from forceplate.serial.frame import FrameDecoder
from forceplate.serial.lines import LineDecoder
from forceplate.serial.profile import SerialProfile, all_serial_profiles, find_serial_profile
from forceplate.serial.transport import SerialTransport, find_ports

RATE_WINDOW_S = 3.0
# s: a plate's counter that carried on over a replug is trusted if it says at most the time
# away plus this went by (the port is reopened up to poll_s after the plate is back)
REPLUG_SLACK_S = 1.0
OPTIONS = "profile=eccentric4|jsonw|csv4|FILE.toml, port=/dev/tty..., baudrate, rate_hz, poll_s"


class SerialPlateReader(Reader):
    name: ClassVar[str] = "serial"
    description: ClassVar[str] = f"DIY plate on USB serial: eccentric frame, JSON or CSV lines ({OPTIONS})"

    def __init__(self, profile: str | SerialProfile = "eccentric4", port: str | None = None,
                 baudrate: int | str | None = None, rate_hz: float | str | None = None, poll_s: float | str = 0.5,
                 read_timeout_s: float | str = 0.1, opener: Any = None, **unknown: Any) -> None:
        if unknown:
            raise EccentricError(f"reader 'serial' has no option '{next(iter(unknown))}' (options: {OPTIONS})")
        chosen: dict[str, Any] = {"profile": profile if isinstance(profile, str) else profile.name}
        if port:
            chosen["port"] = port
        if baudrate:
            chosen["baudrate"] = baudrate
        if rate_hz:
            chosen["rate_hz"] = rate_hz
        super().__init__(**chosen)
        self.profile = profile if isinstance(profile, SerialProfile) else find_serial_profile(str(profile))
        try:
            baud = int(baudrate) if baudrate else None
            rate = float(rate_hz) if rate_hz else None
            poll, rto = float(poll_s), float(read_timeout_s)
        except ValueError:
            raise EccentricError("reader 'serial': baudrate, rate_hz and poll_s must be numbers") from None
        if rate is not None:
            if not 0 < rate <= 100_000:
                raise EccentricError("reader 'serial': rate_hz must be in (0, 100000]")
            self.profile = replace(self.profile, sample_rate_hz=rate)
        p = self.profile
        self.transport = SerialTransport(p, port=port or None, baudrate=baud, poll_s=poll,
                                         read_timeout_s=rto, opener=opener)
        if p.format == "frame":
            self.decoder: FrameDecoder | LineDecoder = FrameDecoder(len(p.channels))
        else:
            fields: list[str | int] = [c.key or "" for c in p.channels] if p.format == "jsonl" \
                else [c.column for c in p.channels]
            self.decoder = LineDecoder(p.format, fields, counter=p.counter, separator=p.separator,
                                       counter_modulo=p.counter_modulo)
        self._scale = np.array([c.scale for c in p.channels])
        self._zero = np.array([c.zero for c in p.channels])
        self._info: ReaderInfo | None = None
        self._samples = 0
        self._rate_window: deque[tuple[float, int]] = deque()

    def open(self) -> ReaderInfo:
        self.transport.open()
        p = self.profile
        extra = {"port": self.transport.port, "format": p.format, "baudrate": str(self.transport.baudrate)}
        if p.vendor_id is not None and p.product_id is not None:
            extra.update(vendor_id=f"{p.vendor_id:04x}", product_id=f"{p.product_id:04x}")
        self._info = ReaderInfo(reader=self.name, name=p.title, serial="", channels=p.channel_infos,
                                sample_rate_hz=p.sample_rate_hz, simulated=False, profile=p.name, extra=extra)
        return self._info

    @property
    def info(self) -> ReaderInfo:
        if self._info is None:
            raise EccentricError("the serial plate is not open yet")
        return self._info

    def read(self, timeout_s: float = 0.1) -> SampleBlock | None:
        items = self.transport.take(timeout_s)
        if not items:
            return None
        parts: list[SampleBlock] = []
        run: list[bytes] = []
        for item in items:
            if isinstance(item, Reconnected):
                self._decode(run, parts)
                run = []
                rate = self.profile.sample_rate_hz
                # a counter that carried on may say up to the time away + 1 s went by
                self.decoder.reset(round(item.gap_s * rate), round((item.gap_s + REPLUG_SLACK_S) * rate))
            else:
                run.append(item)
        self._decode(run, parts)
        if not parts:
            return None
        block = parts[0] if len(parts) == 1 else SampleBlock.concat(parts)
        self._samples += len(block)
        now = time.monotonic()
        self._rate_window.append((now, len(block)))
        while self._rate_window and now - self._rate_window[0][0] > RATE_WINDOW_S:
            self._rate_window.popleft()
        return block

    def _decode(self, chunks: list[bytes], parts: list[SampleBlock]) -> None:
        if not chunks:
            return
        raw, seq, flags = self.decoder.decode(b"".join(chunks))
        if len(seq) == 0:
            return
        values = raw.astype(np.float64) * self._scale
        if self._zero.any():
            values += self._zero
        counts = raw if raw.dtype == np.int32 else None
        parts.append(SampleBlock(time_s=seq / self.profile.sample_rate_hz, values=values, seq=seq,
                                 flags=flags, counts=counts))

    def status(self) -> ReaderStatus:
        t, c, d = self.transport, self.transport.counters, self.decoder
        rate = 0.0
        if len(self._rate_window) >= 2:
            span = self._rate_window[-1][0] - self._rate_window[0][0]
            if span > 0:
                rate = sum(n for _, n in list(self._rate_window)[1:]) / span
        if isinstance(d, FrameDecoder):
            lost, rejected, junk = d.lost_frames, d.resyncs, f"{d.garbage_bytes} garbage bytes"
        else:
            lost, rejected, junk = d.lost_samples, d.garbage_lines, f"{d.garbage_lines} garbage lines"
        title = f"{self.profile.title} on {t.port or '?'}"
        if t.error is not None:
            message = str(t.error)
        elif t.connection == Connection.DISCONNECTED:
            message = f"{title}: unplugged - waiting for it to come back"
        elif t.connection == Connection.CONNECTED:
            message = f"{title}: connected" + (f", {junk}, {lost} samples lost" if rejected or lost else "")
        else:
            message = f"{title}: closed"
        return ReaderStatus(connection=t.connection, samples=self._samples, reports=c.chunks, dropped_samples=lost,
                            rejected_reports=rejected, timeouts=c.timeouts, reconnects=c.reconnects,
                            achieved_rate_hz=rate, message=message)

    def close(self) -> None:
        self.transport.close()

    @classmethod
    def discover(cls) -> list[AttachedDevice]:
        """Ports whose USB VID:PID matches a serial profile. Never raises."""
        try:
            profiles = all_serial_profiles()
        except Exception:
            return []
        found = []
        for name, p in sorted(profiles.items()):
            if p.vendor_id is None or p.product_id is None:
                continue
            for port in find_ports(p.vendor_id, p.product_id):
                note = ""
                if os.path.exists(port) and not os.access(port, os.R_OK | os.W_OK):
                    note = ("no permission: sudo usermod -aG dialout $USER (log in again), "
                            "or install udev/71-eccentric-plates.rules")
                found.append(AttachedDevice(
                    reader="serial", name=f"{p.title} ({p.sample_rate_hz:g} Hz, {len(p.channels)} ch)", serial="",
                    location=f"{port} ({p.vendor_id:04x}:{p.product_id:04x})",
                    options=(("profile", name), ("port", port)), note=note))
        return found
