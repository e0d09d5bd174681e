"""Session metadata: what a coach needs to find and trust a recording."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

from forceplate.errors import BadInputError
from forceplate.samples import ReaderInfo

# Bump on any incompatible change to the files' layout; readers refuse newer versions.
SCHEMA_VERSION = 2


def app_version() -> str:
    try:
        from importlib.metadata import version

        return version("eccentric")
    except Exception:
        return "unknown"


@dataclass(slots=True)
class SessionMeta:
    athlete: str = "athlete"
    exercise: str = "exercise"
    method: str = "normal"
    targets: dict[str, Any] = field(default_factory=dict)   # e.g. {"ecc_target_s": 3.0}
    load_kg: float | None = None          # bar / machine load
    body_mass_kg: float | None = None
    system_mass_kg: float | None = None   # body + load, as weighed
    reader: str = ""
    plate: str = ""                       # plate name as the reader reports it
    serial: str = ""
    profile: str | None = None
    sample_rate_hz: float = 0.0
    simulated: bool = False
    app_version: str = field(default_factory=app_version)
    schema_version: int = SCHEMA_VERSION
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    started_at_source: str = ""           # an import's: where started_at came from ("": the recording's clock)
    notes: str = ""
    calibration: dict[str, Any] = field(default_factory=dict)  # weighings, tare, ...
    # The stored analysis: the analyser version that produced the reps and sets, and every
    # setting it ran with (AnalysisConfig.to_dict), so it can be repeated exactly.
    analysis_version: str | None = None   # None: analysed by an eccentric before versions
    analysis: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def for_reader(cls, info: ReaderInfo, **kw: Any) -> SessionMeta:
        """Metadata with the plate fields filled from the reader's info."""
        return cls(reader=info.reader, plate=info.name, serial=info.serial, profile=info.profile,
                   sample_rate_hz=float(info.sample_rate_hz), simulated=info.simulated, **kw)

    def fill_from_info(self, info: ReaderInfo) -> None:
        self.reader = self.reader or info.reader
        self.plate = self.plate or info.name
        self.serial = self.serial or info.serial
        self.profile = self.profile or info.profile
        self.sample_rate_hz = self.sample_rate_hz or float(info.sample_rate_hz)
        self.simulated = self.simulated or info.simulated

    @property
    def started_utc(self) -> datetime:
        return check_started_at(self.started_at)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["started_at"] = self.started_utc.isoformat()
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), default=_jsonable)

    @classmethod
    def from_dict(cls, d: Any) -> SessionMeta:
        if not isinstance(d, dict):
            raise BadInputError("session metadata is not a JSON object")
        known = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in known}
        try:
            if "started_at" in kw:
                kw["started_at"] = datetime.fromisoformat(str(kw["started_at"]))
            meta = cls(**kw)
        except (TypeError, ValueError) as exc:
            raise BadInputError(f"bad session metadata: {exc}") from None
        if not isinstance(meta.started_at, datetime):
            raise BadInputError("bad session metadata: started_at is not a date and time")
        if meta.started_at.tzinfo is None:
            meta.started_at = meta.started_at.replace(tzinfo=UTC)
        check_started_at(meta.started_at)
        _check_types(meta)
        return meta


def check_started_at(when: datetime) -> datetime:
    """The start in UTC; BadInputError when it has none (year 1 at +05:00 is before year 1 UTC)."""
    try:
        return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
    except (OverflowError, ValueError):
        raise BadInputError(f"start time {when.isoformat()} is out of range") from None


def _check_types(meta: SessionMeta) -> None:
    for name in ("athlete", "exercise", "method", "reader", "plate", "serial", "notes"):
        if not isinstance(getattr(meta, name), str):
            raise BadInputError(f"bad session metadata: {name} is not text")
    for name in ("load_kg", "body_mass_kg", "system_mass_kg"):
        v = getattr(meta, name)
        if v is not None and (isinstance(v, bool) or not isinstance(v, int | float)):
            raise BadInputError(f"bad session metadata: {name} is not a number")
    if isinstance(meta.sample_rate_hz, bool) or not isinstance(meta.sample_rate_hz, int | float):
        raise BadInputError("bad session metadata: sample_rate_hz is not a number")
    if not isinstance(meta.schema_version, int) or isinstance(meta.schema_version, bool):
        raise BadInputError("bad session metadata: schema_version is not an integer")
    if not isinstance(meta.targets, dict) or not isinstance(meta.calibration, dict):
        raise BadInputError("bad session metadata: targets/calibration are not objects")
    if not isinstance(meta.analysis, dict):
        raise BadInputError("bad session metadata: analysis is not an object")
    if meta.analysis_version is not None and not isinstance(meta.analysis_version, str):
        raise BadInputError("bad session metadata: analysis_version is not text")


def _jsonable(o: Any) -> Any:
    if isinstance(o, datetime):
        return o.isoformat()
    if hasattr(o, "item"):      # numpy scalars
        return o.item()
    if hasattr(o, "value"):     # enums
        return o.value
    return str(o)
