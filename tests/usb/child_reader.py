"""Code under test for the scripted testbed: run the HID reader, save what it decoded.

    python child_reader.py OUT.npz PROFILE BACKEND WANT_SAMPLES MAX_S
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np

from forceplate.errors import EccentricError
from forceplate.hid.hid_reader import HidPlateReader


def main() -> int:
    out, profile, backend, want, max_s = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
    reader = HidPlateReader(profile=profile, backend=backend, poll_s=0.2, read_timeout_ms=50)
    blocks = []
    error = ""
    statuses = []
    try:
        reader.open()
        t0 = time.monotonic()
        n = 0
        while n < want and time.monotonic() - t0 < max_s:
            b = reader.read(0.1)
            statuses.append(reader.status().connection.value)
            if b is not None:
                blocks.append(b)
                n += len(b)
    except EccentricError as err:
        error = f"{type(err).__name__}: {err}"
    finally:
        reader.close()
    st = reader.status()
    meta = {"error": error, "reports": st.reports, "dropped": st.dropped_samples,
            "rejected": st.rejected_reports, "timeouts": st.timeouts, "reconnects": st.reconnects,
            "seen": sorted(set(statuses))}
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
