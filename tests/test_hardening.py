"""Issue 13, items 1, 2, 4-10: each failure the hostile test found, as a regression test.

(The dashboard items are in test_hardening_tui.py, udev in tests/usb/test_udev_rules.py, the
random inputs in test_fuzz_*.py.)
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hardening_support import (
    TIMEOUT_S,
    assert_one_line_error,
    crashed_journal,
    library_session,
    plain_session,
    rewrite_footer,
    run_cli,
    start_together,
)
from test_sessions_support import blocks_equal, make_block, meta, plate_info

from eccentric.cli import main
from forceplate.errors import BadInputError, DiskError
from sessions import journal as J
from sessions import schema as S
from sessions.library import JournalBusy, Library
from sessions.recorder import Recorder
from sessions.session_file import read_meta, read_session

T0 = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
MOCK = ["--reader", "mock", "-o", "realtime=false"]


# --- 1. two recordings at once --------------------------------------------------------------

def test_recorders_on_threads_with_one_name_each_keep_their_own_samples(tmp_path):
    """10/10 lost a stream through the API: same athlete, same instant, 8 threads at once."""
    info = plate_info(2)
    blocks = [make_block(np.random.default_rng(k), 1500 + 100 * k, info) for k in range(8)]
    paths: list = [None] * 8
    gate = threading.Barrier(8)

    def one(k: int) -> None:
        rec = Recorder(tmp_path, info, meta(started_at=T0))
        gate.wait()
        rec.start()
        rec.append(blocks[k])
        paths[k] = (rec.stop(), rec.error)

    threads = [threading.Thread(target=one, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(err is None for _, err in paths)
    assert len({p for p, _ in paths}) == 8
    for (p, _), b in zip(paths, blocks, strict=True):
        assert blocks_equal(read_session(p).block, b)
    assert Library(tmp_path).unfinished() == [] and not list((tmp_path / "journal").iterdir())


def test_a_name_taken_by_a_journal_or_session_is_never_reused(tmp_path):
    """A leftover journal (another process's, or a crash's) keeps its name: nothing appends to it."""
    info = plate_info(1)
    first = make_block(np.random.default_rng(1), 800, info)
    old = crashed_journal(tmp_path, meta(started_at=T0), first)
    before = old.read_bytes()
    second = make_block(np.random.default_rng(2), 900, info)
    rec = Recorder(tmp_path, info, meta(started_at=T0)).start()
    rec.append(second)
    path = rec.stop()
    assert rec.journal_path != old and old.read_bytes() == before
    assert blocks_equal(read_session(path).block, second)
    recovered = Library(tmp_path).recover(old)
    assert recovered != path and blocks_equal(read_session(recovered).block, first)


def test_two_record_processes_into_one_data_dir_both_complete(tmp_path):
    """7 of 21 CLI trials lost one recording; benchmarks/fuzz_long.py runs this 50 times."""
    procs = start_together(2, ["--data-dir", str(tmp_path), "record", *MOCK, "--seconds", "1.5", "--athlete", "Twin"])
    for p in procs:
        _, err = p.communicate(timeout=TIMEOUT_S)
        assert p.returncode == 0, err
    found = Library(tmp_path).list()
    assert len(found) == 2 and len({s.path for s in found}) == 2
    assert all(s.samples == 1500 for s in found)
    assert Library(tmp_path).unfinished() == [] and not list((tmp_path / "journal").iterdir())


def test_two_recoveries_of_one_journal_make_one_session(tmp_path):
    info = plate_info(2)
    block = make_block(np.random.default_rng(5), 2000, info)
    journal = crashed_journal(tmp_path, meta(started_at=T0), block)
    lib = Library(tmp_path)
    results: list = []
    gate = threading.Barrier(2)

    def one() -> None:
        gate.wait()
        try:
            results.append(lib.recover(journal))
        except (JournalBusy, BadInputError) as exc:   # the other one has it, or has finished it
            results.append(exc)

    ts = [threading.Thread(target=one) for _ in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    [session] = [p for p in (tmp_path / "sessions").rglob("*.parquet")]
    assert blocks_equal(read_session(session).block, block)
    assert not journal.exists() and not [p for p in tmp_path.rglob("*.tmp")]
    assert any(r == session for r in results)


def test_two_recover_commands_at_once_both_succeed(tmp_path):
    info = plate_info(2)
    for k in range(3):
        crashed_journal(tmp_path, meta(started_at=T0 + timedelta(minutes=k)), make_block(np.random.default_rng(k), 3000, info))
    env = {**os.environ}
    procs = [subprocess.Popen([sys.executable, "-m", "eccentric", "--data-dir", str(tmp_path), "sessions", "recover"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=TIMEOUT_S)
        assert p.returncode == 0, err
        assert "Traceback" not in err
    assert len(Library(tmp_path).list()) == 3 and Library(tmp_path).unfinished() == []


def test_a_journal_in_use_is_not_recovered_or_discarded(tmp_path):
    info = plate_info(1)
    rec = Recorder(tmp_path, info, meta()).start()
    rec.append(make_block(np.random.default_rng(0), 500, info))
    try:
        with pytest.raises(JournalBusy):
            Library(tmp_path).recover(rec.journal_path)
        with pytest.raises(JournalBusy):
            Library(tmp_path).discard(rec.journal_path)
    finally:
        path = rec.stop()
    assert read_session(path).block.values.shape == (500, 1)


# --- 2. names that are not UTF-8 ---------------------------------------------------------------

def test_a_non_utf8_athlete_is_recorded_exactly_and_shown_escaped(tmp_path, capsys):
    name = os.fsdecode(b"Jos\xe9")   # what Python makes of `--athlete $'Jos\xe9'`
    rc = main(["--data-dir", str(tmp_path), "record", *MOCK, "--seconds", "1", "--athlete", name])
    assert rc == 0, capsys.readouterr().err
    [s] = Library(tmp_path).list(athlete=name)
    assert s.athlete == name and read_meta(s.path).athlete == name   # exactly as given
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "sessions", "list"]) == 0
    assert "Jos\\xe9" in capsys.readouterr().out


def test_a_non_utf8_athlete_from_real_argv_records_and_recovers(tmp_path):
    r = run_cli(["--data-dir", str(tmp_path), "record", *MOCK, "--seconds", "1", "--athlete", b"Jos\xe9"])
    assert r.returncode == 0, r.stderr
    journal = crashed_journal(tmp_path, meta(athlete=os.fsdecode(b"Ren\xe9e\xff"), started_at=T0),
                              make_block(np.random.default_rng(3), 700, plate_info(2)))
    r = run_cli(["--data-dir", str(tmp_path), "sessions", "recover"])
    assert r.returncode == 0, r.stderr
    assert not journal.exists()
    athletes = {s.athlete for s in Library(tmp_path).list()}
    assert athletes == {os.fsdecode(b"Jos\xe9"), os.fsdecode(b"Ren\xe9e\xff")}
    r = run_cli(["--data-dir", str(tmp_path), "export", "--out", str(tmp_path / "all.csv")])
    assert r.returncode == 0, r.stderr


# --- 4. one bad file, the rest of the library ---------------------------------------------------

def test_a_session_from_year_one_in_plus_five_is_skipped_not_fatal(tmp_path, capsys):
    good = library_session(tmp_path, 1, started_at=T0)
    bad = library_session(tmp_path, 2, started_at=T0 + timedelta(hours=1))
    rewrite_footer(bad, {S.KEY_META: {"started_at": "0001-01-01T00:00:00+05:00"}})
    assert [s.path for s in Library(tmp_path).list()] == [good]
    assert main(["--data-dir", str(tmp_path), "sessions", "list"]) == 0
    out, err = capsys.readouterr()
    assert good.stem in out and bad.name in err and "out of range" in err
    assert main(["--data-dir", str(tmp_path), "export", "--out", str(tmp_path / "x.csv")]) == 0
    assert bad.name in capsys.readouterr().err


def test_a_rep_number_of_two_to_the_forty_is_an_error_for_that_session_only(tmp_path, capsys):
    good = library_session(tmp_path, 1, started_at=T0)
    bad = library_session(tmp_path, 2, started_at=T0 + timedelta(hours=1))
    rewrite_footer(bad, {S.KEY_REPS: [{"rep": 2**40, "set": 1}]})
    assert len(Library(tmp_path).list()) == 2    # listing needs no rep values
    assert main(["--data-dir", str(tmp_path), "export", "--out", str(tmp_path / "x.parquet")]) == 0
    assert bad.name in capsys.readouterr().err
    import polars as pl

    assert pl.read_parquet(tmp_path / "x.parquet")["session"].to_list() == [good.stem]
    rc = main(["--data-dir", str(tmp_path), "sessions", "show", str(bad)])
    assert_one_line_error(capsys.readouterr().err, rc, 3)


# --- 5. errors, not internal errors --------------------------------------------------------------

def test_names_over_255_characters(tmp_path, capsys):
    long = "x" * 300
    assert main(["--data-dir", str(tmp_path), "record", *MOCK, "--seconds", "0.5", "--athlete", long]) == 0
    rc = main(["--data-dir", str(tmp_path), "record", *MOCK, "--seconds", "0.5", "--exercise", long])
    assert_one_line_error(capsys.readouterr().err, rc, 2)   # exercises are a catalogue: an unknown one is refused
    capsys.readouterr()
    for args in (["analyze", str(tmp_path / (long + ".csv"))], ["replay", str(tmp_path / long)],
                 ["sessions", "show", long], ["import", str(tmp_path / long)],
                 ["export", "--out", str(tmp_path / (long + ".csv"))], ["record", "--profile", long + ".toml"]):
        rc = main(["--data-dir", str(tmp_path), *args])
        assert_one_line_error(capsys.readouterr().err, rc, {2, 3})


def test_started_at_that_has_no_utc_time(tmp_path, capsys):
    csv = tmp_path / "p.csv"
    csv.write_text("time_s,fz_n\n" + "".join(f"{i / 1000},{800 + i % 7}\n" for i in range(2000)))
    rc = main(["--data-dir", str(tmp_path), "import", str(csv), "--started-at", "0001-01-01T00:00:00+05:00"])
    assert_one_line_error(capsys.readouterr().err, rc, 2)


def test_a_data_dir_below_a_regular_file(tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    data = tmp_path / "file" / "data"
    rc = main(["--data-dir", str(data), "record", *MOCK, "--seconds", "0.5"])
    err = capsys.readouterr().err
    assert_one_line_error(err, rc, 6)
    assert "not a folder" in err and "disk full" not in err and "is kept" not in err
    csv = tmp_path / "p.csv"
    csv.write_text("time_s,fz_n\n" + "".join(f"{i / 1000},{800 + i % 7}\n" for i in range(2000)))
    rc = main(["--data-dir", str(data), "import", str(csv)])
    assert_one_line_error(capsys.readouterr().err, rc, 6)
    assert main(["--data-dir", str(data), "sessions", "list"]) == 0


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_a_read_only_data_dir_on_record_says_so_and_keeps_nothing_it_claims(tmp_path, capsys, monkeypatch, code):
    """It said "disk full? the journal is kept" while nothing was kept."""
    import sessions.store as store

    real = os.open

    def refuse(path, flags, *a, **k):
        if flags & os.O_CREAT and str(path).startswith(str(tmp_path)):
            raise OSError(code, os.strerror(code), str(path))
        return real(path, flags, *a, **k)

    monkeypatch.setattr(store.os, "open", refuse)
    rc = main(["--data-dir", str(tmp_path), "record", *MOCK, "--seconds", "0.5"])
    err = capsys.readouterr().err
    assert_one_line_error(err, rc, 6)
    assert ("read-only" if code == errno.EROFS else "permission denied") in err
    assert "disk full" not in err and "kept" not in err


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES, errno.ENOSPC])
def test_a_read_only_or_full_data_dir_on_import_rename_delete(tmp_path, capsys, monkeypatch, code):
    import pathlib

    s = library_session(tmp_path, started_at=T0)
    csv = tmp_path / "p.csv"
    csv.write_text("time_s,fz_n\n" + "".join(f"{i / 1000},{800 + i % 7}\n" for i in range(2000)))

    def refuse(*a, **k):
        raise OSError(code, os.strerror(code), str(a[0]) if a else None)

    monkeypatch.setattr(os, "replace", refuse)
    monkeypatch.setattr(pathlib.Path, "unlink", refuse)
    for args in (["import", str(csv)], ["sessions", "rename", s.stem, "--athlete", "Bea"],
                 ["sessions", "delete", "-y", s.stem]):
        rc = main(["--data-dir", str(tmp_path), *args])
        err = capsys.readouterr().err
        assert_one_line_error(err, rc, 6)
    assert s.exists()


def test_oserror_classes_map_to_documented_codes():
    from sessions.oserrors import os_error

    def code(e: int, action: str = "write") -> int:
        return os_error(OSError(e, os.strerror(e), "/x/y"), action=action).exit_code

    assert code(errno.ENOSPC) == code(errno.EDQUOT) == code(errno.EROFS) == code(errno.EACCES) == 6
    assert code(errno.EACCES, "read") == code(errno.ENOENT, "read") == code(errno.EISDIR, "read") == 3
    assert code(errno.ENAMETOOLONG) == 2
    assert code(errno.ENOTDIR) == 6 and code(errno.ENOTDIR, "read") == 3
    assert "disk full" in str(os_error(OSError(errno.ENOSPC, "x", "/d/f")))


def test_a_journal_with_bad_event_rows_is_recovered_with_every_sample(tmp_path, capsys):
    info = plate_info(2)
    block = make_block(np.random.default_rng(9), 4000, info)
    journal = crashed_journal(tmp_path, meta(started_at=T0), block)
    bad = [{"type": "rep", "row": {"rep": 2**40, "set": "x"}}, {"type": "rep", "row": {"date": "nope", "simulated": "yes",
           "started_at": 5, "ecc_duration_s": [1, 2]}}, {"type": "set", "row": {"reps": 1e300}}, [1, 2], "null",
           {"type": "meta", "fields": {"body_mass_kg": "heavy", "calibration": 3}}]
    J.events_path(journal).write_text("\n".join(json.dumps(e) for e in bad) + "\n{torn")
    assert main(["--data-dir", str(tmp_path), "sessions", "recover"]) == 0, capsys.readouterr().err
    [s] = Library(tmp_path).list()
    assert blocks_equal(read_session(s.path).block, block)


# --- 6. hangs and runaways ------------------------------------------------------------------------

def _special_files(tmp_path):
    fifo = tmp_path / "plate.csv"
    os.mkfifo(fifo)
    sock_path = tmp_path / "s.parquet"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    return {"fifo": fifo, "chardev": "/dev/null", "socket": sock_path}, sock


def run_main(args: list[str], timeout: float = 30.0) -> tuple[int, str]:
    """main(args) on a thread with a watchdog: a hang fails the test instead of blocking it."""
    import contextlib
    import io

    out: dict = {}

    def go() -> None:
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            out["rc"] = main(args)
        out["err"] = err.getvalue()

    t = threading.Thread(target=go, daemon=True)
    t.start()
    t.join(timeout)
    assert not t.is_alive(), f"hang: eccentric {' '.join(args)}"
    return out["rc"], out["err"]


@pytest.mark.parametrize("kind", ["fifo", "chardev", "socket"])
def test_special_files_are_refused_at_once(tmp_path, kind):
    files, sock = _special_files(tmp_path)
    try:
        f = str(files[kind])
        for args in (["analyze", f], ["import", f], ["sessions", "show", f], ["replay", f], ["record", "--profile", f]):
            rc, err = run_main(["--data-dir", str(tmp_path / "d"), *args])
            assert_one_line_error(err, rc, 3)
            assert "not a regular file" in err, err
    finally:
        sock.close()
        if kind == "fifo":   # release anything a regression left waiting on the FIFO
            with contextlib.suppress(OSError):
                os.close(os.open(files["fifo"], os.O_WRONLY | os.O_NONBLOCK))


def test_a_huge_profile_is_refused_without_reading_it_all(tmp_path):
    big = tmp_path / "big.toml"
    with open(big, "wb") as fh:
        fh.truncate(3 << 30)   # sparse: 3 GB of zeros
    for prof in (str(big), "/dev/zero"):
        rc, err = run_main(["record", "--profile", prof, "--seconds", "1"])
        assert_one_line_error(err, rc, 3)


@pytest.mark.parametrize("seconds", ["nan", "inf", "-inf", "-1", "0"])
def test_record_seconds_must_be_a_positive_number(tmp_path, capsys, seconds):
    rc = main(["--data-dir", str(tmp_path), "record", *MOCK, f"--seconds={seconds}"])
    assert_one_line_error(capsys.readouterr().err, rc, 2)
    assert not (tmp_path / "sessions").exists()


# --- 7. a flipped bit in the footer --------------------------------------------------------------

@pytest.mark.parametrize(("needle", "flipped"), [(b'"scale": 0.01', b'"scale": 1.01'), (b'"offset": 0.0', b'"offset": 1.0'),
                                                 (b'"body_mass_kg": 80.0', b'"body_mass_kg": 81.0'),
                                                 (b'"sample_rate_hz": 1000.0', b'"sample_rate_hz": 3000.0')])
def test_one_flipped_bit_in_the_metadata_is_an_error(tmp_path, capsys, needle, flipped):
    p = plain_session(tmp_path / "s.parquet", body_mass_kg=80.0)
    data = p.read_bytes()
    assert data.count(needle) >= 1, needle
    diff = [i for i, (a, b) in enumerate(zip(needle, flipped, strict=True)) if a != b]
    assert len(diff) == 1 and bin(needle[diff[0]] ^ flipped[diff[0]]).count("1") == 1   # one bit
    p.write_bytes(data.replace(needle, flipped, 1))
    with pytest.raises(BadInputError, match="checksum"):
        read_session(p)
    rc = main(["analyze", str(p)])
    err = capsys.readouterr().err
    assert_one_line_error(err, rc, 3)
    assert "checksum" in err


def test_files_from_before_the_checksum_still_read_with_a_note(tmp_path, capsys):
    s = library_session(tmp_path, started_at=T0)
    rewrite_footer(s, {}, drop_check=True)
    assert read_session(s).metadata_checked is False
    assert Library(tmp_path).summary(s).checked is False
    assert main(["--data-dir", str(tmp_path), "sessions", "show", s.stem]) == 0
    assert "metadata checksums" in capsys.readouterr().out


# --- 8. export --out --------------------------------------------------------------------------------

def test_export_out_refuses_devices_links_fifos_and_folders(tmp_path, capsys):
    library_session(tmp_path, started_at=T0)
    target = tmp_path / "real.csv"
    target.write_text("keep me")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    for out in ("/dev/null", link, fifo, tmp_path):
        rc = main(["--data-dir", str(tmp_path), "export", "--out", str(out)])
        assert_one_line_error(capsys.readouterr().err, rc, 2)
    assert os.path.islink(link) and target.read_text() == "keep me"
    import stat

    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert main(["--data-dir", str(tmp_path), "export", "--out", str(target), "--force"]) == 0   # a regular file is replaced
    assert target.read_text().startswith("session,")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# --- 9. messages that said the wrong thing -----------------------------------------------------------

def test_recover_on_a_full_disk_exits_6(tmp_path, capsys, monkeypatch):
    import pyarrow.parquet as pq

    crashed_journal(tmp_path, meta(started_at=T0), make_block(np.random.default_rng(1), 900, plate_info(2)))

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pq, "write_table", full)
    rc = main(["--data-dir", str(tmp_path), "sessions", "recover"])
    err = capsys.readouterr().err
    assert_one_line_error(err, rc, 6)
    assert "disk full" in err and len(Library(tmp_path).unfinished()) == 1   # the journal stays


def test_a_session_deleted_while_it_is_read_is_said_to_have_vanished(tmp_path, capsys, monkeypatch):
    import sessions.session_file as sf

    p = plain_session(tmp_path / "s.parquet")
    real = sf._read_block

    def delete_first(path, *a, **k):
        os.unlink(path)
        return real(path, *a, **k)

    monkeypatch.setattr(sf, "_read_block", delete_first)
    rc = main(["analyze", str(p), "--reanalyse"])   # without it the stored analysis is shown, no samples read
    err = capsys.readouterr().err
    assert_one_line_error(err, rc, 3)
    assert "vanished" in err and "corrupt" not in err


@pytest.mark.parametrize("speed", ["inf", "nan", "0", "-2", "1e9"])
def test_replay_speed_must_be_finite_and_positive(tmp_path, capsys, speed):
    p = plain_session(tmp_path / "s.parquet")
    rc = main(["replay", str(p), f"--speed={speed}"])
    assert_one_line_error(capsys.readouterr().err, rc, 2)


# --- 10. names found and printed safely ----------------------------------------------------------------

def test_athlete_filter_compares_stored_names_not_folder_names(tmp_path, capsys):
    for k, name in enumerate(["王力", "李娜", "Zoë", "Zoe\u0308"]):   # the last two: one name, two spellings
        library_session(tmp_path, k, athlete=name, started_at=T0 + timedelta(minutes=k))
    assert [s.athlete for s in Library(tmp_path).list(athlete="王力")] == ["王力"]
    assert len(Library(tmp_path).list(athlete="ZOË")) == 2
    assert main(["--data-dir", str(tmp_path), "sessions", "list", "--athlete", "王力"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "王力" in out
    assert main(["--data-dir", str(tmp_path), "export", "--athlete", "李娜", "--out", str(tmp_path / "l.csv")]) == 0
    assert (tmp_path / "l.csv").read_text(encoding="utf-8").count("李娜") == 1


def test_control_characters_and_escapes_in_names_are_printed_visibly(tmp_path, capsys):
    hostile = "Ana\x1b]0;owned\x07\x1b[2J\nnext line\r\u202eevil"
    s = library_session(tmp_path, athlete=hostile, exercise="squat\x1b[31m", notes="a\nb", started_at=T0)
    for args in (["sessions", "list"], ["sessions", "show", s.stem], ["sessions", "list", "--json"]):
        assert main(["--data-dir", str(tmp_path), *args]) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x07" not in out and "\r" not in out and "\u202e" not in out
    assert main(["--data-dir", str(tmp_path), "sessions", "list"]) == 0
    assert capsys.readouterr().out.count("\n") == 1   # a newline in a name does not split the line
    assert read_meta(s).athlete == hostile            # stored exactly as given


def test_disk_error_is_a_disk_error():
    assert DiskError("x").exit_code == 6


# --- found by the long fuzz mode ------------------------------------------------------------------

@pytest.mark.parametrize("args", [["analyze", "a\x00b.csv"], ["sessions", "show", "x\x00y"], ["import", "p\x00.csv"],
                                  ["sessions", "delete", "-y", "~nobody-by-this-name"], ["sessions", "show", "~x/y"]])
def test_nul_bytes_and_tilde_names(tmp_path, capsys, args):
    rc = main(["--data-dir", str(tmp_path), *args])
    assert_one_line_error(capsys.readouterr().err, rc, {2, 3})


def test_argparse_errors_quote_arguments_safely(capsys):
    """Found by the long fuzz mode: a control character in an unknown argument split the error line."""
    with pytest.raises(SystemExit) as exc:
        main(["sessions", "rename", "a", "-q\x1c\u202e\x1b[2J"])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "\x1b" not in err and "\x1c" not in err
    last = err.splitlines()[-1]
    assert last.startswith("eccentric") and ": error: " in last and "\\x1c" in last
