"""The serial reader against a DIY plate on a pseudo-terminal, with garbage, cut frames and an
unplug, every frame accounted for.

    python benchmarks/bench_serial_pty.py [--seconds 600] [--rate 1280] [--format frame|csv]

Every 7 s some garbage bytes go out between frames, every 11 s a frame is cut short, and half
way the plate is unplugged for 1.5 s. Prints frames sent, received, lost (counter gaps), lost
while reconnecting, and whether received + lost = sent, plus the reader's decode cost.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from forceplate.samples import Flags
from forceplate.serial.emulator import PtyPlate, counts_at
from forceplate.serial.reader import SerialPlateReader


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=600.0)
    ap.add_argument("--rate", type=float, default=1280.0)
    ap.add_argument("--format", default="frame", choices=("frame", "csv"))
    args = ap.parse_args()
    rate, total = args.rate, int(args.rate * args.seconds)
    garbage = {int(t * rate): b"\xec\x5a\x12 garbage \x00\xff" for t in np.arange(3.0, args.seconds - 1, 7.0)}
    cut = {int(t * rate) for t in np.arange(5.0, args.seconds - 1, 11.0)}
    unplug_at = total // 2
    cut.discard(unplug_at)
    profile = "eccentric4" if args.format == "frame" else "csv4"
    with tempfile.TemporaryDirectory() as tmp:
        link = Path(tmp) / "ttyPLATE"
        plate = PtyPlate(link, fmt=args.format, rate_hz=rate, total=total, garbage=garbage, cut=cut,
                         unplug_at=unplug_at, away_s=1.5).start()
        reader = SerialPlateReader(profile=profile, port=str(link), rate_hz=rate, poll_s=0.2)
        n = flagged_dropped = flagged_disc = 0
        last_seq = -1
        bad_values = out_of_order = 0
        t0 = time.monotonic()
        first_k: int | None = None
        with reader:
            while time.monotonic() - t0 < args.seconds + 30:
                b = reader.read(0.05)
                if b is not None:
                    n += len(b)
                    out_of_order += int((np.diff(b.seq) <= 0).sum()) + int(b.seq[0] <= last_seq)
                    last_seq = int(b.seq[-1])
                    flagged_dropped += int(np.count_nonzero(b.flags & Flags.DROPPED))
                    flagged_disc += int(np.count_nonzero(b.flags & Flags.DISCONNECTED))
                    if args.format == "frame":
                        if first_k is None:
                            first_k = (reader.decoder.first_counter or 0) % 65536   # type: ignore[union-attr]
                        # values before the replug are the plate's own sample numbers + first_k
                        pre = b.seq < unplug_at - first_k
                        if pre.any():
                            want = counts_at(b.seq[pre] + first_k, 4)
                            bad_values += int((b.counts[pre] != want).any(axis=1).sum())   # type: ignore[index]
                elif plate.sent >= total and reader.transport.connection.value == "connected":
                    break
            st = reader.status()
        plate.stop()
        dec = reader.decoder
        wall = time.monotonic() - t0
    lost = getattr(dec, "lost_frames", getattr(dec, "lost_samples", 0))
    replug = dec.lost_in_replug
    span = last_seq + 1
    before_open = total - span
    print(f"serial plate on a pty, {args.format}, {rate:g} Hz, {args.seconds:g} s ({total:,} frames), "
          f"{len(garbage)} garbage bursts, {len(cut)} cut frames, one 1.5-s unplug at frame {unplug_at:,}")
    print(f"   received {n:,}; lost (counter gaps) {lost:,}; sent while reconnecting {replug:,}; "
          f"sent before the port opened {before_open:,}")
    print(f"   received + lost + reconnect = {n + lost + replug:,} = frames in the received span {span:,}: "
          f"{'yes' if n + lost + replug == span else 'NO'}")
    print(f"   flagged DROPPED {flagged_dropped:,} (>= {len(cut)} cut + garbage), DISCONNECTED {flagged_disc}, "
          f"reconnects {st.reconnects}; out of order {out_of_order}; wrong values {bad_values}")
    print(f"   {wall:.0f} s wall clock (decode throughput: benchmarks/bench_reader.py)")
    ok = n + lost + replug == span and st.reconnects == 1 and out_of_order == 0 and bad_values == 0
    print(f"   {'OK' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
