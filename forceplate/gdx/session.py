"""The Go Direct conversation: one command at a time, each answer matched by (command, counter).

Open: INIT -> GET_STATUS -> GET_DEVICE_INFO -> default mask -> available mask -> GET_SENSOR_INFO
per channel; the force channel is the one whose unit is "N". Start: SET_MEASUREMENT_PERIOD at
the force sensor's fastest period, then START_MEASUREMENTS(mask). Runs again after a replug.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

from forceplate.errors import DeviceError
from forceplate.gdx import protocol as P
from forceplate.gdx.stream import PacketAssembler

# GET_DEVICE_INFO may take 4-7 s to answer (public notes on the GDX-LC); 8 s leaves room
INFO_TIMEOUT_S = 8.0
COMMAND_TIMEOUT_S = 1.0      # the other commands answer in about 100 ms
START_ACK_TIMEOUT_S = 1.0


@dataclass
class PlateSetup:
    """What the handshake learnt."""

    status: P.DeviceStatus | None = None
    device: P.DeviceInfo | None = None
    sensors: dict[int, P.SensorInfo] = field(default_factory=dict)
    default_mask: int = 0
    force_channel: int = -1
    channels: list[int] = field(default_factory=list)      # enabled, force first... in mask order
    period_us: int = 0


def choose_channels(sensors: dict[int, P.SensorInfo], default_mask: int, which: str) -> tuple[int, list[int]]:
    """(force channel, enabled channels in mask order). Force = unit "N", never a fixed number;
    with which="all" the other periodic channels that can keep the force's pace come too."""
    newtons = [n for n, s in sorted(sensors.items()) if s.unit.strip() == "N" and not s.aperiodic]
    if not newtons:
        units = ", ".join(f"{n}: {s.description or '?'} [{s.unit or '-'}]" for n, s in sorted(sensors.items()))
        raise DeviceError(f"this Go Direct device has no force channel in newtons (channels {units or 'none'})")
    preferred = [n for n in newtons if default_mask >> n & 1]
    force = (preferred or newtons)[0]
    fs = sensors[force]
    chosen = {force}
    if which == "all":
        for n, s in sensors.items():
            if n == force or s.aperiodic or s.min_period_us > fs.min_period_us:
                continue
            if (fs.exclusion_mask >> n & 1) or (s.exclusion_mask >> force & 1):
                continue
            chosen.add(n)
    return force, sorted(chosen)


class GdxSession:
    """Implements forceplate.hid.transport.Session for Go Direct devices."""

    def __init__(self, *, which: str = "all", period_us: int | None = None,
                 info_timeout_s: float = INFO_TIMEOUT_S, command_timeout_s: float = COMMAND_TIMEOUT_S) -> None:
        self.which = which
        self.period_override = period_us
        self.info_timeout_s = info_timeout_s
        self.command_timeout_s = command_timeout_s
        self.counter = 0xFF
        self.setup = PlateSetup()
        self.bad_answers = 0
        self.opened = 0              # handshakes done (1 + replugs)
        self._capture: list[bytes] | None = None

    # ---- one command ------------------------------------------------------------------
    def command(self, io: Any, cmd: int, params: bytes = b"", timeout_s: float | None = None) -> bytes:
        """Send cmd, return its answer's payload (after the 6-byte header). A wrong checksum on
        the answer gets one retry; no answer in time is a DeviceError naming the command."""
        timeout = self.command_timeout_s if timeout_s is None else timeout_s
        name = P.COMMAND_NAMES.get(cmd, f"0x{cmd:02x}")
        for attempt in (1, 2):
            self.counter = (self.counter - 1) & 0xFF
            ctr = self.counter
            for rep in P.to_reports(P.build_command(ctr, cmd, params)):
                io.write(rep)
            asm = PacketAssembler()
            damaged = False
            deadline = time.monotonic() + timeout
            while (left := deadline - time.monotonic()) > 0:
                rep = io.read(min(100, max(1, int(left * 1000))))
                if rep is None:
                    continue
                if self._capture is not None:
                    self._capture.append(rep)
                for pkt in asm.feed((rep,)):
                    if len(pkt) >= P.HEADER and pkt[0] != P.MEASUREMENT and pkt[4] == cmd and pkt[5] == ctr:
                        return pkt[P.HEADER:]
                if damaged := any(h[0] != P.MEASUREMENT and len(h) > 4 and h[4] == cmd for h in asm.bad_headers):
                    break          # our answer came damaged: ask again at once
            if damaged:
                self.bad_answers += 1
                if attempt == 1:
                    continue
                raise DeviceError(f"the Go Direct plate's answer to {name} failed its checksum twice "
                                  "- replug the plate or try another cable/port")
            raise DeviceError(f"the Go Direct plate did not answer {name} within {timeout:g} s "
                              "- replug it (and switch it on), or close other programs using it")
        raise AssertionError("unreachable")

    def _ok(self, io: Any, cmd: int, params: bytes = b"", timeout_s: float | None = None) -> None:
        payload = self.command(io, cmd, params, timeout_s)
        status = payload[0] if payload else 0xFF
        if status:
            name = P.COMMAND_NAMES.get(cmd, f"0x{cmd:02x}")
            raise DeviceError(f"the Go Direct plate refused {name}: status 0x{status:02x} "
                              f"({P.STATUS_TEXT.get(status, 'unknown')})")

    # ---- the Session protocol -----------------------------------------------------------
    def start(self, io: Any) -> list[bytes]:
        s = PlateSetup()
        self._ok(io, P.CMD_INIT, P.INIT_PARAMS)
        s.status = P.parse_status(self.command(io, P.CMD_GET_STATUS))
        s.device = P.parse_device_info(self.command(io, P.CMD_GET_DEVICE_INFO, timeout_s=self.info_timeout_s))
        s.default_mask = int.from_bytes(self.command(io, P.CMD_GET_DEFAULT_MASK)[:4].ljust(4, b"\0"), "little")
        available = int.from_bytes(self.command(io, P.CMD_GET_SENSOR_IDS)[:4].ljust(4, b"\0"), "little")
        for n in P.bits(available):
            info = P.parse_sensor_info(self.command(io, P.CMD_GET_SENSOR_INFO, bytes((n,))))
            if info.sensor_id != 0:        # id 0: a bit set with no sensor behind it
                s.sensors[n] = info
        s.force_channel, s.channels = choose_channels(s.sensors, s.default_mask, self.which)
        fastest = s.sensors[s.force_channel].min_period_us or s.sensors[s.force_channel].typical_period_us
        s.period_us = int(self.period_override or fastest)
        if self.setup.period_us and self.opened and s.period_us != self.setup.period_us:
            raise DeviceError("the Go Direct plate came back with a different period: reopen it")
        self._ok(io, P.CMD_SET_PERIOD, P.period_params(s.period_us))
        mask = sum(1 << n for n in s.channels)
        # from START on every report read belongs to the stream: hand them to the reader
        self._capture = []
        try:
            self._ok(io, P.CMD_START, P.start_params(mask), START_ACK_TIMEOUT_S)
            early = self._capture
        finally:
            self._capture = None
        if self.opened and s.channels != self.setup.channels:
            raise DeviceError("the Go Direct plate came back with other channels: reopen it")
        self.setup = s
        self.opened += 1
        return early

    def stop(self, io: Any) -> None:
        """STOP_MEASUREMENTS; a plate that does not answer is gone anyway."""
        with contextlib.suppress(Exception):
            self.command(io, P.CMD_STOP, P.STOP_PARAMS, 0.5)
