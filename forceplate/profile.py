"""Declarative HID report profiles: a TOML file describes how a plate packs samples.

See docs/profiles.md for the format. Shipped profiles live in forceplate/profiles/.
"""

from __future__ import annotations

import tomllib
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

    @property
    def channel_infos(self) -> tuple[ChannelInfo, ...]:
        return tuple(c.info() for c in self.channels)


def _hexbytes(value: Any, where: str) -> bytes:
    if value in (None, ""):
        return b""
    try:
        return bytes.fromhex(str(value).replace("0x", "").replace(",", " "))
    except ValueError as exc:
        raise ProfileError(f"{where}: not hex bytes: {value!r}") from exc


def parse_profile(data: dict[str, Any], name: str) -> PlateProfile:
    """Validate a parsed TOML document; every problem is a one-line ProfileError."""
    where = f"profile '{name}'"
    try:
        dev = data["device"]
        stream = data["stream"]
        chans = data["channels"]
    except KeyError as exc:
        raise ProfileError(f"{where}: missing section [{exc.args[0]}]") from None
    if not isinstance(chans, list) or not chans:
        raise ProfileError(f"{where}: needs at least one [[channels]] entry")

    def need(table: dict[str, Any], key: str, typ: type | tuple[type, ...]) -> Any:
        if key not in table:
            raise ProfileError(f"{where}: missing key '{key}'")
        val = table[key]
        if not isinstance(val, typ) or isinstance(val, bool):
            raise ProfileError(f"{where}: '{key}' has the wrong type ({type(val).__name__})")
        return val

    channels = []
    for i, ch in enumerate(chans):
        if not isinstance(ch, dict):
            raise ProfileError(f"{where}: channel {i} is not a table")
        typ = need(ch, "type", str)
        if typ not in VALUE_TYPES:
            raise ProfileError(f"{where}: channel {i} type '{typ}' (use one of {', '.join(VALUE_TYPES)})")
        kind = ch.get("kind", "force")
        if kind not in CHANNEL_KINDS:
            raise ProfileError(f"{where}: channel {i} kind '{kind}' (use one of {', '.join(CHANNEL_KINDS)})")
        endian = ch.get("endian", stream.get("endian", "little"))
        if endian not in ("little", "big"):
            raise ProfileError(f"{where}: channel {i} endian must be 'little' or 'big'")
        scale = float(need(ch, "scale", (int, float)))
        if scale == 0:
            raise ProfileError(f"{where}: channel {i} scale must not be 0")
        channels.append(ChannelSpec(
            name=str(ch.get("name", f"ch{i + 1}")), type=typ, offset=int(need(ch, "offset", int)),
            scale=scale, zero=float(ch.get("zero", 0.0)), kind=kind,
            unit=str(ch.get("unit", "m" if kind == "position" else "m/s" if kind == "velocity" else "N")),
            endian=endian,
        ))
    report_size = int(need(dev, "report_size", int))
    spr = int(need(stream, "samples_per_report", int))
    first = int(need(stream, "sample_offset", int))
    sample_bytes = max(c.offset + c.size for c in channels)
    stride = int(stream.get("sample_stride", sample_bytes))
    rate = float(need(stream, "sample_rate_hz", (int, float)))
    if rate <= 0 or spr <= 0 or report_size <= 0:
        raise ProfileError(f"{where}: sample_rate_hz, samples_per_report and report_size must be > 0")
    if stride < sample_bytes:
        raise ProfileError(f"{where}: sample_stride {stride} < {sample_bytes} bytes of channels")
    if first + (spr - 1) * stride + sample_bytes > report_size:
        raise ProfileError(f"{where}: {spr} samples of {stride} bytes from byte {first} overflow a {report_size}-byte report")
    seq_off = stream.get("sequence_offset")
    seq_type = str(stream.get("sequence_type", "uint16"))
    if seq_off is not None:
        if seq_type not in ("uint8", "uint16", "uint32"):
            raise ProfileError(f"{where}: sequence_type must be uint8, uint16 or uint32")
        if int(seq_off) + VALUE_TYPES[seq_type][0] > report_size:
            raise ProfileError(f"{where}: sequence counter outside the report")
    report_id = dev.get("report_id")
    return PlateProfile(
        name=name, title=str(dev.get("name", name)),
        vendor_id=int(need(dev, "vendor_id", int)), product_id=int(need(dev, "product_id", int)),
        report_size=report_size, sample_rate_hz=rate, samples_per_report=spr,
        sample_offset=first, sample_stride=stride, channels=tuple(channels),
        report_id=None if report_id is None else int(report_id),
        sequence_offset=None if seq_off is None else int(seq_off),
        sequence_type=seq_type, sequence_endian=str(stream.get("sequence_endian", "little")),
        interface=int(dev.get("interface", 0)), endpoint_in=int(dev.get("endpoint_in", 0x81)),
        start_command=_hexbytes(dev.get("start_command"), where),
        stop_command=_hexbytes(dev.get("stop_command"), where),
        extra={k: v for k, v in data.items() if k not in ("device", "stream", "channels")},
    )


def load_profile_file(path: Path) -> PlateProfile:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProfileError(f"{path}: no such profile file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: cannot read ({exc.__class__.__name__})") from None
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
    if path.suffix == ".toml" or path.exists():
        return load_profile_file(path)
    raise ProfileError(f"unknown profile '{name_or_path}' (shipped: {', '.join(sorted(shipped))}; or give a .toml path)")
