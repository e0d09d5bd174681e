"""A scripted fake USB plate: run under Debian's /usr/bin/python3 (gi + UMockdev).

    LD_PRELOAD=libumockdev-preload.so.0 /usr/bin/python3 testbed_helper.py PLAN.json

(the helper needs the preload itself: uevents are only sent for devices it can see)

PLAN: device_text, syspath, node, reports_file (raw k * packet bytes), packet_size, rate_hz
(0 = as fast as asked), driver_bound (usbhid holds interface 0 until detached), driver_sticky
(it refuses to detach), deny_open (the device node is mode 000),
unplug_after (reports, or null), away_s, log (JSON written at the end), cmd (the code under test,
run with LD_PRELOAD=libumockdev-preload.so.0 and UMOCKDEV_DIR=<testbed root>), strings (the
texts of string descriptors 1, 2, ... - the device descriptor must name them, see usbfake).

Every usbdevfs ioctl libusb makes is answered here: reports are paced in time, OUT and
SET_REPORT data are logged, a bound kernel driver makes claim fail with EBUSY, an unplug
fails pending reads with ENODEV and removes the device until it comes back.
"""

from __future__ import annotations

import errno
import json
import os
import struct
import subprocess
import sys
import threading
import time

import gi

gi.require_version("UMockdev", "1.0")
from gi.repository import GLib, UMockdev  # noqa: E402


def _ioc(direction: int, nr: int, size: int) -> int:
    return (direction << 30) | (size << 16) | (ord("U") << 8) | nr


W, R = 1, 2
IOCTLS = {
    _ioc(W | R, 0, 24): "CONTROL", _ioc(R, 4, 8): "SETINTERFACE", _ioc(R, 5, 4): "SETCONFIGURATION",
    _ioc(W, 8, 260): "GETDRIVER", _ioc(R, 10, 56): "SUBMITURB", _ioc(0, 11, 0): "DISCARDURB",
    _ioc(W, 12, 8): "REAPURB", _ioc(W, 13, 8): "REAPURBNDELAY", _ioc(R, 15, 4): "CLAIMINTERFACE",
    _ioc(R, 16, 4): "RELEASEINTERFACE", _ioc(W, 17, 8): "CONNECTINFO", _ioc(W | R, 18, 16): "IOCTL",
    _ioc(0, 20, 0): "RESET", _ioc(R, 21, 4): "CLEAR_HALT", _ioc(R, 26, 4): "GET_CAPABILITIES",
    _ioc(R, 27, 264): "DISCONNECT_CLAIM", _ioc(R, 7, 4): "RESETEP",
}
USBDEVFS_DISCONNECT, USBDEVFS_CONNECT = _ioc(0, 22, 0), _ioc(0, 23, 0)
URB_SIZE = 56
URB_TYPE_CONTROL = 2


class FakePlate:
    def __init__(self, plan: dict) -> None:
        self.plan = plan
        raw = b""
        if plan.get("reports_file"):
            with open(plan["reports_file"], "rb") as fh:
                raw = fh.read()
        size = plan["packet_size"]
        self.reports = [raw[i:i + size] for i in range(0, len(raw), size)]
        self.rate_hz = float(plan.get("rate_hz", 0))
        self.unplug_after = plan.get("unplug_after")
        self.lock = threading.Lock()
        self.delivered = 0
        self.t0: float | None = None
        self.present = True
        self.gone_event = threading.Event()
        self.answers: dict[int, int] = {}   # id(urb) -> bytes a string request returns
        self.log: dict = {"out": [], "control": [], "strings": [], "claims": [], "detach": 0, "attach": 0,
                          "unknown": [], "delivered": 0, "setconfig": 0}
        self.new_connection()

    def new_connection(self) -> None:
        self.driver_bound = bool(self.plan.get("driver_bound", False))
        self.empty_reaps = 0
        self.pending: list = []     # submitted URBs (IoctlData), oldest first
        self.discarded: list = []

    # --- helpers over IoctlData -------------------------------------------------------------
    @staticmethod
    def _bytes(data) -> bytes:
        return bytes(data.retrieve() if hasattr(data, "retrieve") else data.data)

    def handle(self, _handler, client) -> bool:
        req = client.get_request() & 0xFFFFFFFF
        name = IOCTLS.get(req)
        if req == USBDEVFS_DISCONNECT:
            name = "DISCONNECT"
        arg = client.get_arg()
        with self.lock:
            # unplugged: everything fails, except reaping the reads that were in flight
            gone = self.gone_event.is_set() and name not in ("REAPURB", "REAPURBNDELAY", "DISCARDURB")
            if not self.present or gone:
                client.complete(-1, errno.ENODEV)
                return True
            return self._dispatch(name, req, arg, client)

    def _dispatch(self, name, req, arg, client) -> bool:
        if name == "GET_CAPABILITIES":
            d = arg.resolve(0, 4)
            d.update(0, list(struct.pack("<I", 0)))
            client.complete(0, 0)
        elif name == "CLAIMINTERFACE":
            ok = not self.driver_bound
            self.log["claims"].append("ok" if ok else "EBUSY")
            client.complete(0 if ok else -1, 0 if ok else errno.EBUSY)
        elif name in ("RELEASEINTERFACE", "CLEAR_HALT", "RESET", "RESETEP", "SETINTERFACE"):
            client.complete(0, 0)
        elif name == "SETCONFIGURATION":
            self.log["setconfig"] += 1
            client.complete(0, 0)
        elif name == "GETDRIVER":
            if self.driver_bound:
                d = arg.resolve(0, 260)
                buf = struct.pack("<I", 0) + b"usbhid".ljust(256, b"\0")
                d.update(0, list(buf))
                client.complete(0, 0)
            else:
                client.complete(-1, errno.ENODATA)
        elif name == "IOCTL":
            ifno, code = struct.unpack_from("<iI", self._bytes(arg.resolve(0, 16)), 0)
            code &= 0xFFFFFFFF
            if code == USBDEVFS_DISCONNECT:
                if self.driver_bound and self.plan.get("driver_sticky"):
                    client.complete(-1, errno.EPERM)   # a driver that will not let go
                elif self.driver_bound:
                    self.driver_bound = False
                    self.log["detach"] += 1
                    client.complete(0, 0)
                else:
                    client.complete(-1, errno.ENODATA)
            elif code == USBDEVFS_CONNECT:
                self.log["attach"] += 1
                client.complete(0, 0)
            else:
                client.complete(-1, errno.ENOTTY)
        elif name == "SUBMITURB":
            urb = arg.resolve(0, URB_SIZE)
            raw = self._bytes(urb)
            typ, ep = raw[0], raw[1]
            length = struct.unpack_from("<i", raw, 24)[0]
            buf = urb.resolve(16, length)
            data = self._bytes(buf)
            if typ == URB_TYPE_CONTROL and data[:2] == b"\x80\x06" and data[3] == 3:   # GET_DESCRIPTOR, string
                desc = self._string(data[2])[: length - 8]
                buf.update(8, list(desc))
                self.answers[id(urb)] = len(desc)
                self.log["strings"].append(data[2])
            elif typ == URB_TYPE_CONTROL:
                self.log["control"].append(data.hex())
            elif not ep & 0x80:
                self.log["out"].append(data.hex())
            self.on_out(typ, ep, data)
            self.pending.append((urb, buf, typ, ep, length))
            client.complete(0, 0)
        elif name == "DISCARDURB":
            # the argument is the URB's address itself
            addr = struct.unpack_from("<Q", self._bytes(arg).ljust(8, b"\0"), 0)[0]
            target = next((it for it in self.pending if it[0].client_addr == addr), None)
            if target is not None:
                self.pending.remove(target)
                self.discarded.append(target)
                client.complete(0, 0)
            else:
                client.complete(-1, errno.EINVAL)
        elif name in ("REAPURB", "REAPURBNDELAY"):
            self._reap(arg, client)
        else:
            self.log["unknown"].append(hex(req))
            client.complete(-1, errno.ENOTTY)
        return True

    def _finish(self, arg, client, urb, status: int, actual: int) -> None:
        self.empty_reaps = 0
        urb.update(4, list(struct.pack("<i", status)))
        urb.update(28, list(struct.pack("<i", actual)))
        ptr = arg.resolve(0, 8)
        ptr.set_ptr(0, urb)
        client.complete(0, 0)

    def _reap(self, arg, client) -> None:
        if self.discarded:
            urb = self.discarded.pop(0)[0]
            self._finish(arg, client, urb, -errno.ENOENT, 0)
            return
        for item in self.pending:
            urb, buf, typ, ep, length = item
            if typ == URB_TYPE_CONTROL or not ep & 0x80:
                self.pending.remove(item)
                actual = self.answers.pop(id(urb), length - 8) if typ == URB_TYPE_CONTROL else length
                self._finish(arg, client, urb, 0, actual)
                return
            if self.gone_event.is_set():
                self.pending.remove(item)
                self._finish(arg, client, urb, -errno.ENODEV, 0)
                return
            rep = self._next_report()
            if rep is None:
                break
            if isinstance(rep, int):      # a negative errno: this read fails (e.g. -EPIPE, a stall)
                self.pending.remove(item)
                self._finish(arg, client, urb, rep, 0)
                return
            buf.update(0, list(rep))
            self.pending.remove(item)
            self._finish(arg, client, urb, 0, len(rep))
            return
        # nothing ready: sleep when that repeats, or libusb spins on the node at full CPU
        self.empty_reaps += 1
        if self.empty_reaps > 2:
            time.sleep(0.001)
        client.complete(-1, errno.EAGAIN)

    def _string(self, index: int) -> bytes:
        """String descriptor `index` (0: the language list, en-US)."""
        if index == 0:
            return bytes([4, 3, 0x09, 0x04])
        texts = self.plan.get("strings") or []
        text = texts[index - 1].encode("utf-16-le") if index <= len(texts) else b""
        return bytes([2 + len(text), 3]) + text

    def on_out(self, typ: int, ep: int, data: bytes) -> None:
        """An OUT or control transfer was submitted (subclasses answer commands here)."""

    def finish(self) -> None:
        """Called before the log is written."""

    def _next_report(self) -> bytes | int | None:
        if self.delivered >= len(self.reports):
            return None
        if self.unplug_after is not None and self.delivered >= self.unplug_after and not self.log.get("unplugged"):
            return None
        now = time.monotonic()
        if self.t0 is None:
            self.t0 = now
        if self.rate_hz > 0 and now < self.t0 + self.delivered / self.rate_hz:
            return None
        rep = self.reports[self.delivered]
        self.delivered += 1
        self.log["delivered"] = self.delivered
        return rep


def main(plate_cls: type = FakePlate) -> int:
    with open(sys.argv[1]) as fh:
        plan = json.load(fh)
    plate = plate_cls(plan)
    bed = UMockdev.Testbed.new()
    handler = UMockdev.IoctlBase()
    handler.connect("handle-ioctl", plate.handle)
    bed.add_from_string(plan["device_text"])
    bed.attach_ioctl(plan["node"], handler)
    if plan.get("deny_open"):   # a node only root may open (run the child without CAP_DAC_OVERRIDE)
        os.chmod(bed.get_root_dir() + plan["node"], 0)
    env = dict(os.environ, UMOCKDEV_DIR=bed.get_root_dir(), LD_PRELOAD="libumockdev-preload.so.0")
    child = subprocess.Popen(plan["cmd"], env=env)
    loop = GLib.MainLoop()
    state = {"phase": "run", "t": 0.0}

    def tick() -> bool:
        if child.poll() is not None:
            loop.quit()
            return False
        now = time.monotonic()
        unplug_after = plan.get("unplug_after")
        if state["phase"] == "run" and unplug_after is not None and plate.delivered >= unplug_after:
            plate.gone_event.set()          # pending reads fail with ENODEV
            state.update(phase="failing", t=now)
        elif state["phase"] == "failing" and now - state["t"] > 0.2:
            with plate.lock:
                plate.present = False
            bed.uevent(plan["syspath"], "remove")   # umockdev 0.17 does not send it itself
            bed.remove_device(plan["syspath"])
            bed.detach_ioctl(plan["node"])
            state.update(phase="away", t=now)
        elif state["phase"] == "away" and now - state["t"] > plan.get("away_s", 1.0):
            with plate.lock:
                plate.new_connection()
                plate.gone_event.clear()
                plate.log["unplugged"] = True
                plate.present = True
            # the hub and controller records stayed: add the plate's own record back, its
            # ioctl socket first - a reader polling for the replug that opened the node
            # between the two found no socket ("Failed to connect to ioctl socket") and died
            bed.attach_ioctl(plan["node"], handler)
            bed.add_from_string(plan["device_text"].split("\n\n")[0] + "\n")
            state.update(phase="back", t=now)
        return True

    GLib.timeout_add(10, tick)
    GLib.timeout_add_seconds(int(plan.get("deadline_s", 60)), lambda: (child.kill(), loop.quit()))
    loop.run()
    rc = child.wait()
    plate.finish()
    with open(plan["log"], "w") as fh:
        json.dump(plate.log, fh)
    return rc


if __name__ == "__main__":
    sys.exit(main())
