"""The README's exit-code table, parsed, against behaviour: every code it lists is what the
ExitCode constants say and is produced by at least one real case (none is contradicted)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hardening_support import assert_one_line_error, plain_session
from test_sessions_support import make_block, meta, plate_info

from eccentric.cli import main
from forceplate.errors import ExitCode

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_codes() -> dict[int, str]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Exit codes"):]
    section = section[: section.index("\n#", 5)]
    table = re.search(r"never a\s+traceback:\s*(.+?)\.\s+An unexpected", section, re.S)
    assert table, "the exit-code table moved: update this parser"
    body = " ".join(table.group(1).split())
    parts = re.findall(r"(\d+) ((?:[^,(]|\([^)]*\))+)", body)
    return {int(code): meaning.strip() for code, meaning in parts}


def test_the_table_lists_exactly_the_exit_code_constants() -> None:
    codes = readme_codes()
    consts = {v for k, v in vars(ExitCode).items() if k.isupper()}
    assert set(codes) == consts
    assert codes[ExitCode.USAGE].startswith("bad command line")
    assert codes[ExitCode.BAD_INPUT].startswith("bad input")
    assert codes[ExitCode.DISK].startswith("cannot write")
    assert codes[ExitCode.INTERRUPTED] == "interrupted"


def _ok(tmp: Path, capsys) -> int:
    return main(["analyze", str(plain_session(tmp / "s.parquet"))])


def _other(tmp: Path, capsys) -> int:
    """1: an error that is none of the others - a journal another process is recording into."""
    from sessions.recorder import Recorder

    rec = Recorder(tmp, plate_info(1), meta()).start()
    rec.append(make_block(np.random.default_rng(0), 300, plate_info(1)))
    try:
        return main(["--data-dir", str(tmp), "sessions", "recover", str(rec.journal_path)])
    finally:
        rec.stop()


def _usage(tmp: Path, capsys) -> int:
    return main(["--data-dir", str(tmp), "record", "--reader", "mock", "--seconds=nan"])


def _usage_argparse(tmp: Path, capsys) -> int:
    with pytest.raises(SystemExit) as exc:
        main(["analyze", "--no-such-option"])
    print("eccentric: error: argparse", file=__import__("sys").stderr)   # argparse printed its own usage line
    return int(exc.value.code)


def _bad_input(tmp: Path, capsys) -> int:
    bad = tmp / "bad.parquet"
    bad.write_bytes(b"PAR1 not really")
    return main(["analyze", str(bad)])


def _no_plate(tmp: Path, capsys) -> int:
    return main(["--data-dir", str(tmp), "record", "--reader", "diy4", "--seconds", "1"])


def _no_permission(tmp: Path, capsys, monkeypatch) -> int:
    import eccentric.commands.devices as devices
    from forceplate.hid.fake_device import FakeUsbDevice
    from forceplate.hid.hid_reader import HidPlateReader
    from forceplate.profile import load_profile

    monkeypatch.setattr(devices, "open_reader_from_args", lambda args, default="auto": HidPlateReader(
        profile=load_profile("diy4"), finder=lambda: FakeUsbDevice([], deny=True), read_timeout_ms=5, poll_s=0.02))
    return main(["--data-dir", str(tmp), "record", "--seconds", "1"])


def _cannot_write(tmp: Path, capsys) -> int:
    (tmp / "file").write_text("x")
    return main(["--data-dir", str(tmp / "file" / "data"), "record", "--reader", "mock", "-o", "realtime=false",
                 "--seconds", "0.5"])


def _interrupted(tmp: Path, capsys, monkeypatch) -> int:
    """Ctrl-C while recording: everything saved, and 130."""
    from forceplate.simulator.mock_reader import MockReader

    real = MockReader.read
    calls = {"n": 0}

    def read(self, timeout_s=0.1):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt
        return real(self, timeout_s)

    monkeypatch.setattr(MockReader, "read", read)
    rc = main(["--data-dir", str(tmp), "record", "--reader", "mock", "-o", "realtime=false"])
    from sessions.library import Library

    assert len(Library(tmp).list()) == 1   # saved
    return rc


CASES = {0: [_ok], 1: [_other], 2: [_usage, _usage_argparse], 3: [_bad_input], 4: [_no_plate],
         5: [_no_permission], 6: [_cannot_write], 130: [_interrupted]}


def test_every_code_in_the_table_has_a_case() -> None:
    assert set(CASES) == set(readme_codes())


@pytest.mark.parametrize(("code", "case"), [(c, f) for c, fs in CASES.items() for f in fs],
                         ids=lambda x: x.__name__ if callable(x) else str(x))
def test_the_code_the_table_promises(tmp_path, capsys, monkeypatch, code, case) -> None:
    import inspect

    kw = {"monkeypatch": monkeypatch} if "monkeypatch" in inspect.signature(case).parameters else {}
    rc = case(tmp_path, capsys, **kw)
    err = capsys.readouterr().err
    assert rc == code, err
    if code == ExitCode.OK:
        assert "error" not in err
    elif code != ExitCode.INTERRUPTED:
        assert_one_line_error(err, rc, code)
    else:
        assert "Traceback" not in err and "stopped: saved" in err
