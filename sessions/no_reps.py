"""Why a recording gave no reps and no jumps, in one line, where its force says why."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sessions.csv_input import G, no_person_note, quiet_weight

BAR_MIN_KG = 10.0     # kg: lighter than any loaded bar (an empty Olympic bar is 20 kg, a training bar 10-15)
HOLD_S = 2.0          # s: a bar held after its unrack stays on the plate for seconds; a squat's swing averages out


def why_no_reps(time_s: np.ndarray, force_n: np.ndarray, body_kg: float | None = None) -> str | None:
    """The cause when nothing was found: nobody on the plate (or not newtons), or a body-weight
    movement none of whose reps was read - the force never held a bar's weight over the
    athlete's for HOLD_S, so no bar was taken from the rack; a bodyweight rep (analysis
    no_bar.py) is a lowering and a raise between still stands, a jump needs a flight off the
    plate. None when the force does not tell (a bar was there: the analysis found no rep)."""
    person = no_person_note(force_n)
    if person is not None:
        return person
    if force_n.size < 3 or time_s.size != force_n.size:
        return None
    if body_kg is None:
        quiet = quiet_weight(time_s, force_n)
        body_kg = quiet.mass_kg if quiet is not None else None
    if body_kg is None:
        return None
    dt = float(np.median(np.diff(time_s)))
    w = int(round(HOLD_S / dt)) if np.isfinite(dt) and dt > 0 else 0
    if not 2 <= w <= force_n.size:
        return None
    # the heaviest 2-s mean load on the plate, over the samples it has: a gap (NaN) must not
    # hide a bar - a window with under half its samples says nothing
    ok = np.isfinite(force_n)
    c = np.concatenate([[0.0], np.cumsum(np.where(ok, force_n, 0.0), dtype=np.float64)])
    n = np.concatenate([[0], np.cumsum(ok)])
    counts = n[w:] - n[:-w]
    full = counts >= w / 2
    if not full.any() or not np.isfinite(body_kg):
        return None
    held_n = float(np.max((c[w:] - c[:-w])[full] / counts[full]))
    if held_n > (body_kg + BAR_MIN_KG) * G:
        return None
    return (f"no bar was taken: the force stays at the athlete's weight ({body_kg:.1f} kg) and no bodyweight rep "
            f"was read; a jump needs a flight off the plate (docs/jumps.md)")


def stored_why_no_reps(path: Path | str) -> str | None:
    """why_no_reps of a stored session's samples (a damaged page's left out); None when they do
    not read or do not tell."""
    from forceplate.errors import EccentricError
    from sessions.session_file import read_session

    try:
        s = read_session(path, salvage=True)
    except EccentricError:
        return None
    return why_no_reps(s.block.time_s, s.block.total_force_n(s.info), s.meta.body_mass_kg)


__all__ = ["BAR_MIN_KG", "HOLD_S", "stored_why_no_reps", "why_no_reps"]
