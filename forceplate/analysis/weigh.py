"""Stage 2, weigh: what a quiet run weighs (tare, body, body + bar), the level and noise band of
a rest, and when two levels are the same. m = mean(F) / g over a quiet window (phase-physics.md:
the standard method); its SD is the quality figure and sets the noise floor."""

from __future__ import annotations

import numpy as np

from forceplate.analysis.events import Calibrated, Event, Weighing
from forceplate.analysis.frames import (
    BAND_MIN_N,
    BAND_REL,
    QUIET_MIN_S,
    STILL_V_M_S,
    FrameStage,
)
from forceplate.analysis.sigproc import mean_sd, robust_sd
from forceplate.analysis.state import _Run
from forceplate.units import G

# --- thresholds ------------------------------------------------------------------------------
EMPTY_KG = 8.0             # kg, below this the plate is empty (a bar alone, a dropped towel)
START_EMPTY_MAX_N = 100.0  # N, before any tare the file's first rest reading under this (untared)
                           # is the empty plate: half the weight of the lightest person who can
                           # stand on it alone (a 20-kg child, 196 N; the athletes are >= 40 kg) -
                           # nobody stands still at half their weight (the floor would carry the
                           # rest: one foot on, swaying) - and over an untared plate's zero offset
                           # (load cells +-15 N each: 60 N on four) with 40 N to spare
TARE_START_MIN_S = QUIET_MIN_S  # s, that first empty rest gives the tare from the shortest rest
                           # (0.2 s): an empty plate has no sway, its mean is good to noise/sqrt(n)
                           # (4 N at 50 Hz, 10 samples: 1.3 N); an export's first empty stretch is
                           # often 0.5-1 s (noise breaks it into shorter quiet runs at 200 Hz),
                           # and untared (a 1-s minimum) an offset over 40 N hid every flight
WEIGH_MIN_S = 1.0          # s, a body/system weighing needs this much quiet (>= 1 s: the standard)
REWEIGH_MIN_S = 0.5        # s, a re-weighing at a rest inside a set (top rests are short)
WEIGH_MAX_SD_N = 12.0      # N, refuse a weighing with an SD over this (the lifter was moving) ...
WEIGH_MAX_SD_REL = 0.01    # ... and over this share of the force
LEVEL_TOL_REL = 0.01       # share of the weight: two rests within this are one level (sway on a
LEVEL_TOL_MIN_N = 12.0     # N ... or within this: short rest windows sit on half a sway wave)
BODY_MATCH_KG = 3.0        # kg, a level this close to the body weight is the body (racked) ...
BODY_MATCH_REL = 0.03      # ... or within this share of it (the lightest bar is heavier)
REST_BAND_MIN_N = 0.75 * BAND_MIN_N   # N, band motion must leave, at least (sway)
REST_BAND_SD_K = 4.0       # robust SDs of the rest's frame means
REST_BAND_REL = 0.003      # share of the weight
WEIGH_WINDOW_S = 3.0       # s, weigh over the last seconds of a long quiet run (drift stays small)
LEVEL_TAIL_S = 0.5         # s, a rest's level leaves out its tail: a slow start can hide there
DRIFT_MAX_N_S = 0.3        # N/s, a level line steeper than this is no plate drift (twice the
                           # 0.1-0.15 N/s that temperature gives): a false rest in the line; the
                           # drift a load's rest may show beyond the level tolerance, per second
                           # since the last rest that showed it (at most one more tolerance)


class WeighStage(FrameStage):
    # (weighings list, how many of it were looked through, the first accepted tare in them):
    # the list only grows, so each weighing is looked at once - asked before every chunk, a
    # scan of an hour's 900 weighings for a tare that never came cost 3 % of the analysis
    _tare_seen: tuple[list[Weighing], int, Weighing | None] | None = None

    def _first_tare(self) -> Weighing | None:
        """The first accepted tare weighing, if any."""
        seen = self._tare_seen
        ws = self.weighings
        if seen is None or seen[0] is not ws or seen[1] > len(ws):
            seen = (ws, 0, None)
        if seen[2] is None and seen[1] < len(ws):
            first = next((w for w in ws[seen[1]:] if w.kind == "tare" and w.accepted), None)
            seen = (ws, len(ws), first)
        self._tare_seen = seen
        return seen[2]

    def _tared(self) -> bool:
        return self._first_tare() is not None

    def _role(self, level_n: float, first: bool = False) -> str:
        """The role of a rest at level_n (raw); first: the rest the recording began on."""
        tared = level_n - self._tare_n
        if tared < EMPTY_KG * G or first and tared < START_EMPTY_MAX_N and not self._tared():
            return "empty"
        prev = self._base.role if self._base is not None else "empty"
        if self._body_n is not None:
            tol = max(BODY_MATCH_KG * G, BODY_MATCH_REL * self._body_n)
            # the lifter's weight as last weighed, or as it reads now: the plate's zero drifts
            # under every load alike (_note_drift), and the last weighing of the body may be a
            # set old - 0.45 N/s over a 85-s set is 38 N, and the rack after it read as a load
            # (two sets merged, explore 8000 stressed to 3x the wide world's drift)
            now = self._body_ref_n + self._drift_now_n if self._body_ref_n is not None else self._body_n
            if abs(tared - self._body_n) < tol or abs(tared - now) < tol:
                return "body"
            if prev == "empty" and self._weighed_empty() and not self.config.body_mass_kg:
                # whoever steps onto the plate after it was weighed empty stands on it alone
                # first (step on, stand, unrack): another athlete, weighed afresh. As "lifter
                # + bar" against the last athlete's weight, the set that followed never began
                # - its unrack read as one load swapped for another, which needs a long quiet
                # run - and every rep was lost (a 60- or 110-kg lifter after an 80-kg one)
                return "body"
            return "system"
        return "body" if prev == "empty" else "system"

    def _weighed_empty(self) -> bool:
        """Was the plate weighed empty in the empty run now ending (a tare: quiet for
        WEIGH_MIN_S)? The athlete stepped off then and did not just land: no flight lasts
        the 1 s (a 1.2-m jump)."""
        last = next((w for w in reversed(self.weighings) if w.accepted), None)
        base = self._base
        if last is None or last.kind != "tare" or base is None or base.role != "empty":
            return False
        i = self._sl(base.start, base.start + 1).start
        return i < self._t.size and last.t_start_s >= float(self._t[i])   # this empty run's tare

    def _weigh(self, run: _Run, events: list[Event]) -> None:
        assert run.end is not None
        dur = (run.end - run.start) * self.frame_s
        in_set = run.role == "system" and self._system_n is not None
        if run.role == "empty":
            need = TARE_START_MIN_S if run.cache.get("unseen_start") and not self._tared() else WEIGH_MIN_S
        else:
            need = REWEIGH_MIN_S if in_set else WEIGH_MIN_S
        if dur < need:
            return
        h = self._half_window
        fa = max(run.start + h, run.end - self._frames_for(WEIGH_WINDOW_S))
        sl = self._sl(fa, run.end - h)
        if sl.stop - sl.start < 10:
            return
        x = self._f[sl]
        force, sd = mean_sd(x)
        t0, t1 = float(self._t[sl.start]), float(self._t[sl.stop - 1])
        if run.role == "empty":
            kind = "tare"
        elif run.role == "body":
            kind = "body"
        else:
            kind = "reweigh" if in_set or self._system_n is not None and self._set_open else "system"
        limit = max(WEIGH_MAX_SD_N, WEIGH_MAX_SD_REL * abs(force - self._tare_n))
        ok = sd <= limit
        reason = "" if ok else f"too unsteady: SD {sd:.1f} N over {limit:.1f} N"
        if kind == "tare":
            mass = 0.0
            if ok:
                if self._tared():
                    # the empty plate weighed again: its zero's drift so far is in the new
                    # tare, and every tared level weighed before shifts by the change (the
                    # true weights do not); unshifted, a body after a re-tare 5 minutes into
                    # a session (0.15 N/s: 45 N) passed for a load, and the drift counted twice
                    # (where the true weight is known, the tared level is that weight plus
                    # the drift now: the last weighing may be minutes old)
                    shift = force - self._tare_n
                    self._drift_now_n -= shift
                    if self._body_n is not None and not self.config.body_mass_kg:
                        self._body_n = (self._body_ref_n + self._drift_now_n if self._body_ref_n is not None
                                        else self._body_n - shift)
                    if self._system_n is not None:
                        self._system_n = (self._system_ref_n + self._drift_now_n if self._system_ref_n is not None
                                          else self._system_n - shift)
                self._tare_n = force
                self._load_may_change = True   # whoever steps on next may carry another load
        else:
            mass = (force - self._tare_n) / G
            if ok:
                if kind == "body" and not self.config.body_mass_kg:
                    self._body_n = force - self._tare_n
                elif kind in ("system", "reweigh"):
                    self._system_n = force - self._tare_n
                self._note_drift(run.role, force - self._tare_n, t1)
        w = Weighing(kind, t0, t1, force - (0.0 if kind == "tare" else self._tare_n), sd, mass, ok, reason)
        self.weighings.append(w)
        events.append(Calibrated(t1, w))

    def _note_drift(self, role: str, level_n: float, t_s: float) -> None:
        """The plate's zero drifts (temperature: 0.1 N/s is common); a lifter's mass does not.
        The first weighing of the lifter (body) and of the lifter + bar (system) give their true
        weights (the level minus the drift known then); any later rest of the same mass that
        reads differently shows the drift (phase-physics.md: compare body weight before the
        unrack with body weight after). Same mass = within the same-level tolerance of where
        that mass reads now (its weight plus the drift so far, which may have moved by up to
        DRIFT_MAX_N_S per second since): the drift grows by a newton or two between rests,
        while over a session it passes the tolerance (0.15 N/s, 2 minutes: 18 N) - compared
        with the first reading instead, it fell back to zero there. The load's weight holds
        across sets (a set's first rest shows the drift carried over the stand) and across the
        mass changes seen inside a set; a new load is weighed only after the lifter stood
        alone (the bar's mass does not change between racks: a rest of the load at another
        level inside a set is a spotter's hand on a held bar, and is left out). A load changed
        between sets by less than the tolerance (a 1-kg plate) reads as drift."""
        slack = min(DRIFT_MAX_N_S * max(t_s - self._drift_t_s, 0.0), self._level_tol(level_n))
        if role == "body":
            ref = self._body_ref_n
            if ref is None or abs(level_n - ref - self._drift_now_n) > max(BODY_MATCH_KG * G, BODY_MATCH_REL * ref):
                # a new lifter (or the first weighed): the drift carries on from the last rest
                ref = self._body_ref_n = level_n - self._drift_now_n
            self._drift_now_n = level_n - ref
            self._drift_t_s = t_s
            self._load_may_change = True
        elif role == "system":
            ref = self._system_ref_n
            if ref is not None and abs(level_n - ref - self._drift_now_n) <= self._level_tol(level_n) + slack:
                self._drift_now_n = level_n - ref
                self._drift_t_s = t_s
                self._load_may_change = False
            elif ref is None or self._load_may_change:
                # a new load (or the first weighed): the drift carries on from the last rest
                self._system_ref_n = level_n - self._drift_now_n
                self._load_may_change = False

    def _drift(self, level_n: float) -> float:
        """The plate's drift (N) at a rest of the current load reading level_n (tared): the
        level minus the load's true weight where it is within the same-level tolerance of
        where that load reads now; otherwise (not that load) the drift of the last rest."""
        ref = self._system_ref_n
        if ref is None or abs(level_n - ref - self._drift_now_n) > self._level_tol(level_n):
            return self._drift_now_n
        return level_n - ref

    def _base_level(self, base: _Run) -> float:
        assert base.end is not None
        if "level" not in base.cache:
            base.cache["level"] = self._base_level_of(base)
        return base.cache["level"]

    def _base_level_of(self, base: _Run) -> float:
        assert base.end is not None
        end = self._level_end(base)
        return self._level(max(base.start, end - self._frames_for(WEIGH_WINDOW_S)), end)

    def _extend_level(self, base: _Run, end: int) -> None:
        """Weigh the rest up to frame end if the lifter plainly stood still until then: with the
        level taken over the whole stretch, the velocity it implies stays under STILL_V_M_S (a
        standing lifter's sway moves the centre of mass millimetres; a slow start does not
        stay that slow)."""
        w = self._frame_means(base.start, end)
        level = float(w.mean())
        mass = max((level - self._tare_n) / G, 1.0)
        v = np.cumsum(w - level) * self.frame_s / mass
        if float(np.max(np.abs(v))) < STILL_V_M_S:
            base.cache["level_to"] = end
            base.cache.pop("level", None)
            self._chunk_cache = None

    def _level_end(self, base: _Run) -> int:
        """Last frame (exclusive) of the window a rest's level is taken over: the whole run but
        its tail (a slow start can hide there), at least its first frames - or, where later
        quiet runs showed the lifter still standing there, up to the last of them."""
        assert base.end is not None
        if "level_to" in base.cache:
            return int(base.cache["level_to"])
        qmin = self._frames_for(QUIET_MIN_S)
        tail = self._frames_for(LEVEL_TAIL_S)
        return min(max(base.start + qmin, base.end - tail), base.end)

    def _level_tol(self, level: float) -> float:
        return max(LEVEL_TOL_MIN_N, LEVEL_TOL_REL * abs(level - self._tare_n))

    def _band(self, base: _Run) -> float:
        """Force band that motion must leave: from the fluctuation of the rest before it."""
        assert base.end is not None
        if "band" not in base.cache:
            base.cache["band"] = self._band_of(base)
        return base.cache["band"]

    def _band_of(self, base: _Run) -> float:
        assert base.end is not None
        f0 = self._s0 // self.nf
        fa = max(base.start, base.end - 4 * self._frames_for(QUIET_MIN_S))
        x = self._fm[fa - f0:base.end - f0]
        sd = robust_sd(x)
        lvl = self._base_level(base) - self._tare_n
        return max(REST_BAND_MIN_N, REST_BAND_SD_K * sd, REST_BAND_REL * abs(lvl))

    def _band_of_level(self, level: float) -> float:
        return max(BAND_MIN_N, BAND_REL * abs(level))

    def _base_frames(self, base: _Run) -> int:
        assert base.end is not None
        end = self._level_end(base)
        return end - max(base.start, end - self._frames_for(WEIGH_WINDOW_S))
