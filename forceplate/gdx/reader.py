"""GdxReader: a Vernier Go Direct Force Plate (GDX-FP, USB 08f7:0010) as a forceplate Reader.

The HID transport (forceplate.hid.transport) owns the device and its reading thread, and runs
the Go Direct handshake (forceplate.gdx.session) on open and after every replug; read() drains
the queued reports, reassembles packets and decodes them in batches.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, ClassVar

from forceplate.errors import UsageError
from forceplate.gdx import protocol as P
from forceplate.gdx.session import COMMAND_TIMEOUT_S, INFO_TIMEOUT_S, GdxSession
from forceplate.gdx.stream import MeasurementDecoder, PacketAssembler
from forceplate.hid.transport import HidTransport
from forceplate.profile import ChannelSpec, PlateProfile
from forceplate.reader import AttachedDevice, ReaderStatus
from forceplate.reader_options import check_backend, check_timing
from forceplate.samples import ChannelInfo, ReaderInfo, SampleBlock
from forceplate.stream_reader import QueuedReader

TITLE = "Vernier Go Direct Force Plate"
UDEV_RULE = "udev/71-eccentric-plates.rules"
OPTIONS = "serial, backend, channels=all|force, period_us, info_timeout_s, command_timeout_s, poll_s"


def transport_profile(rate_hz: float = 1000.0) -> PlateProfile:
    """What HidTransport needs to know: the IDs, 64-byte reports on interface 0, EP 0x81."""
    return PlateProfile(
        name="gdx", title=TITLE, vendor_id=P.VENDOR_ID, product_id=P.PRODUCT_ID, report_size=P.REPORT_SIZE,
        sample_rate_hz=rate_hz, samples_per_report=1, sample_offset=1, sample_stride=4,
        channels=(ChannelSpec("force", "float32", 0, 1.0),), extra={"udev_rule": UDEV_RULE},
    )


def _kind(info: P.SensorInfo, force: bool) -> str:
    return "force" if force else "aux"


class GdxReader(QueuedReader):
    name: ClassVar[str] = "gdx"
    plate_noun: ClassVar[str] = "Go Direct plate"
    description: ClassVar[str] = f"Vernier Go Direct Force Plate over USB, 1000 Hz ({OPTIONS})"

    def __init__(
        self,
        serial: str | None = None,
        backend: Any = "auto",
        channels: str = "all",
        period_us: int | str | None = None,
        info_timeout_s: float | str = INFO_TIMEOUT_S,
        command_timeout_s: float | str = COMMAND_TIMEOUT_S,
        read_timeout_ms: int | str = 100,
        poll_s: float | str = 0.5,
        finder: Callable[[], Any] | None = None,
        **unknown: Any,
    ) -> None:
        if unknown:
            raise UsageError(f"reader 'gdx' has no option '{next(iter(unknown))}' (options: {OPTIONS})")
        if channels not in ("all", "force"):
            raise UsageError("reader 'gdx': channels must be 'all' or 'force'")
        chosen: dict[str, Any] = {}
        if serial:
            chosen["serial"] = serial
        if backend not in (None, "auto"):
            chosen["backend"] = backend
        if channels != "all":
            chosen["channels"] = channels
        super().__init__(**chosen)
        try:
            period = int(period_us) if period_us not in (None, "") else None
            info_s, cmd_s = float(info_timeout_s), float(command_timeout_s)
            timeout_ms, poll = int(read_timeout_ms), float(poll_s)
        except ValueError:
            raise UsageError("reader 'gdx': period_us, timeouts and poll_s must be numbers") from None
        check_timing("gdx", poll, read_timeout_ms=timeout_ms, info_timeout_s=info_s, command_timeout_s=cmd_s)
        check_backend("gdx", backend)
        if period is not None and period <= 0:
            raise UsageError("reader 'gdx': period_us must be positive")
        self.session = GdxSession(which=channels, period_us=period, info_timeout_s=info_s, command_timeout_s=cmd_s)
        self.transport = HidTransport(transport_profile(), serial=serial or None, backend=backend, finder=finder,
                                      read_timeout_ms=timeout_ms, poll_s=poll, session=self.session)
        self.assembler = PacketAssembler()
        self.decoder: MeasurementDecoder | None = None

    # ---- open ---------------------------------------------------------------------------
    def open(self) -> ReaderInfo:
        self.transport.open()
        s = self.session.setup
        assert s.device is not None and s.status is not None
        chans = tuple(
            ChannelInfo(name="force" if n == s.force_channel else _slug(s.sensors[n].description, n),
                        unit=s.sensors[n].unit or "-", kind=_kind(s.sensors[n], n == s.force_channel))  # type: ignore[arg-type]
            for n in s.channels
        )
        # a NaN / inf force is a lost sample; the balance channels (aux) are kept as sent
        self.decoder = MeasurementDecoder(s.channels, s.period_us / 1e6, required=[s.force_channel])
        extra = {
            "vendor_id": f"{P.VENDOR_ID:04x}", "product_id": f"{P.PRODUCT_ID:04x}",
            "order_code": s.device.order_code, "firmware": s.status.firmware,
            "battery_percent": str(s.status.battery_percent), "charger": s.status.charger,
            "period_us": str(s.period_us), "force_sensor": str(s.force_channel),
        }
        extra.update(self.transport.device_info)
        self._info = ReaderInfo(
            reader=self.name, name=_title(s.device.order_code), serial=s.device.serial, channels=chans, sample_rate_hz=1e6 / s.period_us,
            simulated=False, profile=None, extra=extra,
        )
        return self._info

    # ---- reading ------------------------------------------------------------------------
    def _ready_to_decode(self) -> bool:
        return self.decoder is not None

    def _decode(self, chunks: list[Any]) -> SampleBlock | None:
        assert self.decoder is not None
        return self.decoder.decode(self.assembler.feed(chunks))

    def _replugged(self, gap_s: float) -> None:
        assert self.decoder is not None
        self.assembler.reset()
        self.decoder.reconnected(gap_s)

    # ---- status -------------------------------------------------------------------------
    def status(self) -> ReaderStatus:
        t, c = self.transport, self.transport.counters
        dec, asm = self.decoder, self.assembler
        s = self.session.setup
        battery = f", battery {s.status.battery_percent} %" if s.status else ""
        fw = f", firmware {s.status.firmware}" if s.status else ""
        why = f" ({t.reconnect_problem})" if t.reconnect_problem else ""
        lost = ""
        if dec is not None and (dec.dropped_events or asm.bad_checksums):
            lost = f", {dec.dropped_events} dropped-data notices, {asm.bad_checksums} damaged packets"
        if dec is not None and dec.invalid_samples:
            lost += f", {dec.invalid_samples} invalid force readings (NaN/inf) dropped"
        message = self._connection_message(TITLE, f"{battery}{fw}{lost}", why)
        dropped = dec.dropped_samples + dec.invalid_samples if dec is not None else 0
        rejected = asm.bad_checksums + (dec.rejected_packets if dec is not None else 0) + c.rejected_reports
        return ReaderStatus(
            connection=t.connection, samples=self._samples, reports=c.reports, dropped_samples=dropped,
            rejected_reports=rejected, timeouts=c.timeouts, reconnects=c.reconnects, achieved_rate_hz=self._achieved_rate_hz(),
            message=message,
        )

    @classmethod
    def discover(cls) -> list[AttachedDevice]:
        try:
            return discover_gdx()
        except Exception:
            return []


def _title(order_code: str) -> str:
    """The GDX-FP by its name; any other Go Direct sensor with a newton channel by its code."""
    if order_code in ("", "GDX-FP"):
        return TITLE
    return f"Vernier Go Direct {order_code}"


def _slug(text: str, number: int) -> str:
    words = "".join(ch if ch.isalnum() else " " for ch in text.lower()).split()
    return "_".join(w for w in words if w != "axis") or f"sensor_{number}"


def discover_gdx(backend: Any = "auto") -> list[AttachedDevice]:
    """Go Direct devices on USB (any of them shares 08f7:0010; the handshake tells which)."""
    import usb.core

    from forceplate.hid.backend import get_backend

    found = []
    for dev in usb.core.find(find_all=True, idVendor=P.VENDOR_ID, idProduct=P.PRODUCT_ID,
                             backend=get_backend(backend)):
        try:
            serial = str(dev.serial_number or "")
        except Exception:
            serial = ""
        options: tuple[tuple[str, str], ...] = (("serial", serial),) if serial else ()
        bus, address = getattr(dev, "bus", None), getattr(dev, "address", None)
        node = f"/dev/bus/usb/{bus:03d}/{address:03d}" if bus is not None and address is not None else ""
        note = ""
        if node and os.path.exists(node) and not os.access(node, os.R_OK | os.W_OK):
            note = (f"no permission to open it: sudo cp {UDEV_RULE} /etc/udev/rules.d/ && "
                    "sudo udevadm control --reload-rules && sudo udevadm trigger, then replug the plate")
        found.append(AttachedDevice(
            reader="gdx", name="Vernier Go Direct device (GDX-FP force plate: 1000 Hz)", serial=serial,
            location=f"bus {getattr(dev, 'bus', '?')} address {getattr(dev, 'address', '?')} "
                     f"({P.VENDOR_ID:04x}:{P.PRODUCT_ID:04x})",
            options=options, note=note,
        ))
    return found
