"""Reader throughput: decoding, the reader's own per-report path, and the emulated USB path.

    python benchmarks/bench_reader.py [--reports N] [--usb-reports N]

1. ReportDecoder on the 4-channel diy4 profile: channel-samples/s by batch size
   (target >= 50 M/s; bare numpy byte gathering runs ~250 M/s).
2. HidPlateReader + HidTransport over a fake pyusb device whose read() returns prepared
   reports, so only our per-report cost is measured (target >= 8,000 reports/s); 2b. the same
   with pyusb's own Python layers in the loop (a fake pyusb backend).
3. The real pyusb -> libusb -> usbdevfs path against umockdev (static replay, and the scripted
   fake plate when gi is available); ~2,000 reports/s is the emulator's own ceiling.
4. Go Direct: 64-byte reports -> packets (length byte, checksum) -> samples, the GdxReader's
   decode path, in samples/s (a GDX-FP sends 1,000 samples/s).
5. Serial: the eccentric frame (4 channels, CRC), JSON lines and CSV lines, in samples/s
   (a DIY plate sends 1,000-1,280 samples/s).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from forceplate.decoder import ReportDecoder
from forceplate.encoder import encode_reports
from forceplate.hid.fake_device import FakePyusbBackend, FakeUsbDevice
from forceplate.hid.hid_reader import HidPlateReader
from forceplate.profile import load_profile

ROOT = Path(__file__).resolve().parents[1]
PROFILE = load_profile("diy4")
SPR = PROFILE.samples_per_report
N_CH = len(PROFILE.channels)

# runs under umockdev-run in a child process: the same drain as the in-process benches
USB_CHILD = f"""
import json, sys
import numpy as np
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
from bench_reader import SPR, drain
from forceplate.hid.hid_reader import HidPlateReader
expected = np.load(sys.argv[1])
reader = HidPlateReader(profile="diy4", backend=sys.argv[2])
n, dt, ok = drain(reader, expected)
st = reader.status()
reader.close()
print(json.dumps(dict(reports=n // SPR, seconds=dt, in_order=ok, dropped=st.dropped_samples,
                      timeouts=st.timeouts)))
"""


def counts_for(n_reports: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.integers(-(2**23) + 1, 2**23 - 1, size=(n_reports * SPR, N_CH))


def bench_decode(total_reports: int) -> None:
    print("1. ReportDecoder, diy4 (4 x int24, 4 samples per 64-byte report)")
    for batch in (25, 250, 2_500, 25_000):
        data = encode_reports(PROFILE, counts_for(batch)).tobytes()
        dec = ReportDecoder(PROFILE)
        calls = max(3, total_reports // batch)
        dec.decode(data)
        t0 = time.perf_counter()
        for _ in range(calls):
            dec.decode(data)
        dt = time.perf_counter() - t0
        rate = calls * batch * SPR * N_CH / dt
        print(f"   batch {batch:>6} reports: {rate / 1e6:6.1f} M channel-samples/s "
              f"({calls * batch / dt:,.0f} reports/s)")
    raw = np.frombuffer(encode_reports(PROFILE, counts_for(25_000)).tobytes(), np.uint8).reshape(-1, 64)
    idx = ReportDecoder(PROFILE)._groups[0][2]
    t0 = time.perf_counter()
    for _ in range(10):
        np.take(raw, idx, axis=1)
    dt = time.perf_counter() - t0
    print(f"   (bare numpy byte gather of the same: {10 * 25_000 * SPR * N_CH / dt / 1e6:.0f} M/s)")


def drain(reader: HidPlateReader, counts: np.ndarray) -> tuple[int, float, bool]:
    """Open the reader and read until every sample came: (samples, seconds, all in order)."""
    reader.open()
    t0 = time.perf_counter()
    blocks, n = [], 0
    while n < len(counts) and time.perf_counter() - t0 < 120:
        b = reader.read(0.05)
        if b is not None:
            blocks.append(b.counts)
            n += len(b)
    dt = time.perf_counter() - t0
    return n, dt, n == len(counts) and bool((np.concatenate(blocks) == counts).all())


def bench_reader_path(n_reports: int) -> None:
    print("2. HidPlateReader + HidTransport over a fake pyusb device (no emulator cost)")
    counts = counts_for(n_reports, 1)
    dev = FakeUsbDevice(encode_reports(PROFILE, counts))
    reader = HidPlateReader(profile=PROFILE, finder=lambda: dev, read_timeout_ms=20)
    # the fake answers in ~0.3 us, far faster than any plate: a queue that holds the whole run
    # keeps the comparison honest (a real plate cannot outrun the consumer)
    reader.transport.queue_reports = n_reports + 1
    n, dt, ok = drain(reader, counts)
    st = reader.status()
    reader.close()
    print(f"   {n // SPR:,} reports in {dt:.2f} s = {n // SPR / dt:,.0f} reports/s "
          f"({n / dt:,.0f} samples/s); dropped {st.dropped_samples}; all arrived in order: {'yes' if ok else 'no'}")


def bench_pyusb_path(n_reports: int) -> None:
    print("2b. The same through pyusb's own layers (usb.core.Device over a fake pyusb backend)")
    counts = counts_for(n_reports, 3)
    backend = FakePyusbBackend(encode_reports(PROFILE, counts), PROFILE.vendor_id, PROFILE.product_id)
    reader = HidPlateReader(profile=PROFILE, backend=backend, read_timeout_ms=20)
    reader.transport.queue_reports = n_reports + 1
    n, dt, ok = drain(reader, counts)
    reader.close()
    print(f"   {n // SPR:,} reports in {dt:.2f} s = {n // SPR / dt:,.0f} reports/s; "
          f"all arrived in order: {'yes' if ok else 'no'}")


def bench_umockdev(n_reports: int) -> None:
    print("3. Emulated USB (pyusb -> libusb -> usbdevfs -> umockdev)")
    if shutil.which("umockdev-run") is None:
        print("   skipped: umockdev is not installed (apt-get install umockdev)")
        return
    sys.path.insert(0, str(ROOT / "tests" / "usb"))
    import struct

    from usbfake import DEV_NODE, SYSFS, umockdev_text, write_static

    counts = counts_for(n_reports, 2)
    reports = encode_reports(PROFILE, counts)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        np.save(tmp / "expected.npy", counts)
        setup = struct.pack("<BBHHH", 0x21, 0x09, 0x0202, 0, len(PROFILE.start_command)) + PROFILE.start_command
        dev, ioc = write_static(tmp, PROFILE.vendor_id, PROFILE.product_id, [r.tobytes() for r in reports],
                                control=[setup])
        child = [sys.executable, "-c", USB_CHILD, str(tmp / "expected.npy")]
        for backend in ("pypi", "system"):
            cmd = ["umockdev-run", "--device", str(dev), "--ioctl", f"{DEV_NODE}={ioc}", "--", *child, backend]
            _report(f"static replay, {backend} libusb", subprocess.run(cmd, capture_output=True, text=True, timeout=300))
        helper = ROOT / "tests" / "usb" / "testbed_helper.py"
        probe = "import gi; gi.require_version('UMockdev', '1.0'); from gi.repository import UMockdev"
        if subprocess.run(["/usr/bin/python3", "-c", probe], capture_output=True).returncode != 0:
            print("   scripted fake plate: skipped (gir1.2-umockdev-1.0 + python3-gi not installed)")
            return
        (tmp / "reports.bin").write_bytes(reports.tobytes())
        plan = dict(device_text=umockdev_text(PROFILE.vendor_id, PROFILE.product_id), syspath="/sys" + SYSFS,
                    node=DEV_NODE, reports_file=str(tmp / "reports.bin"), packet_size=64, rate_hz=0,
                    log=str(tmp / "log.json"), cmd=[*child, "system"], deadline_s=300)
        (tmp / "plan.json").write_text(json.dumps(plan))
        env = {"LD_PRELOAD": "libumockdev-preload.so.0", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
        _report("scripted fake plate (Python ioctl handler)",
                subprocess.run(["/usr/bin/python3", str(helper), str(tmp / "plan.json")], capture_output=True,
                               text=True, timeout=300, env=env))


def gdx_reports(n_packets: int, n_channels: int, per_packet: int = 10) -> list[bytes]:
    """What a GDX-FP sends at 1 kHz: NORMAL_REAL32 packets, each starting a fresh report."""
    from forceplate.gdx.protocol import to_reports

    rng = np.random.default_rng(5)
    mask = sum(1 << (i + 1) for i in range(n_channels))
    out: list[bytes] = []
    for i in range(n_packets):
        vals = rng.normal(900, 50, per_packet * n_channels).astype("<f4").tobytes()
        body = bytes((0x06,)) + mask.to_bytes(2, "little") + bytes((per_packet, 0)) + vals
        pkt = bytearray((0x20, 4 + len(body), i & 0xFF, 0)) + body
        pkt[3] = (sum(pkt) - pkt[3]) & 0xFF
        out += to_reports(bytes(pkt))
    return out


def bench_gdx(n_packets: int) -> None:
    from forceplate.gdx.stream import MeasurementDecoder, PacketAssembler

    print("4. Go Direct decode path (reports -> packets -> samples), 10 samples per packet")
    for n_ch in (1, 3):
        reports = gdx_reports(n_packets, n_ch)
        for batch in (30, 300, 3000):     # reports per read(): ~0.1 s, 1 s, 10 s of a plate
            asm, dec = PacketAssembler(), MeasurementDecoder(list(range(1, n_ch + 1)), 0.001)
            t0 = time.perf_counter()
            n = 0
            for i in range(0, len(reports), batch):
                b = dec.decode(asm.feed(reports[i:i + batch]))
                n += 0 if b is None else len(b)
            dt = time.perf_counter() - t0
            assert n == n_packets * 10 and asm.bad_checksums == 0
            print(f"   {n_ch} channel(s), {batch:>5} reports per read: {n / dt:>12,.0f} samples/s "
                  f"({len(reports) / dt:,.0f} reports/s)")


def bench_serial(n_samples: int) -> None:
    from forceplate.serial.emulator import counts_at
    from forceplate.serial.frame import FrameDecoder, encode_frames
    from forceplate.serial.lines import LineDecoder

    print("5. Serial decode path (bytes -> samples)")
    counts = counts_at(np.arange(n_samples), 4)
    frames = encode_frames(counts, 0)
    jsonl = b"".join(b'{"w": %d, "n": %d}\n' % (int(r.sum()), i & 0xFFFF) for i, r in enumerate(counts))
    csv = b"".join(b"%d,%d,%d,%d,%d\n" % (i & 0xFFFF, *r) for i, r in enumerate(counts.tolist()))
    cases = [("eccentric frame, 4 ch", lambda: FrameDecoder(4), frames),
             ("JSON lines {\"w\", \"n\"}", lambda: LineDecoder("jsonl", ["w"], counter="n", counter_modulo=65536), jsonl),
             ("CSV lines, counter + 4 ch", lambda: LineDecoder("csv", [1, 2, 3, 4], counter=0, counter_modulo=65536), csv)]
    for label, make, blob in cases:
        for chunk in (4096, 65536):
            dec = make()
            t0 = time.perf_counter()
            n = 0
            for i in range(0, len(blob), chunk):
                n += len(dec.decode(blob[i:i + chunk])[1])
            dt = time.perf_counter() - t0
            assert n == n_samples, (label, n)
            print(f"   {label:<28} {chunk:>6}-byte reads: {n / dt:>12,.0f} samples/s")


def _report(label: str, proc: subprocess.CompletedProcess) -> None:
    try:
        r = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        print(f"   {label}: failed ({proc.stderr.strip().splitlines()[-1:] or proc.returncode})")
        return
    print(f"   {label}: {r['reports']:,} reports in {r['seconds']:.2f} s = {r['reports'] / r['seconds']:,.0f} reports/s; "
          f"all {r['reports']:,} reports arrived in order: {'yes' if r['in_order'] else 'no'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reports", type=int, default=100_000, help="reports for parts 1-2 (default 100,000)")
    ap.add_argument("--usb-reports", type=int, default=20_000, help="reports through umockdev (default 20,000)")
    ap.add_argument("--parts", default="1,2,3,4,5", help="which parts to run, e.g. 4,5 (default all)")
    args = ap.parse_args()
    parts = set(args.parts.split(","))
    if "1" in parts:
        bench_decode(args.reports * 4)
    if "2" in parts:
        bench_reader_path(args.reports)
        bench_pyusb_path(args.reports)
    if "3" in parts:
        bench_umockdev(args.usb_reports)
    if "4" in parts:
        bench_gdx(max(1000, args.reports // 5))
    if "5" in parts:
        bench_serial(max(10_000, args.reports * 2))


if __name__ == "__main__":
    main()
