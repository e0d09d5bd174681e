"""Random cases for the hardening fuzz suite and its long mode (no tests here).

Each generator builds its inputs in a work folder from a random.Random and returns the
command lines to run; run_case() runs them in this process through eccentric's own main()
and says what went wrong, if anything: a traceback, an internal error, a numpy warning, an
undocumented exit code, or a failure that is not one `eccentric: error:` line.
tests/test_fuzz_hardening.py draws the seeds with hypothesis; benchmarks/fuzz_long.py runs
thousands of them in watched worker processes.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import socket
import string
import warnings
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

CODES = {0, 1, 2, 3, 4, 5, 6, 130}
T0 = datetime(2026, 2, 1, 6, 0, tzinfo=UTC)

# --- values people (and damaged files) pass --------------------------------------------------

NUMBERS = ["0", "-1", "1", "0.5", "nan", "NaN", "inf", "-inf", "1e308", "1e400", "-0", "2e-320", "abc", "", " ",
           "1,5", "0x10", "9" * 400, "1_000", "٣"]
WEIRD_TEXT = ["[/]", "[link=https://example.com]x[/link]", "[bold]", "\x1b]0;t\x07", "\x1b[2J", "a\nb", "\r", "\t",
              "\u202eevil", "王力", "Zoë", "Zoe\u0308", os.fsdecode(b"Jos\xe9"), os.fsdecode(b"\xff\xfe"), "..", "../..",
              "/", ".", "x" * 300, "-", "--", "con", "nul", " lead", "trail ", "\x00"]


def weird_text(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return rng.choice(WEIRD_TEXT)
    alphabet = string.printable + "äöüß王力\u0308\u202e" + "".join(map(chr, range(0, 32)))
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))


def number(rng: random.Random) -> str:
    return rng.choice(NUMBERS) if rng.random() < 0.7 else repr(rng.uniform(-1e6, 1e6))


# --- inputs -------------------------------------------------------------------------------------

def _valid_session(work: Path, rng: random.Random, **meta_kw: Any) -> Path:
    from test_sessions_support import make_block, meta, plate_info

    from sessions.session_file import write_session

    info = plate_info(rng.randint(1, 4))
    block = make_block(np.random.default_rng(rng.randrange(2**32)), rng.randint(0, 3000), info)
    p = work / f"s{rng.randrange(10**9)}.parquet"
    return write_session(p, meta(**meta_kw), info, block, [{"rep": 1, "set": 1, "rep_in_set": 1}], [])


def _csv_text(rng: random.Random) -> str:
    n = rng.randint(0, 400)
    cols = rng.choice([["time_s", "fz_n"], ["time_s", "cell_1_n", "cell_2_n"], ["time_s", "fz_n", "position_m"],
                       ["t", "fz"], ["time_s"], ["time_s", "fz_n", "fz_n"]])
    rows = [",".join(cols)]
    for i in range(n):
        rows.append(",".join([f"{i / 1000:.3f}"] + [f"{800 + rng.gauss(0, 5):.2f}" for _ in cols[1:]]))
    return "\n".join(rows) + "\n"


def _mutate(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    how = rng.choice(["flip", "cut", "garbage", "splice", "bit"])
    if how == "flip" and buf:
        for _ in range(rng.randint(1, 8)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    elif how == "bit" and buf:
        i = rng.randrange(len(buf))
        buf[i] ^= 1 << rng.randrange(8)
    elif how == "cut":
        buf = buf[: rng.randint(0, len(buf))]
    elif how == "splice" and buf:
        i = rng.randrange(len(buf))
        buf[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    else:
        buf = bytearray(rng.randbytes(rng.randint(0, 600)))
    return bytes(buf)


def gen_loader(work: Path, rng: random.Random) -> list[list[str]]:
    """A damaged (or intact) session, CSV, journal or profile given to every reader."""
    kind = rng.choice(["session", "csv", "journal", "profile"])
    if kind == "session":
        raw = _valid_session(work, rng).read_bytes()
        path = work / "in.parquet"
    elif kind == "csv":
        raw = _csv_text(rng).encode()
        path = work / "in.csv"
    elif kind == "profile":
        from importlib import resources

        raw = resources.files("forceplate.profiles").joinpath("diy4.toml").read_bytes()
        path = work / "in.toml"
    else:
        from test_sessions_support import make_block, meta, plate_info

        from sessions import journal as J

        info = plate_info(2)
        raw = (J.header_bytes(meta(), info, "counts", "sessions/Ana/x.parquet")
               + J.encode_block(make_block(np.random.default_rng(rng.randrange(99)), 500, info),
                                J.record_dtype(2, "counts"), "counts"))
        path = work / "journal" / "Ana__x.journal"
        path.parent.mkdir(exist_ok=True)
    path.write_bytes(_mutate(raw, rng) if rng.random() < 0.85 else raw)
    d = ["--data-dir", str(work / "lib")]
    if kind == "journal":
        return [[*d[:1], str(work), "sessions", "recover", str(path)], [*d[:1], str(work), "sessions", "recover", "--list"]]
    if kind == "profile":
        return [["devices", "--profile", str(path)], [*d, "record", "--profile", str(path), "--seconds", "0.2"]]
    return [["analyze", str(path), "--format", rng.choice(["json", "csv", "table"])], [*d, "import", str(path)],
            [*d, "sessions", "show", str(path)]]


def gen_cli(work: Path, rng: random.Random) -> list[list[str]]:
    """Command lines with odd values in every option."""
    d = ["--data-dir", str(work / "lib")]
    s = _valid_session(work, rng)
    mock = ["--reader", "mock", "-o", "realtime=false"]
    pick = rng.choice([
        lambda: ["record", *mock, "--seconds", rng.choice(["nan", "inf", "-1", "0", "abc", "1e400", "0.3"]),
                 "--athlete", weird_text(rng), "--exercise", weird_text(rng), "--load-kg", number(rng)],
        lambda: ["record", *mock, "--seconds", "0.2", "-o", f"{weird_text(rng)}={weird_text(rng)}"],
        lambda: ["record", "--reader", weird_text(rng), "--seconds", "0.2"],
        lambda: ["analyze", str(s), "--body-mass-kg", number(rng), "--method", weird_text(rng)],
        lambda: ["analyze", weird_text(rng)],
        lambda: ["export", "--out", rng.choice(["/dev/null", str(work), str(work / weird_text(rng)[:50]), "/",
                                                  str(work / "o.csv")]), "--since", weird_text(rng)],
        lambda: ["export", str(s), "--out", str(work / "o.parquet"), "--until", rng.choice(["2026-13-01", "0001-01-01",
                                                                                            "9999-12-31", number(rng)])],
        lambda: ["sessions", "list", "--athlete", weird_text(rng), "--since", weird_text(rng)],
        lambda: ["sessions", "show", weird_text(rng)],
        lambda: ["sessions", "rename", weird_text(rng), weird_text(rng)],
        lambda: ["sessions", "delete", "-y", weird_text(rng)],
        lambda: ["import", str(work / "x.csv"), "--started-at", rng.choice(["0001-01-01T00:00:00+05:00",
                                                                           "9999-12-31T23:59:59-05:00", weird_text(rng)])],
    ])
    (work / "x.csv").write_text(_csv_text(rng))
    args = pick()
    return [[*d, *args]]


def gen_replay_speed(work: Path, rng: random.Random) -> list[list[str]]:
    """Only speeds that must be refused (a valid one opens the dashboard)."""
    s = _valid_session(work, rng)
    return [["replay", str(s), f"--speed={rng.choice(['nan', 'inf', '-inf', '0', '-1', '1e9', 'abc', '1e-9'])}"]]


def gen_metadata(work: Path, rng: random.Random) -> list[list[str]]:
    """A session whose metadata another tool (or a damaged disk) wrote: odd values, valid checksum."""
    from hardening_support import library_session, rewrite_footer

    from sessions import schema as S

    lib = work / "lib"
    p = library_session(lib, rng.randrange(99), started_at=T0 + timedelta(seconds=rng.randrange(10**6)))
    field = rng.choice(["athlete", "exercise", "method", "load_kg", "body_mass_kg", "sample_rate_hz", "started_at",
                        "targets", "calibration", "schema_version", "notes", "simulated"])
    value = rng.choice([weird_text(rng), float("nan"), float("inf"), -1e308, 2**63, 2**40, None, [], {}, True,
                        "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "not a date", 0, -0.0])
    change: dict[str, Any] = {S.KEY_META: {field: value}}
    if rng.random() < 0.4:
        change[S.KEY_REPS] = [{"rep": rng.choice([2**40, -1, "x", None, 1e300, float("nan")]), "set": 1}]
    if rng.random() < 0.3:
        info = json.loads(_kv(p)[S.KEY_INFO])
        info["channels"][0][rng.choice(["scale", "offset"])] = rng.choice([float("nan"), float("inf"), 0, 1e308, "x"])
        info["sample_rate_hz"] = rng.choice([info["sample_rate_hz"], 0, -5, float("nan"), 1e308])
        change[S.KEY_INFO] = json.dumps(info)
    rewrite_footer(p, change, recheck=rng.random() < 0.8)
    d = ["--data-dir", str(lib)]
    return [[*d, "sessions", "list"], [*d, "sessions", "show", str(p)], [*d, "export", "--out", str(work / "e.csv")],
            ["analyze", str(p), "--format", "json"]]


def _kv(p: Path) -> dict[str, str]:
    import pyarrow.parquet as pq

    return {k.decode(): v.decode() for k, v in (pq.read_metadata(p).metadata or {}).items()}


def gen_names(work: Path, rng: random.Random) -> list[list[str]]:
    """A recording under an odd name, found again by that name, shown safely."""
    name = weird_text(rng)
    d = ["--data-dir", str(work / "lib")]
    return [[*d, "record", "--reader", "mock", "-o", "realtime=false", "--seconds", "0.3", "--athlete", name,
             "--exercise", weird_text(rng), "--notes", weird_text(rng)],
            [*d, "sessions", "list", "--athlete", name], [*d, "sessions", "show", "latest"],
            [*d, "export", "--athlete", name, "--out", str(work / "n.csv")]]


def gen_special(work: Path, rng: random.Random) -> list[list[str]]:
    """A FIFO, device or socket where a file belongs: refused at once, never waited on."""
    kind = rng.choice(["fifo", "chr", "sock"])
    if kind == "fifo":
        path = work / "f.csv"
        os.mkfifo(path)
    elif kind == "sock":
        path = work / "s.parquet"
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(path))
        s.close()
    else:
        path = Path(rng.choice(["/dev/null", "/dev/zero", "/dev/urandom"]))
    d = ["--data-dir", str(work / "lib")]
    cmd = rng.choice([["analyze", str(path)], [*d, "import", str(path)], [*d, "sessions", "show", str(path)],
                      ["replay", str(path)], [*d, "record", "--profile", str(path), "--seconds", "0.2"],
                      [*d, "export", "--out", str(path)]])
    return [cmd]


GENERATORS: dict[str, Callable[[Path, random.Random], list[list[str]]]] = {
    "loader": gen_loader, "cli": gen_cli, "replay_speed": gen_replay_speed, "metadata": gen_metadata,
    "names": gen_names, "special": gen_special,
}


# --- running ------------------------------------------------------------------------------------

def run_main(argv: list[str]) -> tuple[int, str, str, list[str]]:
    """(exit code, stdout, stderr, numpy/runtime warnings) of eccentric's main() in this process."""
    from eccentric.cli import main

    out, err = io.StringIO(), io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        warnings.simplefilter("always", RuntimeWarning)
        try:
            rc = main(argv)
        except SystemExit as exc:   # argparse: usage line and 2 (or 0 for --help)
            rc = int(exc.code or 0) if not isinstance(exc.code, str) else 2
    runtime = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    return rc, out.getvalue(), err.getvalue(), runtime


def check(argv: list[str], rc: int, out: str, err: str, runtime: list[str]) -> str | None:
    """What is wrong with this run, or None."""
    where = " ".join(argv)[:300]
    if "Traceback" in err or "internal error" in err:
        return f"traceback/internal error: {where}: {err.strip()[-400:]}"
    if runtime:
        return f"RuntimeWarning: {where}: {runtime[:2]}"
    if rc not in CODES:
        return f"undocumented exit code {rc}: {where}"
    if rc not in (0, 130):
        lines = [ln for ln in err.splitlines() if ln.strip()]
        if not lines:
            return f"exit {rc} without a message: {where}"
        last = lines[-1]
        if not (last.startswith("eccentric: error: ") or (rc == 2 and "error:" in last)):
            return f"exit {rc} without an `eccentric: error:` line: {where}: {last[:200]}"
    if "\x1b" in out or "\x1b" in err:
        return f"escape sequence printed: {where}"
    return None


def run_case(kind: str, seed: int, work: Path) -> list[str]:
    """Every problem found by one case (empty: it passed)."""
    rng = random.Random(f"{kind}:{seed}")
    work.mkdir(parents=True, exist_ok=True)
    try:
        commands = GENERATORS[kind](work, rng)
    except Exception as exc:   # noqa: BLE001 - a broken generator is a finding too
        return [f"generator {kind} failed: {exc.__class__.__name__}: {exc}"]
    problems = []
    for argv in commands:
        rc, out, err, runtime = run_main(argv)
        why = check(argv, rc, out, err, runtime)
        if why:
            problems.append(why)
    return problems


__all__ = ["GENERATORS", "check", "run_case", "run_main"]
