"""Which attached USB device is a profile's plate: its VID:PID, then the USB manufacturer and
product strings the profile names (its [udev] table, which the udev rule matches too).

DIY boards share pid.codes' test IDs (1209:0001 ...), so a hobby board flashed with the same
ID is not taken for the plate when it says something else. Strings are read with
usb.util.get_string, which opens the device. A device that reports other strings is never
taken; one whose strings cannot be read (no permission: no udev rule yet - opening it then says
what to do) or that reports none stays a candidate, after every device whose strings match.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import Any

from forceplate.profile import PlateProfile

_INDEX = {"manufacturer": "iManufacturer", "product": "iProduct"}


def read_strings(dev: Any, keys: Iterable[str]) -> dict[str, str] | None:
    """key -> the device's string ('' when it has none); None when they cannot be read."""
    import usb.util

    out = {}
    for key in keys:
        index = getattr(dev, _INDEX[key], 0)
        try:
            out[key] = (usb.util.get_string(dev, index) if index else None) or ""
        except Exception:   # noqa: BLE001 - no permission, no langid, a device gone: cannot tell
            return None
    return out


def _verdict(want: dict[str, str], got: dict[str, str] | None) -> bool | None:
    """True: the profile names no strings, or the device reports them (got); False: it reports
    another string; None: its strings cannot be read, or it has none."""
    if not want:
        return True
    if got is None:
        return None
    if any(got[k] and got[k] != v for k, v in want.items()):
        return False
    return True if all(got[k] == v for k, v in want.items()) else None


def choose(devices: Iterable[Any], profile: PlateProfile) -> tuple[list[Any], list[str]]:
    """(the devices that may be the plate, best first; why others with its VID:PID were not)."""
    want = dict(profile.usb_strings)
    sure: list[Any] = []
    unknown: list[Any] = []
    others: list[str] = []
    for dev in devices:
        got = read_strings(dev, want) if want else None   # one round of string requests
        verdict = _verdict(want, got)
        if verdict is None:
            unknown.append(dev)
        elif verdict:
            sure.append(dev)
        else:
            others.append(" / ".join(repr((got or {}).get(k, "")) for k, _ in profile.usb_strings))
            _let_go(dev)
    return sure + unknown, others


def wanted(profile: PlateProfile) -> str:
    return " / ".join(repr(v) for _, v in profile.usb_strings)


def _let_go(dev: Any) -> None:
    """Reading strings opened the device: close it again (it is someone else's board)."""
    import usb.util

    with contextlib.suppress(Exception):
        usb.util.dispose_resources(dev)
