"""Vernier Go Direct packets: framing, checksum, commands and the structs they answer with.

Facts from docs/usb.md ("Go Direct protocol"), written from the public protocol notes
(../shared/plate-protocols.md): a request is ``58 len ctr cksum cmd params...``, a response
``type len dev_ctr cksum cmd req_ctr payload...``; the checksum is the 8-bit sum of every byte
but byte 3. Over USB every 64-byte HID report starts with the number of valid bytes after it.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from forceplate.errors import DecodeError

VENDOR_ID = 0x08F7
PRODUCT_ID = 0x0010
REPORT_SIZE = 64
CHUNK = REPORT_SIZE - 1          # Go Direct bytes per report (byte 0 is their count)
HEADER = 6                       # response header: type len ctr cksum cmd req_ctr
REQUEST_LOCK = 0x58
MEASUREMENT = 0x20               # packet type of a measurement packet

CMD_GET_STATUS = 0x10
CMD_START = 0x18
CMD_STOP = 0x19
CMD_INIT = 0x1A
CMD_SET_PERIOD = 0x1B
CMD_GET_SENSOR_INFO = 0x50
CMD_GET_SENSOR_IDS = 0x51
CMD_DISCONNECT = 0x54
CMD_GET_DEVICE_INFO = 0x55
CMD_GET_DEFAULT_MASK = 0x56

COMMAND_NAMES = {
    CMD_GET_STATUS: "GET_STATUS", CMD_START: "START_MEASUREMENTS", CMD_STOP: "STOP_MEASUREMENTS",
    CMD_INIT: "INIT", CMD_SET_PERIOD: "SET_MEASUREMENT_PERIOD", CMD_GET_SENSOR_INFO: "GET_SENSOR_INFO",
    CMD_GET_SENSOR_IDS: "GET_SENSOR_IDS", CMD_DISCONNECT: "DISCONNECT",
    CMD_GET_DEVICE_INFO: "GET_DEVICE_INFO", CMD_GET_DEFAULT_MASK: "GET_DEFAULT_SENSORS_MASK",
}
INIT_PARAMS = bytes.fromhex("a54a06490748084709460a450b440c430d420e41")   # opaque, as every library sends it
STATUS_TEXT = {0x30: "not ready", 0x31: "not supported", 0x32: "internal error", 0x36: "invalid parameter"}

# measurement sub-types (byte 4 of a measurement packet)
SUB_NORMAL_REAL32 = 0x06
SUB_WIDE_REAL32 = 0x07
SUB_SINGLE_REAL32 = 0x08
SUB_SINGLE_INT32 = 0x09
SUB_APERIODIC_REAL32 = 0x0A
SUB_APERIODIC_INT32 = 0x0B
SUB_START_TIME = 0x0C
SUB_DROPPED = 0x0D
SUB_PERIOD = 0x0E
CHARGER = {0: "idle", 1: "charging", 2: "charged", 3: "charger error"}


def checksum(packet: bytes | bytearray | memoryview) -> int:
    """8-bit sum of every byte except byte 3 (the checksum's own place)."""
    return (sum(packet) - packet[3]) & 0xFF


def build_command(counter: int, command: int, params: bytes = b"") -> bytes:
    """One request packet: 58 len counter checksum command params."""
    length = 5 + len(params)
    if length > 255:
        raise ValueError("a Go Direct packet is at most 255 bytes")
    pkt = bytearray((REQUEST_LOCK, length, counter & 0xFF, 0, command)) + params
    pkt[3] = checksum(pkt)
    return bytes(pkt)


def to_reports(packet: bytes) -> list[bytes]:
    """A packet as 64-byte HID reports: [count, up to 63 bytes], zero-padded."""
    out = []
    for i in range(0, len(packet), CHUNK):
        chunk = packet[i:i + CHUNK]
        out.append(bytes((len(chunk),)) + chunk + bytes(CHUNK - len(chunk)))
    return out


def period_params(period_us: int) -> bytes:
    return b"\xff\x00" + struct.pack("<I", period_us) + bytes(4)


def start_params(mask: int) -> bytes:
    return b"\xff\x01" + struct.pack("<I", mask) + bytes(8)


STOP_PARAMS = bytes.fromhex("ff00ffffffff")


def _text(raw: bytes) -> str:
    return raw.split(b"\0", 1)[0].decode("utf-8", "replace").strip()


@dataclass(frozen=True, slots=True)
class DeviceStatus:
    status: int
    firmware: str
    ble_firmware: str
    battery_percent: int
    charger: str


def parse_status(payload: bytes) -> DeviceStatus:
    if len(payload) < 12:
        raise DecodeError(f"GET_STATUS answer is {len(payload)} bytes, expected 12")
    st, _spare, mj, mn, build, bmj, bmn, bbuild, battery, charger = struct.unpack_from("<BBBBHBBHBB", payload)
    return DeviceStatus(st, f"{mj}.{mn}.{build}", f"{bmj}.{bmn}.{bbuild}", battery,
                        CHARGER.get(charger, f"state {charger}"))


DEVICE_INFO = struct.Struct("<16s16s32sHHBBBBHBBHBBBBBBI64s")   # 152 bytes


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    order_code: str
    serial: str
    name: str
    firmware: str
    manufactured: str


def parse_device_info(payload: bytes) -> DeviceInfo:
    if len(payload) < DEVICE_INFO.size:
        raise DecodeError(f"GET_DEVICE_INFO answer is {len(payload)} bytes, expected {DEVICE_INFO.size}")
    f = DEVICE_INFO.unpack_from(payload)
    order, serial, name = _text(f[0]), _text(f[1]), _text(f[2])
    year, month, day, mj, mn, build = f[4], f[5], f[6], f[7], f[8], f[9]
    return DeviceInfo(order, serial, name, f"{mj}.{mn}.{build}", f"{year:04d}-{month:02d}-{day:02d}")


SENSOR_INFO = struct.Struct("<bBIBB60s32sdddIQIII")   # 148 bytes


@dataclass(frozen=True, slots=True)
class SensorInfo:
    number: int
    sensor_id: int
    integer: bool            # numericMeasType 1 = int32, 0 = real
    aperiodic: bool
    description: str
    unit: str
    min_value: float
    max_value: float
    min_period_us: int
    typical_period_us: int
    exclusion_mask: int


def parse_sensor_info(payload: bytes) -> SensorInfo:
    if len(payload) < SENSOR_INFO.size:
        raise DecodeError(f"GET_SENSOR_INFO answer is {len(payload)} bytes, expected {SENSOR_INFO.size}")
    (number, _spare, sid, numeric, mode, desc, unit, _unc, lo, hi, min_p, _max_p, typ_p, _gran,
     excl) = SENSOR_INFO.unpack_from(payload)
    return SensorInfo(number, sid, numeric == 1, mode == 1, _text(desc), _text(unit), lo, hi,
                      min_p, typ_p, excl)


def bits(mask: int) -> list[int]:
    """Channel numbers set in a mask, lowest first."""
    return [i for i in range(32) if mask >> i & 1]
