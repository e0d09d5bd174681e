"""What the testbed children (child_reader.py, child_gdx.py) share: read a plate until it gave
enough samples or time is up. Appends as it goes, so what came before an error is kept."""

from __future__ import annotations

import time
from typing import Any


def read_until(reader: Any, want: int, max_s: float, blocks: list[Any], seen: set[str]) -> None:
    """Blocks into `blocks`, each connection state status() showed on the way into `seen`."""
    t0 = time.monotonic()
    n = 0
    while n < want and time.monotonic() - t0 < max_s:
        b = reader.read(0.1)
        seen.add(reader.status().connection.value)
        if b is not None:
            blocks.append(b)
            n += len(b)
