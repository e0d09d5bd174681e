"""Recordings with exact truth written as other labs' software exports them (a coach's files).

`jump_source` takes a recording of the jump synthesiser (forceplate/simulator/jumps.py: physics on
a fine grid, exact take-off velocity, flight, landing); `arm_swing_source` builds a
countermovement with an arm swing on the same builder (a forward-and-back arm raise before the
unweighting, a two-humped propulsion); `lift_source` a lifter's set of slow negatives on two
plates (tests/analysis_synth.py). `write_table` writes any of them as a vendor does - separators,
decimal comma, BOM, CRLF, a metadata block, a units row, trailing empty columns, runs side by side
- and the `write_*` layouts below follow ../shared/plate-protocols.md §3 and docs/import.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from forceplate.simulator.jump_builder import Builder
from forceplate.simulator.jumps import JumpTruth, _zero_cross, recording
from forceplate.units import G

LBF_N = 4.4482216152605


@dataclass
class Source:
    t: np.ndarray                       # s, from the recording's first sample
    cells: np.ndarray                   # (n, k) N, the plate's cells / plates
    rate_hz: float
    mass_kg: float
    jumps: list[JumpTruth] = field(default_factory=list)
    reps: list = field(default_factory=list)      # strength truth (analysis_synth.SynthRep)
    desc: str = ""
    clean: np.ndarray | None = None     # N, the noiseless plate force at the sample times

    @property
    def fz(self) -> np.ndarray:
        return self.cells.sum(axis=1)

    def parts(self, k: int, seed: int = 0) -> list[np.ndarray]:
        """k columns that add up to the plate force: the cells as they are when there are k,
        else the total shared out with uneven, drifting shares."""
        if self.cells.shape[1] == k:
            return [self.cells[:, i] for i in range(k)]
        rng = np.random.default_rng(seed)
        base = rng.uniform(0.6, 1.4, k)
        w = np.array([b * (1 + 0.05 * np.sin(2 * np.pi * rng.uniform(0.1, 0.5) * self.t + rng.uniform(0, 6)))
                      for b in base])
        w /= w.sum(axis=0)
        return [self.fz * wi for wi in w]

    def shifted(self, t0: float) -> Source:
        """The same recording with its clock starting at t0."""
        return Source(self.t - self.t[0] + t0, self.cells, self.rate_hz, self.mass_kg,
                      [_shift(j, t0 - self.t[0]) for j in self.jumps], self.reps, self.desc, self.clean)

    def cut(self, a_s: float, z_s: float | None = None) -> Source:
        """The samples from a_s to z_s (the clock kept); the jumps taken off inside."""
        keep = (self.t >= a_s) & (self.t <= (np.inf if z_s is None else z_s))
        jumps = [j for j in self.jumps if a_s <= j.onset_s and j.takeoff_s <= (np.inf if z_s is None else z_s)]
        return Source(self.t[keep], self.cells[keep], self.rate_hz, self.mass_kg, jumps, self.reps, self.desc,
                      None if self.clean is None else self.clean[keep])


def _shift(j: JumpTruth, dt: float) -> JumpTruth:
    from dataclasses import replace
    return replace(j, onset_s=j.onset_s + dt, zero_velocity_s=j.zero_velocity_s + dt, takeoff_s=j.takeoff_s + dt,
                   landing_s=None if j.landing_s is None else j.landing_s + dt,
                   braking_start_s=None if j.braking_start_s is None else j.braking_start_s + dt)


def jump_source(seed: int, kind: str, rate_hz: float, n_jumps: int | None = None) -> Source:
    rec = recording(seed, kinds=(kind,), rate_hz=rate_hz, n_jumps=n_jumps)
    t = rec.block.time_s - rec.block.time_s[0]
    jumps = [_shift(j, -float(rec.block.time_s[0])) for j in rec.jumps]
    return Source(t, np.asarray(rec.block.values, float), rate_hz, rec.body_kg + rec.load_kg, jumps,
                  desc=rec.description, clean=np.asarray(rec.force_n, float))


def arm_swing_source(seed: int, rate_hz: float, height_m: float = 0.38, mass_kg: float = 78.0,
                     noise_n: float = 2.0) -> Source:
    """Step on, stand, then a countermovement jump with an arm swing: the arms rise forward and
    come back (a one-cycle COM wave, +-0.6 m/s^2, 0.35 s) straight into the unweighting; the
    propulsion has two humps (legs, then the arms' upswing). Exact truth on a 16-kHz grid."""
    rng = np.random.default_rng(seed)
    fine = rate_hz * int(np.ceil(16000 / rate_hz))
    b = Builder(fine, mass_kg, rng)
    b.empty(1.0)
    b.ramp(0.7, up=True)
    b.stand(2.5, 1.5)
    onset = b.n
    tp = b._grid(0.35)
    b.acc_part(0.6 * np.sin(2 * np.pi * tp / 0.35))
    b.v = 0.0                                              # one whole cycle: at rest again
    b.unweight(0.42, 5.5)
    # propulsion: two sin^2 humps, the toes leaving with the force falling (30 ms)
    T, t_drop = 0.36, 0.03
    t = b._grid(T)
    T = t.size * b.dt
    x = t / T
    s = np.sin(np.pi * np.clip(x / 0.6, 0, 1)) ** 2 + 0.8 * np.sin(np.pi * np.clip((x - 0.45) / 0.55, 0, 1)) ** 2
    w = np.clip((t - (T - t_drop)) / t_drop, 0.0, 1.0) ** 2
    base = -G * w
    v_to = float(np.sqrt(2 * G * height_m))
    need = v_to - b.v
    trap = np.concatenate([[base[0]], base[1:]])
    a_lin = (need - float(np.sum(trap)) * b.dt) / (float(np.sum(s)) * b.dt)
    acc = base + a_lin * s
    acc[-1] = -G
    b.acc_part(acc)
    takeoff, v_real = b.n, b.v
    b.s = 0.0
    b.flight(2 * v_real / G)
    landing = b.n
    b.landing(3.5, 0.45)
    b.stand(2.0, 1.5)
    b.ramp(0.6, up=False)
    b.empty(1.0)
    force, vel, pos = b.arrays()
    tf = np.arange(force.size) * b.dt
    step = int(round(fine / rate_hz))
    f_s = force[::step] + noise_n * rng.standard_normal(force[::step].size)
    zv = _zero_cross(vel, tf, onset, takeoff)
    k_min = onset + int(np.nanargmin(vel[onset:takeoff]))
    peak = float(force[landing:landing + int(0.5 * fine)].max())
    truth = JumpTruth("countermovement", float(tf[onset]), zv, float(tf[takeoff]), float(v_real), float(tf[landing]),
                      mass_kg, float(np.nanmin(pos[onset:takeoff]) - pos[onset]), peak,
                      braking_start_s=float(tf[k_min]), peak_down_velocity_m_s=float(vel[k_min]))
    tt = np.arange(f_s.size) / rate_hz
    cells = np.column_stack([f_s * 0.52, f_s * 0.48])
    return Source(tt, cells, rate_hz, mass_kg, [truth], desc=f"arm swing CMJ {height_m * 100:.0f} cm",
                  clean=force[::step])


def lift_source(seed: int, rate_hz: float = 1000.0, reps: int = 5, ecc_s: float = 3.0) -> Source:
    """A lifter's set of slow negatives (3-s lowerings) standing on two plates, one foot each."""
    import analysis_synth as A

    syn = A.session(rate_hz=rate_hz, body_kg=84.0, bar_kg=70.0, reps=reps, ecc_s=ecc_s, con_s=1.0, rest_s=1.5,
                    noise_n=2.0, seed=seed, n_cells=2)
    v = np.asarray(syn.block.values, float)
    return Source(syn.block.time_s - syn.block.time_s[0], v, rate_hz, syn.system_kg, reps=syn.reps,
                  desc=f"slow negatives, {reps} reps, 84+70 kg")


# --- writing ------------------------------------------------------------------------------------

def fmt(x: np.ndarray, digits: int, comma: bool = False) -> list[str]:
    out = [f"{v:.{digits}f}" for v in x]
    return [s.replace(".", ",") for s in out] if comma else out


def write_table(path: Path, names: list[str], cols: list[list[str]], *, sep: str = ",", newline: str = "\n",
                header: list[str] | None = None, units: list[str] | None = None, bom: bool = False,
                trailing_empty: int = 0, encoding: str = "utf-8", quote_names: bool = False) -> Path:
    """Rows of the columns (a shorter column leaves its cells empty) under the names."""
    n = max(len(c) for c in cols)
    tail = sep * trailing_empty
    q = (lambda s: f'"{s}"') if quote_names else (lambda s: s)
    lines = list(header or []) + [sep.join(q(s) for s in names) + tail]
    if units is not None:
        lines.append(sep.join(units) + tail)
    lines += [sep.join(c[i] if i < len(c) else "" for c in cols) + tail for i in range(n)]
    text = newline.join(lines) + newline
    path.write_bytes(("\ufeff" if bom else "").encode(encoding) + text.encode(encoding))
    return path


def write_vernier_ga(path: Path, sets: list[Source], digits: int = 2) -> Path:
    """Graphical Analysis 4: `Data Set N:Time(s)`, `Data Set N:Force(N)` per run, side by side."""
    names, cols = [], []
    for k, s in enumerate(sets, 1):
        names += [f"Data Set {k}:Time(s)", f"Data Set {k}:Force(N)"]
        cols += [fmt(s.t, 3), fmt(s.fz, digits)]
    return write_table(path, names, cols)


def write_logger_pro_runs(path: Path, runs: list[Source]) -> Path:
    """Logger Pro CSV: stored runs `Run 1: Time (s)`, `Run 1: Force (N)`, ..., the newest `Latest:`."""
    names, cols = [], []
    for k, s in enumerate(runs, 1):
        label = "Latest" if k == len(runs) else f"Run {k}"
        names += [f"{label}: Time (s)", f"{label}: Force (N)"]
        cols += [fmt(s.t, 3), fmt(s.fz, 3)]
    return write_table(path, names, cols, quote_names=True)


def write_pasco_capstone(path: Path, s: Source, run: int = 1, comma: bool = True, bom: bool = True) -> Path:
    """Capstone, a comma-decimal locale: `;`, BOM, CRLF; Normal Force and the four beams."""
    beams = s.parts(4, seed=run)
    names = [f"Time (s) Run #{run}", f"Normal Force (N) Run #{run}"] + [f"Beam {b} Force (N) Run #{run}" for b in range(1, 5)]
    cols = [fmt(s.t, 4, comma), fmt(s.fz, 2, comma)] + [fmt(b, 2, comma) for b in beams]
    return write_table(path, names, cols, sep=";" if comma else ",", newline="\r\n", bom=bom)


def write_hawkin_trial(path: Path, s: Source) -> Path:
    """Hawkin's force-time API as a CSV: 1-ms steps, whole newtons per side, time from the trial's
    own zero (the start of movement, so the first rows are negative)."""
    left, right = (np.round(p) for p in s.parts(2))
    names = ["Time(s)", "LeftForce(N)", "RightForce(N)", "CombinedForce(N)"]
    return write_table(path, names, [fmt(s.t, 3), fmt(left, 0), fmt(right, 0), fmt(left + right, 0)])


def write_bioware(path: Path, s: Source, date_line: str = "Mar 05, 2024  14:02:40") -> Path:
    """Kistler BioWare, two plates: the 19-line header (rate, date), `abs time (s)` and
    `Fx Fy Fz |Ft|` per plate, a units row, tab, CRLF."""
    p1, p2 = s.parts(2)
    n, rate = s.t.size, f"{s.rate_hz:.6f}"
    head = ["BioWare Version 5.3.2.9 Export", "Device:\tplate1\tplate2", f"Samples (#):\t{n}\t{n}",
            f"Rate (Hz):\t{rate}\t{rate}", "Contact period start (sample #):\t0\t0",
            f"Contact period end (sample #):\t{n - 1}\t{n - 1}", "Contact period start time (s):\t0.000000\t0.000000",
            f"Contact period end time (s):\t{s.t[-1]:.6f}\t{s.t[-1]:.6f}", "First sample time (s):\t0.000000\t0.000000",
            "Normalized force (N):\t0.000000\t0.000000", "Normalized length (m):\t1.000000\t1.000000",
            "File Information", f"Date\t{date_line}", "Name\tAthlete 7", "ID\t", "Classification\t", "Description\tCMJ"]
    names = ["abs time (s)", "Fx", "Fy", "Fz", "|Ft|", "Fx", "Fy", "Fz", "|Ft|"]
    cols = [fmt(s.t, 6)]
    for p in (p1, p2):
        fx, fy = 0.03 * p * np.sin(3 * s.t), -0.02 * p
        cols += [fmt(fx, 6), fmt(fy, 6), fmt(p, 6), fmt(np.sqrt(fx * fx + fy * fy + p * p), 6)]
    return write_table(path, names, cols, sep="\t", newline="\r\n", header=head, units=[""] + ["N"] * 8)


def write_kistler8_no_time(path: Path, s: Source) -> Path:
    """The 8 raw Kistler channels, four `fz` corners, no time column; the rate in the header."""
    cells = s.parts(4)
    fx, fy = 0.02 * s.fz, -0.01 * s.fz
    head = ["Kistler 9260AA6 raw channels", f"Sampling rate: {s.rate_hz:g} Hz", ""]
    names = ["fx12", "fx34", "fy14", "fy23", "fz1", "fz2", "fz3", "fz4"]
    cols = [fmt(fx / 2, 3), fmt(fx / 2, 3), fmt(fy / 2, 3), fmt(fy / 2, 3)] + [fmt(c, 3) for c in cells]
    return write_table(path, names, cols, sep="\t", header=head)


def write_opensim_mot(path: Path, s: Source) -> Path:
    names, cols = ["time"], [fmt(s.t, 5)]
    for k, p in enumerate(s.parts(2), 1):
        names += [f"ground_force{k}_v{a}" for a in "xyz"] + [f"ground_force{k}_p{a}" for a in "xyz"]
        cols += [fmt(0.02 * p, 4), fmt(p, 4), fmt(-0.01 * p, 4), fmt(0.3 + 0.01 * np.sin(s.t), 5),
                 ["0.00000"] * s.t.size, fmt(0.1 * k + 0.01 * np.cos(s.t), 5)]
    head = [path.name, "version=1", f"nRows={s.t.size}", f"nColumns={len(names)}", "inDegrees=yes", "endheader"]
    return write_table(path, names, cols, sep="\t", header=head)


def write_lab_csv(path: Path, s: Source, *, unit: str = "N", time_unit: str | None = "s", n_cols: int = 2,
                  sep: str = ",", comma: bool = False, bom: bool = False, newline: str = "\n",
                  header: list[str] | None = None, trailing_empty: int = 0, names: list[str] | None = None,
                  digits: int | None = None) -> Path:
    """A lab's own CSV: a time column in s or ms (or none), n force columns in N, kN, lbf or kgf."""
    scale = {"N": 1.0, "kN": 1e-3, "lbf": 1 / LBF_N, "kgf": 1 / G}[unit]
    d = digits if digits is not None else {"N": 2, "kN": 5, "lbf": 3, "kgf": 3}[unit]
    parts = s.parts(n_cols)
    if names is None:
        sides = ["Left", "Right"] if n_cols == 2 else [f"Fz{i}" for i in range(1, n_cols + 1)]
        names = [f"{x} ({unit})" for x in sides]
    cols = [fmt(p * scale, d, comma) for p in parts]
    if time_unit is not None:
        tt = s.t * (1000.0 if time_unit == "ms" else 1.0)
        names = [f"Time ({time_unit})"] + names
        cols = [fmt(tt, 1 if time_unit == "ms" else 4, comma)] + cols
    return write_table(path, names, cols, sep=sep, newline=newline, bom=bom, header=header,
                       trailing_empty=trailing_empty)


def _sheet_cell(x: float, digits: int, quote_whole: bool) -> str:
    text = f"{x:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if "." in text:
        return '"' + text.replace(".", ",") + '"'
    return f'"{text}"' if quote_whole else text


def write_sheet_csv(path: Path, src: Source, *, digits: int = 2, quote_whole: bool = False, newline: str = "\n",
                    bom: bool = False, quote_names: bool = False) -> Path:
    """As a spreadsheet (Google Sheets, LibreOffice) writes a CSV in a decimal-comma locale: comma
    between fields, a cell holding a decimal comma quoted (`0,"812,3","0,001"`), whole numbers bare."""
    left, right = src.parts(2)
    names = ["Time (s)", "Left (N)", "Right (N)"]
    head = ",".join(f'"{n}"' if quote_names else n for n in names)
    rows = [",".join(_sheet_cell(x, d, quote_whole) for x, d in ((a, 4), (b, digits), (c, digits)))
            for a, b, c in zip(src.t, left, right, strict=True)]
    path.write_bytes(("\ufeff" if bom else "").encode() + (newline.join([head, *rows]) + newline).encode())
    return path


def write_ms_time_no_unit(path: Path, src: Source) -> Path:
    """`time,force`: the time in whole milliseconds, no unit anywhere (a lab script's log)."""
    rows = [f"{int(t * 1000 + 0.5)},{f:.1f}" for t, f in zip(src.t, src.fz, strict=True)]
    path.write_text("time,force\n" + "\n".join(rows) + "\n")
    return path
