"""LivePipeline: reader -> analyser -> recorder on one worker thread, posting typed messages.

The UI never touches the plate. It reads the chart window from a bounded ring buffer at its own
redraw rate and gets everything else as messages (tui.messages), posted without blocking. The
recorder's own writer thread does the disk I/O, so a slow terminal or disk never costs a sample.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from textual.message import Message

from forceplate.analysis.events import Event, Phase, PhaseChanged, RepCompleted
from forceplate.errors import EccentricError
from forceplate.reader import Connection, Reader, ReaderStatus
from forceplate.samples import ReaderInfo, SampleBlock
from tui import messages as m
from tui.pipeline_recording import RecordingCommands
from tui.replay_data import chart_before_cursor
from tui.ring import PHASE_CON, PHASE_ECC, PHASE_OTHER, ForceRing

PHASE_CODE = {Phase.LOWERING: PHASE_ECC, Phase.RAISING: PHASE_CON}
PROFILE_POINTS = 50
STATUS_PERIOD_S = 0.25
# The loop reads the plate at most every READ_PERIOD_S. A read, its decode, the analyser's feed
# and the ring writes cost about 0.15-0.2 ms of fixed Python and numpy calls whatever the
# block's length, so the USB readers' 1-10 ms blocks made most of the pipeline's CPU; 20-ms
# blocks halve it. 20 ms is under one chart frame (33-40 ms at 25-30 frames/s), so every frame
# still shows samples at most one read old. Nothing waits long enough to be lost: the readers'
# queues hold seconds, and after a read the loop takes at once whatever else is already there
# (a reader that hands out a backlog in small blocks, an unpaced simulation, a fast replay).
READ_PERIOD_S = 0.02

AnalyserFactory = Callable[[ReaderInfo], Any]
RecorderFactory = Callable[[ReaderInfo], Any]


def phase_codes(time_s: np.ndarray, start_phase: Phase, events: list[Event]) -> np.ndarray:
    """Per-sample phase codes for one block, from the phase at its start and its PhaseChanged events."""
    codes = np.full(time_s.shape[0], PHASE_CODE.get(start_phase, PHASE_OTHER), np.int8)
    for ev in events:   # a handful per block, never per sample
        if isinstance(ev, PhaseChanged):
            codes[int(np.searchsorted(time_s, ev.t_s)):] = PHASE_CODE.get(ev.phase, PHASE_OTHER)
    return codes


def normalised_profile(time_s: np.ndarray, force_n: np.ndarray, start_s: float, end_s: float,
                       n: int = PROFILE_POINTS) -> np.ndarray:
    """Force over [start_s, end_s] resampled at n evenly spaced instants (empty if not held)."""
    if end_s <= start_s or len(time_s) < 2 or start_s < time_s[0] or end_s > time_s[-1]:
        return np.empty(0)
    return np.interp(np.linspace(start_s, end_s, n), time_s, force_n)


class LivePipeline(RecordingCommands):
    def __init__(self, reader: Reader, make_analyser: AnalyserFactory, post: Callable[[Message], Any],
                 *, make_recorder: RecorderFactory | None = None, window_s: float = 12.0,
                 history_s: float = 40.0, nominal_rate_hz: float = 2000.0) -> None:
        self.reader = reader
        self._make_analyser = make_analyser
        self._make_recorder = make_recorder
        self._post = post
        self.window_s = window_s
        self.history_s = history_s
        self.ring = ForceRing(int(window_s * nominal_rate_hz))
        self.history = ForceRing(int(history_s * nominal_rate_hz))   # for rep profiles
        self.profiles: deque[m.RepProfile] = deque(maxlen=300)
        self.info: ReaderInfo | None = None
        self.analyser: Any = None
        self.recorder: Any = None
        self.recording_started_s: float | None = None
        self._recorder_warned: str | None = None
        self.last_status: ReaderStatus = ReaderStatus(Connection.CLOSED)
        self.time_s = 0.0
        self._commands: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._ended = False
        self._last_connection = Connection.CLOSED
        self._next_status = 0.0
        self._force_idx: np.ndarray | None = None
        self._run_counts: dict[str, int] = {}
        self._recordings = 0
        self._new_run("live")

    # --- life cycle (UI thread) ----------------------------------------------------------
    def open(self) -> ReaderInfo:
        """Open the plate and build the analyser; raises EccentricError if the plate cannot open."""
        info = self.reader.open()
        self.info = info
        self._force_idx = info.force_channels
        if info.sample_rate_hz * self.window_s > self.ring.capacity:   # a plate faster than planned
            self.ring = ForceRing(int(info.sample_rate_hz * self.window_s))
            self.history = ForceRing(int(info.sample_rate_hz * self.history_s))
        self.analyser = self._make_analyser(info)
        self._post(m.PipelineStarted(info))
        return info

    def start(self) -> None:
        """Run the loop on its own thread (opens the plate first if needed)."""
        if self.info is None:
            self.open()
        self._thread = threading.Thread(target=self._run, name="eccentric-pipeline", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 3.0) -> Path | None:
        """Stop the loop, save any recording, close the plate. Returns the saved session, if any."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
        saved = self._stop_recording_now()
        with contextlib.suppress(Exception):
            self.reader.close()
        return saved

    # --- commands (any thread; run on the pipeline thread) ----------------------------
    def command(self, name: str, arg: Any = None) -> None:
        if self._thread is None:
            self._do(name, arg)       # synchronous use (tests, benchmarks)
        else:
            self._commands.put((name, arg))

    def start_recording(self, meta: Any) -> None:
        self.command("record", meta)

    def stop_recording(self) -> None:
        self.command("stop_record")

    def reconfigure(self, make_analyser: AnalyserFactory, keep_weighing: bool = True) -> None:
        """A new analyser (new targets, athlete, load). keep_weighing: it keeps the body mass
        the running one weighed - the lifter is still on the plate, maybe holding the bar, and
        a fresh analyser would weigh lifter + bar as the body ("check weighing" on every rep)."""
        self.command("analyser", (make_analyser, keep_weighing))

    def seek(self, t_s: float) -> None:
        self.command("seek", t_s)

    def ask_to_step_off(self) -> bool:
        """Ask the lifter to step off the plate, through the plate's reader when it can take
        the request (the simulated plate's lifter does as asked; a real plate's reader has no
        such method and the lifter reads the screen). True if the reader takes it."""
        if not callable(getattr(self.reader, "ask_to_step_off", None)):
            return False
        self.command("step_off")
        return True

    def use_load(self, load_kg: float | None) -> bool:
        """Tell the plate's reader the setup's load where it can use it (the simulated lifter
        loads the bar with it from the next set on; a real plate's reader has no such method).
        True if the reader takes it."""
        if not callable(getattr(self.reader, "use_load", None)):
            return False
        self.command("use_load", load_kg)
        return True

    @property
    def recording(self) -> bool:
        return self.recorder is not None

    # --- the loop ---------------------------------------------------------------------
    def _run(self) -> None:
        rate = self.info.sample_rate_hz if self.info is not None else 0.0
        per_read = max(rate * READ_PERIOD_S, 1.0)
        while not self._stop.is_set():
            began = time.monotonic()
            n = self.step(timeout_s=0.05)
            # A period's worth (up to two): caught up, pause. Less may be a reader that hands out
            # what is waiting in small blocks, more a backlog: read on at once until nothing comes.
            while n and not (per_read <= n <= 2 * per_read) and not self._stop.is_set():
                n = self.step(timeout_s=0.0)
            rest = began + READ_PERIOD_S - time.monotonic()
            if rest > 0:
                self._stop.wait(rest)

    def step(self, timeout_s: float = 0.05) -> int:
        """One read + process; returns the samples handled. Public so tests can pump by hand."""
        while True:
            try:
                name, arg = self._commands.get_nowait()
            except queue.Empty:
                break
            self._do(name, arg)
        n = 0
        try:
            block = self.reader.read(timeout_s=timeout_s)
        except EccentricError as err:
            self._post(m.PipelineFault(str(err), fatal=True))
            self._stop.set()
            return 0
        except Exception as err:   # a broken plug-in must not kill the UI
            self._post(m.PipelineFault(f"plate reader failed: {err}", fatal=True))
            self._stop.set()
            return 0
        if block is not None and len(block):
            self.process(block)
            n = len(block)
        self._maybe_status()
        return n

    def pump(self, until_s: float, max_reads: int = 1_000_000) -> None:
        """Synchronously process blocks until the stream time passes until_s or the source ends."""
        for _ in range(max_reads):
            if self.time_s >= until_s:
                break
            if self.step(timeout_s=0.0) == 0 and self.reader.status().connection == Connection.ENDED:
                break
        self._maybe_status(force=True)

    def process(self, block: SampleBlock) -> None:
        assert self.info is not None
        force = block.values[:, self._force_idx].sum(axis=1)
        start_phase = self.analyser.phase if self.analyser is not None else Phase.UNKNOWN
        events: list[Event] = []
        if self.analyser is not None:
            try:
                events = list(self.analyser.feed(block))
            except Exception as err:
                self._post(m.PipelineFault(f"analysis stopped: {err}"))
                self.analyser = None
        codes = phase_codes(block.time_s, start_phase, events)
        self.ring.extend(block.time_s, force, codes)
        self.history.extend(block.time_s, force, codes)
        self.time_s = float(block.time_s[-1])
        if self.recorder is not None:
            self.recorder.append(block)
            if events:
                self.recorder.add_events(events)
            # The recorder survives disk trouble (it holds the samples and retries; a stop on a
            # disk still full rescues them elsewhere): warn once per new error, record on.
            err = self.recorder.error
            if err is not None and str(err) != self._recorder_warned:
                self._post(m.PipelineFault(f"recording goes on: {err}", severity="warning"))
            self._recorder_warned = None if err is None else str(err)
        if events:
            self._handle_events(events)

    def _handle_events(self, events: list[Event], quiet: bool = False) -> None:
        """quiet: events of samples already shown (a recording judged again): no new toasts."""
        for ev in events:
            if isinstance(ev, RepCompleted):
                rep = ev.rep
                e, c = rep.eccentric, rep.concentric
                self.ring.relabel(e.start_s, e.end_s, PHASE_ECC)
                self.ring.relabel(c.start_s, c.end_s, PHASE_CON)
                w = self.history.since(e.start_s - 0.01)
                prof = m.RepProfile(rep.rep_in_set, rep.set,
                                    normalised_profile(w.time_s, w.force_n, e.start_s, e.end_s),
                                    normalised_profile(w.time_s, w.force_n, c.start_s, c.end_s),
                                    run=self.run)
                if prof.ecc_force_n.size or not quiet:   # a rep older than the history has none
                    self.profiles.append(prof)
                    self._post(m.RepProfileReady(prof))
        self._post(m.AnalysisEvents(events, quiet=quiet))

    def _maybe_status(self, force: bool = False) -> None:
        now = time.monotonic()
        status = self.reader.status()
        changed = status.connection != self._last_connection
        if not (changed or force) and now < self._next_status:
            return
        self._next_status = now + STATUS_PERIOD_S
        self._last_connection = status.connection
        self.last_status = status
        if status.connection == Connection.ENDED and not self._ended:
            self._ended = True
            if self.analyser is not None:
                with contextlib.suppress(Exception):
                    evs = list(self.analyser.finish())
                    if evs:
                        if self.recorder is not None:
                            self.recorder.add_events(evs)
                        self._handle_events(evs)
            self._post(m.SourceEnded())
        elif status.connection != Connection.ENDED:
            self._ended = False
        rec = self.recorder
        self._post(m.PlateStatus(status, self.time_s, rec is not None,
                                 int(getattr(rec, "samples_written", 0) or 0) if rec else 0,
                                 self.recording_started_s))

    def _do(self, name: str, arg: Any) -> None:
        if name == "record" and self.recorder is None and self.info is not None and self._make_recorder:
            self._start_recording(arg)
        elif name == "stop_record":
            self._stop_recording()
        elif name == "retitle" and self.recorder is not None:
            from tui.parts import retitle_recording

            try:
                retitle_recording(self.recorder, arg)
            except Exception as err:   # the recording goes on under its first name
                self._post(m.PipelineFault(f"recording stays under its first name: {err}", severity="warning"))
        elif name == "analyser" and self.info is not None:
            make, keep = arg if isinstance(arg, tuple) else (arg, True)
            self._make_analyser = make
            fresh = self._keep_weighing(make(self.info)) if keep else make(self.info)
            if self.recorder is not None:
                self._rejudge_recording(fresh)
            else:
                self.analyser = fresh
                self._new_run(self.run_base)   # it numbers from set 1 rep 1 again
                self._post(m.PipelineReset(keep_reps=True))
        elif name in ("step_off", "use_load"):
            try:   # a request to the plate's lifter: its failure must not stop the plate
                if name == "step_off":
                    self.reader.ask_to_step_off()   # type: ignore[attr-defined]
                else:
                    self.reader.use_load(arg)   # type: ignore[attr-defined]
            except Exception as err:
                self._post(m.PipelineFault(f"the plate did not take the request: {err}", severity="warning"))
        elif name == "seek" and self.info is not None:
            seek = getattr(self.reader, "seek", None)
            if seek is not None:
                seek(float(arg))
                # the cursor's time now: paused, no block follows to move it, and the reps shown
                # (done by time_s) were those of where the replay was before the seek
                at = getattr(self.reader, "stream_time_s", None)
                if callable(at):
                    self.time_s = float(at())
                self.ring.clear()
                chart_before_cursor(self.reader, self.ring, self._force_idx, self.window_s)
                self.history.clear()
                self.profiles.clear()
                self.analyser = self._make_analyser(self.info)
                self._ended = False
                self._post(m.PipelineReset())
