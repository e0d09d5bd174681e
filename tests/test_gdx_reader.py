"""GdxReader over an emulated GDX-FP behind a pyusb-like fake (fast; the umockdev path is in
tests/usb/test_gdx_umockdev.py): handshake, values, time, every injected fault."""

from __future__ import annotations

import errno
import time
from typing import Any

import numpy as np
import pytest

from forceplate.errors import DeviceError, DevicePermissionError, EccentricError
from forceplate.gdx.emulator import GdxPlateModel, force_at, value_at
from forceplate.gdx.fake_usb import FakeGdxDevice
from forceplate.gdx.reader import GdxReader
from forceplate.reader import Connection
from forceplate.registry import create_reader
from forceplate.samples import Flags, SampleBlock


def plate(**kw: Any) -> FakeGdxDevice:
    fake = {k: kw.pop(k) for k in ("ep_out", "errors", "gone_after", "deny") if k in kw}
    fake.setdefault("ep_out", 0x02)
    return FakeGdxDevice(reports=[], model=GdxPlateModel(speed=kw.pop("speed", 8.0), **kw), **fake)


def collect(reader: GdxReader, want: int, max_s: float = 10.0) -> SampleBlock:
    blocks, n, t0 = [], 0, time.monotonic()
    while n < want and time.monotonic() - t0 < max_s:
        b = reader.read(0.05)
        if b is not None:
            blocks.append(b)
            n += len(b)
    assert blocks, reader.status().message
    return SampleBlock.concat(blocks)


def expected_force(seq: np.ndarray) -> np.ndarray:
    return np.array([force_at(int(k)) for k in seq], dtype=np.float32).astype(np.float64)


@pytest.mark.parametrize("force_channel", [1, 4])
@pytest.mark.parametrize("ep_out", [0x02, None])   # interrupt OUT, or SET_REPORT on EP0
def test_handshake_finds_force_by_its_unit_and_streams_exact_values(force_channel: int, ep_out: int | None) -> None:
    dev = plate(force_channel=force_channel, ep_out=ep_out)
    with GdxReader(finder=lambda: dev) as r:
        info = r.info
        b = collect(r, 3000)
        st = r.status()
    assert [c.name for c in info.channels] == ["force", "x_balance", "y_balance"] or force_channel != 1
    assert [c.kind for c in info.channels].count("force") == 1
    fi = info.channel_index("force")
    assert fi is not None and info.channels[fi].unit == "N"
    assert info.extra["force_sensor"] == str(force_channel) and info.sample_rate_hz == 1000
    assert info.serial == "1J1000T6" and info.extra["battery_percent"] == "87" and info.extra["firmware"] == "1.2.345"
    assert "battery 87 %" in st.message and st.dropped_samples == 0 and st.rejected_reports == 0
    np.testing.assert_array_equal(b.seq, np.arange(len(b)))
    np.testing.assert_allclose(b.time_s, np.arange(len(b)) / 1000)
    np.testing.assert_array_equal(b.values[:, fi], expected_force(b.seq))
    np.testing.assert_array_equal(b.total_force_n(info), b.values[:, fi])   # balance never summed as force
    assert not b.flags.any()
    sent = [w for _, w in dev.written] + [c[4] for c in dev.control if c[1] == 0x09]
    cmds = [w[5] for w in sent]
    assert cmds[:5] == [0x1A, 0x10, 0x55, 0x56, 0x51] and cmds[-3:] == [0x1B, 0x18, 0x19]
    assert all(len(w) == 64 and w[1] == 0x58 for w in sent)
    assert dev.model.period_us == 1000


def test_force_only_option_enables_one_channel() -> None:
    dev = plate()
    with GdxReader(finder=lambda: dev, channels="force") as r:
        b = collect(r, 500)
        assert len(r.info.channels) == 1 and dev.model.mask == 1 << 1
    np.testing.assert_array_equal(b.values[:, 0], expected_force(b.seq))


def test_packets_split_anywhere_across_reports_decode_the_same() -> None:
    dev = plate(split=True)
    with GdxReader(finder=lambda: dev) as r:
        b = collect(r, 3000)
        st = r.status()
    np.testing.assert_array_equal(b.values[:, 0], expected_force(b.seq))
    np.testing.assert_array_equal(b.seq, np.arange(len(b)))
    assert st.rejected_reports == 0 and not b.flags.any()


@pytest.mark.parametrize("fault", ["bad_checksum", "lost_report"])
def test_a_damaged_packet_is_a_flagged_gap_of_exactly_its_samples(fault: int) -> None:
    # 3 channels x 10 samples = 129-byte packets, 3 reports each; packet 40 comes after the
    # counter proved itself (16 steps)
    kw: dict[str, Any] = {"bad_checksum": {40}} if fault == "bad_checksum" else {"lost_reports": {12 + 40 * 3 + 1}}
    dev = plate(**kw)
    with GdxReader(finder=lambda: dev) as r:
        b = collect(r, 2000)
        st = r.status()
    gap = np.flatnonzero(np.diff(b.seq) != 1)
    assert gap.size == 1 and b.seq[gap[0] + 1] - b.seq[gap[0]] == 11   # 10 samples missing
    assert b.flags[gap[0] + 1] & Flags.DROPPED and st.dropped_samples == 10
    np.testing.assert_array_equal(b.values[:, 0], expected_force(b.seq))   # times still right
    np.testing.assert_allclose(b.time_s, b.seq / 1000)
    assert st.rejected_reports >= 1 and "damaged packets" in st.message


def test_without_a_counter_a_damaged_packet_is_flagged_but_cannot_move_time() -> None:
    dev = plate(bad_checksum={40}, counter="fixed")
    with GdxReader(finder=lambda: dev) as r:
        b = collect(r, 2000)
        st = r.status()
    assert np.all(np.diff(b.seq) == 1) and st.dropped_samples == 0
    assert np.count_nonzero(b.flags & Flags.DROPPED) == 1
    assert b.flags[400] & Flags.DROPPED


def test_a_dropped_notice_flags_the_next_sample() -> None:
    dev = plate(dropped={30})
    with GdxReader(finder=lambda: dev) as r:
        b = collect(r, 1000)
        assert r.decoder is not None and r.decoder.dropped_events == 1
    assert np.flatnonzero(b.flags).tolist() == [300] and b.flags[300] == Flags.DROPPED


def test_slow_device_info_is_waited_for() -> None:
    dev = plate(slow_info_s=1.2)
    t0 = time.monotonic()
    with GdxReader(finder=lambda: dev, info_timeout_s=3) as r:
        assert time.monotonic() - t0 >= 1.2
        collect(r, 100)


@pytest.mark.parametrize(("kw", "opts", "words"), [
    ({"slow_info_s": 2.0}, {"info_timeout_s": 0.4}, "did not answer GET_DEVICE_INFO within 0.4 s"),
    ({"silent": {0x1A}}, {"command_timeout_s": 0.3}, "did not answer INIT within 0.3 s"),
    ({"bad_answer": {0x10}}, {}, None),                     # answered again after one damaged answer
])
def test_command_faults_end_in_a_clear_message_or_a_retry(kw: dict, opts: dict, words: str | None) -> None:
    dev = plate(**kw)
    r = GdxReader(finder=lambda: dev, **opts)
    if words is None:
        with r:
            collect(r, 100)
            assert r.session.bad_answers == 1
        return
    with pytest.raises(DeviceError) as err:
        r.open()
    assert words in str(err.value) and "\n" not in str(err.value)
    assert not dev.claimed


def test_a_stall_reopens_the_plate_and_flags_the_gap() -> None:
    dev = plate(errors={500: errno.EPIPE})
    with GdxReader(finder=lambda: dev, poll_s=0.1) as r:
        b = collect(r, 4000)
        st = r.status()
    cut = np.flatnonzero(b.flags & Flags.DISCONNECTED)
    assert cut.size == 1 and st.reconnects == 1 and np.all(np.diff(b.time_s) > 0)
    assert r.session.opened == 2


def test_unplug_mid_set_then_replug_time_keeps_moving() -> None:
    first = plate(gone_after=400)
    state: dict[str, Any] = {"dev": first, "gone_at": None}

    def finder() -> Any:
        dev = state["dev"]
        if dev is first and first._gone():
            if state["gone_at"] is None:
                state["gone_at"] = time.monotonic()
                return None
            if time.monotonic() - state["gone_at"] < 0.6:
                return None
            state["dev"] = plate(first_sample=first.model.sample)
            return state["dev"]
        return dev

    with GdxReader(finder=finder, poll_s=0.1) as r:
        b = collect(r, 5000, max_s=15)
        seen = r.status()
    cut = np.flatnonzero(b.flags & Flags.DISCONNECTED)
    assert cut.size == 1 and seen.reconnects == 1
    k = cut[0]
    assert b.time_s[k] - b.time_s[k - 1] >= 0.6      # time moved on by the time away
    np.testing.assert_array_equal(b.values[:k, 0], expected_force(b.seq[:k]))
    # after the replug the plate's samples continue its own numbering; values stay exact
    vals = b.values[k:k + 200, 0].astype(np.float32)
    k0 = first.model.sample
    np.testing.assert_array_equal(vals, np.array([value_at(state["dev"].model.sensors[1], k0 + i)
                                                  for i in range(200)], dtype=np.float32))


def test_open_errors() -> None:
    with pytest.raises(DeviceError, match="no Vernier Go Direct Force Plate"):
        GdxReader(finder=lambda: None).open()
    dev = plate(deny=True)
    with pytest.raises(DevicePermissionError, match="71-eccentric-plates.rules"):
        GdxReader(finder=lambda: dev).open()
    with pytest.raises(EccentricError, match="no option 'bogus'"):
        create_reader("gdx", bogus=1)
    with pytest.raises(EccentricError, match="channels must be"):
        GdxReader(channels="some")


def test_a_device_without_a_newton_channel_is_refused() -> None:
    dev = plate()
    for s in dev.model.sensors.values():
        if s.unit == "N":
            s.unit = "kg"
    with pytest.raises(DeviceError, match="no force channel in newtons"):
        GdxReader(finder=lambda: dev).open()


def test_registry_and_status_when_closed() -> None:
    r = create_reader("gdx")
    assert isinstance(r, GdxReader) and r.status().connection == Connection.CLOSED
