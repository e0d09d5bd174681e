"""The report's figures, drawn with matplotlib's Agg canvas (no display, no pyplot state, so a
Textual worker thread can draw them): each rep's force profile per set, and the trend."""

from __future__ import annotations

import io
import math

import numpy as np
import polars as pl
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from forceplate.units import G
from sessions.report.data import SessionDetail

ECC = "#d62728"      # lowering: red, as on the dashboard
CON = "#1f77b4"      # raising: blue
REST = "#9a9a9a"     # before and after the rep
BODY = "#222222"
SYSTEM = "#7f7f7f"
COLS = 4             # reps side by side: wide enough to read a 3-6 s rep
DPI = 110


def png_bytes(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def _kg_axis(ax) -> None:
    ax.secondary_yaxis("right", functions=(lambda n: n / G, lambda kg: kg * G)).set_ylabel("kg")


def _finite(x) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) and v > 0 else None


def min_max(t: np.ndarray, f: np.ndarray, bins: int = 800) -> tuple[np.ndarray, np.ndarray]:
    """At most 2*bins points with each bin's lowest and highest force, in time order: a panel
    is ~350 px wide, so every peak stays and matplotlib draws a tenth of the samples."""
    n = len(t) // bins
    if n < 2:
        return t, f
    k = bins * n
    fb = f[:k].reshape(bins, n)
    lo, hi = np.argmin(fb, axis=1), np.argmax(fb, axis=1)
    first, last = np.minimum(lo, hi), np.maximum(lo, hi)
    rows = np.arange(bins)
    idx = np.column_stack([rows * n + first, rows * n + last]).ravel()
    return np.concatenate([t[idx], t[k:]]), np.concatenate([f[idx], f[k:]])


def plain_text(text: str) -> str:
    """A name as matplotlib draws it literally: `$` would start math, a leading `_` hides a label."""
    text = text.replace("$", r"\$")
    return f" {text}" if text.startswith("_") else text


def rep_profiles(detail: SessionDetail, set_no: int) -> Figure | None:
    """One panel per rep of the set: force vs time from the start of the lowering, the lowering
    red, the raise blue, body weight (and body + bar) as horizontal lines."""
    times = ("ecc_start_s", "ecc_end_s", "con_start_s", "con_end_s")
    reps = detail.reps.filter((pl.col("set") == set_no) & pl.all_horizontal(pl.col(times).is_not_null())
                              & pl.all_horizontal(pl.col(times).is_finite())).sort("rep")
    if reps.height == 0:
        return None
    rows = reps.to_dicts()
    jumps = all(r.get("movement") == "jump" for r in rows)
    ncols = min(COLS, len(rows))
    nrows = math.ceil(len(rows) / ncols)
    # fixed margins in inches (a layout engine costs as much as the drawing: 1 s a set)
    w, h = 3.2 * ncols + 1.5, 2.75 * nrows + 0.45
    fig = Figure(figsize=(w, h))
    axes = fig.subplots(nrows, ncols, squeeze=False, sharey=True, gridspec_kw={
        "left": 0.85 / w, "right": 1 - 0.65 / w, "bottom": 0.5 / h, "top": 1 - 0.7 / h,
        "wspace": 0.08, "hspace": 0.75 / 2.2})
    for ax, row in zip(axes.flat, rows, strict=False):
        t, f = min_max(*detail.rep_trace(row))
        es, ee = 0.0, float(row["ecc_end_s"]) - float(row["ecc_start_s"])
        cs, ce = (float(row[k]) - float(row["ecc_start_s"]) for k in ("con_start_s", "con_end_s"))
        ax.plot(t, f, color=REST, lw=1.0)
        for a, b, color in ((es, ee, ECC), (cs, ce, CON)):
            m = (t >= a) & (t <= b)
            ax.plot(t[m], f[m], color=color, lw=2.2)
        body, system = _finite(row.get("body_mass_kg")), _finite(row.get("system_mass_kg"))
        if body:
            ax.axhline(body * G, color=BODY, ls="--", lw=1.0)
        if system and (not body or abs(system - body) > 0.5):
            ax.axhline(system * G, color=SYSTEM, ls=":", lw=1.2)
        no = row.get("rep_in_set") or row["rep"]   # numbered within the set, as the table beside it
        if jumps:   # a jump's "lowering" is its eccentric phase: unweighting + braking
            ax.set_title(f"jump {no}: {plain_text(str(row.get('verdict') or ''))}", fontsize=9)
        else:
            ax.set_title(f"rep {no}: lower {ee - es:.1f} s, raise {ce - cs:.1f} s", fontsize=9)
        ax.grid(alpha=0.3)
        ax.set_xlabel("s from start of movement" if jumps else "s from start of lowering", fontsize=8)
        ax.tick_params(labelsize=8)
    for ax in axes[:, 0]:
        ax.set_ylabel("force (N)")
    for ax in axes[:, -1]:
        _kg_axis(ax)
    for ax in list(axes.flat)[len(rows):]:
        ax.set_visible(False)
    fig.legend(handles=[Line2D([], [], color=ECC, lw=2.2, label="eccentric (unweighting + braking)" if jumps
                               else "lowering (eccentric)"),
                        Line2D([], [], color=CON, lw=2.2, label="propulsion" if jumps else "raising (concentric)"),
                        Line2D([], [], color=BODY, ls="--", label="body weight"),
                        *([] if jumps else [Line2D([], [], color=SYSTEM, ls=":", label="body + bar")])],
               loc="upper center", bbox_to_anchor=(0.5, 1.0), ncols=4, fontsize=8, frameon=False)
    return fig


# (column, label, smallest y span): a session-to-session wobble below what a coach would act
# on (0.5 s of tempo, 0.1 of ratio, 5 kg) stays flat instead of filling the panel.
TREND_PANELS = (("mean_ecc_duration_s", "lowering time (s)", 0.5),
                ("mean_ecc_con_load_ratio", "ecc:con load", 0.1),
                ("mean_ecc_load_kg", "mean lowering load (kg)", 5.0))
JUMP_PANEL = ("jump_height_cm", "mean jump height (cm)", 3.0)   # 3 cm: over a CMJ's day-to-day noise (~2 cm)


def trend(frame: pl.DataFrame) -> Figure | None:
    """Per session, over time: lowering time, eccentric:concentric load and the lowering load,
    one line per exercise (loads of different lifts are not comparable)."""
    if frame.height == 0:
        return None
    jumps = "mean_jump_height_m" in frame.columns and bool(frame["mean_jump_height_m"].is_not_nan().any())
    panels: tuple[tuple[str, str, float], ...] = TREND_PANELS + (JUMP_PANEL,) if jumps else TREND_PANELS
    frame = frame.with_columns(jump_height_cm=100 * pl.col("mean_jump_height_m")) if jumps else frame
    # a panel with no session's figure (strength panels of a jump-only report) is left out
    panels = tuple(p for p in panels if frame[p[0]].is_not_nan().any()) or panels[:1]
    fig = Figure(figsize=(10, 2.4 * len(panels)), layout="constrained")
    axes = fig.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
    groups = frame.partition_by("exercise", maintain_order=True, as_dict=False)
    for ax, (col, label, span) in zip(axes, panels, strict=True):
        values = np.array(frame[col].to_list(), dtype=float)
        values = values[np.isfinite(values)]
        if values.size:
            lo, hi = float(values.min()), float(values.max())
            pad = max(span - (hi - lo), 0.0) / 2 + 0.08 * max(hi - lo, span)
            ax.set_ylim(lo - pad, hi + pad)
        ax.ticklabel_format(axis="y", useOffset=False)
        for g in groups:
            x = [d.replace(tzinfo=None) for d in g["started_at"].to_list()]
            y = np.array(g[col].to_list(), dtype=float)
            if np.isfinite(y).any():
                ax.plot(x, y, marker="o", lw=1.6, label=plain_text(str(g["exercise"][0])))
        if col == "mean_ecc_con_load_ratio":
            ax.axhline(1.0, color=SYSTEM, lw=0.8, ls=":")
        ax.set_ylabel(label)
        ax.grid(alpha=0.3)
    loc = AutoDateLocator()
    axes[-1].xaxis.set_major_locator(loc)
    axes[-1].xaxis.set_major_formatter(ConciseDateFormatter(loc))
    axes[-1].set_xlabel("session (UTC)")
    drawn = [ax for ax in axes if any(not str(ln.get_label()).startswith("_") for ln in ax.lines)]
    if drawn:
        drawn[0].legend(title="exercise", fontsize=8, title_fontsize=8, loc="best")
    fig.suptitle("trend across sessions (means per session)", fontsize=11)
    return fig
