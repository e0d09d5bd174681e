"""`eccentric report --athlete` with no --out: one folder per athlete, also for names a folder
cannot hold as typed ("a/b" and "a\\b" wrote one report-a-b-<day>/, the second over the first)."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from test_report import save

from eccentric.cli import main

T0 = datetime(2026, 3, 2, 17, 30, tzinfo=UTC)


def test_reports_of_names_that_sanitise_alike_go_to_their_own_folders(tmp_path, monkeypatch, capsys):
    root = tmp_path / "data"
    names = ["a/b", "a\\b", "a-b"]
    for k, name in enumerate(names):
        save(root, name, T0, 3.0, 2, seed=k)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    written = []
    for name in names:
        assert main(["--data-dir", str(root), "report", "--athlete", name]) == 0
        written.append(capsys.readouterr().out.strip().splitlines()[0])
    assert len(set(written)) == 3 and all(w.startswith("report-a-b") for w in written)
    assert "report-a-b-2026-03-02/report.html" in written   # a name filed as typed keeps its plain folder
    for name, page in zip(names, written, strict=True):
        assert html.escape(name) in (work / page).read_text()   # each folder holds its own athlete's page


def test_report_out_says_the_folder_it_made(tmp_path, capsys):
    """`report --out` makes a missing folder, as `export --out` does, and both say so."""
    root = tmp_path / "data"
    save(root, "Ana", T0, 3.0, 2, seed=1)
    out = tmp_path / "reports" / "ana"
    assert main(["--data-dir", str(root), "report", "--athlete", "Ana", "--out", str(out)]) == 0
    assert f"eccentric: created the folder {tmp_path / 'reports'}\n" in capsys.readouterr().err
    assert main(["--data-dir", str(root), "report", "--athlete", "Ana", "--out", str(out), "--force"]) == 0
    assert "created the folder" not in capsys.readouterr().err and (out / "report.html").is_file()


def test_report_out_keeps_an_earlier_report_without_force(tmp_path, capsys):
    """`report --out DIR` over a folder that holds a report.html refuses (exit 2, one line) as
    `export --out` does, and leaves the earlier page as it was; --force replaces it."""
    root = tmp_path / "data"
    save(root, "Ana", T0, 3.0, 2, seed=1)
    out = tmp_path / "ana"
    out.mkdir()
    (out / "report.html").write_text("the coach's earlier report")
    assert main(["--data-dir", str(root), "report", "--athlete", "Ana", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "exists: give --force" in err and "Traceback" not in err
    assert (out / "report.html").read_text() == "the coach's earlier report"
    assert not (out / "figures").exists()   # refused before any work
    assert main(["--data-dir", str(root), "report", "--athlete", "Ana", "--out", str(out), "--force"]) == 0
    assert "<html" in (out / "report.html").read_text().lower()


def test_report_default_folder_is_kept_too(tmp_path, capsys, monkeypatch):
    """The default folder (report-<athlete>-<date>) is not written over silently either."""
    root = tmp_path / "data"
    save(root, "Ana", T0, 3.0, 2, seed=1)
    monkeypatch.chdir(tmp_path)
    assert main(["--data-dir", str(root), "report", "--athlete", "Ana"]) == 0
    page = tmp_path / capsys.readouterr().out.strip().splitlines()[0]
    page.write_text("kept")
    assert main(["--data-dir", str(root), "report", "--athlete", "Ana"]) == 2
    assert page.read_text() == "kept"
    assert main(["--data-dir", str(root), "report", "--athlete", "Ana", "--force"]) == 0
    assert page.read_text() != "kept"
