"""Name lookup for exercises and methods: exact keys, a few real aliases, close-match errors.

`--exercise bench` is accepted because `bench` is a listed alias of `bench_press`, not because
it is a prefix of something: anything else unknown is an error naming the closest real names.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from forceplate.errors import BadInputError, ExitCode


def normalise(name: str) -> str:
    """'Smith squat', 'smith-squat' and 'SMITH_SQUAT' are the same name."""
    return "_".join(name.strip().lower().replace("-", " ").replace("_", " ").split())


def closest(name: str, choices: Iterable[str], n: int = 3) -> list[str]:
    return difflib.get_close_matches(normalise(name), list(choices), n=n, cutoff=0.5)


def resolve(kind: str, name: str, keys: Iterable[str], aliases: Mapping[str, str], command: str) -> str:
    """The catalogue key for name (a key or an alias); BadInputError with the closest names."""
    keys = list(keys)
    key = normalise(name)
    if key in keys:
        return key
    if key in aliases:
        return aliases[key]
    near = closest(name, [*keys, *aliases])
    hint = f" - did you mean {', '.join(near)}?" if near else ""
    raise BadInputError(f"unknown {kind} '{name}'{hint} (`eccentric {command}` lists them)",
                        exit_code=ExitCode.USAGE)
