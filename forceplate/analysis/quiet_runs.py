"""Stage 5, find rests: the walk over the quiet runs, frame by frame. A quiet run begins where
the frames turn quiet (with a measured bar, where the bar is still), ends where they stop being
quiet or leave the run's own level (or, measured, its position), and is handed to the rest
stage (rests.py `_candidate`) each time it reaches a test length: QUIET_MIN_S (a rest),
MASS_CHANGE_S (a body <-> system change), LONG_LEVEL_S (any change)."""

from __future__ import annotations

from bisect import bisect_left

import numpy as np

from forceplate.analysis.events import Event
from forceplate.analysis.frames import QUIET_MIN_S
from forceplate.analysis.no_bar import NoBarChecks
from forceplate.analysis.rest_checks import (
    LEVEL_EXIT_K,
    LEVEL_EXIT_MIN_N,
    LEVEL_EXIT_REL,
    MASS_CHANGE_S,
)
from forceplate.analysis.sigproc import mean_sd

# --- thresholds ------------------------------------------------------------------------------
LONG_LEVEL_S = 8.0         # s, quiet this long at any other new level: a mass change too (no rep
                           # holds a level that long)
BRAKE_RETEST_S = 4.0       # s, a run refused at its start as a raise still braking is retested
                           # this long: a raise brakes for up to half its length (8-s raises)
POS_EXIT_M = 0.003         # m, a measured bar this far from where its quiet run began has moved
                           # (a lifter holding a bar sways it ~1 mm; a sensor wanders < 1 mm)


class QuietRunWalk(NoBarChecks):
    # hook the rest stage provides (rests.RestStage; _candidate: late_rests.py)
    def _close_base(self, b: int, events: list[Event]) -> None:
        raise NotImplementedError

    def _walk(self, first: int, q: np.ndarray, events: list[Event]) -> None:
        """Run events over newly decided frames first .. first+len(q). A run also ends when
        its frames leave the run's own level: a slow start is quiet in a short window but
        drifts away from the rest level."""
        qmin = self._frames_for(QUIET_MIN_S)
        f0 = self._s0 // self.nf
        n = q.size
        # where quiet starts (False->True) and stops (True->False), found once (no O(n) per run)
        dq = np.diff(q.astype(np.int8))
        rises = ((dq == 1).nonzero()[0] + 1).tolist()
        falls = ((dq == -1).nonzero()[0] + 1).tolist()

        def next_true(i: int) -> int:
            if q[i]:
                return i
            k = bisect_left(rises, i)
            return rises[k] if k < len(rises) else n

        def next_false(i: int) -> int:
            if not q[i]:
                return i
            k = bisect_left(falls, i)
            return falls[k] if k < len(falls) else n

        i = 0
        while i < n:
            if self._run_start is None:
                i = next_true(i)
                if i >= n:
                    return
                self._run_start, self._run_seen, self._run_level = first + i, 0, None
                continue
            rs = self._run_start
            end = next_false(i)
            if self._run_level is None:
                ready = rs + qmin - first
                if ready <= end and ready <= n and self._pos_idx is not None and self._am.size:
                    # a measured bar finishing its raise at 1 cm/s is quiet, but no rest yet:
                    # the run begins where the bar is still (frames._still_from; a top whose
                    # quiet began 0.3 s before the bar stopped was refused, and reps merged)
                    still = self._still_from(rs, first + end, qmin)
                    if still is None and end >= n:
                        return                     # not still yet: wait for more frames
                    if still is None:
                        # the run ended before two still windows: one will do (a short top)
                        still = self._still_from(rs, first + end, qmin, windows=1)
                    if still is None:
                        self._run_start = None     # never still: no rest in it
                        i = end + 1
                        continue
                    if still > rs:
                        self._run_start = still
                        i = max(i, still - first)
                        continue
                if ready <= end and ready <= n:
                    first_frames = self._fm[rs - f0:rs + qmin - f0]
                    self._run_level, sd = mean_sd(first_frames)
                    # leaving the level by more than the run's own fluctuation ends the run:
                    # a slow lowering is quiet in a short window but drifts off the level
                    self._run_band = max(LEVEL_EXIT_MIN_N, LEVEL_EXIT_K * sd,
                                         LEVEL_EXIT_REL * abs(self._run_level - self._tare_n))
                    self._run_pos = (float(self._am[rs - f0:rs + qmin - f0].mean())
                                     if self._pos_idx is not None and self._am.size else None)
                    if ready >= i:
                        # (ready == i == 0: the run's start was put late and it reached QUIET_MIN_S
                        # exactly at this block's first frame - tested here, or never: live a
                        # 0.07-s top of a 250-Hz beyond-failure set went untested and the next
                        # rep's lowering began 60 ms early, wide 8960)
                        self._run_grows(first + ready, qmin, events)
                        i = ready
                        continue
                    # the run's start was put late (_still_from found the bar still only in a
                    # later block): its frames from ready on came in earlier blocks, untested
                    # against the level - test them now (i < 0), as if fed whole (one answer)
                    i = ready
                else:
                    # shorter than a rest so far (most quiet runs: sway between the reps):
                    # nothing to test, and no base of it to close
                    if end >= n:
                        return
                    self._run_start = None
                    i = end + 1
                    continue
            fm = self._fm[first + i - f0:first + end - f0]
            away = (abs(fm - self._run_level) > self._run_band).nonzero()[0]
            if away.size:
                end = i + int(away[0])
            if self._run_pos is not None:
                # a measured bar leaving the run's position ends it too: a lowering at
                # 1 cm/s moves under STILL_POS_M in the quiet window, and is still for it
                am = self._am[first + i - f0:first + end - f0]
                gone = (abs(am - self._run_pos) > POS_EXIT_M).nonzero()[0]
                if gone.size:
                    end = i + int(gone[0])
            if end > i:
                self._run_grows(first + end, qmin, events)
            if end >= n:
                return
            self._run_ends(first + end, qmin, events)
            self._run_start = None
            i = end + 1
            if i < 0:
                # it ended in frames of earlier blocks (quiet all through the run): the next
                # quiet run starts there (q holds this block's frames only)
                self._run_start, self._run_seen, self._run_level = first + i, 0, None
                i = 0

    def _run_grows(self, upto: int, qmin: int, events: list[Event]) -> None:
        """The current quiet run now extends to frame upto (exclusive)."""
        a = self._run_start
        assert a is not None
        length = upto - a
        base = self._base
        if base is not None and base.start == a:
            return
        held = self._frames_for(MASS_CHANGE_S)
        # refused as still braking (rests._candidate): tested again at each further QUIET_MIN_S
        # (stage 3) until the braking has faded, the chunk then ending there
        retests = [(j * qmin, 3) for j in range(2, held // qmin + 1) if j * qmin < held]
        # a slow raise brakes for up to half its length, past MASS_CHANGE_S: the retests go on
        later = [(j * qmin, 3) for j in range(held // qmin + 1, self._frames_for(BRAKE_RETEST_S) // qmin + 1)]
        steps = [(qmin, 0), *retests, (held, 1), *later, (self._frames_for(LONG_LEVEL_S), 2)]
        for need, stage in steps:
            if self._run_seen < need <= length:
                if stage == 3 and (base is None or base.cache.get("off_level_at") != float(a)):
                    continue
                self._candidate(a, a + need, stage, events)
                if self._run_start != a or self._base is not None and self._base.start == a:
                    self._run_seen = length
                    return
        self._retest_late(a, length, events)
        self._run_seen = length

    def _run_ends(self, b: int, qmin: int, events: list[Event]) -> None:
        if self._elsewhere and self._elsewhere[-1][0] == self._run_start:
            self._elsewhere[-1][1] = b
        base = self._base
        still = None if base is None else base.cache.get("still_from")
        if base is not None and still is not None and self._run_start is not None and self._run_start <= still < b:
            base.cache["still_to"] = float(b)     # quiet at the base's level, nothing between
        if base is not None and base.start == self._run_start and base.end is None:
            self._close_base(b, events)
