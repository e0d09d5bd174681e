"""Plate profiles: the shipped ones plus the user's own TOML files.

User profiles live in platformdirs.user_config_dir("eccentric")/profiles/*.toml (override
with the ECCENTRIC_PROFILES_DIR environment variable, e.g. in tests).
"""

from __future__ import annotations

import os
from pathlib import Path

from forceplate.errors import ExitCode, ProfileError
from forceplate.profile import PlateProfile, load_profile, load_profile_file, shipped_profiles


def user_profiles_dir() -> Path:
    env = os.environ.get("ECCENTRIC_PROFILES_DIR")
    if env:
        return Path(env)
    from platformdirs import user_config_dir

    return Path(user_config_dir("eccentric")) / "profiles"


def user_profiles() -> tuple[dict[str, PlateProfile], list[str]]:
    """Valid user profiles by name, and one-line problems with the invalid ones."""
    found: dict[str, PlateProfile] = {}
    problems: list[str] = []
    folder = user_profiles_dir()
    try:
        paths = sorted(folder.glob("*.toml"))
    except OSError:
        return found, problems
    for path in paths:
        try:
            found[path.stem] = load_profile_file(path)
        except ProfileError as err:
            problems.append(str(err))
    return found, problems


def all_profiles() -> dict[str, PlateProfile]:
    """Shipped profiles, then user profiles (a user file may override a shipped name)."""
    out = dict(shipped_profiles())
    out.update(user_profiles()[0])
    return out


def find_profile(name_or_path: str) -> PlateProfile:
    """A user profile by name, else a shipped one by name, else a .toml path."""
    users, _ = user_profiles()
    if name_or_path in users:
        return users[name_or_path]
    try:
        return load_profile(name_or_path)
    except ProfileError as e:
        looks_like_path = name_or_path.endswith(".toml") or Path(name_or_path).exists()
        if looks_like_path:
            raise
        # a name that is no profile is a mistake on the command line (exit 2), not a bad file
        message = (f"unknown profile '{name_or_path}' (shipped: {', '.join(sorted(shipped_profiles()))}; "
                   f"yours: {', '.join(sorted(users))}; or give a .toml path)") if users else str(e)
        raise ProfileError(message, exit_code=ExitCode.USAGE) from None


def is_profile_name(name: str) -> bool:
    return name in all_profiles()
