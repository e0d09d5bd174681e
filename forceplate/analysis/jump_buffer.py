"""The jump stage's sample window: the plate force kept back from the oldest pending take-off,
extended block by block without copying what it holds (forceplate.analysis.jumps)."""

from __future__ import annotations

import numpy as np

APPEND_ROOM = 1 << 16     # samples, the most room _append leaves after the kept ones (65 s at
                          # 1 kHz: a copy per ~3,000 live blocks instead of one per block)


def _joined(a: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    """a and b end to end as one view, without a copy, where b's samples follow a's in the
    buffer both are views of (the same values as concatenating them); else None."""
    base = a.base
    if (base is None or b.base is not base or not a.size or not b.size or base.ndim != 1
            or base.dtype != np.float64 or a.dtype != np.float64 or b.dtype != np.float64
            or not (base.flags.c_contiguous and a.flags.c_contiguous and b.flags.c_contiguous)):
        return None
    pa, pb = a.__array_interface__["data"][0], b.__array_interface__["data"][0]
    if pb != pa + a.nbytes:
        return None
    i = (pa - base.__array_interface__["data"][0]) // base.itemsize
    return base[i:i + a.size + b.size]


class SampleWindow:
    """JumpStage's t, f: views of a buffer with room after them (the fields are JumpStage's)."""

    t: np.ndarray
    f: np.ndarray
    _tb: np.ndarray | None
    _fb: np.ndarray | None
    _end: int

    def _append(self, t: np.ndarray, f: np.ndarray) -> None:
        """self.t, self.f extended by t, f (the same values as concatenating them): views of a
        buffer with room after them, copied only when it is full (a live 20-ms block copied
        the ~22,000 kept samples before). A first block is kept without a copy; samples once
        in a view are never written again (only the room after the last one is)."""
        n, k = self.t.size, t.size
        if n == 0 and self._tb is None:
            self.t, self.f = np.asarray(t, float), np.asarray(f, float)
            return
        jt, jf = _joined(self.t, t), _joined(self.f, f)
        if jt is not None and jf is not None:
            # (offline: the analyser feeds views of the one recording, each following the last)
            self.t, self.f = jt, jf
            return
        tb, fb, end = self._tb, self._fb, self._end
        if tb is None or fb is None or self.t.base is not tb or end + k > tb.size:
            cap = n + k + min(n + k, APPEND_ROOM)
            tb, fb, end = np.empty(cap), np.empty(cap), n
            tb[:n], fb[:n] = self.t, self.f
            self._tb, self._fb = tb, fb
        tb[end:end + k] = t
        fb[end:end + k] = f
        self._end = end = end + k
        self.t, self.f = tb[end - n - k:end], fb[end - n - k:end]
