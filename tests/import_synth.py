"""Synthetic force traces written in each vendor's export layout (../shared/plate-protocols.md §3).

`jump_trace` makes a countermovement jump with quiet stance before and after (physics: the
centre of mass starts and ends at rest, flight is an empty plate); `Trace.split` shares the
vertical force between sides, beams or plates with uneven, slowly varying shares. Each
`write_*` writes one layout as the vendor's software does: header blocks, units rows, decimal
comma, runs, CRLF, derived columns (velocity, displacement, power) computed from the force.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

G = 9.80665


@dataclass
class Trace:
    t: np.ndarray          # s, from 0
    fz: np.ndarray         # N, vertical
    mass_kg: float
    rate_hz: float
    rng: np.random.Generator

    def split(self, n: int) -> list[np.ndarray]:
        """n parts that add up to fz exactly, with shares that differ and drift."""
        base = self.rng.uniform(0.6, 1.4, n)
        drift = [1 + 0.05 * np.sin(2 * np.pi * self.rng.uniform(0.1, 0.5) * self.t + self.rng.uniform(0, 6))
                 for _ in range(n)]
        w = np.array([b * d for b, d in zip(base, drift, strict=True)])
        w /= w.sum(axis=0)
        return [self.fz * wi for wi in w]

    def derived(self) -> dict[str, np.ndarray]:
        """Velocity, displacement and power of the centre of mass, as vendors compute them."""
        acc = (self.fz - self.mass_kg * G) / self.mass_kg
        dt = 1.0 / self.rate_hz
        v = np.cumsum(acc) * dt
        d = np.cumsum(v) * dt
        return {"velocity": v, "displacement": d, "power": self.fz * v}

    def shear(self) -> tuple[np.ndarray, np.ndarray]:
        k = self.rng.uniform(0.02, 0.08)
        return k * self.fz * np.sin(3 * self.t), -k * self.fz * np.cos(2 * self.t) * 0.5


def jump_trace(seed: int = 0, rate_hz: float = 1000.0, mass_kg: float | None = None, quiet_s: float = 1.6,
               plate_noise_n: float = 2.0) -> Trace:
    rng = np.random.default_rng(seed)
    m = float(mass_kg if mass_kg is not None else rng.uniform(45, 120))
    w = m * G
    dt = 1.0 / rate_hz
    # countermovement: unweighting dip, braking + propulsion hump, flight, landing
    unweight_s, push_s = rng.uniform(0.25, 0.45), rng.uniform(0.35, 0.55)
    flight_s = rng.uniform(0.35, 0.6)
    tu = np.arange(0, unweight_s, dt)
    dip = w * (1 - rng.uniform(0.4, 0.7) * np.sin(np.pi * tu / unweight_s))
    tp = np.arange(0, push_s, dt)
    hump = w * (1 + rng.uniform(1.0, 1.6) * np.sin(np.pi * tp / push_s)) * np.where(tp > 0.8 * push_s,
                                                                                    1 - (tp - 0.8 * push_s) / (0.2 * push_s), 1)
    flight = np.zeros(int(flight_s * rate_hz))
    tl = np.arange(0, 0.6, dt)
    land = w * (1 + rng.uniform(2.0, 4.0) * np.exp(-tl / 0.06) * np.sin(np.pi * np.minimum(tl / 0.05, 1) / 2))
    n_q = int(quiet_s * rate_hz)
    tq = np.arange(2 * n_q) * dt
    sway = w * 0.004 * np.sin(2 * np.pi * rng.uniform(0.3, 1.2) * tq)     # quiet stance sways ~0.5 % BW
    quiet1, quiet2 = w + sway[:n_q], w + sway[n_q:]
    fz = np.concatenate([quiet1, dip, hump, flight, land, quiet2])
    fz = fz + rng.normal(0, plate_noise_n, fz.size)
    fz[(fz.size - quiet2.size - land.size - flight.size):(fz.size - quiet2.size - land.size)] = rng.normal(
        0, plate_noise_n, flight.size)
    t = np.arange(fz.size) * dt
    return Trace(t=t, fz=fz, mass_kg=m, rate_hz=rate_hz, rng=rng)


def _fmt(x: np.ndarray, digits: int, comma: bool = False) -> list[str]:
    out = [f"{v:.{digits}f}" for v in x]
    return [s.replace(".", ",") for s in out] if comma else out


def _write_rows(path: Path, header_lines: list[str], cols: list[list[str]], sep: str, newline: str = "\n",
                encoding: str = "utf-8") -> Path:
    n = max(len(c) for c in cols)
    rows = [sep.join(c[i] if i < len(c) else "" for c in cols) for i in range(n)]
    path.write_text(newline.join([*header_lines, *rows]) + newline, encoding=encoding, newline="")
    return path


def write_hawkin_py(path: Path, tr: Trace) -> Path:
    left, right = tr.split(2)
    d = tr.derived()
    head = "Time(s),LeftForce(N),RightForce(N),CombinedForce(N),Velocity(m/s),Displacement(m),Power(W),rsi"
    cols = [_fmt(tr.t, 3), _fmt(np.round(left), 0), _fmt(np.round(right), 0), _fmt(np.round(tr.fz), 0),
            _fmt(d["velocity"], 4), _fmt(d["displacement"], 4), _fmt(d["power"], 1), ["0.41"] * tr.t.size]
    return _write_rows(path, [head], cols, ",")


def write_hawkin_r(path: Path, tr: Trace) -> Path:
    left, right = tr.split(2)
    d = tr.derived()
    head = "time_s,force_right,force_left,force_combined,velocity_m_s,displacement_m,power_w"
    cols = [_fmt(tr.t, 3), _fmt(right, 1), _fmt(left, 1), _fmt(tr.fz, 1), _fmt(d["velocity"], 4),
            _fmt(d["displacement"], 4), _fmt(d["power"], 1)]
    return _write_rows(path, [head], cols, ",")


def write_pasco(path: Path, tr: Trace, runs: int = 2) -> Path:
    """Capstone, Norwegian locale: ';' between fields, decimal comma, beams plus normal force, runs."""
    heads, cols = [], []
    for r in range(1, runs + 1):
        n = tr.t.size if r == runs else int(tr.t.size * 0.7)   # an earlier, shorter run
        beams = tr.split(4)
        heads += [f"Time (s) Run #{r}", f"Normal Force (N) Run #{r}"] + [f"Beam {b} Force (N) Run #{r}" for b in range(1, 5)]
        cols += [_fmt(tr.t[:n], 4, True), _fmt(tr.fz[:n], 2, True)] + [_fmt(b[:n], 2, True) for b in beams]
    return _write_rows(path, [";".join(heads)], cols, ";", newline="\r\n")


def write_vernier_ga(path: Path, tr: Trace) -> Path:
    x_bal = 0.01 * np.sin(tr.t)
    head = "Data Set 1:Time(s),Data Set 1:Force(N),Data Set 1:X-axis Balance(m),Data Set 1:Y-axis Balance(m)"
    return _write_rows(path, [head], [_fmt(tr.t, 3), _fmt(tr.fz, 2), _fmt(x_bal, 4), _fmt(-x_bal, 4)], ",")


def write_logger_pro(path: Path, tr: Trace) -> Path:
    head = '"Latest: Time (s)","Latest: Force (N)","Run 1: Time (s)","Run 1: Force (N)"'
    n1 = tr.t.size // 2
    cols = [_fmt(tr.t, 3), _fmt(tr.fz, 3), _fmt(tr.t[:n1], 3), _fmt(tr.fz[:n1] * 0.5, 3)]
    return _write_rows(path, [head], cols, ",")


def write_kistler_bioware(path: Path, tr: Trace) -> Path:
    """Two plates, tab-separated, CRLF, the 19-line header block with the rate."""
    p1, p2 = tr.split(2)
    n = tr.t.size
    rate = f"{tr.rate_hz:.6f}"
    head = ["BioWare Version 5.3.2.9 Export",
            "Device:" + "\tMobile_2 9286BA" * 4 + "\tmobile1 9286BA" * 4,
            "Samples (#):" + f"\t{n}" * 8, "Rate (Hz):" + f"\t{rate}" * 8,
            "Contact period start (sample #):" + "\t0" * 8, "Contact period end (sample #):" + f"\t{n - 1}" * 8,
            "Contact period start time (s):" + "\t0.000000" * 8,
            "Contact period end time (s):" + f"\t{(n - 1) / tr.rate_hz:.6f}" * 8,
            "First sample time (s):" + "\t0.000000" * 8, "Normalized force (N):" + "\t0.000000" * 8,
            "Normalized length (m):" + "\t1.000000" * 8, "File Information", "Date\tJan 01, 1980  03:02:40",
            "Name\t", "ID\t", "Classification\t", "Description\t",
            "abs time (s)\tFx\tFy\tFz\t|Ft|\tFx\tFy\tFz\t|Ft|", "\tN\tN\tN\tN\tN\tN\tN\tN"]
    cols = [_fmt(tr.t, 6)]
    for p in (p1, p2):
        fx, fy = tr.shear()
        fx, fy = fx * 0.5, fy * 0.5
        cols += [_fmt(fx, 6), _fmt(fy, 6), _fmt(p, 6), _fmt(np.sqrt(fx * fx + fy * fy + p * p), 6)]
    return _write_rows(path, head, cols, "\t", newline="\r\n")


def write_opensim(path: Path, tr: Trace) -> Path:
    """A .mot of two plates: ground_force{1,2}_v{x,y,z} (y up), _p{x,y,z} (COP), ground_torque{1,2}_{x,y,z}."""
    parts = tr.split(2)
    names, cols = ["time"], [_fmt(tr.t, 5)]
    for k, p in enumerate(parts, 1):
        fx, fz = tr.shear()
        names += [f"ground_force{k}_vx", f"ground_force{k}_vy", f"ground_force{k}_vz",
                  f"ground_force{k}_px", f"ground_force{k}_py", f"ground_force{k}_pz"]
        cols += [_fmt(fx, 4), _fmt(p, 4), _fmt(fz, 4), _fmt(0.3 + 0.01 * np.sin(tr.t), 5), ["0.00000"] * tr.t.size,
                 _fmt(0.1 * k + 0.01 * np.cos(tr.t), 5)]
    for k in (1, 2):
        names += [f"ground_torque{k}_x", f"ground_torque{k}_y", f"ground_torque{k}_z"]
        cols += [["0.0000"] * tr.t.size, _fmt(3 * np.sin(tr.t), 4), ["0.0000"] * tr.t.size]
    head = [path.name, "version=1", f"nRows={tr.t.size}", f"nColumns={len(names)}", "inDegrees=yes", "endheader",
            "\t".join(names)]
    return _write_rows(path, head, cols, "\t")


def write_two_plates_no_time(path: Path, tr: Trace, rate_line: bool = False) -> Path:
    left, right = tr.split(2)
    head = ([f"Sample rate: {tr.rate_hz:g} Hz"] if rate_line else []) + ["Left plate (N),Right plate (N)"]
    return _write_rows(path, head, [_fmt(left, 2), _fmt(right, 2)], ",")


def write_frames_kistler8(path: Path, tr: Trace) -> Path:
    """Frame numbers, a rate in the header, the 8 raw Kistler channels (fx12 fx34 fy14 fy23 fz1-fz4)."""
    cells = tr.split(4)
    fx, fy = tr.shear()
    head = [f"Rate (Hz): {tr.rate_hz:g}", "frame\tfx12\tfx34\tfy14\tfy23\tfz1\tfz2\tfz3\tfz4"]
    frames = np.arange(tr.t.size) + 1000
    cols = [[str(int(f)) for f in frames], _fmt(fx / 2, 3), _fmt(fx / 2, 3), _fmt(fy / 2, 3), _fmt(fy / 2, 3)]
    cols += [_fmt(c, 3) for c in cells]
    return _write_rows(path, head, cols, "\t")


def write_text_units_row(path: Path, tr: Trace, encoding: str = "utf-8", comma: bool = False) -> Path:
    """A plain lab TXT: a comment block, names, then a units row; space-aligned columns."""
    cop_x = 0.02 * np.sin(tr.t)
    head = ["# exported by a lab script", "# subject: S01   µ-strain gauges, 20 °C", "Zeit Fz COPx Mz", "ms N mm Nmm"]
    t_ms = tr.t * 1000.0
    cols = [_fmt(t_ms, 1, comma), _fmt(tr.fz, 2, comma), _fmt(cop_x * 1000, 2, comma), _fmt(1000 * np.sin(tr.t), 1, comma)]
    n = tr.t.size
    rows = ["  ".join(f"{c[i]:>12}" for c in cols) for i in range(n)]
    path.write_bytes(("\r\n".join([*head, *rows]) + "\r\n").encode(encoding))
    return path


def write_parquet(path: Path, tr: Trace, writer: str = "polars") -> Path:
    left, right = tr.split(2)
    d = tr.derived()
    data = {"time_s": tr.t, "force_left_n": left, "force_right_n": right, "velocity_m_s": d["velocity"]}
    if writer == "pandas":
        import pandas as pd

        pd.DataFrame(data).to_parquet(path)
    else:
        import polars as pl

        pl.DataFrame(data).write_parquet(path)
    return path


def write_c3d(path: Path, tr: Trace, plate_type: int = 2) -> Path | None:
    """One TYPE-2 force platform (Fx Fy Fz Mx My Mz on analog channels 1-6), Fz negative (z down)."""
    try:
        import c3d
    except ImportError:
        return None
    analog_per_frame = 10
    n_frames = tr.t.size // analog_per_frame
    fx, fy = tr.shear()
    sig = np.stack([fx, fy, -tr.fz, 0 * fx, 0 * fx, 0 * fx])[:, : n_frames * analog_per_frame]
    w = c3d.Writer(point_rate=tr.rate_hz / analog_per_frame, analog_rate=tr.rate_hz)
    w.set_analog_labels(["Fx1", "Fy1", "Fz1", "Mx1", "My1", "Mz1"])
    w.set_analog_scales(np.ones(6))
    w.set_analog_offsets(np.zeros(6))
    fp = w.add_group(5, "FORCE_PLATFORM", "force platforms")
    fp.add_param("USED", desc="", bytes_per_element=2, dimensions=[], bytes=np.array(1, dtype=np.int16).tobytes())
    fp.add_param("TYPE", desc="", bytes_per_element=2, dimensions=[1], bytes=np.array([plate_type], dtype=np.int16).tobytes())
    fp.add_param("CHANNEL", desc="", bytes_per_element=2, dimensions=[6, 1],
                 bytes=np.arange(1, 7, dtype=np.int16).tobytes())
    frames = []
    for i in range(n_frames):
        frames.append((np.zeros((0, 5), np.float32), sig[:, i * analog_per_frame:(i + 1) * analog_per_frame].astype(np.float32)))
    w.add_frames(frames)
    import warnings

    with open(path, "wb") as fh, warnings.catch_warnings():
        warnings.simplefilter("ignore")      # "No point data found": force platforms only
        w.write(fh)
    return path


WRITERS = {
    "hawkin_py": write_hawkin_py, "hawkin_r": write_hawkin_r, "vernier_ga": write_vernier_ga,
    "kistler_bioware": write_kistler_bioware, "opensim": write_opensim, "kistler8_frames": write_frames_kistler8,
}


def mass_error(measured_kg: float, truth_kg: float) -> float:
    return abs(measured_kg - truth_kg) / truth_kg if math.isfinite(measured_kg) else math.inf


def write_vernier_format2(path: Path, tr: Trace) -> Path:
    """Logger Pro 'Vernier Format 2' text: title lines, long names, short names, units, tab-separated."""
    head = ["Vernier Format 2", "Untitled.cmbl 11/30/2026 07:00:00 .", "Run 1", "Time\tForce", "t\tF", "s\tN"]
    return _write_rows(path, head, [_fmt(tr.t, 4), _fmt(tr.fz, 3)], "\t")


# --- layouts seen in real recordings of other labs (tests/fixtures/real/README.md) ----------------

def write_acl_squat_jump(path: Path, tr: Trace, time_copy: bool = True) -> Path:
    """andrewlba/ACL_squat_jump `project_starter/BFR007_*_squat_jump.csv` (two plates, 1000 Hz):
    `Relative Time,time,ground_force1_vx,...,ground_torque1_z,ground_force2_vx,...` - OpenSim names
    with the plate number after `force`, y up, each plate's force, COP and torque together; the
    time twice (`Relative Time` and `time`, identical). time_copy=False keeps `Relative Time` only."""
    names, cols = ["Relative Time"] + (["time"] if time_copy else []), [_fmt(tr.t, 4)] * (2 if time_copy else 1)
    for k, p in enumerate(tr.split(2), 1):
        fx, fz = tr.shear()
        names += [f"ground_force{k}_v{a}" for a in "xyz"] + [f"ground_force{k}_p{a}" for a in "xyz"]
        names += [f"ground_torque{k}_{a}" for a in "xyz"]
        cols += [_fmt(fx, 6), _fmt(p, 6), _fmt(fz + 40, 6), _fmt(0.34 + 0.001 * np.sin(tr.t), 6),
                 ["0"] * tr.t.size, _fmt(-1.09 + 0.001 * np.cos(tr.t), 6), ["1.3e-05"] * tr.t.size,
                 _fmt(-1.2 + 0.1 * np.sin(tr.t), 6), ["9e-06"] * tr.t.size]
    return _write_rows(path, [",".join(names)], cols, ",")


def write_acl_relative_time_only(path: Path, tr: Trace) -> Path:
    return write_acl_squat_jump(path, tr, time_copy=False)


def write_ati_lbf(path: Path, tr: Trace) -> Path:
    """A six-axis sensor's log (a README in the search corpus: `time(ms), Fx(lbf), Fy(lbf),
    Fz(lbf), Tx(lbf-in), Ty(lbf-in), Tz(lbf-in)`): time in ms, force in lbf, moments in lbf-in."""
    lbf = 4.4482216152605
    fx, fy = tr.shear()
    cols = [_fmt(tr.t * 1000.0, 3), _fmt(fx / lbf, 5), _fmt(fy / lbf, 5), _fmt(tr.fz / lbf, 5),
            _fmt(30 * np.sin(tr.t), 4), _fmt(20 * np.cos(tr.t), 4), _fmt(2 * np.sin(tr.t), 4)]
    return _write_rows(path, ["time(ms),Fx(lbf),Fy(lbf),Fz(lbf),Tx(lbf-in),Ty(lbf-in),Tz(lbf-in)"], cols, ",")


def write_bioware_gaps(path: Path, tr: Trace) -> Path:
    """Kistler BioWare with two plates `Fx Fy Fz |Ft| Ax Ay`, three empty columns between the
    plates' blocks and a units row (as a lab's script documents its export)."""
    rate = f"{tr.rate_hz:.6f}"
    head = ["Rate (Hz):\t" + rate, "Samples (#):\t" + str(tr.t.size), "",
            "abs time (s)\tFx\tFy\tFz\t|Ft|\tAx\tAy\t\t\t\tFx\tFy\tFz\t|Ft|\tAx\tAy",
            "s\tN\tN\tN\tN\tm\tm\t\t\t\tN\tN\tN\tN\tm\tm"]
    cols = [_fmt(tr.t, 6)]
    for k, p in enumerate(tr.split(2)):
        fx, fy = tr.shear()
        cols += [_fmt(fx, 4), _fmt(fy, 4), _fmt(p, 4), _fmt(np.sqrt(fx * fx + fy * fy + p * p), 4),
                 _fmt(0.01 + 0.001 * np.sin(tr.t), 5), _fmt(-0.02 + 0.001 * np.cos(tr.t), 5)]
        if k == 0:
            cols += [[""] * tr.t.size] * 3
    return _write_rows(path, head, cols, "\t", newline="\r\n", encoding="cp1252")


def write_raw_and_filtered(path: Path, tr: Trace) -> Path:
    """stevenhirsch/force-plate-jump-analyses `analyses/study_2/raw_data/*.txt` (2000 Hz):
    `Time Raw 5Hz 25Hz 50Hz 100Hz 200Hz 500Hz 1000Hz`, the raw force and low-pass copies of it."""
    names = ["Time", "Raw", "5Hz", "25Hz", "50Hz", "100Hz", "200Hz", "500Hz", "1000Hz"]
    smooth = np.convolve(tr.fz, np.ones(9) / 9, mode="same")
    return _write_rows(path, ["\t".join(names)], [_fmt(tr.t, 4), _fmt(tr.fz, 5)] + [_fmt(smooth, 5)] * 7, "\t")


def write_opensim_walk(path: Path, tr: Trace) -> Path:
    """OpenSim's example GRF layout (subject01_walk1_grf.mot): `ground_force_v*`, `ground_force_p*`,
    `1_ground_force_v*`, `1_ground_force_p*`, then all torques."""
    p0, p1 = tr.split(2)
    names, cols = ["time"], [_fmt(tr.t, 5)]
    for pre, p in (("", p0), ("1_", p1)):
        fx, fz = tr.shear()
        names += [f"{pre}ground_force_v{a}" for a in "xyz"] + [f"{pre}ground_force_p{a}" for a in "xyz"]
        cols += [_fmt(fx, 4), _fmt(p, 4), _fmt(fz, 4), _fmt(0.3 + 0.01 * np.sin(tr.t), 5),
                 ["0.00000"] * tr.t.size, _fmt(0.1 + 0.01 * np.cos(tr.t), 5)]
    for pre in ("", "1_"):
        names += [f"{pre}ground_torque_{a}" for a in "xyz"]
        cols += [["0.0000"] * tr.t.size, _fmt(3 * np.sin(tr.t), 4), ["0.0000"] * tr.t.size]
    head = [path.name, "version=1", f"nRows={tr.t.size}", f"nColumns={len(names)}", "inDegrees=yes", "endheader",
            "\t".join(names)]
    return _write_rows(path, head, cols, "\t")


def write_fp1_fp2_no_time(path: Path, tr: Trace) -> Path:
    """gidiel-machado/Vertical-Jumps-Fz-Automated-Analysis `Fz-Jumps (test)/Dual-*-Fz.txt`: `FP1<tab>FP2`,
    the two plates' Fz in N to 3 decimals, CRLF, no time (the rate is asked for)."""
    a, b = tr.split(2)
    return _write_rows(path, ["FP1\tFP2"], [_fmt(a, 3), _fmt(b, 3)], "\t", newline="\r\n")


def write_sparkvue(path: Path, tr: Trace) -> Path:
    """PASCO SPARKvue-style names, `Time (s) Run 1`, `Normal Force (N) Run 1` (no '#': seen in a
    public app reading PASCO force-platform exports), two runs side by side; the second run is
    another trial (here lighter), never a second plate."""
    n1 = int(tr.t.size * 0.7)
    head = "Time (s) Run 1,Normal Force (N) Run 1,Time (s) Run 2,Normal Force (N) Run 2"
    cols = [_fmt(tr.t[:n1], 4), _fmt(tr.fz[:n1] * 0.8, 2), _fmt(tr.t, 4), _fmt(tr.fz, 2)]
    return _write_rows(path, [head], cols, ",")


def write_bertec_style(path: Path, tr: Trace) -> Path:
    """Bertec-style names as a public gait script reads them (`1:FZ`, `2:FZ`, `2:FZR`, `2:FZL`,
    `N:MX`, `N:COPX`; the header on line 5; upward force negative): plate 2's `2:FZ` is the sum
    of its belts `2:FZR` + `2:FZL`. The four metadata lines are assumed, not seen."""
    p1, right, left = tr.split(3)
    head = ["Bertec Corporation", f"File: {path.name}", f"Sample Rate: {tr.rate_hz:g}", "Units: N, N-m, m",
            "Time,1:FZ,1:MX,1:COPX,2:FZ,2:FZR,2:FZL,2:MX,2:COPX"]
    z = 0.01 * np.sin(tr.t)
    cols = [_fmt(tr.t, 4), _fmt(-p1, 3), _fmt(10 * z, 3), _fmt(z, 4), _fmt(-(right + left), 3), _fmt(-right, 3),
            _fmt(-left, 3), _fmt(-10 * z, 3), _fmt(-z, 4)]
    return _write_rows(path, head, cols, ",")


def write_labview_lvm(path: Path, tr: Trace, x_column: bool = True) -> Path:
    """A LabVIEW Measurement file (.lvm) as NI documents the layout (not a file seen here): a file
    header and a segment header, each ending `***End_of_Header***`, `Delta_X` the sample period,
    then `X_Value<tab>Force<tab>Comment` (without the X column when `X_Columns No`)."""
    head = ["LabVIEW Measurement\t", "Writer_Version\t2", "Reader_Version\t2", "Separator\tTab",
            "Decimal_Separator\t.", "Multi_Headings\tNo", f"X_Columns\t{'One' if x_column else 'No'}",
            "Time_Pref\tRelative", "Operator\tlab", "Date\t2024/03/01", "Time\t10:00:00.1234",
            "***End_of_Header***\t", "\t", "Channels\t1\t", f"Samples\t{tr.t.size}\t", "Date\t2024/03/01\t",
            "Time\t10:00:00.1234\t", "X_Dimension\tTime\t", "X0\t0.0000000000000000E+0\t",
            f"Delta_X\t{1.0 / tr.rate_hz:.6f}\t", "***End_of_Header***\t",
            "X_Value\tForce\tComment" if x_column else "Force\tComment"]
    cols = ([_fmt(tr.t, 6)] if x_column else []) + [_fmt(tr.fz, 6)]
    return _write_rows(path, head, cols, "\t", newline="\r\n")


def write_labview_lvm_no_x(path: Path, tr: Trace) -> Path:
    return write_labview_lvm(path, tr, x_column=False)
