"""Stage 5, find rests: the checks the rest walk (rests.py) makes of a quiet run before and
around testing it as a rest - a raise still braking into the top, a slow lowering's quiet
cruise, the last rest before a rack (the first rest after an unrack: unrack.py)."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from scipy.ndimage import maximum_filter1d, minimum_filter1d

from forceplate.analysis.events import Event
from forceplate.analysis.frames import MEASURED_STILL_V_M_S, QUIET_MIN_S
from forceplate.analysis.integrate import SPOTTER_FLOOR_N, Chunk, ChunkResult, chunk_velocity
from forceplate.analysis.motion import direction_runs, displacement, raised_last, rezeroed
from forceplate.analysis.proof import MEASURED_CUTOFF_HZ, ProofStage
from forceplate.analysis.pushed_reps import light_lift
from forceplate.analysis.sigproc import frame_means, lowpass, median, robust_sd
from forceplate.analysis.spotted import LIFT_TOP_GAP_S
from forceplate.analysis.state import _Run
from forceplate.analysis.top_return import REZERO_TOP_REL, drift_fixed, rezeroed_rep
from forceplate.analysis.weigh import LEVEL_TOL_REL, REST_BAND_SD_K

# --- thresholds ------------------------------------------------------------------------------
MASS_CHANGE_S = 0.8        # s, quiet this long at a new level (body <-> system): a mass change
MIN_REP_S = 1.0            # s, a rep takes at least this long
LEVEL_EXIT_REL = 0.004     # a quiet run ends when its level moves by this share (a slow start
LEVEL_EXIT_K = 4.0         # is quiet in a short window but drifts off the level), or this many
LEVEL_EXIT_MIN_N = 4.0     # SDs of its first frames, or this many newtons, whichever is largest
SITS_BANDS = 2.0           # bands of sway a level may show and still be "sitting at" it
BRAKE_GAP_BANDS = 0.75     # rest bands a quiet run sits under the rest level, climbing (BRAKE_T),
BRAKE_T = 3.0              # standard errors of its slope: a raise's braking, not a rest yet. More
                           # than sway explains: both levels are read on short windows of a sway
                           # wave (half-range A, SD 0.71 A, the band 4 SDs = 2.8 A) and differ by
                           # up to 2 A = 0.71 bands, climbing with the wave; at 0.5 a swaying
                           # lifter's 0.49-s top rest was refused and two reps merged (classic 1020)
BRAKE_DRIFT_N_S = 0.15      # N/s, the fastest a load cell's zero drifts with temperature (0.1-0.15 N/s,
                           # DRIFT_PRIOR_N_S): a level weighed T s before is off by up to this x T
BRAKE_DEEP_BANDS = 1.0     # ... or this many bands under it, climbing or not: a force that far
                           # under m*g still accelerates the bar (a light raise braked 12 N under
                           # it for 0.2 s, wide 8215; 7.4 N under a 6.5-N band at 250 Hz, where
                           # 9 frames cannot show the climb)
BRAKE_FLAT_BANDS = 0.5     # ... or this many sway bands under a level weighed over SWAY_MIN_S or more
                           # (plus the zero's drift since, BRAKE_DRIFT_N_S), climbing or not: such a
                           # level holds whole sway waves, so only the window swings (2 SDs of its
                           # means); a raise braking evenly into the top (4.3 N for 1.8 s in a 5.6-N
                           # band, wide 15895) neither climbs nor reaches a band. A refused top is
                           # retested each QUIET_MIN_S
SWAY_MIN_S = 1.0           # s, a rest this long measures the lifter's sway for the braking test: it
                           # holds a whole wave of the sway that moves the force (the force is
                           # m*A*(2*pi*f)^2: sway under 1 Hz moves it a tenth as much as at 1.5 Hz)
SWAY_WINDOW_S = 3.0        # s, the sway is read over the rest's last seconds at most (WEIGH_WINDOW_S)
SANK_M = 0.005             # m, a quiet run retested late (late_rests._retest_late) must not have gone
                           # down more than this since it began (a slow lowering's quiet cruise;
                           # a raise's end only rises, and a still bar's integral wanders mm)


@lru_cache(maxsize=8)
def _centred(n: int) -> tuple[np.ndarray, float]:
    """Frame offsets from the middle of n frames, and their sum of squares (x, x @ x)."""
    x = np.arange(n, dtype=np.float64) - 0.5 * (n - 1)
    x.flags.writeable = False
    return x, float(x @ x)


def _rezeroed_signs(ch: Chunk) -> list[int]:
    """Signs of the phase-sized runs of the chunk's velocity re-zeroed at both rests (a
    constant level error removed): -1 down, +1 up."""
    v, _, residual = chunk_velocity(ch)
    # the same array top_return.rezeroed_returns makes, so its runs are found once (motion's cache)
    runs = direction_runs(rezeroed(v, residual, ch.t) if residual else v, ch.t)
    return [r.sign for r in runs]


class RestChecks(ProofStage):
    def _own_top(self) -> bool:
        """Is the force at a top the lifter's alone: no spotter pushing the lowerings, none
        who has acted on the set? Then a force under m*g there is a raise still braking."""
        return not (self._spotter_pushes or self._set_spotted)

    def _hands_off(self, base: _Run, a: int, b: int) -> bool:
        """Where the spotter pushes the lowerings: does the spotter plate read the spotter's
        weight over frames a..b (and the lifter's sway is known)? Then their hands are off the
        bar at this top, the force is the lifter's alone and the spotter's sway is not in it."""
        return self._spotter_pushes and self._sway_band is not None and self._spotter_idle(base, a, b)

    def _note_sway(self, base: _Run) -> None:
        """Keep the band (REST_BAND_SD_K robust SDs of the means of QUIET_MIN_S windows: sway
        and averaged noise) of the load's longest rest so far of SWAY_MIN_S or more, with no
        floor: the braking test (_still_braking) reads such a window, and a short top's band
        - 4 SDs of single frames, at least REST_BAND_MIN_N (6 N) - hid a slow stop's braking
        2-10 N under m*g where the window's noise and sway were 0.4-3 N (explore 8005: a
        window 4.5 N under the level against a 7.6-N band; this band 1.9 N)."""
        assert base.end is not None
        n = base.end - base.start
        if base.role != "system" or n < self._frames_for(SWAY_MIN_S) or (
                self._sway_band is not None and n <= self._sway_band[0]):
            return
        f0 = self._s0 // self.nf
        x = self._fm[max(base.start, base.end - self._frames_for(SWAY_WINDOW_S)) - f0:base.end - f0]
        k = self._frames_for(QUIET_MIN_S)
        if x.size < 2 * k:
            return
        # the means of the windows the braking test reads (QUIET_MIN_S of frames): the sway
        # is in them whole, the plate's frame noise shrunk by sqrt(frames)
        c = np.concatenate(([0.0], np.cumsum(x - x[0])))
        w = (c[k:] - c[:-k]) / k
        med = median(w)                   # (= np.median, without its per-call overhead)
        sd = robust_sd(w, med)
        self._sway_band = (n, REST_BAND_SD_K * sd)

    def _still_braking(self, base: _Run, a: int, b: int, climbing: bool = True) -> bool:
        """No spotter's hands on the bar (force only, or a spotter plate showing none): is the bar, quiet from frame a, still
        decelerating into the top - its net force under m*g, the impulse of the raise not yet
        taken back - read over the window of QUIET_MIN_S frames ending at frame b? One rule for
        one physical fact: at a rest the force is m*g, which the rest before weighed to within
        its band (4 SDs of its frame means: noise and sway). Two levels read on short windows
        of a sway wave differ by up to 0.71 bands, so a window more than that under the rest
        level and climbing back towards it (BRAKE_GAP_BANDS, BRAKE_T: the braking fading), or a
        whole band under it climbing or not (BRAKE_DEEP_BANDS), is a force under m*g that sway
        does not explain: the bar still accelerates downwards (a slow raise's braking,
        m*5.8*D/T^2: 7 cm in 2.5 s on 74 kg, 6 N; a light beyond-failure raise 12 N under m*g
        for 0.2 s), or a lowering's unweighting has begun. Tested as a rest there, the chunk
        ended before the raise did and the rest's level, weighed over the braking, was newtons
        low, so the tops after it failed their proof or read as another level and the set's
        reps were lost. Only under the level: a window a band over it at a top is a swaying
        lifter's wave half (wide 8812). climbing=False: the deep test alone (a run that has
        held MASS_CHANGE_S, whose braking has faded if it was one). Not where a spotter's
        hands can hold the force off m*g at a true top (below)."""
        lifts = self._spotter_helps and not self._spotter_pushes
        # a spotter plate measures the spotter's hands, not the bar: at a top the lifter's plate
        # is the lifter's alone as with force only wherever no spotter lifts the raises - a
        # forced negative's push begins with the lowering, and in normal sets, slow negatives
        # and beyond failure's own reps nobody touches the raise (after a lifted rep only the
        # deep test with the sway floor is asked, below, as with force only). Without this a
        # slow, light raise's braking (9 cm in 2 s on 122 kg: 16 N) passed for the top, its
        # level was weighed 5-12 N low over the braking, and every top after it failed its
        # proof (explore 8401, 8406: 11 of 16 forced-negative reps lost); with only forced
        # negatives tested, the raises of the other methods ended 0.2-0.5 s early at a quiet
        # stretch of their braking, and reps were lost the same way (explore 8000-8039, under
        # 25 cm: 500 raise ends early, beyond failure 239 of them)
        # (a spotter plate at the spotter's weight since the quiet run began shows hands that
        # carry nothing: the test runs there too - explore 8100-8129 forced positives 89.1 ->
        # 89.3 %, beyond failure unchanged)
        if self.source not in ("force_integral", "spotter_plate") or (lifts and not (
                self.source == "spotter_plate" and self._spotter_idle(base, a, b))):
            # where a spotter lifts the raises, a force under m*g at the top is their hands
            # still carrying some of the bar, not a raise braking: the true top sits under the
            # level (forced positives lost 2 of 8 reps, wide 8805). The same after a rep the
            # spotter lifted (beyond failure: they raise every rep after the failure; a 160-kg
            # set lost its helped reps' tops, wide 8810). With a bar position the rest test
            # sees the bar itself. After a lifted chunk only the deep test with the
            # sway floor is asked (below): a hand-held top of a heavy set stays within 1 % of
            # the weight, and a lifted rep misread in an unassisted stretch no longer lets the
            # next raise's braking (10 N under a 6-N band on 62 kg) pass for a rest - five
            # reps were lost (explore 8210, the hang test)
            return False
        qmin = self._frames_for(QUIET_MIN_S)
        fm = self._frame_means(b - qmin, b)
        if fm.size < 4:
            return False
        lvl0 = self._base_level(base)
        gap = lvl0 - float(np.add.reduce(fm) / fm.size)   # (= fm.mean(), one call less)
        band = self._band(base)
        hands_off = self._hands_off(base, b - qmin, b)
        flat = False
        if climbing and self._sway_band is not None and self._own_top():
            # a level weighed over a whole sway wave has no sway error of its own (BRAKE_FLAT_BANDS);
            # not where the method's spotter may lift a raise: their hands hold a failing top
            # under m*g (a beyond-failure set lost its count, 7007)
            flat = not self._spotter_lifts and self._base_frames(base) >= self._frames_for(SWAY_MIN_S)
            # the load's sway, measured on its longest rest as the window means this test
            # reads swing, where that is under the short top's band (whose floor is for a
            # lifter no long rest has shown): a braking fading 2-10 N under m*g is seen over
            # the window's 0.4-3 N of sway and averaged noise. Not once a spotter's hands have
            # been on the bar: their own sway is in no rest of the lifter's (a light
            # beyond-failure set lost two lifted reps' tops, wide 8215). And only while the
            # run is young (climbing): a run that has held MASS_CHANGE_S is judged against the
            # top's own band, so a base level read off by more than the sway (a short rest,
            # the plate's drift) never refuses every later top (a set lost, 500-Hz seed 13)
            band = min(band, self._sway_band[1])
        deep = BRAKE_DEEP_BANDS * band
        if flat:
            # an even braking does not climb: its depth alone, against the window's own sway
            # and the zero's drift since the level was weighed
            assert base.end is not None
            deep = min(deep, BRAKE_FLAT_BANDS * band + BRAKE_DRIFT_N_S * max(0, b - base.end) * self.frame_s)
        # a spotter plate that showed the spotter lifting just before (LIFT_TOP_GAP_S) and
        # their weight again now (they let go): the raise ending here was theirs, and a
        # spotter lets go at the top (phase-physics.md), so the bar is stopped and a force
        # under m*g is the lifter's sway - as after a lifted chunk. Read as braking (the
        # sway's 6 N trough climbing), a beyond-failure set's first lifted top was never
        # tested, and the next slow negative's quiet end passed for it (classic 2002, 2006:
        # 1-3 reps of a set lost). Hands still on: a hang they hold (wide 7004)
        lifted = self._lifted_into(base, self._quiet_since(base, a)) and self._spotter_idle(base, a, b)
        if self._spotter_pushes or self._chunk_spotted or lifted:
            # (after a lifted chunk: the lifter's band does not hold the spotter's hands either)
            # a spotter whose hands are on the bar at every top adds their own sway to the
            # plate force, which the rest's band (the lifter's) does not hold: the deep test
            # asks the same-level sway floor too (1 % of the weight; at a band alone forced
            # negatives on 7001-7008 lost 5 reps, a 187-kg set's top read as braking, 8504)
            deep = max(deep, LEVEL_TOL_REL * abs(lvl0 - self._tare_n))
        if hands_off and self._sway_band is not None:
            # the window's mean against a level weighed at the rest before: off by no more
            # than the load's window sway (its band, as _note_sway reads it) and the zero's
            # drift since then, where that is under the floors above. The rest's band of single
            # frames (noise 4-5 N SD: 11 N) and the 1 % floor (10 N on 100 kg) both passed a
            # slow raise's 9-N braking for the top, and the raise ended 0.5-1 s early (wide
            # 8045); a heavy lifter's sway band (20 N on 181 kg) keeps the floor (classic 2044)
            # The level's own window has the same sway error, shrunk by its length (a short
            # top's 0.2 s: as large as the window's): the two add in quadrature. (The climbing
            # test keeps the rest's band here: on the sway band a top's sway wave climbing
            # 4 N under a level read on a crest passed for braking, classic 2034)
            assert base.end is not None
            dt_s = max(0, b - base.end) * self.frame_s
            lvl_s = max(self._base_frames(base) * self.frame_s, QUIET_MIN_S)
            err_n = self._sway_band[1] * math.sqrt(1.0 + QUIET_MIN_S / lvl_s)
            deep = min(deep, BRAKE_DEEP_BANDS * err_n + BRAKE_DRIFT_N_S * dt_s)
        if gap > deep:
            return True
        # where a spotter pushes every lowering, a force climbing at the top is their push
        # starting (it adds to the plate force), not a braking fading: the climbing test
        # refused forced negatives' tops (under 25 cm, 7001-7008: 78.6 -> 73.6 %); the deep
        # one is kept there, also after a pushed chunk (a push does not pull the force
        # under m*g; off after a pushed chunk, wide 8505 lost 2 forced-negative reps). A
        # spotter plate shows the push: where it stands at the spotter's weight over the
        # window, no push has begun, and a climbing force is the raise's braking fading
        pushing = self._spotter_pushes and not self._spotter_idle(base, b - qmin, b)
        if not climbing or pushing or self._chunk_spotted or lifted or gap <= BRAKE_GAP_BANDS * band:
            return False
        x, xx = _centred(fm.size)
        c = fm - np.add.reduce(fm) / fm.size    # (= fm - fm.mean(): the same sum, one call less)
        slope = float(x @ c / xx)
        resid = c - slope * x
        se = math.sqrt(float(resid @ resid) / (fm.size - 2) / xx)
        return slope > BRAKE_T * se and slope > 0.0

    def _quiet_since(self, base: _Run, a: int) -> int:
        """The first frame of the quiet run whose window starts at frame a (a, where the run
        began there or is not known): a lift ends into the run, so it is looked for before the
        run's start - a run tested again MASS_CHANGE_S in has its lift 0.7 s further back."""
        rs = self._run_start
        return rs if rs is not None and base.end is not None and base.end < rs <= a else a

    def _lifted_into(self, base: _Run, a: int) -> bool:
        """Did the spotter plate show the spotter lifting in the LIFT_TOP_GAP_S before frame a
        (its mean there SPOTTER_FLOOR_N over their weight at the rest before: a lift's ramp
        off, hundreds of N, where the spotter's own sway, 1-12 N at 0.3-2 Hz, averages out)?"""
        if self._spot_idx is None or self._spotter_pushes or base.end is None or a <= base.end:
            return False
        x = self._spot[self._sl(max(base.start, base.end - self._frames_for(QUIET_MIN_S)), base.end)]
        y = self._spot[self._sl(max(base.end, a - self._frames_for(LIFT_TOP_GAP_S)), a)]
        if not (x.size and y.size):
            return False
        return float(y.mean()) - float(x.mean()) > SPOTTER_FLOOR_N

    def _spotter_idle(self, base: _Run, a: int, b: int) -> bool:
        """Does the spotter plate (if any) over frames a..b read the spotter's weight, as over
        the last QUIET_MIN_S of the rest before, to within SPOTTER_FLOOR_N (the least help
        measured: a hand resting on the bar)? Then the spotter's hands carry no load there."""
        if self._spot_idx is None or base.end is None:
            return False
        x = self._spot[self._sl(max(base.start, base.end - self._frames_for(QUIET_MIN_S)), base.end)]
        y = self._spot[self._sl(a, b)]
        if not (x.size and y.size):
            return False
        return abs(float(y.mean()) - float(x.mean())) < SPOTTER_FLOOR_N

    def _help_shifted(self, base: _Run, a: int, b: int, level: float, upto: int | None = None) -> bool:
        """With a spotter plate: is the lifter's plate's new level over frames a..b (level)
        the spotter's help, not a mass change? The two plates together carry lifter, bar and
        spotter, so a hand on the bar moves load from one to the other and leaves their sum
        as it was at the rest before (to the level's tolerance), where a rack or a step off
        takes the load off both. A spotter carrying 28 N of a 7-kg bar through a quiet
        5-cm raise put the lifter's plate near the body weight: read as a rack, the set was
        cut there and 7 of its 10 reps lost. The spotter plate must have moved by at least
        SPOTTER_FLOOR_N (the least help measured), or the level is the lifter's own. And it
        must still carry it at the run's latest frames (upto): a spotter who takes the bar at
        the rack holds it for a moment (lifter's plate -bar, spotter's +bar: the sum unchanged)
        and then sets it on the hooks, his plate back at its idle level - a rack (review: two
        sets merged when a 0.5-1.5-s hand-off was read as a help for good)."""
        if self._spot_idx is None or base.end is None:
            return False
        x = self._spot[self._sl(max(base.start, base.end - self._frames_for(QUIET_MIN_S)), base.end)]
        if not x.size:
            return False
        lvl0 = self._base_level(base)
        q = self._frames_for(QUIET_MIN_S)
        spans = [(a, b)] + ([(upto - q, upto)] if upto is not None and upto - q > b else [])
        for i, (c, e) in enumerate(spans):
            y = self._spot[self._sl(c, e)]
            if not y.size:
                return False
            ds = float(y.mean()) - float(x.mean())
            lvl = level if i == 0 else self._level(c, e)
            if not (abs(ds) >= SPOTTER_FLOOR_N and abs(lvl - lvl0 + ds) < self._level_tol(lvl0)):
                return False
        return True

    def _sank_since(self, base: _Run, a: int, start: int, level: float) -> bool:
        """Did the bar go down from the quiet run's first frame a to frame start (a measured
        position, or the force integral re-zeroed at both ends)? Then the run is the quiet
        cruise of a slow lowering that began after a top rest (7 s for 11 cm on 106 kg: m*5.8*D/T^2
        = 1.4 N), not a raise's end: no late test (a slow negative's top, tested 2 s into its
        lowering, passed and the rep was lost). Nor where the chunk's last phase-sized direction
        run up to start is a lowering: the run began at a bottom (a slow negative's 3.5-s bottom
        pause, entered at the lowering's slow end, passed for a top and two reps merged, wide
        7710); a still chunk (no such run) keeps the sank test alone."""
        ch = self._chunk(base, start, level)[0]
        if ch.t.size < 8:
            return True
        i = min(self._chunk_index(ch, a), ch.t.size - 1)
        if ch.position_m is not None:
            s = ch.position_m
            v = np.gradient(s, ch.t)
        else:
            v, _, residual = chunk_velocity(ch)
            v = rezeroed(v, residual, ch.t)
            s = displacement(v, ch.t)
        runs = direction_runs(v, ch.t)
        return bool(runs and runs[-1].sign < 0) or float(s[-1] - s[i]) < -SANK_M

    def _sits_at(self, fm: np.ndarray, level: float, band: float) -> np.ndarray:
        """Per window of QUIET_MIN_S frame means starting at each frame: does the force sit at
        level there (within band of sway, its mean within the same-level tolerance)?"""
        k = self._frames_for(QUIET_MIN_S)
        win = np.lib.stride_tricks.sliding_window_view(fm, k)
        # each window's range from the running max and min filters (exact, and without numpy's
        # per-row reduction over the windows: the range is most of this test's cost)
        h, m = k // 2, win.shape[0]
        spread = maximum_filter1d(fm, k)[h:h + m] - minimum_filter1d(fm, k)[h:h + m]
        # (frame_means: win.mean(axis=1) bit for bit, by column adds instead of per-row sums)
        return (spread < band) & (np.abs(frame_means(win) - level) < self._level_tol(level))

    def _rest_before_rack(self, base: _Run, a: int, lvl0: float, events: list[Event]) -> None:
        """The bar is racked from the top: the reps since the last proven rest end where the
        force last sat at the system level before it went over to the body weight. That
        instant is tested as a rest like any other (the motion must have come back to the
        top), so the last reps of a set whose top rests sway too much to be quiet are kept."""
        assert base.end is not None
        qmin = self._frames_for(QUIET_MIN_S)
        fm = self._frame_means(base.end, a)
        if fm.size < 3 * qmin:
            return
        # the last stretch of qmin frames that sits at the system level, within two bands of
        # sway (the racking itself pushes the bar up onto the hooks before the force drops)
        ok = self._sits_at(fm, lvl0, SITS_BANDS * self._band(base))
        if self._pos_idx is not None and self._am.size:
            # and a measured bar still there (it may be lowered onto the hooks, 3 cm)
            ok &= self._still_windows(base.end, a)
        idx = np.flatnonzero(ok[qmin:]) + qmin         # not the frames right after the rest
        if idx.size == 0:
            return
        r = base.end + int(idx[-1])
        level1 = self._level(r, r + qmin)
        verdict = self._rest_test(base, r, level1)
        ch = self._chunk(base, r, level1)[0]
        if (verdict is None and ch.position_m is not None and ch.t.size >= 8 and raised_last(
                lowpass(ch.position_m, ch.rate_hz, MEASURED_CUTOFF_HZ), ch.t,
                self._frames_for(QUIET_MIN_S), MEASURED_STILL_V_M_S)):
            verdict = "rest"          # racked still straight after a raise: the last rep's end
        if (verdict is None and self.source in ("force_integral", "spotter_plate")
                and not self._chunk(base, r, level1)[0].spotter_expected):
            # force only, no spotter (or a spotter plate that saw none act): racking happens
            # at the top, so the chunk ends where it began (lockouts within a few cm) at zero velocity. Those two conditions fix a
            # force error that is constant plus a linear drift - over a long chunk of unproven
            # rests the plate's drift bends the integral by metres - if it is small enough to
            # be one: within the same-level tolerance
            ch, sl = self._chunk(base, r, level1)
            fixed = drift_fixed(ch, self._level_tol(lvl0))
            if fixed is not None:
                v, _, res = chunk_velocity(fixed)
                if rezeroed_rep(v, res, fixed.t, REZERO_TOP_REL):
                    self._chunk_cache = (base, (base.end, r), (fixed, sl))
                    verdict = "rest"
        if verdict is None:
            # racked from the top: helps the force shows, with untouched phases it cannot, are reps
            verdict = self._unproven_helps(base, r, level1)
        if verdict is None and self._spotter_lifts and self.source == "force_integral":
            # a spotter who lifts, one plate: racked from the top (v = 0) after a chunk whose
            # force shows a lift - the set's last rep, its help too light to tell from a level
            # error by the impulse (37 N over 0.7 s on 157 kg: 0.16 m/s) - segmented as lifted
            # (pushed_reps.light_lift: a plateau under m*g over a raise, and the velocity lost).
            # Dropped, every such set lost its last rep. Not on the lost velocity's sign alone:
            # a level error leaves that too (tests/test_analysis_lift_evidence.py)
            ch = self._chunk(base, r, level1)[0]
            if ch.spotter_n is None and ch.t.size >= 8:
                v, _, residual = chunk_velocity(ch)
                if light_lift(ch, ChunkResult([], v, residual)).reps:
                    verdict = "rest"
        if verdict == "hang":   # lifted out of a failing raise's hang straight to the rack
            self._hang_verdict(base, r, level1, events)
        if verdict is not None and verdict != "hang":
            self._analyse_chunk(base, r, level1, events, unproven=verdict == "helps")
