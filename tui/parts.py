"""The one seam between the dashboard and the parts it drives (plates, analysis, recording).

Everything the UI needs from forceplate.* and sessions.* beyond plain data types is built here,
so a change in those parts touches this module only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from forceplate.analysis.events import Event, Phase, Rep, SetSummary
from forceplate.reader import AttachedDevice, Reader
from forceplate.samples import ReaderInfo, SampleBlock
from tui.setup_state import SessionSetup


class AnalyserLike(Protocol):
    phase: Phase
    phase_started_s: float
    time_s: float
    body_mass_kg: float | None
    system_mass_kg: float | None
    reps: list[Rep]
    sets: list[SetSummary]

    def feed(self, block: SampleBlock) -> list[Event]: ...
    def finish(self) -> list[Event]: ...


class RecorderLike(Protocol):
    path: Path
    samples_written: int
    error: Exception | None

    def start(self) -> Any: ...
    def append(self, block: SampleBlock) -> None: ...
    def add_events(self, events: list[Event]) -> None: ...
    def stop(self) -> Path: ...


def analysis_config(setup: SessionSetup) -> Any:
    from forceplate.analysis import AnalysisConfig

    t = setup.targets()
    overrides: dict[str, Any] = {"ecc_target_s": t["ecc_target_s"], "overload_target": t["overload_target"],
                                 "exercise": setup.exercise}
    if setup.body_mass_kg is not None:
        overrides["body_mass_kg"] = setup.body_mass_kg
    if setup.load_kg is not None and setup.load_kg >= 0:
        overrides["load_kg"] = setup.load_kg       # tells a weighing taken with the bar on
    if setup.ecc_tolerance is not None:
        overrides["ecc_tolerance"] = setup.ecc_tolerance
    return AnalysisConfig.for_method(setup.method, **overrides)


class NoAnalysis:
    """Stands in when the analysis package cannot be loaded: the chart still moves, no reps."""

    def __init__(self) -> None:
        self.phase, self.phase_started_s, self.time_s = Phase.UNKNOWN, 0.0, 0.0
        self.body_mass_kg: float | None = None
        self.system_mass_kg: float | None = None
        self.reps: list[Rep] = []
        self.sets: list[SetSummary] = []

    def feed(self, block: SampleBlock) -> list[Event]:
        self.time_s = float(block.time_s[-1])
        return []

    def finish(self) -> list[Event]:
        return []


def make_analyser(info: ReaderInfo, setup: SessionSetup) -> AnalyserLike:
    replay = info.extra.get("replay")
    if replay:   # a saved session shows its stored analysis, the same after every seek
        try:
            from sessions.stored_analysis import ReplayAnalyser

            return ReplayAnalyser.from_file(replay)  # type: ignore[return-value]
        except Exception:   # noqa: BLE001 - unreadable stored reps: analyse the samples instead
            pass
    try:
        from forceplate.analysis import Analyser
    except ImportError:
        return NoAnalysis()
    return Analyser(info, analysis_config(setup))  # type: ignore[no-any-return]


def make_meta(info: ReaderInfo, setup: SessionSetup, body_mass_kg: float | None,
              system_mass_kg: float | None) -> Any:
    from sessions.meta import SessionMeta

    t = setup.targets()
    return SessionMeta.for_reader(
        info, athlete=setup.athlete, exercise=setup.exercise, method=setup.method,
        targets={k: v for k, v in t.items() if v is not None}
        | ({"ecc_tolerance": setup.ecc_tolerance} if setup.ecc_tolerance is not None else {}),
        load_kg=setup.load_kg,
        body_mass_kg=body_mass_kg, system_mass_kg=system_mass_kg,
    )


def make_recorder(data_dir: Path, info: ReaderInfo, meta: Any) -> RecorderLike:
    from sessions.recorder import Recorder

    return Recorder(data_dir, info, meta)  # type: ignore[no-any-return]


def open_reader(setup: SessionSetup) -> Reader:
    from forceplate.registry import create_reader

    opts: dict[str, Any] = dict(setup.reader_options)
    if setup.profile:
        opts.setdefault("profile", setup.profile)
    return create_reader(setup.reader, **opts)


def open_replay(path: Path, speed: float = 1.0, realtime: bool = True) -> Reader:
    from sessions.replay import ReplayReader

    return ReplayReader(path, speed=speed, realtime=realtime)  # type: ignore[no-any-return]


def discover_plates() -> list[AttachedDevice]:
    """Attached plates of every installed reader kind except the simulator; never raises."""
    try:
        from forceplate.registry import reader_classes

        classes = reader_classes()
    except Exception:
        return []
    found: list[AttachedDevice] = []
    for name, cls in classes.items():
        if name == "mock":
            continue
        try:
            found.extend(cls.discover())
        except Exception:
            continue
    return found


def default_data_dir() -> Path:
    from sessions.paths import default_data_dir as ddd

    return ddd()  # type: ignore[no-any-return]


def read_session(path: Path) -> Any:
    """For showing only (replay, compare): the samples of damaged pages are left out, counted."""
    from sessions.session_file import read_session as rs

    return rs(path, salvage=True)


def left_out_note(stored: Any) -> str | None:
    """What the views say of a session read with damaged pages (as analyze and replay do)."""
    from forceplate.analysis.verdicts import counted

    lost = int(getattr(stored, "samples_lost", 0) or 0)
    if not lost:
        return None
    return f"{counted(lost, 'sample')} in damaged pages of the file could not be read and are left out"


def library(data_dir: Path) -> Any:
    from sessions.library import Library

    return Library(data_dir)


def duration_text(seconds: float) -> str:
    from eccentric.commands.sessions_cmd import duration_text as dt

    return dt(seconds)


def export_reps(paths: list[Path], out: Path, fmt: str = "csv") -> Any:
    from sessions.export import export_reps as er

    return er(paths, out, fmt=fmt)


def safe_text(value: Any) -> str:
    """A name or message as one safe line (control characters, escapes, stray bytes made visible)."""
    from sessions.names import display

    return display(value)


def name_key(value: Any) -> str:
    """How names are compared everywhere (NFC, case-folded), the same as `sessions list --athlete`."""
    from sessions.names import key

    return key(value)


def retitle_recording(rec: Any, meta: Any) -> None:
    """File a running recording under a new athlete / exercise / method / load.

    The session is written where the new names say when the recording stops; the journal
    notes the change at once, so a crash before the stop recovers under the new names too.
    """
    rec.retitle(meta)
