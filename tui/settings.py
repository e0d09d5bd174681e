"""What the dashboard remembers between launches: the theme, the last athlete, each athlete's
last setup. One small JSON file in the user config dir; no Textual here.

A missing or damaged file is an empty one (never an error at launch); writes go through a
temporary file and a rename, so a crash never leaves half a file.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.setup_state import SessionSetup

FILE_NAME = "dashboard.json"
ENV_DIR = "ECCENTRIC_CONFIG_DIR"      # tests and portable installs point this elsewhere
REMEMBERED = ("exercise", "method", "ecc_target_s", "overload_target", "load_kg", "body_mass_kg")


def default_path() -> Path:
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR]) / FILE_NAME
    from platformdirs import user_config_dir

    return Path(user_config_dir("eccentric")) / FILE_NAME


@dataclass
class Settings:
    path: Path | None = None                      # None: remembered for this run only
    data: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None) -> Settings:
        data: dict[str, Any] = {}
        if path is not None:
            with contextlib.suppress(OSError, ValueError):
                loaded = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(loaded, dict):
                    data = loaded
        return cls(path, data)

    def save(self) -> str | None:
        """Write the file; returns why it could not (a read-only home must not stop the app)."""
        if self.path is None:
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.data, indent=2, sort_keys=True), encoding="utf-8")
            tmp.replace(self.path)
        except OSError as err:
            return f"cannot save settings to {self.path}: {err.strerror or err}"
        return None

    @property
    def theme(self) -> str | None:
        t = self.data.get("theme")
        return t if isinstance(t, str) else None

    @theme.setter
    def theme(self, name: str) -> None:
        self.data["theme"] = name

    @property
    def last_athlete(self) -> str | None:
        a = self.data.get("last_athlete")
        return a if isinstance(a, str) and a.strip() else None

    @property
    def athletes(self) -> list[str]:
        """Every athlete with a remembered setup, most recently used last."""
        a = self.data.get("athletes")
        return [k for k in a if isinstance(k, str)] if isinstance(a, dict) else []

    def remember(self, setup: SessionSetup) -> None:
        """The setup as this athlete's last one; the athlete as the last one."""
        athletes = self.data.setdefault("athletes", {})
        if not isinstance(athletes, dict):
            athletes = self.data["athletes"] = {}
        athletes.pop(setup.athlete, None)   # re-inserted last: the order is recency
        athletes[setup.athlete] = {k: getattr(setup, k) for k in REMEMBERED}
        self.data["last_athlete"] = setup.athlete

    def setup_for(self, athlete: str, base: SessionSetup) -> SessionSetup:
        """base with this athlete's remembered setup (unknown or damaged fields are skipped)."""
        saved = (self.data.get("athletes") or {}).get(athlete)
        changes: dict[str, Any] = {"athlete": athlete}
        if isinstance(saved, dict):
            from forceplate.analysis.exercises import EXERCISES
            from forceplate.analysis.methods import METHODS

            if saved.get("exercise") in EXERCISES:
                changes["exercise"] = saved["exercise"]
            if saved.get("method") in METHODS:
                changes["method"] = saved["method"]
            for k in ("ecc_target_s", "overload_target", "load_kg", "body_mass_kg"):
                v = saved.get(k)
                if v is None or (isinstance(v, int | float) and not isinstance(v, bool) and 0 < v < 1e4):
                    changes[k] = v
        return base.with_changes(**changes)
