"""Stage 3, integrate: the samples between two proven rests as one Chunk (on 10-ms frames),
with the force that moves the lifter (plate + measured spotter force) and the velocity
v = integral of (F - m*g)/m dt from the rest before (phase-physics.md: the standard method,
re-zeroed at every proven rest)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.ndimage import maximum_filter1d

from forceplate.analysis.frames import QUIET_MIN_S
from forceplate.analysis.sigproc import bool_runs, cumtrapz, frame_means, lowpass, ramp
from forceplate.analysis.state import _Run
from forceplate.analysis.weigh import DRIFT_MAX_N_S, WeighStage
from forceplate.units import G

# --- thresholds ------------------------------------------------------------------------------
CHUNK_PAD_S = 0.8          # s, rest samples kept on each side of a chunk (the integral's lead-in)
SPOTTER_MIN_N = 25.0       # N, a spotter force under this is not told from the spotter's sway
SPOTTER_FLOOR_N = 12.0     # N, never under this (a hand resting on the bar)
SPOTTER_SWAY_K = 2.5       # x the spotter's largest sway seen at rest (half its range), the floor
SPOTTER_HOLD_REL = 0.7     # a help found stays on while it stands over this share of the threshold:
                           # an uneven spotter's help dips and ramps under it, sway is not started
SPOTTER_SD_K = 3.5         # spotter-plate SDs at rest that a spotter's force must stand out by: the
                           # rest window's SD holds the spotter's sway (a sine's SD is 0.71 of its
                           # half-range), so 3.5 SDs of sway = SPOTTER_SWAY_K x its half-range, the
                           # floor's own rule; 5 SDs asked 3.5 half-ranges and hid 25-35 N helps
SPOTTER_CUTOFF_HZ = 3.0    # Hz, low-pass of the spotter plate (hands on a bar move slowly)
SPOTTER_RAMP_S = 0.15      # s, the spotter's force ramps on and off over about this
MIRROR_REL = 0.5           # a help under the threshold is still looked for down to this share of it,
                           # where the lifter's plate gives it back (below): the spotter's own sway
                           # (1-12 N at 0.3-2 Hz) never reaches the lifter's plate, a help does
MIRROR_TOL = 0.5           # ... -integral(F - level) over the stretch within this share of
                           # integral(E): F + E = m(g + a) and a help runs from the bottom (v ~ 0) to
                           # the top (v = 0), so F gives back E's impulse but for m*dv (a 0.05 m/s
                           # ramp misfit on 170 kg: 8 N*s of a 10-N, 2-s help's 20) and the level's
                           # error (0.5 N over 2 s: 1 N*s); over sway F gives back about none
MIRROR_MIN_S = 0.4         # s, ... over at least this: a helped phase (a raise or a lowering) lasts
                           # 0.5 s or more; shorter stretches are sway half-waves
IMPULSE_LEVELS = 4         # proven rest-to-rest chunks the level line is fitted over (the last)
IMPULSE_SPAN_S = 4.0       # s, ... whose mid-times span at least this (a slope over less is noise)
IMPULSE_MAX_AGE_S = 60.0   # s, ... none older than this (the plate's drift is not a line for long)
IMPULSE_ERR_N_S = 1.7      # N*s, what a proven chunk's net impulse is off by (its mean force x its
                           # duration): m*dv of the sway at its two ends plus the plate's coloured
                           # noise integrated over it (measured rms 1.2-1.9 N*s, 40-360 kg, wide
                           # 8100-8129): a chunk mean of a 7-s chunk is off by ~0.25 N
HELPED_LINE_MIN_CHUNKS = 3  # helped chunks' means a spotter plate's level line needs before it
                           # splits a helped chunk: two means show no scatter, and E's error
                           # (1-6 N*s per help) makes a two-point line off by more than its use
DRIFT_PRIOR_N_S = 0.1      # N/s, how fast a load cell's zero drifts with temperature (0.1-0.15 N/s is
                           # common): the level line's slope is shrunk towards none by this prior;
                           # the rest test allows the k*T^2/(2m) it leaves at an unweighed
                           # chunk's end (proof.py)


@dataclass(frozen=True, slots=True)
class Chunk:
    t: np.ndarray             # sample times, s
    fk: np.ndarray            # force that moves the lifter+bar (plate, + spotter plate if any), N
    level0_n: float           # rest level of fk before the chunk
    level1_n: float           # rest level after it
    mass_kg: float            # system mass (lifter + bar)
    band_n: float             # force noise band
    rate_hz: float
    position_m: np.ndarray | None = None
    velocity_m_s: np.ndarray | None = None
    source: str = "force_integral"   # "position" | "velocity" | "spotter_plate" | "force_integral"
    spotter_n: np.ndarray | None = None   # measured spotter force E per sample (+ lifts), if any
    spotter_expected: bool = True     # the method has a spotter (a prior: see spotter_evident)
    spotter_pushes: bool = False      # the method's spotter pushes the lowerings (forced negatives)
    spotter_lifts: bool = False       # ... one who does not push lifts (a prior: pushed_reps.lift_lost)
    raises_hang: bool = False         # the method's raises can fail and hang part-way (beyond failure)
    level_weighed: bool = False       # the level came from the set's proven reps (to ~0.1-0.3 N)
    level_se_n: float = 0.0           # ... and that line's own standard error where it is used, N
    helped_levels_n: tuple[float, float] | None = None   # a helped chunk's level at its ends, N,
                                      # from the set's helped chunks' zero net impulse of F + E
    rest_end: int = -1                # frame where the rest before ends in the chunk (the chunk
                                      # can begin at that rest's start: a short rest, a lowering
                                      # hidden in it); -1: CHUNK_PAD_S in (rest_end_index)
    from_top: bool = False            # the chunk begins where the rest before began, a top whose
                                      # quiet hid the lowering (rests.py _from_top)


@dataclass(frozen=True, slots=True)
class RepBounds:
    ecc_start: int            # sample indices into the chunk
    ecc_end: int
    con_start: int
    con_end: int
    source: str               # phase_source
    confidence: float
    assisted: str             # "none" | "raising" | "lowering"
    ecc_velocity_valid: bool
    con_velocity_valid: bool
    con_end_past_s: float = 0.0   # s, the raise's stop lies this far past con_end, the chunk's
                                  # last frame (segment.py: a stop cut off by its rest's proof)


@dataclass(frozen=True, slots=True)
class ChunkResult:
    reps: list[RepBounds]
    velocity_m_s: np.ndarray          # best estimate over the chunk (see validity flags per rep)
    residual_velocity_m_s: float      # force-integral velocity left at the end (drift / spotter)


def rest_end_index(ch: Chunk) -> int:
    """Frame of the chunk where the rest before it ended: where the bar left rest, at the
    latest, and where the integral's level error starts to grow (the level was read there)."""
    return ch.rest_end if ch.rest_end >= 0 else int(CHUNK_PAD_S * ch.rate_hz)


# the last chunk's velocity: proving its rest (proof.py) and segmenting it (segment.py) both
# integrate the same chunk object (the analyser caches it); the arrays are read-only
_last_velocity: tuple[Chunk, tuple[np.ndarray, np.ndarray, float]] | None = None


def chunk_velocity(ch: Chunk) -> tuple[np.ndarray, np.ndarray, float]:
    """(forward-integrated velocity from the force, deviation from the rest baseline, residual)."""
    global _last_velocity
    last = _last_velocity
    if last is not None and last[0] is ch:
        return last[1]
    out = _chunk_velocity(ch)
    out[0].flags.writeable = False
    out[1].flags.writeable = False
    _last_velocity = (ch, out)
    return out


def _chunk_velocity(ch: Chunk) -> tuple[np.ndarray, np.ndarray, float]:
    t = ch.t
    frac = ramp(t)                      # (t - t0) / T
    base = ch.level0_n + (ch.level1_n - ch.level0_n) * frac   # drift between the two weighings
    dev = ch.fk - base
    v = cumtrapz(dev, t) / ch.mass_kg
    return v, dev, float(v[-1])


class IntegrateStage(WeighStage):
    def _chunk(self, base: _Run, a: int, level1: float) -> tuple[Chunk, slice]:
        c = self._chunk_cache
        if c is not None and c[0] is base and c[1] == (base.end, a):
            return c[2]
        out = self._from_top(base, a, level1, self._make_chunk(base, a, level1))
        self._chunk_cache = (base, (base.end, a), out)
        return out

    def _from_top(self, base: _Run, a: int, level1: float,
                  out: tuple[Chunk, slice]) -> tuple[Chunk, slice]:
        """The chunk again from where the rest before began, where that rest hid a lowering
        (rests.py); here as it is."""
        return out

    def _make_chunk(self, base: _Run, a: int, level1: float,
                    from_start: bool = False) -> tuple[Chunk, slice]:
        assert base.end is not None
        pad = self._frames_for(CHUNK_PAD_S)
        fa = max(base.start, base.end - pad)
        if from_start:
            # from the rest's first frames: its start can still hold the last raise's braking
            # (the quiet window is 110 ms); a lowering rarely starts that soon
            fa = min(fa, base.start + self._frames_for(QUIET_MIN_S))
        qmin = self._frames_for(QUIET_MIN_S)
        sl = self._sl(fa, a + min(pad, qmin))
        lvl0 = self._base_level(base)
        mass_n = 0.5 * (lvl0 + level1) - self._tare_n
        # one level for the chunk, weighted by how long each rest was watched: a short window
        # sees sway, the drift between two rests is small
        n0, n1 = self._base_frames(base), qmin
        lvl0 = level1 = (n0 * lvl0 + n1 * level1) / (n0 + n1)
        line = self._impulse_line(float(self._t[sl.start]), float(self._t[sl.stop - 1]))
        band = self._band(base)
        # phases are found on 10-ms frame means (plenty for 150-ms tolerances, 10x less work);
        # the metrics use every sample
        nfr = (sl.stop - sl.start) // self.nf
        sl = slice(sl.start, sl.start + nfr * self.nf)

        def frames(x: np.ndarray) -> np.ndarray:
            return frame_means(x[sl].reshape(nfr, self.nf))

        i0 = sl.start // self.nf       # the frame means of the plate force are made already
        fk = self._fm[i0:i0 + nfr]
        spotter = None
        source, spotter_expected = self.source, self._spotter_expected
        if self._spot_idx is not None:
            spotter = self._spotter_force(frames(self._spot), min(n0, nfr), fa, base, fk - lvl0)
            fk = fk + spotter
            if not bool(np.any(spotter)):
                if self.source == "spotter_plate" or self._spot_unexpected:
                    # the spotter plate shows no spotter acting: F alone moves the bar, exactly
                    # as with force only where no spotter is expected, so the force-only checks
                    # of a rest apply (without them sets of unassisted reps fell apart)
                    spotter, source, spotter_expected = None, "force_integral", False
            elif self._spot_unexpected:
                source = "spotter_plate"     # a help measured where the method has no spotter
        close = line is not None and max(abs(line[0] - lvl0), abs(line[1] - lvl0)) < self._level_tol(lvl0)
        weighed, level_se, helped_levels = False, 0.0, None
        if line is not None and close and self._spot_idx is None:
            # the set's earlier reps weighed the lifter + bar far better than any rest window
            weighed = True
            lvl0, level1, level_se, _ = line
        elif line is not None and close and spotter is not None and line[3] >= HELPED_LINE_MIN_CHUNKS:
            # with a spotter plate the line comes from helped chunks (_note_impulse_level) and
            # serves only to split a helped chunk (spotted.py), and only once it has a standard
            # error (3+ chunks: a slope through two means is unchecked, and 0.2 N of scatter
            # over 10 s is 0.02 N/s); the rest tests keep the rest windows' level they were
            # built on (with the line they lost whole reps: 3 of 10 on one forced positive)
            helped_levels = (line[0], line[1])
        aux = self._am[i0:i0 + nfr].copy() if self._aux.size else None   # (= frames(self._aux))
        t = self._frame_times(sl.start, nfr)
        t.flags.writeable = False      # never changed: sigproc.half_steps caches its steps
        ch = Chunk(t=t, fk=fk, level0_n=lvl0, level1_n=level1, spotter_n=spotter,
                   mass_kg=max(mass_n / G, 1.0), band_n=band, rate_hz=self.rate_hz / self.nf,
                   position_m=aux if self._pos_idx is not None else None,
                   velocity_m_s=aux if self._vel_idx is not None and self._pos_idx is None else None,
                   source=source, spotter_expected=spotter_expected, level_weighed=weighed,
                   level_se_n=level_se, spotter_pushes=self._spotter_pushes,
                   spotter_lifts=self._spotter_lifts,
                   raises_hang=self._raises_hang, helped_levels_n=helped_levels,
                   rest_end=max(0, min(base.end - fa, nfr - 1)), from_top=from_start)
        return ch, sl

    def _note_impulse_level(self, ch: Chunk, sl: slice) -> None:
        """A proven, unassisted rest-to-rest chunk starts and ends at rest, so its net impulse
        is zero (phase-physics.md) and its mean force is m*g plus the plate's drift at its
        middle - to about m*dv_sway/T (180 kg, 5 mm/s, 10 s: 0.1 N), where a 0.2-0.5 s rest
        window sits on half a sway wave (1-3 N). Noted per set, force only - or with a spotter
        plate, whose measured help E is part of the force that moved the lifter + bar: F + E
        has zero net impulse too, and E's error (the spotter's sway, 1-12 N at 0.3-2 Hz, held
        only over the help's 1-3 s) is A/omega, 1-6 N*s, over a 7-15 s chunk 0.1-0.4 N. Without
        this, a spotter-plate set was never weighed: a level off by 0.3 N, or the plate's
        drift (0.05-0.1 N/s) over a 12-s chunk, bends a forced positive's 7-cm lowering on the
        plate by 10-20 cm, and its lowering was found seconds off (spotted.py)."""
        helped = ch.source == "spotter_plate" and ch.spotter_n is not None
        if ch.t.size < 8 or not (helped or (self.source == "force_integral" and ch.spotter_n is None)):
            return
        # the plate's own samples (a chunk whose drift was fitted away has lost its level)
        t_mid = 0.5 * float(ch.t[0] + ch.t[-1])
        f = self._f[sl]
        mean = float(f.sum() / f.size)
        if ch.spotter_n is not None:
            mean += float(ch.spotter_n.mean())    # frames of equal length: E's mean over the chunk
        self._impulse_levels.append((t_mid, mean, float(ch.t[-1] - ch.t[0])))
        del self._impulse_levels[:-IMPULSE_LEVELS]

    def _impulse_line(self, t0: float, t1: float) -> tuple[float, float, float, int] | None:
        """The rest level (N) at t0 and t1 from the line through the last proven chunks' mean
        forces (their level and the plate's drift), the line's standard error (N) at the
        farther of the two, and how many means it went through; or None without two of them far enough apart: a level from rest
        windows, off by a newton or two, bends a slow, light rep by more than its own travel
        (v error = dL*T/m). Each mean scatters by m*dv/T (0.2-0.5 N measured on 140 kg, 7-s
        chunks), so a slope over 20 s is off by 0.01-0.03 N/s, and extrapolated 15-20 s past
        the points' middle the level by 0.3-0.7 N: the standard error says how far."""
        pts = [p for p in self._impulse_levels if t0 - p[0] <= IMPULSE_MAX_AGE_S]
        if len(pts) < 2 or pts[-1][0] - pts[0][0] < IMPULSE_SPAN_S:
            return None
        fit = self._line_fit
        if fit is None or len(fit[0]) != len(pts) or any(a is not b for a, b in zip(fit[0], pts, strict=True)):
            # (the line through these means, made once: every chunk built asks for it)
            fit = self._line_fit = (pts, self._fit_line(pts))
        if fit[1] is None:
            return None
        sw, tm, lv, stt, err2, prior, rate = fit[1]
        # the prediction's standard error from the same model (each mean off by
        # IMPULSE_ERR_N_S / T, or by what the means' scatter about the line shows, if more):
        # err*sqrt(1/sum(T^2) + (t - tm)^2 / (Stt + prior)). Two means have no scatter to show,
        # but their line is off all the same: 0.75 N at a 250-Hz plate's next chunk, where
        # taken as exact (0.3 N) a slow raise's last 4 cm/s read as a bar still rising, and a
        # set's last 8 reps were lost (wide 8190)
        far = max(abs(t0 - tm), abs(t1 - tm))
        se = float(np.sqrt(err2 * (1.0 / sw + far ** 2 / (stt + prior))))
        return lv + rate * (t0 - tm), lv + rate * (t1 - tm), se, len(pts)

    _line_fit: tuple[list[tuple[float, float, float]], tuple[float, ...] | None] | None = None

    @staticmethod
    def _fit_line(pts: list[tuple[float, float, float]]) -> tuple[float, ...] | None:
        """_impulse_line's fit through the means pts: (sum of weights, weighted mean time and
        level, Stt, the means' error^2, the drift prior, the drift rate), None if it drifts too fast."""
        # each mean is off by m*dv/T (dv: the velocity at its ends): weighted least squares,
        # weights T^2 (a few points: plain arithmetic, numpy's per-call overhead dominates)
        w = [p[2] ** 2 for p in pts]
        sw = sum(w)
        tm = sum(wi * p[0] for wi, p in zip(w, pts, strict=True)) / sw
        lv = sum(wi * p[1] for wi, p in zip(w, pts, strict=True)) / sw
        stt = sum(wi * (p[0] - tm) ** 2 for wi, p in zip(w, pts, strict=True))
        sxy = sum(wi * (p[0] - tm) * (p[1] - lv) for wi, p in zip(w, pts, strict=True))
        # the slope with a prior on the drift rate (ridge): each mean's error is
        # IMPULSE_ERR_N_S / T (weights T^2), so a slope from two means 6 s apart is off by
        # 0.06-0.3 N/s - as much as the drift itself - and extrapolated 10-15 s it bent a slow
        # rep's re-zeroed travel by centimetres (E1 * T^3 / 12m): the slope counts only as far
        # as the means' spread over time outweighs the prior
        err2 = IMPULSE_ERR_N_S ** 2
        if len(pts) > 2:
            # more means show their own scatter about the line (weights T^2: an impulse error)
            err2 = sum(wi * (p[1] - lv - sxy / stt * (p[0] - tm)) ** 2
                       for wi, p in zip(w, pts, strict=True)) / (len(pts) - 2)
        prior = max(err2, IMPULSE_ERR_N_S ** 2) / DRIFT_PRIOR_N_S ** 2      # s^4, as Stt
        rate = sxy / (stt + prior)
        if abs(rate) > DRIFT_MAX_N_S:
            return None
        return sw, tm, lv, stt, err2, prior, rate

    def _spotter_force(self, spot: np.ndarray, n_rest: int, fa: int, base: _Run,
                       dev: np.ndarray) -> np.ndarray:
        """E (N, + lifts) per frame from the spotter plate: E = plate reading - spotter weight
        (Newton's third law: the bar pushes back down on a spotter who lifts it), the weight
        taken over the rest before the chunk. Only where E clearly stands out of the spotter's
        own sway and noise, or - smaller - where the lifter's plate (its deviation from the
        level, dev) gives E's impulse back (_mirrored); elsewhere E = 0."""
        assert base.end is not None
        rest = spot[:max(1, min(n_rest, base.end - fa))]
        e = spot - float(rest.mean())
        e_lp = lowpass(e, self.rate_hz / self.nf, SPOTTER_CUTOFF_HZ)
        at_rest = e_lp[:rest.size]
        self._spot_sway_n = max(self._spot_sway_n, 0.5 * float(np.ptp(at_rest)))
        floor = min(SPOTTER_MIN_N, max(SPOTTER_FLOOR_N, SPOTTER_SWAY_K * self._spot_sway_n))
        thr = max(floor, SPOTTER_SD_K * float(np.std(at_rest)))
        d_lp = lowpass(dev, self.rate_hz / self.nf, SPOTTER_CUTOFF_HZ)
        # only where the method has a spotter: elsewhere (normal, slow negatives) a lifter's
        # lowering under a sway half-wave is the likelier mirror (unassisted reps were lost)
        min_len = self._frames_for(MIRROR_MIN_S) if self._spotter_expected else 1 << 30
        # the sign the method's spotter acts with: a push (E < 0) only in forced negatives, a
        # lift elsewhere - a raise's launch (F over m*g) under a sway half-wave down mirrored it
        sign = -1.0 if self._spotter_pushes else 1.0
        on = self._helps(e_lp, d_lp, thr, sign, min_len)
        grow = self._frames_for(SPOTTER_RAMP_S)     # cover the spotter's ramps on and off
        if on.any():
            on = maximum_filter1d(on.astype(np.int8), 2 * grow + 1).astype(bool)
            if self._pos_idx is None and self._vel_idx is None and (~on).sum() > rest.size:
                # re-weigh the spotter over every frame where they did not act: a short rest
                # sees their sway (1-12 N at 0.3-2 Hz), and that error, held over a seconds-long
                # help, adds up to a velocity error of a tenth of a m/s in F + E. (With a bar
                # position E only labels the assisted phases; there the rest weight is kept.)
                e_lp = e_lp - float(e_lp[~on].mean())
                on = self._helps(e_lp, d_lp, thr, sign, min_len)
                on = maximum_filter1d(on.astype(np.int8), 2 * grow + 1).astype(bool)
        return np.where(on, e_lp, 0.0)

    def _helps(self, e: np.ndarray, d: np.ndarray, thr: float, sign: float, min_len: int) -> np.ndarray:
        """Frames where the spotter acts: E over the threshold, or a lighter help the lifter's
        plate mirrors. Where the method has no spotter (normal, slow negatives), E over the
        threshold must be mirrored too: a spotter's save takes the load off the lifter (F + E =
        m(g + a), from a stall to the top: F's impulse gives E's back), while their own sway
        (1-12 N at 0.3-2 Hz, over the 12-N floor where the rest before saw too little of it)
        leaves the lifter's plate alone."""
        held = _held(np.abs(e), thr)
        if self._spot_unexpected:
            # a help easing under the hysteresis for less than the spotter's ramp off and back
            # on is one help: tested in pieces, each starts or ends on a moving bar and fails
            held = _given_back(_joined(held, 2 * self._frames_for(SPOTTER_RAMP_S)), e, d)
        return held | _mirrored(sign * e, d * sign, thr, min_len)


def _mirrored(e: np.ndarray, d: np.ndarray, thr: float, min_len: int) -> np.ndarray:
    """Stretches of E (signed so that the method's spotter acts upwards) over MIRROR_REL * thr
    (held as _held does) of at least min_len frames whose impulse the lifter's plate gives
    back: -sum(d) within MIRROR_TOL of sum(E). A help takes load off the lifter (F + E = m(g + a), and a helped phase runs from rest to rest, so
    F's impulse mirrors E's); the spotter's own sway (their body, not the bar) leaves F alone.
    Size cannot tell a light help (9-20 N on 100-170 kg) from 5-8 N of sway; the mirror can."""
    return _given_back(_held(np.maximum(e, 0.0), MIRROR_REL * thr), e, d, min_len)


def _given_back(cand: np.ndarray, e: np.ndarray, d: np.ndarray, min_len: int = 1) -> np.ndarray:
    """The stretches of cand, of min_len frames or more, whose impulse of E the lifter's
    plate gives back: -sum(d) within MIRROR_TOL of sum(E)."""
    starts, ends = bool_runs(cand)
    out = np.zeros(e.size, dtype=bool)
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        if b - a < min_len:
            continue
        ie, idev = float(e[a:b].sum()), float(d[a:b].sum())
        if abs(ie + idev) <= MIRROR_TOL * abs(ie):
            out[a:b] = True
    return out


def _joined(mask: np.ndarray, gap: int) -> np.ndarray:
    """mask with its gaps shorter than gap frames between two stretches filled."""
    starts, ends = bool_runs(mask)
    out = mask.copy()
    for a, b in zip(ends[:-1].tolist(), starts[1:].tolist(), strict=True):
        if b - a < gap:
            out[a:b] = True
    return out


def _held(mag: np.ndarray, thr: float) -> np.ndarray:
    """Frames over thr, and the stretches around them that stay over SPOTTER_HOLD_REL * thr
    (hysteresis): a help is only started by the full threshold, then followed down its ramps
    and through an uneven spotter's dips."""
    starts, ends = bool_runs(mag > SPOTTER_HOLD_REL * thr)
    c = np.concatenate(([0], np.cumsum(mag > thr)))
    keep = c[ends] > c[starts]                    # the runs holding a frame over thr
    edge = np.zeros(mag.size + 1, dtype=np.int32)
    np.add.at(edge, starts[keep], 1)
    np.add.at(edge, ends[keep], -1)
    return np.cumsum(edge[:-1]) > 0
