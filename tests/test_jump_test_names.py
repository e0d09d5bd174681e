"""A session whose every rep is a jump is a jump test: its file is named as one (no `_exercise_normal`:
no coaching method applies), imported or recorded; sessions named the old way still load."""

from __future__ import annotations

from pathlib import Path

import import_synth as S
import numpy as np
import pytest

from eccentric.cli import main
from forceplate.samples import ChannelInfo, ReaderInfo, SampleBlock
from sessions.library import Library
from sessions.meta import SessionMeta
from sessions.session_file import read_session


@pytest.mark.parametrize("writer", [S.write_hawkin_py, S.write_vernier_ga])
def test_an_imported_jump_file_is_named_a_jump_test(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     writer: object) -> None:
    src = writer(tmp_path / "cmj.csv", S.jump_trace(seed=4))   # type: ignore[operator]
    assert main(["--data-dir", str(tmp_path / "d"), "import", str(src), "--athlete", "Ana"]) == 0
    [s] = Library(tmp_path / "d").list()
    assert s.path.stem.endswith("_jump_test") and "normal" not in s.path.stem, s.path
    assert s.reps == s.jumps >= 1
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path / "d"), "sessions", "list"]) == 0
    out = capsys.readouterr().out
    assert f"Ana/{s.path.stem}" in out and "jump test" in out
    # a second import of the same second (--again: the same file) gets its own name; renaming the
    # exercise keeps "jump_test"
    assert main(["--data-dir", str(tmp_path / "d"), "import", str(src), "--athlete", "Ana", "--again"]) == 0
    names = sorted(x.path.stem for x in Library(tmp_path / "d").list())
    assert names[1] == names[0] + "_2"
    assert main(["--data-dir", str(tmp_path / "d"), "sessions", "rename", f"Ana/{names[1]}", "--exercise",
                 "leg_press"]) == 0
    stems = {x.path.stem for x in Library(tmp_path / "d").list()}
    assert any(st.endswith("_leg_press_jump_test") for st in stems), stems


def test_a_strength_import_keeps_its_method_name(tmp_path: Path) -> None:
    """Only an all-jump session is a jump test."""
    assert main(["--data-dir", str(tmp_path / "a"), "record", "--reader", "mock", "-o", "realtime=false",
                 "--seconds", "25", "--method", "slow_negatives"]) == 0
    assert main(["--data-dir", str(tmp_path / "a"), "export", "--samples", "--out", str(tmp_path / "x.csv")]) == 0
    [src] = tmp_path.glob("x_samples.csv")
    assert main(["--data-dir", str(tmp_path / "d"), "import", str(src), "--method", "slow_negatives"]) == 0
    [s] = Library(tmp_path / "d").list()
    assert s.path.stem.endswith("_exercise_slow_negatives") and s.reps > s.jumps


def test_a_recorded_jump_test_is_named_one_and_old_names_still_load(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from sessions.recorder import Recorder
    from sessions.store import SessionPaths, save_session

    tr = S.jump_trace(seed=5)
    info = ReaderInfo(reader="test", name="plate", serial="", channels=(ChannelInfo("fz"),), sample_rate_hz=1000.0)
    seq = np.arange(tr.fz.size)
    block = SampleBlock(seq / 1000.0, tr.fz[:, None], seq, np.zeros(seq.size, np.uint8))
    rec = Recorder(tmp_path, info, SessionMeta.for_reader(info, athlete="Bo")).start()
    rec.append(block)
    path = rec.stop()
    assert rec.error is None and path.exists() and path.stem.endswith("_jump_test"), path
    assert not list((tmp_path / "journal").iterdir())        # no placeholder left behind
    stored = read_session(path)
    assert len(stored.block) == tr.fz.size and stored.reps.height >= 1
    # a session saved under the old name (before this change) lists, shows and analyses
    old = SessionPaths(tmp_path, "Bo", "2026-01-02_100000_exercise_normal")
    save_session(old, stored.meta, stored.info, stored.block, stored.reps.to_dicts(), stored.sets.to_dicts())
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "sessions", "show", "Bo/2026-01-02_100000_exercise_normal"]) == 0
    assert main(["--data-dir", str(tmp_path), "analyze", str(old.session)]) == 0
    assert "jump test" in capsys.readouterr().out


def test_sessions_show_and_list_read_a_jump_test_as_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = S.write_hawkin_py(tmp_path / "cmj.csv", S.jump_trace(seed=6))
    assert main(["--data-dir", str(tmp_path), "import", str(src), "--athlete", "Ana"]) == 0
    [s] = Library(tmp_path).list()
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "sessions", "show", s.name]) == 0
    out = capsys.readouterr().out
    assert "Ana - jumps - jump test" in out and "set 1: 1 jump" in out and "normal" not in out and "1 rep" not in out
    assert main(["--data-dir", str(tmp_path), "sessions", "list"]) == 0
    out = capsys.readouterr().out
    assert f"  {round(s.duration_s)} s  1 jump" in out and "min" not in out   # a 5-s trial, not "0.1 min"
    assert main(["--data-dir", str(tmp_path), "analyze", s.name]) == 0
    out = capsys.readouterr().out
    assert "set 1: 1 jump," in out and "1 jumps" not in out   # analyze wrote "1 jumps"


def test_the_report_names_a_jump_test_as_one(tmp_path: Path) -> None:
    src = S.write_hawkin_py(tmp_path / "cmj.csv", S.jump_trace(seed=7))
    assert main(["--data-dir", str(tmp_path), "import", str(src), "--athlete", "Ana"]) == 0
    assert main(["--data-dir", str(tmp_path), "report", "latest", "--out", str(tmp_path / "r")]) == 0
    html = (tmp_path / "r" / "report.html").read_text()
    assert "Ana · jumps · jump test" in html and "Set 1: 1 jump<" in html
    assert "exercise · normal" not in html and ">0%<" not in html   # a jump is never "on target" or off it


def test_a_crash_after_saving_a_jump_test_does_not_save_it_twice(tmp_path: Path) -> None:
    """The journal's own name is not the jump test's: its recovery must still find the session
    saved before the crash (between writing it and removing the journal) and not write a copy."""
    import shutil
    import time

    from sessions.journal import events_path
    from sessions.recorder import Recorder
    from sessions.recovery import journal_to_session

    tr = S.jump_trace(seed=8)
    info = ReaderInfo(reader="test", name="plate", serial="", channels=(ChannelInfo("fz"),), sample_rate_hz=1000.0)
    seq = np.arange(tr.fz.size)
    rec = Recorder(tmp_path, info, SessionMeta.for_reader(info, athlete="Cy")).start()
    rec.append(SampleBlock(seq / 1000.0, tr.fz[:, None], seq, np.zeros(seq.size, np.uint8)))
    for _ in range(200):
        if rec.samples_written == seq.size:
            break
        time.sleep(0.02)
    journal = rec.journal_path
    kept = tmp_path / "kept"
    kept.mkdir()
    for f in (journal, events_path(journal)):
        shutil.copy(f, kept / f.name)
    path = rec.stop()
    assert path.stem.endswith("_jump_test") and not journal.exists()
    for f in (journal, events_path(journal)):      # as if the process died before removing it
        shutil.copy(kept / f.name, f)
    assert journal_to_session(journal, tmp_path) == path
    assert [s.path for s in Library(tmp_path).list()] == [path] and not journal.exists()


def test_the_method_filter_takes_jump_test(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A jump test is filtered as shown: `--method jump_test` finds it, `--method normal` does not."""
    src = S.write_hawkin_py(tmp_path / "cmj.csv", S.jump_trace(seed=9))
    assert main(["--data-dir", str(tmp_path), "import", str(src), "--athlete", "Ana"]) == 0
    assert main(["--data-dir", str(tmp_path), "record", "--reader", "mock", "-o", "realtime=false",
                 "--seconds", "3", "--athlete", "Ana"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "sessions", "list", "--method", "jump_test"]) == 0
    out = capsys.readouterr().out
    assert "_jump_test" in out and "_exercise_normal" not in out
    assert main(["--data-dir", str(tmp_path), "sessions", "list", "--method", "normal"]) == 0
    out = capsys.readouterr().out
    assert "_jump_test" not in out and "_exercise_normal" in out
