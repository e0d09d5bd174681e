"""A saved session's stored analysis as the views need it: reps and sets up to a time, the
phase at a time, and an analyser stand-in that replays them.

Replay shows the stored analysis, not a new one of the part that was played: after a seek
the reps before the cursor are the saved ones, numbered as saved (re-analysing from the seek
point found "2 reps (4-10 wanted): off target" in a set of 5). Times are on the samples'
own time axis (the rep rows' `*_s`, = seq / sample rate for a recording).
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from forceplate.analysis.events import (
    Event,
    Phase,
    PhaseChanged,
    PositiveFailure,
    Rep,
    RepCompleted,
    SetEnded,
    SetStarted,
    SetSummary,
)
from forceplate.errors import BadInputError
from sessions import schema as S
from sessions.meta import SessionMeta


def _order(ev: Event) -> tuple[float, int]:
    """Events at one instant in the analyser's order: a set starts, the phase moves, the rep
    completes (then the rest after it, a positive failure), the set ends."""
    if isinstance(ev, PhaseChanged):
        rank = 3 if ev.phase in (Phase.REST, Phase.STANDING) else 1
    else:
        rank = {SetStarted: 0, RepCompleted: 2, PositiveFailure: 3, SetEnded: 4}.get(type(ev), 1)
    return ev.t_s, rank


@dataclass
class StoredAnalysis:
    reps: list[Rep] = field(default_factory=list)
    sets: list[SetSummary] = field(default_factory=list)
    body_mass_kg: float | None = None
    system_mass_kg: float | None = None
    analysis_version: str | None = None
    method: str = "normal"
    events: list[Event] = field(default_factory=list)   # every event, in time order

    def __post_init__(self) -> None:
        if not self.events:
            self.events = _events(self.reps, self.sets)
        self._times = [ev.t_s for ev in self.events]
        self._rep_ends = [r.concentric.end_s for r in self.reps]
        self._set_ends = [s.end_s for s in self.sets]

    @classmethod
    def from_rows(cls, meta: SessionMeta, rep_rows: list[dict[str, Any]], set_rows: list[dict[str, Any]]) -> StoredAnalysis:
        reps = sorted((Rep.from_row(r) for r in rep_rows), key=lambda r: r.concentric.end_s)
        sets = sorted((SetSummary.from_row(s) for s in set_rows), key=lambda s: s.end_s)
        return cls(reps, sets, meta.body_mass_kg, meta.system_mass_kg, meta.analysis_version, meta.method)

    @classmethod
    def from_file(cls, path: Path | str) -> StoredAnalysis:
        """From the session file's footer (no samples read: instant even for an hour)."""
        from sessions.session_file import read_kv

        path = Path(path)
        kv = read_kv(path)
        try:
            meta = SessionMeta.from_dict(S.loads_json(kv.get(S.KEY_META), "session metadata"))
            reps = json.loads(kv.get(S.KEY_REPS, "[]"))
            sets = json.loads(kv.get(S.KEY_SETS, "[]"))
            return cls.from_rows(meta, reps, sets)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise BadInputError(f"{path}: bad stored analysis ({exc})") from None

    # --- what the views ask ------------------------------------------------------------------

    def reps_until(self, t_s: float) -> list[Rep]:
        """The reps complete by t_s (their raise ended), as stored."""
        return self.reps[:bisect.bisect_right(self._rep_ends, t_s)]

    def sets_until(self, t_s: float) -> list[SetSummary]:
        """The sets ended by t_s."""
        return self.sets[:bisect.bisect_right(self._set_ends, t_s)]

    def events_between(self, t0_s: float, t1_s: float) -> list[Event]:
        """Events with t0_s < t <= t1_s (everything up to t1_s with t0_s = -inf)."""
        return self.events[bisect.bisect_right(self._times, t0_s):bisect.bisect_right(self._times, t1_s)]

    def phase_at(self, t_s: float) -> tuple[Phase, float]:
        """(phase, since when) at t_s from the stored boundaries: REST between the reps of a
        set, STANDING outside sets."""
        i = bisect.bisect_right(self._rep_ends, t_s)   # reps[i] is the first not finished by t
        if i < len(self.reps):
            r = self.reps[i]
            e, c = r.eccentric, r.concentric
            if c.start_s <= t_s:
                return Phase.RAISING, c.start_s
            if e.end_s <= t_s:
                return Phase.BOTTOM, e.end_s
            if e.start_s <= t_s:
                return Phase.LOWERING, e.start_s
        prev = self.reps[i - 1] if i > 0 else None
        nxt = self.reps[i] if i < len(self.reps) else None
        if prev is not None and nxt is not None and prev.set == nxt.set:
            return Phase.REST, prev.concentric.end_s
        return Phase.STANDING, prev.concentric.end_s if prev is not None else 0.0


def _events(reps: list[Rep], sets: list[SetSummary]) -> list[Event]:
    """The events the analyser emitted, rebuilt from the stored rows."""
    evs: list[Event] = []
    first_of_set: dict[int, Rep] = {}
    for r in reps:
        first_of_set.setdefault(r.set, r)
        e, c = r.eccentric, r.concentric
        evs += [PhaseChanged(e.start_s, Phase.LOWERING, provisional=False),
                PhaseChanged(e.end_s, Phase.BOTTOM, provisional=False),
                PhaseChanged(c.start_s, Phase.RAISING, provisional=False),
                RepCompleted(c.end_s, r)]
    for n, r in first_of_set.items():
        evs.append(SetStarted(r.eccentric.start_s, n))
    by_set = {s.set: s for s in sets}
    for r in reps:
        s = by_set.get(r.set)
        if s is not None and s.positive_failure_rep == r.rep_in_set:
            evs.append(PositiveFailure(r.concentric.end_s, r.rep_in_set))
    for s in sets:
        evs.append(SetEnded(s.end_s, s))
    # after each rep: REST inside a set, STANDING after its last rep
    last: dict[int, Rep] = {}
    for r in reps:
        last[r.set] = r
    for r in reps:
        evs.append(PhaseChanged(r.concentric.end_s, Phase.STANDING if last[r.set] is r else Phase.REST,
                                provisional=False))
    evs.sort(key=_order)
    return evs


class ReplayAnalyser:
    """The analyser's interface (feed / finish / phase / reps) over a stored analysis: a
    replay shows what was saved, the same after every seek."""

    def __init__(self, stored: StoredAnalysis) -> None:
        self.stored = stored
        self.config: Any = None
        self.phase = Phase.STANDING
        self.phase_started_s = 0.0
        self.time_s = float("-inf")
        self.body_mass_kg = stored.body_mass_kg
        self.system_mass_kg = stored.system_mass_kg
        self.reps: list[Rep] = []
        self.sets: list[SetSummary] = []
        self._finished = False

    @classmethod
    def from_file(cls, path: Path | str) -> ReplayAnalyser:
        return cls(StoredAnalysis.from_file(path))

    def feed(self, block: Any) -> list[Event]:
        if self._finished or not len(block):
            return []
        t0 = float(block.time_s[0])
        if t0 < self.time_s:   # played from earlier again: start over from there
            self.time_s = float("-inf")
            self.reps, self.sets = [], []
        return self._until(float(block.time_s[-1]))

    def finish(self) -> list[Event]:
        if self._finished:
            return []
        self._finished = True
        return self._until(float("inf"))

    def _until(self, t_s: float) -> list[Event]:
        evs = self.stored.events_between(self.time_s, t_s)
        self.time_s = t_s
        self.reps = self.stored.reps_until(t_s)
        self.sets = self.stored.sets_until(t_s)
        if t_s != float("inf"):
            self.phase, self.phase_started_s = self.stored.phase_at(t_s)
        return list(evs)


__all__ = ["ReplayAnalyser", "StoredAnalysis"]
