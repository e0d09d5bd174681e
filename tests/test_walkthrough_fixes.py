"""Things a new coach met on a first day (odd input, damaged files), each fixed where it read wrongly."""

from __future__ import annotations

import random
from pathlib import Path

import polars as pl
import pytest

from eccentric.cli import main
from sessions.library import Library


def _record(data: Path, athlete: str, seed: int) -> Path:
    assert main(["--data-dir", str(data), "record", "--reader", "mock", "-o", "realtime=false", "-o", f"seed={seed}",
                 "--seconds", "12", "--athlete", athlete]) == 0
    return next(s.path for s in Library(data).list() if s.athlete == athlete)


def _damage_samples(path: Path) -> None:
    """Flip bytes in the sample pages (the first half of the file), leaving the footer whole."""
    d = bytearray(path.read_bytes())
    rnd = random.Random(2)
    for _ in range(200):
        d[rnd.randrange(200, len(d) // 2)] ^= 0x5A
    path.write_bytes(bytes(d))


def test_export_of_the_library_skips_a_session_whose_samples_are_damaged(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    good = _record(tmp_path, "Ana", 1)
    bad = _record(tmp_path, "Bo", 2)
    _damage_samples(bad)
    capsys.readouterr()
    out = tmp_path / "season.csv"
    assert main(["--data-dir", str(tmp_path), "export", "--samples", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "skipped" in err and bad.name in err and "Traceback" not in err
    reps = pl.read_csv(out)
    samples = pl.read_csv(tmp_path / "season_samples.csv")
    assert set(reps["session"]) == {good.stem} and set(samples["session"]) == {good.stem}
    # asked for by name, the damaged session is a one-line error
    assert main(["--data-dir", str(tmp_path), "export", "--samples", "--out", str(out), "--force", f"Bo/{bad.stem}"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "corrupt" in err


def test_a_force_column_in_kn_labelled_n_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A jump written in kN under 'Force (N)' read as 0 reps with no reason; now inspect, analyze and
    import say the force never reaches a person's weight and what that means."""
    import import_synth as S

    tr = S.jump_trace(seed=3)
    src = tmp_path / "cmj.csv"
    pl.DataFrame({"time_s": tr.t, "Force (N)": tr.fz / 1000}).write_csv(src)
    for cmd in (["inspect", str(src)], ["analyze", str(src)], ["--data-dir", str(tmp_path / "d"), "import", str(src)]):
        assert main(cmd) == 0
        out, err = capsys.readouterr()
        assert "never exceeds" in out + err and "not in newtons" in out + err, out + err
    capsys.readouterr()
    good = tmp_path / "cmj_n.csv"
    pl.DataFrame({"time_s": tr.t, "Force (N)": tr.fz}).write_csv(good)
    assert main(["--data-dir", str(tmp_path / "d"), "import", str(good)]) == 0
    err = capsys.readouterr().err
    assert err.rstrip().endswith(": 1 jump") and "newtons" not in err


def test_a_failed_save_says_what_to_do_for_its_own_cause(tmp_path: Path) -> None:
    """A read-only data folder was told to "free some space"; only a full disk is."""
    from forceplate.errors import DiskError
    from forceplate.samples import ChannelInfo, ReaderInfo
    from sessions.meta import SessionMeta
    from sessions.recorder import Recorder

    info = ReaderInfo(reader="t", name="p", serial="", channels=(ChannelInfo("fz"),), sample_rate_hz=1000.0)
    rec = Recorder(tmp_path / "ro", info, SessionMeta.for_reader(info))
    kept = tmp_path / "x.journal"
    rec.error = DiskError(f"cannot write {tmp_path / 'ro'}/journal: read-only file system")
    hint = rec.recover_hint(kept)
    assert "free some space" not in hint and "writable" in hint
    assert f"eccentric --data-dir {tmp_path / 'ro'} sessions recover {kept}" in hint
    rec.error = DiskError(f"disk full: cannot journal to {tmp_path / 'ro'}/journal")
    assert rec.recover_hint(kept).startswith("free some space, then run `eccentric --data-dir")


def test_one_sample_is_one_sample(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "record", "--reader", "mock", "-o", "realtime=false",
                 "--seconds", "0.0001"]) == 0
    assert "saved 1 sample, 0 reps" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path), "sessions", "show", "latest"]) == 0
    assert "1 sample at 1000 Hz" in capsys.readouterr().out


def test_importing_a_samples_export_of_several_sessions_says_why_it_cannot(tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """It read "the time does not increase (line N): choose the time column" - the time column was right."""
    _record(tmp_path / "a", "Ana", 1)
    _record(tmp_path / "a", "Bo", 2)
    assert main(["--data-dir", str(tmp_path / "a"), "export", "--samples", "--out", str(tmp_path / "all.csv")]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path / "b"), "import", str(tmp_path / "all_samples.csv")]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "starts again" in err and "export one session" in err
