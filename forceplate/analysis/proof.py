"""Stage 4, prove a rest (phase-physics.md: "prove a rest with the integral, not with the
force"): a quiet run at the level of the last rest is a rest only if the velocity integrated
from that rest is back near zero and the displacement back near the top - or if a spotter
evidently acted and the side they did not touch shows a whole phase."""

from __future__ import annotations

import numpy as np

from forceplate.analysis.assisted import LEVEL_REL_ERR
from forceplate.analysis.frames import MEASURED_STILL_V_M_S, QUIET_MIN_S
from forceplate.analysis.integrate import DRIFT_MAX_N_S, DRIFT_PRIOR_N_S, Chunk, chunk_velocity
from forceplate.analysis.motion import MIN_TRAVEL_M, direction_runs
from forceplate.analysis.proof_spotter import SpotterProof
from forceplate.analysis.sigproc import cumtrapz, lowpass
from forceplate.analysis.spotted import lift_ended_at
from forceplate.analysis.spotter_evidence import (
    LIFT_LEVEL_ERRS,
    LINE_ERR_N,
    faint_lift,
    lift_in_one_go,
    spotter_evident,
    went_down,
)
from forceplate.analysis.state import _Run
from forceplate.analysis.top_return import (
    REZERO_TOP_REL,
    TOP_REL_S,
    _moved,
    back_at_top,
    drift_fixed,
    drifted_rep,
    noise_travel_m,
    rezeroed_rep,
    rezeroed_returns,
)
from forceplate.units import G

# --- thresholds ------------------------------------------------------------------------------
REST_REL_V = 0.4           # |v| at a rest must be under this share of the chunk's peak |v|
STILL_REL_V = 0.15         # ... as integrated, with the level taken as right: under this share
REST_ABS_V = 0.01          # m/s, ... or the peak itself is under this (nothing moved)
MEASURED_TOP_REL = 0.65    # ... in a method without failing raises: back over a third of the way
SPOTTED_REST_REL_V = 0.6   # with a measured spotter acting: its sway adds integration error
SPOTTED_TOP_REL = 0.5      # ... and back up at least half the depth (its sway bends the displacement too)
MEASURED_CUTOFF_HZ = 10.0  # Hz, low-pass of a position / velocity channel
MEASURED_MOVED_M = 0.02    # m, a measured bar that moved less than this has no top to find
QUIET_BANDS = 2.0          # force bands: nothing happened if the force stayed within this
STILL_RISE_REL = 0.25      # a bar rising at this share of its raise's peak is not at the top yet,
                           # beyond what a level weighed by proven reps may be off leaves (LINE_ERR_N)
TOP_GAP_S = 0.5            # s, a top rest's quiet begins within this of the raise's end (as its
                           # braking fades); later, it can be a slow lowering's quiet start
NOISE_MOVED_SDS = 3.0      # SDs of the integrated plate noise a whole rep's travel must exceed to
                           # be a movement where the force stayed within QUIET_BANDS. Travel is not
                           # asked alone: the motion must also be a whole rep (down, back to the
                           # top, last a raise), which noise rarely draws. At 4 a light, noisy
                           # plate's 8-cm reps (54 kg, 17-N band of 10-ms frames) integrated to
                           # 10 cm against 4 x 3 cm after a 1-s rest and a set was lost whole
                           # (explore 8121: 13 reps)
NOISE_ABOVE_SDS = 2.0      # SDs of the integrated plate noise a re-zeroed top may end above the
                           # lockout spread (a noise bend, not a stall: a stall sits below)


class ProofStage(SpotterProof):
    def _moved_past_noise(self, ch: Chunk, v: np.ndarray, dev: np.ndarray, residual: float,
                          drift_m: float = 0.0) -> bool:
        """Force only: did the bar, re-zeroed, travel a phase's distance and NOISE_MOVED_SDS
        times what the plate's noise integrates to (noise_travel_m)? A 6-cm lift of a 123-kg
        system in 2 s each way deviates by m*5.8*D/T^2 = 11-18 N, inside the 30-N two bands of
        a noisy 2-cell plate, yet integrates to 8 cm against 1.2 cm of noise: the whole set
        was lost as "nothing happened". And the motion must be a whole rep (rezeroed_rep: down
        and back to the top, last a raise): a stand by the rack integrates to a few cm of noise
        and drift over a long chunk, and travel alone lost a classic set again (600-601, force
        only: 89.0 -> 77.5 % of unassisted boundaries). With a spotter plate that measured a
        help: whether that help's impulse is one no level error leaves (the spotter acted).
        drift_m: how much lower the re-zeroed top may end from the plate's drift (as in the
        rest test: a 69-kg, 8-cm rep's top read 2 mm under half its depth, 10 cm of drift bend
        allowed there, and a set's reps were lost as "nothing happened", explore 8036)."""
        if ch.spotter_n is not None and ch.t.size >= 8 and bool(np.any(ch.spotter_n)):
            return SpotterProof._measured_help_evident(ch)
        if ch.source != "force_integral" or ch.spotter_n is not None or ch.t.size < 8:
            return False
        if (ch.spotter_lifts and not ch.raises_hang and spotter_evident(ch, residual)
                and (faint_lift(ch, dev, residual) or lift_in_one_go(ch, dev, residual))):
            # a spotter's impulse no level error leaves, lost in one go under m*g (a lift: the
            # spotter acts only on a moving bar). Its 30-40-N plateau stands inside two bands of
            # a swaying heavy plate (a 27-N band on 134 kg), and the lowering before it hid in
            # the sway (3 N): read as "nothing happened", the set was lost (explore 8303: 1 of 6)
            return True
        duration = max(float(ch.t[-1] - ch.t[0]), 1e-9)
        s = cumtrapz(v - residual * (ch.t - ch.t[0]) / duration, ch.t)
        far = float(np.max(np.abs(s)))
        noise_m = NOISE_MOVED_SDS * noise_travel_m(ch, dev)
        if (far > MIN_TRAVEL_M and far > noise_m
                and rezeroed_rep(v, residual, ch.t, REZERO_TOP_REL, drift_m)):
            return True
        if self.source != "spotter_plate" and not self._spot_unexpected:
            return False
        # a spotter plate that shows no help: no line of proven chunks weighs this chunk's
        # level (integrate.py), so the plate's drift (0.05-0.15 N/s) is left in it - 1.4 N
        # over a 12-s chunk, a 0.13-m/s bend that a constant re-zero leaves half in, and a
        # 6-cm slow rep read as "nothing happened" (its top was taken as more of the rest
        # before and the set's later reps were lost). With the drift fitted too (as the rest
        # test below does) a whole rep past the noise is a movement
        fixed = drift_fixed(ch, self._level_tol(ch.level0_n), DRIFT_MAX_N_S)
        if fixed is None or not drifted_rep(fixed, TOP_GAP_S):
            return False
        vf, _, _ = chunk_velocity(fixed)
        return float(np.max(np.abs(cumtrapz(vf, fixed.t)))) > max(MIN_TRAVEL_M, noise_m)

    def _rest_test(self, base: _Run, a: int, level1: float, held: bool = False) -> str | None:
        """None if the quiet run at frame a is not a rest; else "rest", "assisted" or "hang"
        (the top after a raise the spotter finished from a hang taken for a rest: no rep)."""
        ch, sl = self._chunk(base, a, level1)
        if ch.t.size < 8:
            return None
        if self.source in ("position", "velocity"):
            src = ch.position_m if ch.position_m is not None else ch.velocity_m_s
            assert src is not None
            aux = lowpass(src, ch.rate_hz, MEASURED_CUTOFF_HZ)
            if self.source == "position":
                v = np.gradient(aux, ch.t)
                disp = aux - aux[0]
            else:
                v = aux
                disp = np.cumsum(v) / ch.rate_hz
            peak = float(np.max(np.abs(v)))
            ok_v = abs(v[-1]) < max(REST_ABS_V, STILL_REL_V * peak)
            # a measured bar at rest is still in absolute terms: over the quiet run's first
            # QUIET_MIN_S it travels no faster than sway and the sensor's wander. Relative to a
            # fast raise's peak (or 1 cm/s), a slow lowering's start passed for a rest
            k = min(disp.size - 1, self._frames_for(QUIET_MIN_S))
            if k > 1:
                ok_v = ok_v and abs(float(disp[-1] - disp[-1 - k])) / float(ch.t[-1] - ch.t[-1 - k]) < MEASURED_STILL_V_M_S
            far = float(np.max(np.abs(disp)))
            # a measured top: over a third of the way back up, unless the method's raises can
            # fail and hang part-way up (beyond failure: a stall must not pass for the top).
            # Elsewhere a still bar that rose can only be at a top, and lockouts differ rep to
            # rep by centimetres: a forced negative's 11-cm lift topped out 4.9 cm under the
            # last top (56 % of the way back), every later top of the set read as a stall and
            # 5 of its 7 reps were lost (classic 5031)
            top_rel = TOP_REL_S if self._spotter_expected and ch.raises_hang and not held else MEASURED_TOP_REL
            # a bar that only rose (never MEASURED_MOVED_M below the rest before) and is still
            # is at a new height, not at a bottom or a stall: every rep begins with a lowering
            # (settling up after an unrack moved a set's first rest 5 cm below its top, and
            # no later top came back down to it)
            lowered_enough = -float(np.min(disp)) > MEASURED_MOVED_M
            ok_s = back_at_top(disp, top_rel, measured=True) if far > MEASURED_MOVED_M and lowered_enough else True
            return "rest" if ok_v and ok_s else None
        assert base.end is not None
        v, dev, residual = chunk_velocity(ch)
        peak = float(np.maximum.reduce(abs(v)))       # (= .max(), without its wrapper)
        # the plate's zero drifts (DRIFT_PRIOR_N_S) under a chunk: at its end the integral is off
        # by up to k*T^2/(2m) from the drift alone, whether its level was read at its rests or
        # weighed by a line of proven chunks (a line of two is shrunk flat by the same prior).
        # The first chunk of a light set (67 kg, 6 s, 0.15 N/s: 0.04 m/s against a 6-cm rep's
        # 0.065 peak), or the chunks after a flat two-chunk line (97 kg, 0.11 N/s: 0.01 m/s more
        # each second), read as still moving at every top, and the set's reps were lost
        # (explore 8499, 8451). Only where a spotter is expected but does not help by design
        # (beyond failure: the lifter's own reps until a raise fails): without a spotter the
        # drift is fitted across the rep instead (drift_fixed, below; the allowance let quiet
        # stretches inside slow lowerings pass for tops, explore 8454, 8429), and where the
        # spotter helps every rep the residual at a top is their help's impulse, the one sign
        # of it on one plate (forced positives lost reps, explore 8400-8419) - so also once the
        # spotter has lifted a rep of this set (beyond failure: every raise after the failure;
        # a lifted rep after a hang was lost, tests/test_analysis_assisted.py)
        drift_v = 0.0 if (ch.source != "force_integral" or ch.spotter_n is not None
                          or not ch.spotter_expected or self._spotter_helps
                          or self._set_spotted or base.lifted_to) else (
            DRIFT_PRIOR_N_S * float(ch.t[-1] - ch.t[0]) ** 2 / (2.0 * ch.mass_kg))
        # the drift's bend that the linear re-zero leaves: a zero drifting at k N/s is a
        # velocity error k*t^2/(2m), re-zeroed linearly a displacement error of up to
        # k*T^3/(12m) at the end (1.7 cm over a 6-s chunk of 114 kg at 0.1 N/s, against a
        # 9-cm rep's 3.9-cm top allowance: its true top read 4.0 cm low, wide 8005). Where the
        # velocity allows for the drift (drift_v), and the level was read at the rests: a line
        # of proven chunks has weighed the drift (a failing raise's hang half way up passed
        # for the top under a weighed line, wide 8045)
        drift_m = 0.0 if drift_v == 0.0 or ch.level_weighed else (
            DRIFT_PRIOR_N_S * float(ch.t[-1] - ch.t[0]) ** 3 / (12.0 * ch.mass_kg))
        if (float(np.maximum.reduce(abs(self._frame_means(base.end, a) - ch.level0_n))) < QUIET_BANDS * ch.band_n
                and not self._moved_past_noise(ch, v, dev, residual, drift_m)):
            # nothing happened in between (sway broke the quiet, or a slow start creeps): not
            # a new rest, but maybe more of this one to weigh - a level over a short run sees
            # sway, and a newton's error bends a whole slow rep. (Also asking the re-zeroed
            # integral to have stayed under MIN_TRAVEL_M was tried: a noisy plate's stand by
            # the rack integrates to 3 cm and a classic set was lost whole - 7 reps of 7; so
            # only a travel well past what the plate's own noise integrates to counts)
            self._extend_level(base, a + self._frames_for(QUIET_MIN_S))
            # the lifter stood on: the quiet run holding a is more of the stand, to its end (rests.py)
            base.cache["still_from"] = float(a)
            return None
        # a top over half way back up from the bottom, unless the method has failing raises
        # that hang part-way up (lockouts on short lifts can differ by a good share of the travel)
        rel_v, top_rel = REST_REL_V, TOP_REL_S if self._spotter_expected and not held else MEASURED_TOP_REL
        if ch.spotter_n is not None and bool(np.any(ch.spotter_n)):
            # the spotter plate measured a spotter acting: its own sway and the edges of its
            # force add integration error, so allow more
            rel_v, top_rel = SPOTTED_REST_REL_V, SPOTTED_TOP_REL
        small = abs(residual) <= rel_v * peak + drift_v or peak <= REST_ABS_V
        if (ch.level_weighed and ch.source == "force_integral" and ch.spotter_n is None
                and not spotter_evident(ch, residual)):
            # the level is known to a few tenths of a newton, so the velocity as integrated is
            # the bar's: a bar still rising at a quarter of its last raise's peak speed is in a
            # slow raise's quiet stretch (a fatigued raise: 3 cm/s with 5 N of force), no top
            # what the level may leave: each chunk's own scatter, plus the line's standard
            # error where it is extrapolated (a slope from 4 scattered means, 20 s on)
            err = (LINE_ERR_N + ch.level_se_n) * float(ch.t[-1] - ch.t[0]) / ch.mass_kg
            # (a rising run's peak speed is over zero, so a residual under err decides alone:
            # the runs are found only where they can)
            runs = direction_runs(v, ch.t) if residual > err else []
            if runs and runs[-1].sign > 0 and residual > STILL_RISE_REL * float(v[runs[-1].peak]) + err:
                return None
        # unassisted: the displacement must be back near the top, with the velocity re-zeroed
        # (a constant force error) or as integrated (a local error at the end)
        # force only: the rest must follow a raise, or a level error can bend a hold at the
        # bottom back towards the top
        up = ch.source == "force_integral" and ch.spotter_n is None
        # as integrated (no re-zeroing) the level is taken as right, so the velocity at the end
        # is the bar's: it must be near zero (a slow lowering's cruise is quiet too). Force
        # only, where the motion as integrated went nowhere but the re-zeroed one went a
        # phase's distance (and did not come back: the test before), a level error of a
        # newton or two hid a slow lowering's unweighting, and its quiet cruise is no rest
        still = abs(residual) <= max(REST_ABS_V, STILL_REL_V * peak)

        def as_integrated() -> bool:
            hid_lowering = up and _moved(v, residual, ch.t) and not _moved(v, 0.0, ch.t)
            return still and not hid_lowering and rezeroed_returns(v, 0.0, ch.t, top_rel, up)
        # (letting a top sit 2 SDs of the plate's integrated noise, noise_travel_m, below
        # these bounds was tried: where a spotter may act a failing raise's hang passed for a
        # top, assisted 87.4 -> 87.2 % on 7001-7008; without one a normal raise's quiet
        # cruise 2/3 of the way up did, and it gained 0.1 point of unassisted boundaries)
        # the plate's own noise integrates to a displacement too (noise_travel_m: its SD over the
        # chunk, re-zeroed at both rests): on a light, noisy plate it bends a true top's end
        # centimetres above the start (explore 8030: 99 kg, 12-cm reps, 2 cells of 3.2 N at
        # 250 Hz, 3 cm of integrated noise; a top read 7-13 cm up against the 6-cm lockout
        # spread, every later top refused and 4 reps lost). Only above: below, a failing
        # raise's hang part-way up must not pass for the top (tried, lost assisted reps). Not
        # once a spotter has lifted in this set: their help's impulse bends the re-zeroed lift
        # above the start the same way (a lifted beyond-failure rep merged, explore 8018)
        lifted = self._spotter_helps or self._set_spotted or base.lifted_to
        # (the noise's room only widens the top: asked only of a chunk that fails without it)
        rezeroed = rezeroed_returns(v, residual, ch.t, top_rel, up, drift_m)
        if not rezeroed and up and not lifted:
            rezeroed = rezeroed_returns(v, residual, ch.t, top_rel, up, drift_m,
                                        NOISE_ABOVE_SDS * noise_travel_m(ch, dev))
        up_to_top = True          # the motion as integrated may show the top
        if up and ch.spotter_expected and not held:
            # where a raise can fail and hang part-way up (beyond failure), a level error
            # bends the displacement as integrated back up to the top (a hang 58 % up read
            # as 91 %): the re-zeroed displacement must show the top. Where it shows a whole
            # rep, the one as integrated adds nothing: over a chunk of two reps (a top rest too
            # short to be quiet) a level error of 0.2 N on 1080 N (0.02 %) bent a true top from
            # 97 % to 48 % of the way up. Where it did not go down a phase's distance (a
            # lowering the force cannot see: 6 cm in 7.5 s), the one as integrated must end at
            # the top and still too, as before
            rezeroed = rezeroed and (as_integrated() or not still or went_down(v, residual, ch.t))
            up_to_top = False
        # a measured push (the spotter's net impulse downwards: a forced negative) helped the
        # lowering, so the raise after it is the lifter's own: the rest after the rep must be
        # proven on that untouched raise (the assisted test below), never on the displacement
        # alone. Held down at the bottom by the push (a pause there), F + E integrated over a
        # seconds-long push is off by the spotter's sway and weighing error (1-2 N: 5 cm over
        # 8 s on 147 kg), and a 10-cm lowering read as within the lockout spread of the top:
        # the bottom pause passed for the top and the rep's raise was lost (bench_phases
        # --spotter-plate 8501-8510: forced negatives 83.2 -> 85.5 % of boundaries)
        pushed = ch.spotter_n is not None and float(np.sum(ch.spotter_n)) < 0.0
        # (the motion as integrated is looked at only where it can decide: it is the costlier
        # half of the test, and a rest that passes re-zeroed needs no second look)
        if small and not pushed and (rezeroed or up_to_top and as_integrated()):
            self._hid_before_lift(base, ch)
            return "rest"
        # a measured lift's chunk: F + E may also be off by what the rest level's error leaves
        # over it (LIFT_LEVEL_ERRS of LEVEL_REL_ERR of the weight). A short, slow lift's own
        # peak (7 cm lowered in 3.5 s, raised in 5 s: 0.03-0.1 m/s) is as small as a 1.3-N level
        # error over a 10-s chunk on 132 kg (0.1 m/s), and its top was refused - with it every
        # later top of the set, whose last reps were lost
        level_err_v = LIFT_LEVEL_ERRS * G * LEVEL_REL_ERR * float(ch.t[-1] - ch.t[0])
        if ((small or abs(residual) <= level_err_v) and not pushed
                and lift_ended_at(ch, self._chunk_index(ch, base.end), self._chunk_index(ch, a))):
            # measured: the spotter's lift ended into this quiet run - the top (spotted.py)
            self._hid_before_lift(base, ch)
            return "lifted"
        if ch.source == "force_integral" and ch.spotter_n is None and not ch.spotter_expected:
            # the plate drifts (0.1-0.15 N/s with temperature): over a 10-s rep of a 180-kg
            # system a drift the constant re-zero leaves bends the top by c1*T^3/(12m), 7 cm.
            # With the error fitted as a level and a drift (both small enough to be one). The
            # fit's freedom can absorb half a slow lowering: so the quiet run must begin right
            # after the raise (TOP_GAP_S) or have held MASS_CHANGE_S (a slow lowering's quiet
            # start leaves its level within a second at the speeds the fit could hide)
            fixed = drift_fixed(ch, self._level_tol(ch.level0_n), DRIFT_MAX_N_S)
            if (fixed is not None and not spotter_evident(ch, residual)
                    and drifted_rep(fixed, np.inf if held else TOP_GAP_S)):
                self._chunk_cache = (base, (base.end, a), (fixed, sl))
                return "rest"
        if small and ch.spotter_n is None and not (ch.spotter_expected and ch.source == "force_integral"):
            return None          # stopped away from the top: a pause at the bottom or a stall
        # where a spotter may act, a residual small beside a fast raise's peak can still be
        # their help (the test below needs it evident and a whole untouched phase)
        if (ch.source == "force_integral" and ch.spotter_n is None and not ch.spotter_expected
                and not spotter_evident(ch, residual) and rezeroed_rep(v, residual, ch.t, REZERO_TOP_REL)):
            # no spotter in this method, the residual is what a level error leaves (a rest
            # weighed on one half of a sway wave), and with it removed the bar went down and
            # came back up to the top. Where a spotter may act, a small help in one phase
            # bends the re-zeroed motion the same way (a stall in an assisted raise would
            # pass for a top), so there the rest must be proven as before.
            return "rest"
        return self._spotter_rest_test(base, ch, v, dev, residual, small, held, a)
