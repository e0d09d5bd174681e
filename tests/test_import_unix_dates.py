"""Hawkin exports carry the test's unix timestamp (seconds since 1970 UTC) and C3D files their
TRIAL:DATE and TRIAL:TIME parameters: an import is dated by them where present, and the
session's started_at_source says which (tests fail before: the modification time, or 'two
time columns' for a timestamp column)."""

from __future__ import annotations

import os
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

import import_synth as S
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sessions.formats.dates import EARLIEST, header_date, unix_when
from sessions.importer import import_csv
from sessions.session_file import read_meta

MTIME = datetime(2025, 6, 7, 8, 9, 10, tzinfo=UTC)
STAMPS = st.integers(int(EARLIEST.timestamp()), int(datetime(2026, 1, 1, tzinfo=UTC).timestamp()))


def _imported(folder: Path, path: Path):
    os.utime(path, (MTIME.timestamp(), MTIME.timestamp()))
    return read_meta(import_csv(path, folder / "data", progress=False))


def _hawkin(path: Path, stamp: str, where: str) -> Path:
    """A Hawkin force-time CSV (Python API names) with the test's timestamp as the API gives
    it: a column on every row, a column on the first row only, or a line above the header."""
    src = S.write_hawkin_py(path, S.jump_trace(seed=4))
    head, *rows = src.read_text().splitlines()
    if where == "every row":
        lines = [f"{head},timestamp", *(f"{r},{stamp}" for r in rows)]
    elif where == "first row":
        lines = [f"{head},timestamp", f"{rows[0]},{stamp}", *(f"{r}," for r in rows[1:])]
    else:
        lines = [f"Timestamp,{stamp}", head, *rows]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("where", ["every row", "first row", "header line"])
def test_a_hawkin_timestamp_dates_the_session(tmp_path: Path, where: str) -> None:
    meta = _imported(tmp_path, _hawkin(tmp_path / "cmj.csv", "1709640000", where))
    assert meta.started_utc == datetime(2024, 3, 5, 12, 0, tzinfo=UTC)
    assert "unix time" in meta.started_at_source and "timestamp" in meta.started_at_source.lower()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stamp=STAMPS, where=st.sampled_from(["every row", "first row", "header line"]),
       millis=st.booleans(), fraction=st.sampled_from(["", ".0", ".25"]))
def test_any_plausible_unix_timestamp_is_read(tmp_path: Path, stamp: int, where: str, millis: bool,
                                               fraction: str) -> None:
    text = f"{stamp * 1000 if millis else stamp}{fraction}"
    folder = tmp_path / f"{stamp}{where[0]}{int(millis)}{fraction}"
    folder.mkdir()
    meta = _imported(folder, _hawkin(folder / "cmj.csv", text, where))
    want = datetime.fromtimestamp(float(text) / (1000 if millis else 1), UTC)
    assert abs((meta.started_utc - want).total_seconds()) < 1e-3, (text, meta.started_at_source)


@given(value=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**15, 10**15)))
def test_unix_when_is_plausible_or_none(value: float) -> None:
    when = unix_when(float(value))
    assert when is None or EARLIEST <= when <= datetime.now(UTC) + timedelta(days=1)


@pytest.mark.parametrize("stamp", ["0", "12", "99999999999999999"])
def test_a_timestamp_no_clock_gives_is_no_date(tmp_path: Path, stamp: str) -> None:
    assert header_date([f"Timestamp: {stamp}", "Time(s),Force(N)"])[0] is None


@pytest.mark.parametrize("millis", [False, True])
def test_a_time_axis_in_unix_time_dates_the_session_and_counts_from_its_first_row(tmp_path: Path,
                                                                                  millis: bool) -> None:
    """In milliseconds too: a ms axis read as seconds made a 1000 Hz recording 1 Hz."""
    tr = S.jump_trace(seed=4)
    rows = [f"{1709640000000 + round(t * 1000)},{f:.1f}" if millis else f"{1709640000 + t:.3f},{f:.1f}"
            for t, f in zip(tr.t, tr.fz, strict=True)]
    path = tmp_path / "unix.csv"
    path.write_text("\n".join(["timestamp,CombinedForce(N)", *rows]) + "\n")
    meta = _imported(tmp_path, path)
    assert meta.started_utc == datetime(2024, 3, 5, 12, 0, tzinfo=UTC)
    assert "first time in its column 'timestamp'" in meta.started_at_source
    from sessions.formats import plan_file

    t = plan_file(path).time_s
    assert t[0] == pytest.approx(0.0) and t[-1] == pytest.approx(tr.t[-1] - tr.t[0], abs=1e-3)


def _c3d(path: Path, date: object = None, clock: object = None) -> Path:
    """S.write_c3d's file with a TRIAL group holding DATE (and TIME): int16 triples as a
    Vicon-style lab writes them, float triples (4-byte C3D parameters), or text."""
    import c3d

    tr = S.jump_trace(seed=4)
    plain = S.write_c3d(path, tr)
    assert plain is not None
    with open(plain, "rb") as fh, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = c3d.Reader(fh)
        w = r.to_writer("copy")
    trial = w.get("TRIAL") or w.add_group(30, "TRIAL", "trial")   # the c3d writer makes one
    for name, val in (("DATE", date), ("TIME", clock)):
        if isinstance(val, str):
            raw = val.encode()
            trial.add_param(name, desc="", bytes_per_element=-1, dimensions=[len(raw)], bytes=raw)
        elif val is not None:
            arr = np.asarray(val, dtype=np.float32 if np.asarray(val).dtype.kind == "f" else np.int16)
            trial.add_param(name, desc="", bytes_per_element=arr.itemsize, dimensions=[arr.size], bytes=arr.tobytes())
    out = path.with_name(f"dated_{path.name}")
    with open(out, "wb") as fh, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w.write(fh)
    return out


def _local(*parts: int) -> datetime:
    return datetime(*parts).astimezone(UTC)   # type: ignore[arg-type]


@pytest.mark.parametrize(("date", "clock", "want", "says"), [
    ([2024, 3, 5], [14, 30, 15], (2024, 3, 5, 14, 30, 15), "TRIAL:DATE and TRIAL:TIME"),
    ([2024.0, 3.0, 5.0], [14.0, 30.0, 15.5], (2024, 3, 5, 14, 30, 15), "TRIAL:DATE and TRIAL:TIME"),   # floats
    ("2024-03-05", "14:30:15", (2024, 3, 5, 14, 30, 15), "TRIAL:DATE (text)"),
])
def test_a_c3d_trial_date_dates_the_session(tmp_path: Path, date: object, clock: object,
                                            want: tuple[int, ...], says: str) -> None:
    pytest.importorskip("c3d")
    meta = _imported(tmp_path, _c3d(tmp_path / "trial.c3d", date, clock))
    assert meta.started_utc == _local(*want)
    assert says in meta.started_at_source


def test_a_c3d_date_without_a_time_takes_the_day(tmp_path: Path) -> None:
    pytest.importorskip("c3d")
    meta = _imported(tmp_path, _c3d(tmp_path / "trial.c3d", [2024, 3, 5]))
    assert meta.started_utc.astimezone().date() == datetime(2024, 3, 5).date()
    assert "TRIAL:DATE" in meta.started_at_source and "date only" in meta.started_at_source


@pytest.mark.parametrize("date", [None, [1980, 1, 1], [2024, 13, 40], "01/02/2024"])
def test_a_c3d_without_a_usable_date_is_dated_by_its_modification_time(tmp_path: Path, date: object) -> None:
    pytest.importorskip("c3d")
    meta = _imported(tmp_path, _c3d(tmp_path / "trial.c3d", date))
    assert meta.started_utc == MTIME and "modification time" in meta.started_at_source


def _frame(n: int = 3000) -> tuple[np.ndarray, np.ndarray]:
    tr = S.jump_trace(seed=4)
    return tr.t[:n] - tr.t[0], tr.fz[:n]


@pytest.mark.parametrize("zone", [None, "UTC"])
def test_a_parquet_wall_clock_column_is_the_time_and_dates_the_session(tmp_path: Path, zone: str | None) -> None:
    """pandas' datetime64 column (a logger's wall clock) in a Parquet file said "column
    'timestamp' is not numeric (row 1: '')" - the same data as CSV was read."""
    import polars as pl

    t, f = _frame()
    start = datetime(2024, 3, 5, 12, 0, 0)
    clock = pl.Series("timestamp", [start + timedelta(seconds=float(x)) for x in t])
    if zone:
        clock = clock.dt.replace_time_zone(zone)
    path = tmp_path / "clock.parquet"
    pl.DataFrame([clock, pl.Series("Fz (N)", f)]).write_parquet(path)
    meta = _imported(tmp_path, path)
    assert meta.started_utc == (start.replace(tzinfo=UTC) if zone else start.astimezone(UTC))
    assert "the first time in its column 'timestamp'" in meta.started_at_source
    from sessions.formats import plan_file

    assert plan_file(path).time_s[-1] == pytest.approx(t[-1], abs=1e-6)


def test_a_hawkin_frame_saved_by_pandas_is_dated_by_its_attrs_timestamp(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    t, f = _frame()
    df = pd.DataFrame({"Time(s)": t, "LeftForce(N)": np.round(f / 2), "RightForce(N)": np.round(f / 2),
                       "CombinedForce(N)": np.round(f)})
    df.attrs["Test Name"] = "Countermovement Jump"
    df.attrs["Timestamp"] = 1709640000   # the API's unix seconds (hdforce turns it into a pd.Timestamp)
    path = tmp_path / "cmj.parquet"
    df.to_parquet(path)
    meta = _imported(tmp_path, path)
    assert meta.started_utc == datetime(2024, 3, 5, 12, 0, tzinfo=UTC)
    assert meta.started_at_source.endswith("its pandas attrs 'Timestamp' (unix time)")


@pytest.mark.parametrize("where", ["every row", "first row"])
def test_a_timestamp_column_holding_one_iso_time_is_the_date_not_a_time_axis(tmp_path: Path, where: str) -> None:
    """'2024-03-05T12:00:00Z' on every row of a timestamp column beside Time(s) said "2 time
    columns ('Time(s)', 'timestamp'): choose one"."""
    meta = _imported(tmp_path, _hawkin(tmp_path / "cmj.csv", "2024-03-05T12:00:00Z", where))
    assert meta.started_utc == datetime(2024, 3, 5, 12, 0, tzinfo=UTC)
    assert meta.started_at_source.endswith("its column 'timestamp'")


@pytest.mark.parametrize("start, step", [(900_000_000, 1), (1_000_000_000, 1000)])
def test_a_device_counter_named_timestamp_is_no_unix_date(tmp_path: Path, start: int, step: int) -> None:
    """ms (or us) since a plate's power-on can fall between 1990 and now read as unix seconds:
    stepping a second or more per row, it is no 10-Hz-or-faster recording's clock, so the file
    is dated by its modification time (it said 1998-07-09)."""
    tr = S.jump_trace(seed=4)
    rows = [f"{start + k * step},{t:.3f},{f:.1f}" for k, (t, f) in enumerate(zip(tr.t, tr.fz, strict=True))]
    path = tmp_path / "counter.csv"
    path.write_text("\n".join(["timestamp,Time(s),CombinedForce(N)", *rows]) + "\n")
    from sessions.formats.table import ImportOptions

    os.utime(path, (MTIME.timestamp(), MTIME.timestamp()))
    session = import_csv(path, tmp_path / "data", progress=False, options=ImportOptions(time_column="Time(s)"))
    assert read_meta(session).started_utc == MTIME


def test_a_huge_attrs_timestamp_is_no_date_and_no_crash(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    t, f = _frame()
    df = pd.DataFrame({"Time(s)": t, "CombinedForce(N)": np.round(f)})
    df.attrs["Timestamp"] = 10 ** 400
    path = tmp_path / "cmj.parquet"
    df.to_parquet(path)
    assert _imported(tmp_path, path).started_utc == MTIME
