"""Where the plate is empty, for the jump stage (forceplate.analysis.jumps): the runs of empty
plate among the samples as they come (flights, and stepping off), and each flight's take-off
and landing samples against the empty plate's own level."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from forceplate.analysis.flight_search import EMPTY_COARSE_N, MIN_FLIGHT_S
from forceplate.analysis.sigproc import bool_runs, median, robust_sd

MAX_FLIGHT_S = 1.3        # s, longer than a 2-m jump's flight: the athlete is off the plate
TAKEOFF_FLOOR_N = 10.0    # N, take-off threshold over the empty plate: at least 10 N (a limb
                          # resting on the plate weighs more; plate ringing after toe-off less)
TAKEOFF_SD_K = 5.0        # ... or 5 SD of the empty plate's noise
RING_N = 100.0            # N, an empty plate rings after toe-off by less than this (a foot on it:
                          # 10 % of a light athlete's weight and rising)
RING_S = 0.04             # s, ... and for less than this between two empty stretches
TOE_FALL_S = 0.02         # s, the force falls from RING_N to the take-off threshold within this
                          # (toe-off: >= 10 kN/s, a 40-kg athlete's body weight in 40 ms)
FLIGHT_LEVEL_MIN_N = 8    # samples of flight enough for its level and noise (median, MAD): a
                          # 20-cm jump's 0.4-s flight holds 18 at 50 Hz; under this, the tare


@dataclass
class Empty:
    a: int                    # absolute sample index of the first empty sample
    b: int | None = None      # first loaded sample after, None while empty
    done: bool = False        # the take-off at a was analysed (or rejected)
    ta: float = 0.0           # their times (s)
    tb: float | None = None


class EmptyRuns:
    """The empty-plate runs and flight edges of JumpStage (the fields are JumpStage's)."""

    rate_hz: float
    s0: int
    t: np.ndarray
    f: np.ndarray
    empties: list[Empty]
    _scanned: int
    _low_since: int | None

    def _scan(self, tare_n: float, final: bool) -> None:
        """Extend the list of empty runs (>= MIN_FLIGHT_S under the coarse level) over the new
        samples; a run still going at the end is listed open (b = None) once long enough."""
        new = self.f[self._scanned - self.s0:]
        if new.size == 0:
            return
        low = new < tare_n + EMPTY_COARSE_N
        min_n = max(2, int(round(MIN_FLIGHT_S * self.rate_hz)))
        if not low.any():
            # no sample empty (a live block on a loaded plate): no run starts, an open one
            # ends before them - what the general walk below gives, without finding no runs
            if self._low_since is not None:
                self._put(self._low_since, self._scanned, min_n)
            self._low_since = None
            self._scanned += low.size
            return
        starts, ends = bool_runs(low)
        if self._low_since is not None and not low[0]:
            self._put(self._low_since, self._scanned, min_n)
        open_from = None
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
            a_abs = self._low_since if a == 0 and self._low_since is not None else self._scanned + a
            if b == low.size:
                open_from = a_abs
            else:
                self._put(a_abs, self._scanned + b, min_n)
        self._low_since = open_from
        self._scanned += low.size
        if open_from is not None and self._scanned - open_from >= min_n:
            self._put(open_from, None, min_n)

    def _ring_top(self, e: Empty) -> float:
        """A force under this over the flight's level is ringing, not a foot (RING_N)."""
        k = e.a - self.s0
        return float(np.median(self.f[k:k + max(2, int(MIN_FLIGHT_S * self.rate_hz))])) + RING_N

    def _put(self, a: int, b: int | None, min_n: int) -> None:
        last = self.empties[-1] if self.empties else None
        if (last is not None and last.a != a and last.b is not None and not last.done
                and a - last.b <= int(RING_S * self.rate_hz)
                and float(self.f[last.b - self.s0:a - self.s0].max()) < self._ring_top(last)):
            # the plate rang after the toes left (or a landing touched): one flight
            last.b = b
            last.tb = None if b is None else float(self.t[min(b, self.s0 + self.t.size - 1) - self.s0])
            return
        if last is not None and last.a == a:
            e = last
        elif b is not None and b - a < min_n and a != 0:
            return       # a dip; but a plate empty from the recording's first sample was empty
                         # before it too (a file cropped or triggered just before a drop's touchdown)
        else:
            e = Empty(a, ta=float(self.t[a - self.s0]))
            self.empties.append(e)
        e.b = b
        e.tb = None if b is None else float(self.t[min(b, self.s0 + self.t.size - 1) - self.s0])

    def _empty_level(self, a: int, b: int | None, tare_n: float) -> tuple[float, float]:
        """(level, threshold) of the empty plate from the flight's own middle (samples a..b,
        buffer indices), where it is long enough; else the tare."""
        end = a + int(MAX_FLIGHT_S * self.rate_hz) if b is None else min(b, a + int(MAX_FLIGHT_S * self.rate_hz))
        cut = int(0.03 * self.rate_hz)
        x = self.f[a + cut:end - cut]
        if x.size >= FLIGHT_LEVEL_MIN_N:
            med = median(x)                   # (= np.median, without its per-call overhead)
            sd = robust_sd(x, med)
            # the flight is the empty plate: under the tare is an offset the tare missed (no
            # empty-plate weighing yet: a -42-N plate read every mass 4.3 kg low, heights 6 cm
            # high, at any rate); over it by EMPTY_COARSE_N it is no flight
            level = med if med - tare_n < EMPTY_COARSE_N else tare_n
            return level, level + max(TAKEOFF_SD_K * sd, TAKEOFF_FLOOR_N)
        return tare_n, tare_n + TAKEOFF_FLOOR_N

    def _edges(self, e: Empty, thr: float, away: bool) -> tuple[int, int | None]:
        """(take-off, landing) buffer indices: the first sample under thr, the first back over it."""
        f = self.f
        last = (e.b - self.s0) if e.b is not None else f.size
        i = e.a - self.s0
        # from the last sample clearly loaded before it (the plate may ring after toe-off)
        lo = max(0, i - int(RING_S * 2.5 * self.rate_hz))
        above = np.flatnonzero(f[lo:i] >= thr - TAKEOFF_FLOOR_N + RING_N)
        if above.size:
            i = lo + int(above[-1]) + 1
        while i > 0 and f[i - 1] < thr:
            i -= 1
        # toe-off takes the force from RING_N to the threshold within TOE_FALL_S: further on, a
        # sample over the threshold is the plate ringing (at 50 Hz the first sample after the
        # last loaded one is already in the ring, and the walk went on into it, 40 ms late)
        stop = min(last - 1, i + max(1, int(TOE_FALL_S * self.rate_hz)))
        while i < stop and f[i] >= thr:
            i += 1
        if away or e.b is None:
            return i, None
        j = e.b - self.s0
        while j > i + 1 and f[j - 1] >= thr:
            j -= 1
        while j < f.size - 1 and f[j] < thr:
            j += 1
        return i, j

    def _flight_edges(self, e: Empty, away: bool, tare_n: float) -> tuple[float, float, int, int | None]:
        """(empty level, threshold, take-off, landing) of one flight, buffer indices: the
        threshold from the flight between the edges it gives (twice: the coarse run's ends depend
        on the tare known when they were scanned, the edges do not)."""
        level, thr = self._empty_level(e.a - self.s0, None if e.b is None else e.b - self.s0, tare_n)
        i, land = self._edges(e, thr, away)
        level, thr = self._empty_level(i, land, tare_n)
        i, land = self._edges(e, thr, away)
        return level, thr, i, land
