"""Every message the live pipeline thread posts to the UI. Typed, small, and posted non-blocking."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from textual.message import Message

from forceplate.reader import ReaderStatus
from forceplate.samples import ReaderInfo


class PipelineStarted(Message):
    def __init__(self, info: ReaderInfo) -> None:
        super().__init__()
        self.info = info


class AnalysisEvents(Message):
    """Events from one block (PhaseChanged, RepCompleted, SetEnded, PositiveFailure, Calibrated ...)."""

    def __init__(self, events: list[Any], quiet: bool = False) -> None:
        super().__init__()
        self.events = events
        self.quiet = quiet   # events of samples shown before (a recording judged again): no toasts


@dataclass(frozen=True, slots=True)
class RepProfile:
    """One rep's force, time-normalised: n points over the eccentric, n over the concentric."""

    rep: int     # within its set, as the rep table and every other view number it
    set: int
    ecc_force_n: np.ndarray
    con_force_n: np.ndarray
    extra: dict[str, Any] = field(default_factory=dict)
    # the live analysis it came from ("rec 2", "after rec 1"): each numbers its reps from set 1
    # rep 1, so set and rep alone repeat after a second recording ("" for a saved session's)
    run: str = ""


class RepProfileReady(Message):
    def __init__(self, profile: RepProfile) -> None:
        super().__init__()
        self.profile = profile


class PlateStatus(Message):
    """A few times a second: plate health and where the stream is. Newer replaces older in the queue."""

    def __init__(self, status: ReaderStatus, time_s: float, recording: bool,
                 samples_recorded: int, recording_started_s: float | None) -> None:
        super().__init__()
        self.status = status
        self.time_s = time_s
        self.recording = recording
        self.samples_recorded = samples_recorded
        self.recording_started_s = recording_started_s

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, PlateStatus)


class PipelineFault(Message):
    """Something the user must know (unplugged, disk full, bad data): shown, never a traceback."""

    def __init__(self, text: str, severity: str = "error", fatal: bool = False) -> None:
        super().__init__()
        self.text = text
        self.severity = severity
        self.fatal = fatal


class RecordingStarted(Message):
    def __init__(self, path: Path | None) -> None:
        super().__init__()
        self.path = path


class RecordingSaved(Message):
    def __init__(self, path: Path | None, error: str | None = None) -> None:
        super().__init__()
        self.path = path
        self.error = error


class SourceEnded(Message):
    """A finite source (replay, simulation) has no more data."""


class PipelineReset(Message):
    """The analysis restarted (new setup or a seek): clear tables and summaries. keep_reps (a
    setup change): the reps shown stay until the new analysis starts a set."""

    def __init__(self, keep_reps: bool = False) -> None:
        super().__init__()
        self.keep_reps = keep_reps
