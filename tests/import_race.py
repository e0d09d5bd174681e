"""Two imports of one file at once, for the import lock's tests (test_import_twice,
test_import_lock_file)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from import_synth import jump_trace, write_hawkin_py


def two_imports_at_once(tmp_path: Path, monkeypatch) -> tuple[Path, list[object]]:
    """Two threads import one file at once; both have checked the library before either
    writes (a barrier after the first check holds them there). (library folder, results)"""
    import threading

    import sessions.importer as importer
    from sessions.duplicates import AlreadyImported

    lib = tmp_path / "lib"
    p = write_hawkin_py(tmp_path / "cmj.csv", jump_trace(3))
    both_checked = threading.Barrier(2, timeout=60)
    analyse = importer.try_analyse_session

    def analyse_after_both_checked(*a, **k):
        both_checked.wait()
        return analyse(*a, **k)

    monkeypatch.setattr(importer, "try_analyse_session", analyse_after_both_checked)
    results: list[object] = []

    def one() -> None:
        try:
            results.append(importer.import_csv(p, lib, athlete="Ana", progress=False))
        except AlreadyImported as exc:
            results.append(exc)

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return lib, results


def two_import_processes(tmp_path: Path, **env: str) -> tuple[Path, list[int], list[tuple[str, str]]]:
    """Two `eccentric import` processes of one file started together, env added to theirs:
    (library folder, their exit codes, their (stdout, stderr))."""
    lib = tmp_path / "lib"
    p = write_hawkin_py(tmp_path / "cmj.csv", jump_trace(3))
    root = Path(__file__).resolve().parents[1]
    full = {**os.environ, "PYTHONPATH": str(root), **env}
    cmd = [sys.executable, "-m", "eccentric", "--data-dir", str(lib), "import", str(p), "--athlete", "Ana"]
    procs = [subprocess.Popen(cmd, env=full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [pr.communicate(timeout=180) for pr in procs]
    return lib, [pr.returncode for pr in procs], outs
