"""Serial plate profiles: TOML files like the HID ones (forceplate/profile.py), [device] says
which port (USB VID/PID) and baud rate, [stream] the format and rate, [[channels]] the scale.

Shipped in forceplate/profiles/serial/, the user's own in <profiles dir>/serial/ (see
forceplate.hid.profiles_dir). Format reference: docs/hardware.md.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from forceplate.errors import ExitCode, ProfileError
from forceplate.profile import channel_kind, channel_scale, default_unit, key_getter, profile_tables
from forceplate.samples import ChannelInfo

FORMATS = ("frame", "jsonl", "csv")


@dataclass(frozen=True, slots=True)
class SerialChannel:
    name: str
    scale: float            # SI units per count (or per number sent, for text formats)
    zero: float = 0.0       # SI units at zero counts
    kind: str = "force"
    unit: str = "N"
    key: str | None = None  # jsonl: the JSON key
    column: int = 0         # csv: the column

    def info(self) -> ChannelInfo:
        return ChannelInfo(self.name, self.unit, self.kind, self.scale, self.zero)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class SerialProfile:
    name: str
    title: str
    format: str                       # frame | jsonl | csv
    sample_rate_hz: float
    channels: tuple[SerialChannel, ...]
    baudrate: int = 921600
    vendor_id: int | None = None      # to find the port; None: give -o port=...
    product_id: int | None = None
    counter: str | int | None = None  # jsonl key / csv column of a sample counter
    counter_modulo: int = 0
    separator: str = ","
    start_command: bytes = b""        # written after opening the port
    stop_command: bytes = b""

    @property
    def channel_infos(self) -> tuple[ChannelInfo, ...]:
        return tuple(c.info() for c in self.channels)


def _command(value: Any, where: str) -> bytes:
    if value in (None, ""):
        return b""
    if not isinstance(value, str):
        raise ProfileError(f"{where}: start/stop commands are strings (\\n for a newline)")
    return value.encode("utf-8")


def parse_serial_profile(data: dict[str, Any], name: str) -> SerialProfile:
    where = f"serial profile '{name}'"
    dev, stream, chans = profile_tables(data, where)
    if not isinstance(chans, list) or not chans or not all(isinstance(c, dict) for c in chans):
        raise ProfileError(f"{where}: needs at least one [[channels]] table")
    get = key_getter(where)

    if get(dev, "transport", str, "serial") != "serial":
        raise ProfileError(f"{where}: [device] transport must be \"serial\"")
    fmt = get(stream, "format", str)
    if fmt not in FORMATS:
        raise ProfileError(f"{where}: format '{fmt}' (use one of {', '.join(FORMATS)})")
    rate = float(get(stream, "sample_rate_hz", (int, float)))
    if not 0 < rate <= 100_000:
        raise ProfileError(f"{where}: sample_rate_hz must be in (0, 100000]")
    channels = []
    for i, ch in enumerate(chans):
        kind = channel_kind(get, ch, i, where)
        scale = channel_scale(get, ch, i, where)
        key = get(ch, "key", str, None)
        if fmt == "jsonl" and not key:
            raise ProfileError(f"{where}: channel {i} needs the JSON 'key' it is sent under")
        column = get(ch, "column", int, i)
        if column < 0:
            raise ProfileError(f"{where}: channel {i} column must be >= 0")
        channels.append(SerialChannel(
            name=get(ch, "name", str, f"ch{i + 1}"), scale=scale, zero=float(get(ch, "zero", (int, float), 0.0)),
            kind=kind, unit=get(ch, "unit", str, default_unit(kind)), key=key, column=column))
    vid, pid = get(dev, "vendor_id", int, None), get(dev, "product_id", int, None)
    if (vid is None) != (pid is None):
        raise ProfileError(f"{where}: give both vendor_id and product_id, or neither")
    for v in (vid, pid):
        if v is not None and not 0 <= v <= 0xFFFF:
            raise ProfileError(f"{where}: vendor_id/product_id must be 0..0xFFFF")
    counter: str | int | None = None
    if fmt == "jsonl":
        counter = get(stream, "counter_key", str, None)
    elif fmt == "csv":
        counter = get(stream, "counter_column", int, None)
    baud = get(dev, "baudrate", int, 921600)
    if baud <= 0:
        raise ProfileError(f"{where}: baudrate must be positive")
    return SerialProfile(
        name=name, title=get(dev, "name", str, name), format=fmt, sample_rate_hz=rate, channels=tuple(channels),
        baudrate=baud, vendor_id=vid, product_id=pid, counter=counter,
        counter_modulo=get(stream, "counter_modulo", int, 0), separator=get(stream, "separator", str, ","),
        start_command=_command(dev.get("start_command"), where), stop_command=_command(dev.get("stop_command"), where),
    )


def load_serial_profile_file(path: Path) -> SerialProfile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(f"{path}: no such profile file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: cannot read ({exc.__class__.__name__})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: not valid TOML ({exc})") from None
    return parse_serial_profile(data, path.stem)


def shipped_serial_profiles() -> dict[str, SerialProfile]:
    out = {}
    for entry in resources.files("forceplate.profiles").joinpath("serial").iterdir():
        if entry.name.endswith(".toml"):
            prof = parse_serial_profile(tomllib.loads(entry.read_text(encoding="utf-8")), entry.name[:-5])
            out[prof.name] = prof
    return out


def user_serial_profiles() -> tuple[dict[str, SerialProfile], list[str]]:
    from forceplate.hid.profiles_dir import user_profiles_dir

    found: dict[str, SerialProfile] = {}
    problems: list[str] = []
    try:
        paths = sorted((user_profiles_dir() / "serial").glob("*.toml"))
    except OSError:
        return found, problems
    for path in paths:
        try:
            found[path.stem] = load_serial_profile_file(path)
        except ProfileError as err:
            problems.append(str(err))
    return found, problems


def all_serial_profiles() -> dict[str, SerialProfile]:
    out = dict(shipped_serial_profiles())
    out.update(user_serial_profiles()[0])
    return out


def find_serial_profile(name_or_path: str) -> SerialProfile:
    profiles = all_serial_profiles()
    if name_or_path in profiles:
        return profiles[name_or_path]
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        return load_serial_profile_file(path)
    raise ProfileError(f"unknown serial profile '{name_or_path}' (known: {', '.join(sorted(profiles))}; "
                       "or give a .toml path)", exit_code=ExitCode.USAGE)   # a command-line mistake
