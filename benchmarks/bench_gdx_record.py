"""`eccentric record --reader gdx` against the emulated GDX-FP through real pyusb -> libusb ->
usbdevfs (umockdev's scripted device), then every recorded sample checked.

    python benchmarks/bench_gdx_record.py [--seconds 600] [--speed 1] [--channels all|force]

Prints: samples recorded vs expected, lost / duplicated / out of order, time steps, flags, the
force values against what the emulated plate sent, and wall-clock time. Needs umockdev,
gir1.2-umockdev-1.0, python3-gi and Debian's libusb-1.0-0 (see docs/usb.md).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
USB = ROOT / "tests" / "usb"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=600.0, help="recorded seconds (default 600)")
    ap.add_argument("--speed", type=float, default=1.0, help="emulated plate speed vs real time (default 1)")
    ap.add_argument("--channels", default="all", choices=("all", "force"))
    args = ap.parse_args()
    sys.path.insert(0, str(USB))
    from usbfake import DEV_NODE, SYSFS, umockdev_text

    from forceplate.gdx.emulator import force_at
    from sessions.session_file import read_session

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        data = tmp / "data"
        cmd = [sys.executable, "-m", "eccentric", "record", "--reader", "gdx", "-o", "backend=system",
               "-o", f"channels={args.channels}", "--seconds", f"{args.seconds:g}", "--data-dir", str(data)]
        plan = dict(device_text=umockdev_text(0x08F7, 0x0010, ep_out=0x02, node_data=False), syspath="/sys" + SYSFS,
                    node=DEV_NODE, packet_size=64, log=str(tmp / "log.json"),
                    deadline_s=int(args.seconds / args.speed + 180), gdx={"speed": args.speed}, cmd=cmd)
        (tmp / "plan.json").write_text(json.dumps(plan))
        env = {"LD_PRELOAD": "libumockdev-preload.so.0", "PATH": "/usr/bin:/bin", "HOME": str(tmp),
               "PYTHONPATH": str(ROOT), "ECCENTRIC_PROFILES_DIR": str(tmp / "profiles")}
        t0 = time.monotonic()
        proc = subprocess.run(["/usr/bin/python3", str(USB / "gdx_testbed.py"), str(tmp / "plan.json")],
                              capture_output=True, text=True, env=env, cwd=ROOT)
        wall = time.monotonic() - t0
        print(f"eccentric record --reader gdx --seconds {args.seconds:g} (emulated GDX-FP at {args.speed:g}x real time, "
              f"channels={args.channels}): exit {proc.returncode}, {wall:.1f} s wall clock")
        print("   " + (proc.stderr.strip().splitlines() or ["(no output)"])[-1])
        sessions = sorted((data / "sessions").rglob("*.parquet")) if (data / "sessions").exists() else []
        if proc.returncode != 0 or not sessions:
            print("   FAILED: no session recorded")
            return 1
        s = read_session(sessions[0])
        b = s.block
        n, want = len(b), int(round(args.seconds * 1000))
        seq = b.seq - b.seq[0]
        steps = np.diff(seq)
        force = b.values[:, 0]
        sent = np.array([force_at(int(k)) for k in b.seq], dtype=np.float32)
        log = json.loads((tmp / "log.json").read_text())
        print(f"   samples: {n:,} recorded, {want:,} expected; lost {int((steps[steps > 1] - 1).sum())}, "
              f"duplicated {int((steps == 0).sum())}, out of order {int((steps < 0).sum())}")
        dt = np.diff(b.time_s)
        print(f"   time: {b.time_s[0]:.3f} .. {b.time_s[-1]:.3f} s, steps {dt.min() * 1e3:.6f} .. {dt.max() * 1e3:.6f} ms; "
              f"flagged samples {int(np.count_nonzero(b.flags))}")
        print(f"   force equals what the plate sent: {'yes' if np.array_equal(force, sent) else 'NO'} "
              f"(max |diff| {np.abs(force - sent).max():.3g} N); channels {[c.name for c in s.info.channels]}")
        print(f"   emulated plate sent {sum(log['gdx']['samples_sent']):,} samples in {sum(log['gdx']['packets']):,} "
              f"packets, {log['delivered']:,} USB reports")
        ok = n == want and not (steps != 1).any() and not b.flags.any() and np.array_equal(force, sent)
        print(f"   {'OK' if ok else 'FAILED'}")
        return 0 if ok else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    sys.exit(main())
