"""The scripted umockdev testbed with an emulated Go Direct Force Plate behind it.

    LD_PRELOAD=libumockdev-preload.so.0 /usr/bin/python3 gdx_testbed.py PLAN.json

PLAN as for testbed_helper.py, plus ``gdx`` (GdxPlateModel keyword arguments, sets as lists)
and ``stall_at`` (input report number whose read fails with EPIPE). Output reports (interrupt
OUT or SET_REPORT) go to the emulated device; reads get its input reports when they are due.
``unplug_after`` counts input reports, as in the base helper; after the replug the emulated
plate is a new device whose samples carry on from where the first one stopped.
"""

from __future__ import annotations

import errno
import importlib.util
import sys
import time
from collections import deque
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from testbed_helper import URB_TYPE_CONTROL, FakePlate, main  # noqa: E402

# stdlib only, loaded by path: forceplate/__init__ needs numpy, which this python lacks
_spec = importlib.util.spec_from_file_location("gdx_emulator", HERE.parents[1] / "forceplate" / "gdx" / "emulator.py")
assert _spec is not None and _spec.loader is not None
emulator = importlib.util.module_from_spec(_spec)
sys.modules["gdx_emulator"] = emulator
_spec.loader.exec_module(emulator)


class GdxFakePlate(FakePlate):
    def new_connection(self) -> None:
        super().new_connection()
        kw = {k: (set(v) if isinstance(v, list) else v) for k, v in self.plan.get("gdx", {}).items()}
        old = getattr(self, "model", None)
        if old is not None:
            self.models_done.append(old)
            kw.update(first_sample=old.sample, bad_checksum=set(), lost_reports=set(), dropped=set(),
                      slow_info_s=0.0)
        else:
            self.models_done = []
            self.stall_at = self.plan.get("stall_at")
        self.model = emulator.GdxPlateModel(**kw)
        self.ready: deque[bytes] = deque()

    def on_out(self, typ: int, ep: int, data: bytes) -> None:
        now = time.monotonic()
        if typ == URB_TYPE_CONTROL:
            if len(data) > 8 and data[0] == 0x21 and data[1] == 0x09:   # SET_REPORT
                self.model.write_report(data[8:].ljust(64, b"\0"), now)
        else:
            self.model.write_report(data.ljust(64, b"\0"), now)

    def _next_report(self) -> bytes | int | None:
        if self.unplug_after is not None and self.delivered >= self.unplug_after and not self.log.get("unplugged"):
            return None
        if self.stall_at is not None and self.delivered >= self.stall_at:
            self.stall_at = None
            self.log["stalled"] = self.delivered
            return -errno.EPIPE
        if not self.ready:
            self.ready.extend(self.model.poll(time.monotonic()))
            if not self.ready:
                return None
        self.delivered += 1
        self.log["delivered"] = self.delivered
        return self.ready.popleft()

    def finish(self) -> None:
        models = [*self.models_done, self.model]
        self.log["gdx"] = {"samples_sent": [m.sample - m.first_sample for m in models],
                           "first_sample": [m.first_sample for m in models],
                           "packets": [m.packets_sent for m in models],
                           "commands": [m.log for m in models], "bad_requests": sum(m.bad_requests for m in models)}


if __name__ == "__main__":
    sys.exit(main(GdxFakePlate))
