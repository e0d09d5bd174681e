"""The real pyusb -> libusb -> usbdevfs path against umockdev's emulated plate.

(a) static replay with umockdev-run: >= 10,000 reports of a set, every one decoded, in order;
(b)-(d) a scripted fake plate (testbed_helper.py under Debian's python3 + gi): reads that time
out, an unplug and replug mid-set, a kernel driver still bound, permission denied.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from forceplate.encoder import counts_from_values, encode_reports
from forceplate.hid.backend import system_libusb_path
from forceplate.profile import load_profile
from forceplate.samples import Flags

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
from usbfake import DEV_NODE, SYSFS, umockdev_text, write_static  # noqa: E402

pytestmark = pytest.mark.usb
PROFILE = load_profile("diy4")
SPR = PROFILE.samples_per_report
SYSTEM_PY = "/usr/bin/python3"


@cache
def _scripted_ok() -> str:
    """'' when the scripted testbed can run here, else why not."""
    if shutil.which("umockdev-run") is None:
        return "umockdev is not installed (apt-get install umockdev)"
    if system_libusb_path() is None:
        return "Debian's libusb-1.0-0 is not installed (hotplug needs it)"
    probe = "import gi; gi.require_version('UMockdev', '1.0'); from gi.repository import UMockdev"
    try:
        ok = subprocess.run([SYSTEM_PY, "-c", probe], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        ok = False
    return "" if ok else "gir1.2-umockdev-1.0 + python3-gi are not installed for /usr/bin/python3"


needs_umockdev = pytest.mark.skipif(shutil.which("umockdev-run") is None,
                                    reason="umockdev is not installed (apt-get install umockdev)")
needs_testbed = pytest.mark.skipif(bool(_scripted_ok()), reason=_scripted_ok() or "ok")


def set_of_reps(rng: np.random.Generator, n_reports: int) -> np.ndarray:
    """Counts of a plausible set: a lifter + bar, reps of a few seconds, split over four cells."""
    try:   # the simulator's sets, back to back, when it exists
        from forceplate.simulator import Scenario, simulate

        parts, have = [], 0
        while have < n_reports * SPR and len(parts) < 20:
            rec = simulate(Scenario.for_method("normal", seed=int(rng.integers(1000)), n_cells=4))
            cells = rec.values[:, rec.info.force_channels]
            parts.append(cells)
            have += len(cells)
        if parts and parts[0].shape[1] == 4 and have >= n_reports * SPR:
            return counts_from_values(PROFILE, np.concatenate(parts)[: n_reports * SPR])
    except ImportError:
        pass
    n = n_reports * SPR
    t = np.arange(n) / PROFILE.sample_rate_hz
    weight = (80 + 60) * 9.80665
    rep_s = rng.uniform(3, 6)
    force = weight + 250 * np.sin(2 * np.pi * t / rep_s) + rng.normal(0, 3, n)
    share = rng.dirichlet(np.ones(4) * 20)
    values = force[:, None] * share[None, :] + rng.normal(0, 0.5, (n, 4))
    return counts_from_values(PROFILE, values)


def _load(npz: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    d = np.load(npz)
    return d["counts"], d["flags"], d["time_s"], json.loads(str(d["meta"]))


def _child(out: Path, want: int, max_s: float, backend: str) -> list[str]:
    return [sys.executable, str(HERE / "child_reader.py"), str(out), "diy4", backend, str(want), str(max_s)]


@needs_umockdev
@pytest.mark.parametrize("seed", [7])
def test_static_replay_delivers_every_report_in_order(tmp_path: Path, seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_reports = 10_000 + int(rng.integers(0, 500))
    counts = set_of_reps(rng, n_reports)
    reports = encode_reports(PROFILE, counts, first_report=int(rng.integers(0, 65536)))
    import struct

    setup = struct.pack("<BBHHH", 0x21, 0x09, 0x0202, 0, len(PROFILE.start_command)) + PROFILE.start_command
    dev, ioc = write_static(tmp_path, PROFILE.vendor_id, PROFILE.product_id, [r.tobytes() for r in reports],
                            control=[setup])
    out = tmp_path / "out.npz"
    cmd = ["umockdev-run", "--device", str(dev), "--ioctl", f"{DEV_NODE}={ioc}", "--",
           *_child(out, len(counts), 60, "auto")]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    got, flags, time_s, meta = _load(out)
    assert meta["error"] == ""
    assert len(got) >= len(counts)
    # the script starts over at its end: compare what was sent, every report, in order
    np.testing.assert_array_equal(got[: len(counts)], counts)
    assert not (flags[: len(counts)] & (Flags.DROPPED | Flags.DISCONNECTED)).any()
    np.testing.assert_allclose(np.diff(time_s[: len(counts)]), 1 / PROFILE.sample_rate_hz)


def run_testbed(tmp_path: Path, counts: np.ndarray, *, want: int, max_s: float, cmd: list[str] | None = None,
                **plan: object) -> tuple[dict, subprocess.CompletedProcess]:
    reports = encode_reports(PROFILE, counts)
    (tmp_path / "reports.bin").write_bytes(reports.tobytes())
    out = tmp_path / "out.npz"
    full = dict(device_text=umockdev_text(PROFILE.vendor_id, PROFILE.product_id), syspath="/sys" + SYSFS,
                node=DEV_NODE, reports_file=str(tmp_path / "reports.bin"), packet_size=64, rate_hz=0,
                log=str(tmp_path / "log.json"), cmd=cmd or _child(out, want, max_s, "system"), deadline_s=60)
    full.update(plan)
    (tmp_path / "plan.json").write_text(json.dumps(full))
    env = {"LD_PRELOAD": "libumockdev-preload.so.0", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([SYSTEM_PY, str(HERE / "testbed_helper.py"), str(tmp_path / "plan.json")],
                          capture_output=True, text=True, timeout=90, cwd=ROOT, env=env)
    log = json.loads((tmp_path / "log.json").read_text()) if (tmp_path / "log.json").exists() else {}
    return log, proc


@needs_testbed
def test_a_script_that_ends_early_times_out_without_failing(tmp_path: Path) -> None:
    counts = set_of_reps(np.random.default_rng(7), 300)
    log, proc = run_testbed(tmp_path, counts, want=10**9, max_s=1.0)
    assert proc.returncode == 0, proc.stderr[-2000:]
    got, flags, _, meta = _load(tmp_path / "out.npz")
    np.testing.assert_array_equal(got, counts)
    assert meta["error"] == "" and meta["timeouts"] >= 3 and meta["seen"] == ["connected"]
    assert log["control"][0].endswith(PROFILE.start_command.hex())   # SET_REPORT start ...
    assert log["control"][-1].endswith(PROFILE.stop_command.hex())   # ... and stop on close


@needs_testbed
@pytest.mark.parametrize(("unplug_after", "away_s"), [(400, 0.6), (137, 1.2)])
def test_a_plate_unplugged_mid_set_comes_back_by_itself(tmp_path: Path, unplug_after: int, away_s: float) -> None:
    counts = set_of_reps(np.random.default_rng(unplug_after), 900)
    log, proc = run_testbed(tmp_path, counts, want=len(counts), max_s=15, unplug_after=unplug_after, away_s=away_s)
    assert proc.returncode == 0, proc.stderr[-2000:]
    got, flags, time_s, meta = _load(tmp_path / "out.npz")
    assert meta["error"] == ""
    np.testing.assert_array_equal(got, counts)          # every report, in order
    assert np.flatnonzero(flags & Flags.DISCONNECTED).tolist() == [unplug_after * SPR]
    assert meta["reconnects"] == 1 and "disconnected" in meta["seen"]
    assert np.all(np.diff(time_s) > 0)
    assert time_s[unplug_after * SPR] - time_s[unplug_after * SPR - 1] >= away_s * 0.9
    assert log["claims"] == ["ok", "ok"] and len(log["control"]) == 3   # start, start again, stop


@needs_testbed
def test_a_bound_kernel_driver_is_detached_before_claiming(tmp_path: Path) -> None:
    counts = set_of_reps(np.random.default_rng(3), 200)
    log, proc = run_testbed(tmp_path, counts, want=len(counts), max_s=5, driver_bound=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    got, _, _, meta = _load(tmp_path / "out.npz")
    np.testing.assert_array_equal(got, counts)
    assert log["detach"] == 1 and log["claims"] == ["ok"] and log["attach"] == 1


RAW_CLAIM = """
import usb.core, usb.util, usb.backend.libusb1 as l
from forceplate.hid.backend import get_backend
d = usb.core.find(idVendor=0x1209, idProduct=0x0001, backend=get_backend('system'))
try:
    usb.util.claim_interface(d, 0); print('claimed')
except usb.core.USBError as e:
    print('errno', e.errno)
print('active', d.is_kernel_driver_active(0))
d.detach_kernel_driver(0)
usb.util.claim_interface(d, 0); print('claimed after detach')
"""


@needs_testbed
def test_claim_is_refused_with_ebusy_until_the_driver_is_detached(tmp_path: Path) -> None:
    counts = set_of_reps(np.random.default_rng(4), 10)
    log, proc = run_testbed(tmp_path, counts, want=0, max_s=0, driver_bound=True,
                            cmd=[sys.executable, "-c", RAW_CLAIM])
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split("\n")[:3] == ["errno 16", "active True", "claimed after detach"]
    assert log["claims"] == ["EBUSY", "ok"]


@needs_testbed
@pytest.mark.parametrize(("plan", "code", "words"), [
    ({"deny_open": True}, 5, "udev rule"),
    ({"driver_bound": True, "driver_sticky": True}, 4, "busy"),
])
def test_open_errors_are_one_line_with_an_exit_code(tmp_path: Path, plan: dict, code: int, words: str) -> None:
    counts = set_of_reps(np.random.default_rng(5), 10)
    cmd = [sys.executable, "-m", "eccentric", "--reader", "hid", "-o", "backend=system", "devices", "--test",
           "--seconds", "0.5"]
    if plan.get("deny_open") and os.geteuid() == 0:   # as root, give up the right to open any file
        if shutil.which("setpriv") is None:
            pytest.skip("setpriv (util-linux) is not installed")
        cmd = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--", *cmd]
    _, proc = run_testbed(tmp_path, counts, want=0, max_s=0, cmd=cmd, **plan)
    assert proc.returncode == code, proc.stderr
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and words in err[0] and "Traceback" not in proc.stderr


@needs_testbed
def test_eccentric_devices_lists_the_attached_plate(tmp_path: Path) -> None:
    counts = set_of_reps(np.random.default_rng(6), 10)
    cmd = [sys.executable, "-m", "eccentric", "devices"]
    _, proc = run_testbed(tmp_path, counts, want=0, max_s=0, cmd=cmd)
    assert proc.returncode == 0, proc.stderr
    plates = proc.stdout.split("Attached plates:")[1]
    assert "DIY 4-load-cell plate" in plates and "profile=diy4" in plates and "no plate attached" not in plates


@needs_testbed
@pytest.mark.parametrize("strings", [["eccentric", "eccentric DIY 4-load-cell plate"], ["Generic", "USB Gamepad"]])
def test_usb_strings_through_libusb_choose_the_plate(tmp_path: Path, strings: list[str]) -> None:
    """The profile's [udev] strings, read from the device through libusb (usb.util.get_string):
    the plate's are read and it streams; a board sharing its pid.codes ID but saying something
    else is neither opened nor listed."""
    counts = set_of_reps(np.random.default_rng(8), 100)
    ours = strings[0] == "eccentric"
    text = umockdev_text(PROFILE.vendor_id, PROFILE.product_id, strings=True)
    log, proc = run_testbed(tmp_path, counts, want=len(counts), max_s=5, device_text=text, strings=strings)
    assert proc.returncode == 0, proc.stderr[-2000:]
    got, _, _, meta = _load(tmp_path / "out.npz")
    assert 1 in log["strings"] and 2 in log["strings"]          # read from the device
    if ours:
        assert meta["error"] == "" and log["claims"] == ["ok"]
        np.testing.assert_array_equal(got, counts)
    else:
        assert "saying 'Generic' / 'USB Gamepad'" in meta["error"] and log["claims"] == []
    _, proc = run_testbed(tmp_path, counts, want=0, max_s=0, device_text=text, strings=strings,
                          cmd=[sys.executable, "-m", "eccentric", "devices"])
    plates = proc.stdout.split("Attached plates:")[1]
    assert ("profile=diy4" in plates) == ours and ("no plate attached" in plates) != ours
