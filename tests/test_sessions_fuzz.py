"""Every damaged file ends in a clean BadInputError that names it, never another exception."""

from __future__ import annotations

import json

import numpy as np
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_sessions_support import blocks_equal, make_block, meta, plate_info

from forceplate.errors import BadInputError
from sessions import journal as J
from sessions import schema as S
from sessions.session_file import read_session, write_session

INFO = plate_info(3)
BLOCK = make_block(np.random.default_rng(0), 4000, INFO, gaps=True)


@pytest.fixture(scope="module")
def valid_bytes(tmp_path_factory):
    p = write_session(tmp_path_factory.mktemp("v") / "v.parquet", meta(), INFO, BLOCK,
                      [{"rep": 1, "set": 1, "rep_in_set": 1}], [])
    return p.read_bytes()


def _load(path):
    """Every loader on the file: the library's summary, reps-only, the whole session."""
    from sessions.library import Library
    from sessions.session_file import read_reps_sets

    for quick in (lambda p: Library(p.parent).summary(p), read_reps_sets):
        try:
            quick(path)
        except BadInputError as exc:
            assert str(path) in str(exc) and "\n" not in str(exc)
    try:
        s = read_session(path)
    except BadInputError as exc:
        msg = str(exc)
        assert str(path) in msg and "\n" not in msg
        return None
    return s


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(data=st.data())
def test_flipped_bytes(tmp_path, valid_bytes, data):
    buf = bytearray(valid_bytes)
    for _ in range(data.draw(st.integers(1, 8))):
        i = data.draw(st.integers(0, len(buf) - 1))
        buf[i] = data.draw(st.integers(0, 255))
    p = tmp_path / "f.parquet"
    p.write_bytes(bytes(buf))
    s = _load(p)
    if s is not None:   # what did load is the samples as written (page checksums catch the rest)
        assert len(s.block) == len(BLOCK)


@FUZZ
@given(cut=st.integers(0, 10**6), tail=st.binary(max_size=64))
def test_truncated_or_extended(tmp_path, valid_bytes, cut, tail):
    p = tmp_path / "t.parquet"
    p.write_bytes(valid_bytes[: cut % len(valid_bytes)] + tail)
    _load(p)


@FUZZ
@given(key=st.sampled_from([S.KEY_META, S.KEY_INFO, S.KEY_LAYOUT, S.KEY_REPS, S.KEY_SCHEMA]),
       value=st.one_of(st.text(max_size=40),
                       st.recursive(st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=8),
                                    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=12), c, max_size=5),
                                    max_leaves=12).map(json.dumps)))
def test_garbage_metadata(tmp_path, valid_bytes, key, value):
    src = tmp_path / "src.parquet"
    src.write_bytes(valid_bytes)
    t = pq.read_table(src)
    md = dict(t.schema.metadata)
    md[key.encode()] = value.encode()
    p = tmp_path / "m.parquet"
    pq.write_table(t.replace_schema_metadata(md), p)
    _load(p)


@FUZZ
@given(data=st.data())
def test_damaged_journals(tmp_path, data):
    header = J.header_bytes(meta(), INFO, "counts", "sessions/Ana/x.parquet")
    body = J.encode_block(BLOCK, J.record_dtype(3, "counts"), "counts")
    buf = bytearray(header + body)
    kind = data.draw(st.sampled_from(["cut", "flip_header", "garbage"]))
    if kind == "cut":
        buf = buf[: data.draw(st.integers(0, len(buf)))]
    elif kind == "flip_header":
        i = data.draw(st.integers(0, len(header) - 1))
        buf[i] = data.draw(st.integers(0, 255))
    else:
        buf = bytearray(data.draw(st.binary(max_size=300)))
    p = tmp_path / "x.journal"
    p.write_bytes(bytes(buf))
    try:
        jr = J.read_journal(p)
    except BadInputError as exc:
        assert str(p) in str(exc) and "\n" not in str(exc)
        return
    if kind == "cut":   # a cut journal gives back every whole record before the cut
        n = len(jr.block)
        assert n == max(0, len(buf) - len(header)) // J.record_dtype(3, "counts").itemsize
        assert np.array_equal(jr.block.counts, BLOCK.counts[:n])


def test_undamaged_journal_is_exact(tmp_path):
    p = tmp_path / "x.journal"
    p.write_bytes(J.header_bytes(meta(), INFO, "counts", "sessions/Ana/x.parquet")
                  + J.encode_block(BLOCK, J.record_dtype(3, "counts"), "counts"))
    assert blocks_equal(J.read_journal(p).block, BLOCK)
