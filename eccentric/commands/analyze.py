"""`eccentric analyze PATH`: reps and per-phase metrics of a session file or a raw plate CSV
(jumps too: a `movement` = "jump" row with `jump_*` metrics, docs/jumps.md).

PATH is a session (.parquet, written by `eccentric record`) or another system's recording read by
sessions.csv_input, the same reader as `eccentric import` (docs/import.md): vendor CSV/TXT/.mot,
foreign Parquet, C3D; every column gets a role from its name and unit.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from eccentric.commands.record import (
    add_judging_options,
    add_local_options,
    exercise_name,
    judging_overrides,
)
from eccentric.jsonsafe import json_safe
from forceplate.analysis.verdicts import counted
from forceplate.errors import BadInputError, EccentricError, ExitCode
from forceplate.samples import ReaderInfo, SampleBlock

FORMATS = ("table", "json", "csv")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "analyze", help="reps and per-phase metrics of a session file or another system's recording",
        description="Find every rep's eccentric and concentric phases and their force metrics. "
                    "PATH: a session .parquet, or a vendor's export (CSV/TSV/TXT, OpenSim .mot/.sto, Kistler "
                    "BioWare, Parquet, C3D) read as `eccentric import` reads it (see `eccentric inspect PATH`). Jumps (countermovement, squat, drop, hops, loaded) "
                    "are found too and listed with their own metrics (docs/jumps.md).")
    p.add_argument("path", type=Path, metavar="PATH")
    add_local_options(p, reader=False)   # a session's name is looked up in --data-dir
    p.add_argument("--body-mass-kg", type=float, metavar="KG",
                   help="the lifter's body mass (default: weighed from the recording)")
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    p.add_argument("--method", metavar="M",
                   help="normal, slow_negatives, beyond_failure, forced_positive or forced_negative "
                        "(default: the session's, else normal)")
    p.add_argument("--exercise", default=None, type=exercise_name, metavar="NAME",
                   help="the exercise (default: the session's; bodyweight_squat reads reps with no bar "
                        "taken as bodyweight reps, `eccentric exercises` lists them)")
    p.add_argument("--reanalyse", "--reanalyze", action="store_true",
                   help="a session: analyse its samples again with this eccentric (default: show the "
                        "analysis stored with it; `eccentric sessions reanalyse` stores a new one)")
    add_judging_options(p)
    from eccentric.commands.import_cmd import add_reading_options

    add_reading_options(p)
    p.set_defaults(run=run)


# --- input ---------------------------------------------------------------------------------

def read_input(path: Path, options: Any = None, dated: dict[str, Any] | None = None
               ) -> tuple[ReaderInfo, SampleBlock, str | None, float | None]:
    """(info, block, recorded method, recorded body mass kg) from a session file or a foreign recording.
    `dated`, when given, gets when it was recorded ("at", UTC) and where that came from ("source").

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
            from sessions.analysis import valid_samples

            stored = read_session(path, salvage=True)
            if stored.samples_lost:
                print(f"eccentric: warning: {path.name}: {counted(stored.samples_lost, 'sample')} in damaged "
                      f"pages of the file could not be read and are left out", file=sys.stderr)
            if len(stored.block) == 0:
                raise BadInputError(f"{path}: the session has no samples")
            block, invalid = valid_samples(stored.info, stored.block)
            if len(block) == 0:
                raise BadInputError(f"{path}: no valid force samples (all {len(stored.block)} are NaN or infinite)")
            if invalid:
                print(f"eccentric: note: {path.name}: {counted(invalid, 'sample')} with no valid force reading "
                      f"(NaN or infinite) left out, as dropped samples", file=sys.stderr)
            body = getattr(stored.meta, "body_mass_kg", None)
            if dated is not None:
                dated.update(session_dated(stored.meta))
            return stored.info, block, getattr(stored.meta, "method", None) or None, body
    from sessions.csv_input import (
        no_person_note,
        read_foreign,  # the one foreign-file reader (shared with `import`)
    )

    info, block, plan = read_foreign(path, reader="csv", name="CSV", options=options)
    if dated is not None:
        from sessions.importer import recorded_at

        at, source = recorded_at(path, plan.table)
        dated.update(at=at, source=source)
    if (why := no_person_note(block.total_force_n(info))) is not None:
        print(f"eccentric: note: {path.name}: {why}", file=sys.stderr)
    return info, block, None, None


def session_dated(meta: Any) -> dict[str, Any]:
    """A session's start (UTC) and where it came from: an import's source, else its own clock."""
    return {"at": meta.started_utc, "source": getattr(meta, "started_at_source", "") or "the recording's clock"}


def dated_line(dated: dict[str, Any]) -> str:
    """'2024-03-01 10:00 UTC (the file's own date, ...)', as `import` says it."""
    return f"{dated['at']:%Y-%m-%d %H:%M} UTC ({dated['source']})"


# --- output ---------------------------------------------------------------------------------


def _table(result: Any, method: str) -> str:
    lines = []
    bm = "?" if result.body_mass_kg is None else f"{result.body_mass_kg:.1f} kg"
    sm = "?" if result.system_mass_kg is None else f"{result.system_mass_kg:.1f} kg"
    n_jumps = sum(1 for r in result.reps if r.movement == "jump")
    # a jump test: no coaching method applies (the default "normal" read as if one did)
    what = "jump test" if n_jumps and n_jumps == len(result.reps) else f"method {method}"
    strength = [r for r in result.reps if r.movement != "jump"]
    system = f"system {sm}"
    if strength and all(r.movement == "bodyweight" for r in strength):
        system = "no bar (bodyweight: the load is the body)"   # no bar taken: the body is the system
    lines.append(f"{what}  body {bm}  {system}  rate {result.sample_rate_hz:.0f} Hz  "
                 f"reps {len(result.reps) - n_jumps}" + (f"  jumps {n_jumps}" if n_jumps else ""))
    # set, then the rep within it: as the dashboard, `sessions show` and `record` number them
    head = (f"{'set':>3} {'rep':>3} {'ecc start':>9} {'ecc s':>6} {'pause':>5} {'con s':>6} "
            f"{'ecc F N':>8} {'con F N':>8} {'ecc:con':>7} {'source':<14} {'conf':>4}  verdict")
    if strength or n_jumps == 0:
        lines += [head, "-" * len(head)]
    for r in strength:
        ratio = "-" if not math.isfinite(r.ecc_con_load_ratio) else f"{r.ecc_con_load_ratio:.2f}"
        lines.append(
            f"{r.set:>3} {r.rep_in_set:>3} {r.eccentric.start_s:>9.2f} {r.eccentric.duration_s:>6.2f} "
            f"{r.pause_bottom_s:>5.2f} {r.concentric.duration_s:>6.2f} {r.eccentric.mean_force_n:>8.0f} "
            f"{r.concentric.mean_force_n:>8.0f} {ratio:>7} {r.phase_source:<14} {r.confidence:>4.2f}  {r.verdict}")
    from sessions.jump_text import best_height_m

    lines += _jump_table([r for r in result.reps if r.movement == "jump"])
    jump_sets = {r.set for r in result.reps if r.movement == "jump"}
    for s in result.sets:
        if s.set in jump_sets:
            js = [r for r in result.reps if r.set == s.set and r.jump is not None]
            h = best_height_m(js)   # as the jump view and the report quote it
            best = f", best {100 * h:.1f} cm" if h is not None else ""
            lines.append(f"set {s.set}: {counted(len(js), 'jump')}{best}, mean eccentric {s.mean_ecc_duration_s:.2f} s")
            continue
        kind = "bodyweight rep" if any(r.set == s.set and r.movement == "bodyweight" for r in strength) else "rep"
        lines.append(f"set {s.set}: {counted(s.reps, kind)}, time under tension {s.time_under_tension_s:.1f} s, "
                     f"concentric slowdown x{s.concentric_slowdown:.2f} - {s.verdict}")
    return "\n".join(lines)


def _is_session(path: Path) -> bool:
    """An eccentric session file (not any Parquet: pandas' and Polars' tables are foreign recordings)."""
    from sessions.formats.binary import parquet_kind

    try:
        with path.open("rb") as fh:
            if fh.read(4) != b"PAR1":
                return False
        return parquet_kind(path) == "session"
    except (OSError, BadInputError):
        return False


def _stored_result(path: Path) -> tuple[Any, Any, str | None]:
    """(result, meta, stale reason) of the analysis stored with a session: what every view shows."""
    from forceplate.analysis import AnalysisResult
    from sessions.analysis import stale_reason
    from sessions.session_file import read_meta
    from sessions.stored_analysis import StoredAnalysis

    meta = read_meta(path)
    stored = StoredAnalysis.from_file(path)
    weighings = list(meta.calibration.get("weighings") or [])
    result = AnalysisResult(float(meta.sample_rate_hz), meta.body_mass_kg, meta.system_mass_kg,
                            sorted(stored.reps, key=lambda r: r.rep), list(stored.sets), weighings)
    return result, meta, stale_reason(meta)


def _warn_damaged(path: Path) -> None:
    """The stored analysis is read from the footer alone: the sample pages' checksums are checked
    too (a row group at a time: ~1.2 s for 3 hours at 1 kHz on a busy machine) so a damaged file
    is said, not shown as whole."""
    from sessions.sample_pages import damaged_rows, lost_note

    try:
        lost = damaged_rows(path)
    except BadInputError:   # the footer read a moment ago: vanished or replaced since, not ours to judge
        return
    if lost:
        print(f"eccentric: {lost_note(path.name, lost)} by --reanalyse and replay; the analysis stored when "
              f"it was saved (from every sample) is shown", file=sys.stderr)


def _jump_table(reps: list[Any]) -> list[str]:
    """Jumps (docs/jumps.md): heights by impulse-momentum and by flight time, the eccentric figures."""
    from sessions.jump_text import depth_down_m

    if not reps:
        return []

    def num(x: float | None, scale: float = 1.0, fmt: str = ".2f") -> str:
        return "-" if x is None or not math.isfinite(x) else format(x * scale, fmt)

    head = (f"{'set':>3} {'jump':>4} {'type':<15} {'take-off':>9} {'h imp cm':>8} {'h flt cm':>8} "
            f"{'v to m/s':>8} {'flight s':>8} {'contr s':>7} {'RSImod':>6} {'RSI':>5} {'ecc s':>5} "
            f"{'con s':>5} {'brk F N':>7} {'brk RFD N/s':>11} {'depth cm':>8} {'F@v0 N':>7} "
            f"{'ecc:con F':>9} {'land F N':>8} {'mass kg':>7}")
    lines = ["", f"jumps {len(reps)}", head, "-" * len(head)]
    for r in reps:
        j = r.jump
        lines.append(
            f"{r.set:>3} {r.rep_in_set:>4} {j.type + (' (off)' if j.landed == 'off' else ''):<15} {j.takeoff_s:>9.3f} "
            f"{num(j.height_impulse_m, 100, '.1f'):>8} {num(j.height_flight_m, 100, '.1f'):>8} "
            f"{num(j.takeoff_velocity_m_s):>8} {num(j.flight_time_s, 1, '.3f'):>8} "
            f"{num(j.contraction_time_s, 1, '.3f'):>7} {num(j.rsi_modified):>6} {num(j.rsi):>5} "
            f"{num(r.eccentric.duration_s):>5} {num(r.concentric.duration_s):>5} "
            f"{num(j.braking_mean_force_n, 1, '.0f'):>7} {num(j.braking_rfd_n_per_s, 1, '.0f'):>11} "
            f"{num(depth_down_m(j.countermovement_depth_m), 100, '.1f'):>8} {num(j.force_at_zero_velocity_n, 1, '.0f'):>7} "
            f"{num(j.ecc_con_mean_force_ratio):>9} {num(j.peak_landing_force_n, 1, '.0f'):>8} {j.mass_kg:>7.1f}")
    return lines


def session_or_file(args: argparse.Namespace) -> Path:
    """PATH as given when something is there, else a session of the library by the names
    `sessions list`, `report` and `replay` take ('latest', 'Ana/<stem>', a unique start)."""
    import os

    from sessions.library import Library

    path = Path(args.path)
    try:
        if os.path.lexists(path):
            return path
    except (OSError, ValueError):
        return path   # the readers give their own one-line error
    try:
        return Library(getattr(args, "data_dir", None)).resolve(str(path))
    except EccentricError:
        raise BadInputError(f"{path}: no such file or directory, nor a session of that name "
                            f"(see `eccentric sessions list`)") from None


def run(args: argparse.Namespace) -> int:
    from forceplate.analysis import AnalysisConfig, analyse

    args.path = session_or_file(args)

    if args.body_mass_kg is not None and not (10.0 <= args.body_mass_kg <= 400.0):
        raise EccentricError(f"--body-mass-kg {args.body_mass_kg:g} is not a plausible body mass",
                             exit_code=ExitCode.USAGE)
    if args.method:
        from forceplate.analysis.methods import resolve_method

        args.method = resolve_method(args.method)
    judging = judging_overrides(args)
    changes = bool(judging) or args.body_mass_kg is not None or args.exercise is not None
    version, stale = None, None
    if args.path.exists() and args.path.is_file() and _is_session(args.path) and not args.reanalyse:
        result, meta, stale = _stored_result(args.path)
        if not changes and (args.method is None or args.method == meta.method):
            method, version = meta.method, meta.analysis_version
            if stale:
                print(f"eccentric: note: {args.path.name}: the stored analysis was {stale}; --reanalyse shows "
                      f"a new one, `eccentric sessions reanalyse` stores it", file=sys.stderr)
            _warn_damaged(args.path)
            if not result.reps and args.format == "table":   # the same note as --reanalyse's
                from sessions.session_file import read_session

                try:
                    s = read_session(args.path, salvage=True)
                except EccentricError:    # unreadable samples: the note without the force's reason
                    print(f"eccentric: note: {args.path.name}: no reps or jumps found", file=sys.stderr)
                else:
                    _no_reps_note(args.path, s.block.time_s, s.block.total_force_n(s.info), result.body_mass_kg)
            return _print(args, result, method, version, stale, reanalysed=False, dated=session_dated(meta))
    from eccentric.commands.import_cmd import options_from_args

    dated: dict[str, Any] = {}
    info, block, recorded_method, recorded_body_kg = read_input(args.path, options_from_args(args), dated)
    method = args.method or recorded_method or "normal"
    body_kg = args.body_mass_kg if args.body_mass_kg is not None else recorded_body_kg
    overrides: dict[str, Any] = dict(judging)
    if body_kg is not None:
        overrides["body_mass_kg"] = body_kg
    if args.exercise is not None:
        overrides["exercise"] = args.exercise
    if _is_session(args.path):
        from sessions.analysis import config_for
        from sessions.session_file import read_meta

        config = config_for(read_meta(args.path), **overrides)   # the settings it was recorded with
        if method != recorded_method:   # another method: only its targets change (exercise, load kept)
            config = replace(config, method=method, **AnalysisConfig.for_method(method).targets())
            config = replace(config, **overrides)
    else:
        config = AnalysisConfig.for_method(method, **overrides)
    result = analyse(info, block, config)
    if not result.reps and args.format == "table":   # an empty table alone reads as a failure to analyse
        _no_reps_note(args.path, block.time_s, block.total_force_n(info), result.body_mass_kg)
    from forceplate.analysis.version import ANALYSIS_VERSION

    return _print(args, result, method, ANALYSIS_VERSION, None, reanalysed=_is_session(args.path), dated=dated)


def _no_reps_note(path: Path, time_s: Any, force_n: Any, body_kg: float | None) -> None:
    """One line on stderr under an empty table: nothing found in so many seconds, and why when
    the force says (nobody on the plate, no bar taken)."""
    from sessions.no_reps import why_no_reps

    span_s = float(time_s[-1] - time_s[0]) if len(time_s) > 1 else 0.0
    why = why_no_reps(time_s, force_n, body_kg) if len(time_s) > 1 else None
    print(f"eccentric: note: {path.name}: no reps or jumps found in {span_s:.3g} s of samples"
          + (f": {why}" if why else ""), file=sys.stderr)


def _print(args: argparse.Namespace, result: Any, method: str, version: str | None, stale: str | None,
           reanalysed: bool, dated: dict[str, Any] | None = None) -> int:
    rows = [r.to_row() for r in result.reps]
    out = sys.stdout
    if args.format == "json":
        doc = {"sample_rate_hz": result.sample_rate_hz, "system_mass_kg": result.system_mass_kg,
               "body_mass_kg": result.body_mass_kg, "method": method, "analysis_version": version,
               "stale": stale, "reanalysed": reanalysed,
               "recorded_at": dated["at"].isoformat() if dated else None,
               "recorded_at_source": dated["source"] if dated else None, "reps": rows,
               "sets": [s.to_row() for s in result.sets],
               "weighings": [w if isinstance(w, dict) else {
                   "kind": w.kind, "t_start_s": w.t_start_s, "t_end_s": w.t_end_s, "force_n": w.force_n,
                   "sd_n": w.sd_n, "mass_kg": w.mass_kg, "accepted": w.accepted, "reason": w.reason}
                   for w in result.weighings]}
        json.dump(json_safe(doc), out, indent=1)
        out.write("\n")
    elif args.format == "csv":
        import csv

        from forceplate.analysis.events import PhaseMetrics, Rep

        # when it was recorded, as the table and the JSON say, on every row: a CSV has no other place
        when = {"recorded_at": dated["at"].isoformat() if dated else "",
                "recorded_at_source": dated["source"] if dated else ""}
        fields = [*(rows[0] if rows else _empty_row(Rep, PhaseMetrics)), *when]
        w = csv.DictWriter(out, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        for row in rows:
            w.writerow({**{k: ("" if v is None else v) for k, v in json_safe(row).items()}, **when})   # NaN: ""
    else:
        table = _table(result, method).split("\n", 1)
        if dated:      # under the first line (what was found): when it was recorded
            table.insert(1, f"recorded {dated_line(dated)}")
        out.write("\n".join(table) + "\n")
    return ExitCode.OK


def _empty_row(rep_cls: Any, pm_cls: Any) -> dict[str, Any]:
    """The CSV header when there are no reps (the same keys as Rep.to_row())."""
    pm = pm_cls(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    return rep_cls(0, 0, 0, pm, pm, 0.0, 0.0, 0.0, 0.0, "", 0.0).to_row()
