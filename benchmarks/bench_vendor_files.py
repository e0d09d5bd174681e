"""A coach's files from other labs, through the command line, against the truth they were made from.

    python benchmarks/bench_vendor_files.py [--only NAME,NAME] [--keep DIR] [--seed 0]

Each scenario writes one recording (tests/vendor_synth.py: the jump synthesiser's exact physics,
an arm-swing countermovement, a lifter's slow negatives on two plates) in one vendor's export
layout with what real exports vary (plates and corners, N/kN/lbf/kgf, 50 Hz-2 kHz, `;` and
decimal comma, BOM, CRLF, trailing empty columns, metadata blocks, runs side by side, time in
ms, no time column, a trimmed trial, a drop jump that starts on the box), then runs
`eccentric inspect`, `analyze --format json` and `import` (a temporary library) as a user does.
Printed per scenario: read or refused (the refusal's line, and whether it names the option
that settles it; the option is then given), and per jump the error against the truth: take-off
(ms), height by impulse-momentum and by flight time (mm), contraction time (ms), peak force
between the start and the take-off and peak landing force (%), mass (kg), RSI (drop jumps);
per strength rep the four phase boundaries (ms); and the session's date and its source.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import vendor_synth as V  # noqa: E402

from forceplate.simulator.jumps import match  # noqa: E402
from forceplate.units import G  # noqa: E402


@dataclass
class Scenario:
    name: str
    make: Callable[[Path], tuple[Path, V.Source]]
    settle: list[str]                 # the option that settles a refusal ([] = must read as it is)
    expect_refusal: str = ""          # a word the refusal must name ("--run", "--rate")
    expect_date: str = ""             # the session date the file states (local, "YYYY-MM-DD HH:MM")
    extra: tuple[str, ...] = ()       # more options for analyze / import (an exercise)


def _cli(args: list[str], data_dir: Path) -> tuple[int, str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), TZ="UTC")
    p = subprocess.run([sys.executable, "-m", "eccentric", *args, "--data-dir", str(data_dir)]
                       if args[0] in ("import", "analyze") else [sys.executable, "-m", "eccentric", *args],
                       capture_output=True, text=True, env=env, cwd=ROOT)
    return p.returncode, p.stdout, p.stderr


def scenarios(seed: int) -> list[Scenario]:
    def cmj(rate: float, s: int = 0, kind: str = "countermovement", n: int | None = 2) -> V.Source:
        return V.jump_source(seed * 100 + s, kind, rate, n_jumps=n)

    def first_stance_cut(src: V.Source, before_s: float = 2.0) -> V.Source:
        """Begin with the athlete already standing (no empty plate, no tare): body weight only."""
        return src.cut(src.jumps[0].onset_s - before_s)

    def drop_from_box(src: V.Source) -> V.Source:
        """A trigger that starts the recording on the box, 0.6 s before the touchdown."""
        return src.cut(src.jumps[0].onset_s - 0.6)

    def hawkin_trim(src: V.Source) -> V.Source:
        j = src.jumps[0]
        cut = src.cut(j.onset_s - 0.03, (j.landing_s or j.takeoff_s) + 1.2)
        cut.jumps = cut.jumps[:1]
        return cut.shifted(-0.03)

    S: list[Scenario] = [
        Scenario("vernier_ga_cmj_50hz", lambda d: (lambda s: (V.write_vernier_ga(d / "cmj.csv", [s]), s))(cmj(50, 1)), []),
        Scenario("vernier_ga_two_sets_100hz", lambda d: (lambda a, b: (V.write_vernier_ga(d / "ga2.csv", [a, b]), b))(
            cmj(100, 2), cmj(100, 3)), ["--run", "2"], "--run"),
        Scenario("logger_pro_runs_drop_200hz", lambda d: (lambda a, b: (V.write_logger_pro_runs(d / "lp.csv", [a, b]), a))(
            cmj(200, 4, "drop"), cmj(200, 5, "drop")), ["--run", "1"], "--run"),
        Scenario("pasco_semicolon_comma_bom_1000hz", lambda d: (lambda s: (V.write_pasco_capstone(d / "capstone.csv", s), s))(
            cmj(1000, 6)), []),
        Scenario("hawkin_trimmed_trial_1000hz", lambda d: (lambda s: (V.write_hawkin_trial(d / "hawkin.csv", s), s))(
            hawkin_trim(cmj(1000, 7, n=1))), []),
        Scenario("bioware_two_plates_sj_2000hz", lambda d: (lambda s: (V.write_bioware(d / "SubjectA_SJ.txt", s), s))(
            cmj(2000, 8, "squat")), [], expect_date="2024-03-05 14:02"),
        Scenario("kistler8_no_time_hops_1000hz", lambda d: (lambda s: (V.write_kistler8_no_time(d / "raw8.txt", s), s))(
            cmj(1000, 9, "hops")), []),
        Scenario("opensim_mot_1200hz", lambda d: (lambda s: (V.write_opensim_mot(d / "grf.mot", s), s))(cmj(1200, 10)), []),
        Scenario("lab_kN_ms_semicolon_comma_bom_crlf_trailing", lambda d: (lambda s: (V.write_lab_csv(
            d / "lab_kn.csv", s, unit="kN", time_unit="ms", sep=";", comma=True, bom=True, newline="\r\n",
            trailing_empty=2), s))(cmj(500, 11)), []),
        Scenario("lab_lbf_250hz", lambda d: (lambda s: (V.write_lab_csv(d / "lab_lbf.csv", s, unit="lbf"), s))(
            cmj(250, 12)), []),
        Scenario("lab_kgf_4_corners_1000hz", lambda d: (lambda s: (V.write_lab_csv(d / "lab_kgf.csv", s, unit="kgf",
                                                                                  n_cols=4), s))(cmj(1000, 13)), []),
        Scenario("lab_no_time_no_rate", lambda d: (lambda s: (V.write_lab_csv(d / "notime.csv", s, time_unit=None), s))(
            cmj(1000, 14)), ["--rate", "1000"], "--rate"),
        Scenario("lab_metadata_block_date_500hz", lambda d: (lambda s: (V.write_lab_csv(
            d / "meta.txt", s, sep="\t", header=["Subject: J. Doe", "Test: CMJ x2", "Date: 2024-03-05 10:15:00",
                                                  "Sample rate: 500 Hz", "Plate: AMTI BP400600", ""]), s))(
            cmj(500, 15)), [], expect_date="2024-03-05 10:15"),
        Scenario("stance_only_start_cmj_1000hz", lambda d: (lambda s: (V.write_lab_csv(d / "stance.csv", s), s))(
            first_stance_cut(cmj(1000, 16))), []),
        Scenario("drop_from_box_start_off_plate_1000hz", lambda d: (lambda s: (V.write_lab_csv(d / "dj.csv", s), s))(
            drop_from_box(cmj(1000, 17, "drop", n=1))), []),
        Scenario("arm_swing_cmj_1000hz", lambda d: (lambda s: (V.write_lab_csv(d / "armswing.csv", s), s))(
            V.arm_swing_source(seed + 18, 1000)), []),
        Scenario("arm_swing_cmj_100hz_vernier", lambda d: (lambda s: (V.write_vernier_ga(d / "armswing_ga.csv", [s]), s))(
            V.arm_swing_source(seed + 19, 100)), []),
        Scenario("vernier_ga_drop_50hz", lambda d: (lambda s: (V.write_vernier_ga(d / "dj50.csv", [s]), s))(
            cmj(50, 22, "drop")), []),
        Scenario("spreadsheet_quoted_decimal_comma", lambda d: (lambda s: (V.write_sheet_csv(d / "sheet.csv", s), s))(
            cmj(1000, 23)), []),
        Scenario("german_names_excel_sep_line", lambda d: (lambda s: (V.write_lab_csv(
            d / "kraft.csv", s, names=["Kraft links (N)", "Kraft rechts (N)"], sep=";", comma=True, header=["sep=;"],
            newline="\r\n"), s))(cmj(1000, 24)), []),
        Scenario("time_ms_without_unit", lambda d: (lambda s: (V.write_ms_time_no_unit(d / "log.csv", s), s))(
            cmj(1000, 25)), ["--rate", "1000"], "--rate 1000"),
        Scenario("slow_negatives_two_plates_kgf", lambda d: (lambda s: (V.write_lab_csv(d / "negatives.csv", s, unit="kgf"), s))(
            V.lift_source(seed + 20)), [], extra=("--method", "slow_negatives")),
        Scenario("slow_negatives_two_plates_lbf_ms_200hz", lambda d: (lambda s: (V.write_lab_csv(
            d / "negatives_lbf.csv", s, unit="lbf", time_unit="ms", sep=";", comma=True), s))(V.lift_source(seed + 21, 200.0)),
            [], extra=("--method", "slow_negatives")),
    ]
    return S


def jump_rows(src: V.Source, reps: list[dict]) -> list[str]:
    class J:        # match() pairs by take-off time
        def __init__(self, r: dict) -> None:
            self.r, self.takeoff_s = r, r["jump_takeoff_s"]

    found = [J(r) for r in reps if r.get("movement") == "jump"]
    pairs, missed, extra = match(src.jumps, found)
    out = [f"    jumps {len(pairs)}/{len(src.jumps)} found, {len(extra)} extra"]
    for tr, j in pairs:
        r = j.r
        h_true = tr.height_m
        e = [f"{tr.kind[:4]:<4} take-off {1000 * (r['jump_takeoff_s'] - tr.takeoff_s):+5.1f} ms"]
        if r["jump_height_impulse_m"] is not None:
            e.append(f"h_imp {1000 * (r['jump_height_impulse_m'] - h_true):+5.1f} mm")
        if r["jump_height_flight_m"] is not None and tr.flight_time_s is not None:
            e.append(f"h_flt {1000 * (r['jump_height_flight_m'] - G * tr.flight_time_s ** 2 / 8):+5.1f} mm")
        if r["jump_contraction_time_s"] is not None:
            e.append(f"contr {1000 * (r['jump_contraction_time_s'] - (tr.takeoff_s - tr.onset_s)):+5.0f} ms")
        if src.clean is not None:
            k = (src.t >= tr.onset_s) & (src.t <= tr.takeoff_s)
            peak = float(src.clean[k].max()) if k.any() else float("nan")
            got = max(r["ecc_peak_force_n"] or 0.0, r["con_peak_force_n"] or 0.0)
            e.append(f"Fpk {100 * (got / peak - 1):+5.1f} %")
        if tr.peak_landing_force_n and r["jump_peak_landing_force_n"]:
            e.append(f"Fland {100 * (r['jump_peak_landing_force_n'] / tr.peak_landing_force_n - 1):+5.1f} %")
        e.append(f"mass {r['jump_mass_kg'] - tr.mass_kg:+5.2f} kg")
        if tr.kind in ("drop", "rebound") and r["jump_rsi"] is not None and tr.flight_time_s is not None:
            rsi_true = (G * tr.flight_time_s ** 2 / 8) / (tr.takeoff_s - tr.onset_s)
            e.append(f"RSI {r['jump_rsi']:.3f} vs {rsi_true:.3f}")
        out.append("    " + ", ".join(e))
    for tr in missed:
        out.append(f"    MISSED {tr.kind} take-off {tr.takeoff_s:.3f} s")
    for j in extra:
        out.append(f"    EXTRA {j.r['jump_type']} take-off {j.takeoff_s:.3f} s")
    return out


def rep_rows(src: V.Source, reps: list[dict]) -> list[str]:
    got = [r for r in reps if r.get("movement") != "jump"]
    out = [f"    reps {len(got)} found / {len(src.reps)} true"]
    for tr in src.reps:
        if not got:
            break
        r = min(got, key=lambda r: abs(r["ecc_start_s"] - tr.ecc_start_s))
        d = [1000 * (r[k] - getattr(tr, k)) for k in ("ecc_start_s", "ecc_end_s", "con_start_s", "con_end_s")]
        out.append("    ecc {:+5.0f} {:+5.0f} ms, con {:+5.0f} {:+5.0f} ms, ".format(*d)
                   + f"ecc {r['ecc_duration_s']:.2f} s ({tr.ecc_end_s - tr.ecc_start_s:.2f}), {r['verdict']}")
    return out


def run(sc: Scenario, d: Path) -> list[str]:
    path, src = sc.make(d)
    lib = d / f"lib_{sc.name}"
    out = [f"{sc.name}: {path.name} ({src.desc})"]
    rc, so, se = _cli(["inspect", str(path), "--format", "json"], lib)
    opts: list[str] = []
    if rc != 0:
        line = se.strip().splitlines()[-1] if se.strip() else f"exit {rc}"
        ok = bool(sc.expect_refusal) and sc.expect_refusal in line and len(se.strip().splitlines()) == 1
        out.append(f"    REFUSED ({'as expected, names ' + sc.expect_refusal if ok else 'WRONG'}): {line}")
        if not sc.settle:
            return out
        opts = sc.settle
        rc, so, se = _cli(["inspect", str(path), "--format", "json", *opts], lib)
        if rc != 0:
            out.append(f"    still refused with {' '.join(opts)}: {se.strip()}")
            return out
    elif sc.expect_refusal:
        out.append(f"    read (a refusal naming {sc.expect_refusal} was expected)")
    ins = json.loads(so)
    out.append(f"    read: {ins['format']}; {ins['sample_rate_hz']:g} Hz ({ins['rate_source']}); {ins['force']}")
    for note in ins.get("notes", []):
        out.append(f"    note: {note}")
    rc, so, se = _cli(["analyze", str(path), "--format", "json", *opts, *sc.extra], lib)
    if rc != 0:
        out.append(f"    analyze FAILED: {se.strip()}")
        return out
    res = json.loads(so)
    out += jump_rows(src, res["reps"]) if src.jumps else rep_rows(src, res["reps"])
    rc, so, se = _cli(["import", str(path), *opts, *sc.extra], lib)
    if rc != 0:
        out.append(f"    import FAILED: {se.strip()}")
        return out
    out.append("    import: " + " | ".join(x.strip() for x in (so + se).strip().splitlines()[:3]))
    date = str(res.get("recorded_at", ""))
    src_note = str(res.get("recorded_at_source", ""))
    if sc.expect_date:
        ok = date.replace("T", " ").startswith(sc.expect_date)
        out.append(f"    date {'OK' if ok else 'WRONG'}: {date} ({src_note}), the file says {sc.expect_date}")
    else:
        out.append(f"    date: {date} ({src_note})")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--keep", default="")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    only = set(filter(None, a.only.split(",")))
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(a.keep or tmp)
        d.mkdir(parents=True, exist_ok=True)
        for sc in scenarios(a.seed):
            if only and sc.name not in only:
                continue
            print("\n".join(run(sc, d)), flush=True)


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
