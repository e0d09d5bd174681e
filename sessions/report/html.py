"""The report as one self-contained HTML page: inline CSS, figures as data: URIs, no script,
nothing fetched. Every name and text from a file goes through html.escape."""

from __future__ import annotations

import base64
import math
from collections.abc import Collection, Mapping
from html import escape
from typing import Any

from forceplate.units import G
from sessions.analysis import is_jump_test, shown_as
from sessions.meta import app_version
from sessions.report import jumps as J
from sessions.report.data import ReportData, SessionDetail

OFF_CODES = {"ecc_too_fast", "ecc_too_slow", "pause_short", "overload_low", "assisted_raise"}

CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1400px;
padding:0 1.2em 3em;color:#1b1b1b;background:#fff}
h1{font-size:1.6em;margin:.8em 0 .2em}h2{margin-top:1.8em;border-bottom:2px solid #ddd;padding-bottom:.2em}
h3{margin:1.2em 0 .4em}.meta{color:#555}.sim{background:#fff3cd;border:1px solid #e0b000;padding:.4em .8em;
font-weight:600;display:inline-block;margin:.4em 0}
table{border-collapse:collapse;margin:.5em 0 1em;font-variant-numeric:tabular-nums}
th,td{padding:.25em .6em;border-bottom:1px solid #e4e4e4;text-align:right;white-space:nowrap}
th{background:#f4f4f4;position:sticky;top:0}td.text,th.text{text-align:left;white-space:normal}
.ok{color:#0a6b2d;font-weight:600}.off{color:#b3261e;font-weight:600}.check{color:#8a5a00;font-weight:600}
.ecc{color:#d62728}.con{color:#1f77b4}figure{margin:.6em 0}img{max-width:100%;height:auto}
figcaption{color:#555;font-size:.9em}.scroll{overflow-x:auto}
.note{background:#eef4ff;border:1px solid #9bb7e0;padding:.4em .8em}
@media print{h2{break-before:page}th{position:static}}
"""


def _num(v: Any, digits: int = 1, unit: str = "") -> str:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return "-"
    if not math.isfinite(x):
        return "-"
    return f"{x:.{digits}f}{unit}"


def _n_kg(v: Any) -> str:
    """A force as N and kg: coaches think in kg, the plate measures N."""
    try:
        x = float(v)
    except (TypeError, ValueError):
        return "-"
    return "-" if not math.isfinite(x) else f"{x:.0f} N<br><small>{x / G:.1f} kg</small>"


def verdict_class(verdict: str | None, codes: str | None) -> str:
    c = set(filter(None, (codes or "").split(",")))
    if c & OFF_CODES or "off target" in (verdict or ""):
        return "off"
    if "estimated" in c:
        return "check"
    return "ok" if (verdict or "") == "on target" else ""


def img(figures: Mapping[str, bytes], name: str, alt: str, caption: str = "") -> str:
    data = figures.get(name)
    if data is None:
        return ""
    uri = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    cap = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return f'<figure><img src="{uri}" alt="{escape(alt)}" data-figure="{escape(name)}">{cap}</figure>'


def table(head: list[str], rows: list[list[str]], text_cols: Collection[int] = (), kind: str = "") -> str:
    """head and cells are HTML already (escape text before); kind: the rows' class."""
    tr = f'<tr class="{kind}">' if kind else "<tr>"
    th = "".join(f'<th class="text">{h}</th>' if i in text_cols else f"<th>{h}</th>" for i, h in enumerate(head))
    body = "".join(tr + "".join(f'<td class="text">{c}</td>' if i in text_cols else f"<td>{c}</td>"
                                    for i, c in enumerate(r)) + "</tr>" for r in rows)
    return f'<div class="scroll"><table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table></div>'


REP_HEAD = ["rep", "lower s", "pause s", "raise s", '<span class="ecc">lower</span> mean',
            '<span class="ecc">lower</span> peak', '<span class="con">raise</span> mean',
            '<span class="con">raise</span> peak', "lower load", "impulse lower / raise N·s", "ecc:con load",
            "phases from", "verdict"]


def rep_rows(reps: list[dict]) -> list[list[str]]:
    out = []
    for r in reps:
        cls = verdict_class(r.get("verdict"), r.get("verdict_codes"))
        verdict = escape(r.get("verdict") or "")
        out.append([
            str(r.get("rep_in_set") or r.get("rep")), _num(r.get("ecc_duration_s"), 2), _num(r.get("pause_bottom_s"), 2),
            _num(r.get("con_duration_s"), 2), _n_kg(r.get("ecc_mean_force_n")), _n_kg(r.get("ecc_peak_force_n")),
            _n_kg(r.get("con_mean_force_n")), _n_kg(r.get("con_peak_force_n")), _n_kg(r.get("ecc_mean_load_n")),
            f'{_num(r.get("ecc_impulse_n_s"), 1)} / {_num(r.get("con_impulse_n_s"), 1)}',
            _num(r.get("ecc_con_load_ratio"), 2),
            f'{escape(str(r.get("phase_source") or ""))} {_num(r.get("confidence"), 2)}',
            f'<span class="{cls}">{verdict}</span>' if cls else verdict,
        ])
    return out


def set_rows(sets: list[dict]) -> list[list[str]]:
    out = []
    for s in sets:
        verdict = s.get("verdict") or ""
        cls = "off" if "off target" in verdict else ""   # also ": off target, 4 short"
        failure = s.get("positive_failure_rep")
        out.append([str(s.get("set")), str(s.get("reps")), _num(s.get("time_under_tension_s"), 1),
                    _num(s.get("mean_ecc_duration_s"), 2), _num(s.get("mean_ecc_con_load_ratio"), 2),
                    _num(s.get("concentric_slowdown"), 2),
                    "-" if failure is None else f"rep {failure}, {s.get('negatives_after_failure') or 0} negatives",
                    f'<span class="{cls}">{escape(verdict)}</span>' if cls else escape(verdict)])
    return out


SET_HEAD = ["set", "reps", "under tension s", "mean lower s", "mean ecc:con", "raise slowdown", "positive failure",
            "verdict"]


def session_section(d: SessionDetail, figures: Mapping[str, bytes], names: Mapping[tuple[str, int], str]) -> str:
    m = d.meta
    started = m.started_utc.strftime("%Y-%m-%d %H:%M UTC")
    load = "-" if m.load_kg is None else f"{m.load_kg:g} kg"
    body = "-" if not m.body_mass_kg else f"{m.body_mass_kg:.1f} kg"
    targets = ", ".join(f"{escape(str(k))} {escape(str(v))}" for k, v in (m.targets or {}).items()) or "-"
    jumps = "movement" in d.reps.columns and is_jump_test(d.reps.to_dicts())
    exercise, method = shown_as(m.exercise, m.method, jumps)
    parts = [f'<section class="session"><h2>{escape(m.athlete)} · {escape(exercise)} · {escape(method)}'
             f' · {started}</h2>']
    if m.simulated:
        parts.append('<div class="sim">SIMULATED plate: not a real lifter</div>')
    parts.append(f'<p class="meta">load {escape(load)} · body mass {escape(body)} · targets {targets} · '
                 f'plate {escape(m.plate or m.reader or "-")} {escape(m.serial or "")} · '
                 f'{m.sample_rate_hz:g} Hz · session <code>{escape(d.name)}</code></p>')
    if m.notes:
        parts.append(f'<p class="meta">notes: {escape(m.notes)}</p>')
    if d.reps.height == 0:
        parts.append("<p>No reps were found in this session.</p></section>")
        return "".join(parts)
    by_set = {no: d.reps.filter(d.reps["set"] == no).sort("rep").to_dicts()
              for no in d.reps["set"].drop_nulls().unique().sort().to_list()}
    jump_sets = {no for no, reps in by_set.items() if is_jump_test(reps)}
    if d.sets.height:
        strength = [s for s in d.sets.sort("set").to_dicts() if s.get("set") not in jump_sets]
        if strength:
            parts.append("<h3>Sets</h3>" + table(SET_HEAD, set_rows(strength), {7}, "set"))
    if jump_sets:
        parts.append("<h3>Jump sets</h3>" + table(J.JUMP_SET_HEAD, [J.jump_set_row(no, by_set[no])
                                                                     for no in sorted(jump_sets)], (), "set"))
    for set_no, reps in by_set.items():
        jumps_only = set_no in jump_sets
        what = "jump" if jumps_only else "rep"
        parts.append(f"<h3>Set {set_no}: {len(reps)} {what}{'' if len(reps) == 1 else 's'}</h3>")
        name = names.get((d.name, set_no), "")
        if jumps_only:
            parts.append(img(figures, name, f"force of each jump of set {set_no}",
                             "Force on the plate during each jump: eccentric (unweighting and braking) red, "
                             "propulsion blue up to the take-off, grey before and after (flight, landing); "
                             "dashed: body weight."))
            parts.append(table(J.JUMP_HEAD, J.jump_rows(reps), J.JUMP_TEXT_COLS, "rep"))
            continue
        parts.append(img(figures, name, f"force of each rep of set {set_no}",
                         "Force on the plate during each rep: lowering red, raising blue, grey before and after; "
                         "dashed: body weight, dotted: body + bar."))
        parts.append(table(REP_HEAD, rep_rows(reps), {11, 12}, "rep"))
    loose = d.reps.filter(d.reps["set"].is_null())
    if loose.height:
        rows = loose.sort("rep").to_dicts()
        what = "jump" if is_jump_test(rows) else "rep"
        parts.append(f"<h3>{loose.height} {what}{'' if loose.height == 1 else 's'} without a set number</h3>")
        if is_jump_test(rows):
            parts.append(table(J.JUMP_HEAD, J.jump_rows(rows), J.JUMP_TEXT_COLS, "rep"))
        else:
            parts.append(table(REP_HEAD, rep_rows(rows), {11, 12}, "rep"))
    parts.append("</section>")
    return "".join(parts)


TREND_HEAD = ["session (UTC)", "exercise", "method", "load", "reps", "mean lower s", "mean raise s",
              "mean ecc:con", "mean lower load", "on target"]


def trend_section(data: ReportData, figures: Mapping[str, bytes]) -> str:
    rows = []
    jumps = bool(data.trend["mean_jump_height_m"].is_not_nan().any()) if data.trend.height else False
    # a jump-only report leaves out the strength columns (every cell "-")
    strength = not jumps or bool(data.trend["mean_ecc_duration_s"].is_not_nan().any())
    keep = len(TREND_HEAD) if strength else 5
    head = TREND_HEAD[:keep] + (["mean jump height cm", "best jump height cm", "mean RSI-mod"] if jumps else [])
    for r in data.trend.to_dicts():
        share = r["on_target_share"]
        rows.append(([r["started_at"].strftime("%Y-%m-%d %H:%M"), escape(r["exercise"]), escape(r["method"]),
                     "-" if r["load_kg"] is None else f'{r["load_kg"]:g} kg', str(r["reps"]),
                     _num(r["mean_ecc_duration_s"], 2), _num(r["mean_con_duration_s"], 2),
                     _num(r["mean_ecc_con_load_ratio"], 2), _num(r["mean_ecc_load_kg"], 1, " kg"),
                     "-" if share is None or not math.isfinite(share) else f"{share:.0%}"])[:keep]
                    + ([_num(100 * r["mean_jump_height_m"], 1), _num(100 * r["best_jump_height_m"], 1),
                        _num(r["mean_rsi_modified"], 2)] if jumps else []))
    sim = " (includes SIMULATED sessions)" if bool(data.trend["simulated"].any()) else ""
    return (f"<section><h2>Trend across {data.trend.height} sessions{sim}</h2>"
            + img(figures, "trend", "trend across sessions",
                  ("Means per session: lowering time, eccentric:concentric load ratio, lowering load "
                   "(mean force minus body weight, in kg)" + (", jump height" if jumps else "")
                   + "; one line per exercise (strength means over the strength reps only)." if strength
                   else "Mean jump height per session."))
            + table(head, rows, {1, 2}, "session") + "</section>")


def left_out_note(data: ReportData) -> str:
    """What the page does not show rep by rep, and how to get it."""
    if not data.left_out:
        return ""
    n, first, last = len(data.left_out), data.left_out[0].started_utc, data.left_out[-1].started_utc
    return (f'<p class="note">Rep by rep: the {len(data.sessions)} most recent sessions. The {n} older '
            f"session{'s' if n > 1 else ''} ({first:%Y-%m-%d} to {last:%Y-%m-%d}) are in the trend only, "
            f"without force figures or rep tables; to see them, narrow the report with "
            f"<code>--since</code>/<code>--until</code> or raise <code>--detail</code> "
            f"(now {data.detail_limit}; <code>--detail all</code> shows every session).</p>")


def render(data: ReportData, figures: Mapping[str, bytes], names: Mapping[tuple[str, int], str]) -> str:
    """names: (session name, set) -> figure name in `figures`."""
    title = escape(f"eccentric report: {data.title}")
    banner = '<div class="sim">Contains SIMULATED sessions</div>' if data.simulated else ""
    made = data.created_at.strftime("%Y-%m-%d %H:%M UTC")
    sessions = "".join(session_section(d, figures, names) for d in data.sessions)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title}</title><style>{CSS}</style></head><body>"
            f"<h1>{title}</h1>{banner}"
            f'<p class="meta">{len(data.sessions)} sessions in detail · made {made} by eccentric {escape(app_version())}. '
            f"Forces in N (kg = N / {G}); load = force minus body weight; ecc:con = mean lowering load / "
            f"mean raising load.</p>{left_out_note(data)}"
            f"{trend_section(data, figures)}{sessions}</body></html>\n")
