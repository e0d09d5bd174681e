"""Session library: list, filter, open (replay or compare), export reps for coaches."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input

from sessions.analysis import shown_as
from tui import parts

COLUMNS = ("started", "athlete", "exercise", "method", "length", "reps", "plate")
# athlete/exercise/method shown at most this wide ("…"): a 200-letter name pushed every other
# column of every row off the screen (the filter still sees the whole name)
NAME_CELLS = 40
POLL_S = 2.0   # how often the open library looks for sessions the CLI or a recording added


def _cell(summary: Any, name: str) -> str:
    """The field as one safe line: no control characters, escapes or undecodable bytes."""
    v = getattr(summary, name, None)
    if v is None and hasattr(summary, "meta"):
        v = getattr(summary.meta, name, None)
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M")
    return "" if v is None else parts.safe_text(v)


def summary_row(summary: Any) -> tuple[str, ...]:
    started = _cell(summary, "started_at")
    plate = _cell(summary, "plate") or _cell(summary, "reader")
    if getattr(summary, "simulated", False) or getattr(getattr(summary, "meta", None), "simulated", False):
        # "Simulated plate" need not read "SIMULATED Simulated plate" (the plate is cut first at 80 columns)
        plate = (f"SIMULATED{plate[9:]}" if plate.lower().startswith("simulated")
                 else f"SIMULATED {plate}".strip())
    reps = _cell(summary, "n_reps") or _cell(summary, "reps")
    # a jump test as `sessions list` and `analyze` name it
    exercise, method = shown_as(_cell(summary, "exercise"), _cell(summary, "method"),
                                bool(getattr(summary, "jump_test", False)))
    seconds = getattr(summary, "duration_s", None)
    length = parts.duration_text(seconds) if isinstance(seconds, int | float) and seconds == seconds else ""
    return (started, _cell(summary, "athlete"), exercise, method, length, reps, plate)


def _cells(row: tuple[str, ...]) -> list[Text]:
    """Text (a name like "[/]" is not markup), names cut to NAME_CELLS terminal cells."""
    cells = [Text(c) for c in row]
    for i in (1, 2, 3):   # athlete, exercise, method
        cells[i].truncate(NAME_CELLS, overflow="ellipsis")
    return cells


def matches(row: tuple[str, ...], text: str) -> bool:
    """Every word of the filter in the row, compared as the CLI does (NFC, case-folded); a word
    typed without accents finds them too ('zoe' shows Zoë's rows; 'zoé' only Zoé's)."""
    from sessions.names import loose

    words = parts.name_key(text).split()
    hay = parts.name_key(" ".join(row))
    bare = loose(hay)
    return all(w in hay or (w == loose(w) and w in bare) for w in words)


class LibraryScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("enter", "open", "Replay", show=True),
        Binding("c", "compare", "Compare reps"),
        Binding("e", "export", "Export CSV"),
        Binding("p", "report", "Report"),
        Binding("slash", "focus_filter", "Filter"),
        Binding("down", "to_table", "Sessions", show=False),
    ]
    HELP = ("Every saved session, newest first. Type to filter (athlete, exercise, method, date: "
            "every word must match); ↓ goes to the list, enter replays, c compares the reps, "
            "e exports the shown sessions' reps to CSV. Escape clears the filter, then goes back.")

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.summaries: list[Any] = []
        self.shown: list[Any] = []
        self._seen: tuple[tuple[str, int, int], ...] | None = None
        self.skipped: list[tuple[Path, str]] = []   # session files the library cannot read

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="type to filter: athlete, exercise, method, date ...", id="filter",
                    select_on_focus=False)   # typed-through letters must not be selected away
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "session library"
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.reload()
        self.query_one("#filter", Input).focus()   # type to filter at once; ↓ to the list
        self.set_interval(POLL_S, self._poll)

    def on_screen_resume(self) -> None:
        self._poll()   # back from a replay or a report: a recording may have been saved meanwhile

    def _signature(self) -> tuple[tuple[str, int, int], ...]:
        """The session files as they stand (a stat each, no reading): a change means reload."""
        out = []
        for p in parts.library(self.data_dir).files():
            try:
                st = p.stat()
            except OSError:
                continue
            out.append((str(p), st.st_mtime_ns, st.st_size))
        return tuple(out)

    def _poll(self) -> None:
        try:
            seen = self._signature()
        except Exception:
            return   # reload() reports an unreadable library
        if seen != self._seen:
            self.reload()

    def reload(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        keep = getattr(self.shown[row], "path", None) if self.shown and 0 <= row < len(self.shown) else None
        try:
            self._seen = self._signature()
        except Exception:
            self._seen = None
        skipped: list[tuple[Path, str]] = []
        try:
            lib = parts.library(self.data_dir)
            self.summaries = list(reversed(lib.list()))   # newest first
            skipped = list(lib.skipped)
        except Exception as err:
            self.summaries = []
            self.notify(f"Cannot read the library: {err}", severity="error", markup=False)
        self._tell_skipped(skipped)
        self._fill(self.query_one("#filter", Input).value)
        at = next((i for i, x in enumerate(self.shown) if keep is not None and getattr(x, "path", None) == keep), None)
        if at is not None:   # the cursor stays on its session when a new one comes in above it
            table.move_cursor(row=at)
        n = len(self.summaries)
        bad = f" · {len(self.skipped)} unreadable" if self.skipped else ""
        self.sub_title = f"session library · {n} session{'' if n == 1 else 's'}{bad}"

    def _tell_skipped(self, skipped: list[tuple[Path, str]]) -> None:
        """Session files the library cannot read (a copy cut short, a damaged disk) were left out
        without a word: the CLI warns of each, the coach here saw fewer sessions. Said once per
        change of that list; the files stay where they are."""
        if [p for p, _ in skipped] != [p for p, _ in self.skipped]:
            for _, why in skipped[:3]:
                self.notify(why, title="Session file not readable", severity="warning", timeout=12, markup=False)
            if len(skipped) > 3:
                self.notify(f"... and {len(skipped) - 3} more (`eccentric sessions list` names them)",
                            severity="warning", timeout=12, markup=False)
        self.skipped = skipped

    def _fill(self, text: str) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self.shown = []
        for s in self.summaries:
            row = summary_row(s)
            if matches(row, text):
                self.shown.append(s)
                table.add_row(*_cells(row))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.shown:
            self.action_open()
        else:
            self.query_one(DataTable).focus()

    def on_key(self, event: events.Key) -> None:
        """Typing in the list goes to the filter (the list's own keys c, e, p, enter stay keys)."""
        table = self.query_one(DataTable)
        if (table.has_focus and event.is_printable and event.character
                and event.character not in "cep/" and not event.character.isspace()):
            box = self.query_one("#filter", Input)
            box.focus()
            box.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    def action_to_table(self) -> None:
        self.query_one(DataTable).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_back(self) -> None:
        box = self.query_one("#filter", Input)
        if box.value:
            box.value = ""
        else:
            self.app.pop_screen()

    def _selected(self) -> Path | None:
        table = self.query_one(DataTable)
        if not self.shown or table.cursor_row is None or table.cursor_row >= len(self.shown):
            self.notify("No session selected", severity="warning")
            return None
        path = getattr(self.shown[table.cursor_row], "path", None)
        return Path(path) if path is not None else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        path = self._selected()
        if path is not None:
            self.app.open_replay(path)  # type: ignore[attr-defined]

    def action_compare(self) -> None:
        path = self._selected()
        if path is not None:
            self.app.open_compare(path)  # type: ignore[attr-defined]

    def action_export(self) -> None:
        paths = [Path(s.path) for s in self.shown if getattr(s, "path", None) is not None]
        if not paths:
            self.notify("Nothing to export", severity="warning")
            return
        stem = f"reps-{datetime.now():%Y%m%d-%H%M%S}"
        out = self.data_dir / "exports" / f"{stem}.csv"
        k = 2
        while out.exists():   # two exports in one second (another filter): the first is kept
            out = out.with_name(f"{stem}_{k}.csv")
            k += 1
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            parts.export_reps(paths, out, fmt="csv")
        except Exception as err:
            self.notify(f"Export failed: {err}", severity="error", markup=False)
            return
        self.notify(f"Exported {len(paths)} session{'' if len(paths) == 1 else 's'} to {out}", title="Export", timeout=8, markup=False)

    def action_report(self) -> None:
        """An HTML report of the selected session (with its athlete's trend), made off the UI thread."""
        path = self._selected()
        if path is None:
            return
        out = self.data_dir / "reports" / path.parent.name / path.stem
        self.notify(f"Making the report of {path.stem} ...", title="Report", markup=False)
        self._make_report(path, out)

    @work(thread=True, exclusive=True, group="report")
    def _make_report(self, path: Path, out: Path) -> None:
        from sessions.report import make_report

        try:
            html = make_report([str(path)], out, library=parts.library(self.data_dir))
        except Exception as err:
            self.app.call_from_thread(self.notify, f"Report failed: {err}", severity="error", markup=False)
            return
        self.app.call_from_thread(self.notify, f"Report written to {html}", title="Report", timeout=12, markup=False)
