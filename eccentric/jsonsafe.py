"""JSON every reader can parse: a figure that does not apply (NaN, inf) is null, never the
bare NaN Python's json writes (not JSON; a jump's ecc:con load ratio was one)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def json_safe(x: Any) -> Any:
    """NaN/inf -> None, numpy scalars -> Python, through dicts, lists and tuples."""
    if isinstance(x, dict):
        return {k: json_safe(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [json_safe(v) for v in x]
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x
