"""The live pipeline on its own thread: a busy UI thread must not cost a recorded sample."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from forceplate.registry import create_reader
from forceplate.samples import SampleBlock
from tui import parts
from tui.messages import PlateStatus, RecordingSaved
from tui.parts import NoAnalysis
from tui.pipeline import READ_PERIOD_S, LivePipeline
from tui.setup_state import SessionSetup


def _recording_pipe(tmp_path: Path, athlete: str, seed: int = 3, realtime: bool = False,
                    analysed: bool = False) -> tuple[LivePipeline, list[object]]:
    """A pipeline on the simulated plate whose recordings go to tmp_path (not yet opened)."""
    from forceplate.analysis import Analyser, AnalysisConfig

    reader = create_reader("mock", seed=seed, realtime=realtime)
    posted: list[object] = []
    setup = SessionSetup(athlete=athlete)
    analyser = (lambda info: Analyser(info, AnalysisConfig())) if analysed else (lambda info: NoAnalysis())
    pipe = LivePipeline(reader, analyser, posted.append,
                        make_recorder=lambda info, meta=None: parts.make_recorder(
                            tmp_path, info, meta or parts.make_meta(info, setup, None, None)))
    return pipe, posted


@pytest.mark.parametrize("seed", [1, 9])
def test_busy_ui_thread_costs_no_recorded_sample(tmp_path: Path, seed: int) -> None:
    pipe, posted = _recording_pipe(tmp_path, f"a{seed}", seed=seed, realtime=True, analysed=False)
    pipe.start()
    pipe.start_recording(None)
    deadline = time.perf_counter() + 1.5
    spins = 0
    while time.perf_counter() < deadline:   # a UI thread busy in pure Python (holds the GIL often)
        spins += sum(i * i for i in range(2000)) > 0
    time.sleep(0.3)
    seq = _stop_and_read(pipe, posted).block.seq
    assert len(seq) >= 1500, "about 1.8 s at 1 kHz"
    assert np.all(np.diff(seq) == 1), "no sample lost while the UI thread was busy"
    assert any(isinstance(m, PlateStatus) for m in posted)


class _CountingReader:
    """A plate reader wrapper that counts the reads that returned samples."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.reads = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def read(self, timeout_s: float = 0.1) -> SampleBlock | None:
        block = self.inner.read(timeout_s)
        self.reads += block is not None
        return block


def _piece(b: SampleBlock, i: int, j: int) -> SampleBlock:
    return SampleBlock(b.time_s[i:j], b.values[i:j], b.seq[i:j], b.flags[i:j],
                       None if b.counts is None else b.counts[i:j])


class _DrippingReader(_CountingReader):
    """Hands out what the plate sent at most 4 samples a read, like a plug-in that returns one
    USB report per call: the pipeline must not fall behind it."""

    def __init__(self, inner: Any) -> None:
        super().__init__(inner)
        self.backlog: list[SampleBlock] = []
        self.handed = 0

    def read(self, timeout_s: float = 0.1) -> SampleBlock | None:
        if not self.backlog:
            block = self.inner.read(timeout_s)
            if block is None:
                return None
            self.backlog = [_piece(block, i, i + 4) for i in range(0, len(block), 4)]
        self.handed += len(self.backlog[0])
        return self.backlog.pop(0)


def test_pipeline_reads_the_plate_in_batches_and_loses_nothing() -> None:
    reader = _CountingReader(create_reader("mock", seed=3, realtime=True))   # 8-ms blocks when read as due
    pipe = LivePipeline(reader, lambda info: NoAnalysis(), lambda msg: None)   # type: ignore[arg-type]
    pipe.start()
    time.sleep(1.5)
    pipe.stop()
    sent = reader.inner.status().samples
    assert sent >= 1000, "1.5 s at 1 kHz"
    assert pipe.ring.total == sent, "every sample the plate sent reached the chart's buffer"
    assert reader.reads <= 1.5 / READ_PERIOD_S + 5, "at most one read a period (not one per 8-ms block)"


def test_pipeline_keeps_up_with_a_reader_that_hands_out_small_blocks() -> None:
    reader = _DrippingReader(create_reader("mock", seed=4, realtime=True))
    pipe = LivePipeline(reader, lambda info: NoAnalysis(), lambda msg: None)   # type: ignore[arg-type]
    pipe.start()
    time.sleep(1.5)
    pipe.stop()
    assert reader.handed >= 1000
    assert pipe.ring.total == reader.handed
    left = sum(len(b) for b in reader.backlog)
    assert left <= 40, f"{left} samples still waiting: the pipeline fell behind the plate"


def test_pipeline_reads_an_unpaced_source_without_pauses() -> None:
    reader = _CountingReader(create_reader("mock", seed=5, realtime=False))   # 100-ms blocks, no clock
    pipe = LivePipeline(reader, lambda info: NoAnalysis(), lambda msg: None)   # type: ignore[arg-type]
    pipe.start()
    time.sleep(1.0)
    pipe.stop()
    assert pipe.time_s > 3 * 1.0 / READ_PERIOD_S * 0.1, "more than 3x what one 100-ms block a period gives"


def _stop_and_read(pipe: LivePipeline, posted: list[object]) -> Any:
    """Stop the recording and the pipeline; the saved session, read back."""
    pipe.stop_recording()
    for _ in range(100):
        if any(isinstance(x, RecordingSaved) for x in posted):
            break
        time.sleep(0.05)
    pipe.stop()
    saved = [x for x in posted if isinstance(x, RecordingSaved)]
    assert saved and saved[-1].path is not None, saved and saved[-1].error
    return parts.read_session(saved[-1].path)


def test_a_disk_full_for_a_while_warns_and_goes_on_recording(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The recorder holds samples in memory while the disk refuses them and writes them when
    it takes them again. The dashboard dropped the recorder at its first error, without
    stopping it: every later sample and the held ones were lost, and the journal was left
    unfinished. Now it warns once and records on; the saved session has every sample."""
    import errno
    import os

    from sessions import journal_writer as JW
    from tui.messages import PipelineFault

    monkeypatch.setattr(JW, "RETRY_INTERVAL_S", 0.02)
    pipe, posted = _recording_pipe(tmp_path, "full", seed=2, realtime=False, analysed=False)
    pipe.open()
    pipe.start_recording(None)
    real_write = os.write
    full = {"on": False}

    def write(fd: int, buf: Any) -> int:
        rec = pipe.recorder
        if full["on"] and rec is not None and fd in (rec._fd, rec._events_fd):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, buf)

    monkeypatch.setattr(os, "write", write)

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            pipe.step(timeout_s=0.0)
            time.sleep(0.005)

    pump(0.3)
    full["on"] = True
    pump(0.5)
    assert pipe.recording, "a disk full for a moment does not end the recording"
    assert any(isinstance(x, PipelineFault) and "disk full" in x.text for x in posted)
    full["on"] = False
    pump(0.3)
    seq = _stop_and_read(pipe, posted).block.seq
    assert seq[0] == 0 and np.all(np.diff(seq) == 1)


def test_a_failed_setup_change_while_recording_is_told_and_loses_nothing(tmp_path: Path) -> None:
    """Recorder.reconfigure failing (the new settings cannot be stored with the recording) was
    suppressed: the coach believed the saved session judged by the new targets. Now one line
    says so, and the recording goes on with every sample."""
    from forceplate.analysis import Analyser, AnalysisConfig
    from tui.messages import PipelineFault, PipelineReset

    pipe, posted = _recording_pipe(tmp_path, "cfg", seed=3, realtime=False, analysed=True)
    pipe.open()
    pipe.start_recording(None)
    for _ in range(20):
        pipe.step(timeout_s=0.0)
    rec = pipe.recorder
    assert rec is not None

    def refuse(config: Any) -> None:
        raise ValueError("the settings cannot be stored\nsecond line")

    rec.reconfigure = refuse   # type: ignore[method-assign]
    new = SessionSetup(athlete="cfg").with_changes(ecc_target_s=4.0, load_kg=60.0)    # the setup screen retitles, then reconfigures
    pipe.command("retitle", parts.make_meta(pipe.info, new, None, None))
    before = len(posted)
    pipe.reconfigure(lambda info: Analyser(info, AnalysisConfig(ecc_target_s=4.0)))
    faults = [x for x in posted if isinstance(x, PipelineFault)]
    assert len(faults) == 1 and faults[0].severity == "warning" and "\n" not in faults[0].text
    # the warning said "saved with its earlier settings": the new targets and load are saved; the analysis is not
    assert "stored analysis keeps the earlier settings" in faults[0].text and "cannot be stored" in faults[0].text
    assert pipe.recording
    # the live view judged the recording again by the new settings while the saved session
    # keeps the earlier ones: now the live analysis goes on unchanged, as the saved one
    assert pipe.analyser.config.ecc_target_s == AnalysisConfig().ecc_target_s
    assert not any(isinstance(x, PipelineReset) for x in posted[before:])
    for _ in range(20):
        pipe.step(timeout_s=0.0)
    stored = _stop_and_read(pipe, posted)
    seq = stored.block.seq
    assert seq[0] == 0 and np.all(np.diff(seq) == 1) and seq.size >= 20
    assert stored.meta.targets["ecc_target_s"] == 4.0 and stored.meta.load_kg == 60.0        # the new setup
    assert stored.meta.analysis["ecc_target_s"] == AnalysisConfig().ecc_target_s != 4.0       # the earlier analysis


def _no_journal(self, timeout_s=2.0):
    return None


def _journal_too_big(self, timeout_s=2.0):
    raise MemoryError   # a long journal on a small machine: the pipeline thread lives on


@pytest.mark.parametrize("read_back", [_no_journal, _journal_too_big])
def test_a_setup_change_while_the_journal_cannot_be_read_back_says_the_numbering_restarts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, read_back) -> None:
    """The live analysis takes a setup change by reading the recording back from its journal;
    where it cannot (the disk refuses: samples wait in memory), the live table numbers from
    set 1 again, and the screen says so and that the saved session numbers the whole recording."""
    from forceplate.analysis import Analyser, AnalysisConfig
    from sessions import recorder as R
    from tui.messages import PipelineFault, PipelineReset
    from tui.pipeline_recording import RESTARTS

    pipe, posted = _recording_pipe(tmp_path, "back", seed=3, realtime=False, analysed=True)
    pipe.open()
    pipe.start_recording(None)
    for _ in range(20):
        pipe.step(timeout_s=0.0)
    monkeypatch.setattr(R.Recorder, "samples_so_far", read_back)
    pipe.reconfigure(lambda info: Analyser(info, AnalysisConfig(ecc_target_s=4.0)))
    faults = [x for x in posted if isinstance(x, PipelineFault)]
    assert [f.text for f in faults] == [RESTARTS] and faults[0].severity == "warning"
    assert isinstance(posted[-1], PipelineReset) and posted[-1].keep_reps
    assert pipe.recording and pipe.analyser.config.ecc_target_s == 4.0
    for _ in range(20):
        pipe.step(timeout_s=0.0)
    stored = _stop_and_read(pipe, posted)
    assert stored.meta.analysis["ecc_target_s"] == 4.0


def test_samples_so_far_are_every_sample_appended(tmp_path: Path) -> None:
    pipe, posted = _recording_pipe(tmp_path, "back", seed=3, realtime=False, analysed=False)
    pipe.open()
    pipe.start_recording(None)
    rec = pipe.recorder
    assert rec is not None and len(rec.samples_so_far()) == 0
    for _ in range(30):
        pipe.step(timeout_s=0.0)
    block = rec.samples_so_far()
    assert block is not None and len(block) == rec.samples_written > 0
    assert block.seq[0] == 0 and np.all(np.diff(block.seq) == 1)
    assert block.time_s[-1] == pytest.approx(pipe.time_s)
    _stop_and_read(pipe, posted)


def test_a_setup_change_in_a_recording_too_long_to_read_back_in_time_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading the recording back holds the plate's reads (1 s per 20 min at 1 kHz): past
    MAX_READ_BACK_S it is not done - the screen says the live numbering restarts - and no
    sample is lost."""
    from forceplate.analysis import Analyser, AnalysisConfig
    from tui import pipeline_recording as PR
    from tui.messages import PipelineFault

    monkeypatch.setattr(PR, "MAX_READ_BACK_S", 0.5)
    pipe, posted = _recording_pipe(tmp_path, "long", seed=3, realtime=False, analysed=True)
    pipe.open()
    pipe.start_recording(None)
    pipe.pump(3.0)
    for _ in range(100):   # the writer thread hands the samples to the OS
        if pipe.recorder.samples_written > 1000:
            break
        time.sleep(0.01)
    pipe.reconfigure(lambda info: Analyser(info, AnalysisConfig(ecc_target_s=4.0)))
    faults = [x.text for x in posted if isinstance(x, PipelineFault)]
    assert len(faults) == 1 and "too long to judge again live" in faults[0]
    pipe.pump(6.0)
    seq = _stop_and_read(pipe, posted).block.seq
    assert seq[0] == 0 and np.all(np.diff(seq) == 1)
