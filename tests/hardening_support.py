"""Helpers for the hardening and fuzz tests (no tests here): the CLI in a child process with a
timeout, sessions written and their footers rewritten, one-line error checks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq
from test_sessions_support import make_block, meta, plate_info

from sessions import schema as S
from sessions.session_file import metadata_check, write_session
from sessions.store import SessionPaths, save_session

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_S = 120.0   # a child that has not ended by then hangs (2 shared cores start Python slowly)

# Imports everything a recording needs, then starts main() at the same wall-clock instant as
# its twin: two scripts started together, in the same second, as the trials were.
GATED = ("import sys, time\n"
         "from eccentric.cli import main\n"
         "import forceplate.simulator, forceplate.analysis, sessions.recorder, sessions.recovery\n"
         "time.sleep(max(0.0, float(sys.argv[1]) - time.time()))\n"
         "sys.exit(main(sys.argv[2:]))\n")


def run_cli(args: list[str | bytes], timeout: float = TIMEOUT_S, **kw: Any) -> subprocess.CompletedProcess[str]:
    """`python -m eccentric ARGS` in a child; a hang fails the test instead of blocking it."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONWARNINGS": "default"}
    return subprocess.run([sys.executable, "-m", "eccentric", *args], capture_output=True, text=True,
                          errors="backslashreplace", timeout=timeout, cwd=ROOT, env=env, **kw)


def start_together(n: int, args: list[str], delay_s: float = 25.0) -> list[subprocess.Popen[str]]:
    """n processes running `eccentric ARGS` from the same instant (delay_s from now, on a whole
    second plus 0.3 s so they share the second)."""
    import time

    at = float(int(time.time() + delay_s)) + 0.3
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return [subprocess.Popen([sys.executable, "-c", GATED, repr(at), *args], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env) for _ in range(n)]


def assert_one_line_error(err: str, rc: int, codes: set[int] | int | None = None) -> None:
    """A failure is one `eccentric: error:` line and a documented code, never a traceback."""
    lines = [ln for ln in err.splitlines() if ln.strip() and not ln.startswith("eccentric: warning")
             and not ln.startswith("eccentric: note")]
    assert "Traceback" not in err and "internal error" not in err, err
    assert "RuntimeWarning" not in err, err
    assert rc != 0, err
    assert lines and lines[-1].startswith("eccentric: error: "), err
    if codes is not None:
        assert rc in ({codes} if isinstance(codes, int) else codes), (rc, err)


def library_session(root: Path, seed: int = 0, n: int = 3000, **meta_kw: Any) -> Path:
    """A session saved into the library at root (with one rep row)."""
    info = plate_info(2)
    m = meta(**meta_kw)
    block = make_block(np.random.default_rng(seed), n, info)
    sp = SessionPaths.for_meta(root, m)
    return save_session(sp, m, info, block, [{"rep": 1, "set": 1, "rep_in_set": 1, "ecc_duration_s": 2.5}], [])


def plain_session(path: Path, seed: int = 0, n: int = 2000, **meta_kw: Any) -> Path:
    return write_session(path, meta(**meta_kw), plate_info(2), make_block(np.random.default_rng(seed), n, plate_info(2)))


def rewrite_footer(path: Path, change: dict[str, Any], *, recheck: bool = True, drop_check: bool = False) -> None:
    """Rewrite a file's eccentric.* metadata: JSON documents merged (dict) or replaced (other),
    with a valid checksum (another tool's file) unless recheck=False (damage)."""
    t = pq.read_table(path)
    kv = {k.decode(): v.decode() for k, v in (t.schema.metadata or {}).items()}
    for key, value in change.items():
        if isinstance(value, dict) and key in kv:
            doc = json.loads(kv[key])
            doc.update(value)
            kv[key] = json.dumps(doc)
        else:
            kv[key] = value if isinstance(value, str) else json.dumps(value)
    kv.pop(S.KEY_CHECK, None)
    if recheck and not drop_check:
        kv[S.KEY_CHECK] = metadata_check(kv)
    pq.write_table(t.replace_schema_metadata({k.encode(): v.encode() for k, v in kv.items()}), path)


def crashed_journal(root: Path, m: Any, block: Any) -> Path:
    """A journal as a killed recording leaves it: written, unlocked, never turned into a session."""
    from sessions import journal_writer as JW
    from sessions import recorder as R

    info = plate_info(block.values.shape[1])
    rec = R.Recorder(root, info, m).start()
    rec.append(block)
    rec._stopped = True
    rec._queue.put(JW.STOP)
    assert rec._thread is not None
    rec._thread.join()
    rec._close()
    return rec.journal_path
