"""The one reader of foreign plate recordings (used by `eccentric analyze`, `import` and `inspect`).

A file is read as its vendor exported it (sessions.formats: CSV/TSV/TXT with sniffed delimiter,
decimal mark, header block and encoding; OpenSim .mot/.sto; Kistler BioWare; Parquet; C3D),
every column is given a role from its name and unit, and only measured channels reach the
SampleBlock: the vertical force (parts, or the vendor's total), a measured bar position or
velocity, a spotter plate. docs/import.md states the rules. Every problem is a one-line
BadInputError naming the file, and, where a choice is needed, the option that settles it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from forceplate.errors import BadInputError
from forceplate.samples import ChannelInfo, ReaderInfo, SampleBlock
from sessions.formats import ImportOptions, Plan, Table, make_plan, plan_file

MAX_CHANNELS = 16
G = 9.80665
# the slowest plate there is (an HX711 load-cell board) gives 10 samples/s; a time column read
# slower than 5 Hz is a time in another unit: 0, 1, 2 ... is milliseconds (1 kHz), not seconds
MIN_RATE_HZ = 5.0
QUIET_WINDOW_S = 1.0        # "the weight at the start": the first second of quiet stance
QUIET_MIN_N = 98.0          # 10 kg: less than this is an empty plate, not a person
QUIET_SD_REL = 0.02         # quiet stance sways the force by ~1 % of body weight; 2 % leaves room for noise
QUIET_SD_MIN_N = 5.0        # ... and a plate's own noise is a few newtons


@dataclass(frozen=True, slots=True)
class QuietWeight:
    mass_kg: float
    force_n: float
    sd_n: float
    t_start_s: float
    t_end_s: float


def read_plate_csv(path: Path | str, *, reader: str = "csv", name: str = "CSV",
                   options: ImportOptions | None = None) -> tuple[ReaderInfo, SampleBlock]:
    """A foreign recording -> (info, block). reader/name label the ReaderInfo ("csv" for
    analysis, "import" for imported sessions)."""
    info, block, _ = read_foreign(path, reader=reader, name=name, options=options)
    return info, block


def read_foreign(path: Path | str, *, reader: str = "csv", name: str = "CSV",
                 options: ImportOptions | None = None) -> tuple[ReaderInfo, SampleBlock, Plan]:
    path = Path(path)
    try:
        plan = plan_file(path, options or ImportOptions())
        info, block = _build(path, plan, reader, name, chosen_time=bool(options and options.time_column))
    except BadInputError as exc:
        raise BadInputError(f"{path}: {exc}") from None
    return info, block, plan


def read_run(path: Path | str, table: Table, options: ImportOptions, *, reader: str = "csv", name: str = "CSV"
             ) -> tuple[ReaderInfo, SampleBlock, Plan]:
    """read_foreign on a table read already (one run of a file of several: the file read once)."""
    path = Path(path)
    try:
        plan = make_plan(table, options)
        info, block = _build(path, plan, reader, name, chosen_time=bool(options.time_column))
    except BadInputError as exc:
        raise BadInputError(f"{path}: {exc}") from None
    return info, block, plan


def _build(path: Path, plan: Plan, reader: str, name: str, chosen_time: bool = False
           ) -> tuple[ReaderInfo, SampleBlock]:
    t = plan.time_s
    if t.size < 2:
        from sessions.formats.plan import too_short

        raise BadInputError(too_short(int(t.size), int(t.size)))
    if len(plan.channels) > MAX_CHANNELS:
        raise BadInputError(f"{len(plan.channels)} channels is more than {MAX_CHANNELS}: choose the force columns "
                            f"with --force-columns")
    dt = np.diff(t)
    if (dt <= 0).any():
        i = int(np.argmax(dt <= 0)) + 1
        if t[i] <= t[0] and i > 1:   # back to the start: one recording after another, not a bad clock
            raise BadInputError(f"the time starts again at {_row(plan, i)}: the file holds recordings one after "
                                f"another (an `eccentric export --samples` of several sessions? export one session "
                                f"to import it), or choose the time column with --time-column")
        raise BadInputError(f"the time does not increase ({_row(plan, i)}): choose the time column with --time-column, "
                            f"or give --rate HZ")
    rate = _clock_rate(t, dt)
    del dt
    # a time column found by its name; one chosen with --time-column (or --rate) is read as given
    lowest = MIN_RATE_HZ if plan.rate_source.startswith("the time column") and not chosen_time else 1.0
    if not (lowest <= rate <= 100_000):
        raise BadInputError(_implausible_rate(rate))
    rate = float(np.round(rate, 3))
    # sample numbers from the clock; a jittery clock keeps the row order (the time stays as given)
    x = t - t[0]            # in place from here: a 9-M-row export held four copies of its time
    x *= rate
    np.rint(x, out=x)
    seq = x.astype(np.int64)
    del x
    step = np.diff(seq)
    if (step <= 0).any():
        seq = np.arange(t.size, dtype=np.int64)
        step = np.diff(seq)
    flags = np.zeros(t.size, dtype=np.uint8)
    flags[1:][step > 1] = 1   # a gap in the other system's samples (Flags.DROPPED)
    del step
    chans = tuple(ChannelInfo(n.strip(), unit, kind) for n, kind, unit, _ in plan.channels)  # type: ignore[arg-type]
    values = np.empty((t.size, len(plan.channels)), dtype=np.float64)
    for j, (*_, v) in enumerate(plan.channels):
        values[:, j] = v
    extra = {"source": str(path), "format": plan.table.format, "force": plan.force_note}
    if plan.sign_flipped:
        extra["sign"] = "vertical force negated (the file's z axis points down)"
    info = ReaderInfo(reader=reader, name=f"{name} ({path.name})", serial="", channels=chans,
                      sample_rate_hz=rate, extra=extra)
    return info, SampleBlock(time_s=np.ascontiguousarray(t, dtype=np.float64), values=values, seq=seq, flags=flags)


def _implausible_rate(rate: float) -> str:
    """One line for a time axis no plate has: with the rate a time in milliseconds would give
    (a column `time` holding 0, 1, 2 ... read as seconds is 1 Hz; it was read so, and its jumps
    were 12 slow 'reps')."""
    if rate < MIN_RATE_HZ and MIN_RATE_HZ <= rate * 1000 <= 100_000:
        return (f"implausible sample rate {rate:.3g} Hz: is the time in milliseconds? give the rate it has, "
                f"--rate {rate * 1000:.4g} (or choose another time column with --time-column)")
    return f"implausible sample rate {rate:.3g} Hz (is the time in seconds? see --time-column, --rate)"


def _clock_rate(t: np.ndarray, dt: np.ndarray) -> float:
    """Sample rate (Hz) of an increasing time column: its steps counted in whole median steps (a
    gap of dropped samples counts as several), over the time they span. A vendor prints the
    time at its own resolution: a 120-Hz period of 8.33 ms printed to 1 ms steps 8, 8, 9 ms, whose
    median alone read 125 Hz, and every 25th sample then looked dropped."""
    steps = np.maximum(np.rint(dt / float(np.median(dt))), 1.0)
    return float(steps.sum()) / float(t[-1] - t[0])


def _row(plan: Plan, i: int) -> str:
    line0 = plan.table.first_data_line if plan.table.layout else 0
    return f"line {line0 + i}" if line0 else f"row {i + 1}"


def quiet_weight(time_s: np.ndarray, force_n: np.ndarray) -> QuietWeight | None:
    """The weight of the first quiet stance: the mean force over the stillest window of
    QUIET_WINDOW_S (least SD) among the first run of windows whose SD is under the sway of
    quiet stance. The first such window alone often held the end of the step-on (a ramp whose
    SD passes the 2-% sway bound of a heavy person: 0.5-1 kg off at 50-2000 Hz, 97.5 kg read
    99.4 on a 50-Hz Logger Pro file); a person standing is flat within noise and sway, so the
    stillest window of that stance is the person's. None when there is none."""
    if time_s.size < 3:
        return None
    dt = float(np.median(np.diff(time_s)))
    if not (np.isfinite(dt) and dt > 0):
        return None            # time stamps that do not advance: no rate, no window
    rate = 1.0 / dt
    w = max(2, int(round(QUIET_WINDOW_S * rate)))
    if force_n.size < w:
        return None
    c1 = np.concatenate([[0.0], np.cumsum(force_n)])
    c2 = np.concatenate([[0.0], np.cumsum(force_n * force_n)])
    mean = (c1[w:] - c1[:-w]) / w
    var = np.maximum((c2[w:] - c2[:-w]) / w - mean * mean, 0.0)
    sd = np.sqrt(var)
    ok = (mean > QUIET_MIN_N) & (sd < np.maximum(QUIET_SD_MIN_N, QUIET_SD_REL * mean))
    if not ok.any():
        return None
    i0 = int(np.argmax(ok))
    out = np.flatnonzero(~ok[i0:])
    i1 = i0 + int(out[0]) if out.size else ok.size     # the first stance's windows: i0..i1
    i = i0 + int(np.argmin(sd[i0:i1]))
    return QuietWeight(float(mean[i] / G), float(mean[i]), float(sd[i]), float(time_s[i]), float(time_s[i + w - 1]))


def no_person_note(force_n: np.ndarray) -> str | None:
    """Why nothing can be found in a recording whose force never reaches a person's weight
    (QUIET_MIN_N, 10 kg, anywhere): nobody stood on the plate, or the column is not in newtons
    (kN written as N reads a 65-kg athlete as 0.64 N). None when the force does reach it."""
    if force_n.size == 0:
        return None
    top = float(np.nanmax(np.abs(force_n)))
    if not np.isfinite(top) or top >= QUIET_MIN_N:
        return None
    return (f"the force never exceeds {top:.3g} N ({top / G:.2g} kg): nobody stood on the plate, or the "
            f"column is not in newtons (kN?) - its unit comes from its name, e.g. 'Force (kN)'")


__all__ = ["MAX_CHANNELS", "QuietWeight", "no_person_note", "quiet_weight", "read_foreign", "read_plate_csv", "read_run"]
