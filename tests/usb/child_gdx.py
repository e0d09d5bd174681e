"""Code under test for the GDX testbed: run GdxReader, save what it decoded.

    python child_gdx.py OUT.npz WANT_SAMPLES MAX_S [KEY=VALUE reader options...]
"""

from __future__ import annotations

import json
import sys
from typing import Any

import numpy as np
from child_loop import read_until

from forceplate.errors import EccentricError
from forceplate.gdx.reader import GdxReader


def main() -> int:
    out, want, max_s = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    opts = dict(a.split("=", 1) for a in sys.argv[4:])
    reader = GdxReader(backend="system", poll_s=0.2, read_timeout_ms=50, **opts)
    blocks: list[Any] = []
    statuses: set[str] = set()
    error, info = "", {}
    try:
        i = reader.open()
        info = {"name": i.name, "serial": i.serial, "channels": [c.name for c in i.channels],
                "rate": i.sample_rate_hz, "extra": i.extra}
        read_until(reader, want, max_s, blocks, statuses)
    except EccentricError as err:
        error = f"{type(err).__name__}: {err}"
    finally:
        st = reader.status()
        reader.close()
    meta = {"error": error, "info": info, "dropped": st.dropped_samples, "rejected": st.rejected_reports,
            "timeouts": st.timeouts, "reconnects": st.reconnects, "seen": sorted(statuses), "message": st.message}
    if blocks:
        values = np.concatenate([b.values for b in blocks])
        seq = np.concatenate([b.seq for b in blocks])
        flags = np.concatenate([b.flags for b in blocks])
        time_s = np.concatenate([b.time_s for b in blocks])
    else:
        values, seq, flags, time_s = np.empty((0, 0)), np.empty(0, np.int64), np.empty(0, np.uint8), np.empty(0)
    np.savez(out, values=values, seq=seq, flags=flags, time_s=time_s, meta=json.dumps(meta))
    return 0


if __name__ == "__main__":
    sys.exit(main())
