"""An emulated Go Direct Force Plate (GDX-FP) for tests and benchmarks: the device side.

Standard library only, and written apart from the host code on purpose (its own framing, its
own checksum), so a mistake in forceplate.gdx.protocol is not mirrored here. Loaded by path
from the umockdev testbed helper, which runs under Debian's python3 without numpy.

The model: requests arrive as 64-byte output reports ([count, bytes...]), are reassembled by
their length byte, checked (0x58 lock, 8-bit sum) and answered; after START it streams
NORMAL_REAL32 packets, ``samples_per_packet`` samples each, at the set period. ``poll(now)``
returns the 64-byte input reports ready at ``now`` (seconds on any monotonic clock).

Faults (all optional): ``bad_checksum`` (measurement packet numbers sent with a wrong sum),
``bad_answer`` (command ids whose first answer has a wrong sum), ``slow_info_s`` (GET_DEVICE_INFO
answers after this long), ``silent`` (command ids never answered), ``split`` (packets packed back
to back so they straddle reports anywhere), ``lost_reports`` (input report numbers never sent),
``dropped`` (measurement packet numbers replaced by a DROPPED packet; their samples are lost),
``counter`` ("packet": byte 2 counts packets; "fixed": always 0), ``bad_force`` (sample number ->
the force sent instead, e.g. NaN or inf: a reading the plate itself got wrong).
"""

from __future__ import annotations

import math
import struct
from collections import deque
from dataclasses import dataclass, field

VID, PID = 0x08F7, 0x0010


def _sum8(pkt: bytes | bytearray) -> int:
    total = 0
    for i, b in enumerate(pkt):
        if i != 3:
            total += b
    return total & 0xFF


@dataclass
class Sensor:
    number: int
    description: str
    unit: str
    sensor_id: int = 1
    min_period_us: int = 1000
    typical_period_us: int = 10000
    exclusion: int = 0
    integer: bool = False


def gdx_fp_sensors(force_channel: int = 1) -> list[Sensor]:
    """Force (N) plus two balance channels; which number is force is a parameter on purpose."""
    others = [n for n in (1, 2, 3, 4) if n != force_channel][:2]
    return [
        Sensor(force_channel, "Force", "N", sensor_id=0x1F40),
        Sensor(others[0], "X-axis Balance", "cm", sensor_id=0x1F41),
        Sensor(others[1], "Y-axis Balance", "cm", sensor_id=0x1F42),
        Sensor(7, "", "", sensor_id=0),   # a "false positive" bit: id 0 must be ignored
    ]


def force_at(k: int) -> float:
    """The emulated force at sample k: a lifter standing, then reps (N)."""
    return 900.0 + 350.0 * math.sin(2 * math.pi * k / 2500.0) + 7.0 * math.sin(k * 0.37)


def value_at(sensor: Sensor, k: int) -> float:
    if sensor.unit == "N":
        return force_at(k)
    phase = 0.0 if "X" in sensor.description else 1.3
    return 2.5 * math.sin(2 * math.pi * k / 4000.0 + phase)


@dataclass
class GdxPlateModel:
    samples_per_packet: int = 10
    force_channel: int = 1
    serial: str = "1J1000T6"
    battery: int = 87
    speed: float = 1.0                 # > 1: stream faster than real time
    counter: str = "packet"
    split: bool = False
    bad_checksum: set[int] = field(default_factory=set)
    bad_answer: set[int] = field(default_factory=set)
    slow_info_s: float = 0.0
    silent: set[int] = field(default_factory=set)
    lost_reports: set[int] = field(default_factory=set)
    dropped: set[int] = field(default_factory=set)
    bad_force: dict[int, float] = field(default_factory=dict)
    first_sample: int = 0              # sample number of the first sample streamed (replug)
    log: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sensors = {s.number: s for s in gdx_fp_sensors(self.force_channel)}
        self._req = bytearray()
        self._out: deque[bytes] = deque()
        self._stream = bytearray()     # split mode: bytes waiting to fill a report
        self._later: list[tuple[float, bytes]] = []
        self._ctr = 0
        self.period_us = 10000
        self.mask = 0
        self.streaming = False
        self._t0 = 0.0
        self.sample = self.first_sample     # next sample number to send
        self.packets_sent = 0               # measurement packets (incl. bad and dropped)
        self.reports_made = 0
        self.bad_requests = 0
        self.now = 0.0

    # ---- host -> device ----------------------------------------------------------------
    def write_report(self, report: bytes, now: float) -> None:
        self.now = now
        n = report[0]
        self._req += report[1:1 + min(n, 63)]
        while len(self._req) >= 2 and len(self._req) >= self._req[1] >= 5:
            length = self._req[1]
            pkt, self._req = bytes(self._req[:length]), self._req[length:]
            self._handle(pkt, now)
        if len(self._req) >= 2 and self._req[1] < 5:
            self._req.clear()

    def _handle(self, pkt: bytes, now: float) -> None:
        if pkt[0] != 0x58 or _sum8(pkt) != pkt[3]:
            self.bad_requests += 1
            self.log.append("bad request")
            return
        cmd, rctr, params = pkt[4], pkt[2], pkt[5:]
        self.log.append(f"cmd {cmd:02x}")
        if cmd in self.silent:
            return
        payload = self._answer(cmd, params, now)
        if payload is None:
            return
        kind = 0xB8 if cmd == 0x1A else 0x98
        body = bytes((cmd, rctr)) + payload
        corrupt = cmd in self.bad_answer
        self.bad_answer.discard(cmd)
        resp = self._packet(kind, body, corrupt)
        if cmd == 0x55 and self.slow_info_s > 0:
            self._later.append((now + self.slow_info_s, resp))
        else:
            self._emit(resp)

    def _answer(self, cmd: int, params: bytes, now: float) -> bytes | None:
        ok = b"\x00"
        if cmd == 0x1A:                                      # INIT
            self.streaming = False
            return ok
        if cmd == 0x10:                                      # GET_STATUS
            return struct.pack("<BBBBHBBHBB", 0, 0, 1, 2, 345, 2, 1, 17, self.battery, 1)
        if cmd == 0x55:                                      # GET_DEVICE_INFO
            return struct.pack("<16s16s32sHHBBBBHBBHBBBBBBI64s", b"GDX-FP", self.serial.encode(),
                               f"GDX-FP {self.serial}".encode(), 0x08F7, 2024, 3, 14, 1, 2, 345, 2, 1, 17,
                               1, 2, 3, 4, 5, 6, 0x10000, b"Go Direct Force Plate")
        if cmd == 0x56:                                      # default mask: force
            return struct.pack("<I", 1 << self.force_channel)
        if cmd == 0x51:                                      # available channels
            return struct.pack("<I", sum(1 << n for n in self.sensors))
        if cmd == 0x50:                                      # sensor info
            s = self.sensors.get(params[0] if params else -1)
            if s is None:
                return b"\x36"
            return struct.pack("<bBIBB60s32sdddIQIII", s.number, 0, s.sensor_id, 1 if s.integer else 0, 0,
                               s.description.encode(), s.unit.encode(), 0.5, -800.0, 3500.0,
                               s.min_period_us, 10_000_000, s.typical_period_us, 1, s.exclusion)
        if cmd == 0x1B:                                      # set period
            if len(params) < 6:
                return b"\x36"
            period = struct.unpack_from("<I", params, 2)[0]
            if period < min(s.min_period_us for s in self.sensors.values() if s.sensor_id):
                return b"\x36"
            self.period_us = period
            return ok
        if cmd == 0x18:                                      # start
            self.mask = struct.unpack_from("<I", params, 2)[0] if len(params) >= 6 else 0
            if not self.mask or any(n not in self.sensors for n in range(32) if self.mask >> n & 1):
                return b"\x36"
            self.streaming = True
            self._t0 = now
            self._sent_at_start = self.sample
            return ok
        if cmd == 0x19:                                      # stop
            self.streaming = False
            return ok
        if cmd == 0x54:
            return ok
        return b"\x31"                                       # not supported

    # ---- device -> host ----------------------------------------------------------------
    def _packet(self, kind: int, body: bytes, corrupt: bool = False) -> bytes:
        ctr = self._ctr if self.counter == "packet" else 0
        self._ctr = (self._ctr + 1) & 0xFF
        pkt = bytearray((kind, 4 + len(body), ctr, 0)) + body
        pkt[3] = _sum8(pkt)
        if corrupt:
            pkt[3] ^= 0x5A
        return bytes(pkt)

    def _emit(self, pkt: bytes) -> None:
        if self.split and pkt[0] != 0x20:   # an answer goes out at once, after what is queued
            self.flush_split()
        elif self.split:
            self._stream += pkt
            while len(self._stream) >= 63:
                self._report(bytes(self._stream[:63]))
                del self._stream[:63]
            return
        for i in range(0, len(pkt), 63):
            self._report(pkt[i:i + 63])

    def _report(self, chunk: bytes) -> None:
        idx = self.reports_made
        self.reports_made += 1
        if idx in self.lost_reports:
            self.log.append(f"lost report {idx}")
            return
        self._out.append(bytes((len(chunk),)) + chunk + bytes(63 - len(chunk)))

    def _measurement(self) -> None:
        chans = [n for n in range(32) if self.mask >> n & 1]
        n = self.samples_per_packet
        k0 = self.sample
        self.sample += n
        idx = self.packets_sent
        self.packets_sent += 1
        if idx in self.dropped:
            self._emit(self._packet(0x20, bytes((0x0D,)) + struct.pack("<I", n)))
            return
        vals = [self.bad_force[k] if c == self.force_channel and k in self.bad_force
                else value_at(self.sensors[c], k) for k in range(k0, k0 + n) for c in chans]
        body = bytes((0x06,)) + struct.pack("<HBB", self.mask, n, 0) + struct.pack(f"<{len(vals)}f", *vals)
        self._emit(self._packet(0x20, body, idx in self.bad_checksum))

    def poll(self, now: float) -> list[bytes]:
        """Input reports ready at ``now``."""
        self.now = now
        if self._later:
            due = [p for t, p in self._later if t <= now]
            self._later = [(t, p) for t, p in self._later if t > now]
            for p in due:
                self._emit(p)
        if self.streaming:
            due_samples = int((now - self._t0) * 1e6 * self.speed / self.period_us)
            while self.sample - self._sent_at_start + self.samples_per_packet <= due_samples:
                self._measurement()
        out = list(self._out)
        self._out.clear()
        return out

    def next_due(self) -> float:
        """When the next measurement packet is due (monotonic s), or +inf."""
        times = [t for t, _ in self._later]
        if self.streaming:
            k = self.sample - self._sent_at_start + self.samples_per_packet
            times.append(self._t0 + k * self.period_us / 1e6 / self.speed)
        return min(times) if times else math.inf

    def flush_split(self) -> None:
        """Split mode: send what is left as a short report (the host must cope with that too)."""
        if self._stream:
            self._report(bytes(self._stream))
            self._stream.clear()
