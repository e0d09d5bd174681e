"""A bounded, thread-safe buffer of the latest force samples and their phase, for the chart.

The pipeline thread writes whole blocks; the UI copies a window out at its own pace. Memory is
fixed at construction: the screen never grows with the session (everything else is on disk).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

# Phase codes stored per sample (int8) so the chart can colour contiguous runs.
PHASE_OTHER, PHASE_ECC, PHASE_CON = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Window:
    time_s: np.ndarray    # float64 (n,)
    force_n: np.ndarray   # float64 (n,)
    phase: np.ndarray     # int8 (n,)

    def __len__(self) -> int:
        return int(self.time_s.shape[0])


class ForceRing:
    """Fixed-capacity ring of (time_s, force_n, phase)."""

    def __init__(self, capacity: int) -> None:
        self.capacity = int(capacity)
        self._t = np.zeros(self.capacity)
        self._f = np.zeros(self.capacity)
        self._p = np.zeros(self.capacity, np.int8)
        self._end = 0        # total samples ever written
        self._lock = threading.Lock()

    @property
    def total(self) -> int:
        return self._end

    def clear(self) -> None:
        with self._lock:
            self._end = 0

    def extend(self, time_s: np.ndarray, force_n: np.ndarray, phase: np.ndarray) -> None:
        n = int(time_s.shape[0])
        if n == 0:
            return
        if n > self.capacity:  # only the newest samples fit
            time_s, force_n, phase = time_s[-self.capacity:], force_n[-self.capacity:], phase[-self.capacity:]
            n = self.capacity
        with self._lock:
            start = self._end % self.capacity
            first = min(n, self.capacity - start)
            self._t[start:start + first] = time_s[:first]
            self._f[start:start + first] = force_n[:first]
            self._p[start:start + first] = phase[:first]
            rest = n - first
            if rest:
                self._t[:rest] = time_s[first:]
                self._f[:rest] = force_n[first:]
                self._p[:rest] = phase[first:]
            self._end += n

    def relabel(self, t0_s: float, t1_s: float, code: int) -> None:
        """Set the phase of held samples in [t0_s, t1_s): final rep boundaries replace live guesses."""
        with self._lock:
            held = min(self._end, self.capacity)
            mask = (self._t[:held] >= t0_s) & (self._t[:held] < t1_s)
            self._p[:held][mask] = code

    def latest(self, n: int | None = None) -> Window:
        """A copy of the newest n samples (all held ones when n is None), oldest first."""
        with self._lock:
            held = min(self._end, self.capacity)
            n = held if n is None else min(n, held)
            stop = self._end % self.capacity
            if n <= stop:    # one stretch of the buffer: plain slices (copied), no index array
                s = slice(stop - n, stop)
                return Window(self._t[s].copy(), self._f[s].copy(), self._p[s].copy())
            head = slice(self.capacity - (n - stop), self.capacity)
            return Window(np.concatenate((self._t[head], self._t[:stop])),
                          np.concatenate((self._f[head], self._f[:stop])),
                          np.concatenate((self._p[head], self._p[:stop])))

    def since(self, t0_s: float) -> Window:
        """A copy of the held samples at or after t0_s."""
        w = self.latest()
        i = int(np.searchsorted(w.time_s, t0_s))
        return Window(w.time_s[i:], w.force_n[i:], w.phase[i:])

