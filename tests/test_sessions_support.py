"""Shared helpers for the sessions tests (no tests here): plates and realistic sample blocks."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from forceplate.decoder import ReportDecoder
from forceplate.encoder import counts_from_values, encode_reports
from forceplate.profile import load_profile
from forceplate.samples import ChannelInfo, Flags, ReaderInfo, SampleBlock
from sessions.meta import SessionMeta
from sessions.schema import values_from_counts


def plate_info(n_channels: int = 4, rate_hz: float = 1000.0, *, scale: float = 0.01, offset: float = 0.0,
               simulated: bool = False, with_position: bool = False) -> ReaderInfo:
    chans = [ChannelInfo(f"cell_{i}", "N", "force", scale, offset) for i in range(n_channels)]
    if with_position:
        chans.append(ChannelInfo("bar position", "m", "position", 1e-5, -0.5))
    return ReaderInfo("test", "Test plate", "T-1", tuple(chans), rate_hz, simulated=simulated)


def noisy_counts(rng: np.random.Generator, n: int, info: ReaderInfo, noise_n: float = 1.5) -> np.ndarray:
    """Body weight shared over the cells, slow lifting waves, cell noise of noise_n N."""
    t = np.arange(n) / info.sample_rate_hz
    c = len(info.channels)
    base = rng.uniform(600, 1200) + 300 * np.maximum(0, np.sin(2 * np.pi * t / rng.uniform(3, 6)))
    vals = (base / c)[:, None] + rng.normal(0, noise_n, (n, c))
    scale = np.array([ch.scale for ch in info.channels])
    zero = np.array([ch.offset for ch in info.channels])
    return np.rint((vals - zero) / scale).astype(np.int32)


def make_block(rng: np.random.Generator, n: int, info: ReaderInfo, *, start_seq: int = 0,
               gaps: bool = False, noise_n: float = 1.5) -> SampleBlock:
    """What a decoder hands over: counts, values = counts * scale + offset, seq, time = seq / rate."""
    counts = noisy_counts(rng, n, info, noise_n)
    step = np.ones(n, dtype=np.int64)
    flags = np.zeros(n, dtype=np.uint8)
    if gaps and n > 10:
        where = rng.choice(np.arange(1, n), size=max(1, n // 5000), replace=False)
        step[where] += rng.integers(1, 40, size=where.size)
        flags[where] |= np.uint8(Flags.DROPPED)
    seq = start_seq + np.cumsum(step) - 1
    return SampleBlock(time_s=seq / info.sample_rate_hz, values=values_from_counts(counts, info),
                       seq=seq, flags=flags, counts=counts)


def decoded_block(rng: np.random.Generator, n_reports: int) -> tuple[ReaderInfo, SampleBlock]:
    """Through the real encoder and ReportDecoder of the shipped diy4 profile."""
    p = load_profile("diy4")
    info = ReaderInfo("hid", p.title, "DIY-1", p.channel_infos, p.sample_rate_hz, profile=p.name)
    n = n_reports * p.samples_per_report
    vals = noisy_counts(rng, n, replace(info)) * 0.01
    reports = encode_reports(p, counts_from_values(p, vals))
    return info, ReportDecoder(p).decode(reports)


def split(block: SampleBlock, size: int) -> list[SampleBlock]:
    out = []
    for a in range(0, len(block), size):
        s = slice(a, a + size)
        out.append(SampleBlock(block.time_s[s], block.values[s], block.seq[s], block.flags[s],
                               None if block.counts is None else block.counts[s]))
    return out


def blocks_equal(a: SampleBlock, b: SampleBlock) -> bool:
    same = (np.array_equal(a.time_s, b.time_s) and np.array_equal(a.seq, b.seq)
            and np.array_equal(a.flags, b.flags) and np.array_equal(a.values, b.values, equal_nan=True))
    if a.counts is not None or b.counts is not None:
        same = same and a.counts is not None and b.counts is not None and np.array_equal(a.counts, b.counts)
    return bool(same)


def meta(**kw: object) -> SessionMeta:
    base: dict[str, object] = {"athlete": "Ana", "exercise": "smith_squat", "method": "slow_negatives", "load_kg": 60.0}
    base.update(kw)
    return SessionMeta(**base)  # type: ignore[arg-type]
