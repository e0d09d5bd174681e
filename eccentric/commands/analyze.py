"""`eccentric analyze PATH`: reps and per-phase metrics of a session file or a raw plate CSV.

PATH is a session (.parquet, written by `eccentric record`) or another system's recording read by
sessions.csv_input, the same reader as `eccentric import` (docs/import.md): vendor CSV/TXT/.mot,
foreign Parquet, C3D; every column gets a role from its name and unit.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np

from forceplate.errors import BadInputError, EccentricError, ExitCode
from forceplate.samples import ReaderInfo, SampleBlock

FORMATS = ("table", "json", "csv")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "analyze", help="reps and per-phase metrics of a session file or another system's recording",
        description="Find every rep's eccentric and concentric phases and their force metrics. "
                    "PATH: a session .parquet, or a vendor's export (CSV/TSV/TXT, OpenSim .mot/.sto, Kistler "
                    "BioWare, Parquet, C3D) read as `eccentric import` reads it (see `eccentric inspect PATH`).")
    p.add_argument("path", type=Path, metavar="PATH")
    p.add_argument("--body-mass-kg", type=float, metavar="KG",
                   help="the lifter's body mass (default: weighed from the recording)")
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    p.add_argument("--method", metavar="M",
                   help="normal, slow_negatives, beyond_failure, forced_positive or forced_negative "
                        "(default: the session's, else normal)")
    from eccentric.commands.import_cmd import add_reading_options

    add_reading_options(p)
    p.set_defaults(run=run)


# --- input ---------------------------------------------------------------------------------

def read_input(path: Path, options: Any = None) -> tuple[ReaderInfo, SampleBlock, str | None, float | None]:
    """(info, block, recorded method, recorded body mass kg) from a session file or a foreign recording.

    A session started after the lifter stepped on holds no body-only stretch to weigh, so
    the body mass weighed live (in its metadata) is used, as replay does."""
    from sessions.formats import regular_file

    try:
        regular_file(path)
        with path.open("rb") as fh:
            head = fh.read(4)
    except BadInputError as exc:
        raise BadInputError(f"{path}: {exc}") from None
    except OSError as exc:
        raise BadInputError(f"{path}: cannot read ({exc.strerror or exc.__class__.__name__})") from None
    if head == b"PAR1" or path.suffix.lower() == ".parquet":
        from sessions.formats.binary import parquet_kind

        try:
            kind = parquet_kind(path) if head == b"PAR1" else "session"
        except BadInputError as exc:
            raise BadInputError(f"{path}: {exc}") from None
        if kind == "session":
            try:
                from sessions.session_file import read_session
            except ImportError:
                raise EccentricError("reading session files is not available in this installation") from None
            stored = read_session(path)
            if len(stored.block) == 0:
                raise BadInputError(f"{path}: the session has no samples")
            body = getattr(stored.meta, "body_mass_kg", None)
            return stored.info, stored.block, getattr(stored.meta, "method", None) or None, body
    from sessions.csv_input import (
        read_plate_csv,  # the one foreign-file reader (shared with `import`)
    )

    info, block = read_plate_csv(path, reader="csv", name="CSV", options=options)
    return info, block, None, None


# --- output ---------------------------------------------------------------------------------

def _clean(x: Any) -> Any:
    """JSON-safe: NaN/inf -> None, numpy scalars -> Python."""
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


def _table(result: Any, method: str) -> str:
    lines = []
    bm = "?" if result.body_mass_kg is None else f"{result.body_mass_kg:.1f} kg"
    sm = "?" if result.system_mass_kg is None else f"{result.system_mass_kg:.1f} kg"
    lines.append(f"method {method}  body {bm}  system {sm}  rate {result.sample_rate_hz:.0f} Hz  "
                 f"reps {len(result.reps)}")
    head = (f"{'rep':>3} {'set':>3} {'ecc start':>9} {'ecc s':>6} {'pause':>5} {'con s':>6} "
            f"{'ecc F N':>8} {'con F N':>8} {'ecc:con':>7} {'source':<14} {'conf':>4}  verdict")
    lines += [head, "-" * len(head)]
    for r in result.reps:
        ratio = "-" if not math.isfinite(r.ecc_con_load_ratio) else f"{r.ecc_con_load_ratio:.2f}"
        lines.append(
            f"{r.rep:>3} {r.set:>3} {r.eccentric.start_s:>9.2f} {r.eccentric.duration_s:>6.2f} "
            f"{r.pause_bottom_s:>5.2f} {r.concentric.duration_s:>6.2f} {r.eccentric.mean_force_n:>8.0f} "
            f"{r.concentric.mean_force_n:>8.0f} {ratio:>7} {r.phase_source:<14} {r.confidence:>4.2f}  {r.verdict}")
    for s in result.sets:
        lines.append(f"set {s.set}: {s.reps} reps, time under tension {s.time_under_tension_s:.1f} s, "
                     f"concentric slowdown x{s.concentric_slowdown:.2f} - {s.verdict}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from forceplate.analysis import AnalysisConfig, analyse

    if args.body_mass_kg is not None and not (10.0 <= args.body_mass_kg <= 400.0):
        raise EccentricError(f"--body-mass-kg {args.body_mass_kg:g} is not a plausible body mass",
                             exit_code=ExitCode.USAGE)
    from eccentric.commands.import_cmd import options_from_args

    info, block, recorded_method, recorded_body_kg = read_input(args.path, options_from_args(args))
    method = args.method or recorded_method or "normal"
    body_kg = args.body_mass_kg if args.body_mass_kg is not None else recorded_body_kg
    overrides = {} if body_kg is None else {"body_mass_kg": body_kg}
    config = AnalysisConfig.for_method(method, **overrides)
    result = analyse(info, block, config)
    rows = [r.to_row() for r in result.reps]
    out = sys.stdout
    if args.format == "json":
        doc = {"sample_rate_hz": result.sample_rate_hz, "system_mass_kg": result.system_mass_kg,
               "body_mass_kg": result.body_mass_kg, "method": method, "reps": rows,
               "sets": [s.to_row() for s in result.sets],
               "weighings": [{
                   "kind": w.kind, "t_start_s": w.t_start_s, "t_end_s": w.t_end_s, "force_n": w.force_n,
                   "sd_n": w.sd_n, "mass_kg": w.mass_kg, "accepted": w.accepted, "reason": w.reason}
                   for w in result.weighings]}
        json.dump(_clean(doc), out, indent=1)
        out.write("\n")
    elif args.format == "csv":
        import csv

        from forceplate.analysis.events import PhaseMetrics, Rep

        fields = list(rows[0]) if rows else list(_empty_row(Rep, PhaseMetrics))
        w = csv.DictWriter(out, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        for row in rows:
            w.writerow({k: ("" if v is None else v) for k, v in row.items()})
    else:
        out.write(_table(result, method) + "\n")
    return ExitCode.OK


def _empty_row(rep_cls: Any, pm_cls: Any) -> dict[str, Any]:
    """The CSV header when there are no reps (the same keys as Rep.to_row())."""
    pm = pm_cls(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    return rep_cls(0, 0, 0, pm, pm, 0.0, 0.0, 0.0, 0.0, "", 0.0).to_row()
