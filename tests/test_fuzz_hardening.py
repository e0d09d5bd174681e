"""The hardening fuzz suite (issue 13): random loaders, command lines, metadata, names and
special files through eccentric's own main(), plus names and metadata fields through the API.
Nothing may end in a traceback, an internal error, a numpy warning, an undocumented exit code
or a hang. Modest example counts here; `python benchmarks/fuzz_long.py` runs 10,000+ cases."""

from __future__ import annotations

import math
import os
import signal
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from fuzz_cases import GENERATORS, run_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_sessions_support import blocks_equal, make_block, meta, plate_info

from forceplate.errors import EccentricError
from sessions import names as N
from sessions.library import Library
from sessions.recorder import Recorder
from sessions.session_file import read_meta, read_session

EXAMPLES = int(os.environ.get("ECCENTRIC_FUZZ_EXAMPLES", "12"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
HANG_S = 30.0


class Hang(Exception):
    pass


def _watched(kind: str, seed: int, work: Path) -> list[str]:
    """run_case on this (main) thread - `record` installs signal handlers - with SIGALRM as the
    watchdog: it interrupts even a blocking open() of a FIFO, so a hang fails the test."""
    def alarm(signum, frame):  # type: ignore[no-untyped-def]
        raise Hang(f"hang over {HANG_S:.0f} s: {kind} seed {seed}")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(int(HANG_S))
    try:
        return run_case(kind, seed, work)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("kind", sorted(GENERATORS))
@FUZZ
@given(seed=st.integers(0, 2**32 - 1))
def test_random_cases_through_the_cli(tmp_path_factory, kind, seed):
    work = tmp_path_factory.mktemp(kind)
    assert _watched(kind, seed, work) == []


# --- names and metadata fields through the API ----------------------------------------------

NAME = st.text(st.characters(codec=None, exclude_categories=["Cn"]), max_size=40) | st.sampled_from(
    ["[/]", "王力", "Zoe\u0308", "\x1b]0;x\x07", os.fsdecode(b"Jos\xe9"), "x" * 300, "..", "a\nb"])


@FUZZ
@given(athlete=NAME, exercise=NAME)
def test_any_name_is_stored_exactly_found_again_and_shown_safely(tmp_path_factory, athlete, exercise):
    root = tmp_path_factory.mktemp("names")
    info = plate_info(1)
    block = make_block(np.random.default_rng(0), 300, info)
    rec = Recorder(root, info, meta(athlete=athlete, exercise=exercise)).start()
    rec.append(block)
    path = rec.stop()
    assert rec.error is None and blocks_equal(read_session(path).block, block)
    assert read_meta(path).athlete == athlete and read_meta(path).exercise == exercise
    assert [s.path for s in Library(root).list(athlete=athlete)] == [path]
    assert [s.path for s in Library(root).list(athlete=unicodedata.normalize("NFD", athlete).upper())] == [path] \
        or N.key(unicodedata.normalize("NFD", athlete).upper()) != N.key(athlete)
    shown = N.display(athlete)
    assert not any(unicodedata.category(c) in ("Cc", "Cs") for c in shown)
    N.utf8(athlete).encode("utf-8")
    assert path.resolve().is_relative_to(root.resolve())


FLOATS = st.floats(allow_nan=True, allow_infinity=True) | st.none()
OFFSETS = st.integers(-23 * 60, 23 * 60).map(lambda m: timezone(timedelta(minutes=m)))
WHEN = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31), timezones=st.none() | OFFSETS)


@FUZZ
@given(load=FLOATS, body=FLOATS, rate=st.floats(allow_nan=True, allow_infinity=True), when=WHEN,
       scale=st.floats(allow_nan=True, allow_infinity=True), offset=st.floats(allow_nan=True, allow_infinity=True))
def test_any_metadata_saves_and_reads_back_or_is_refused_cleanly(tmp_path_factory, load, body, rate, when, scale, offset):
    from sessions.store import SessionPaths, save_session

    root = tmp_path_factory.mktemp("meta")
    info = plate_info(2, scale=0.01)
    block = make_block(np.random.default_rng(1), 200, info)
    try:
        m = meta(load_kg=load, body_mass_kg=body, sample_rate_hz=rate, started_at=when)
        from dataclasses import replace

        from forceplate.samples import ChannelInfo

        odd = replace(info, channels=(ChannelInfo("c0", "N", "force", scale, offset), info.channels[1]))
        sp = SessionPaths.for_meta(root, m)
        path = save_session(sp, m, odd, block, [], [])
    except EccentricError:
        return   # refused with a one-line error: fine
    try:
        s = read_session(path)
    except EccentricError:
        raise AssertionError("a session that was written must read back") from None
        return
    assert s.meta.started_utc == m.started_utc and len(s.block) == len(block)
    for k, v in (("load_kg", load), ("body_mass_kg", body)):
        got = getattr(s.meta, k)
        assert got == v or (got is not None and v is not None and math.isnan(got) and math.isnan(v))
    Library(root).list()


def test_started_at_without_a_utc_time_is_refused_cleanly(tmp_path):
    from sessions.store import SessionPaths

    m = meta(started_at=datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))))
    with pytest.raises(EccentricError, match="out of range"):
        SessionPaths.for_meta(tmp_path, m)
    assert meta(started_at=datetime(2026, 1, 1, tzinfo=UTC)).started_utc.year == 2026


# --- concurrency: record + delete ---------------------------------------------------------------

def test_deleting_other_sessions_while_recording(tmp_path):
    from hardening_support import library_session

    olds = [library_session(tmp_path, k, started_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=k))
            for k in range(4)]
    info = plate_info(2)
    block = make_block(np.random.default_rng(3), 6000, info)
    rec = Recorder(tmp_path, info, meta()).start()
    lib = Library(tmp_path)
    for k, chunk in enumerate(np.array_split(np.arange(len(block)), 4)):
        from forceplate.samples import SampleBlock

        rec.append(SampleBlock(block.time_s[chunk], block.values[chunk], block.seq[chunk], block.flags[chunk],
                               block.counts[chunk]))
        lib.delete(olds[k])
        assert lib.unfinished() == []   # the live journal is not offered for recovery
    path = rec.stop()
    assert blocks_equal(read_session(path).block, block)
    assert [s.path for s in lib.list()] == [path]
