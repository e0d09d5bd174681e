"""DIY serial plates: the eccentric frame, JSON/CSV lines, profiles, and the reader against a
plate on a pseudo-terminal (garbage, cut frames, unplug), at 1000 and 1280 Hz."""

from __future__ import annotations

import errno
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forceplate.errors import DeviceError, DevicePermissionError, ProfileError
from forceplate.samples import Flags, SampleBlock
from forceplate.serial.emulator import PtyPlate, counts_at
from forceplate.serial.frame import FrameDecoder, crc16, crc_rows, encode_frames, frame_size
from forceplate.serial.lines import LineDecoder
from forceplate.serial.profile import parse_serial_profile, shipped_serial_profiles
from forceplate.serial.reader import SerialPlateReader


def test_crc_is_ccitt_false_and_the_vectorised_one_agrees() -> None:
    assert crc16(b"123456789") == 0x29B1
    rows = np.random.default_rng(1).integers(0, 256, (50, 19), dtype=np.uint8)
    assert crc_rows(rows).tolist() == [crc16(r.tobytes()) for r in rows]
    f = encode_frames(np.array([[1, -2]], np.int32), 0x1234)
    assert f[:5] == bytes((0xEC, 0x5A, 10, 0x34, 0x12)) and len(f) == frame_size(2) == 15
    assert int.from_bytes(f[-2:], "little") == crc16(f[2:-2])


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6), st.integers(0, 65535), st.integers(1, 200),
       st.lists(st.integers(7, 400), min_size=1, max_size=6), st.data())
def test_frames_survive_any_chunking_garbage_and_cuts(n_ch: int, first: int, n: int, cuts: list[int],
                                                      data: st.DataObject) -> None:
    rng = np.random.default_rng(n)
    counts = rng.integers(-(2**31), 2**31 - 1, (n, n_ch)).astype(np.int32)
    size = frame_size(n_ch)
    blob = encode_frames(counts, first)
    frames = [blob[i * size:(i + 1) * size] for i in range(n)]
    damaged = set(data.draw(st.sets(st.integers(0, n - 1), max_size=5)))
    garbage = {k: data.draw(st.binary(min_size=1, max_size=30)) for k in
               data.draw(st.sets(st.integers(0, n - 1), max_size=4))}
    stream = bytearray()
    for i, f in enumerate(frames):
        stream += garbage.get(i, b"")
        stream += f[: size // 2] if i in damaged else f
    dec = FrameDecoder(n_ch)
    got_c, got_s, got_f = [], [], []
    pos, i = 0, 0
    while pos < len(stream):
        step = cuts[i % len(cuts)]
        c, s, fl = dec.decode(bytes(stream[pos:pos + step]))
        got_c.append(c), got_s.append(s), got_f.append(fl)
        pos, i = pos + step, i + 1
    c, s, fl = np.concatenate(got_c), np.concatenate(got_s), np.concatenate(got_f)
    # every frame that was sent whole comes back (a frame right behind garbage or a cut may
    # only be lost if the garbage happens to complete a fake header - never here: CRC)
    intact = [k for k in range(n) if k not in damaged]
    first_got = intact[0] if intact else None
    if first_got is None:
        assert len(c) == 0
        return
    assert s.tolist() == [k - first_got for k in intact]
    np.testing.assert_array_equal(c, counts[intact])
    # accounted for: received + lost (counter gaps) = the span
    assert len(c) + dec.lost_frames == intact[-1] - first_got + 1
    for k in intact[1:]:
        j = intact.index(k)
        if k - 1 in damaged or k in garbage:
            assert fl[j] & Flags.DROPPED


def test_line_formats_fast_and_slow_paths() -> None:
    d = LineDecoder("jsonl", ["w"], counter="n")
    v, s, f = d.decode(b'{"w": 10, "n": 5}\n{"w":-2.5,"n":6}\n{"n": 8, "w": 7}\nboot ok\n{"w": 1, "n": 9}\n{"w"')
    assert v[:, 0].tolist() == [10, -2.5, 7, 1] and s.tolist() == [0, 1, 3, 4]
    assert f.tolist() == [0, 0, Flags.DROPPED, Flags.DROPPED] and d.garbage_lines == 1 and d.lost_samples == 1
    v, s, _ = d.decode(b': 3, "n": 10}\r\n')
    assert v[:, 0].tolist() == [3] and s.tolist() == [5]
    c = LineDecoder("csv", [1, 2], counter=0, counter_modulo=1000)
    v, s, f = c.decode(b"n,a,b\n998, 1,2\n999,3,4\n0,5,6\n2,7,8\n")
    assert v.tolist() == [[1, 2], [3, 4], [5, 6], [7, 8]] and s.tolist() == [0, 1, 2, 4]
    assert c.garbage_lines == 1 and c.lost_samples == 1
    assert LineDecoder("csv", [0]).decode(b"x" * 5000)[0].shape == (0, 1)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-10**9, 10**9), min_size=1, max_size=200), st.integers(1, 50))
def test_json_lines_any_chunking(values: list[int], step: int) -> None:
    text = b"".join(b'{"w": %d}\n' % v for v in values)
    d = LineDecoder("jsonl", ["w"])
    out = [d.decode(text[i:i + step])[0] for i in range(0, len(text), step)]
    assert np.concatenate(out)[:, 0].tolist() == values


def test_profiles_ship_and_bad_ones_say_why() -> None:
    shipped = shipped_serial_profiles()
    assert {"eccentric4", "jsonw", "csv4"} <= set(shipped)
    assert shipped["jsonw"].sample_rate_hz == 1280 and shipped["eccentric4"].vendor_id == 0x1209
    base = {"device": {"name": "x"}, "stream": {"format": "jsonl", "sample_rate_hz": 100},
            "channels": [{"scale": 1.0}]}
    with pytest.raises(ProfileError, match="JSON 'key'"):
        parse_serial_profile(base, "x")
    with pytest.raises(ProfileError, match="format 'hex'"):
        parse_serial_profile({**base, "stream": {"format": "hex", "sample_rate_hz": 1}}, "x")
    with pytest.raises(ProfileError, match="both vendor_id"):
        parse_serial_profile({**base, "device": {"vendor_id": 1}, "channels": [{"scale": 1.0, "key": "w"}]}, "x")


def run_plate(tmp_path: Path, profile: str, *, fmt: str, rate: float, seconds: float, **faults: object
              ) -> tuple[PtyPlate, SerialPlateReader, SampleBlock]:
    link = tmp_path / "ttyPLATE"
    total = int(rate * seconds)
    plate = PtyPlate(link, fmt=fmt, rate_hz=rate, total=total, first_counter=65000, **faults).start()  # type: ignore[arg-type]
    reader = SerialPlateReader(profile=profile, port=str(link), poll_s=0.1, rate_hz=rate)
    blocks = []
    with reader:
        t0 = time.monotonic()
        while time.monotonic() - t0 < seconds + 5:
            b = reader.read(0.05)
            if b is not None:
                blocks.append(b)
            if plate.sent >= total and b is None and reader.transport.connection.value == "connected":
                break
        reader.last_status = reader.status()   # type: ignore[attr-defined]
    plate.stop()
    return plate, reader, SampleBlock.concat(blocks)


@pytest.mark.parametrize("rate", [1000.0, 1280.0])
def test_pty_plate_every_frame_accounted_for(tmp_path: Path, rate: float) -> None:
    k_garbage, k_cut = int(rate * 0.5), int(rate * 0.9)
    plate, reader, b = run_plate(tmp_path, "eccentric4", fmt="frame", rate=rate, seconds=2.0,
                                 garbage={k_garbage: b"\xec\x5a\x12\x00boot v1.2\r\n"}, cut={k_cut})
    dec = reader.decoder
    assert isinstance(dec, FrameDecoder)
    first = (dec.first_counter - 65000) % 65536     # frames sent before the port was opened
    k = b.seq + first
    assert dec.lost_frames == 1 and len(b) + dec.lost_frames == b.seq[-1] + 1   # every frame accounted for
    np.testing.assert_array_equal(b.counts, counts_at(k, 4))
    np.testing.assert_allclose(b.values, counts_at(k, 4) * 0.001)
    np.testing.assert_allclose(b.time_s, b.seq / rate)
    flagged = set(k[np.flatnonzero(b.flags & Flags.DROPPED)].tolist())
    assert flagged == {k_garbage, k_cut + 1}
    st_ = reader.last_status   # type: ignore[attr-defined]
    assert st_.dropped_samples == 1 and st_.rejected_reports == 2 and "garbage bytes" in st_.message


@pytest.mark.parametrize(("profile", "fmt"), [("eccentric4", "frame"), ("csv4", "csv")])
def test_pty_plate_unplugged_and_back(tmp_path: Path, profile: str, fmt: str) -> None:
    plate, reader, b = run_plate(tmp_path, profile, fmt=fmt, rate=1280.0, seconds=2.5, unplug_at=1200, away_s=0.5)
    cut = np.flatnonzero(b.flags & Flags.DISCONNECTED)
    assert cut.size == 1 and reader.status().reconnects == 1
    dec = reader.decoder
    # the counter carried on: frames the plate sent before the port was reopened are counted
    assert len(b) + dec.lost_in_replug + (dec.lost_frames if fmt == "frame" else dec.lost_samples) == b.seq[-1] + 1
    assert np.all(np.diff(b.seq) > 0)
    if fmt == "frame":
        first = (dec.first_counter - 65000) % 65536
    else:
        # CSV lines carry no counter: find where in the plate's stream the reader came in (when
        # the port opened is a matter of scheduling), then every later value must follow from it
        sent = counts_at(np.arange(plate.sent), 4) * 0.001
        starts = np.flatnonzero(np.all(np.isclose(sent[:, :4], b.values[0, :4]), axis=1))
        assert starts.size >= 1
        first = int(starts[0])
    np.testing.assert_allclose(b.values[:, :4], counts_at(b.seq + first, 4) * 0.001)


def test_json_plate_without_a_counter_keeps_time_moving_over_an_unplug(tmp_path: Path) -> None:
    _, reader, b = run_plate(tmp_path, "jsonw", fmt="jsonl", rate=1280.0, seconds=2.0, unplug_at=1000, away_s=0.6)
    cut = np.flatnonzero(b.flags & Flags.DISCONNECTED)
    assert cut.size == 1
    assert b.time_s[cut[0]] - b.time_s[cut[0] - 1] >= 0.6
    assert np.all(np.diff(b.seq)[: cut[0] - 1] == 1)


def test_port_discovery_by_vid_pid_and_open_errors(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from serial.tools import list_ports

    ports = [SimpleNamespace(device="/dev/ttyACM7", vid=0x1209, pid=0x0002),
             SimpleNamespace(device="/dev/ttyUSB0", vid=0x1A86, pid=0x7523)]
    monkeypatch.setattr(list_ports, "comports", lambda: ports)
    found = SerialPlateReader.discover()
    assert [(d.reader, dict(d.options)["port"], dict(d.options)["profile"]) for d in found] == \
        [("serial", "/dev/ttyACM7", "eccentric4")]
    assert "1000 Hz" in found[0].name
    with pytest.raises(DeviceError, match="give the port"):
        SerialPlateReader(profile="jsonw").open()
    with pytest.raises(DeviceError, match="no serial port"):
        SerialPlateReader(port=str(tmp_path / "nothing")).open()

    import serial

    def denied(*a: object, **k: object) -> None:
        raise serial.SerialException(errno.EACCES, "could not open port: [Errno 13] Permission denied")

    (tmp_path / "tty").touch()
    with pytest.raises(DevicePermissionError, match="dialout"):
        SerialPlateReader(port=str(tmp_path / "tty"), opener=denied).open()


def test_eccentric_record_from_the_pty_plate(tmp_path: Path) -> None:
    import subprocess
    import sys

    from sessions.session_file import read_session

    plate = PtyPlate(tmp_path / "tty", rate_hz=1280.0, first_counter=0).start()
    try:
        proc = subprocess.run([sys.executable, "-m", "eccentric", "record", "--reader", "serial",
                               "-o", f"port={tmp_path / 'tty'}", "-o", "rate_hz=1280", "--seconds", "2",
                               "--data-dir", str(tmp_path / "data")], capture_output=True, text=True, timeout=90)
    finally:
        plate.stop()
    assert proc.returncode == 0, proc.stderr
    assert "saved 2560 samples" in proc.stderr
    s = read_session(next((tmp_path / "data" / "sessions").rglob("*.parquet")))
    b = s.block
    np.testing.assert_allclose(np.diff(b.time_s), 1 / 1280)
    assert b.counts is not None
    np.testing.assert_allclose(b.values, b.counts * 0.001)
    assert not b.flags.any()
