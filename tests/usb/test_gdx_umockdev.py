"""The Go Direct reader through real pyusb -> libusb -> usbdevfs, against an emulated GDX-FP
answering from umockdev's scripted testbed (tests/usb/gdx_testbed.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from forceplate.gdx.emulator import force_at
from forceplate.samples import Flags

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
from test_umockdev import SYSTEM_PY, needs_testbed  # noqa: E402
from usbfake import DEV_NODE, SYSFS, umockdev_text  # noqa: E402

pytestmark = [pytest.mark.usb, needs_testbed]


def run_gdx(tmp_path: Path, *, want: int = 3000, max_s: float = 20, cmd: list[str] | None = None,
            ep_out: int | None = 0x02, gdx: dict[str, Any] | None = None, opts: tuple[str, ...] = (),
            **plan: Any) -> tuple[dict, subprocess.CompletedProcess, dict[str, np.ndarray]]:
    out = tmp_path / "out.npz"
    model = {"speed": 4.0, **(gdx or {})}
    full = dict(device_text=umockdev_text(0x08F7, 0x0010, ep_out=ep_out, node_data=False), syspath="/sys" + SYSFS,
                node=DEV_NODE, packet_size=64, log=str(tmp_path / "log.json"), deadline_s=90,
                gdx={k: sorted(v) if isinstance(v, set) else v for k, v in model.items()},
                cmd=cmd or [sys.executable, str(HERE / "child_gdx.py"), str(out), str(want), str(max_s), *opts])
    full.update(plan)
    (tmp_path / "plan.json").write_text(json.dumps(full))
    env = {"LD_PRELOAD": "libumockdev-preload.so.0", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([SYSTEM_PY, str(HERE / "gdx_testbed.py"), str(tmp_path / "plan.json")],
                          capture_output=True, text=True, timeout=150, cwd=ROOT, env=env)
    log = json.loads((tmp_path / "log.json").read_text()) if (tmp_path / "log.json").exists() else {}
    data: dict[str, Any] = {}
    if out.exists():
        d = np.load(out)
        data = {k: d[k] for k in ("values", "seq", "flags", "time_s")}
        data["meta"] = json.loads(str(d["meta"]))
    return log, proc, data


def exact_force(d: dict, shift: int = 0) -> None:
    want = np.array([force_at(int(k) + shift) for k in d["seq"]], dtype=np.float32)
    np.testing.assert_array_equal(d["values"][:, 0], want)
    np.testing.assert_allclose(d["time_s"], d["seq"] / 1000)


@pytest.mark.parametrize("ep_out", [0x02, None])
def test_handshake_and_stream_through_libusb(tmp_path: Path, ep_out: int | None) -> None:
    log, proc, d = run_gdx(tmp_path, ep_out=ep_out)
    assert proc.returncode == 0, proc.stderr[-2000:]
    meta = d["meta"]
    assert meta["error"] == "" and meta["info"]["channels"] == ["force", "x_balance", "y_balance"]
    assert meta["info"]["extra"]["battery_percent"] == "87" and meta["info"]["rate"] == 1000
    assert len(d["seq"]) >= 3000 and np.all(np.diff(d["seq"]) == 1) and not d["flags"].any()
    exact_force(d)
    cmds = log["gdx"]["commands"][0]
    assert cmds[:5] == ["cmd 1a", "cmd 10", "cmd 55", "cmd 56", "cmd 51"] and cmds[-1] == "cmd 19"
    assert log["gdx"]["bad_requests"] == 0
    assert bool(log["out"]) == (ep_out is not None) and bool(log["control"]) == (ep_out is None)


@pytest.mark.parametrize(("gdx", "gap"), [
    ({"bad_checksum": {60}}, 10),                 # a packet with a wrong sum: its 10 samples
    ({"lost_reports": {12 + 60 * 3 + 1}}, 10),    # the middle report of a 3-report packet
    ({"split": True, "dropped": {80}}, 0),        # packets straddling reports; a DROPPED notice
])
def test_stream_faults_become_flagged_gaps_with_times_right(tmp_path: Path, gdx: dict, gap: int) -> None:
    _, proc, d = run_gdx(tmp_path, gdx=gdx)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert d["meta"]["error"] == ""
    flagged = np.flatnonzero(d["flags"] & Flags.DROPPED)
    assert flagged.size == 1
    k = flagged[0]
    assert d["seq"][k] - d["seq"][k - 1] == gap + 1 and d["meta"]["dropped"] == gap
    if gap:
        exact_force(d)
    else:   # a DROPPED notice does not say how many: after it, time is early by what the plate lost
        head = {key: v[:k] for key, v in d.items() if key != "meta"}
        tail = {key: v[k:] for key, v in d.items() if key != "meta"}
        exact_force(head)
        exact_force(tail, shift=10)


def test_slow_device_info_is_waited_for_and_too_slow_is_one_clear_line(tmp_path: Path) -> None:
    _, proc, d = run_gdx(tmp_path, want=500, gdx={"slow_info_s": 2.0})
    assert proc.returncode == 0 and d["meta"]["error"] == "" and len(d["seq"]) >= 500
    _, proc, d = run_gdx(tmp_path, want=500, gdx={"slow_info_s": 3.0}, opts=("info_timeout_s=1",))
    assert d["meta"]["error"] == "DeviceError: the Go Direct plate did not answer GET_DEVICE_INFO within 1 s " \
                                 "- replug it (and switch it on), or close other programs using it"


def test_a_stall_and_an_unplug_mid_set_are_flagged_and_the_reader_carries_on(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    log, proc, d = run_gdx(tmp_path / "a", want=4000, stall_at=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert log["stalled"] == 600 and d["meta"]["reconnects"] == 1
    assert np.flatnonzero(d["flags"] & Flags.DISCONNECTED).size == 1 and np.all(np.diff(d["time_s"]) > 0)
    (tmp_path / "b").mkdir()
    log, proc, d = run_gdx(tmp_path / "b", want=4000, unplug_after=500, away_s=0.8)
    assert proc.returncode == 0, proc.stderr[-2000:]
    cut = np.flatnonzero(d["flags"] & Flags.DISCONNECTED)
    assert cut.size == 1 and d["meta"]["reconnects"] == 1 and "disconnected" in d["meta"]["seen"]
    k = cut[0]
    assert d["time_s"][k] - d["time_s"][k - 1] >= 0.8 * 0.9
    assert len(log["gdx"]["commands"]) == 2 and log["gdx"]["commands"][1][0] == "cmd 1a"   # handshake again
    want = np.array([force_at(int(s)) for s in d["seq"][:k]], dtype=np.float32)
    np.testing.assert_array_equal(d["values"][:k, 0], want)


def test_eccentric_devices_and_record_with_the_gdx_plate(tmp_path: Path) -> None:
    _, proc, _ = run_gdx(tmp_path, cmd=[sys.executable, "-m", "eccentric", "devices"])
    assert proc.returncode == 0, proc.stderr
    plates = proc.stdout.split("Attached plates:")[1]
    assert "Go Direct" in plates and "1000 Hz" in plates and "--reader gdx" in plates
    data = tmp_path / "data"
    cmd = [sys.executable, "-m", "eccentric", "record", "--reader", "gdx", "-o", "backend=system",
           "--seconds", "5", "--data-dir", str(data)]
    _, proc, _ = run_gdx(tmp_path, cmd=cmd)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "saved 5000 samples" in proc.stderr
    from sessions.session_file import read_session

    path = next((data / "sessions").rglob("*.parquet"))
    s = read_session(path)
    np.testing.assert_allclose(s.block.time_s - s.block.time_s[0], np.arange(5000) / 1000)
    assert not s.block.flags.any()
