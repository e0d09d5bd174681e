"""Samples -> reports for a PlateProfile: the inverse of ReportDecoder.

The simulated plate and the USB emulation tests use it, so simulated data goes through
exactly the decoding path of a real plate.
"""

from __future__ import annotations

import numpy as np

from forceplate.profile import VALUE_TYPES, PlateProfile


def counts_from_values(profile: PlateProfile, values: np.ndarray) -> np.ndarray:
    """SI values (n, c) -> converter counts, rounded and clipped to each channel's range."""
    chans = profile.channels
    values = np.asarray(values)
    # all channels at once, in the arithmetic of one at a time (float32 values stay float32)
    dt = values.dtype if values.dtype.kind == "f" else np.dtype(np.float64)
    out = (values - np.array([ch.zero for ch in chans], dt)) / np.array([ch.scale for ch in chans], dt)
    ints = [j for j, ch in enumerate(chans) if VALUE_TYPES[ch.type][2] != "f"]
    if ints:
        lims = np.array([chans[j].limits for j in ints], dt)
        if len(ints) == len(chans):
            out = np.clip(np.rint(out), lims[:, 0], lims[:, 1])
        else:
            out[:, ints] = np.clip(np.rint(out[:, ints]), lims[:, 0], lims[:, 1])
    return out.astype(np.float64, copy=False)


def encode_reports(profile: PlateProfile, counts: np.ndarray, first_report: int = 0) -> np.ndarray:
    """counts (n, c) with n a multiple of samples_per_report -> uint8 (n/spr, report_size).

    Report k carries counter (first_report + k) mod 2**bits when the profile has a counter.
    """
    spr = profile.samples_per_report
    n = counts.shape[0]
    if n % spr:
        raise ValueError(f"{n} samples is not a multiple of {spr} samples per report")
    k = n // spr
    out = np.zeros((k, profile.report_size), dtype=np.uint8)
    if profile.report_id is not None:
        out[:, 0] = profile.report_id
    if profile.sequence_offset is not None:
        nb = VALUE_TYPES[profile.sequence_type][0]
        ctr = (first_report + np.arange(k, dtype=np.int64)) % (1 << (8 * nb))
        b = _le_bytes(ctr, nb)
        if profile.sequence_endian == "big":
            b = b[:, ::-1]
        out[:, profile.sequence_offset:profile.sequence_offset + nb] = b
    starts = profile.sample_offset + profile.sample_stride * np.arange(spr)
    for j, ch in enumerate(profile.channels):
        col = counts[:, j].reshape(k, spr)
        if VALUE_TYPES[ch.type][2] == "f":
            b = col.astype("<f4").view(np.uint8).reshape(k, spr, 4)
        else:
            b = _le_bytes(col.astype(np.int64), ch.size)
        if ch.endian == "big":
            b = b[..., ::-1]
        # every byte of this channel in every sample of a report, in one scatter
        where = (starts[:, None] + ch.offset + np.arange(ch.size)[None, :]).ravel()
        out[:, where] = b.reshape(k, spr * ch.size)
    return out


def _le_bytes(v: np.ndarray, nbytes: int) -> np.ndarray:
    """Two's-complement little-endian bytes of integers: (...,) -> (..., nbytes) uint8."""
    u = (v.astype(np.int64) & ((1 << (8 * nbytes)) - 1)).astype("<i8", copy=False)
    return u.view(np.uint8).reshape(*v.shape, 8)[..., :nbytes]
