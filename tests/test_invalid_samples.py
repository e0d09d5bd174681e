"""A NaN or +-inf reading from a plate is a dropped sample: removed by the decoder, its place in
time kept, the next valid sample flagged DROPPED, counted; never passed on to the analysis, and a
session saved with such samples (by an older eccentric) still analyses."""

from __future__ import annotations

import math
import struct
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forceplate.decoder import ReportDecoder
from forceplate.gdx.emulator import GdxPlateModel
from forceplate.gdx.fake_usb import FakeGdxDevice
from forceplate.gdx.reader import GdxReader
from forceplate.gdx.stream import MeasurementDecoder
from forceplate.profile import ChannelSpec, PlateProfile
from forceplate.samples import Flags, SampleBlock, drop_invalid

BAD = (math.nan, math.inf, -math.inf)


def normal(values: np.ndarray, mask: int, ctr: int) -> bytes:
    body = bytes((0x06,)) + struct.pack("<HBB", mask, values.shape[0], 0) + values.astype("<f4").tobytes()
    pkt = bytearray((0x20, 4 + len(body), ctr & 0xFF, 0)) + body
    pkt[3] = sum(pkt) & 0xFF
    return bytes(pkt)


def _check_dropped(got: SampleBlock, ok: np.ndarray) -> None:
    """got holds exactly the valid samples sent (ok), at their own sample numbers; the first
    one after each run of invalid ones is flagged DROPPED, and no other."""
    np.testing.assert_array_equal(got.seq, np.flatnonzero(ok))
    after_bad = np.zeros(len(ok), bool)
    after_bad[1:] = ~ok[:-1]
    want = np.flatnonzero(after_bad & ok)
    np.testing.assert_array_equal(np.flatnonzero(got.flags & Flags.DROPPED), np.searchsorted(got.seq, want))


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 12), st.integers(2, 30),
       st.lists(st.tuples(st.integers(0, 359), st.sampled_from(BAD)), max_size=40),
       st.lists(st.integers(1, 9), min_size=1, max_size=4), st.booleans())
def test_go_direct_decoder_drops_non_finite_forces_and_keeps_every_finite_one(
        n: int, packets: int, bad: list[tuple[int, float]], reads: list[int], aux_bad: bool) -> None:
    total = n * packets
    force = np.linspace(600.0, 1400.0, total).astype(np.float32).astype(np.float64)
    for k, v in bad:
        if k < total:
            force[k] = v
    balance = np.full(total, 1.5)
    if aux_bad:
        balance[::3] = math.nan          # an aux channel's NaN is kept as sent: not the force
    vals = np.column_stack([force, balance])
    pkts = [normal(vals[i * n:(i + 1) * n], 0b110, i) for i in range(packets)]
    dec = MeasurementDecoder([1, 2], 0.001, required=[1])
    blocks, pos, j = [], 0, 0
    while pos < len(pkts):   # however the packets are grouped into reads
        b = dec.decode(pkts[pos:pos + reads[j % len(reads)]])
        assert b is None or len(b) > 0
        if b is not None:
            blocks.append(b)
        pos, j = pos + reads[j % len(reads)], j + 1
    invalid = int((~np.isfinite(force)).sum())
    assert dec.invalid_samples == invalid and dec.samples == total - invalid
    if invalid == total:
        assert not blocks
        return
    got = SampleBlock.concat(blocks)
    assert np.isfinite(got.values[:, 0]).all()
    _check_dropped(got, np.isfinite(force))
    np.testing.assert_array_equal(got.values[:, 0], force[np.isfinite(force)])
    np.testing.assert_array_equal(got.values[:, 1], balance[np.isfinite(force)])   # NaN included
    np.testing.assert_array_equal(got.time_s, got.seq * 0.001)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 199), st.integers(0, 1), st.sampled_from(BAD)), max_size=30),
       st.integers(1, 50))
def test_hid_decoder_drops_a_sample_with_a_non_finite_float_force(bad: list[tuple[int, int, float]], per_read: int) -> None:
    prof = PlateProfile(name="f2", title="float plate", vendor_id=1, product_id=2, report_size=9,
                        sample_rate_hz=1000.0, samples_per_report=1, sample_offset=1, sample_stride=8,
                        channels=(ChannelSpec("a", "float32", 0, 1.0), ChannelSpec("b", "float32", 4, 1.0)))
    vals = np.column_stack([np.arange(200.0), np.arange(200.0) + 0.5])
    for k, c, v in bad:
        vals[k, c] = v
    reports = b"".join(b"\x01" + r.astype("<f4").tobytes() for r in vals)
    dec = ReportDecoder(prof)
    blocks = [dec.decode(reports[i * 9:(i + per_read) * 9]) for i in range(0, 200, per_read)]
    got = SampleBlock.concat([b for b in blocks if len(b)])
    ok = np.isfinite(vals).all(axis=1)
    assert dec.invalid_samples == int((~ok).sum())
    _check_dropped(got, ok)
    np.testing.assert_array_equal(got.values, vals[ok])


def test_drop_invalid_moves_the_removed_samples_flags_on() -> None:
    v = np.array([[1.0], [math.nan], [math.inf], [4.0], [math.nan]])
    flags = np.array([0, Flags.DISCONNECTED, 0, 0, Flags.SATURATED], np.uint8)
    b = SampleBlock(np.arange(5) / 10, v, np.arange(5), flags)
    out, n, tail = drop_invalid(b, [0])
    assert n == 3 and out.seq.tolist() == [0, 3]
    assert out.flags.tolist() == [0, Flags.DROPPED | Flags.DISCONNECTED]
    assert tail == Flags.DROPPED | Flags.SATURATED
    same, n, tail = drop_invalid(SampleBlock(np.arange(2.0), np.array([[1e308], [1e308]]), np.arange(2),
                                             np.zeros(2, np.uint8)), [0])
    assert n == 0 and tail == 0 and len(same) == 2   # a sum that overflows is not an invalid sample


def test_recording_from_a_go_direct_plate_that_sends_nan_and_inf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """`eccentric record` keeps every finite sample, drops the bad ones as lost, and stores an analysis."""
    import eccentric.commands.devices as devices
    from eccentric.cli import main
    from sessions.library import Library
    from sessions.session_file import read_session

    bad = {k: BAD[k % 3] for k in [*range(1500, 1530), 2222, 3999]}
    dev = FakeGdxDevice(reports=[], ep_out=0x02, model=GdxPlateModel(speed=8.0, bad_force=bad))
    monkeypatch.setattr(devices, "open_reader_from_args", lambda args, default="auto": GdxReader(finder=lambda: dev))
    rc = main(["--data-dir", str(tmp_path), "record", "--seconds", "5", "--athlete", "Ana"])
    err = capsys.readouterr().err
    assert rc == 0, err
    assert "Traceback" not in err and "analysis failed" not in err
    [s] = Library(tmp_path).list()
    stored = read_session(s.path)
    force = stored.block.values[:, stored.info.force_channels[0]]
    assert np.isfinite(force).all()
    seq = stored.block.seq
    assert not set(bad) & set(seq.tolist())
    n = int(seq[-1]) + 1
    assert set(seq.tolist()) == set(range(n)) - set(bad)   # every finite sample, in place
    assert stored.block.flags[np.searchsorted(seq, 1530)] & Flags.DROPPED
    assert stored.meta.analysis_version   # the stored analysis ran over the valid samples


def _session_with_bad_samples(tmp_path: Path, every: int | None) -> tuple[Path, Path]:
    """A simulated session, and a copy with NaN/inf written into its force (as an older
    eccentric saved them): every `every`-th sample, or all of them (None)."""
    from eccentric.cli import main
    from sessions.library import Library
    from sessions.session_file import read_session, write_session

    assert main(["--data-dir", str(tmp_path), "record", "--reader", "mock", "-o", "realtime=false", "-o", "seed=3",
                 "--seconds", "30", "--method", "slow_negatives"]) == 0
    [s] = Library(tmp_path).list()
    st_ = read_session(s.path)
    v = st_.block.values.copy()
    fc = st_.info.force_channels
    rows = np.arange(len(v)) if every is None else np.arange(7, len(v), every)
    for k, i in enumerate(rows):
        v[i, fc[k % len(fc)]] = BAD[k % 3]
    bad = s.path.with_name("2026-01-01_120000_exercise_slow_negatives.parquet")
    write_session(bad, st_.meta, st_.info, SampleBlock(st_.block.time_s, v, st_.block.seq, st_.block.flags),
                  st_.reps.to_dicts(), st_.sets.to_dicts())
    return s.path, bad


def test_a_saved_session_with_non_finite_force_reanalyses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from eccentric.cli import main

    good, bad = _session_with_bad_samples(tmp_path, every=211)
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "analyze", "--reanalyse", "--format", "json", str(good)]) == 0
    want = json.loads(capsys.readouterr().out)["reps"]
    assert main(["--data-dir", str(tmp_path), "analyze", "--reanalyse", "--format", "json", str(bad)]) == 0
    out, err = capsys.readouterr()
    got = json.loads(out)["reps"]
    assert "Traceback" not in err and "internal error" not in err
    assert "NaN or infinite" in err and err.count("\n") == 1
    assert len(got) == len(want) >= 4
    for a, b in zip(got, want, strict=True):   # the same reps: 1 sample in 211 missing moves little
        assert abs(a["ecc_start_s"] - b["ecc_start_s"]) < 0.05 and abs(a["con_end_s"] - b["con_end_s"]) < 0.05
        assert a["ecc_mean_force_n"] == pytest.approx(b["ecc_mean_force_n"], rel=0.005)
    assert main(["--data-dir", str(tmp_path), "sessions", "reanalyse", bad.stem]) == 0
    assert "internal error" not in capsys.readouterr().err


def test_a_saved_session_with_no_finite_force_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from eccentric.cli import main

    _, bad = _session_with_bad_samples(tmp_path, every=None)
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "analyze", "--reanalyse", str(bad)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no valid force samples" in err


def test_replay_of_a_session_with_non_finite_force_draws_only_real_readings(tmp_path: Path) -> None:
    """Replay (the dashboard's chart, the status bar) gets the valid samples and counts the rest dropped."""
    from sessions.replay import ReplayReader

    _, bad = _session_with_bad_samples(tmp_path, every=211)
    r = ReplayReader(bad, realtime=False)
    r.open()
    blocks = []
    while (b := r.read(0.01)) is not None or r.status().connection.value == "connected":
        if b is not None:
            blocks.append(b)
    got = SampleBlock.concat(blocks)
    n_bad = len(range(7, 30_000, 211))
    assert np.isfinite(got.values).all() and len(got) == 30_000 - n_bad
    assert r.status().dropped_samples == n_bad
    assert got.flags[np.searchsorted(got.seq, 8)] & Flags.DROPPED


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.integers(-50_000, 50_000), st.sampled_from(BAD)), min_size=1, max_size=120),
       st.integers(1, 200))
def test_serial_json_lines_with_nan_or_inf_keep_time_and_drop_the_sample(values: list[float], step: int) -> None:
    """A well-formed line {"w": NaN} is a sample with no reading: dropped, its time slot kept
    (it was counted as a garbage line, and time without a counter slid back one sample)."""
    import json

    from forceplate.serial.reader import SerialPlateReader

    r = SerialPlateReader(profile="jsonw", port="/dev/null")
    text = b"".join(json.dumps({"w": v}).encode() + b"\n" for v in values)
    blocks = [b for i in range(0, len(text), step) if (b := r._decode([text[i:i + step]])) is not None]
    ok = np.array([math.isfinite(v) for v in values])
    assert r.invalid_samples == int((~ok).sum()) and r.decoder.garbage_lines == 0
    if not ok.any():
        assert not blocks
        return
    got = SampleBlock.concat(blocks)
    _check_dropped(got, ok)
    scale = r.profile.channels[0].scale
    np.testing.assert_allclose(got.values[:, 0], np.array(values, dtype=float)[ok] * scale + r.profile.channels[0].zero)


def test_the_report_draws_only_real_readings(tmp_path: Path) -> None:
    from sessions.report.data import load_detail

    _, bad = _session_with_bad_samples(tmp_path, every=211)
    d = load_detail(bad)
    assert np.isfinite(d.force_n).all() and len(d.force_n) == 30_000 - len(range(7, 30_000, 211))


@pytest.mark.parametrize("damage", ["tiny_then_huge", "backwards", "nan"])
def test_damaged_sample_times_are_kept_and_not_analysed(damage: str) -> None:
    """A damaged journal's times (fuzz: 5e-306 s, then 4.7e187 s) made the analysis overflow
    with warnings and give numbers from nothing: sessions.analysis refuses them in one line,
    and the recording keeps every sample (try_analyse_session returns no analysis, a reason)."""
    import warnings

    from test_sessions_support import plate_info

    from sessions.analysis import try_analyse_session
    from sessions.meta import SessionMeta

    info = plate_info(1)
    n = 3000
    t = np.arange(n) / 1000.0
    if damage == "tiny_then_huge":
        t[1000:] = 4.7e187 * np.linspace(1e-3, 1.0, n - 1000)
        t[999] = 5e-306 + t[998]
    elif damage == "backwards":
        t[2000:] -= 1.5
    else:
        t[1500] = math.nan
    f = np.full((n, 1), 800.0)
    block = SampleBlock(time_s=t, values=f, seq=np.arange(n, dtype=np.int64),
                        flags=np.zeros(n, dtype=np.uint8))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        analysis, why = try_analyse_session(info, block, SessionMeta(athlete="Ana"))
    assert analysis is None and "sample times are damaged" in why
