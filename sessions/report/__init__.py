"""A coach's report: data (what to show) -> figures (matplotlib PNGs) -> html (one page).

`make_report(...)` writes `<out>/report.html` (self-contained: figures embedded) and the same
figures as PNG files in `<out>/figures/`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from forceplate.errors import DiskError, EccentricError, ExitCode
from sessions.paths import athlete_folder, missing_folder, safe_name

if TYPE_CHECKING:
    from sessions.report.data import ReportData

HTML_NAME = "report.html"
# An athlete's report shows this many of the newest sessions rep by rep (figures and tables);
# the older ones are rows of the trend only. Every set's figure adds ~0.1 MB to the page: a
# season in detail is a page of tens of MB that a browser opens slowly (see the README figures).
DETAIL_SESSIONS = 5
FIGURES = "figures"


def default_out(data: ReportData) -> Path:
    """report-<athlete's folder name>-<last session day>, in the current folder: "a/b" and "a\\b"
    do not write into one folder (sessions.paths.athlete_folder)."""
    last = data.sessions[-1].meta.started_utc
    who = athlete_folder("_".join(data.athletes))
    return Path(f"report-{who}-{last:%Y-%m-%d}")


def draw(data: ReportData) -> tuple[dict[str, bytes], dict[tuple[str, int], str]]:
    """Every figure as PNG bytes by file stem, and (session, set) -> stem."""
    from sessions.report import figures as F

    pngs: dict[str, bytes] = {}
    names: dict[tuple[str, int], str] = {}
    fig = F.trend(data.trend)
    if fig is not None:
        pngs["trend"] = F.png_bytes(fig)
    for d in data.sessions:
        if d.reps.height == 0:
            continue
        for set_no in d.reps["set"].drop_nulls().unique().sort().to_list():
            fig = F.rep_profiles(d, set_no)
            if fig is None:
                continue
            stem = f"{safe_name(d.path.parent.name, 'athlete')}_{safe_name(d.path.stem, 'session')}_set{set_no}"
            pngs[stem] = F.png_bytes(fig)
            names[(d.name, set_no)] = stem
    return pngs, names


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.unlink(missing_ok=True)    # never write through a link left there
        with open(tmp, "xb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DiskError(f"cannot write {path}: {exc.strerror or exc}") from None


def write(data: ReportData, out: Path | None = None, notes: list[str] | None = None,
          replace: bool = True) -> Path:
    """Draw and write the report; returns the HTML file. A folder given with --out that did not
    exist is made and said in notes (as `export --out` says it). With replace=False (`report`
    without --force) a folder that already holds a report is refused before any drawing."""
    from sessions.report.html import render

    given = out is not None
    out = Path(out) if out is not None else default_out(data)
    made = missing_folder(out) if given else None
    if out.exists() and not out.is_dir():
        raise EccentricError(f"{out} exists and is not a folder; give a folder for the report",
                             exit_code=ExitCode.USAGE)
    if not replace:
        refuse_existing(out)
    pngs, names = draw(data)
    page = render(data, pngs, names).encode("utf-8")
    try:
        (out / FIGURES).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DiskError(f"cannot create {out / FIGURES}: {exc.strerror or exc}") from None
    for stem, png in pngs.items():
        _write(out / FIGURES / f"{stem}.png", png)
    _write(out / HTML_NAME, page)
    if made is not None and notes is not None:
        from sessions.names import display

        notes.append(f"created the folder {display(made)}")
    return out / HTML_NAME


def refuse_existing(out: Path) -> None:
    """A coach's earlier report is kept unless --force (as `export --out` keeps an export)."""
    page = out / HTML_NAME
    if os.path.lexists(page):
        from sessions.names import display

        raise EccentricError(f"{display(str(page))} exists: give --force to replace it, or another --out",
                             exit_code=ExitCode.USAGE)


def make_report(sessions: list[str] | None = None, out: Path | None = None, *, replace: bool = True,
                **filters: Any) -> Path:
    """gather + write: the report of named sessions or of an athlete (see data.gather)."""
    from sessions.report.data import gather

    if out is not None and not replace:
        refuse_existing(Path(out))   # before reading any session
    return write(gather(sessions, **filters), out, filters.get("notes"), replace=replace)
