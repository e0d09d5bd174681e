"""Per-rep force profiles, time-normalised, from a saved session (live ones come from the pipeline)."""

from __future__ import annotations

from typing import Any

import numpy as np

from tui.messages import RepProfile
from tui.pipeline import normalised_profile


def profiles_from_session(stored: Any) -> list[RepProfile]:
    """One RepProfile per stored rep, from the session's samples and its reps table."""
    reps = stored.reps
    if reps is None or reps.height == 0:
        return []
    force = stored.block.total_force_n(stored.info)
    t = stored.block.time_s
    out: list[RepProfile] = []
    # the rep within its set, as the table numbers it ("rep" where an older file has no rep_in_set)
    rep_col = "rep_in_set" if "rep_in_set" in reps.columns else "rep"
    cols = (rep_col, "set", "ecc_start_s", "ecc_end_s", "con_start_s", "con_end_s")
    if any(c not in reps.columns for c in cols):
        return []
    for row in reps.select(cols).iter_rows():   # one row per rep, not per sample
        rep, set_, es, ee, cs, ce = row
        if any(v is None for v in row) or not np.isfinite([es, ee, cs, ce]).all():
            continue   # a rep without phase times (another tool's, or damaged) has no profile to draw
        out.append(RepProfile(int(rep), int(set_),
                              normalised_profile(t, force, float(es), float(ee)),
                              normalised_profile(t, force, float(cs), float(ce))))
    return [p for p in out if np.size(p.ecc_force_n) and np.size(p.con_force_n)]
