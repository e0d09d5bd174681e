"""Go Direct byte stream -> packets -> samples.

PacketAssembler joins the valid bytes of 64-byte reports and cuts packets by their own length
byte, checking each checksum; after a bad one it rescans byte by byte for the next packet that
checks out (a lost report leaves the packet it cut short unusable, nothing more).

MeasurementDecoder turns measurement packets into SampleBlocks. Runs of packets with the same
layout (the usual case: every packet the same mask and sample count) are decoded with one numpy
view over all of them. The device sends no timestamps: sample k is at k * period. Gaps come from
DROPPED packets and, once byte 2 has proven to be a per-packet counter, from jumps in it. A
sample whose required channel (the force) reads NaN or +-inf is no reading: it is dropped like a
lost one (forceplate.samples.drop_invalid), counted in ``invalid_samples``.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable

import numpy as np

from forceplate.gdx import protocol as P
from forceplate.samples import Flags, SampleBlock, drop_invalid

MIN_PACKET = 5
# byte 2 must step by exactly 1 over this many packets in a row before its jumps count as loss
COUNTER_TRUST_AFTER = 16


def _plausible(buf: bytearray, pos: int, length: int) -> bool:
    kind = buf[pos]
    return length >= MIN_PACKET and (kind == P.MEASUREMENT or kind & 0x80 != 0)


def _strict(pkt: bytes) -> bool:
    """A packet found while resyncing must be a known kind with a consistent layout."""
    kind = pkt[0]
    if kind in (0x98, 0xB8):
        return len(pkt) >= P.HEADER
    if kind != P.MEASUREMENT:
        return False
    if pkt[4] in (P.SUB_START_TIME, P.SUB_DROPPED, P.SUB_PERIOD):
        return True
    return _layout(pkt) is not None


BROKEN = b""   # in the packet list: bytes were lost here (a damaged or cut packet)


class PacketAssembler:
    """Reports in, whole checked packets out, in order, with BROKEN where bytes were lost."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self.bad_checksums = 0
        self.bad_headers: list[bytes] = []   # first 6 bytes of recent damaged packets
        self.skipped_bytes = 0
        self._in_skip = False        # between a bad packet and the next good one

    def feed(self, reports: Iterable[bytes | bytearray | memoryview]) -> list[bytes]:
        buf = self._buf
        for rep in reports:
            n = rep[0]
            if n:
                buf += rep[1:1 + min(n, P.CHUNK)]
        return self._cut()

    def feed_bytes(self, data: bytes) -> list[bytes]:
        self._buf += data
        return self._cut()

    def _cut(self) -> list[bytes]:
        buf = self._buf
        out: list[bytes] = []
        pos, end = 0, len(buf)
        while end - pos >= 2:
            length = buf[pos + 1]
            if not _plausible(buf, pos, length):
                pos += 1
                self._skip(out)
                continue
            if end - pos < length:
                break
            pkt = bytes(buf[pos:pos + length])
            if self._in_skip and not _strict(pkt):
                pos += 1         # resyncing: a 1-in-256 checksum match must look right too
                self._skip(out)
                continue
            nxt = pos + length
            if ((sum(pkt) - pkt[3]) & 0xFF != pkt[3]
                    or end - nxt >= 2 and not _plausible(buf, nxt, buf[nxt + 1])):
                # a bad checksum; or a good one (1 in 256 by chance) on a packet that bytes went
                # missing from: its declared length then runs into the next packet, and what
                # follows it is no packet start. Dropping a sound packet there costs its
                # samples, flagged; passing a damaged one would invent samples
                self.bad_checksums += 1
                if len(self.bad_headers) < 8:
                    self.bad_headers.append(pkt[:6])
                pos += 1
                self._skip(out)
                continue
            out.append(pkt)
            self._in_skip = False
            pos += length
        del buf[:pos]
        return out

    def _skip(self, out: list[bytes]) -> None:
        """One byte thrown away; the first of a run leaves a BROKEN mark where it happened."""
        self.skipped_bytes += 1
        if not self._in_skip:
            out.append(BROKEN)
            self._in_skip = True

    def reset(self) -> None:
        self._buf.clear()
        self._in_skip = False


def _layout(pkt: bytes) -> tuple[int, list[int], int, int] | None:
    """(sub-type, channel numbers, samples, data offset) of a sample-carrying packet."""
    sub = pkt[4]
    if sub == P.SUB_NORMAL_REAL32 and len(pkt) >= 9:
        chans, n, off = P.bits(pkt[5] | pkt[6] << 8), pkt[7], 9
    elif sub == P.SUB_WIDE_REAL32 and len(pkt) >= 11:
        chans, n, off = P.bits(struct.unpack_from("<I", pkt, 5)[0]), pkt[9], 11
    elif sub in (P.SUB_SINGLE_REAL32, P.SUB_SINGLE_INT32, P.SUB_APERIODIC_REAL32, P.SUB_APERIODIC_INT32) \
            and len(pkt) >= 8:
        chans, n, off = [pkt[6]], pkt[7], 8
    else:
        return None
    if not chans or len(pkt) != off + 4 * n * len(chans):
        return None
    return sub, chans, n, off


class MeasurementDecoder:
    """Measurement packets -> SampleBlock of the enabled channels (in ``channels`` order).

    Values arrive in sensor units already (newtons for force), so value = number as sent.
    ``required``: the channel numbers a sample must have a finite value in (default: all).
    """

    def __init__(self, channels: list[int], period_s: float, required: list[int] | None = None) -> None:
        self.channels = list(channels)
        self._required = [self.channels.index(ch) for ch in (self.channels if required is None else required)]
        self.period_s = period_s
        self._col = {ch: i for i, ch in enumerate(self.channels)}
        self._pending: list[list[np.ndarray]] = [[] for _ in self.channels]   # single-channel packets
        self._pending_n = [0] * len(self.channels)
        self._next_seq = 0
        self._flags = 0
        self._last_counter: int | None = None
        self._streak = 0
        self._last_n = 0
        self.counter_trusted = False
        self.samples = 0
        self.dropped_samples = 0       # known count (counter jumps while trusted)
        self.dropped_events = 0        # DROPPED packets and unaccounted breaks
        self.invalid_samples = 0       # NaN / inf readings, dropped
        self.info_packets = 0          # START_TIME / PERIOD
        self.rejected_packets = 0      # unknown sub-types, wrong layouts, channels not enabled

    # ---- state changes -----------------------------------------------------------------
    def reconnected(self, gap_s: float) -> None:
        """The plate came back after gap_s s away: time moves on, the counter starts over."""
        self._next_seq += max(0, round(gap_s / self.period_s))
        self._flags |= Flags.DISCONNECTED
        self._last_counter = None
        self._streak = 0
        self.counter_trusted = False
        self._pending = [[] for _ in self.channels]
        self._pending_n = [0] * len(self.channels)

    # ---- decoding ----------------------------------------------------------------------
    def _counter(self, counter: int, n_lost_per_packet: int) -> int:
        """Samples missing before this packet according to byte 2 (0 while not trusted)."""
        last, self._last_counter = self._last_counter, counter
        if last is None:
            return 0
        step = (counter - last) & 0xFF
        if step == 1:
            self._streak += 1
            if self._streak >= COUNTER_TRUST_AFTER:
                self.counter_trusted = True
            return 0
        trusted = self.counter_trusted
        self._streak = 0
        if not trusted or step == 0 or step > 128:   # repeated or backwards: not a counter after all
            self.counter_trusted = False
            return 0
        self.counter_trusted = True   # a jump forward keeps trust; the next packets re-check it
        return (step - 1) * n_lost_per_packet

    def _decode_uniform(self, packets: list[bytes]) -> SampleBlock | None:
        """The usual case in one go: every packet a measurement of the same layout, all the
        channels, byte 2 stepping by 1 throughout. None if that is not the case (or no samples);
        an empty block when it is but every sample was invalid."""
        length = len(packets[0])
        if length < 9 or any(len(p) != length for p in packets):
            return None
        arr = np.frombuffer(b"".join(packets), dtype=np.uint8).reshape(len(packets), length)
        head = arr[:, [0, 4, 5, 6, 7, 8]]
        if not (head == head[0]).all() or head[0, 0] != P.MEASUREMENT:
            return None
        layout = _layout(packets[0])
        if layout is None or layout[1] != self.channels or layout[2] == 0:
            return None
        ctr = arr[:, 2].astype(np.int64)
        steps = np.diff(ctr) % 256
        first = 1 if self._last_counter is None else (int(ctr[0]) - self._last_counter) % 256
        if (steps != 1).any() or first != 1:
            return None
        self._last_counter = int(ctr[-1])
        self._streak += len(packets)
        if self._streak >= COUNTER_TRUST_AFTER:
            self.counter_trusted = True
        parts: list[tuple[np.ndarray, int, int]] = []
        self._decode_run_array(arr, layout, parts)
        return self._block(parts)   # may be empty (every sample invalid): decoded all the same

    def decode(self, packets: list[bytes]) -> SampleBlock | None:
        """Every packet in order (command responses are skipped). None if no samples."""
        if packets and self._last_counter is not None and (b := self._decode_uniform(packets)) is not None:
            return b if len(b) else None
        parts: list[tuple[np.ndarray, int, int]] = []   # (values (k, C), flags of row 0, seq of row 0)
        run: list[bytes] = []
        run_key: bytes | None = None
        run_layout: tuple[int, list[int], int, int] | None = None

        def flush() -> None:
            nonlocal run, run_key, run_layout
            if run and run_layout is not None:
                self._decode_run(run, run_layout, parts)
            run, run_key, run_layout = [], None, None

        for pkt in packets:
            if not pkt:    # BROKEN: the next sample follows lost bytes
                flush()
                self._flags |= Flags.DROPPED
                continue
            if pkt[0] != P.MEASUREMENT:
                continue   # a late command response
            sub = pkt[4]
            if sub in (P.SUB_START_TIME, P.SUB_PERIOD):
                self.info_packets += 1
                self._counter(pkt[2], 0)
                continue
            if sub == P.SUB_DROPPED:
                flush()
                self._counter(pkt[2], 0)
                self.dropped_events += 1
                self._flags |= Flags.DROPPED
                continue
            key = pkt[1:2] + pkt[4:8]
            if key != run_key:
                flush()
                layout = _layout(pkt)
                if layout is None or any(c not in self._col for c in layout[1]):
                    self.rejected_packets += 1
                    self._flags |= Flags.DROPPED
                    continue
                run_key, run_layout = key, layout
            # counter check per packet (cheap); a jump splits the run so time can skip
            lost = self._counter(pkt[2], run_layout[2] if run_layout else 0)
            if lost:
                layout = run_layout
                flush()
                self.dropped_samples += lost
                self._next_seq += lost
                self._flags |= Flags.DROPPED
                run_key, run_layout = key, layout
            run.append(pkt)
        flush()
        if not parts:
            return None
        block = self._block(parts)
        return block if len(block) else None

    def _decode_run(self, run: list[bytes], layout: tuple[int, list[int], int, int],
                    parts: list[tuple[np.ndarray, int, int]]) -> None:
        if layout[2] == 0:
            return
        length = len(run[0])
        self._decode_run_array(np.frombuffer(b"".join(run), dtype=np.uint8).reshape(len(run), length), layout, parts)

    def _decode_run_array(self, arr: np.ndarray, layout: tuple[int, list[int], int, int],
                          parts: list[tuple[np.ndarray, int, int]]) -> None:
        sub, chans, n, off = layout
        raw = arr[:, off:]
        dtype = "<i4" if sub in (P.SUB_SINGLE_INT32, P.SUB_APERIODIC_INT32) else "<f4"
        vals = np.ascontiguousarray(raw).view(dtype).reshape(len(arr) * n, len(chans)).astype(np.float64)
        self._last_n = n
        if len(chans) == len(self.channels) and chans == self.channels:
            self._emit(vals, parts)
            return
        # a packet with part of the channels: hold each channel's values until all have some
        for j, ch in enumerate(chans):
            col = self._col[ch]
            self._pending[col].append(vals[:, j])
            self._pending_n[col] += len(vals)
        k = min(self._pending_n)
        if k == 0:
            return
        out = np.empty((k, len(self.channels)))
        for col in range(len(self.channels)):
            cat = np.concatenate(self._pending[col])
            out[:, col] = cat[:k]
            self._pending[col] = [cat[k:]] if len(cat) > k else []
            self._pending_n[col] = len(cat) - k
        self._emit(out, parts)

    def _emit(self, vals: np.ndarray, parts: list[tuple[np.ndarray, int, int]]) -> None:
        f, self._flags = self._flags, 0
        parts.append((vals, f, self._next_seq))
        self._next_seq += len(vals)

    def _block(self, parts: list[tuple[np.ndarray, int, int]]) -> SampleBlock:
        values = parts[0][0] if len(parts) == 1 else np.concatenate([p[0] for p in parts])
        flags = np.zeros(len(values), dtype=np.uint8)
        if len(parts) == 1:
            seq = np.arange(parts[0][2], parts[0][2] + len(values), dtype=np.int64)
        else:
            seq = np.concatenate([np.arange(s, s + len(v), dtype=np.int64) for v, _, s in parts])
        start = 0
        for vals, f, _ in parts:
            if f:
                flags[start] |= np.uint8(f)
            start += len(vals)
        block, invalid, tail = drop_invalid(SampleBlock(time_s=seq * self.period_s, values=values, seq=seq,
                                                        flags=flags), self._required)
        self.invalid_samples += invalid
        self._flags |= tail      # removed at the end: the next block's first sample says so
        self.samples += len(block)
        return block
