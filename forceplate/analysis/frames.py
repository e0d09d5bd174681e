"""Stage 1, frames and quiet: the force averaged over 10-ms frames aligned to the stream's
sample numbers (so no result depends on where the caller cut its blocks), and which frames are
quiet - candidate rests."""

from __future__ import annotations

import math

import numpy as np
from scipy.ndimage import maximum_filter1d, minimum_filter1d

from forceplate.analysis.events import Event
from forceplate.analysis.sigproc import frame_means
from forceplate.analysis.state import AnalyserState, append

# --- thresholds ------------------------------------------------------------------------------
QUIET_MIN_S = 0.2          # s, shortest quiet run that can be a rest: a touch-and-go top is shorter
BAND_MIN_N = 8.0           # N, quiet band floor: a standing lifter's sway moves the force a few N
BAND_NOISE_K = 6.0         # frame-noise SDs: the band stays above the plate's own noise
BAND_REL = 0.004           # share of the level: sway scales with the mass that sways
STILL_POS_M = 0.002        # m, a measured bar moving less than this in a quiet window is still:
STILL_V_M_S = 0.015        # m/s ... or slower than this (a 20-kg bar lowered 10 cm in 3 s keeps
                           # the force inside the band for seconds, its position does not)
MEASURED_STILL_V_M_S = 0.005  # m/s, a measured bar at rest moves slower than this on average (sway
                           # and sensor wander: 1-3 mm/s); the slowest lowering drawn is 6 mm/s
STILL_MARGIN = 0.5         # a measured bar's quiet run that began while it still moved starts where
                           # it moved under this share of MEASURED_STILL_V_M_S (2.5 mm/s: 0.5 mm in
                           # 0.2 s, 3-4 SDs of the frame-mean position noise) over two windows of
                           # QUIET_MIN_S running (the rest test's 10-Hz low-pass reads a bar coming
                           # to a stop up to 10 % faster than frame means, and the rest's chunk,
                           # ending QUIET_MIN_S into it, must hold the bar's stop)
SPREAD_MIN_SAMPLES = 3     # samples: a frame's noise is its own spread from this many on. One
                           # sample has none; two read 0.56 SD on average (a 1-kHz frame's ten:
                           # 0.92), so a noisy 200-Hz export's band lost 40 % of its noise term
                           # and its rests went unseen (classic 1-3 at 200 Hz: 80/84 exact sets)
FRAME_TIMES_MIN = 1000     # frames: a block fed this long (offline: the whole recording) has its
                           # frame times made at once, for the chunks (integrate.py); a live
                           # block of a few frames has not (each chunk makes its own: the same
                           # numbers, frame by frame)
D2_SD = math.sqrt(6.0) * math.sqrt(2.0 / math.pi)   # E|x[i] - 2x[i-1] + x[i-2]| per SD of white
                           # noise in x: a frame of fewer samples (200 Hz and under) reads its
                           # noise as |second difference of the frame means| / D2_SD (a force
                           # that changes at a steady rate drops out, as in a frame's spread)


FEW_WINDOWS = 16   # window sums up to which window_sums adds in plain Python: a live block
                   # decides ~2 frames, and a numpy call per term on 2 values costs more


def window_sums(x: np.ndarray, k: int, m: int) -> np.ndarray:
    """Sums x[i] + x[i + 1] + ... + x[i + k - 1] for i < m, added in that order (a frame's
    flag never depends on where the caller's blocks were cut); a few in Python floats (the
    same IEEE additions, NaN and inf alike), more as numpy adds of shifted slices."""
    if m <= FEW_WINDOWS and x.dtype == np.float64:
        xs = x[:m + k - 1].tolist()
        out = []
        for i in range(m):
            s = xs[i]
            for j in range(i + 1, i + k):
                s += xs[j]
            out.append(s)
        return np.array(out, np.float64)
    acc = x[0:m].copy()
    for j in range(1, k):
        acc += x[j:j + m]
    return acc


class FrameStage(AnalyserState):
    _ftm: np.ndarray = np.empty(0)   # frame means of the sample times of a long block (or none) ...
    _ftm_f0: int = 0                 # ... from this global frame on

    def _n_frames(self) -> int:
        return (self._s0 + self._t.size) // self.nf

    def _frames(self) -> None:
        f0 = self._s0 // self.nf
        have = f0 + self._fm.size
        n_new = self._n_frames() - have
        if n_new <= 0:
            return
        a = (have - f0) * self.nf
        # quiet detection and levels use the plate alone: a spotter acting shows there
        x = self._f[a:a + n_new * self.nf].reshape(n_new, self.nf)
        mean = frame_means(x)
        self._fm = append(self._fm, mean)
        self._fmp = self._fm
        if self.nf < SPREAD_MIN_SAMPLES:
            # the two frames before (the stream's first frames repeat the first one)
            prev = self._fm[max(self._fm.size - n_new - 2, 0):self._fm.size - n_new]
            prev = np.concatenate([np.full(2 - prev.size, self._fm[0]), prev]) if prev.size < 2 else prev
            y = np.concatenate([prev, mean])
            sd = np.abs(y[2:] - 2.0 * y[1:-1] + y[:-2]) / D2_SD
        else:
            sd = np.sqrt(np.maximum(np.einsum("ij,ij->i", x, x) / self.nf - mean * mean, 0.0))
        self._fsd = append(self._fsd, sd)
        if self._aux.size:
            self._am = append(self._am, frame_means(self._aux[a:a + n_new * self.nf].reshape(n_new, self.nf)))
        if n_new >= FRAME_TIMES_MIN:
            tm = frame_means(self._t[a:a + n_new * self.nf].reshape(n_new, self.nf))
            if self._ftm.size and self._ftm_f0 + self._ftm.size == have:
                keep = max(f0 - self._ftm_f0, 0)        # none before the samples kept
                self._ftm, self._ftm_f0 = np.concatenate([self._ftm[keep:], tm]), self._ftm_f0 + keep
            else:
                self._ftm, self._ftm_f0 = tm, have

    def _frame_times(self, start: int, nfr: int) -> np.ndarray:
        """The mean sample time of nfr frames from buffer sample start (a frame's first), as a
        new array: from the long block's frame times where they hold them (one pass over the
        recording instead of one per chunk built), else made here."""
        g = (self._s0 + start) // self.nf - self._ftm_f0
        if g >= 0 and g + nfr <= self._ftm.size:
            return self._ftm[g:g + nfr].copy()
        return frame_means(self._t[start:start + nfr * self.nf].reshape(nfr, self.nf))

    def _decide(self, final: bool, events: list[Event]) -> None:
        """Decide quiet flags for all frames whose window is complete, then walk the runs."""
        h = self._half_window
        f0 = self._s0 // self.nf
        nfr = self._n_frames()
        upto = nfr if final else nfr - h
        if upto <= self._qdone:
            return
        lo = self._qdone - h
        # window of frame means around each new frame (edges: repeat the end frame)
        ia = max(lo, f0)
        seg_fm = self._fm[ia - f0:upto + h - f0]
        seg_sd = self._fsd[ia - f0:upto + h - f0]
        seg_am = self._am[ia - f0:upto + h - f0] if self._am.size else None
        pad_lo = ia - lo
        pad_hi = (upto + h) - (f0 + self._fm.size) if upto + h > f0 + self._fm.size else 0
        if pad_lo or pad_hi:
            seg_fm = np.pad(seg_fm, (pad_lo, pad_hi), mode="edge")
            seg_sd = np.pad(seg_sd, (pad_lo, pad_hi), mode="edge")
            if seg_am is not None:
                seg_am = np.pad(seg_am, (pad_lo, pad_hi), mode="edge")
        k = 2 * h + 1
        m = seg_fm.size - k + 1
        # max/min filters are exact; the window mean is summed in a fixed order, so a frame's
        # flag never depends on where the caller's blocks were cut
        rng = (maximum_filter1d(seg_fm, k)[h:h + m] - minimum_filter1d(seg_fm, k)[h:h + m])
        noise = window_sums(seg_sd, k, m) / (k * math.sqrt(self.nf))
        band = np.maximum(np.maximum(BAND_MIN_N, BAND_NOISE_K * noise), BAND_REL * np.abs(seg_fm[h:h + m]))
        q = rng < band
        if seg_am is not None:
            # a measured bar must be still too: a slow, light lowering can keep the force
            # inside the band for seconds
            if self._pos_idx is not None:
                moved = maximum_filter1d(seg_am, k)[h:h + m] - minimum_filter1d(seg_am, k)[h:h + m]
                q &= moved < STILL_POS_M
            else:
                q &= maximum_filter1d(np.abs(seg_am), k)[h:h + m] < STILL_V_M_S
        self._quiet = np.concatenate([self._quiet, q])
        start_frame = self._qdone
        self._qdone = upto
        self._walk(start_frame, q, events)

    def _level(self, a: int, b: int) -> float:
        f0 = self._s0 // self.nf
        x = self._fm[max(a - f0, 0):max(b - f0, 1)]
        return float(np.add.reduce(x) / x.size) if x.size else float(self._fm[0])   # (= x.sum())

    def _frame_means(self, a: int, b: int) -> np.ndarray:
        """Frame means of the plate force over frames a..b."""
        f0 = self._s0 // self.nf
        return self._fm[max(a - f0, 0):max(b - f0, 1)]

    def _plate_level(self, a: int, b: int) -> float:
        f0 = self._s0 // self.nf
        x = self._fmp[a - f0:b - f0]
        return float(np.add.reduce(x) / x.size)

    def _sl(self, fa: int, fb: int) -> slice:
        a = max(fa * self.nf - self._s0, 0)
        b = min(fb * self.nf - self._s0, self._t.size)
        return slice(a, b)

    def _bar_moved(self, a: int, b: int, pos_exit_m: float) -> bool:
        """Did a measured bar move more than pos_exit_m over frames a..b (frame means)?"""
        if self._pos_idx is None or not self._am.size:
            return False
        f0 = self._s0 // self.nf
        am = self._am[max(a - f0, 0):max(b - f0, 1)]
        return bool(am.size) and float(am.max() - am.min()) > pos_exit_m

    def _still_windows(self, a: int, b: int) -> np.ndarray:
        """Per window of QUIET_MIN_S frames starting at each frame of a..b: did the measured
        bar move under MEASURED_STILL_V_M_S across it (frame means)?"""
        f0 = self._s0 // self.nf
        k = self._frames_for(QUIET_MIN_S)
        am = self._am[max(a - f0, 0):max(b - f0, 1)]     # the frames _frame_means gives
        if am.size < k:
            return np.zeros(0, bool)
        return np.abs(am[k - 1:] - am[:am.size - k + 1]) < MEASURED_STILL_V_M_S * (k - 1) * self.frame_s

    def _still_from(self, a: int, b: int, qmin: int, windows: int = 2) -> int | None:
        """Where a measured bar's rest can begin in frames [a, b - qmin]: frame a if the bar
        moved under MEASURED_STILL_V_M_S from frame a - 1 to a + qmin - 1 (as the rest test
        asks, on frame means of the position); else the end of the first window of qmin frames
        over which it moved under STILL_MARGIN of that, followed by another such window (or,
        windows=1, the start of the first such window); None if there is none (yet)."""
        f0 = self._s0 // self.nf
        lo = max(a - 1, f0)
        am = self._am[lo - f0:b - f0]
        if am.size <= qmin:
            return None
        moved = np.abs(am[qmin:] - am[:-qmin])
        limit = MEASURED_STILL_V_M_S * qmin * self.frame_s
        if lo + 1 >= a and moved[0] < limit:     # (a == f0: the stream's first frame has none before)
            return a
        ok = moved < STILL_MARGIN * limit
        if windows == 1:
            idx = ok.nonzero()[0]
            return lo + 1 + int(idx[0]) if idx.size else None
        # still for a window before the rest too: the rest's chunk ends QUIET_MIN_S into it,
        # and a bar accepted at rest while it still crept ended its raise that much early
        idx = (ok[:-qmin] & ok[qmin:]).nonzero()[0]
        return lo + 1 + qmin + int(idx[0]) if idx.size else None
