"""The unit of data that flows reader -> decoder -> analysis -> (dashboard | recorder)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntFlag
from typing import Literal

import numpy as np

ChannelKind = Literal["force", "position", "velocity", "spotter_force", "aux"]  # aux: kept, never summed
# the kinds the analysis reads: a sample without a finite value in one of them is no reading
MEASURED_KINDS: tuple[ChannelKind, ...] = ("force", "position", "velocity", "spotter_force")


class Flags(IntFlag):
    """Per-sample flags (uint8)."""

    NONE = 0
    DROPPED = 1        # one or more samples are missing just before this one
    SATURATED = 2      # at least one channel at its converter's limit
    DISCONNECTED = 4   # the stream resumed after a disconnect just before this sample


@dataclass(frozen=True, slots=True)
class ChannelInfo:
    """One channel as decoded: value_si = counts * scale + offset."""

    name: str
    unit: str = "N"
    kind: ChannelKind = "force"
    scale: float = 1.0     # SI units per count
    offset: float = 0.0    # SI units at zero counts


@dataclass(frozen=True, slots=True)
class ReaderInfo:
    """What a reader says about the plate it opened."""

    reader: str                      # entry-point name, e.g. "mock", "hid"
    name: str                        # human name, e.g. "Simulated plate", "DIY 4-cell plate"
    serial: str
    channels: tuple[ChannelInfo, ...]
    sample_rate_hz: float            # nominal
    simulated: bool = False
    profile: str | None = None       # TOML profile name for HID plates
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def force_channels(self) -> np.ndarray:
        """Indices of the channels whose sum is the vertical force on the lifter's plate."""
        return np.array([i for i, c in enumerate(self.channels) if c.kind == "force"], dtype=np.intp)

    @property
    def measured_channels(self) -> np.ndarray:
        """Indices of the channels the analysis reads (every kind but aux)."""
        return np.array([i for i, c in enumerate(self.channels) if c.kind in MEASURED_KINDS], dtype=np.intp)

    def channel_index(self, kind: ChannelKind) -> int | None:
        for i, c in enumerate(self.channels):
            if c.kind == kind:
                return i
        return None


@dataclass(frozen=True, slots=True)
class SampleBlock:
    """A block of consecutive samples, all arrays of the same length n.

    time_s comes from the plate's own sample counter (seq / rate), not from arrival time.
    """

    time_s: np.ndarray                 # float64 (n,)
    values: np.ndarray                 # float64 (n, c), SI units per ReaderInfo.channels
    seq: np.ndarray                    # int64 (n,), sample number since the stream started
    flags: np.ndarray                  # uint8 (n,), Flags bits
    counts: np.ndarray | None = None   # int32 (n, c) raw converter counts, when the plate gives integers

    def __len__(self) -> int:
        return int(self.time_s.shape[0])

    def total_force_n(self, info: ReaderInfo) -> np.ndarray:
        """Vertical force: the sum of the force channels, N."""
        return self.values[:, info.force_channels].sum(axis=1)

    @staticmethod
    def empty(n_channels: int) -> SampleBlock:
        return SampleBlock(
            time_s=np.empty(0), values=np.empty((0, n_channels)),
            seq=np.empty(0, np.int64), flags=np.empty(0, np.uint8),
        )

    @staticmethod
    def concat(blocks: list[SampleBlock]) -> SampleBlock:
        if not blocks:
            raise ValueError("no blocks")
        counts = None
        if all(b.counts is not None for b in blocks):
            counts = np.concatenate([b.counts for b in blocks])
        return SampleBlock(
            time_s=np.concatenate([b.time_s for b in blocks]),
            values=np.concatenate([b.values for b in blocks]),
            seq=np.concatenate([b.seq for b in blocks]),
            flags=np.concatenate([b.flags for b in blocks]),
            counts=counts,
        )


def drop_invalid(block: SampleBlock, columns: np.ndarray | list[int]) -> tuple[SampleBlock, int, int]:
    """The block without its invalid samples: those with NaN or +-inf in any of ``columns``.

    A non-finite reading is no measurement of a force (a plate that sends one has lost that
    sample), so it is treated as a dropped sample: removed, its sample number left as a gap
    (time keeps its place), the next valid sample flagged DROPPED and given the removed ones'
    flags. Returns (valid samples, how many were removed, flags for the first sample of the
    next block when the block ended in removed ones, else 0). Values of other columns (aux)
    are kept as sent. numpy over the block: a whole-block sum first, the row test only when
    that sum is not finite.
    """
    cols = np.asarray(columns, dtype=np.intp)
    if len(block) == 0 or cols.size == 0:
        return block, 0, 0
    v = block.values if cols.size == block.values.shape[1] else block.values[:, cols]
    with np.errstate(invalid="ignore", over="ignore"):   # inf + -inf: nan, which is the point
        total = v.sum()
    if np.isfinite(total):
        return block, 0, 0
    ok = np.isfinite(v).all(axis=1)
    if ok.all():   # the sum overflowed: every value finite, just huge
        return block, 0, 0
    keep, bad = np.flatnonzero(ok), np.flatnonzero(~ok)
    flags = block.flags[keep].copy()
    carry = block.flags[bad] | np.uint8(Flags.DROPPED)
    nxt = np.searchsorted(keep, bad)          # the kept sample after each removed one
    inside = nxt < len(keep)
    np.bitwise_or.at(flags, nxt[inside], carry[inside])
    tail = int(np.bitwise_or.reduce(carry[~inside])) if not inside.all() else 0
    out = SampleBlock(time_s=block.time_s[keep], values=block.values[keep], seq=block.seq[keep], flags=flags,
                      counts=None if block.counts is None else block.counts[keep])
    return out, len(bad), tail
