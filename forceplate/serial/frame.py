"""The eccentric serial frame: a small binary format any DIY plate firmware can send.

    offset  size  field
    0       2     sync bytes 0xEC 0x5A
    2       1     length L = 2 + 4*C (bytes from the counter to the last value)
    3       2     counter, uint16 little-endian, +1 per frame (wraps at 65536)
    5       4*C   C channel values, int32 little-endian ADC counts
    3+L     2     CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor)
                  over bytes 2 .. 2+L (length, counter, values), little-endian

One frame = one sample of every channel. See docs/hardware.md. Decoding works on numpy blocks:
every sync position is a candidate, all candidates' CRCs are computed column by column at once,
and bytes that are not part of a frame whose CRC checks are garbage (counted, skipped).
"""

from __future__ import annotations

import binascii

import numpy as np

from forceplate.samples import Flags

SYNC = b"\xec\x5a"
HEADER = 5          # sync, length, counter
TRAILER = 2         # CRC


def crc16(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (check value 0x29B1 for b"123456789")."""
    return binascii.crc_hqx(data, 0xFFFF)


def _table() -> np.ndarray:
    t = np.zeros(256, dtype=np.uint16)
    for i in range(256):
        c = i << 8
        for _ in range(8):
            c = ((c << 1) ^ 0x1021) if c & 0x8000 else c << 1
        t[i] = c & 0xFFFF
    return t


TABLE = _table()


def frame_size(n_channels: int) -> int:
    return HEADER + 4 * n_channels + TRAILER


def encode_frames(counts: np.ndarray, first_counter: int = 0) -> bytes:
    """Frames for int32 counts (n, C), counters first_counter, +1, ... (for tests, emulators, firmware checks)."""
    counts = np.asarray(counts, dtype="<i4")
    n, c = counts.shape
    size = frame_size(c)
    out = np.zeros((n, size), dtype=np.uint8)
    out[:, 0], out[:, 1], out[:, 2] = 0xEC, 0x5A, 2 + 4 * c
    ctr = (first_counter + np.arange(n)) & 0xFFFF
    out[:, 3] = ctr & 0xFF
    out[:, 4] = ctr >> 8
    out[:, 5:5 + 4 * c] = counts.view(np.uint8).reshape(n, 4 * c)
    crc = crc_rows(out[:, 2:size - 2])
    out[:, size - 2] = crc & 0xFF
    out[:, size - 1] = crc >> 8
    return out.tobytes()


def crc_rows(rows: np.ndarray) -> np.ndarray:
    """CRC-16/CCITT-FALSE of every row of a uint8 (k, m) array, one column at a time."""
    crc = np.full(rows.shape[0], 0xFFFF, dtype=np.uint16)
    for j in range(rows.shape[1]):
        crc = (crc << 8) ^ TABLE[((crc >> 8) ^ rows[:, j]) & 0xFF]
    return crc


class FrameDecoder:
    """Bytes in any pieces -> (counts int32 (n, C), seq, flags). Stateful across calls."""

    def __init__(self, n_channels: int) -> None:
        self.n_channels = n_channels
        self.size = frame_size(n_channels)
        self._len_byte = 2 + 4 * n_channels
        self._buf = b""
        self._last_counter: int | None = None
        self._next_seq = 0
        self._flags = 0
        self.frames = 0
        self.garbage_bytes = 0
        self.lost_frames = 0          # counter gaps
        self.resyncs = 0              # places where garbage was skipped
        self.lost_in_replug = 0       # frames the counter says were sent while we reconnected
        self.first_counter: int | None = None   # counter of the first frame decoded
        self._replug: tuple[int, int] | None = None

    def reset(self, skip_samples: int, window_samples: int | None = None) -> None:
        """After a replug that took skip_samples' worth of wall-clock time. If the plate's
        counter carried on (a hub glitch, not a power cycle) and says at most window_samples
        went by, trust it: the frames in between were sent while the port was closed and are
        counted as lost. Otherwise the counter restarted: time moves on by the wall clock."""
        self._buf = b""
        self._replug = (max(0, skip_samples), window_samples if window_samples is not None else skip_samples)
        self._flags |= Flags.DISCONNECTED

    def decode(self, data: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        buf = self._buf + data if self._buf else data
        pending, self._flags = self._flags, 0     # for this call's first frame
        arr = np.frombuffer(buf, dtype=np.uint8)
        size = self.size
        last_start = len(arr) - size
        empty = (np.empty((0, self.n_channels), np.int32), np.empty(0, np.int64), np.empty(0, np.uint8))
        if last_start < 0:
            self._buf = buf
            self._flags |= pending
            return empty
        head = arr[: last_start + 3]
        cand = np.flatnonzero((head[:-2] == 0xEC) & (head[1:-1] == 0x5A) & (head[2:] == self._len_byte))
        starts = np.empty(0, dtype=np.intp)
        rows = np.empty((0, size), dtype=np.uint8)
        if cand.size:
            rows = arr[cand[:, None] + np.arange(size)[None, :]]
            crc = crc_rows(rows[:, 2:size - 2])
            got = rows[:, size - 2].astype(np.uint16) | (rows[:, size - 1].astype(np.uint16) << 8)
            ok = crc == got
            starts, rows = cand[ok], rows[ok]
            if starts.size > 1 and (np.diff(starts) < size).any():
                keep = [0]
                for i in range(1, starts.size):   # rare: a false sync inside a frame that checked out
                    if starts[i] >= starts[keep[-1]] + size:
                        keep.append(i)
                starts, rows = starts[keep], rows[keep]
        # keep what could still be the start of a frame; everything else not in a frame is garbage
        end = int(starts[-1]) + size if starts.size else 0
        keep_from = max(end, last_start + 1)
        self._buf = buf[keep_from:]
        covered = starts.size * size
        garbage_positions = np.empty(0, dtype=np.intp)
        if keep_from - covered > 0:
            self.garbage_bytes += keep_from - covered
            # where garbage sits: before each frame whose start is not the previous frame's end
            prev_end = np.concatenate([[0], starts[:-1] + size]) if starts.size else np.empty(0, np.intp)
            garbage_positions = np.flatnonzero(starts > prev_end) if starts.size else garbage_positions
            self.resyncs += max(1, garbage_positions.size)
            if self.frames == 0 and garbage_positions.size and garbage_positions[0] == 0:
                garbage_positions = garbage_positions[1:]   # the port opened mid-frame: nothing lost
            if (starts.size == 0 and self.frames > 0) or (starts.size and keep_from > end):
                self._flags |= Flags.DROPPED   # garbage at the end: flag the next frame
        n = starts.size
        if n == 0:
            self._flags |= pending
            return empty
        counter = rows[:, 3].astype(np.int64) | (rows[:, 4].astype(np.int64) << 8)
        if self.first_counter is None:
            self.first_counter = int(counter[0])
        steps = np.empty(n, dtype=np.int64)
        steps[1:] = np.diff(counter) % 65536
        steps[0] = 1 if self._last_counter is None else (counter[0] - self._last_counter) % 65536
        steps[steps == 0] = 1   # a repeated counter cannot be told from a full wrap: assume neither
        if self._replug is not None:
            skip, window = self._replug
            self._replug = None
            if self._last_counter is not None and steps[0] <= window + 1:
                self.lost_in_replug += int(steps[0]) - 1
            else:
                steps[0] = skip + 1
        self._last_counter = int(counter[-1])
        seq = self._next_seq - 1 + np.cumsum(steps)
        self._next_seq = int(seq[-1]) + 1
        counts = np.ascontiguousarray(rows[:, 5:5 + 4 * self.n_channels]).view("<i4").astype(np.int32)
        flags = np.zeros(n, dtype=np.uint8)
        if pending:
            flags[0] |= np.uint8(pending)
        gaps = steps > 1
        if gaps.any():
            flags[gaps] |= np.uint8(Flags.DROPPED)
            self.lost_frames += int((steps[gaps] - 1).sum())
            if pending & Flags.DISCONNECTED:
                self.lost_frames -= int(steps[0]) - 1   # counted in lost_in_replug, or not lost at all
        if garbage_positions.size:
            flags[garbage_positions] |= np.uint8(Flags.DROPPED)
        self.frames += n
        return counts, seq, flags
