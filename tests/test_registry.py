"""Reader plug-ins by name, profile names as readers, open_reader_from_args, `eccentric devices`."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from eccentric.cli import main
from eccentric.commands import devices
from forceplate import registry
from forceplate.errors import DeviceError, EccentricError, ExitCode
from forceplate.hid.hid_reader import HidPlateReader
from forceplate.reader import AttachedDevice

# a plate nobody has: pid.codes test range
NOBODY = """
[device]
name = "Nobody's plate"
vendor_id = 0x1209
product_id = 0x0fee
report_size = 8
[stream]
sample_rate_hz = 200
samples_per_report = 1
sample_offset = 0
[[channels]]
type = "int32"
offset = 0
scale = 0.001
"""


@pytest.fixture(autouse=True)
def user_profiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "nobody.toml").write_text(NOBODY)
    monkeypatch.setenv("ECCENTRIC_PROFILES_DIR", str(folder))
    return folder


def _args(**kw: object) -> argparse.Namespace:
    base = {"reader": None, "profile": None, "reader_option": None}
    base.update(kw)
    return argparse.Namespace(**base)


def test_installed_readers_include_hid_and_mock() -> None:
    classes = registry.reader_classes()
    assert {"hid", "mock"} <= set(classes)
    assert classes["hid"] is HidPlateReader
    assert all(getattr(c, "description", "") for c in classes.values())


@pytest.mark.parametrize(("name", "options", "title"), [
    ("hid", {"profile": "diy4"}, "DIY 4-load-cell plate"),
    ("hid", {}, "DIY 4-load-cell plate"),
    ("diy4", {}, "DIY 4-load-cell plate"),
    ("nobody", {}, "Nobody's plate"),
    ("hid", {"profile": "nobody", "serial": "X1"}, "Nobody's plate"),
])
def test_hid_reader_by_plugin_or_profile_name(name: str, options: dict, title: str) -> None:
    reader = registry.create_reader(name, **options)
    assert isinstance(reader, HidPlateReader)
    assert reader.profile.title == title


def test_unknown_and_broken_readers_are_one_line_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(EccentricError, match="unknown reader 'nope' .*installed: .*hid"):
        registry.create_reader("nope")
    monkeypatch.setitem(registry._BUILTIN, "broken", "forceplate.no_such_module:Reader")
    assert "broken" in registry.reader_load_errors()
    assert "broken" not in registry.reader_classes()
    with pytest.raises(EccentricError, match="failed to load"):
        registry.create_reader("broken")


def test_open_reader_from_args_picks_the_reader() -> None:
    assert devices.open_reader_from_args(_args()).name == "mock"
    r = devices.open_reader_from_args(_args(profile="nobody"))
    assert isinstance(r, HidPlateReader) and r.profile.name == "nobody"
    r = devices.open_reader_from_args(_args(reader="diy4", reader_option=["serial=ABC"]))
    assert isinstance(r, HidPlateReader) and r.transport.serial == "ABC"
    r = devices.open_reader_from_args(_args(reader="mock", reader_option=["seed=4", "realtime=false"]))
    assert r.name == "mock"
    with pytest.raises(EccentricError) as exc:
        devices.open_reader_from_args(_args(reader="mock", profile="diy4"))
    assert exc.value.exit_code == ExitCode.USAGE


def test_auto_picks_the_first_attached_plate_else_the_simulation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(devices, "attached_plates", lambda: ([], []))
    assert devices.open_reader_from_args(_args(), default="auto").name == "mock"
    plate = AttachedDevice("hid", "Nobody's plate", "S9", "bus 1", (("profile", "nobody"), ("serial", "S9")))
    monkeypatch.setattr(devices, "attached_plates", lambda: ([plate], []))
    r = devices.open_reader_from_args(_args(), default="auto")
    assert isinstance(r, HidPlateReader) and r.profile.name == "nobody" and r.transport.serial == "S9"


def test_devices_lists_readers_profiles_and_no_plate(capsys: pytest.CaptureFixture, monkeypatch) -> None:
    monkeypatch.setattr("forceplate.hid.hid_reader.discover_plates", lambda backend="auto": [])
    assert main(["devices"]) == 0
    out = capsys.readouterr().out
    assert "hid" in out and "mock" in out
    assert "diy4" in out and "1209:0001" in out and "nobody" in out
    assert "no plate attached - try --reader mock" in out


def test_devices_lists_attached_plates(capsys: pytest.CaptureFixture, monkeypatch) -> None:
    plate = AttachedDevice("hid", "DIY 4-load-cell plate", "SN7", "bus 3 address 4", (("profile", "diy4"), ("serial", "SN7")))
    monkeypatch.setattr("forceplate.hid.hid_reader.discover_plates", lambda backend="auto": [plate])
    assert main(["devices"]) == 0
    out = capsys.readouterr().out.split("Attached plates:")[1]
    assert "serial SN7" in out and "-o profile=diy4 -o serial=SN7" in out and "no plate" not in out


def test_devices_without_libusb_is_not_a_traceback(capsys: pytest.CaptureFixture, monkeypatch) -> None:
    def no_libusb(name="auto"):
        raise DeviceError("no libusb found for backend 'auto': install libusb-1.0-0")

    monkeypatch.setattr("forceplate.hid.backend.get_backend", no_libusb)
    assert main(["devices"]) == 0
    out = capsys.readouterr().out
    assert "cannot look for USB plates: no libusb found" in out
    assert "no plate attached" in out


def test_devices_test_reads_the_simulated_plate(capsys: pytest.CaptureFixture) -> None:
    assert main(["--reader", "mock", "-o", "seed=2", "devices", "--test", "--seconds", "0.3"]) == 0
    out = capsys.readouterr().out
    assert "samples/s" in out


@pytest.mark.parametrize(("argv", "code", "words"), [
    (["--reader", "nobody", "devices", "--test"], ExitCode.DEVICE, "is attached"),
    (["devices", "--reader", "nobody", "--test"], ExitCode.DEVICE, "is attached"),
    (["--reader", "hid", "--profile", "{tmp}/bad.toml", "devices", "--test"], ExitCode.BAD_INPUT, "missing section"),
    # a name on the command line that is no profile or backend is a usage error, like any -o mistake
    (["--reader", "hid", "-o", "backend=fancy", "devices", "--test"], ExitCode.USAGE, "unknown USB backend"),
    (["--reader", "gdx", "-o", "backend=fancy", "devices", "--test"], ExitCode.USAGE, "unknown USB backend"),
    (["--reader", "hid", "-o", "profile=nope", "devices", "--test"], ExitCode.USAGE, "unknown profile 'nope'"),
    (["--reader", "serial", "-o", "profile=nope", "devices", "--test"], ExitCode.USAGE, "unknown serial profile"),
    (["--reader", "hid", "-o", "poll_s=inf", "devices", "--test"], ExitCode.USAGE, "poll_s must be over 0"),
    (["--reader", "hid", "-o", "poll_s=-1", "devices", "--test"], ExitCode.USAGE, "poll_s must be over 0"),
    (["--reader", "hid", "-o", "poll_s=nan", "devices", "--test"], ExitCode.USAGE, "poll_s must be over 0"),
    (["--reader", "serial", "-o", "poll_s=0", "devices", "--test"], ExitCode.USAGE, "poll_s must be over 0"),
    (["--reader", "gdx", "-o", "poll_s=61", "devices", "--test"], ExitCode.USAGE, "poll_s must be over 0"),
    (["--reader", "hid", "-o", "read_timeout_ms=-1", "devices", "--test"], ExitCode.USAGE, "read_timeout_ms must"),
    (["--reader", "serial", "-o", "read_timeout_s=0", "devices", "--test"], ExitCode.USAGE, "read_timeout_s must"),
    (["--reader", "gdx", "-o", "info_timeout_s=inf", "devices", "--test"], ExitCode.USAGE, "info_timeout_s must"),
    (["--reader", "hid", "-o", "colour=red", "devices", "--test"], ExitCode.USAGE, "no option 'colour'"),
    (["--reader", "hid", "-o", "novalue", "devices", "--test"], ExitCode.USAGE, "KEY=VALUE"),
])
def test_device_errors_are_one_line_with_an_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                      argv: list[str], code: int, words: str) -> None:
    (tmp_path / "bad.toml").write_text("[device]\nvendor_id = 1\n")
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert main(argv) == code
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and words in err[0], err


def test_reader_options_recreate_the_same_reader() -> None:
    for name, options in [("diy4", {}), ("hid", {"profile": "nobody", "serial": "Z"}),
                          ("hid", {"profile": "diy4", "backend": "pypi"})]:
        first = registry.create_reader(name, **options)
        again = registry.create_reader(type(first).name, **{k: str(v) for k, v in first.options.items()})
        assert again.profile == first.profile and again.transport.serial == first.transport.serial
        assert "None" not in again.options.values()


MY_SERIAL = """
[device]
name = "My bench plate"
transport = "serial"
baudrate = 115200
[stream]
format = "csv"
sample_rate_hz = 500
[[channels]]
name = "load"
scale = 0.01
"""


def test_serial_profile_names_are_readers(user_profiles: Path, capsys: pytest.CaptureFixture, monkeypatch) -> None:
    """`--reader NAME` works for a shipped or user serial profile as for a HID one."""
    from forceplate.serial.reader import SerialPlateReader

    (user_profiles / "serial").mkdir()
    (user_profiles / "serial" / "mybench.toml").write_text(MY_SERIAL)
    r = registry.create_reader("jsonw")                                     # shipped
    assert isinstance(r, SerialPlateReader) and r.profile.name == "jsonw"
    r = registry.create_reader("mybench", port="/dev/ttyNONE")              # the user's own, with options
    assert isinstance(r, SerialPlateReader) and r.profile.title == "My bench plate"
    assert r.profile.baudrate == 115200 and r.options["port"] == "/dev/ttyNONE"
    r = devices.open_reader_from_args(_args(reader="csv4", reader_option=["port=/dev/ttyX"]))
    assert isinstance(r, SerialPlateReader) and r.profile.name == "csv4"
    # unknown: one line naming every choice
    with pytest.raises(EccentricError) as exc:
        registry.create_reader("nope")
    msg = str(exc.value)
    assert exc.value.exit_code == ExitCode.USAGE   # a bad command line, like argparse's
    assert "\n" not in msg and "installed: gdx, hid, mock, serial" in msg
    assert "HID profiles: diy4, nobody" in msg and "serial profiles: csv4, eccentric4, jsonw, mybench" in msg
    # a name that is both kinds is never guessed
    (user_profiles / "serial" / "nobody.toml").write_text(MY_SERIAL)
    with pytest.raises(EccentricError, match="both a HID and a serial plate profile"):
        registry.create_reader("nobody")
    with pytest.raises(EccentricError, match="names a plate profile itself"):
        registry.create_reader("jsonw", profile="csv4")
    monkeypatch.setattr("forceplate.hid.hid_reader.discover_plates", lambda backend="auto": [])
    assert main(["devices"]) == 0
    serial = capsys.readouterr().out.split("Serial plate profiles")[1].split("Attached plates:")[0]
    assert "--reader NAME" in serial and "mybench" in serial and "My bench plate" in serial


def test_a_serial_profile_name_reads_a_plate(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from forceplate.serial.emulator import PtyPlate

    plate = PtyPlate(tmp_path / "tty", fmt="jsonl", rate_hz=1280.0, first_counter=0).start()
    try:
        assert main(["--reader", "jsonw", "-o", f"port={tmp_path / 'tty'}", "devices", "--test", "--seconds", "0.5"]) == 0
    finally:
        plate.stop()
    out = capsys.readouterr().out
    assert "DIY serial plate" in out and "samples/s" in out and " 0 samples" not in out
