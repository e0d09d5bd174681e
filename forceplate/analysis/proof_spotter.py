"""Stage 4, prove a rest where a spotter may act (proof.py asks first whether the bar came
back to the top by itself): the side of the chunk the spotter did not touch must show a whole
phase, or the spotter's lift shows where a hang or a hidden lowering lies; and a chunk no rest
closed holds the helps the force shows."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from forceplate.analysis.assisted import lowered_then_lifted
from forceplate.analysis.came_back import came_back, came_back_depth
from forceplate.analysis.frames import QUIET_MIN_S
from forceplate.analysis.integrate import (
    CHUNK_PAD_S,
    Chunk,
    IntegrateStage,
    chunk_velocity,
    rest_end_index,
)
from forceplate.analysis.motion import FORCE_CUTOFF_HZ, MIN_TRAVEL_M, SMOOTH_PEAK_ACC
from forceplate.analysis.pushed_reps import LIFT_MIN_S, PUSH_BANDS, PUSH_MIN_N, plateaus
from forceplate.analysis.segment import segment_chunk
from forceplate.analysis.sigproc import lowpass
from forceplate.analysis.spotted import helped_came_back, lifted_from_rest
from forceplate.analysis.spotter_evidence import (
    faint_lift,
    lift_in_one_go,
    lift_plateau,
    lift_top,
    lifted_at_once,
    lowered_after_help,
    lowered_after_lift,
    lowering_hid_before_lift,
    spotter_evident,
    spotter_shown,
    swayed_top,
    went_down,
)
from forceplate.analysis.state import _Run
from forceplate.analysis.top_return import sank_after_help, sank_from

# --- thresholds ------------------------------------------------------------------------------
PUSHED_RAISE_SHARE = 0.15 # force only: the raise after a push, integrated back from its top with
                           # v = 0, regains this share of what the last pushed raise did (the
                           # reps of a set share their travel: the lockout spread is a few cm).
                           # A whole raise regains its travel less what the level's error bends:
                           # 0.18-0.2 of the one before on true tops (a 97-kg forced negative
                           # after a rep that read 13.7 cm; a 146-kg, 12-cm beyond failure), 0.34
                           # on 8-cm raises of 150 kg (wide 7006); a cruise short of the top only
                           # the noise's wobble before its launch (0.7 of 15 cm, 8222; 1.2 of 12,
                           # 8507: 0.05-0.1). 0.3 lost those true tops and the reps after them.
                           # An absolute 1-2 cm lost 5-cm and 8-cm raises (8505, 7006)


class SpotterProof(IntegrateStage):
    def _spotter_idle(self, base: _Run, a: int, b: int) -> bool:
        raise NotImplementedError    # (rest_checks.py)

    def _hid_lowering(self, base: _Run, ch: Chunk) -> bool:
        """Measured: the spotter lifted the bar at once from the rest before (lifted_from_rest),
        and that rest began at a top - one the spotter lifted the bar to (base.lifted_to), or
        any rest where the method's raises never hang (forced positives). From a top the bar
        can only go down, and a spotter lifts only a raise: a lowering hid in that rest's quiet
        (6 cm in 7.5 s on 118 kg deviates from m*g by 0.7 N) and this quiet run is the top
        after it - a rep, taken from where the rest began (rests.py _from_top). As a hang, the
        rep was dropped: 13 of a forced-positive set's 20 (explore 8411). Where a raise can
        hang (beyond failure) and the rest was not reached by a lift, it stays a hang."""
        if not (base.lifted_to or not ch.raises_hang):
            return False
        base.cache["hid_lowering"] = 1.0
        self._chunk_cache = None
        return True

    def _hid_before_lift(self, base: _Run, ch: Chunk) -> None:
        """A measured lift's chunk proven at its top: where the lift rose far more than the
        chunk lowered before it, the rest before hid the lowering
        (spotter_evidence.lowering_hid_before_lift) and the chunk is taken from its start."""
        if (ch.spotter_n is None or not ch.spotter_lifts or float(np.sum(ch.spotter_n)) <= 0.0
                or base.cache.get("hid_lowering")):
            return
        v_plate, _, _ = chunk_velocity(replace(ch, fk=ch.fk - ch.spotter_n))
        v_fe, _, _ = chunk_velocity(ch)
        # or the lift came at once from that rest, the bar not moved (lifted_from_rest): where
        # the method's raises never hang, a top's quiet ran on to the lift and hid the lowering
        # (9.5 cm in 6.7 s on 50 kg: 0.8 N of m*a; wide 15821, 15836, 15839: 5 reps found)
        if lowering_hid_before_lift(ch, v_plate, v_fe) or (
                base.end is not None and lifted_from_rest(ch, self._chunk_index(ch, base.end))):
            self._hid_lowering(base, ch)

    @staticmethod
    def _grab_read_as_lowering(ch: Chunk, v: np.ndarray, dev: np.ndarray, residual: float,
                               lo: int, hi: int) -> bool:
        """Force only, where the method's spotter lifts and raises never hang (forced
        positives): did the chunk's "lowering that came back" come from the grab, the lowering
        itself hidden in the rest before? On one plate the spotter's grab takes load off
        (F = m*(g + a) - E) and integrates as a dip of a few cm/s that the lifter's launch
        cancels: it "came back", yet it travelled under a phase's distance (MIN_TRAVEL_M). And
        the rest's quiet ended too close to the lift for a lowering to fit between: any
        lowering of MIN_TRAVEL_M in that window would have shown m*SMOOTH_PEAK_ACC*D/T^2 over
        the band. So the lowering hid in the rest's quiet (9 cm in 7.4 s on 149 kg: 1.5 N
        inside a 6-N band); taken as lowered and lifted, each rep read its bottom pause as a
        0.05-s lowering at confidence 0.5, a rep late (wide 13012: 4 of 10 reps lost, the
        other 6 a lowering off by 7 s). Where the window is long enough to hide a lowering
        from the force, the chunk holds it (wide 13018: 5-s windows)."""
        if not (ch.spotter_lifts and not ch.raises_hang and not ch.from_top and spotter_evident(ch, residual)):
            return False
        if came_back(v[lo:hi], ch.t[lo:hi]) or went_down(v, residual, ch.t):
            return False
        d = lowpass(dev, ch.rate_hz, FORCE_CUTOFF_HZ)
        plats = plateaus(-d, max(PUSH_MIN_N, PUSH_BANDS * ch.band_n), ch.rate_hz, LIFT_MIN_S)
        window_s = (plats[0][0] - rest_end_index(ch)) / ch.rate_hz if plats else 0.0
        return window_s > 0.0 and ch.mass_kg * SMOOTH_PEAK_ACC * MIN_TRAVEL_M / window_s ** 2 > ch.band_n

    @staticmethod
    def _measured_help_evident(ch: Chunk) -> bool:
        """Did the spotter plate measure a help whose impulse no level error leaves (the plate
        alone's residual, spotter_evident)? Then the spotter acted on the bar, and a spotter
        acts only on a moving phase (or a stalled raise they carry): something happened, even
        where the lifter's plate stayed within two bands of the level - a 30-N push on a noisy
        84-kg plate (a 24-N band) was read as "nothing happened", the quiet run as more of the
        rest before, and every later rep of the set was lost (F = m(g + a) - E: the push is all
        the plate shows of a 6-cm lowering)."""
        assert ch.spotter_n is not None
        _, _, residual = chunk_velocity(replace(ch, fk=ch.fk - ch.spotter_n))
        return spotter_evident(ch, residual)

    def _chunk_index(self, ch: Chunk, frame: int) -> int:
        """The chunk's frame at (or after) the analyser's frame index."""
        return int(np.searchsorted(ch.t, self._t[min(max(frame * self.nf - self._s0, 0), self._t.size - 1)]))

    def _unproven_helps(self, base: _Run, a: int, level1: float) -> str | None:
        """"helps" where a chunk that no rest closed (given up after MAX_CHUNK_S,
        or racked) holds helps the force shows, on one plate, in a method with a spotter (the
        net impulse of the method's sign): the untouched phases are under the sway (raises of
        6-8 cm in 2.5-3.5 s on 70-100 kg: m*5.8*D/T^2 = 3-5 N; lowerings of 8 cm in 8 s on
        150 kg: 1 N), so no top was proven, yet the spotter's net impulse (20-45 N for 3-8 s:
        E*T/m of 0.5-1.5 m/s) shows the helps, each one rep (unproven_helps.pushes_only,
        lifts_only). Dropped, whole sets were lost (explore 8007, 8011, 8029). With a spotter
        plate the help is measured (E), the plate alone's impulse the same evidence: 0.3-0.6-s
        tops never quiet lost whole sets there too (explore 8113: 5 of 10). Else None."""
        if self.source not in ("force_integral", "spotter_plate") or not self._spotter_expected:
            return None
        # the chunk on the rest before's level alone: no test proved the quiet run at a a
        # rest, and a spotter's steady push or hold is as quiet (E constant: F = m*g - E),
        # 12-20 N off m*g within the same-level tolerance; averaged in, it moved the level
        # by half that, and a forced-negative set's 40-N pushes read as 10-N bumps over
        # -20-N tops - no rep (explore 8011: 2 of 7)
        self._chunk_cache = None
        ch, _ = self._chunk(base, a, self._base_level(base))
        if ch.t.size < 8 or (ch.spotter_n is None) != (ch.source == "force_integral"):
            self._chunk_cache = None
            return None
        # measured: the plate alone, as on one plate - the spotter plate's help is its impulse
        plate = ch if ch.spotter_n is None else replace(ch, fk=ch.fk - ch.spotter_n)
        if ch.spotter_n is not None:
            # levelled on the chunk's own zero net impulse of F + E (the bar still at the rest
            # before and at the top it is racked or given up from), not on the rest before's
            # level: the plate's drift over a 38-s chunk of six lifts (1-3 N) ate their 113 N*s
            # and the set's last six reps were lost at the rack (wide 15612, forced positives)
            mid = float(np.mean(ch.fk))
            plate = replace(plate, level0_n=mid, level1_n=mid)
        v, dev, residual = chunk_velocity(plate)
        if not spotter_evident(ch, residual) or (residual > 0.0) != self._spotter_pushes:
            self._chunk_cache = None
            return None
        if (ch.spotter_n is None and ch.spotter_lifts and not ch.raises_hang and not ch.from_top
                and not went_down(v, residual, ch.t) and lift_plateau(ch, dev)
                and self._hid_lowering(base, ch)):
            # a lift with no lowering before it, from a rest where raises never hang (forced
            # positives): the lowering hid in that rest's quiet, as in the rest test - racked
            # after it, the set's last rep read its bottom pause as the lowering (explore 8003)
            ch, _ = self._chunk(base, a, self._base_level(base))
        return "helps"    # (which way: ch.spotter_pushes, as segment_chunk reads it; the
        # chunk stays cached for the caller's _analyse_chunk)

    def _spotter_rest_test(self, base: _Run, ch: Chunk, v: np.ndarray, dev: np.ndarray,
                           residual: float, small: bool, held: bool, a: int = -1) -> str | None:
        """The rest test (proof._rest_test) where the bar did not come back by itself: a spotter
        acted, and the side they did not touch shows a whole phase ("assisted", "lifted"), or
        the quiet run is the top a spotter lifted a hang to ("hang"). v, dev, residual: the
        chunk's velocity as chunk_velocity gives it; small: its residual is small beside its
        peak; a: the quiet run's first frame. None if no rest."""
        assert base.end is not None
        v_fe, res_fe = v, residual       # F + E: the force that moves the bar, if measured
        measured = ch.spotter_n is not None and bool(np.any(ch.spotter_n))
        if measured:
            # the plate alone, as without a spotter plate: the spotter's impulse must show
            v, dev, residual = chunk_velocity(replace(ch, fk=ch.fk - ch.spotter_n))
        elif ch.source != "force_integral":
            return None
        # a help the spotter plate measured is the spotter's evidence itself, where F + E (the
        # force that moves the bar) ends about still (small): a light, short help (18 N over a
        # 0.75-s raise on 95 kg: E*T/m = 0.14 m/s) never leaves the plate alone
        # ASSISTED_V_M_S, and a rest level off by 1 N over 9 s takes 0.1 m/s more of it - the
        # top rests after such reps were refused and the set lost to its end
        if not (spotter_shown(ch, v, dev, residual) or (measured and small)):
            return None          # still moving (the cruise of a slow phase), or a level error
        # a spotter acted (or we are mid-movement): the side the spotter did not touch must
        # show a whole phase that came back to rest
        lo, hi = 0, v.size
        if ch.spotter_n is not None:
            # measured: the untouched side is where the spotter plate shows no help - after
            # the push, before the lift (a pause at the bottom after a pushed lowering has no
            # raise after the push, however the plate alone integrates over the push)
            helped = np.flatnonzero(ch.spotter_n)
            if helped.size:
                lo, hi = (int(helped[-1]) + 1, v.size) if residual > 0 else (0, int(helped[0]))
        # where the method has no spotter (normal, slow negatives) the untouched phase must be
        # a whole phase that came back by itself, a phase's distance: the quiet cruise of a
        # fast lowering (34 cm in 1.1 s: 0.4 m/s at m*g) after a stand whose level was off by
        # half a newton passed for the rest after a "lifted raise" (a 7-mm dip of 1.6 cm/s
        # read as its lowering, or the settle after the unrack as one before the next
        # lowering's unweighting read as the spotter's step down), and the set fell apart
        tt = None if self._spotter_expected else ch.t[lo:hi]
        if residual > 0:         # pushed while lowering: integrate back from here
            # increasing, as the reversed v (an untouched side of no samples - the spotter
            # plate's help ran to the chunk's end - shows no phase: came_back is False)
            back_t = None if tt is None or tt.size == 0 else tt[-1] - tt[::-1]
            w = -(v[lo:hi] - residual)[::-1]
            if ch.spotter_n is None and tt is None:
                # force only, a spotter expected: the raise integrated back from here (v = 0)
                # must regain PUSHED_RAISE_SHARE of what the last pushed rep's raise regained.
                # A raise's quiet cruise (m*g at constant speed) and its slow braking passed
                # for the top: a 1.6-cm/s wobble of noise "came back" with 0.7 cm regained,
                # against 15 cm for the rep before, and the set's last three reps were lost
                # (explore 8222). The reps of a set share their travel (the lockout spread
                # is a few cm); what a level error bends differs from rep to rep
                back = ch.t[lo:hi]
                depth = came_back_depth(w, back[-1] - back[::-1])
                if depth <= 0.0:
                    return None
                if self._pushed_raise_m is not None and depth < PUSHED_RAISE_SHARE * self._pushed_raise_m:
                    return None
                self._pushed_raise_m = depth
                return "assisted"
            if not (came_back(w, back_t) or helped_came_back(ch, v_fe, res_fe, residual)):
                return None
            if measured and not segment_chunk(ch).reps:
                # the raise "came back" but the chunk holds no rep: from a top the bar can
                # only go down and come back, so this quiet run is no top after a rep - a
                # slow raise's mid-way wobble (its drive eased, 1-2 cm/s lost, about 1 cm:
                # as quiet as the top and, integrated back, as "come back"), 2 s before the
                # raise's braking. Taken as the top, the rep was lost and the next began there
                return None
            return "assisted"
        if (came_back(v[lo:hi], tt) or (self._spotter_expected and lowered_then_lifted(ch, v, dev))
                or helped_came_back(ch, v_fe, res_fe, residual)):
            # force only: a lowering after the spotter's last lift that came back ends at a
            # bottom, not at the top (spotter_evidence.lowered_after_lift)
            # measured: the plate (E = 0 after the help) shows a lowering after the lift's end
            # that came back (spotter_evidence.lowered_after_help), or one that stayed down
            # (sank_after_help) - that once the spotter plate reads the spotter's weight at the
            # quiet run: hands still on under its threshold, 17 N on 93 kg, bend the plate alone
            # by 0.3 m/s in 2 s
            if ch.spotter_n is None:
                # force only, as measured: a lowering after the lift that stayed down (sank_from)
                # - the quiet run lies in the next lowering's braking or at its bottom
                top = lift_top(ch, dev)
                sank = top is not None and sank_from(ch, dev, top)
                if sank or lowered_after_lift(ch, dev):
                    return None
                if self._grab_read_as_lowering(ch, v, dev, residual, lo, hi):
                    self._hid_lowering(base, ch)
                return "lifted"
            sank = measured and lowered_after_help(ch, v) or (
                a >= 0 and self._spotter_idle(base, a, a + self._frames_for(QUIET_MIN_S))
                and sank_after_help(ch, dev))
            if not sank:
                self._hid_before_lift(base, ch)
            return None if sank else "lifted"
        lifts_never_hang = ch.spotter_lifts and not ch.raises_hang
        # a lift given in one go straight before this quiet run (lift_in_one_go) and a top
        # the sway keeps from holding (swayed_top) count as a held top after a lift
        one_go = lifts_never_hang and lift_in_one_go(ch, dev, residual)
        if ((base.lifted_to or lifts_never_hang) and ch.spotter_n is None and ch.spotter_expected
                and spotter_evident(ch, residual) and not went_down(v, residual, ch.t)
                and ((held and (lift_plateau(ch, dev) or one_go
                                or (lifts_never_hang and faint_lift(ch, dev, residual))))
                     or (one_go and swayed_top(ch, dev, residual)))):
            # the rest before is the top a spotter lifted the bar to - a top, not a hang - or
            # any rest where the method's spotter lifts and raises never hang (forced
            # positives: the set's first base is the top after the unrack), and from a top
            # the bar can only go down: a spotter's lift after it (a plateau under m*g, held
            # to a quiet top) means a lowering happened, hidden in that rest's quiet (8.7 cm
            # in 5 s on 108 kg: m*5.8*D/T^2 = 2 N, inside a 6-N band). Refusing it lost the set's last
            # negatives, one chunk after another. The rep is taken from where that rest began
            # (rests.py _from_top), as where the spotter plate measured the lift. A lift too
            # light for the plateau (13-16 N) shows as the residual lost in one go (faint_lift)
            # - not where a raise can hang: a failing raise's grind under m*g is as faint.
            # Where the method's spotter pushes (forced negatives) a "lifted" top is a misread
            # rep's, and the rest before is not rebuilt (a 7-cm set lost a rep: wide 8503)
            if ch.spotter_lifts:
                self._hid_lowering(base, ch)
            return "lifted"
        if (not base.lifted_to and ch.spotter_n is None and ch.spotter_expected and spotter_evident(ch, residual)
                and (base.held or (held and not went_down(v, residual, ch.t) and lifted_at_once(
                    ch, dev, min(base.end - base.start, self._frames_for(CHUNK_PAD_S)))))):
            # no lowering before the spotter's lift: the chunk began part-way up a raise. Its
            # rest was only a stop held MASS_CHANGE_S - a failing raise's hang, which can stay
            # quiet that long (a 0.3-1.5 s hang, then a spotter easing in while the lifter
            # gives way: the force stays at the level) - and this quiet run is the
            # top the spotter lifted the bar to. Refusing it left every rep after the hang
            # unproven to the end of the set. From a top the bar can only go down, so a
            # chunk that never went a phase's distance down (re-zeroed) and whose force left
            # the rest straight into the spotter's lift began at a hang too, however its rest
            # was proven, once this quiet run has held MASS_CHANGE_S: a hang 65 % of the way
            # up (73 % on the integral) passed as a top, and the next two reps merged into
            # one. (Without the lift at once, a forced positive's lowering the force cannot
            # see - 6 cm in 6.5 s - was taken for a hang and its rep lost; without the held
            # quiet, the cruise of a fast 75-cm lowering, whose unweighting is as deep as a
            # lift, and its rep with it)
            return "hang"
        if ch.spotter_n is not None and lifted_from_rest(ch, self._chunk_index(ch, base.end)):
            if self._hid_lowering(base, ch):
                return "lifted"
            # measured: the spotter lifted the bar at once from the rest before, which had
            # not moved (spotted.lifted_from_rest): that rest was a hang or the bottom of a
            # lowering it swallowed, and this is the top. No rep of its own (the rep began
            # before that rest); refusing it left every later rest of the set unproven
            # against a base at the bottom, and the set was lost to its end
            return "hang"
        return None
