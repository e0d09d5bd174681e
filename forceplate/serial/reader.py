"""SerialPlateReader: a DIY plate on USB serial, described by a serial profile, as a Reader.

The transport thread queues byte chunks; read() decodes everything queued in one call of the
profile's decoder (binary frame or text lines) and scales counts to SI units.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Any, ClassVar

import numpy as np

from forceplate.errors import UsageError
from forceplate.reader import AttachedDevice, ReaderStatus
from forceplate.reader_options import check_timing
from forceplate.samples import MEASURED_KINDS, ReaderInfo, SampleBlock, drop_invalid
from forceplate.serial.frame import FrameDecoder
from forceplate.serial.lines import LineDecoder
from forceplate.serial.profile import SerialProfile, all_serial_profiles, find_serial_profile
from forceplate.serial.transport import SerialTransport, find_ports
from forceplate.stream_reader import QueuedReader

# s: a plate's counter that carried on over a replug is trusted if it says at most the time
# away plus this went by (the port is reopened up to poll_s after the plate is back)
REPLUG_SLACK_S = 1.0
OPTIONS = "profile=eccentric4|jsonw|csv4|FILE.toml, port=/dev/tty..., baudrate, rate_hz, poll_s"


class SerialPlateReader(QueuedReader):
    name: ClassVar[str] = "serial"
    plate_noun: ClassVar[str] = "serial plate"
    description: ClassVar[str] = f"DIY plate on USB serial: eccentric frame, JSON or CSV lines ({OPTIONS})"

    def __init__(self, profile: str | SerialProfile = "eccentric4", port: str | None = None,
                 baudrate: int | str | None = None, rate_hz: float | str | None = None, poll_s: float | str = 0.5,
                 read_timeout_s: float | str = 0.1, opener: Any = None, **unknown: Any) -> None:
        if unknown:
            raise UsageError(f"reader 'serial' has no option '{next(iter(unknown))}' (options: {OPTIONS})")
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
            raise UsageError("reader 'serial': baudrate, rate_hz and poll_s must be numbers") from None
        check_timing("serial", poll, read_timeout_s=rto)
        if rate is not None:
            if not 0 < rate <= 100_000:
                raise UsageError("reader 'serial': rate_hz must be in (0, 100000]")
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
        # NaN / inf in a channel the analysis reads: that sample is dropped like a lost one
        self._required = [i for i, c in enumerate(p.channel_infos) if c.kind in MEASURED_KINDS]
        self.invalid_samples = 0
        self._carry = 0          # flags for the next sample (the last ones of a read were invalid)

    def open(self) -> ReaderInfo:
        self.transport.open()
        p = self.profile
        extra = {"port": self.transport.port, "format": p.format, "baudrate": str(self.transport.baudrate)}
        if p.vendor_id is not None and p.product_id is not None:
            extra.update(vendor_id=f"{p.vendor_id:04x}", product_id=f"{p.product_id:04x}")
        self._info = ReaderInfo(reader=self.name, name=p.title, serial="", channels=p.channel_infos,
                                sample_rate_hz=p.sample_rate_hz, simulated=False, profile=p.name, extra=extra)
        return self._info

    def _replugged(self, gap_s: float) -> None:
        rate = self.profile.sample_rate_hz
        # a counter that carried on may say up to the time away + 1 s went by
        self.decoder.reset(round(gap_s * rate), round((gap_s + REPLUG_SLACK_S) * rate))

    def _decode(self, chunks: list[Any]) -> SampleBlock | None:
        raw, seq, flags = self.decoder.decode(b"".join(chunks))
        if len(seq) == 0:
            return None
        values = raw.astype(np.float64) * self._scale
        if self._zero.any():
            values += self._zero
        counts = raw if raw.dtype == np.int32 else None
        if self._carry:
            flags[0] |= np.uint8(self._carry)
            self._carry = 0
        block, invalid, self._carry = drop_invalid(
            SampleBlock(time_s=seq / self.profile.sample_rate_hz, values=values, seq=seq, flags=flags, counts=counts),
            self._required)
        self.invalid_samples += invalid
        return block if len(block) else None

    def status(self) -> ReaderStatus:
        t, c, d = self.transport, self.transport.counters, self.decoder
        if isinstance(d, FrameDecoder):
            lost, rejected, junk = d.lost_frames, d.resyncs, f"{d.garbage_bytes} garbage bytes"
        else:
            lost, rejected, junk = d.lost_samples, d.garbage_lines, f"{d.garbage_lines} garbage lines"
        if self.invalid_samples:
            junk += f", {self.invalid_samples} invalid readings (NaN/inf) dropped"
            lost += self.invalid_samples
        title = f"{self.profile.title} on {t.port or '?'}"
        message = self._connection_message(title, f", {junk}, {lost} samples lost" if rejected or lost else "")
        return ReaderStatus(connection=t.connection, samples=self._samples, reports=c.chunks, dropped_samples=lost,
                            rejected_reports=rejected, timeouts=c.timeouts, reconnects=c.reconnects,
                            achieved_rate_hz=self._achieved_rate_hz(), message=message)

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
