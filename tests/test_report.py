"""`eccentric report`: the coach's HTML page, its figures and tables, from sessions with known reps."""

from __future__ import annotations

import base64
import io
import re
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path

import numpy as np
import pytest
from analysis_synth import session as synth_session
from PIL import Image

from eccentric.cli import main
from forceplate.analysis import AnalysisConfig, analyse
from sessions.library import Library
from sessions.meta import SessionMeta
from sessions.report import make_report
from sessions.report.data import gather
from sessions.report.html import set_rows, verdict_class
from sessions.store import SessionPaths, save_session

T0 = datetime(2026, 3, 2, 17, 30, tzinfo=UTC)
NASTY = "<script>alert('x')</script> & [/] Zoë"
ECC_S = (2.0, 3.0, 4.5)          # the athlete slows her lowering week by week
REPS = (3, 4, 2)


def save(root: Path, athlete: str, when: datetime, ecc_s: float, reps: int, seed: int, exercise: str = "smith_squat",
         method: str = "slow_negatives") -> tuple[Path, float]:
    """A saved session and the true mean lowering time of its reps."""
    s = synth_session(ecc_s=ecc_s, reps=reps, seed=seed, body_kg=70.0 + seed, bar_kg=40.0 + 5 * seed)
    res = analyse(s.info, s.block, AnalysisConfig.for_method(method))
    meta = SessionMeta(athlete=athlete, exercise=exercise, method=method, load_kg=40.0 + 5 * seed,
                       started_at=when, body_mass_kg=res.body_mass_kg, system_mass_kg=res.system_mass_kg)
    path = save_session(SessionPaths.for_meta(root, meta), meta, s.info, s.block,
                        [r.to_row() for r in res.reps], [x.to_row() for x in res.sets])
    return path, float(np.mean([r.ecc_end_s - r.ecc_start_s for r in s.reps])) if s.reps else float("nan")


@pytest.fixture(scope="module")
def season(tmp_path_factory):
    root = tmp_path_factory.mktemp("season") / "data"
    made = [save(root, NASTY, T0 + timedelta(days=7 * k), e, n, seed=k) for k, (e, n) in enumerate(zip(ECC_S, REPS, strict=True))]
    other, _ = save(root, "Ben", T0 + timedelta(days=1), 2.5, 3, seed=7)
    return root, [p for p, _ in made], other, [t for _, t in made]


def imgs(html: str) -> list[tuple[str, bytes]]:
    return [(name, base64.b64decode(data)) for data, name in
            re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="[^"]*" data-figure="([^"]+)"', html)]


def test_an_athletes_season(season, tmp_path):
    root, paths, _, truth = season
    html_path = make_report(out=tmp_path / "r", library=Library(root), athlete=NASTY.upper())
    html = html_path.read_text("utf-8")
    data = gather(library=Library(root), athlete=NASTY)
    assert [d.path for d in data.sessions] == paths            # oldest first, Ben left out
    # the trend: the mean of each session's reps, following the lowering time actually done
    trend = data.trend["mean_ecc_duration_s"].to_list()
    assert trend == pytest.approx([d.reps["ecc_duration_s"].mean() for d in data.sessions], rel=1e-12)
    assert trend == pytest.approx(truth, rel=0.1) and trend == sorted(trend)
    assert data.trend["reps"].to_list() == list(REPS)
    # every figure is in the page and in figures/, the same PNG, of a sensible size
    figures = imgs(html)
    sets = sum(d.reps["set"].n_unique() for d in data.sessions)
    assert len(figures) == 1 + sets
    for name, png in figures:
        assert (html_path.parent / "figures" / f"{name}.png").read_bytes() == png
        with Image.open(io.BytesIO(png)) as im:
            assert im.width >= 600 and im.height >= 250
    # one table row per rep, with force in N and kg
    rep_rows = re.findall(r'<tr class="rep">', html)
    assert len(rep_rows) == sum(REPS)
    first = data.sessions[0].reps.row(0, named=True)
    n = first["ecc_mean_force_n"]
    assert f"{n:.0f} N<br><small>{n / 9.80665:.1f} kg</small>" in html
    # self-contained and safe: the name is text, never markup; nothing is fetched
    assert "<script" not in html.lower() and "&lt;script&gt;" in html
    assert unescape(re.search(r"<title>(.*?)</title>", html).group(1)).startswith(f"eccentric report: {NASTY}")
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", html)


def test_one_session_in_detail_with_the_trend_up_to_it(season, tmp_path):
    root, paths, _, truth = season
    data = gather([f"{paths[1].parent.name}/{paths[1].stem}"], library=Library(root))
    assert [d.path for d in data.sessions] == [paths[1]]
    assert data.trend.height == 2                               # sessions 1 and 2, not the later one, not Ben's
    assert data.trend["mean_ecc_duration_s"].to_list() == pytest.approx(truth[:2], rel=0.1)


def test_cli(season, tmp_path, capsys):
    root, paths, _, _ = season
    out = tmp_path / "rep"
    assert main(["--data-dir", str(root), "report", str(paths[0]), "--out", str(out)]) == 0
    printed = capsys.readouterr()
    assert printed.out.strip() == str(out / "report.html") and (out / "report.html").stat().st_size > 10_000
    assert main(["--data-dir", str(root), "report"]) == 2       # neither a session nor an athlete
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--athlete" in err
    out = tmp_path / "rep2"   # rep holds a report now: refused without --force (test_report_default_out)
    assert main(["--data-dir", str(root), "report", "no-such-session", "--out", str(out)]) == 3
    assert main(["--data-dir", str(root), "report", "--athlete", "Nobody", "--out", str(out)]) == 3
    (tmp_path / "file").write_text("x")
    assert main(["--data-dir", str(root), "report", "--athlete", "Ben", "--out", str(tmp_path / "file")]) == 2
    assert main(["--data-dir", str(root), "report", "--athlete", "Ben", "--since", "2026-03-05", "--out", str(out)]) == 3
    assert capsys.readouterr().err.count("eccentric: error:") == 4


def test_an_athlete_with_many_sessions_shows_the_newest_in_detail_and_says_what_it_left_out(season, tmp_path, capsys):
    """A season of sessions is a page of tens of MB in detail: the newest --detail sessions
    rep by rep, every session in the trend, and a note naming what is not shown."""
    root, paths, _, _ = season
    out = tmp_path / "r"
    assert main(["--data-dir", str(root), "report", "--athlete", NASTY, "--detail", "2", "--out", str(out)]) == 0
    html = (out / "report.html").read_text("utf-8")
    data = gather(library=Library(root), athlete=NASTY, detail=2)
    assert [d.path for d in data.sessions] == paths[1:]                     # the two newest, oldest first
    assert data.trend.height == 3 and html.count('<tr class="session">') == 3   # the trend keeps all three
    assert html.count('<section class="session">') == 2 and html.count('<tr class="rep">') == sum(REPS[1:])
    assert len(imgs(html)) == 1 + sum(d.reps["set"].n_unique() for d in data.sessions)
    note = unescape(re.sub(r"<[^>]+>", "", re.search(r'<p class="note">(.*?)</p>', html).group(1)))
    assert "2 most recent sessions" in note and "1 older session (2026-03-02 to 2026-03-02)" in note
    assert "--detail all" in note and unescape(re.search(r"<title>(.*?)</title>", html).group(1)).endswith(
        "2026-03-02 to 2026-03-16")                                           # the title spans the whole trend
    full = make_report(out=tmp_path / "all", library=Library(root), athlete=NASTY, detail=None).read_text("utf-8")
    assert full.count('<section class="session">') == 3 and 'class="note"' not in full
    assert len(full) > len(html)
    named = gather([str(p) for p in paths], library=Library(root), detail=1)   # named sessions: all, as asked
    assert len(named.sessions) == 3 and not named.left_out
    capsys.readouterr()
    for bad in ("0", "many"):
        with pytest.raises(SystemExit) as exc:   # argparse: the usage line and exit code 2
            main(["--data-dir", str(root), "report", "--athlete", "Ben", "--detail", bad])
        assert exc.value.code == 2 and "--detail" in capsys.readouterr().err


def test_a_session_without_reps_still_reports(tmp_path):
    root = tmp_path / "data"
    s = synth_session(reps=0, reps_at_all=False, seed=3)
    meta = SessionMeta(athlete="Ana", exercise="bench", method="normal", started_at=T0)
    save_session(SessionPaths.for_meta(root, meta), meta, s.info, s.block, [], [])
    html = make_report(out=tmp_path / "r", library=Library(root), athlete="Ana").read_text("utf-8")
    assert "No reps were found" in html and len(imgs(html)) == 1   # the trend (one point) only


def test_verdict_colours():
    assert verdict_class("on target", "ecc_on_target") == "ok"
    assert verdict_class("lowered too fast", "ecc_too_fast") == "off"
    assert verdict_class("on target", "ecc_on_target,estimated") == "check"
    assert verdict_class("7 reps (4-12 wanted): off target", None) == "off"
    assert verdict_class("ok", "") == ""


def test_a_set_short_of_its_reps_is_red_in_the_report():
    # the set verdict says by how much ("...: off target, 4 short"), so its end is not "off target"
    row = set_rows([{"set": 1, "reps": 2, "verdict": "2 reps (6-10 wanted): off target, 4 short"}])[0]
    assert row[-1].startswith('<span class="off">')
    assert set_rows([{"set": 1, "reps": 7, "verdict": "7 reps (6-10 wanted)"}])[0][-1] == "7 reps (6-10 wanted)"


def test_figures_show_the_phases_in_their_colours(season, tmp_path):
    """Each panel draws its rep's lowering in red, then its raise in blue, to the right of it."""
    root, paths, _, _ = season
    html_path = make_report([str(paths[2])], out=tmp_path / "r", library=Library(root))
    [png] = (html_path.parent / "figures").glob("*_set*.png")
    with Image.open(png) as im:
        rgb = np.asarray(im.convert("RGB")).astype(int)

    def near(hex_rgb: int) -> np.ndarray:
        want = [(hex_rgb >> 16) & 255, (hex_rgb >> 8) & 255, hex_rgb & 255]
        return np.all(np.abs(rgb - want) < 12, axis=2)

    red, blue = near(0xD62728), near(0x1F77B4)
    width = rgb.shape[1] // REPS[2]           # the set's reps side by side, one panel each
    for k in range(REPS[2]):
        r, b = np.nonzero(red[:, k * width:(k + 1) * width])[1], np.nonzero(blue[:, k * width:(k + 1) * width])[1]
        assert r.size > 300 and b.size > 300
        assert np.median(r) + 20 < np.median(b)


def test_min_max_keeps_every_peak_in_time_order():
    from sessions.report.figures import min_max

    rng = np.random.default_rng(9)
    for n in (10, 1599, 1600, 5003, 20000):
        t = np.sort(rng.uniform(0, 10, n))
        f = rng.normal(1000, 50, n)
        tt, ff = min_max(t, f)
        assert len(tt) <= min(n, 2400) and np.all(np.diff(tt) >= 0)
        assert ff.max() == f.max() and ff.min() == f.min()
        assert set(zip(tt.tolist(), ff.tolist(), strict=True)) <= set(zip(t.tolist(), f.tolist(), strict=True))


def test_sparse_or_odd_rep_rows_still_report(tmp_path):
    """Rows without phase times or a set number (an import, an old file): tables, no crash."""
    from test_sessions_support import make_block, meta, plate_info

    rng = np.random.default_rng(4)
    m = meta(athlete="Ana", started_at=T0)
    info = plate_info(2)
    rows = [{"rep": 1, "set": 1, "rep_in_set": 1, "ecc_duration_s": 3.1, "ecc_mean_force_n": 1200.0},
            {"rep": 2, "set": None, "ecc_start_s": float("nan"), "verdict": "<b>odd</b>"},
            {"rep": 3, "set": 1, "rep_in_set": 2, "ecc_start_s": 1.0, "ecc_end_s": 2.0, "con_start_s": 2.1,
             "con_end_s": 2.9, "ecc_con_load_ratio": float("inf")}]
    save_session(SessionPaths.for_meta(tmp_path / "data", m), m, info, make_block(rng, 4000, info), rows, [])
    html = make_report(out=tmp_path / "r", library=Library(tmp_path / "data"), athlete="ana").read_text("utf-8")
    assert html.count('<tr class="rep">') == 3 and "&lt;b&gt;odd&lt;/b&gt;" in html and "1 rep without a set" in html
    assert len(imgs(html)) == 2                                                  # the trend and set 1 (rep 3)


def test_a_jump_test_shows_jump_figures_not_strength_columns(tmp_path):
    """A jump's 'lowering load' or 'raise peak in kg' means nothing: the jump tables give height,
    RSI-modified, the phases' durations, braking forces and a positive depth (docs/jumps.md)."""
    from forceplate.simulator.jumps import recording

    root = tmp_path / "data"
    rec = recording(7000, kinds=("countermovement",), n_jumps=3)
    res = analyse(rec.info, rec.block)
    meta = SessionMeta(athlete="Łukasz", exercise="exercise", method="normal", started_at=T0,
                       body_mass_kg=res.body_mass_kg, system_mass_kg=res.system_mass_kg)
    save_session(SessionPaths.for_meta(root, meta), meta, rec.info, rec.block,
                 [r.to_row() for r in res.reps], [x.to_row() for x in res.sets])
    html = make_report(out=tmp_path / "r", library=Library(root), athlete="Łukasz").read_text("utf-8")
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    for want in ("Jump sets", "best height cm", "RSI-mod", "braking mean / peak N", "propulsion", "depth cm",
                 "mean jump height cm"):
        assert want in text, want
    for strength in ("lower load", "raise slowdown", "positive failure", "impulse lower / raise"):
        assert strength not in text, strength
    jump = res.reps[0].jump
    assert f"{100 * jump.height_impulse_m:.1f} / {100 * jump.height_flight_m:.1f}" in text
    assert f"{-100 * jump.countermovement_depth_m:.1f}" in text and jump.countermovement_depth_m < 0
    assert f"{jump.braking_mean_force_n:.0f} / {jump.braking_peak_force_n:.0f}" in text
