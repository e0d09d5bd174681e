"""ReplayReader: a saved session back through the Reader interface, paced, paused, seeked."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from test_sessions_support import blocks_equal, make_block, meta, plate_info

from forceplate.errors import BadInputError, EccentricError
from forceplate.reader import Connection
from forceplate.samples import Flags, SampleBlock
from sessions.replay import ReplayReader
from sessions.session_file import write_session


@pytest.fixture
def session(tmp_path):
    def make(seconds: float, rate: float = 1000.0, seed: int = 0, simulated: bool = True):
        info = plate_info(4, rate, simulated=simulated)
        block = make_block(np.random.default_rng(seed), int(seconds * rate), info, start_seq=int(rate * 7), gaps=True)
        return write_session(tmp_path / f"s{seed}.parquet", meta(), info, block), info, block
    return make


def _drain(r: ReplayReader) -> list[SampleBlock]:
    out = []
    while (b := r.read(0.05)) is not None or r.running:
        if b is not None:
            out.append(b)
    return out


@pytest.mark.parametrize(("seed", "rate"), [(0, 1000.0), (1, 500.0)])
def test_fast_replay_gives_back_every_sample_exactly(session, seed, rate):
    path, info, block = session(8, rate, seed)
    with ReplayReader(path, realtime=False) as r:
        assert r.info.simulated and r.info.channels == info.channels
        assert r.info.extra["replay"] == str(path)
        got = _drain(r)
        assert r.status().connection == Connection.ENDED and not r.running
    assert len(got) > 1
    assert blocks_equal(SampleBlock.concat(got), block)


@pytest.mark.parametrize("speed", [4.0, 10.0])
def test_realtime_pacing_follows_speed(session, speed):
    path, _, block = session(4.0)
    r = ReplayReader(path, speed=speed)
    r.open()
    t0 = time.monotonic()
    got = _drain(r)
    wall = time.monotonic() - t0
    expected = r.duration_s / speed
    assert expected * 0.9 <= wall <= expected + 0.6
    assert sum(len(b) for b in got) == len(block)
    assert r.position_s == pytest.approx(r.duration_s)


def test_pause_resume_and_speed_change(session):
    path, _, _ = session(30.0)
    r = ReplayReader(path, speed=5.0)
    r.open()
    time.sleep(0.3)
    r.read(0.05)
    r.pause()
    assert r.paused
    while r.read(0.01) is not None:   # hands over what was due before the pause
        pass
    pos = r.position_s
    time.sleep(0.3)
    assert r.read(0.1) is None and r.position_s == pos
    r.resume()
    r.speed = 20.0
    t0 = time.monotonic()
    while time.monotonic() - t0 < 0.3:
        r.read(0.05)
    assert pos + 0.3 * 20 * 0.8 < r.position_s < pos + (time.monotonic() - t0) * 20 + 0.1


def test_seek_jumps_and_marks_the_jump(session):
    path, _, block = session(20.0)
    r = ReplayReader(path, realtime=False)
    r.open()
    first = r.read()
    r.seek(12.5)
    b = r.read()
    assert b is not None and b.flags[0] & Flags.DROPPED
    assert b.time_s[0] - block.time_s[0] == pytest.approx(12.5, abs=0.03)
    r.seek(-5)
    assert r.read().time_s[0] == block.time_s[0]
    _drain(r)
    r.seek(1.0)   # after the end: playing again
    assert r.running and r.read() is not None
    assert first is not None


def test_controls_from_another_thread_while_reading(session):
    path, _, _ = session(20.0)
    r = ReplayReader(path, speed=50.0)
    r.open()
    stop = threading.Event()

    def poke():
        i = 0
        while not stop.is_set():
            k = i % 4
            if k == 0:
                r.pause()
            elif k == 1:
                r.resume()
            elif k == 2:
                r.seek(i % 15)
            else:
                r.speed = 1 + i % 40
            i += 1
            time.sleep(0.003)

    t = threading.Thread(target=poke)
    t.start()
    try:
        end = time.monotonic() + 1.0
        while time.monotonic() < end:
            b = r.read(0.02)
            assert b is None or (len(b) > 0 and np.all(np.diff(b.time_s) > 0))
    finally:
        stop.set()
        t.join()


def test_bad_options_and_files(tmp_path, session):
    path, _, _ = session(1.0)
    with pytest.raises(EccentricError, match="speed"):
        ReplayReader(path, speed="fast")
    with pytest.raises(EccentricError, match="range"):
        ReplayReader(path, speed=0)
    bad = tmp_path / "bad.parquet"
    bad.write_text("time_s,fz_n\n")
    with pytest.raises(BadInputError, match="bad.parquet"):
        ReplayReader(bad).open()
    assert ReplayReader(path, speed="2", realtime="false").realtime is False


@pytest.mark.parametrize("seek_to", [None, 2.5, 7.9])
def test_long_sessions_start_from_the_first_row_group(tmp_path, monkeypatch, seek_to):
    import sessions.session_file as SF

    monkeypatch.setattr(SF, "ROW_GROUP_ROWS", 1000)   # many row groups in a small file
    info = plate_info(2, 1000.0)
    block = make_block(np.random.default_rng(4), 8000, info, gaps=True)
    path = write_session(tmp_path / "long.parquet", meta(), info, block)
    r = ReplayReader(path, realtime=False)
    r.open()
    assert r.duration_s == pytest.approx(block.time_s[-1] - block.time_s[0])
    if seek_to is not None:
        r.seek(seek_to)
    got = _drain(r)
    assert not r.loading
    whole = SampleBlock.concat(got)
    if seek_to is None:
        assert blocks_equal(whole, block)
    else:
        assert whole.time_s[0] - block.time_s[0] == pytest.approx(seek_to, abs=0.05)
        assert np.array_equal(whole.seq, block.seq[-len(whole):])
    assert len(r.session.block) == len(block)


def test_a_damaged_tail_still_plays_the_start(tmp_path, monkeypatch):
    import sessions.replay as RP
    import sessions.session_file as SF

    monkeypatch.setattr(SF, "ROW_GROUP_ROWS", 1000)
    info = plate_info(2, 1000.0)
    block = make_block(np.random.default_rng(5), 5000, info)
    path = write_session(tmp_path / "long.parquet", meta(), info, block)
    real = RP.read_session

    def failing(p, row_groups=None, salvage=False):
        if row_groups is None:
            raise BadInputError(f"{p}: corrupt data (test)")
        return real(p, row_groups=row_groups, salvage=salvage)

    monkeypatch.setattr(RP, "read_session", failing)
    r = ReplayReader(path, realtime=False)
    r.open()
    got = _drain(r)
    assert sum(len(b) for b in got) == 1000 and "could not be read" in r.status().message
