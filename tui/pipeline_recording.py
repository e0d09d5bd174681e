"""LivePipeline's recording commands: start, a setup change while recording, stop (split from
pipeline.py by job). Run on the pipeline thread, as every command."""

from __future__ import annotations

import contextlib
import dataclasses
import threading
from pathlib import Path
from typing import Any

from tui import messages as m

# Said live when the recorded samples cannot be read back for the new setup's analysis.
RESTARTS = ("the recording could not be read back for the new setup: the live table numbers from set 1 again, "
            "the saved session numbers the whole recording on")
# The read-back runs on the pipeline thread, which reads no plate meanwhile: measured 1.0 s for
# 20 min of a 1-kHz recording (0.3 s reading the journal, 0.7 s analysing). The HID readers'
# queues hold at least 4 s of reports, so up to 30 min (~1.5 s, with room for a slower computer)
# is read back; a longer recording keeps its samples whole and says the live numbering restarts.
MAX_READ_BACK_S = 1800.0
TOO_LONG = ("the recording is over {:.0f} min long, too long to judge again live without losing plate samples: "
            "the live table numbers from set 1 again, the saved session numbers the whole recording on")


class RecordingCommands:
    """Mixed into LivePipeline (self is the pipeline)."""

    info: Any
    analyser: Any
    recorder: Any
    recording_started_s: float | None
    time_s: float
    profiles: Any
    run: str             # the running analysis's name, on its rep profiles
    run_base: str
    _run_counts: dict[str, int]
    _recordings: int
    _make_analyser: Any
    _make_recorder: Any
    _post: Any
    _handle_events: Any

    def _start_recording(self, meta: Any) -> None:
        try:
            rec = self._make_recorder(self.info) if meta is None else self._make_recorder_with(meta)
            fresh = self._session_analyser()
            config = getattr(fresh, "config", None)
            if config is not None and hasattr(rec, "analysis_config"):
                rec.analysis_config = config   # the stored analysis runs with the same settings
            rec.start()
        except Exception as err:
            self._post(m.PipelineFault(f"cannot record: {err}"))
            return
        # One answer: the recording's reps are one analysis of its own samples, from its
        # first sample, numbered from 1 - live, saved and in every view alike.
        self.analyser = fresh
        self._recordings += 1
        self._new_run(f"rec {self._recordings}")
        self._post(m.PipelineReset())
        self.recorder = rec
        self.recording_started_s = self.time_s
        self._post(m.RecordingStarted(getattr(rec, "path", None)))

    def _rejudge_recording(self, fresh: Any) -> None:
        """A new setup while recording: the saved analysis judges the whole recording by it
        (the session's targets say so), so the live one does too - the new analyser reads
        every sample recorded so far, then goes on with the plate. Live, saved and every view
        then number and judge the same reps. Costs one offline analysis of the recording so
        far on this thread (see MAX_READ_BACK_S)."""
        rec = self.recorder
        config = getattr(fresh, "config", None)
        if config is not None and hasattr(rec, "reconfigure"):
            try:
                rec.reconfigure(config)
            except Exception as err:   # the samples go on being recorded; the coach must know
                why = " ".join(str(err).split()) or err.__class__.__name__
                # retitle has filed the new method, targets and load in its metadata already:
                # only the analysis stored with it (and its settings) stays as it was - and so
                # does the live one, which goes on unchanged: live and saved judge alike
                self._post(m.PipelineFault(
                    f"recording goes on; its stored analysis keeps the earlier settings, and so does the live "
                    f"view (the new ones were not stored: {why})", severity="warning"))
                return
        rate = float(getattr(self.info, "sample_rate_hz", 0.0) or 0.0)
        long = rate > 0 and float(getattr(rec, "samples_written", 0) or 0) / rate > MAX_READ_BACK_S
        events = None if long else self._recorded_events(fresh)
        if events is None:   # not read back: the live numbering restarts, and says so
            self.analyser = fresh
            self._new_run(self.run_base)
            self._post(m.PipelineFault(TOO_LONG.format(MAX_READ_BACK_S / 60) if long else RESTARTS,
                                       severity="warning"))
            self._post(m.PipelineReset(keep_reps=True))
            return
        self.analyser = fresh
        self.profiles.clear()
        self._post(m.PipelineReset())
        self._handle_events(events, quiet=True)

    def _recorded_events(self, fresh: Any) -> list[Any] | None:
        """fresh fed every sample recorded so far (its events), or None if they cannot be read."""
        read = getattr(self.recorder, "samples_so_far", None)
        from sessions.analysis import valid_samples
        try:
            block = read() if callable(read) else None
            if block is None:
                return None
            block, _ = valid_samples(self.info, block)   # as the saved analysis reads them
        except Exception:   # noqa: BLE001 - e.g. MemoryError on a long journal: the numbering
            return None     # restarts (and says so) rather than the pipeline thread dying
        try:
            return list(fresh.feed(block)) if len(block) else []
        except Exception as err:   # as a live block's failure: the samples go on being recorded
            self._post(m.PipelineFault(f"analysis stopped: {err}"))
            return []

    def _stop_recording(self) -> None:
        rec, self.recorder = self.recorder, None
        self.recording_started_s = None
        if rec is not None:
            self._close_session_analysis(rec)
            # Writing the Parquet file takes a moment: do it off the sampling thread.
            threading.Thread(target=self._finish_recording, args=(rec,), daemon=True).start()

    def _new_run(self, base: str) -> None:
        """A new live analysis, numbering its reps from set 1 rep 1: its name ("rec 2", a
        second "live (2)" after a setup change) keeps the compare screen's labels apart."""
        n = self._run_counts[base] = self._run_counts.get(base, 0) + 1
        self.run_base, self.run = base, base if n == 1 else f"{base} ({n})"

    def _session_analyser(self) -> Any:
        """A new analyser for a recording; it keeps a body mass the running one had weighed
        (the lifter may already be on the plate when recording starts)."""
        assert self.info is not None
        return self._keep_weighing(self._make_analyser(self.info))

    def _keep_weighing(self, an: Any) -> Any:
        """an, given the body mass the running analyser weighed when an's setup names none."""
        config = getattr(an, "config", None)
        body = getattr(self.analyser, "body_mass_kg", None)
        if config is not None and body and getattr(config, "body_mass_kg", 0) is None:
            with contextlib.suppress(Exception):
                an = type(an)(self.info, dataclasses.replace(config, body_mass_kg=float(body)))
        return an

    def _close_session_analysis(self, rec: Any) -> None:
        """The recording's analysis ends with its samples (its last rep and set, as the saved
        analysis has them); the live view then goes on with a new analyser."""
        if self.analyser is None or self.info is None:
            return
        try:
            events = list(self.analyser.finish())
        except Exception as err:
            self._post(m.PipelineFault(f"analysis stopped: {err}"))
            events = []
        if events:
            with contextlib.suppress(Exception):
                rec.add_events(events)
            self._handle_events(events)
        self.analyser = self._session_analyser()   # keeps the body mass weighed so far
        self._new_run(f"after rec {self._recordings}")

    def _make_recorder_with(self, meta: Any) -> Any:
        assert self._make_recorder is not None and self.info is not None
        try:
            return self._make_recorder(self.info, meta)  # type: ignore[call-arg]
        except TypeError:
            return self._make_recorder(self.info)

    def _finish_recording(self, rec: Any) -> None:
        try:
            path = rec.stop()
        except Exception as err:
            self._post(m.RecordingSaved(None, str(err)))
            return
        err = getattr(rec, "error", None)
        if err is not None:   # stop() never raises: a journal kept (or rescued) is not a saved session
            if hasattr(rec, "kept_note"):   # where the samples are, or that none could be kept
                self._post(m.RecordingSaved(None, f"{err}{rec.kept_note(path)}"))
                return
            hint = rec.recover_hint(path) if hasattr(rec, "recover_hint") else \
                f"then run `eccentric sessions recover {path}`"
            self._post(m.RecordingSaved(None, f"{err} - every sample is kept in {path}: {hint}"))
            return
        self._post(m.RecordingSaved(path))

    def _stop_recording_now(self) -> Path | None:
        rec, self.recorder = self.recorder, None
        if rec is None:
            return None
        with contextlib.suppress(Exception):
            self._close_session_analysis(rec)
        try:
            return rec.stop()  # type: ignore[no-any-return]
        except Exception:
            return None
