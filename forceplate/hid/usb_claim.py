"""Claiming a USB plate and giving it back: configuration, kernel-driver detach, interface
claim, endpoint discovery and release (split from transport.py by job; mixed into
HidTransport, whose ``profile`` and ``_detached`` it uses)."""

from __future__ import annotations

import contextlib
import errno
from typing import Any

from forceplate.profile import PlateProfile


def _errno(exc: BaseException) -> int | None:
    return getattr(exc, "errno", None)


class UsbClaim:
    """Mixed into HidTransport (self is the transport)."""

    profile: PlateProfile
    _detached: list[int]
    _ep_in: int
    _ep_out: int | None
    read_size: int

    def _configuration(self, dev: Any) -> Any:
        import usb.core

        try:
            return dev.get_active_configuration()
        except usb.core.USBError as exc:
            if _errno(exc) == errno.EACCES:
                raise
        # unconfigured: set the first configuration; failing that is survivable (some hubs,
        # emulators), the claim below decides
        try:
            dev.set_configuration()
        except usb.core.USBError as exc:
            if _errno(exc) == errno.EACCES:
                raise
        try:
            return dev.get_active_configuration()
        except usb.core.USBError:
            return None

    def _detach(self, dev: Any, number: int) -> None:
        import usb.core

        try:
            active = dev.is_kernel_driver_active(number)
        except NotImplementedError:
            return  # platform without kernel drivers to detach
        except usb.core.USBError as exc:
            if _errno(exc) == errno.EACCES:
                raise
            active = True  # unknown: try to detach anyway
        if not active:
            return
        try:
            dev.detach_kernel_driver(number)
            self._detached.append(number)
        except usb.core.USBError as exc:
            if _errno(exc) == errno.EACCES:
                raise
            # ENOENT: no driver bound after all; anything else: the claim will say EBUSY

    @staticmethod
    def _claim(dev: Any, number: int) -> None:
        claim = getattr(dev, "claim_interface", None)   # fake devices in tests
        if claim is not None:
            claim(number)
        else:
            import usb.util

            usb.util.claim_interface(dev, number)

    @staticmethod
    def _release(dev: Any, number: int) -> None:
        release = getattr(dev, "release_interface", None)
        if release is not None:
            release(number)
        else:
            import usb.util

            usb.util.release_interface(dev, number)

    def _find_endpoints(self, cfg: Any) -> None:
        """Read size = the IN endpoint's wMaxPacketSize (asking for more overflows)."""
        p = self.profile
        self._ep_in, self._ep_out, self.read_size = p.endpoint_in, None, p.report_size
        if cfg is None:
            return
        for intf in cfg:
            if intf.bInterfaceNumber != p.interface or getattr(intf, "bAlternateSetting", 0) != 0:
                continue
            for ep in intf:
                addr, attrs = ep.bEndpointAddress, ep.bmAttributes & 0x03
                if addr == p.endpoint_in:
                    # one packet; a report longer than a packet is read as whole packets
                    packet = max(1, int(ep.wMaxPacketSize))
                    self.read_size = packet * -(-p.report_size // packet)
                elif not addr & 0x80 and attrs == 0x03 and self._ep_out is None:
                    self._ep_out = addr
            return

    @staticmethod
    def _describe(dev: Any) -> dict[str, str]:
        out = {}
        for key in ("bus", "address"):
            val = getattr(dev, key, None)
            if val is not None:
                out[key] = str(val)
        return out

    def _abandon(self, dev: Any) -> None:
        """A setup that failed half way: let go of the interface, give drivers back."""
        with contextlib.suppress(Exception):
            self._release(dev, self.profile.interface)
        for number in self._detached:
            with contextlib.suppress(Exception):
                dev.attach_kernel_driver(number)
        self._detached = []
        self._dispose(dev)

    def _dispose(self, dev: Any) -> None:
        try:
            import usb.util

            usb.util.dispose_resources(dev)
        except Exception:
            pass

