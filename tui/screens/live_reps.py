"""The live screen's reps: the analysis's events into the rep table, the last rep and the set
panel (mixed into LiveScreen; self is the screen)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from forceplate.analysis.events import (
    Calibrated,
    PhaseChanged,
    PositiveFailure,
    RepCompleted,
    SetEnded,
    SetStarted,
)
from forceplate.units import G
from tui import messages as m
from tui.widgets.last_rep import LastRepPanel
from tui.widgets.rep_table import RepTable
from tui.widgets.set_summary import SetSummaryPanel, summary_line, summary_text


def event_unsure(ev: Any) -> bool:
    """Whether a phase event says the analyser is not sure (however the analysis marks it)."""
    phase = getattr(ev, "phase", None)
    if getattr(phase, "value", phase) == "unsure" or getattr(ev, "unsure", False):
        return True
    conf = getattr(ev, "confidence", None)
    return isinstance(conf, int | float) and conf == conf and conf < 0.5


class LiveReps:
    """Mixed into LiveScreen: what the analysis found, on screen."""

    def on_analysis_events(self, msg: m.AnalysisEvents) -> None:
        table = self.query_one(RepTable)
        changed = False
        for ev in msg.events:
            if self._old_reps_shown and isinstance(ev, SetStarted | RepCompleted):
                self.on_pipeline_reset(m.PipelineReset())   # the new analysis's first set: its own table
            if isinstance(ev, PhaseChanged):
                self.phase_unsure = event_unsure(ev)
            elif isinstance(ev, RepCompleted):
                if not self.take_rep(ev.rep):
                    continue
                table.add_rep(ev.rep)
                self.set_reps.append(ev.rep)
                self.all_reps.append(ev.rep)
                self.query_one(LastRepPanel).show(ev.rep, self.setup_state.targets()["overload_target"])
                if self.failure_rep is not None and ev.rep.rep_in_set > self.failure_rep:   # both within the set
                    self.negatives += 1
                changed = True
            elif isinstance(ev, SetStarted):
                self.set_reps = []
                self.last_summary = None
                self.failure_rep = None
                self.negatives = 0
                changed = True
            elif isinstance(ev, SetEnded):
                self.last_summary = ev.summary
                changed = True
            elif isinstance(ev, PositiveFailure):
                self.failure_rep = ev.rep
                self.negatives = 0
                changed = True
                if not msg.quiet and self.announce(ev):
                    self.notify("Positive failure - negatives now", title="Beyond failure", severity="warning")
            elif isinstance(ev, Calibrated) and not msg.quiet:
                w = ev.weighing
                if w.accepted and w.kind in ("body", "system") and self.announce(ev):   # not every reweigh
                    self.notify(f"{w.kind} weight {w.mass_kg:.1f} kg (±{w.sd_n / G:.2f})", title="Weighed", timeout=3)
        if changed:
            self._show_summary()

    def take_rep(self, rep: Any) -> bool:
        """Whether a rep from the running analysis goes on screen (a hook for the replay)."""
        return True

    def announce(self, ev: Any) -> bool:
        """Whether an event's toast is shown (a hook: the replay toasts each event once)."""
        return True

    def _set_in_hand(self) -> bool:
        return bool(self.set_reps) or self.last_summary is not None

    def _show_summary(self) -> None:
        if self._old_reps_shown and self._set_in_hand():
            return   # the set done under the setup before a change stays as it was shown (its load, target)
        negatives = self.negatives if self.setup_state.method == "beyond_failure" else None
        panel = self.query_one(SetSummaryPanel)
        load = self.setup_state.load_kg
        panel.border_title = f"set · load {load:g} kg" if load else "set"
        target = self.setup_state.targets()["overload_target"]
        panel.show(summary_text(self.set_reps, self.last_summary, target, negatives))
        last = self.query_one(LastRepPanel)
        reps, summary = list(self.set_reps), self.last_summary
        self._set_line = lambda width: summary_line(reps, summary, target, negatives, width)
        last.show_set_line(None if panel.display else self._set_line)


    def after_reset(self) -> None:
        """Hook: the replay screen puts back the reps before the cursor here."""


    def _show_saved_reps(self, path: Path) -> None:
        """One answer: a recording whose setup changed part way was saved judged by the final
        setup; the table shows those reps (the live ones after the change were renumbered)."""
        from tui.replay_data import stored_reps

        reps = stored_reps(path)
        if reps:
            self._old_reps_shown = False   # the recording's own reps, as saved: the live ones go on after them
            self.all_reps = list(reps)
            self.query_one(RepTable).set_reps(self.all_reps)
            self.query_one(LastRepPanel).show(reps[-1], self.setup_state.targets()["overload_target"])

    def on_pipeline_reset(self, msg: m.PipelineReset) -> None:
        if msg.keep_reps:
            # A setup change (a target, the load, the athlete) between or during sets: the coach
            # is still reading the set just done, so it stays on screen - the table, the last
            # rep, the set panel - until the new analysis starts a set (or a recording starts).
            # Only what belonged to the old analysis's running state goes.
            self.failure_rep = None
            self.phase_unsure = self.ended = False
            self._old_reps_shown = True
            self._show_summary()   # only when no set is in hand: the new setup's title then
            return
        self._old_reps_shown = False
        self.query_one(RepTable).clear()
        self.set_reps, self.all_reps, self.last_summary = [], [], None
        self.failure_rep, self.negatives = None, 0
        self.phase_unsure = self.ended = False
        self.query_one(LastRepPanel).show(None)
        self._show_summary()
        self.after_reset()

