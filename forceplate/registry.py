"""Find reader plug-ins through the ``eccentric.readers`` entry-point group."""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import Any

from forceplate.errors import EccentricError
from forceplate.reader import Reader

GROUP = "eccentric.readers"

# Built in, so a source checkout without installed metadata still works.
_BUILTIN = {
    "mock": "forceplate.simulator.mock_reader:MockReader",
    "hid": "forceplate.hid.hid_reader:HidPlateReader",
}


def _load(spec: str) -> type[Reader]:
    module, _, attr = spec.partition(":")
    mod = __import__(module, fromlist=[attr])
    return getattr(mod, attr)  # type: ignore[no-any-return]


def reader_classes() -> dict[str, type[Reader]]:
    """Every installed reader, by name. A plug-in that fails to import is skipped."""
    found: dict[str, type[Reader]] = {}
    for name, spec in _BUILTIN.items():
        found[name] = _load(spec)
    for ep in entry_points(group=GROUP):
        if ep.name in found and ep.value == _BUILTIN.get(ep.name):
            continue
        try:
            found[ep.name] = ep.load()
        except Exception:  # a broken third-party plug-in must not break the app
            continue
    return found


def create_reader(name: str, **options: Any) -> Reader:
    classes = reader_classes()
    if name not in classes:
        known = ", ".join(sorted(classes))
        raise EccentricError(f"unknown reader '{name}' (installed: {known})")
    return classes[name](**options)
