"""Recording a live stream: journal on a writer thread, Parquet on stop.

append() only queues the block, so the UI / reader thread never waits on the disk. The
writer thread appends records to the journal as they come (the OS has them: a killed
process loses nothing already written) and fsyncs at least every FSYNC_INTERVAL_S (power
loss loses at most that). stop() turns the journal into the session's Parquet files.
"""

from __future__ import annotations

import contextlib
import queue
import re
import shlex
import tempfile
import threading
from pathlib import Path
from typing import Any

import numpy as np

from forceplate.errors import DiskError, EccentricError
from forceplate.samples import ReaderInfo, SampleBlock
from sessions import journal as J
from sessions import paths as P
from sessions.journal_writer import STOP, JournalWriter, Mark
from sessions.meta import SessionMeta
from sessions.oserrors import os_error
from sessions.paths import data_dir_or_default
from sessions.rescue import journal_parts, rescue_journal
from sessions.store import SessionPaths

# While the disk refuses writes, samples wait in memory up to this; older ones are dropped.
MAX_BACKLOG_BYTES = 256 << 20


def default_rescue_dirs(data_dir: Path | None = None) -> list[Path]:
    """Where stop() puts a journal its folder refused: the data folder's rescue/ (a journal
    folder made read-only), the home folder, and only then the temp folder, which the OS may
    empty at the next boot."""
    home = [data_dir / P.RESCUE] if data_dir is not None else []
    return [*home, Path.home() / "eccentric-rescue", Path(tempfile.gettempdir()) / "eccentric-rescue"]
# What a running recording may be re-filed under (Recorder.retitle).
RETITLED = ("athlete", "exercise", "method", "load_kg", "targets")


class Recorder(JournalWriter):
    """Recorder(data_dir, info, meta).start(); .append(block)...; .add_events(events); .stop()."""

    def __init__(self, data_dir: Path | str | None, info: ReaderInfo, meta: SessionMeta, *,
                 max_backlog_bytes: int = MAX_BACKLOG_BYTES, analysis_config: Any = None,
                 rescue_dirs: list[Path] | None = None) -> None:
        self.data_dir = data_dir_or_default(data_dir)
        self.info = info
        self.meta = meta
        meta.fill_from_info(info)
        # provisional: start() claims a name no other process has (see SessionPaths.claim)
        self.paths = SessionPaths.for_meta(self.data_dir, meta, unique=False)
        self.path: Path = self.paths.session          # where stop() writes the session
        self.journal_path: Path = self.paths.journal
        self.samples_written = 0                      # samples the OS has (in the journal)
        self.samples_dropped = 0                      # lost while the disk was full
        self.rescued: Path | None = None              # the whole journal, elsewhere, after a failed stop()
        self.parts: list[Path] = []                   # the rest of the journal beside it (a file size limit)
        self._rescue_dirs = rescue_dirs
        self.error: EccentricError | None = None
        self.reps: list[dict[str, Any]] = []
        self.sets: list[dict[str, Any]] = []
        self._max_backlog = max_backlog_bytes
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._fd: int | None = None
        self._events_fd: int | None = None
        self._mode: str | None = None
        self._dtype: np.dtype | None = None
        self._backlog = bytearray()          # encoded records not yet accepted by the OS
        self._event_backlog = bytearray()
        self._header_left = 0                # header bytes still in the backlog
        self._data_bytes = 0                 # record bytes the OS has
        self._stopped = False
        self._meta_json = ""
        self._claimed = False
        self._own_paths: SessionPaths | None = None   # the name claimed with the journal
        # The settings of the one analysis stored with the session (see sessions.analysis): the
        # live analyser of this recording should run with the same, from its first sample.
        self.analysis_config: Any = analysis_config

    # --- API -------------------------------------------------------------------------

    @property
    def recording(self) -> bool:
        return self._thread is not None and not self._stopped

    def start(self) -> Recorder:
        if self._thread is not None:
            return self
        self._fix_analysis_settings()
        # snapshot: add_events() changes meta on the caller's thread; later changes go to events
        self._meta_json = self.meta.to_json()
        try:
            self._claim()
        except OSError as exc:   # kept in memory; the writer thread tries again
            self._fail(exc)
        self._thread = threading.Thread(target=self._run, name="eccentric-recorder", daemon=True)
        self._thread.start()
        return self

    def _fix_analysis_settings(self) -> None:
        """Settle, before the first sample, what the stored analysis will run with."""
        if self.analysis_config is not None:
            self.meta.analysis = self.analysis_config.to_dict()
            return
        if self.meta.analysis:
            return
        try:
            from sessions.analysis import config_for

            self.analysis_config = config_for(self.meta)
            self.meta.analysis = self.analysis_config.to_dict()
        except Exception:   # noqa: BLE001 - no analysis available: the samples are still recorded
            self.analysis_config = None

    def append(self, block: SampleBlock) -> None:
        """Queue a block for the journal. Never blocks, never raises for disk trouble."""
        if self._thread is None or self._stopped:
            raise EccentricError("recorder is not running (call start() first)")
        if len(block):
            self._queue.put(block)

    def add_events(self, events: list[Any]) -> None:
        """Keep reps and sets (RepCompleted / SetEnded) and the weighed masses (Calibrated)."""
        for ev in events:
            kind = type(ev).__name__
            line: dict[str, Any] | None = None
            if kind == "RepCompleted":
                row = ev.rep.to_row()
                self.reps.append(row)
                line = {"type": "rep", "row": row}
            elif kind == "SetEnded":
                row = ev.summary.to_row()
                self.sets.append(row)
                line = {"type": "set", "row": row}
            elif kind == "Calibrated":
                w = ev.weighing
                if not w.accepted:
                    continue
                fields: dict[str, Any] = {"calibration": {f"{w.kind}_force_n": w.force_n, f"{w.kind}_sd_n": w.sd_n}}
                if w.kind == "body":
                    self.meta.body_mass_kg = fields["body_mass_kg"] = float(w.mass_kg)
                elif w.kind in ("system", "reweigh"):
                    self.meta.system_mass_kg = fields["system_mass_kg"] = float(w.mass_kg)
                self.meta.calibration.update(fields["calibration"])
                line = {"type": "meta", "fields": fields}
            if line is not None and self._thread is not None and not self._stopped:
                self._queue.put(("event", line))

    def retitle(self, meta: SessionMeta) -> None:
        """File this recording under meta's athlete / exercise / method / load / targets.

        The change goes into the events journal with the new target, like a weighing, so a
        crash before stop() recovers the session under the new names too (nothing the user
        said is lost with the process)."""
        fields: dict[str, Any] = {k: _copy(getattr(meta, k)) for k in RETITLED}
        for k, v in fields.items():
            setattr(self.meta, k, _copy(v))
        want = SessionPaths.for_meta(self.data_dir, self.meta, unique=False)
        own = self._own_paths
        if own is not None and own.athlete_dir == want.athlete_dir and re.fullmatch(
                re.escape(want.stem) + r"(_\d+)?", own.stem):
            self.paths = own   # the same name (only the load or targets changed): keep the one claimed
        else:
            self.paths = SessionPaths.for_meta(self.data_dir, self.meta)
        self.path = self.paths.session
        if self._thread is not None and not self._stopped:
            self._queue.put(("event", {"type": "meta", "fields": fields, "target": self.paths.relative}))

    def reconfigure(self, analysis_config: Any) -> None:
        """The setup's analysis settings changed while recording (a target, the method, the
        load): the stored analysis judges the whole recording by them, as meta.targets says,
        and so does a recovery of the journal (the change is journalled like a weighing)."""
        if analysis_config is None:
            return
        settings = analysis_config.to_dict()   # first: a failure leaves the earlier settings whole
        event = {"type": "meta", "fields": {"analysis": _copy(settings)}}
        self.analysis_config = analysis_config
        self.meta.analysis = settings
        if self._thread is not None and not self._stopped:
            self._queue.put(("event", event))

    def samples_so_far(self, timeout_s: float = 2.0) -> SampleBlock | None:
        """Every sample appended so far, read back from the journal the saved session will be
        made of; None when the journal does not hold them all yet (the disk refuses, or the
        writer did not catch up within timeout_s)."""
        if self._thread is None or self._stopped:
            return None
        mark = Mark()
        self._queue.put(mark)
        if not mark.done.wait(timeout_s):
            return None
        if self._dtype is None:   # no sample yet
            return SampleBlock.empty(len(self.info.channels))
        if not mark.whole:
            return None
        try:
            return J.read_journal(self.journal_path).block
        except EccentricError:
            return None

    def stop(self) -> Path:
        """Finish: drain the queue, write the Parquet files, remove the journal.

        Never raises: if the session cannot be written (disk full...) self.error says why,
        the journal stays for `eccentric sessions recover`, and its path is returned. Samples
        the disk refused (held in memory) are not lost with the process: the whole journal is
        then written to a rescue folder (self.rescued, returned instead).
        """
        if self._thread is None:
            raise EccentricError("recorder was never started")
        if not self._stopped:
            self._stopped = True
            self._queue.put(STOP)
            self._thread.join()
        if self.path.exists() and not self.journal_path.exists():
            return self.path
        nothing_taken = self._dtype is None   # no block ever arrived (append() queues only non-empty ones)
        try:
            if self._dtype is None:   # nothing ever arrived: an empty session still gets saved
                self._init_format(SampleBlock.empty(len(self.info.channels)))
            self._flush(sync=True)
            if self._fd is None or self._backlog or self._event_backlog:
                raise self.error or DiskError(f"cannot write {self.journal_path}")
            from sessions.recovery import journal_to_session

            # the journal stays open (and locked) until it is a session: no recovery races us;
            # the stored reps are one analysis of exactly the samples saved (the live reps
            # stay in the events journal as the fallback if that analysis fails)
            self.path = journal_to_session(self.journal_path, self.data_dir, target=self.paths, meta=self.meta)
            self._close()
            return self.path
        except EccentricError as exc:
            self.error = exc if isinstance(exc, DiskError) else DiskError(str(exc))
        except OSError as exc:
            self.error = DiskError(str(os_error(exc, exc.filename or self.path)))
        self._close()
        if nothing_taken:
            # ended before any sample (a read-only data folder refuses the journal at once): a
            # journal of a header alone, kept or rescued, would only be offered for recovery
            if self._claimed:
                with contextlib.suppress(OSError):
                    J.remove_journal(self.journal_path)
            self._backlog.clear()
            self._event_backlog.clear()
            return self.journal_path
        folders = self._rescue_dirs if self._rescue_dirs is not None else default_rescue_dirs(self.data_dir)
        if (self.file_too_large and self._backlog and self._claimed and not self._header_left
                and self._dtype is not None):
            parts, lost = journal_parts(self.journal_path, self._data_bytes, self._dtype, bytes(self._backlog),
                                        bytes(self._event_backlog), folders, first_k=self.next_part,
                                        carry_cut=not self.cut_carried)
            self.parts += parts
            if parts:     # beside the journal (the rest elsewhere): `sessions recover` saves them
                self.samples_dropped += lost
                self._backlog.clear()
                self._event_backlog.clear()
        if self._backlog or self._event_backlog:
            cut = self._data_bytes % self._dtype.itemsize if self.cut_carried and self._dtype is not None else 0
            self.rescued = rescue_journal(self.journal_path, self._claimed, bytes(self._backlog),
                                          bytes(self._event_backlog), folders, drop_tail=cut)
        if self.rescued is None and self._dtype is not None and self._header_left:
            # not even the header fitted (`ulimit -f 1`): no sample is on disk anywhere, and the
            # fragment would be offered for recovery at every start
            self.samples_dropped += max(0, len(self._backlog) - self._header_left) // self._dtype.itemsize
            if self._claimed:
                J.remove_journal(self.journal_path)
        return self.rescued or self.journal_path

    def recover_hint(self, kept: Path) -> str:
        """What to do about a stop() that failed and kept every sample at `kept`: free space for
        a full disk; for a read-only or forbidden folder, a place that can be written."""
        from sessions.oserrors import FILE_LIMIT
        from sessions.paths import default_data_dir

        full = "disk full" in str(self.error)
        if FILE_LIMIT in str(self.error):
            fix = "raise the file size limit (`ulimit -f`) or choose another --data-dir"
        elif full:
            fix = "free some space"
        else:
            fix = f"make {self.data_dir} writable (or choose another --data-dir)"
        where = "" if self.data_dir == default_data_dir() else f"--data-dir {shlex.quote(str(self.data_dir))} "
        return f"{fix}, then run `eccentric {where}sessions recover {shlex.quote(str(kept))}`"

    def kept_note(self, kept: Path) -> str:
        """The end of a failed recording's one-line error: where its samples are kept (`kept`,
        what stop() returned) and the command that saves them, or that nothing could be."""
        from sessions.oserrors import FILE_LIMIT

        lost = f" ({self.samples_dropped} samples lost)" if self.samples_dropped else ""
        if self.rescued is not None:
            note = f" - every sample is saved in {kept}: {self.recover_hint(kept)}"
        elif self.journal_kept:
            note = f" - the journal {kept} is kept: run `eccentric sessions recover`"
        else:
            note = " - nothing could be saved"
        note += "".join(f" (and recover {p})" for p in self.parts if p.parent != kept.parent)
        if FILE_LIMIT in str(self.error) and self.rescued is None:
            note += "; raise the file size limit (`ulimit -f`) before the next recording"
        return lost + note

    @property
    def claimed(self) -> bool:
        """The journal exists on disk (False while the folder refuses to create it)."""
        return self._claimed

    @property
    def journal_kept(self) -> bool:
        """After a failed stop(): whether a journal with samples is on disk to recover."""
        try:
            return self._claimed and self.journal_path.stat().st_size > 0
        except OSError:
            return False

def _copy(value: Any) -> Any:
    """A dict field is copied: the recording's metadata does not share it with the caller's."""
    return dict(value) if isinstance(value, dict) else value
