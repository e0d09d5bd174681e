"""MockReader: the simulated plate as a Reader, for the live demo and for tests.

It plans and renders one set at a time (memory stays flat for hours), encodes the samples
into HID reports and decodes them with the real ReportDecoder, ~10 ms at a time, paced by
the wall clock (realtime, times `speed`) or as fast as the caller reads.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from bisect import bisect_right
from collections import deque
from typing import Any, ClassVar, NamedTuple

import numpy as np

from forceplate.decoder import ReportDecoder
from forceplate.encoder import counts_from_values, encode_reports
from forceplate.errors import UsageError
from forceplate.reader import Connection, Reader, ReaderStatus
from forceplate.samples import ReaderInfo, SampleBlock
from forceplate.simulator.physics import PlateState, Rendered, render
from forceplate.simulator.plan import Segment, plan_segment, step_off_early
from forceplate.simulator.plate import simulated_info, simulated_profile
from forceplate.simulator.recording import add_segment_truth, new_truth
from forceplate.simulator.scenario import METHOD_PRESETS, METHODS, Scenario
from forceplate.simulator.truth import Truth

_TRUE = {"1", "true", "yes", "on", "y"}
_FALSE = {"0", "false", "no", "off", "n"}
MAX_CATCH_UP_S = 1.0   # a late caller gets at most this much at once
REPS_RANGE = {"beyond_failure": (6, 11), "forced_positive": (6, 11)}  # else 4-8 reps a set
# Asked to step off (ask_to_step_off: the dashboard tares the empty plate, then weighs the
# lifter, tui.weighing), the simulated lifter:
REACTION_S = (0.3, 0.8)     # hears it and acts: a human reaction, s
OFF_FOR_TARE_S = 2.0        # stays off: the tare needs 0.25 s of quiet after the step-off
                            # bounce (<0.5 s) and a dialog tick (0.1 s); the rest is margin
STAND_FOR_WEIGHING_S = 3.5  # steps back on and stands still: the landing bounce dies within
                            # ~0.8 s, the weighing needs 1 s still; the rest is margin


class _Planned(NamedTuple):
    seg: Segment
    r: Rendered
    first: int                # sample number of r's first sample
    truth_mark: tuple[int, ...]   # the truth's list lengths before the segment's truth


def _parse_bool(key: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise UsageError(f"mock reader option {key}={value!r}: use true or false")


def _parse_num(key: str, value: Any, kind: type, lo: float, hi: float) -> Any:
    try:
        num = kind(float(value)) if kind is int and not isinstance(value, int) else kind(value)
    except (TypeError, ValueError):
        raise UsageError(f"mock reader option {key}={value!r}: not a number") from None
    if not lo <= num <= hi:
        raise UsageError(f"mock reader option {key}={value!r}: must be {lo:g}-{hi:g}")
    return num


LOAD_RANGE_KG = (2.5, 400.0)   # kg, the bars the simulated lifter can load (a 2.5-kg plate to a heavy machine)

OPTIONS = {
    # name: (parser, default)
    "seed": (lambda k, v: _parse_num(k, v, int, 0, 2**63 - 1), 0),
    "method": (None, None),   # None: cycle through the methods, set after set
    "rate": (lambda k, v: _parse_num(k, v, float, 500, 2000), 1000.0),
    "cells": (lambda k, v: _parse_num(k, v, int, 1, 4), 4),
    "noise": (lambda k, v: _parse_num(k, v, float, 0, 50), 1.5),
    "realtime": (_parse_bool, True),
    "speed": (lambda k, v: _parse_num(k, v, float, 0.01, 1000), 1.0),
    "loop": (_parse_bool, True),
    "position": (_parse_bool, False),
    "spotter_plate": (_parse_bool, False),
    "drift": (lambda k, v: _parse_num(k, v, float, -10, 10), 0.02),     # N/s
    "body": (lambda k, v: _parse_num(k, v, float, 30, 250), None),      # kg; None: from the seed
    # kg, the bar / machine load every set; None: the method's preset, 0.8-1.25 x, set by set
    "load": (lambda k, v: _parse_num(k, v, float, *LOAD_RANGE_KG), None),
    "chunk_ms": (lambda k, v: _parse_num(k, v, float, 1, 1000), None),  # 10 live, 100 fast
}


def parse_options(options: dict[str, Any]) -> dict[str, Any]:
    """CLI strings (-o seed=3) or typed values -> typed options; one-line error otherwise."""
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise UsageError(f"unknown mock reader option(s): {', '.join(unknown)} "
                         f"(known: {', '.join(OPTIONS)})")
    out = {}
    for key, (parse, default) in OPTIONS.items():
        value = options.get(key, default)
        if key == "method":
            if value in (None, "", "cycle", "all"):
                value = None
            elif value not in METHODS:
                raise UsageError(f"mock reader option method={value!r}: use one of {', '.join(METHODS)}")
        elif parse is not None and key in options:
            value = parse(key, value)
        out[key] = value
    return out


class MockReader(Reader):
    name: ClassVar[str] = "mock"
    description: ClassVar[str] = ("Simulated plate: a lifter doing sets (options: seed, method, rate, "
                                  "cells, realtime, speed, noise, loop, position, spotter_plate, drift, body, "
                                  "load)")

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.opts = parse_options(options)
        o = self.opts
        body = o["body"]
        if body is None:  # a different lifter per seed (its own stream: the plate's noise stays put)
            body = round(float(np.random.default_rng([o["seed"], 1]).uniform(60, 110)), 1)
        # what stays the same set after set: the plate and the lifter
        self._fixed = dict(
            sample_rate_hz=o["rate"], n_cells=o["cells"], noise_sd_n=o["noise"],
            drift_n_per_s=o["drift"], with_position=o["position"],
            with_spotter_plate=o["spotter_plate"], empty_s=0.4, stand_s=1.5, settle_s=1.2,
            body_mass_kg=body)
        self._base = Scenario.for_method(o["method"] or "normal", seed=o["seed"], **self._fixed)
        self._profile = simulated_profile(self._base)
        self._info = simulated_info(self._base, self._profile, o["method"] or "cycle")
        self._lock = threading.Lock()
        self._connection = Connection.CLOSED
        self._reset()

    def _reset(self) -> None:
        self._rng = np.random.default_rng(self.opts["seed"])
        self._state = PlateState.create(self._rng, self._base)
        self._decoder = ReportDecoder(self._profile)
        self._truth = new_truth(self._base)
        self._segments: deque[_Planned] = deque()
        self._next_n = 0          # first sample not yet rendered
        self._emitted = 0         # samples handed out
        self._reports = 0
        self._set_no = 0
        self._on_plate = False
        self._finished = False    # loop=false: no more segments to plan
        self._weigh_next = False  # the next segment steps on to be weighed (ask_to_step_off)
        self._t0 = 0.0
        self._recent: deque[tuple[float, int]] = deque()
        self._timeouts = 0

    # --- Reader API -------------------------------------------------------------------------

    def open(self) -> ReaderInfo:
        with self._lock:
            self._reset()
            self._connection = Connection.CONNECTED
            self._t0 = time.monotonic()
        return self._info

    @property
    def info(self) -> ReaderInfo:
        return self._info

    @property
    def profile(self) -> Any:
        return self._profile

    def read(self, timeout_s: float = 0.1) -> SampleBlock | None:
        if self._connection != Connection.CONNECTED:
            if timeout_s > 0 and self._connection == Connection.CLOSED:
                time.sleep(min(timeout_s, 0.01))
            return None
        spr = self._profile.samples_per_report
        rate = self._base.sample_rate_hz
        chunk_ms = self.opts["chunk_ms"] or (10.0 if self.opts["realtime"] else 100.0)
        chunk = max(1, round(chunk_ms / 1000 * rate / spr)) * spr
        if self.opts["realtime"]:
            deadline = time.monotonic() + max(0.0, timeout_s)
            while True:
                due = int((time.monotonic() - self._t0) * rate * self.opts["speed"])
                if due - self._emitted >= chunk:
                    break
                wait = (self._emitted + chunk - due) / (rate * self.opts["speed"])
                left = deadline - time.monotonic()
                if left <= 0:
                    if timeout_s > 0:   # a poll (timeout 0) that finds nothing due is no timeout
                        self._timeouts += 1
                    return None
                time.sleep(min(wait, left))
            late = min(due - self._emitted, int(MAX_CATCH_UP_S * rate))
            chunk = max(chunk, late - late % spr)
        with self._lock:
            values = self._take(chunk)
            if values is None:
                self._connection = Connection.ENDED
                return None
            counts = counts_from_values(self._profile, values)
            reports = encode_reports(self._profile, counts, first_report=self._reports)
            self._reports += reports.shape[0]
            self._emitted += values.shape[0]
            now = time.monotonic()
            self._recent.append((now, self._emitted))
            while len(self._recent) > 2 and now - self._recent[0][0] > 3.0:
                self._recent.popleft()
        return self._decoder.decode(reports)

    def status(self) -> ReaderStatus:
        with self._lock:
            rate = 0.0
            if len(self._recent) >= 2:
                (t_a, n_a), (t_b, n_b) = self._recent[0], self._recent[-1]
                rate = (n_b - n_a) / (t_b - t_a) if t_b > t_a else 0.0
                if self.opts["realtime"]:
                    rate /= self.opts["speed"]  # samples per second of plate time, not of wall clock
            msg = {Connection.CONNECTED: f"simulated plate, seed {self.opts['seed']}",
                   Connection.ENDED: "simulation ended", Connection.CLOSED: "closed"}.get(self._connection, "")
            return ReaderStatus(
                connection=self._connection, samples=self._emitted, reports=self._reports,
                dropped_samples=self._decoder.dropped_samples,
                rejected_reports=self._decoder.rejected_reports, timeouts=self._timeouts,
                achieved_rate_hz=rate, message=msg)

    def close(self) -> None:
        with self._lock:
            self._connection = Connection.CLOSED
            self._segments.clear()

    # --- simulation -------------------------------------------------------------------------

    @property
    def time_s(self) -> float:
        """Time of the next sample to be handed out, s."""
        return self._emitted / self._base.sample_rate_hz

    @property
    def truth(self) -> Truth:
        """Ground truth so far: reps finished, sets and mass changes started, by the last
        sample handed out."""
        with self._lock:
            now = (self._emitted - 1) / self._base.sample_rate_hz
            tr = self._truth
            out = new_truth(self._base)
            # every list is in time order: cut with bisect (called per block by the dashboard)
            out.reps = tr.reps[:bisect_right(tr.reps, now, key=lambda r: r.con_end_s)]
            out.sets = tr.sets[:bisect_right(tr.sets, now, key=lambda s: s.unrack_s)]
            out.mass_changes = tr.mass_changes[:bisect_right(tr.mass_changes, now, key=lambda m: m.start_s)]
            out.step_on_s = tr.step_on_s[:bisect_right(tr.step_on_s, now)]
            out.unrack_s = tr.unrack_s[:bisect_right(tr.unrack_s, now)]
            out.rack_s = tr.rack_s[:bisect_right(tr.rack_s, now)]
            out.step_off_s = tr.step_off_s[:bisect_right(tr.step_off_s, now)]
            if out.sets:  # the bar changes set to set: report the latest set's
                out.system_mass_kg = out.sets[-1].system_mass_kg
                out.bar_mass_kg = out.system_mass_kg - out.body_mass_kg
            return out

    def _plan_next(self) -> bool:
        if self._finished:
            return False
        o = self.opts
        rng = self._rng
        self._set_no += 1
        method = o["method"] or METHODS[(self._set_no - 1) % len(METHODS)]
        fixed = dict(self._fixed)
        if self._weigh_next:   # back on the plate after a tare: long enough to be weighed
            fixed.update(empty_s=OFF_FOR_TARE_S, stand_s=STAND_FOR_WEIGHING_S)
            self._weigh_next = False
        # the plate stays the same; the set's tempo and load follow its method (the load is
        # drawn either way, so a given load leaves the rest of the seed's sets as they were)
        reps = int(rng.integers(*REPS_RANGE.get(method, (4, 9))))
        drawn_kg = round(METHOD_PRESETS[method]["bar_mass_kg"] * float(rng.uniform(0.8, 1.25)) / 2.5) * 2.5
        sc = Scenario.for_method(
            method, seed=o["seed"], **fixed, reps_per_set=reps,
            bar_mass_kg=drawn_kg if o["load"] is None else o["load"],
            negatives=int(rng.integers(2, 5)))
        if o["loop"]:
            step_off = bool(rng.random() < 0.2)
            self._finished = False
        else:
            step_off = True
            self._finished = True
        start_s = self._next_n / sc.sample_rate_hz
        seg = plan_segment(rng, sc, set_no=self._set_no, method=method, start_s=start_s,
                           step_on=not self._on_plate, step_off=step_off,
                           rest_after_s=float(rng.uniform(10.0, 20.0)))
        self._on_plate = not step_off
        n1 = int(np.ceil(seg.end_s * sc.sample_rate_hz))
        seg.end_s = n1 / sc.sample_rate_hz
        r = render(seg, self._state, rng, self._next_n, n1)
        self._segments.append(_Planned(seg, r, self._next_n, self._truth_mark()))
        add_segment_truth(self._truth, seg, r)
        self._next_n = n1
        return True

    _TRUTH_LISTS = ("reps", "sets", "mass_changes", "step_on_s", "unrack_s", "rack_s", "step_off_s")

    def _truth_mark(self) -> tuple[int, ...]:
        return tuple(len(getattr(self._truth, name)) for name in self._TRUTH_LISTS)

    def _unplan_last(self) -> _Planned:
        """Take back the last planned segment: its truth, its set number, where it began."""
        last = self._segments.pop()
        for name, n in zip(self._TRUTH_LISTS, last.truth_mark, strict=True):
            del getattr(self._truth, name)[n:]
        self._next_n = last.first
        self._set_no = last.seg.set - 1
        self._on_plate = last.seg.mass0_kg > 0
        return last

    def use_load(self, load_kg: float | None) -> None:
        """The dashboard's setup load: the simulated lifter loads the bar with it from the next
        set on (None: the method's own draw again). The set in hand keeps its bar, as a lifter
        does not change plates mid-set; nothing is restarted, nothing handed out changes. A load
        the simulator cannot lift (out of LOAD_RANGE_KG) leaves the method's own draw: a setup may
        hold any load, and the dashboard must not lose its plate over it."""
        lo, hi = LOAD_RANGE_KG
        value = float(load_kg) if load_kg and lo <= load_kg <= hi else None
        with self._lock:
            self.opts["load"] = value

    # --- asked to step off ------------------------------------------------------------------

    def ask_to_step_off(self) -> None:
        """The dashboard asks the lifter to step off the plate (to tare it, then weigh them).
        The simulated lifter finishes the rep in hand and racks the bar (or, standing, steps
        off; off the plate, stays off), stays off long enough for a tare, steps back on, stands
        still long enough to be weighed and carries on with the next set. The samples already
        handed out stay as they were; the truth follows what is rendered. A real plate's
        reader has no such method: the lifter is asked on screen."""
        with self._lock:
            if self._connection != Connection.CONNECTED:
                return
            now_n = self._emitted
            # the segments nothing of which was handed out are planned afresh
            while self._segments and self._segments[-1].first >= now_n:
                self._unplan_last()
            if not self._segments or now_n >= self._next_n:
                self._finished = False
                if not self._plan_next():
                    return
            seg, r, first, _mark = self._unplan_last()
            rate = self._base.sample_rate_hz
            sc = self._base
            cut = step_off_early(self._rng, sc, seg, now_n / rate, float(self._rng.uniform(*REACTION_S)))
            n1 = int(np.ceil(cut.end_s * rate))
            cut.end_s = n1 / rate
            # the plan is unchanged before the cut: keep the rendered samples up to now, render
            # the rest (new noise; only the coloured noise's filter state jumps, by << 1 N)
            tail = render(cut, self._state, self._rng, now_n, n1)
            k = now_n - first
            whole = Rendered(**{f.name: np.concatenate([getattr(r, f.name)[:k], getattr(tail, f.name)])
                                for f in dataclasses.fields(Rendered)})
            self._segments.append(_Planned(cut, whole, first, self._truth_mark()))
            add_segment_truth(self._truth, cut, whole)
            self._next_n = n1
            self._set_no = cut.set if cut.has_set else cut.set - 1
            self._on_plate = False
            self._finished = False   # loop=false: back on for one more set
            self._weigh_next = True

    def _take(self, n: int) -> np.ndarray | None:
        """The next n measured samples (fewer at the very end), or None when nothing is left."""
        parts = []
        need = n
        cursor = self._emitted
        while need > 0:
            while not self._segments or cursor >= self._segments[-1].first + len(self._segments[-1].r.time_s):
                if not self._plan_next():
                    break
            # drop segments wholly handed out
            while self._segments and cursor >= self._segments[0].first + len(self._segments[0].r.time_s):
                self._segments.popleft()
            if not self._segments:
                break
            _seg, r, first, _mark = self._segments[0]
            i0 = cursor - first
            piece = r.values[i0:i0 + need]
            parts.append(piece)
            need -= piece.shape[0]
            cursor += piece.shape[0]
        if not parts:
            return None
        values = np.concatenate(parts)
        spr = self._profile.samples_per_report
        if values.shape[0] % spr:  # the very end: pad with the last sample to a whole report
            pad = spr - values.shape[0] % spr
            values = np.vstack([values, np.repeat(values[-1:], pad, axis=0)])
        return values
