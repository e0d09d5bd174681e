"""A session's stored analysis: one analysis of the recorded samples, the truth every view reads.

The recorder, recovery and import run `analyse_session` once over the samples that were
saved, with the settings the session was recorded with (SessionMeta.analysis), and store
its reps and sets with the analyser's version. `sessions show`, the library, the export,
`analyze` and replay read those; re-analysis is explicit (`eccentric sessions reanalyse`,
`eccentric analyze --reanalyse`), and a session analysed by another version reads "stale".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, is_dataclass
from typing import Any

import numpy as np

from forceplate.errors import BadInputError
from forceplate.samples import ReaderInfo, SampleBlock, drop_invalid
from sessions.meta import SessionMeta

_CONFIG_FIELDS_FROM_TARGETS = ("ecc_target_s", "pause_target_s", "con_target_s", "overload_target",
                               "negatives_min", "negatives_max", "ecc_tolerance", "overload_tolerance")


def current_version() -> str | None:
    """The installed analyser's version (None when the analysis package is not available)."""
    try:
        from forceplate.analysis.version import ANALYSIS_VERSION
    except ImportError:
        return None
    return ANALYSIS_VERSION


def config_for(meta: SessionMeta, **overrides: Any) -> Any:
    """The AnalysisConfig a session is analysed with: the settings stored with it; for a
    session from before they were stored, its method, targets, body mass and load."""
    from forceplate.analysis.config import AnalysisConfig

    if meta.analysis:
        d = {**meta.analysis, **overrides}
        return AnalysisConfig.from_dict(d)
    kw: dict[str, Any] = {k: v for k, v in (meta.targets or {}).items()
                          if k in _CONFIG_FIELDS_FROM_TARGETS and v is not None}
    if meta.body_mass_kg:   # weighed before the samples began (a recording started on the plate)
        kw["body_mass_kg"] = meta.body_mass_kg
    if meta.load_kg is not None and meta.load_kg >= 0:
        kw["load_kg"] = meta.load_kg
    if meta.exercise:
        kw["exercise"] = meta.exercise
    kw.update(overrides)
    return AnalysisConfig.for_method(meta.method or "normal", **kw)


@dataclass
class SessionAnalysis:
    """Rep and set rows of one analysis, the masses it weighed, and its version."""

    reps: list[dict[str, Any]] = field(default_factory=list)
    sets: list[dict[str, Any]] = field(default_factory=list)
    body_mass_kg: float | None = None
    system_mass_kg: float | None = None
    version: str | None = None
    config: dict[str, Any] = field(default_factory=dict)
    weighings: list[Any] = field(default_factory=list)

    def stamp(self, meta: SessionMeta) -> None:
        """Make this the session's stored analysis: version, settings and weighed masses."""
        meta.analysis_version = self.version
        meta.analysis = dict(self.config)
        if self.body_mass_kg is not None:
            meta.body_mass_kg = float(self.body_mass_kg)
        if self.system_mass_kg is not None:
            meta.system_mass_kg = float(self.system_mass_kg)
        if self.weighings:
            meta.calibration["weighings"] = [
                asdict(w) if is_dataclass(w) and not isinstance(w, type) else dict(w) for w in self.weighings]


def is_jump_test(rep_rows: list[dict[str, Any]]) -> bool:
    """Every rep a jump (and at least one): a jump test, shown and named as one (no coaching
    method applies to it)."""
    return bool(rep_rows) and all(r.get("movement") == "jump" for r in rep_rows)


def shown_as(exercise: str, method: str, jump_test: bool) -> tuple[str, str]:
    """(exercise, method) as every view names a session: a jump test as (its exercise, or
    "jumps" when none was named, "jump test") - it was analysed as "normal", which says nothing."""
    if not jump_test:
        return exercise, method
    from sessions.paths import NO_EXERCISE

    return ("jumps" if exercise in ("", NO_EXERCISE) else exercise), "jump test"


def valid_samples(info: ReaderInfo, block: SampleBlock) -> tuple[SampleBlock, int]:
    """The samples the analysis can read, and how many were left out: a NaN / inf in a measured
    channel (saved by an eccentric whose decoders passed them on) is no reading, so it is left
    out as a dropped sample, exactly as the decoders drop one now (forceplate.samples.drop_invalid)."""
    out, invalid, _ = drop_invalid(block, info.measured_channels)
    return out, invalid


MAX_SPAN_S = 1e7   # s, 116 days: no recording lasts that long; a damaged journal's times do (1e187 s)


def _times_sane(t: np.ndarray) -> bool:
    """Times a recording can have: finite, increasing, within MAX_SPAN_S. Others come from a
    damaged file, and the analysis of them would be numbers from overflowing arithmetic."""
    if t.size == 0:
        return True
    with np.errstate(invalid="ignore", over="ignore"):
        steps = np.diff(t)
        return bool(np.isfinite(t).all() and (steps > 0).all() and t[-1] - t[0] <= MAX_SPAN_S)


def analyse_session(info: ReaderInfo, block: SampleBlock, meta: SessionMeta, config: Any = None) -> SessionAnalysis:
    """The one offline analysis of a session's samples (raises what the analysis raises)."""
    from forceplate.analysis import analyse
    from forceplate.analysis.version import ANALYSIS_VERSION

    cfg = config if config is not None else config_for(meta)
    block, _ = valid_samples(info, block)
    if len(block) == 0:
        raise BadInputError("no valid force samples (every one is NaN or infinite)")
    if not _times_sane(block.time_s):
        raise BadInputError("the sample times are damaged (not finite, not increasing, or "
                            f"spanning over {MAX_SPAN_S / 86400:.0f} days): samples kept, not analysed")
    res = analyse(info, block, cfg)
    return SessionAnalysis(
        reps=[r.to_row() for r in res.reps], sets=[s.to_row() for s in res.sets],
        body_mass_kg=res.body_mass_kg, system_mass_kg=res.system_mass_kg,
        version=ANALYSIS_VERSION, config=cfg.to_dict(), weighings=list(res.weighings),
    )


def try_analyse_session(info: ReaderInfo, block: SampleBlock, meta: SessionMeta) -> tuple[SessionAnalysis | None, str]:
    """(analysis, "") or (None, why): a recording or an import must never be lost to the analysis."""
    try:
        return analyse_session(info, block, meta), ""
    except BadInputError as exc:
        return None, str(exc)
    except Exception as exc:   # noqa: BLE001 - see docstring
        return None, f"{exc.__class__.__name__}: {exc}"


def stale_reason(meta: SessionMeta) -> str | None:
    """Why the stored analysis is not the installed analyser's (None: it is current)."""
    now = current_version()
    if now is None or meta.analysis_version == now:
        return None
    if meta.analysis_version is None:
        return f"analysed by an eccentric without analysis versions (now {now})"
    return f"analysed by version {meta.analysis_version} (now {now})"


__all__ = ["SessionAnalysis", "analyse_session", "config_for", "current_version", "stale_reason",
           "is_jump_test", "shown_as", "try_analyse_session", "valid_samples"]
