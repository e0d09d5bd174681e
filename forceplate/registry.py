"""Find reader plug-ins through the ``eccentric.readers`` entry-point group.

A plate profile's name also names a reader: ``create_reader("diy4")`` is the HID reader
with that profile, ``create_reader("jsonw")`` the serial reader with that serial profile
(shipped profiles and the user's own, see forceplate.hid.profiles_dir and
forceplate.serial.profile). A name that is both a HID and a serial profile is refused.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import Any

from forceplate.errors import EccentricError, UsageError
from forceplate.reader import Reader

GROUP = "eccentric.readers"

# Built in, so a source checkout without installed metadata still works.
_BUILTIN = {
    "mock": "forceplate.simulator.mock_reader:MockReader",
    "hid": "forceplate.hid.hid_reader:HidPlateReader",
    "gdx": "forceplate.gdx.reader:GdxReader",
    "serial": "forceplate.serial.reader:SerialPlateReader",
}


def _load(spec: str) -> type[Reader]:
    module, _, attr = spec.partition(":")
    mod = __import__(module, fromlist=[attr])
    return getattr(mod, attr)  # type: ignore[no-any-return,unused-ignore]


def _scan() -> tuple[dict[str, type[Reader]], dict[str, str]]:
    found: dict[str, type[Reader]] = {}
    broken: dict[str, str] = {}
    specs = dict(_BUILTIN)
    for ep in entry_points(group=GROUP):
        specs.setdefault(ep.name, ep.value)
        if ep.name in _BUILTIN and ep.value != _BUILTIN[ep.name]:
            specs[ep.name] = ep.value   # an installed plug-in may replace a built-in
    for name, spec in specs.items():
        try:
            found[name] = _load(spec)
        except Exception as exc:  # a broken plug-in must not break the app
            broken[name] = f"{exc.__class__.__name__}: {exc}"
    return found, broken


def reader_classes() -> dict[str, type[Reader]]:
    """Every installed reader that imports, by name."""
    return _scan()[0]


def reader_load_errors() -> dict[str, str]:
    """Readers that are installed but failed to import: name -> one-line reason."""
    return _scan()[1]


def _profile_names(kind: str) -> set[str]:
    """Names of the plate profiles a reader kind ('hid', 'serial') knows; empty if unreadable."""
    try:
        if kind == "hid":
            from forceplate.hid.profiles_dir import all_profiles

            return set(all_profiles())
        from forceplate.serial.profile import all_serial_profiles

        return set(all_serial_profiles())
    except Exception:   # noqa: BLE001 - a broken profile folder must not hide the readers
        return set()


def create_reader(name: str, **options: Any) -> Reader:
    """A reader by plug-in name, or the HID / serial reader for a plate-profile name (not opened)."""
    classes, broken = _scan()
    if name in classes:
        return classes[name](**options)
    if name in broken:
        raise EccentricError(f"reader '{name}' is installed but failed to load ({broken[name]})")
    by_profile = {kind: _profile_names(kind) for kind in ("hid", "serial") if kind in classes}
    kinds = [kind for kind, names in by_profile.items() if name in names]
    if "profile" not in options and len(kinds) == 1:
        return classes[kinds[0]](profile=name, **options)
    if kinds and "profile" in options:
        raise UsageError(f"'{name}' names a plate profile itself: give --reader {name} without another "
                         f"profile, or --reader {kinds[0]} with the profile")
    if len(kinds) > 1:
        raise UsageError(f"'{name}' is both a HID and a serial plate profile: give --reader hid --profile "
                         f"{name} or --reader serial -o profile={name}")
    choices = [f"installed: {', '.join(sorted(classes))}"]
    for kind, names in by_profile.items():
        choices.append(f"{kind.upper() if kind == 'hid' else kind} profiles: {', '.join(sorted(names)) or 'none'}")
    raise UsageError(f"unknown reader '{name}' ({'; '.join(choices)}; see `eccentric devices`)")
