"""Go Direct framing, reassembly and measurement decoding (no device)."""

from __future__ import annotations

import struct

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from forceplate.gdx import protocol as P
from forceplate.gdx.stream import BROKEN, COUNTER_TRUST_AFTER, MeasurementDecoder, PacketAssembler
from forceplate.samples import Flags


def packet(kind: int, body: bytes, ctr: int = 0, corrupt: bool = False) -> bytes:
    pkt = bytearray((kind, 4 + len(body), ctr & 0xFF, 0)) + body
    pkt[3] = sum(pkt) & 0xFF
    if corrupt:
        pkt[3] ^= 0xFF
    return bytes(pkt)


def normal(values: np.ndarray, mask: int, ctr: int = 0, corrupt: bool = False) -> bytes:
    n = values.shape[0]
    return packet(0x20, bytes((0x06,)) + struct.pack("<HBB", mask, n, 0) + values.astype("<f4").tobytes(), ctr, corrupt)


def reports_of(stream: bytes, cuts: list[int]) -> list[bytes]:
    """The stream in reports of the given sizes (1..63), each [count, bytes, zero padding]."""
    out, pos, i = [], 0, 0
    while pos < len(stream):
        n = cuts[i % len(cuts)] if cuts else 63
        chunk = stream[pos:pos + n]
        out.append(bytes((len(chunk),)) + chunk + bytes(63 - len(chunk)))
        pos += n
        i += 1
    return out


def test_command_layout_and_checksum() -> None:
    pkt = P.build_command(0xFE, P.CMD_INIT, P.INIT_PARAMS)
    assert pkt[:3] == bytes((0x58, 25, 0xFE)) and pkt[4] == 0x1A and pkt[5:] == P.INIT_PARAMS
    assert pkt[3] == (sum(pkt) - pkt[3]) & 0xFF
    reps = P.to_reports(P.build_command(1, P.CMD_SET_PERIOD, P.period_params(1000)))
    assert len(reps) == 1 and len(reps[0]) == 64 and reps[0][0] == 15
    assert P.period_params(1000) == bytes.fromhex("ff00e803000000000000")
    assert P.start_params(0b1110) == bytes.fromhex("ff010e000000") + bytes(8)
    long = P.to_reports(bytes(range(150)))
    assert [r[0] for r in long] == [63, 63, 24]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 255), st.binary(min_size=1, max_size=200)), min_size=1, max_size=20),
       st.lists(st.integers(1, 63), min_size=1, max_size=8))
def test_packets_come_back_whole_however_the_reports_cut_them(items: list[tuple[int, bytes]], cuts: list[int]) -> None:
    pkts = [packet(0x98 if i % 2 else 0x20, bytes((i & 0xFF,)) + body[:240], ctr) for i, (ctr, body) in enumerate(items)]
    asm = PacketAssembler()
    got = []
    for rep in reports_of(b"".join(pkts), cuts):
        got += asm.feed([rep])
    assert got == pkts and asm.bad_checksums == 0 and asm.skipped_bytes == 0


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 9), st.integers(1, 40), st.integers(1, 63))
@example(7, 8, 1)   # found in CI: the damaged packet's 8-bit checksum matched by chance
def test_a_lost_piece_costs_only_the_packets_it_touched(lost: int, nbytes: int, cut: int) -> None:
    vals = np.arange(30, dtype=np.float32).reshape(10, 3)
    pkts = [normal(vals + i, 0b1110, i) for i in range(11)]   # the 11th shows the 10th is short
    stream = b"".join(pkts)
    start = sum(map(len, pkts[:lost])) + 3
    damaged = stream[:start] + stream[start + nbytes:]
    asm = PacketAssembler()
    got = asm.feed(reports_of(damaged, [cut]))
    assert got.count(BROKEN) == 1               # one mark, where the bytes went missing
    mark = got.index(BROKEN)
    assert got[:mark] == pkts[:lost]
    good = [p for p in got if p]
    assert all(p in pkts for p in good)         # nothing invented
    assert len(good) >= 11 - 1 - (nbytes + 3) // len(pkts[0]) - 1


def test_every_sample_carrying_sub_type_decodes() -> None:
    dec = MeasurementDecoder([1, 2, 3], 0.001)
    a = np.array([[1.5, 2.5, 3.5], [4.5, 5.5, 6.5]], dtype=np.float32)
    wide = packet(0x20, bytes((0x07,)) + struct.pack("<IBB", 0b1110, 2, 0) + a.tobytes(), 1)
    b = dec.decode([normal(a, 0b1110, 0), wide])
    assert b is not None
    np.testing.assert_array_equal(b.values, np.vstack([a, a]))
    np.testing.assert_array_equal(b.seq, [0, 1, 2, 3])
    np.testing.assert_allclose(b.time_s, [0, 0.001, 0.002, 0.003])
    # single-channel packets: real and int32, held until every channel has values
    dec1 = MeasurementDecoder([1], 0.001)
    for sub, dtype in ((0x08, "<f4"), (0x09, "<i4"), (0x0A, "<f4"), (0x0B, "<i4")):
        v = np.array([7, -8, 9], dtype=dtype)
        blk = dec1.decode([packet(0x20, bytes((sub, 0, 1, 3)) + v.tobytes())])
        assert blk is not None
        np.testing.assert_array_equal(blk.values[:, 0], [7, -8, 9])
    dec2 = MeasurementDecoder([1, 2], 0.01)
    assert dec2.decode([packet(0x20, bytes((0x08, 0, 1, 2)) + np.array([1, 2], "<f4").tobytes())]) is None
    blk = dec2.decode([packet(0x20, bytes((0x08, 0, 2, 3)) + np.array([5, 6, 7], "<f4").tobytes())])
    assert blk is not None
    np.testing.assert_array_equal(blk.values, [[1, 5], [2, 6]])


def test_info_dropped_unknown_and_responses() -> None:
    dec = MeasurementDecoder([1], 0.001)
    one = np.ones((5, 1), np.float32)
    pkts = [packet(0x20, bytes((0x0C, 0, 0, 0, 0))), packet(0x20, bytes((0x0E, 1, 2, 3, 4))),
            normal(one, 2, 0), packet(0x98, bytes((0x18, 0xFD, 0))),
            packet(0x20, bytes((0x0D, 5, 0, 0, 0))), normal(one * 2, 2, 1),
            packet(0x20, bytes((0x03, 1, 2, 3))), normal(one * 3, 2, 2)]
    b = dec.decode(pkts)
    assert b is not None and len(b) == 15
    assert dec.info_packets == 2 and dec.dropped_events == 1 and dec.rejected_packets == 1
    assert b.flags.tolist() == [0] * 5 + [Flags.DROPPED] + [0] * 4 + [Flags.DROPPED] + [0] * 4


def test_a_counter_that_proved_itself_turns_a_jump_into_time() -> None:
    n = 10
    dec = MeasurementDecoder([1], 0.001)
    pkts = [normal(np.full((n, 1), i, np.float32), 2, i) for i in range(COUNTER_TRUST_AFTER + 5)]
    del pkts[COUNTER_TRUST_AFTER + 2]             # one packet lost once the counter is trusted
    b = dec.decode(pkts)
    assert b is not None and dec.counter_trusted and dec.dropped_samples == n
    k = (COUNTER_TRUST_AFTER + 2) * n
    assert b.seq[k] == k + n and b.flags[k] == Flags.DROPPED
    np.testing.assert_array_equal(b.values[k:k + n, 0], COUNTER_TRUST_AFTER + 3)
    # before it is trusted (or when it never counts), a jump moves nothing
    early = MeasurementDecoder([1], 0.001)
    b2 = early.decode([normal(np.ones((n, 1), np.float32), 2, c) for c in (0, 1, 5, 6)])
    assert b2 is not None and early.dropped_samples == 0 and b2.seq[-1] == 4 * n - 1
    fixed = MeasurementDecoder([1], 0.001)
    fixed.decode([normal(np.ones((n, 1), np.float32), 2, 0) for _ in range(40)])
    assert not fixed.counter_trusted and fixed.dropped_samples == 0


def test_reconnect_moves_time_on_and_flags_it() -> None:
    dec = MeasurementDecoder([1], 0.001)
    dec.decode([normal(np.ones((10, 1), np.float32), 2, 0)])
    dec.reconnected(1.5)
    b = dec.decode([normal(np.ones((10, 1), np.float32), 2, 0)])
    assert b is not None and b.seq[0] == 10 + 1500 and b.flags[0] == Flags.DISCONNECTED


def test_status_device_info_and_sensor_info_structs() -> None:
    st_ = P.parse_status(struct.pack("<BBBBHBBHBB", 0, 0, 1, 2, 300, 3, 4, 5, 64, 2))
    assert st_.battery_percent == 64 and st_.firmware == "1.2.300" and st_.charger == "charged"
    info = P.parse_device_info(P.DEVICE_INFO.pack(b"GDX-FP", b"0X1234", b"GDX-FP 0X1234", 1, 2023, 5, 6, 1, 0, 77,
                                                  0, 0, 0, 1, 2, 3, 4, 5, 6, 0, b"desc"))
    assert (info.order_code, info.serial, info.firmware) == ("GDX-FP", "0X1234", "1.0.77")
    s = P.parse_sensor_info(P.SENSOR_INFO.pack(4, 0, 99, 0, 0, b"Force", b"N", 0.1, -800, 3500, 1000, 10**7, 10000, 1, 0))
    assert (s.number, s.unit, s.min_period_us, s.typical_period_us) == (4, "N", 1000, 10000)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["ok", "skip", "dropped", "fixed"]), min_size=1, max_size=60),
       st.lists(st.integers(1, 40), min_size=1, max_size=5), st.integers(1, 12))
def test_the_one_pass_block_path_agrees_with_packet_by_packet(kinds: list[str], cuts: list[int], n: int) -> None:
    """However the packets are grouped into reads, the samples, times and flags are the same."""
    pkts, ctr = [], 0
    for i, kind in enumerate(kinds):
        if kind == "skip":
            ctr += 2
        elif kind == "dropped":
            pkts.append(packet(0x20, bytes((0x0D, 0, 0, 0, 0)), ctr))
            ctr += 1
            continue
        c = 0 if kind == "fixed" else ctr
        pkts.append(normal(np.full((n, 2), i, np.float32) + np.arange(n, dtype=np.float32)[:, None], 0b110, c))
        ctr += 1
    one = MeasurementDecoder([1, 2], 0.001)
    ref = [b for p in pkts if (b := one.decode([p])) is not None]
    many = MeasurementDecoder([1, 2], 0.001)
    got, pos, j = [], 0, 0
    while pos < len(pkts):
        step = cuts[j % len(cuts)]
        if (b := many.decode(pkts[pos:pos + step])) is not None:
            got.append(b)
        pos, j = pos + step, j + 1
    if not ref:
        assert not got
        return
    from forceplate.samples import SampleBlock

    a, b = SampleBlock.concat(ref), SampleBlock.concat(got)
    np.testing.assert_array_equal(a.seq, b.seq)
    np.testing.assert_array_equal(a.values, b.values)
    np.testing.assert_array_equal(a.flags, b.flags)
    assert one.dropped_samples == many.dropped_samples


@pytest.mark.parametrize("trusted", [True, False])
@pytest.mark.parametrize("batch", [1, 5, 40])
def test_a_damaged_packet_is_flagged_where_it_was_whatever_the_reads(trusted: bool, batch: int) -> None:
    """The flag lands on the first sample after the damage, never on the start of the read."""
    n = 10
    pkts = [normal(np.full((n, 1), i, np.float32), 2, i if trusted else 0, corrupt=(i == 30)) for i in range(40)]
    reports = [r for p in pkts for r in P.to_reports(p)]
    asm, dec = PacketAssembler(), MeasurementDecoder([1], 0.001)
    blocks = [b for i in range(0, len(reports), batch) if (b := dec.decode(asm.feed(reports[i:i + batch])))]
    from forceplate.samples import SampleBlock

    b = SampleBlock.concat(blocks)
    flagged = np.flatnonzero(b.flags)
    assert flagged.tolist() == [30 * n] and b.values[30 * n, 0] == 31
    assert b.seq[30 * n] == (31 * n if trusted else 30 * n)
