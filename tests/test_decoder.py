"""ReportDecoder against forceplate.encoder over random profiles: exact round trips, counter
unwrapping across calls and wrap-around, gaps, garbage."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forceplate.decoder import ReportDecoder
from forceplate.encoder import counts_from_values, encode_reports
from forceplate.errors import DecodeError
from forceplate.profile import VALUE_TYPES, PlateProfile, load_profile, parse_profile
from forceplate.samples import Flags

INT_TYPES = [t for t in VALUE_TYPES if t != "float32"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def profiles(draw: Any, with_float: bool = True) -> PlateProfile:
    types = list(VALUE_TYPES) if with_float else INT_TYPES
    n_ch = draw(st.integers(1, 6))
    chans, off = [], 0
    for i in range(n_ch):
        typ = draw(st.sampled_from(types))
        off += draw(st.integers(0, 2))          # gaps between channels
        chans.append({"name": f"c{i}", "type": typ, "offset": off,
                      "scale": draw(st.sampled_from([0.01, 0.5, 1.0, 2.0, 1e-4, -0.25])),
                      "zero": draw(st.sampled_from([0.0, 0.0, 12.5, -3.0])),
                      "endian": draw(st.sampled_from(["little", "big"])),
                      "kind": draw(st.sampled_from(["force", "force", "position", "spotter_force"]))})
        off += VALUE_TYPES[typ][0]
    sample_bytes = off
    stride = sample_bytes + draw(st.integers(0, 3))
    spr = draw(st.integers(1, 8))
    has_id = draw(st.booleans())
    seq_type = draw(st.sampled_from([None, "uint8", "uint16", "uint32"]))
    header = int(has_id)
    stream: dict[str, Any] = {"sample_rate_hz": draw(st.sampled_from([100, 500, 1000, 2000, 4000])),
                              "samples_per_report": spr, "sample_stride": stride}
    if seq_type:
        stream.update(sequence_offset=header, sequence_type=seq_type,
                      sequence_endian=draw(st.sampled_from(["little", "big"])))
        header += VALUE_TYPES[seq_type][0]
    stream["sample_offset"] = header + draw(st.integers(0, 2))
    size = stream["sample_offset"] + spr * stride + draw(st.integers(0, 5))
    device: dict[str, Any] = {"vendor_id": 0x1209, "product_id": 0x0002, "report_size": size}
    if has_id:
        device["report_id"] = draw(st.integers(1, 255))
    return parse_profile({"device": device, "stream": stream, "channels": chans}, "random")


def random_counts(profile: PlateProfile, rng: np.random.Generator, n_reports: int) -> np.ndarray:
    """Counts inside each converter's range, its limits included (to exercise saturation)."""
    n = n_reports * profile.samples_per_report
    out = np.empty((n, len(profile.channels)))
    for j, ch in enumerate(profile.channels):
        if ch.type == "float32":
            out[:, j] = rng.normal(0, 1e4, n).astype(np.float32)
        else:
            lo, hi = ch.limits
            out[:, j] = rng.integers(lo, hi, size=n, endpoint=True)
            out[rng.random(n) < 0.01, j] = hi   # a few saturated samples
    return out


@SETTINGS
@given(profile=profiles(), seed=st.integers(0, 2**32 - 1), n_reports=st.integers(1, 300))
def test_random_profiles_round_trip_exactly(profile: PlateProfile, seed: int, n_reports: int) -> None:
    rng = np.random.default_rng(seed)
    counts = random_counts(profile, rng, n_reports)
    reports = encode_reports(profile, counts, first_report=int(rng.integers(0, 2**16)))
    block = ReportDecoder(profile).decode(reports.tobytes())
    assert len(block) == len(counts)
    if block.counts is not None:   # float profiles give no counts
        np.testing.assert_array_equal(block.counts, counts)
    scale = np.array([c.scale for c in profile.channels])
    zero = np.array([c.zero for c in profile.channels])
    np.testing.assert_allclose(block.values, counts * scale + zero, rtol=1e-12, atol=0)
    np.testing.assert_array_equal(block.seq, np.arange(len(counts)))
    np.testing.assert_allclose(block.time_s, np.arange(len(counts)) / profile.sample_rate_hz)
    if block.counts is not None:
        lims = np.array([c.limits for c in profile.channels], dtype=float)
        sat = ((counts <= lims[:, 0]) | (counts >= lims[:, 1])).any(axis=1)
        np.testing.assert_array_equal((block.flags & Flags.SATURATED) > 0, sat)
    assert not (block.flags & (Flags.DROPPED | Flags.DISCONNECTED)).any()


@SETTINGS
@given(profile=profiles(with_float=False), seed=st.integers(0, 2**32 - 1))
def test_split_decoding_equals_one_call_across_counter_wrap(profile: PlateProfile, seed: int) -> None:
    rng = np.random.default_rng(seed)
    k = int(rng.integers(2, 600))
    counts = random_counts(profile, rng, k)
    bits = 8 * VALUE_TYPES[profile.sequence_type][0]
    first = (1 << bits) - int(rng.integers(1, k + 1))   # wraps inside the stream
    reports = encode_reports(profile, counts, first_report=first)
    whole = ReportDecoder(profile).decode(reports.tobytes())
    dec = ReportDecoder(profile)
    cuts = np.unique(np.concatenate([[0, k], rng.integers(1, k, size=int(rng.integers(0, 6)))]))
    parts = [dec.decode(reports[a:b].tobytes()) for a, b in zip(cuts[:-1], cuts[1:], strict=True)]
    np.testing.assert_array_equal(np.concatenate([p.seq for p in parts]), whole.seq)
    np.testing.assert_array_equal(np.concatenate([p.counts for p in parts]), counts)
    np.testing.assert_array_equal(np.concatenate([p.flags for p in parts]), whole.flags)


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), seq_type=st.sampled_from(["uint8", "uint16", "uint32"]))
def test_missing_reports_are_flagged_and_counted(seed: int, seq_type: str) -> None:
    base = load_profile("diy4")
    profile = parse_profile({
        "device": {"vendor_id": 1, "product_id": 2, "report_size": 64, "report_id": 1},
        "stream": {"sample_rate_hz": 1000, "samples_per_report": 4, "sample_offset": 8, "sample_stride": 12,
                   "sequence_offset": 1, "sequence_type": seq_type},
        "channels": [{"type": c.type, "offset": c.offset, "scale": c.scale} for c in base.channels],
    }, "gappy")
    rng = np.random.default_rng(seed)
    k = int(rng.integers(20, 400))
    counts = random_counts(profile, rng, k)
    reports = encode_reports(profile, counts, first_report=int(rng.integers(0, 300)))
    # drop runs shorter than a counter period so every gap is visible
    lost = np.unique(rng.integers(1, k - 1, size=int(rng.integers(1, 8))))  # the last one is invisible
    keep = np.setdiff1d(np.arange(k), lost)
    dec = ReportDecoder(profile)
    block = dec.decode(reports[keep].tobytes())
    spr = profile.samples_per_report
    assert dec.dropped_samples == len(lost) * spr
    np.testing.assert_array_equal(block.seq, (keep[:, None] * spr + np.arange(spr)).ravel())
    after_gap = np.flatnonzero(np.diff(keep) > 1) + 1
    np.testing.assert_array_equal(np.flatnonzero(block.flags & Flags.DROPPED), after_gap * spr)


@SETTINGS
@given(profile=profiles(), data=st.binary(min_size=0, max_size=2000))
def test_garbage_bytes_decode_or_fail_cleanly(profile: PlateProfile, data: bytes) -> None:
    dec = ReportDecoder(profile)
    try:
        block = dec.decode(data)
    except DecodeError as err:
        assert "\n" not in str(err)
        return
    n_reports = len(data) // profile.report_size
    accepted = n_reports - dec.rejected_reports
    assert len(block) == accepted * profile.samples_per_report
    assert block.values.shape == (len(block), len(profile.channels))


@pytest.mark.parametrize("extra", [1, 7, 63])
def test_truncated_reports_are_a_one_line_decode_error(extra: int) -> None:
    p = load_profile("diy4")
    reports = encode_reports(p, np.zeros((8, 4)))
    with pytest.raises(DecodeError, match="not a whole number"):
        ReportDecoder(p).decode(reports.tobytes()[:-extra])
    with pytest.raises(DecodeError):
        ReportDecoder(p).decode(b"")


def test_wrong_report_ids_are_skipped_counted_and_flagged() -> None:
    p = load_profile("diy4")
    rng = np.random.default_rng(11)
    counts = random_counts(p, rng, 50)
    reports = encode_reports(p, counts)
    bad = rng.choice(50, size=5, replace=False)
    reports[bad, 0] = 0x7F
    dec = ReportDecoder(p)
    block = dec.decode(reports.tobytes())
    assert dec.rejected_reports == 5
    keep = np.setdiff1d(np.arange(50), bad)
    spr = p.samples_per_report
    np.testing.assert_array_equal(block.counts, counts.reshape(50, spr, 4)[keep].reshape(-1, 4))
    assert block.flags[0] & Flags.DROPPED


@pytest.mark.parametrize("gap_s", [0.0, 0.25, 3.0])
def test_reset_after_a_replug_moves_time_on_and_flags_the_next_sample(gap_s: float) -> None:
    p = load_profile("diy4")
    counts = random_counts(p, np.random.default_rng(3), 40)
    reports = encode_reports(p, counts)
    dec = ReportDecoder(p)
    a = dec.decode(reports[:20].tobytes())
    dec.reset(gap_s)
    b = dec.decode(encode_reports(p, counts[80:], first_report=0).tobytes())  # counter restarts
    assert b.flags[0] & Flags.DISCONNECTED and not (b.flags[1:] & Flags.DISCONNECTED).any()
    step = b.time_s[0] - a.time_s[-1]
    assert step == pytest.approx(gap_s + 1 / p.sample_rate_hz, abs=p.samples_per_report / p.sample_rate_hz)
    assert dec.dropped_samples == 0


def test_counts_from_values_clips_to_the_converter_range() -> None:
    p = load_profile("diy4")
    values = np.array([[1e9, -1e9, 0.004, -0.006]])
    c = counts_from_values(p, values)
    assert c[0, 0] == 2**23 - 1 and c[0, 1] == -(2**23)
    assert c[0, 2] == 0 and c[0, 3] == -1
    block = ReportDecoder(p).decode(encode_reports(p, np.repeat(c, 4, axis=0)).tobytes())
    assert (block.flags & Flags.SATURATED).all()
