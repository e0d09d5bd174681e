"""Code under test for the scripted testbed: run the HID reader, save what it decoded.

    python child_reader.py OUT.npz PROFILE BACKEND WANT_SAMPLES MAX_S
"""

from __future__ import annotations

import json
import sys
from typing import Any

import numpy as np
from child_loop import read_until

from forceplate.errors import EccentricError
from forceplate.hid.hid_reader import HidPlateReader


def main() -> int:
    out, profile, backend, want, max_s = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
    reader = HidPlateReader(profile=profile, backend=backend, poll_s=0.2, read_timeout_ms=50)
    blocks: list[Any] = []
    error = ""
    statuses: set[str] = set()
    try:
        reader.open()
        read_until(reader, want, max_s, blocks, statuses)
    except EccentricError as err:
        error = f"{type(err).__name__}: {err}"
    finally:
        reader.close()
    st = reader.status()
    meta = {"error": error, "reports": st.reports, "dropped": st.dropped_samples,
            "rejected": st.rejected_reports, "timeouts": st.timeouts, "reconnects": st.reconnects,
            "seen": sorted(statuses)}
    if blocks:
        counts = np.concatenate([b.counts for b in blocks])
        flags = np.concatenate([b.flags for b in blocks])
        time_s = np.concatenate([b.time_s for b in blocks])
    else:
        counts, flags, time_s = np.empty((0, 0)), np.empty(0, np.uint8), np.empty(0)
    np.savez(out, counts=counts, flags=flags, time_s=time_s, meta=json.dumps(meta))
    return 0


if __name__ == "__main__":
    sys.exit(main())
