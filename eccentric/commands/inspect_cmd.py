"""`eccentric inspect FILE`: how a file will be read, before anything is saved.

Format and layout, rate and where it comes from, duration, every column with its role and
whether it is used, the vertical force rule, and the weight over the stillest second of the first quiet stance.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from eccentric.commands.record import add_local_options
from forceplate.errors import ExitCode


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("inspect", help="show how a recording will be read (format, rate, column roles, weight)",
                       description="Reads FILE as `eccentric import` and `eccentric analyze` would, and shows the "
                                   "format, rate, duration, every column with its role, and the weight at the start. "
                                   "Nothing is saved.")
    p.add_argument("path", type=Path, metavar="FILE")
    add_local_options(p, reader=False)   # a session's name is looked up in --data-dir
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    from eccentric.commands.import_cmd import add_reading_options

    add_reading_options(p)
    p.set_defaults(run=run)


def describe(path: Path, options: Any = None) -> dict[str, Any]:
    """Everything inspect shows, as plain data."""
    from eccentric.commands.analyze import read_input
    from sessions.csv_input import no_person_note, quiet_weight, read_foreign
    from sessions.formats import regular_file

    try:
        regular_file(path)
        with open(path, "rb") as fh:
            head = fh.read(4)
    except Exception:     # read_foreign says what is wrong, in one line
        head = b""
    columns: list[dict[str, Any]] = []
    notes: list[str] = []
    from sessions.formats.binary import parquet_kind

    dated: dict[str, Any] = {}
    if head == b"PAR1" and _safe_kind(path, parquet_kind) == "session":
        info, block, _, _ = read_input(path, dated=dated)
        fmt, layout, rate_src = "eccentric session", "", "the session"
        for i, c in enumerate(info.channels, 1):
            columns.append({"number": i, "name": c.name, "role": c.kind, "unit": c.unit, "use": ""})
        force_rule = "vertical force = " + " + ".join(c.name for c in info.channels if c.kind == "force")
    else:
        info, block, plan = read_foreign(path, reader="csv", name="CSV", options=options)
        fmt, layout, rate_src = plan.table.format, plan.table.layout, plan.rate_source
        for a in plan.assigned:
            h = a.column.header
            columns.append({"number": a.column.index, "name": a.column.label, "role": str(a.role),
                            "unit": h.unit, "use": a.use})
        force_rule = plan.force_note
        notes = plan.notes[1:]
        from sessions.importer import recorded_at

        at, source = recorded_at(path, plan.table)
        dated = {"at": at, "source": source}
    force = block.total_force_n(info)
    w = quiet_weight(block.time_s, force)
    if (why := no_person_note(force)) is not None:
        notes = [*notes, why]
    return {
        "file": str(path), "format": fmt, "layout": layout, "sample_rate_hz": info.sample_rate_hz,
        "rate_source": rate_src, "samples": len(block),
        "duration_s": float(block.time_s[-1] - block.time_s[0]) if len(block) else 0.0,
        "start_s": float(block.time_s[0]) if len(block) else 0.0,
        "recorded_at": dated["at"].isoformat() if dated else None,
        "recorded_at_source": dated.get("source"),
        "force": force_rule, "notes": notes, "columns": columns,
        "channels": [{"name": c.name, "kind": c.kind, "unit": c.unit} for c in info.channels],
        "weight": None if w is None else {"mass_kg": w.mass_kg, "force_n": w.force_n, "sd_n": w.sd_n,
                                          "t_start_s": w.t_start_s, "t_end_s": w.t_end_s},
    }


def _safe_kind(path: Path, fn: Any) -> str:
    try:
        return str(fn(path))
    except Exception:
        return ""


def safe_text(text: str) -> str:
    """A foreign file's names on the terminal: control characters (escape sequences) shown as '?'."""
    return "".join(ch if ch.isprintable() else "?" for ch in str(text))


def _text(d: dict[str, Any]) -> str:
    lines = [f"file      {safe_text(d['file'])}",
             f"format    {d['format']}" + (f" ({d['layout']})" if d["layout"] else ""),
             f"rate      {d['sample_rate_hz']:g} Hz (from {safe_text(d['rate_source'])})",
             f"duration  {d['duration_s']:.3f} s, {d['samples']} samples (from {d['start_s']:g} s)",
             *([f"recorded  {d['recorded_at'][:16].replace('T', ' ')} UTC ({safe_text(d['recorded_at_source'])})"]
               if d.get("recorded_at") else []),
             f"force     {safe_text(d['force'])}"]
    w = d["weight"]
    lines.append("weight    " + ("no quiet second with someone on the plate" if w is None else
                                 f"{w['mass_kg']:.1f} kg at the start ({w['force_n']:.0f} N, SD {w['sd_n']:.1f} N, "
                                 f"quiet {w['t_start_s']:.2f}-{w['t_end_s']:.2f} s)"))
    lines += [f"note      {safe_text(n)}" for n in d["notes"]]
    lines.append("columns")
    width = min(32, max([len(safe_text(c["name"])) for c in d["columns"]] + [4]))
    rwidth = min(40, max([len(c["role"]) for c in d["columns"]] + [4]))
    for c in d["columns"]:
        use = c["use"] or "used"
        lines.append(f"  {c['number']:>3}  {safe_text(c['name'])[:width]:<{width}}  {c['role']:<{rwidth}}  {use}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from eccentric.commands.analyze import session_or_file
    from eccentric.commands.import_cmd import options_from_args

    d = describe(session_or_file(args), options_from_args(args))
    if args.format == "json":
        json.dump(d, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(_text(d) + "\n")
    return ExitCode.OK
