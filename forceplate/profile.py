"""Declarative HID report profiles: a TOML file describes how a plate packs samples.

See docs/profiles.md for the format. Shipped profiles live in forceplate/profiles/.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from forceplate.errors import ProfileError
from forceplate.samples import ChannelInfo

# value type -> (bytes, signed, numpy kind); int24 is assembled by hand
VALUE_TYPES: dict[str, tuple[int, bool, str]] = {
    "uint8": (1, False, "u"), "int8": (1, True, "i"),
    "uint16": (2, False, "u"), "int16": (2, True, "i"),
    "uint24": (3, False, "u"), "int24": (3, True, "i"),
    "uint32": (4, False, "u"), "int32": (4, True, "i"),
    "float32": (4, True, "f"),
}
CHANNEL_KINDS = ("force", "position", "velocity", "spotter_force")
MAX_REPORT = 1 << 16       # bytes: no HID report is larger
_REQUIRED = object()


@dataclass(frozen=True, slots=True)
class ChannelSpec:
    name: str
    type: str            # one of VALUE_TYPES
    offset: int          # byte offset inside one sample
    scale: float         # SI units per count
    zero: float = 0.0    # SI units at zero counts
    kind: str = "force"
    unit: str = "N"
    endian: str = "little"

    @property
    def size(self) -> int:
        return VALUE_TYPES[self.type][0]

    @property
    def limits(self) -> tuple[float, float]:
        """Converter limits in counts (saturation)."""
        nbytes, signed, kind = VALUE_TYPES[self.type]
        if kind == "f":
            return (float("-inf"), float("inf"))
        bits = 8 * nbytes
        if signed:
            return (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
        return (0, 2**bits - 1)

    def info(self) -> ChannelInfo:
        return ChannelInfo(self.name, self.unit, self.kind, self.scale, self.zero)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class PlateProfile:
    name: str                     # file stem, e.g. "diy4"
    title: str                    # human name
    vendor_id: int
    product_id: int
    report_size: int              # bytes per interrupt-IN report (wMaxPacketSize)
    sample_rate_hz: float
    samples_per_report: int
    sample_offset: int            # byte offset of the first sample in a report
    sample_stride: int            # bytes from one sample to the next
    channels: tuple[ChannelSpec, ...]
    report_id: int | None = None  # expected first byte, if the plate numbers its reports
    sequence_offset: int | None = None   # byte offset of the report counter
    sequence_type: str = "uint16"
    sequence_endian: str = "little"
    interface: int = 0
    endpoint_in: int = 0x81
    start_command: bytes = b""    # output report written after claiming (e.g. "start streaming")
    stop_command: bytes = b""
    extra: dict[str, Any] = field(default_factory=dict)
    # (key, text) of the USB string descriptors the plate reports ([udev] manufacturer/product):
    # where the VID:PID is shared (pid.codes test IDs), only a device saying these is the plate
    usb_strings: tuple[tuple[str, str], ...] = ()

    @property
    def channel_infos(self) -> tuple[ChannelInfo, ...]:
        return tuple(c.info() for c in self.channels)


def _hexbytes(value: Any, where: str) -> bytes:
    if value in (None, ""):
        return b""
    if not isinstance(value, str):
        raise ProfileError(f"{where}: commands are hex strings like \"02 01\", not {type(value).__name__}")
    try:
        return bytes.fromhex(value.replace("0x", "").replace(",", " "))
    except ValueError as exc:
        raise ProfileError(f"{where}: not hex bytes: {value!r}") from exc


# ---- validation shared with the serial profiles (forceplate/serial/profile.py) ----------
KeyGetter = Callable[..., Any]   # get(table, key, type or types, default=required) -> value


def profile_tables(data: dict[str, Any], where: str) -> tuple[dict[str, Any], dict[str, Any], Any]:
    """[device], [stream] and the still unchecked [[channels]] of a profile document."""
    for section in ("device", "stream", "channels"):
        if section not in data:
            raise ProfileError(f"{where}: missing section [{section}]")
    dev, stream, chans = data["device"], data["stream"], data["channels"]
    if not isinstance(dev, dict) or not isinstance(stream, dict):
        raise ProfileError(f"{where}: [device] and [stream] must be tables")
    return dev, stream, chans


def key_getter(where: str) -> KeyGetter:
    """get(table, key, typ, default): a value of that type (bool never counts as a number,
    floats must be finite); a missing key without a default is a ProfileError."""

    def get(table: dict[str, Any], key: str, typ: type | tuple[type, ...], default: Any = _REQUIRED) -> Any:
        if key not in table:
            if default is _REQUIRED:
                raise ProfileError(f"{where}: missing key '{key}'")
            return default
        val = table[key]
        if not isinstance(val, typ) or isinstance(val, bool):
            raise ProfileError(f"{where}: '{key}' has the wrong type ({type(val).__name__})")
        if isinstance(val, float) and not math.isfinite(val):
            raise ProfileError(f"{where}: '{key}' must be a finite number")
        return val

    return get


def channel_kind(get: KeyGetter, ch: dict[str, Any], i: int, where: str) -> str:
    kind: str = get(ch, "kind", str, "force")
    if kind not in CHANNEL_KINDS:
        raise ProfileError(f"{where}: channel {i} kind '{kind}' (use one of {', '.join(CHANNEL_KINDS)})")
    return kind


def channel_scale(get: KeyGetter, ch: dict[str, Any], i: int, where: str) -> float:
    scale = float(get(ch, "scale", (int, float)))
    if scale == 0:
        raise ProfileError(f"{where}: channel {i} scale must not be 0")
    return scale


def default_unit(kind: str) -> str:
    return "m" if kind == "position" else "m/s" if kind == "velocity" else "N"


def parse_profile(data: dict[str, Any], name: str) -> PlateProfile:
    """Validate a parsed TOML document; every problem is a one-line ProfileError."""
    where = f"profile '{name}'"
    if not isinstance(data, dict):
        raise ProfileError(f"{where}: not a TOML document")
    dev, stream, chans = profile_tables(data, where)
    if not isinstance(chans, list) or not chans:
        raise ProfileError(f"{where}: needs at least one [[channels]] entry")
    get = key_getter(where)

    def whole(table: dict[str, Any], key: str, lo: int, hi: int, default: Any = _REQUIRED) -> Any:
        val = get(table, key, int, default)
        if val is not None and not lo <= val <= hi:
            raise ProfileError(f"{where}: '{key}' = {val} is outside {lo}..{hi}")
        return val

    number = (int, float)
    stream_endian = get(stream, "endian", str, "little")
    channels = []
    for i, ch in enumerate(chans):
        if not isinstance(ch, dict):
            raise ProfileError(f"{where}: channel {i} is not a table")
        typ = get(ch, "type", str)
        if typ not in VALUE_TYPES:
            raise ProfileError(f"{where}: channel {i} type '{typ}' (use one of {', '.join(VALUE_TYPES)})")
        kind = channel_kind(get, ch, i, where)
        endian = get(ch, "endian", str, stream_endian)
        if endian not in ("little", "big"):
            raise ProfileError(f"{where}: channel {i} endian must be 'little' or 'big'")
        scale = channel_scale(get, ch, i, where)
        channels.append(ChannelSpec(
            name=get(ch, "name", str, f"ch{i + 1}"), type=typ, offset=whole(ch, "offset", 0, MAX_REPORT),
            scale=scale, zero=float(get(ch, "zero", number, 0.0)), kind=kind,
            unit=get(ch, "unit", str, default_unit(kind)), endian=endian,
        ))
    report_size = whole(dev, "report_size", 1, MAX_REPORT)
    spr = whole(stream, "samples_per_report", 1, MAX_REPORT)
    first = whole(stream, "sample_offset", 0, MAX_REPORT)
    sample_bytes = max(c.offset + c.size for c in channels)
    stride = whole(stream, "sample_stride", 1, MAX_REPORT, sample_bytes)
    rate = float(get(stream, "sample_rate_hz", number))
    if rate <= 0:
        raise ProfileError(f"{where}: sample_rate_hz must be > 0")
    if stride < sample_bytes:
        raise ProfileError(f"{where}: sample_stride {stride} < {sample_bytes} bytes of channels")
    if first + (spr - 1) * stride + sample_bytes > report_size:
        raise ProfileError(f"{where}: {spr} samples of {stride} bytes from byte {first} overflow a {report_size}-byte report")
    seq_off = whole(stream, "sequence_offset", 0, MAX_REPORT, None)
    seq_type = get(stream, "sequence_type", str, "uint16")
    seq_endian = get(stream, "sequence_endian", str, "little")
    if seq_type not in ("uint8", "uint16", "uint32"):
        raise ProfileError(f"{where}: sequence_type must be uint8, uint16 or uint32")
    if seq_endian not in ("little", "big"):
        raise ProfileError(f"{where}: sequence_endian must be 'little' or 'big'")
    if seq_off is not None and seq_off + VALUE_TYPES[seq_type][0] > report_size:
        raise ProfileError(f"{where}: sequence counter outside the report")
    endpoint_in = whole(dev, "endpoint_in", 0x81, 0x8F, 0x81)
    return PlateProfile(
        name=name, title=get(dev, "name", str, name),
        vendor_id=whole(dev, "vendor_id", 0, 0xFFFF), product_id=whole(dev, "product_id", 0, 0xFFFF),
        report_size=report_size, sample_rate_hz=rate, samples_per_report=spr,
        sample_offset=first, sample_stride=stride, channels=tuple(channels),
        report_id=whole(dev, "report_id", 0, 255, None),
        sequence_offset=seq_off, sequence_type=seq_type, sequence_endian=seq_endian,
        interface=whole(dev, "interface", 0, 255, 0), endpoint_in=endpoint_in,
        start_command=_hexbytes(dev.get("start_command"), where),
        stop_command=_hexbytes(dev.get("stop_command"), where),
        extra={k: v for k, v in data.items() if k not in ("device", "stream", "channels")},
        usb_strings=_usb_strings(data.get("udev", {}), where),
    )


USB_STRINGS = ("manufacturer", "product")


def _usb_strings(table: Any, where: str) -> tuple[tuple[str, str], ...]:
    """The [udev] table's USB strings (the udev rule and the reader both match them)."""
    if not isinstance(table, dict):
        raise ProfileError(f"{where}: [udev] must be a table")
    out = []
    for key in USB_STRINGS:
        if key in table:
            if not isinstance(table[key], str) or not table[key]:
                raise ProfileError(f"{where}: [udev] {key} must be a non-empty string")
            out.append((key, table[key]))
    return tuple(out)


MAX_PROFILE_BYTES = 1 << 20   # a profile is a few kB; /dev/zero or a stray log must not fill memory


def load_profile_file(path: Path) -> PlateProfile:
    import os
    import stat

    try:   # O_NONBLOCK: a FIFO opens at once instead of waiting for a writer, then is refused
        if not stat.S_ISREG(os.stat(path).st_mode):   # a socket cannot even be opened
            raise ProfileError(f"{path}: not a regular file (a profile is a .toml file)")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ProfileError(f"{path}: no such profile file") from None
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read ({exc.strerror or exc.__class__.__name__})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ProfileError(f"{path}: not a regular file (a profile is a .toml file)")
        with os.fdopen(os.dup(fd), "rb") as fh:
            raw = fh.read(MAX_PROFILE_BYTES + 1)
        if len(raw) > MAX_PROFILE_BYTES:
            raise ProfileError(f"{path}: too big for a plate profile (over {MAX_PROFILE_BYTES >> 20} MiB)")
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: cannot read ({exc.__class__.__name__})") from None
    finally:
        os.close(fd)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: not valid TOML ({exc})") from None
    return parse_profile(data, path.stem)


def shipped_profiles() -> dict[str, PlateProfile]:
    out = {}
    for entry in resources.files("forceplate.profiles").iterdir():
        if entry.name.endswith(".toml"):
            prof = parse_profile(tomllib.loads(entry.read_text(encoding="utf-8")), entry.name[:-5])
            out[prof.name] = prof
    return out


def load_profile(name_or_path: str) -> PlateProfile:
    """A shipped profile by name (e.g. 'diy4') or a TOML file by path."""
    shipped = shipped_profiles()
    if name_or_path in shipped:
        return shipped[name_or_path]
    path = Path(name_or_path)
    try:
        exists = path.exists()
    except OSError:   # a name too long, a folder we may not enter: let the open say why
        exists = True
    if path.suffix == ".toml" or exists:
        return load_profile_file(path)
    raise ProfileError(f"unknown profile '{name_or_path}' (shipped: {', '.join(sorted(shipped))}; or give a .toml path)")
