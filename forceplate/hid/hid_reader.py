"""HidPlateReader: a USB HID plate described by a TOML profile, as a forceplate Reader.

The transport thread queues raw reports; read() drains the queue and decodes everything in
one numpy call, so the per-report Python cost is the transport's loop alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from forceplate.decoder import ReportDecoder
from forceplate.errors import UsageError
from forceplate.hid.profiles_dir import all_profiles, find_profile
from forceplate.hid.transport import HidTransport
from forceplate.profile import PlateProfile
from forceplate.reader import AttachedDevice, ReaderStatus
from forceplate.reader_options import check_backend, check_timing
from forceplate.samples import ReaderInfo, SampleBlock
from forceplate.stream_reader import QueuedReader

OPTIONS = ("profile", "serial", "backend", "read_timeout_ms", "poll_s", "finder")


class HidPlateReader(QueuedReader):
    name: ClassVar[str] = "hid"
    plate_noun: ClassVar[str] = "HID plate"
    description: ClassVar[str] = (
        "USB HID force plate described by a TOML profile (-o profile=diy4|FILE.toml, serial=..., backend=auto|system|pypi)"
    )

    def __init__(
        self,
        profile: str | PlateProfile = "diy4",
        serial: str | None = None,
        backend: Any = "auto",
        read_timeout_ms: int | str = 100,
        poll_s: float | str = 0.5,
        finder: Callable[[], Any] | None = None,
        **unknown: Any,
    ) -> None:
        if unknown:
            raise UsageError(
                f"reader 'hid' has no option '{next(iter(unknown))}' (options: profile, serial, backend, read_timeout_ms, poll_s)")
        # only what was chosen, so create_reader(name, **reader.options) reopens the same plate
        chosen: dict[str, Any] = {"profile": profile}
        if serial:
            chosen["serial"] = serial
        if backend not in (None, "auto"):
            chosen["backend"] = backend
        super().__init__(**chosen)
        self.profile = profile if isinstance(profile, PlateProfile) else find_profile(str(profile))
        try:
            timeout_ms, poll = int(read_timeout_ms), float(poll_s)
        except ValueError:
            raise UsageError("reader 'hid': read_timeout_ms and poll_s must be numbers") from None
        check_timing("hid", poll, read_timeout_ms=timeout_ms)
        check_backend("hid", backend)
        self.transport = HidTransport(
            self.profile, serial=serial or None, backend=backend, finder=finder,
            read_timeout_ms=timeout_ms, poll_s=poll,
        )
        self.decoder = ReportDecoder(self.profile)

    def open(self) -> ReaderInfo:
        self.transport.open()
        p = self.profile
        extra = {"vendor_id": f"{p.vendor_id:04x}", "product_id": f"{p.product_id:04x}"}
        extra.update(self.transport.device_info)
        self._info = ReaderInfo(
            reader=self.name, name=p.title, serial=self.transport.serial or "",
            channels=p.channel_infos, sample_rate_hz=p.sample_rate_hz, simulated=False,
            profile=p.name, extra=extra,
        )
        return self._info

    def _decode(self, chunks: list[Any]) -> SampleBlock | None:
        return self.decoder.decode(b"".join(chunks))

    def _replugged(self, gap_s: float) -> None:
        self.decoder.reset(gap_s)

    def status(self) -> ReaderStatus:
        t = self.transport
        c = t.counters
        spr = self.profile.samples_per_report
        if self.profile.sequence_offset is not None:
            dropped = self.decoder.dropped_samples   # queue overflows show up as counter gaps
        else:
            dropped = c.dropped_reports * spr
        invalid = self.decoder.invalid_samples
        detail = f", {invalid} invalid readings (NaN/inf) dropped" if invalid else ""
        return ReaderStatus(
            connection=t.connection, samples=self._samples, reports=c.reports,
            dropped_samples=dropped + invalid, rejected_reports=c.rejected_reports + self.decoder.rejected_reports,
            timeouts=c.timeouts, reconnects=c.reconnects, achieved_rate_hz=self._achieved_rate_hz(),
            message=self._connection_message(self.profile.title, detail),
        )

    @classmethod
    def discover(cls) -> list[AttachedDevice]:
        """Attached plates matching any shipped or user profile. Never raises."""
        try:
            return discover_plates()
        except Exception:
            return []


def discover_plates(backend: Any = "auto") -> list[AttachedDevice]:
    """Like HidPlateReader.discover, but lets EccentricError (e.g. no libusb) through."""
    import usb.core

    from forceplate.hid.backend import get_backend
    from forceplate.hid.match import choose

    be = get_backend(backend)
    found: list[AttachedDevice] = []
    seen: set[tuple[Any, Any]] = set()
    for name, prof in sorted(all_profiles().items()):
        # a device whose USB strings name another board is not this profile's plate
        devices, _ = choose(usb.core.find(find_all=True, idVendor=prof.vendor_id, idProduct=prof.product_id,
                                          backend=be), prof)
        for dev in devices:
            where = (getattr(dev, "bus", None), getattr(dev, "address", None))
            if None in where:
                where = (id(dev), None)
            if where in seen:
                continue  # two profiles fit one device: list it once, under the first
            seen.add(where)
            serial = _serial_of(dev)
            options: tuple[tuple[str, str], ...] = (("profile", name),)
            if serial:
                options += (("serial", serial),)
            found.append(AttachedDevice(
                reader="hid", name=prof.title, serial=serial,
                location=f"bus {getattr(dev, 'bus', '?')} address {getattr(dev, 'address', '?')} "
                         f"({prof.vendor_id:04x}:{prof.product_id:04x})",
                options=options,
            ))
    return found


def _serial_of(dev: Any) -> str:
    try:
        return str(dev.serial_number or "")
    except Exception:  # no permission, no string descriptor: still worth listing
        return ""
