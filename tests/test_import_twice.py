"""The same file imported twice is one session (sessions/duplicates.py): said in one line,
the other files of the command still imported; --again makes another copy."""

from __future__ import annotations

import shutil

import import_synth as S
from import_race import two_import_processes, two_imports_at_once

from eccentric.cli import main
from sessions.library import Library


def test_a_file_imported_twice_is_one_session(tmp_path, capsys):
    lib = tmp_path / "lib"
    p = S.write_hawkin_py(tmp_path / "cmj.csv", S.jump_trace(3))
    assert main(["--data-dir", str(lib), "import", str(p), "--athlete", "Ana"]) == 0
    first = Library(lib).list()[0].name
    capsys.readouterr()
    copy = tmp_path / "renamed copy.csv"       # the same content under another name: the same file
    shutil.copy(p, copy)
    other = S.write_hawkin_py(tmp_path / "other.csv", S.jump_trace(4))
    assert main(["--data-dir", str(lib), "import", str(copy), str(other)]) == 0
    out, err = capsys.readouterr()
    lines = [ln for ln in err.splitlines() if "already imported" in ln]
    assert len(lines) == 1 and f"already imported as session {first} on " in lines[0]
    assert "use --again to import another copy" in lines[0] and "Traceback" not in err
    assert out.count(".parquet") == 1 and len(Library(lib).list()) == 2     # other.csv imported
    assert main(["--data-dir", str(lib), "import", str(copy), "--again"]) == 0
    assert len(Library(lib).list()) == 3


def test_every_run_of_a_file_is_its_own_import(tmp_path, capsys):
    lib = tmp_path / "lib"
    p = S.write_pasco(tmp_path / "capstone.csv", S.jump_trace(22, rate_hz=500.0), runs=2)
    assert main(["--data-dir", str(lib), "import", str(p), "--run", "1"]) == 0
    assert main(["--data-dir", str(lib), "import", str(p), "--run", "2"]) == 0
    assert len(Library(lib).list()) == 2
    capsys.readouterr()
    assert main(["--data-dir", str(lib), "import", str(p), "--run", "all"]) == 0
    assert "(run Run #1): already imported" in capsys.readouterr().err
    assert len(Library(lib).list()) == 2


def test_a_changed_file_is_imported_again(tmp_path):
    lib = tmp_path / "lib"
    p = S.write_hawkin_py(tmp_path / "cmj.csv", S.jump_trace(3))
    assert main(["--data-dir", str(lib), "import", str(p)]) == 0
    p.write_text(p.read_text() + "\n")
    assert main(["--data-dir", str(lib), "import", str(p)]) == 0
    assert len(Library(lib).list()) == 2


def test_run_all_imports_the_runs_not_yet_in(tmp_path, capsys):
    lib = tmp_path / "lib"
    p = S.write_pasco(tmp_path / "capstone.csv", S.jump_trace(22, rate_hz=500.0), runs=2)
    assert main(["--data-dir", str(lib), "import", str(p), "--run", "1"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(lib), "import", str(p), "--run", "all"]) == 0
    out, err = capsys.readouterr()
    assert "(run Run #1): already imported" in err and "Run #2" not in err.split("already imported")[0]
    assert out.count(".parquet") == 1 and len(Library(lib).list()) == 2     # Run #2 imported
    assert main(["--data-dir", str(lib), "import", str(p), "--run", "all"]) == 0
    err = capsys.readouterr().err
    assert "(run Run #1): already imported" in err and "(run Run #2): already imported" in err
    assert len(Library(lib).list()) == 2


def test_one_file_named_twice_in_one_command_is_one_session(tmp_path, capsys):
    lib = tmp_path / "lib"
    p = S.write_hawkin_py(tmp_path / "cmj.csv", S.jump_trace(3))
    assert main(["--data-dir", str(lib), "import", str(p), str(p)]) == 0
    assert "already imported" in capsys.readouterr().err and len(Library(lib).list()) == 1


def test_two_imports_of_one_file_at_once_make_one_session(tmp_path, monkeypatch):
    """Both imports have checked the library before either writes (a barrier after the first
    check holds them there): the second must see the first's session under the import lock."""
    from sessions.duplicates import AlreadyImported

    lib, results = two_imports_at_once(tmp_path, monkeypatch)
    assert len(Library(lib).list()) == 1
    refused = [r for r in results if isinstance(r, AlreadyImported)]
    assert len(results) == 2 and len(refused) == 1
    assert "already imported as session" in str(refused[0]) and refused[0].exit_code == 0


def test_two_import_processes_of_one_file_make_one_session(tmp_path):
    """The real thing: two `eccentric import` processes started together; each exits 0 (as a
    sequential second import does) and the library holds one session."""
    lib, codes, outs = two_import_processes(tmp_path)
    assert codes == [0, 0], outs
    assert len(Library(lib).list()) == 1
    assert all("Traceback" not in err for _, err in outs)
