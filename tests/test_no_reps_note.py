"""A recording of body-weight movement only (no bar taken from the rack) gave '0 reps' with no
reason: `analyze` and `import` now say why in their one line."""

from __future__ import annotations

import numpy as np

from eccentric.cli import main
from sessions.csv_input import G
from sessions.no_reps import why_no_reps

RATE = 1000.0


def _bodyweight_squats(mass_kg: float = 80.0, bar_kg: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    t = np.arange(0.0, 30.0, 1.0 / RATE)
    f = np.where((t > 1.0) & (t < 28.0), mass_kg * G, 0.0)
    for k in range(6):                        # six 3-s squats: a = -2 sin(4 pi s / 3) m/s^2
        t0 = 5.0 + 3.5 * k
        w = (t >= t0) & (t < t0 + 3.0)
        f[w] = (mass_kg + bar_kg) * (G - 2.0 * np.sin(4 * np.pi * (t[w] - t0) / 3.0))
    if bar_kg:
        f[(t >= 4.0) & (t < 26.0) & (f == mass_kg * G)] = (mass_kg + bar_kg) * G
    return t, f + np.random.default_rng(1).normal(0.0, 3.0, t.size)


def test_body_weight_only_says_no_bar_was_taken(tmp_path, capsys):
    t, f = _bodyweight_squats()
    p = tmp_path / "air_squats.csv"
    p.write_text("time_s,force_n\n" + "".join(f"{a:.3f},{b:.1f}\n" for a, b in zip(t, f, strict=True)))
    assert main(["analyze", str(p)]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no reps or jumps found in 30 s of samples: no bar was taken" in err
    assert "(80.0 kg)" in err and "a jump needs a flight off the plate" in err
    assert main(["--data-dir", str(tmp_path / "lib"), "import", str(p)]) == 0
    assert "no reps or jumps found - no bar was taken" in capsys.readouterr().err


def test_a_held_bar_or_an_empty_plate_is_not_called_body_weight():
    t, f = _bodyweight_squats(bar_kg=40.0)
    assert why_no_reps(t, f) is None                      # a bar was there: the force does not say why
    assert "nobody stood on the plate" in (why_no_reps(t, np.full(t.size, 3.0)) or "")
    t, f = _bodyweight_squats()
    assert (why_no_reps(t, f) or "").startswith("no bar was taken")
    assert (why_no_reps(t, f, body_kg=80.0) or "").startswith("no bar was taken")


def test_a_gap_in_the_force_hides_no_bar():
    """One NaN sample made every 2-s mean NaN, and the note claimed no bar on a loaded plate."""
    t, f = _bodyweight_squats(bar_kg=40.0)
    f[5000] = np.nan
    assert why_no_reps(t, f) is None
    t, f = _bodyweight_squats()
    f[5000] = np.nan
    note = why_no_reps(t, f, body_kg=80.0) or ""
    assert note.startswith("no bar was taken") and len(note) < 160 and "\n" not in note


def _stored_air_squats(tmp_path, capsys):
    t, f = _bodyweight_squats()
    p = tmp_path / "air_squats.csv"
    p.write_text("time_s,force_n\n" + "".join(f"{a:.3f},{b:.1f}\n" for a, b in zip(t, f, strict=True)))
    lib = tmp_path / "lib"
    assert main(["--data-dir", str(lib), "import", str(p)]) == 0
    capsys.readouterr()
    (session,) = (lib / "sessions").rglob("*.parquet")
    return lib, session


def test_analyze_of_a_stored_session_with_no_reps_says_why(tmp_path, capsys):
    """The stored analysis printed an empty table with no word (--reanalyse printed the note)."""
    _, session = _stored_air_squats(tmp_path, capsys)
    assert main(["analyze", str(session)]) == 0
    stored = capsys.readouterr()
    assert "reps 0" in stored.out
    assert stored.err.count("\n") == 1 and "no reps or jumps found in 30 s of samples: no bar was taken" in stored.err
    assert main(["analyze", "--reanalyse", str(session)]) == 0
    assert capsys.readouterr().err == stored.err       # the same note either way
    assert main(["analyze", "--format", "json", str(session)]) == 0
    assert capsys.readouterr().err == ""               # a machine format: no note


def test_sessions_show_and_export_of_a_session_with_no_reps_say_so(tmp_path, capsys, monkeypatch):
    """`sessions show` listed no set and no rep without a word; `export` wrote a file of column
    names alone and said only 'exported to'."""
    lib, session = _stored_air_squats(tmp_path, capsys)
    assert main(["--data-dir", str(lib), "sessions", "show", session.stem]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == ("  no reps or jumps found - no bar was taken: the force stays at the athlete's "
                                    "weight (80.0 kg) and no bodyweight rep was read; a jump needs a flight off the "
                                    "plate (docs/jumps.md)")
    monkeypatch.chdir(tmp_path)
    for name in ("reps.csv", "reps.parquet"):
        assert main(["--data-dir", str(lib), "export", "--out", name]) == 0
        err = capsys.readouterr().err
        assert f"eccentric: note: no reps or jumps in the session {session.stem}: {name} has no rows" in err
        assert err.count("\n") == 2 and f"exported to {name}" in err
    assert (tmp_path / "reps.csv").read_text().count("\n") == 1     # the header alone, as said
