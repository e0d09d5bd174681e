"""HidPlateReader: a USB HID plate described by a TOML profile, as a forceplate Reader.

The transport thread queues raw reports; read() drains the queue and decodes everything in
one numpy call, so the per-report Python cost is the transport's loop alone.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Any, ClassVar

from forceplate.decoder import ReportDecoder
from forceplate.errors import EccentricError
from forceplate.hid.profiles_dir import all_profiles, find_profile
from forceplate.hid.transport import HidTransport, Reconnected
from forceplate.profile import PlateProfile
from forceplate.reader import AttachedDevice, Connection, Reader, ReaderStatus
from forceplate.samples import ReaderInfo, SampleBlock

RATE_WINDOW_S = 3.0
OPTIONS = ("profile", "serial", "backend", "read_timeout_ms", "poll_s", "finder")


class HidPlateReader(Reader):
    name: ClassVar[str] = "hid"
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
            raise EccentricError(
                f"reader 'hid' has no option '{next(iter(unknown))}' (options: profile, serial, backend, read_timeout_ms, poll_s)"
            )
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
            raise EccentricError("reader 'hid': read_timeout_ms and poll_s must be numbers") from None
        self.transport = HidTransport(
            self.profile, serial=serial or None, backend=backend, finder=finder,
            read_timeout_ms=timeout_ms, poll_s=poll,
        )
        self.decoder = ReportDecoder(self.profile)
        self._info: ReaderInfo | None = None
        self._samples = 0
        self._markers_seen = 0
        self._rate_window: deque[tuple[float, int]] = deque()

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

    @property
    def info(self) -> ReaderInfo:
        if self._info is None:
            raise EccentricError("the HID plate is not open yet")
        return self._info

    def read(self, timeout_s: float = 0.1) -> SampleBlock | None:
        items = self.transport.take(timeout_s)
        if not items:
            return None
        if self.transport.counters.reconnects == self._markers_seen:
            block = self._decode(items)   # the usual case: nothing but reports
        else:
            block = self._decode_with_markers(items)
        if block is None or len(block) == 0:
            return None
        self._samples += len(block)
        now = time.monotonic()
        self._rate_window.append((now, len(block)))
        while self._rate_window and now - self._rate_window[0][0] > RATE_WINDOW_S:
            self._rate_window.popleft()
        return block

    def _decode(self, reports: list[Any]) -> SampleBlock | None:
        if not reports:
            return None
        return self.decoder.decode(b"".join(reports))

    def _decode_with_markers(self, items: list[Any]) -> SampleBlock | None:
        """Rare path after a replug: decode up to each marker, then restart the counter."""
        blocks: list[SampleBlock] = []
        run: list[Any] = []
        for item in items:
            if isinstance(item, Reconnected):
                if (b := self._decode(run)) is not None and len(b):
                    blocks.append(b)
                run = []
                self.decoder.reset(item.gap_s)
                self._markers_seen += 1
            else:
                run.append(item)
        if (b := self._decode(run)) is not None and len(b):
            blocks.append(b)
        return SampleBlock.concat(blocks) if blocks else None

    def status(self) -> ReaderStatus:
        t = self.transport
        c = t.counters
        spr = self.profile.samples_per_report
        if self.profile.sequence_offset is not None:
            dropped = self.decoder.dropped_samples   # queue overflows show up as counter gaps
        else:
            dropped = c.dropped_reports * spr
        rate = 0.0
        if len(self._rate_window) >= 2:
            span = self._rate_window[-1][0] - self._rate_window[0][0]
            if span > 0:
                rate = sum(n for _, n in list(self._rate_window)[1:]) / span
        if t.error is not None:
            message = str(t.error)
        elif t.connection == Connection.DISCONNECTED:
            message = f"{self.profile.title}: unplugged - waiting for it to come back"
        elif t.connection == Connection.CONNECTED:
            message = f"{self.profile.title}: connected"
        else:
            message = f"{self.profile.title}: closed"
        return ReaderStatus(
            connection=t.connection, samples=self._samples, reports=c.reports,
            dropped_samples=dropped, rejected_reports=c.rejected_reports + self.decoder.rejected_reports,
            timeouts=c.timeouts, reconnects=c.reconnects, achieved_rate_hz=rate, message=message,
        )

    def close(self) -> None:
        self.transport.close()

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

    be = get_backend(backend)
    found: list[AttachedDevice] = []
    seen: set[tuple[int, int]] = set()
    for name, prof in sorted(all_profiles().items()):
        ids = (prof.vendor_id, prof.product_id)
        if ids in seen:
            continue  # two profiles for one VID:PID: list the plate once, under the first
        seen.add(ids)
        for dev in usb.core.find(find_all=True, idVendor=prof.vendor_id, idProduct=prof.product_id, backend=be):
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
