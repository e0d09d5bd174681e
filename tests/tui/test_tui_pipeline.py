"""The live pipeline on its own thread: a busy UI thread must not cost a recorded sample."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from forceplate.registry import create_reader
from tui import parts
from tui.messages import PlateStatus, RecordingSaved
from tui.parts import NoAnalysis
from tui.pipeline import LivePipeline
from tui.setup_state import SessionSetup


@pytest.mark.parametrize("seed", [1, 9])
def test_busy_ui_thread_costs_no_recorded_sample(tmp_path: Path, seed: int) -> None:
    reader = create_reader("mock", seed=seed, realtime=True)
    posted: list[object] = []
    setup = SessionSetup(athlete=f"a{seed}")
    pipe = LivePipeline(reader, lambda info: NoAnalysis(), posted.append,
                        make_recorder=lambda info, meta=None: parts.make_recorder(
                            tmp_path, info, meta or parts.make_meta(info, setup, None, None)))
    pipe.start()
    pipe.start_recording(None)
    deadline = time.perf_counter() + 1.5
    spins = 0
    while time.perf_counter() < deadline:   # a UI thread busy in pure Python (holds the GIL often)
        spins += sum(i * i for i in range(2000)) > 0
    time.sleep(0.3)
    pipe.stop_recording()
    for _ in range(100):
        if any(isinstance(m, RecordingSaved) for m in posted):
            break
        time.sleep(0.05)
    pipe.stop()
    saved = [m for m in posted if isinstance(m, RecordingSaved)]
    assert saved and saved[0].path is not None
    stored = parts.read_session(saved[0].path)
    seq = stored.block.seq
    assert len(seq) >= 1500, "about 1.8 s at 1 kHz"
    assert np.all(np.diff(seq) == 1), "no sample lost while the UI thread was busy"
    assert any(isinstance(m, PlateStatus) for m in posted)
