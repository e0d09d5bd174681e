"""Reports -> samples, for any PlateProfile, with numpy over many reports at once."""

from __future__ import annotations

import numpy as np

from forceplate.errors import DecodeError
from forceplate.profile import VALUE_TYPES, PlateProfile
from forceplate.samples import MEASURED_KINDS, Flags, SampleBlock, drop_invalid


def _byte_index(profile: PlateProfile, chans: list[int], width: int) -> np.ndarray:
    """Byte positions (samples_per_report, len(chans), width) of channel values in a report,
    least significant byte first. A 3-byte value is widened to 4 by repeating its top byte,
    so the gathered bytes view as int32 and sign-extend with two shifts."""
    starts = profile.sample_offset + profile.sample_stride * np.arange(profile.samples_per_report)
    idx = np.empty((profile.samples_per_report, len(chans), width), dtype=np.intp)
    for col, j in enumerate(chans):
        ch = profile.channels[j]
        order = np.arange(ch.size) if ch.endian == "little" else np.arange(ch.size)[::-1]
        if width > ch.size:
            order = np.concatenate([order, np.repeat(order[-1:], width - ch.size)])
        idx[:, col, :] = starts[:, None] + ch.offset + order[None, :]
    return idx


def _assemble(raw: np.ndarray, type_name: str) -> np.ndarray:
    """raw: uint8 (..., nbytes) little-endian bytes -> int64 or float32 values."""
    nbytes, signed, kind = VALUE_TYPES[type_name]
    if kind == "f":
        return np.ascontiguousarray(raw).view("<f4")[..., 0]
    if nbytes in (1, 2, 4):
        dtype = np.dtype(f"<{kind}{nbytes}")
        return np.ascontiguousarray(raw).view(dtype)[..., 0].astype(np.int64)
    v = raw[..., 0].astype(np.int64) | (raw[..., 1].astype(np.int64) << 8) | (raw[..., 2].astype(np.int64) << 16)
    if signed:
        v = (v ^ 0x800000) - 0x800000
    return v


class ReportDecoder:
    """Stateful: unwraps the report counter across calls and flags gaps and saturation.

    decode() takes the bytes of k whole reports (k * report_size) and returns
    k * samples_per_report samples. Reports with the wrong report id are skipped and counted;
    a sample with NaN / inf in a measured float32 channel is dropped (invalid_samples).
    """

    def __init__(self, profile: PlateProfile) -> None:
        self.profile = profile
        # one fancy-index gather per value type: (type, channel columns, byte index)
        self._groups: list[tuple[str, list[int], np.ndarray]] = []
        for typ in dict.fromkeys(c.type for c in profile.channels):
            cols = [j for j, c in enumerate(profile.channels) if c.type == typ]
            width = 4 if VALUE_TYPES[typ][0] == 3 else VALUE_TYPES[typ][0]
            self._groups.append((typ, cols, _byte_index(profile, cols, width)))
        self._channels = profile.channel_infos
        self._scale = np.array([c.scale for c in profile.channels])
        self._zero = np.array([c.zero for c in profile.channels])
        lims = np.array([c.limits for c in profile.channels], dtype=np.float64)
        self._lo, self._hi = lims[:, 0], lims[:, 1]
        self._lo_any, self._hi_any = self._lo.max(), self._hi.min()
        self._float = any(VALUE_TYPES[c.type][2] == "f" for c in profile.channels)
        # a float channel can send NaN / inf: such a sample is no reading of a measured channel
        self._required = [j for j, c in enumerate(profile.channels)
                          if c.kind in MEASURED_KINDS and VALUE_TYPES[c.type][2] == "f"]
        # uint32 counts do not fit int32: widen rather than wrap them negative
        # (float64 when any channel is float32, so integer channels beside it stay exact)
        self._count_dtype = np.float64 if self._float else (
            np.int64 if any(c.type == "uint32" for c in profile.channels) else np.int32)
        seq_bytes = VALUE_TYPES[profile.sequence_type][0]
        self._seq_mod = 1 << (8 * seq_bytes)
        self._last_counter: int | None = None  # raw counter of the last report decoded
        self._last_report_no = -1              # reports since the stream started, unwrapped
        self._skip_reports = 0
        self._pending_flags = 0
        self.rejected_reports = 0
        self.dropped_samples = 0
        self.invalid_samples = 0   # NaN / inf readings, dropped like lost samples

    def mark_disconnected(self) -> None:
        """The next decoded sample follows a disconnect."""
        self._pending_flags |= Flags.DISCONNECTED

    def reset(self, gap_s: float = 0.0) -> None:
        """Forget the counter (a replugged plate restarts it). Time moves on by gap_s, the
        wall-clock time the plate was away, so samples never overlap."""
        self._last_counter = None
        p = self.profile
        self._skip_reports = max(0, round(gap_s * p.sample_rate_hz / p.samples_per_report))
        self.mark_disconnected()

    def decode(self, data: bytes | bytearray | memoryview | np.ndarray) -> SampleBlock:
        p = self.profile
        buf = np.frombuffer(data, dtype=np.uint8) if not isinstance(data, np.ndarray) else data.astype(np.uint8, copy=False).ravel()
        if buf.size == 0 or buf.size % p.report_size:
            raise DecodeError(f"{buf.size} bytes is not a whole number of {p.report_size}-byte reports")
        reports = buf.reshape(-1, p.report_size)
        if p.report_id is not None:
            ok = reports[:, 0] == p.report_id
            if not ok.all():
                self.rejected_reports += int((~ok).sum())
                reports = reports[ok]
                self._pending_flags |= Flags.DROPPED
        k = reports.shape[0]
        spr = p.samples_per_report
        n_ch = len(p.channels)
        if k == 0:
            return SampleBlock.empty(n_ch)

        # report numbers since the stream started, unwrapped against the previous call
        if p.sequence_offset is not None:
            nb = VALUE_TYPES[p.sequence_type][0]
            sb = reports[:, p.sequence_offset:p.sequence_offset + nb]
            if p.sequence_endian == "big":
                sb = sb[:, ::-1]
            counter = _assemble(sb, p.sequence_type)
            steps = np.empty(k, dtype=np.int64)
            steps[1:] = np.diff(counter) % self._seq_mod
            steps[0] = 1 if self._last_counter is None else (counter[0] - self._last_counter) % self._seq_mod
            steps[steps == 0] = 1  # a repeated counter: no way to tell a full wrap, assume none
            self._last_counter = int(counter[-1])
        else:
            steps = np.ones(k, dtype=np.int64)
        report_no = self._last_report_no + self._skip_reports + np.cumsum(steps)
        self._skip_reports = 0
        self._last_report_no = int(report_no[-1])
        gaps = steps > 1
        seq = (report_no[:, None] * spr + np.arange(spr)[None, :]).ravel()

        counts = np.empty((k * spr, n_ch), dtype=self._count_dtype)
        for typ, cols, idx in self._groups:
            nbytes, signed, kind = VALUE_TYPES[typ]
            raw = np.take(reports, idx, axis=1)  # (k, spr, len(cols), width), contiguous
            if kind == "f":
                v = raw.view("<f4")
            elif nbytes == 3:
                v = raw.view("<i4")
                v = (v << 8) >> 8 if signed else v & 0xFFFFFF
            else:
                v = raw.view(f"<{kind}{nbytes}")
            counts[:, cols] = v.reshape(k * spr, len(cols))
        values = counts.astype(np.float64)
        values *= self._scale
        if self._zero.any():
            values += self._zero

        flags = np.zeros(k * spr, dtype=np.uint8)
        if gaps.any():
            flags[np.flatnonzero(gaps) * spr] |= np.uint8(Flags.DROPPED)
            self.dropped_samples += int((steps[gaps] - 1).sum()) * spr
        # cheap whole-block check first (a per-column min/max is 50x slower): saturation is rare
        if not self._float and (counts.min() <= self._lo_any or counts.max() >= self._hi_any):
            sat = ((counts <= self._lo) | (counts >= self._hi)).any(axis=1)
            flags[sat] |= np.uint8(Flags.SATURATED)
        if self._pending_flags:
            flags[0] |= np.uint8(self._pending_flags)
            self._pending_flags = 0
        time_s = seq / p.sample_rate_hz
        block = SampleBlock(
            time_s=time_s, values=values, seq=seq, flags=flags,
            counts=None if self._float else counts,
        )
        if not self._required:
            return block
        block, invalid, tail = drop_invalid(block, self._required)
        self.invalid_samples += invalid
        self._pending_flags |= tail
        return block
