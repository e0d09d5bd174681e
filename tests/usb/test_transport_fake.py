"""HidTransport + HidPlateReader over a pyusb-like fake device: every error path, no libusb."""

from __future__ import annotations

import errno
import time

import numpy as np
import pytest

from forceplate.encoder import encode_reports
from forceplate.errors import DeviceError, DevicePermissionError, ExitCode
from forceplate.hid.fake_device import FakeUsbDevice
from forceplate.hid.hid_reader import HidPlateReader
from forceplate.hid.transport import HidTransport, Reconnected
from forceplate.profile import load_profile
from forceplate.reader import Connection
from forceplate.samples import Flags

PROFILE = load_profile("diy4")


def _counts(rng: np.random.Generator, n_reports: int) -> np.ndarray:
    n = n_reports * PROFILE.samples_per_report
    return rng.integers(-(2**23), 2**23, size=(n, len(PROFILE.channels)))


def _read_all(reader: HidPlateReader, n_samples: int, max_s: float = 10.0) -> list:
    blocks, got = [], 0
    t0 = time.monotonic()
    while got < n_samples and time.monotonic() - t0 < max_s:
        b = reader.read(0.05)
        if b is not None:
            blocks.append(b)
            got += len(b)
    return blocks


def _reader(device_or_finder, **kw) -> HidPlateReader:
    finder = device_or_finder if callable(device_or_finder) else (lambda: device_or_finder)
    return HidPlateReader(profile=PROFILE, finder=finder, read_timeout_ms=5, poll_s=0.02, **kw)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_report_arrives_in_order_and_timeouts_are_counted(seed: int) -> None:
    rng = np.random.default_rng(seed)
    k = int(rng.integers(200, 2000))
    counts = _counts(rng, k)
    dev = FakeUsbDevice(encode_reports(PROFILE, counts, first_report=int(rng.integers(0, 65536))))
    with _reader(dev) as reader:
        blocks = _read_all(reader, len(counts))
        time.sleep(0.05)   # the script has ended: reads now time out
        st = reader.status()
    got = np.concatenate([b.counts for b in blocks])
    np.testing.assert_array_equal(got, counts)
    flags = np.concatenate([b.flags for b in blocks])
    assert not (flags & Flags.DROPPED).any()
    assert st.reports == k and st.dropped_samples == 0 and st.rejected_reports == 0
    assert st.timeouts > 0 and st.connection == Connection.CONNECTED
    assert reader.status().connection == Connection.CLOSED


def test_start_and_stop_commands_go_as_set_report_without_an_out_endpoint() -> None:
    dev = FakeUsbDevice(encode_reports(PROFILE, _counts(np.random.default_rng(0), 10)))
    with _reader(dev):
        pass
    assert [c[:4] for c in dev.control] == [(0x21, 0x09, 0x0202, 0)] * 2
    assert [c[4] for c in dev.control] == [PROFILE.start_command, PROFILE.stop_command]
    assert dev.written == []


def test_start_and_stop_commands_use_the_interrupt_out_endpoint_when_there_is_one() -> None:
    dev = FakeUsbDevice(encode_reports(PROFILE, _counts(np.random.default_rng(0), 10)), ep_out=0x02)
    with _reader(dev):
        pass
    assert dev.written == [(0x02, PROFILE.start_command), (0x02, PROFILE.stop_command)]
    assert dev.control == []


def test_kernel_driver_is_detached_on_every_interface_and_given_back() -> None:
    dev = FakeUsbDevice(encode_reports(PROFILE, _counts(np.random.default_rng(0), 10)), driver_bound=True,
                        n_interfaces=2)
    dev._bound[1] = True
    with _reader(dev) as reader:
        assert reader.status().connection == Connection.CONNECTED
        assert sorted(dev.detached) == [0, 1] and dev.claimed == {0}
    assert sorted(dev.attached) == [0, 1] and dev.claimed == set()


def test_a_driver_that_will_not_detach_is_a_one_line_busy_error() -> None:
    dev = FakeUsbDevice([], driver_bound=True, driver_sticky=True)
    with pytest.raises(DeviceError) as exc:
        _reader(dev).open()
    assert "busy" in str(exc.value) and "\n" not in str(exc.value)
    assert exc.value.exit_code == ExitCode.DEVICE


def test_permission_denied_names_the_udev_rule() -> None:
    with pytest.raises(DevicePermissionError) as exc:
        _reader(FakeUsbDevice([], deny=True)).open()
    assert "70-eccentric.rules" in str(exc.value) and "udevadm" in str(exc.value)
    assert exc.value.exit_code == ExitCode.PERMISSION


def test_no_plate_is_a_device_error() -> None:
    with pytest.raises(DeviceError, match="no DIY .* is attached"):
        _reader(lambda: None).open()


@pytest.mark.parametrize(("configured", "fails", "calls"), [(True, False, 0), (False, True, 1), (False, False, 1)])
def test_set_configuration_only_when_unconfigured_and_its_failure_is_not_fatal(configured, fails, calls) -> None:
    counts = _counts(np.random.default_rng(5), 50)
    dev = FakeUsbDevice(encode_reports(PROFILE, counts), configured=configured, set_config_fails=fails)
    with _reader(dev) as reader:
        got = np.concatenate([b.counts for b in _read_all(reader, len(counts))])
    assert dev.set_config_calls == calls
    np.testing.assert_array_equal(got, counts)


@pytest.mark.parametrize("code", [errno.ENODEV, errno.EIO, errno.EPIPE])
def test_unplug_then_replug_keeps_every_sample_and_moves_time_on(code: int) -> None:
    rng = np.random.default_rng(code)
    k, cut = 600, int(rng.integers(50, 550))
    counts = _counts(rng, k)
    reports = encode_reports(PROFILE, counts)
    first = FakeUsbDevice(reports[:cut], end="gone")
    second = FakeUsbDevice(reports[cut:])   # replugged: carries on where it stopped
    state = {"polls": 0}

    def finder():
        if state["polls"] == 0:
            state["polls"] += 1
            return first
        state["polls"] += 1
        return second if state["polls"] > 5 else None   # away for a few polls

    first.errors = {cut: code} if code != errno.ENODEV else {}
    seen = set()
    with _reader(finder) as reader:
        blocks = []
        t0 = time.monotonic()
        got = 0
        while got < len(counts) and time.monotonic() - t0 < 10:
            b = reader.read(0.02)
            seen.add(reader.status().connection)
            if b is not None:
                blocks.append(b)
                got += len(b)
        st = reader.status()
    assert Connection.DISCONNECTED in seen
    assert st.reconnects == 1
    block = np.concatenate([b.counts for b in blocks])
    np.testing.assert_array_equal(block, counts)
    flags = np.concatenate([b.flags for b in blocks])
    spr = PROFILE.samples_per_report
    assert np.flatnonzero(flags & Flags.DISCONNECTED).tolist() == [cut * spr]
    t = np.concatenate([b.time_s for b in blocks])
    assert np.all(np.diff(t) > 0)
    assert t[cut * spr] - t[cut * spr - 1] >= 4 * 0.02   # at least the polls it was away


def test_a_full_queue_counts_dropped_reports_and_the_decoder_flags_the_gap() -> None:
    from forceplate.decoder import ReportDecoder

    k = 3000
    dev = FakeUsbDevice(encode_reports(PROFILE, _counts(np.random.default_rng(9), k)))
    tr = HidTransport(PROFILE, finder=lambda: dev, read_timeout_ms=5, queue_reports=1)
    tr.open()
    t0 = time.monotonic()
    while dev.pos < k and time.monotonic() - t0 < 10:
        time.sleep(0.01)     # a stalled consumer
    time.sleep(0.02)
    items = tr.take(0.1)
    items += tr.take(0.01)
    tr.close()
    assert tr.queue_reports >= 2 * PROFILE.sample_rate_hz / PROFILE.samples_per_report
    assert len(items) == tr.queue_reports
    assert tr.counters.dropped_reports == k - tr.queue_reports
    dec = ReportDecoder(PROFILE)
    dec.decode(b"".join(items))
    more = dev._reports[-1:]   # the plate carries on after the stall
    block = dec.decode(b"".join(more))
    assert block.flags[0] & Flags.DROPPED
    assert dec.dropped_samples == (k - tr.queue_reports - 1) * PROFILE.samples_per_report


def test_reports_of_the_wrong_length_are_rejected_and_counted() -> None:
    counts = _counts(np.random.default_rng(4), 20)
    good = [bytes(r) for r in encode_reports(PROFILE, counts)]
    dev = FakeUsbDevice(good[:10] + [b"\x01\x02\x03"] + good[10:])
    with _reader(dev) as reader:
        got = np.concatenate([b.counts for b in _read_all(reader, len(counts))])
        assert reader.status().rejected_reports == 1
    np.testing.assert_array_equal(got, counts)


def test_wrong_report_ids_are_skipped_and_flagged() -> None:
    counts = _counts(np.random.default_rng(6), 30)
    reps = encode_reports(PROFILE, counts)
    reps[7, 0] = 0x05
    with _reader(FakeUsbDevice(reps)) as reader:
        blocks = _read_all(reader, len(counts) - PROFILE.samples_per_report, max_s=2)
        st = reader.status()
    got = np.concatenate([b.counts for b in blocks])
    spr = PROFILE.samples_per_report
    np.testing.assert_array_equal(got, np.delete(counts, np.s_[7 * spr:8 * spr], axis=0))
    assert st.rejected_reports == 1


def test_reconnected_marker_and_close_twice() -> None:
    tr = HidTransport(PROFILE, finder=lambda: FakeUsbDevice([]), read_timeout_ms=5)
    tr.open()
    assert tr.take(0.02) == []
    tr.close()
    tr.close()
    assert tr.connection == Connection.CLOSED
    assert Reconnected(1.0).gap_s == 1.0


def test_unknown_reader_option_is_one_line() -> None:
    with pytest.raises(Exception, match="no option 'bogus'"):
        HidPlateReader(profile=PROFILE, bogus="1")


def test_real_pyusb_objects_over_a_fake_backend() -> None:
    """usb.core.Device, Configuration and Endpoint objects, as the transport meets them live."""
    from forceplate.hid.fake_device import FakePyusbBackend

    counts = _counts(np.random.default_rng(12), 700)
    backend = FakePyusbBackend(encode_reports(PROFILE, counts), PROFILE.vendor_id, PROFILE.product_id)
    reader = HidPlateReader(profile=PROFILE, backend=backend, read_timeout_ms=5)
    with reader:
        got = np.concatenate([b.counts for b in _read_all(reader, len(counts))])
        assert reader.transport.read_size == 64
        assert reader.info.extra["bus"] == "1"
    np.testing.assert_array_equal(got, counts)
    wrong = FakePyusbBackend(encode_reports(PROFILE, counts[:4]), 0x1209, 0x0FFF)
    with pytest.raises(DeviceError, match="is attached"):
        HidPlateReader(profile=PROFILE, backend=wrong).open()


def test_a_consumer_stalled_for_two_seconds_loses_nothing_at_the_fastest_report_rate() -> None:
    k = 3000   # 3 s at 1000 reports/s, USB full speed's ceiling
    counts = _counts(np.random.default_rng(13), k)
    dev = FakeUsbDevice(encode_reports(PROFILE, counts), pace_hz=1000)
    with _reader(dev) as reader:
        time.sleep(2.2)                          # the UI thread is busy
        assert reader.transport.backlog >= 1000   # queued, not lost, while nobody reads
        got = np.concatenate([b.counts for b in _read_all(reader, len(counts))])
        st = reader.status()
    np.testing.assert_array_equal(got, counts)
    assert st.dropped_samples == 0 and reader.transport.counters.dropped_reports == 0


OURS = dict(PROFILE.usb_strings)                          # what diy4's firmware says ([udev])
HOBBY = {"manufacturer": "Generic", "product": "USB Gamepad", "serial": "G1"}   # same pid.codes ID


def test_a_board_sharing_the_plates_usb_id_is_not_taken_for_it() -> None:
    """DIY boards share pid.codes' test IDs: the reader picks the board whose USB strings
    (read with usb.util.get_string) are the profile's, and names the others when none is."""
    from forceplate.hid.fake_device import FakePyusbBackend
    from forceplate.hid.hid_reader import discover_plates

    assert OURS == {"manufacturer": "eccentric", "product": "eccentric DIY 4-load-cell plate"}
    counts = _counts(np.random.default_rng(21), 50)
    reports = encode_reports(PROFILE, counts)
    backend = FakePyusbBackend(reports, PROFILE.vendor_id, PROFILE.product_id,
                               boards=[HOBBY, {**OURS, "serial": "P7"}])
    with HidPlateReader(profile=PROFILE, backend=backend, read_timeout_ms=5) as reader:
        got = np.concatenate([b.counts for b in _read_all(reader, len(counts))])
        assert backend.claimed == 1 and reader.info.extra["address"] == "12"   # the second board
    np.testing.assert_array_equal(got, counts)
    listed = discover_plates(FakePyusbBackend(reports, PROFILE.vendor_id, PROFILE.product_id,
                                              boards=[HOBBY, {**OURS, "serial": "P7"}]))
    assert [(d.serial, dict(d.options)["profile"]) for d in listed] == [("P7", "diy4")]
    # only the other board: a one-line error that says what it reports and what was wanted
    alone = FakePyusbBackend(reports, PROFILE.vendor_id, PROFILE.product_id, boards=[HOBBY])
    with pytest.raises(DeviceError) as exc:
        HidPlateReader(profile=PROFILE, backend=alone).open()
    msg = str(exc.value)
    assert "\n" not in msg and "'Generic' / 'USB Gamepad'" in msg and "'eccentric' / 'eccentric DIY" in msg
    assert alone.claimed is None


@pytest.mark.parametrize(("first", "error"), [({}, None), ({"deny": True}, DevicePermissionError)])
def test_a_board_whose_strings_cannot_be_told_stays_a_candidate_after_the_plate(first, error) -> None:
    """No strings, or no permission to read them (no udev rule yet): never preferred to the
    plate, but alone it is still opened, so a missing rule is reported as such."""
    from forceplate.hid.fake_device import FakePyusbBackend

    reports = encode_reports(PROFILE, _counts(np.random.default_rng(22), 5))
    both = FakePyusbBackend(reports, PROFILE.vendor_id, PROFILE.product_id, boards=[first, OURS])
    with HidPlateReader(profile=PROFILE, backend=both, read_timeout_ms=5):
        assert both.claimed == 1
    alone = FakePyusbBackend(reports, PROFILE.vendor_id, PROFILE.product_id, boards=[first])
    if error is None:
        with HidPlateReader(profile=PROFILE, backend=alone, read_timeout_ms=5):
            assert alone.claimed == 0
    else:
        with pytest.raises(error, match="udev"):
            HidPlateReader(profile=PROFILE, backend=alone).open()
