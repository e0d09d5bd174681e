"""Issue 13, item 3: the dashboard tracebacks, and the dashboard under random keys and resizes."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import advance, build_app, open_library
from textual.app import App
from textual.widgets import DataTable, OptionList

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from hardening_support import library_session, rewrite_footer  # noqa: E402

from forceplate.errors import BadInputError  # noqa: E402
from sessions import schema as S  # noqa: E402
from sessions.session_file import read_session  # noqa: E402
from tui.axis import AxisHold  # noqa: E402
from tui.chart_render import render_profiles  # noqa: E402
from tui.raster import render_chart  # noqa: E402
from tui.ring import Window  # noqa: E402

HOSTILE = ["[/]", "[link=https://example.com]click[/link]", "[bold red]x", "\x1b]0;title\x07\x1b[2J", "a\nb", "Jos\udce9"]


async def test_names_that_look_like_markup_are_shown_as_they_are(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for k, name in enumerate(HOSTILE):
        library_session(data, k, athlete=name, exercise=name)
    app = build_app(data)
    async with app.run_test(size=(140, 36)) as pilot:
        lib = await open_library(pilot, app)
        assert len(lib.shown) == len(HOSTILE)
        table = lib.query_one(DataTable)
        cells = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert "[/]" in cells and "[link=https://example.com]click[/link]" in cells
        assert all("\x1b" not in c and "\n" not in c and "\udce9" not in c for c in cells)
        text = [table.get_row_at(i)[1] for i in range(table.row_count)]
        assert not any(span.style and "link" in str(span.style) for t in text for span in t.spans)
        lib.query_one("#filter").value = "[/]"
        await pilot.pause()
        assert len(lib.shown) == 1


async def test_page_keys_on_an_option_list_not_laid_out_yet() -> None:
    """ctrl+p, Down, PageDown typed fast: the palette's list had no size yet -> KeyError."""
    class Tiny(App[None]):
        CSS = "OptionList { height: 0; border: none; }"

        def compose(self):  # type: ignore[no-untyped-def]
            yield OptionList(*[f"option {i}" for i in range(40)])

    app = Tiny()
    async with app.run_test(size=(40, 10)) as pilot:
        ol = app.query_one(OptionList)
        await pilot.pause()
        ol.highlighted = 3
        ol.action_page_down()
        ol.action_page_up()
        assert ol.highlighted == 3


async def test_palette_keys_typed_fast(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(3):
            await pilot.press("ctrl+p", "down", "pagedown", "down", "pageup", "end", "pagedown", "escape")
        await pilot.pause()


@pytest.mark.parametrize("force", [[1e308] * 60, [-1e308, 1e308] * 30, [np.nan] * 60, [np.inf, -np.inf] * 30,
                                   [1e308] * 30 + [np.nan] * 30, [800.0] * 60])
def test_chart_survives_any_force_values(force: list[float]) -> None:
    n = len(force)
    w = Window(np.linspace(0, 1, n), np.array(force, dtype=float), np.zeros(n, dtype=np.int8))
    assert render_chart(w, 80, 20, 12.0, AxisHold())
    assert render_profiles([np.array(force)], [np.array(force)], ["rep 1"], 80, 20)


@pytest.mark.parametrize("scale", [float("nan"), float("inf"), 0.0])
def test_a_session_with_a_non_finite_scale_is_a_clean_error(tmp_path: Path, scale: float) -> None:
    p = library_session(tmp_path)
    import json

    import pyarrow.parquet as pq

    info = json.loads(pq.read_metadata(p).metadata[S.KEY_INFO.encode()])
    info["channels"][0]["scale"] = scale
    rewrite_footer(p, {S.KEY_INFO: json.dumps(info)})
    with pytest.raises(BadInputError, match="scale"):
        read_session(p)


KEYS = ["r", "s", "w", "c", "l", "o", "t", "escape", "enter", "tab", "up", "down", "left", "right", "pageup",
        "pagedown", "home", "end", "space", "plus", "minus", "ctrl+p", "x", "1", "slash", "backspace", "e"]


@pytest.mark.parametrize("seed", [0, 1])
async def test_random_keys_and_resizes(tmp_path: Path, seed: int) -> None:
    """Bounded: 120 keys and a resize every 15; the long mode (benchmarks/fuzz_long.py) runs more."""
    rng = random.Random(seed)
    data = tmp_path / "data"
    library_session(data, athlete="[/]")
    app = build_app(data, seed=seed)
    async with app.run_test(size=(100, 30)) as pilot:
        await advance(pilot, 2.0)
        for i in range(120):
            if i % 15 == 0:
                await pilot.resize_terminal(rng.randint(20, 200), rng.randint(8, 60))
            key = rng.choice(KEYS)
            if key == "q":
                continue
            await pilot.press(key)
            if i % 10 == 0:
                await pilot.pause()
        await pilot.pause()


def test_compare_skips_reps_without_phase_times(tmp_path: Path) -> None:
    """Found by the long fuzz mode: `c` on a session whose reps have no times (another tool's)."""
    from tui.rep_profiles import profiles_from_session

    p = library_session(tmp_path)   # its one rep row has no ecc/con times
    assert profiles_from_session(read_session(p)) == []


async def test_a_markup_like_athlete_named_while_recording_does_not_crash_the_toast(tmp_path: Path) -> None:
    """Naming the athlete '[b]Ana[/b] [/] $x' (or changing the load of a recording filed
    under that name) toasted 'This recording will be saved for [b]Ana[/b] [/] $x': Textual read
    it as markup and the dashboard died (MarkupError). Every toast is plain text."""
    from conftest import change_setup
    from textual.content import Content

    app = build_app(tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await advance(pilot, 5.0)
        await pilot.press("r")
        await advance(pilot, 20.0)
        await change_setup(pilot, athlete="[b]Ana[/b] [/] $x", load="25")
        await pilot.pause(0.3)
        app.notify("[bold red]x [/]")
        await pilot.pause(0.3)
        # what a Toast shows (it raised MarkupError while drawing the screen)
        shown = [str(Content.from_markup(n.message) if n.markup else Content(n.message))
                 for n in app._notifications]
        assert any("[b]Ana[/b] [/] $x" in t for t in shown) and "[bold red]x [/]" in shown, shown


async def test_comparing_a_session_whose_file_name_looks_like_markup(tmp_path: Path) -> None:
    """A session file renamed on disk to '[red]run [@click=app.quit]x.parquet': its rep
    comparison's heading read the name as markup (the name shown as 'run x.parquet', in red,
    a click quitting the app)."""
    import shutil

    from textual.widgets import Label

    from tui.screens.compare_screen import CompareScreen

    data = tmp_path / "data"
    src = library_session(data, 0, athlete="Bo")
    odd = shutil.copy(src, src.with_name("[red]run [@click=app.quit]x.parquet"))
    app = build_app(data)
    async with app.run_test(size=(120, 36)) as pilot:
        app.open_compare(Path(odd))
        await pilot.pause(0.3)
        assert isinstance(app.screen, CompareScreen)
        assert "[red]run [@click=app.quit]x.parquet" in str(app.screen.query_one("#compare-help", Label).render())


async def test_the_library_says_which_session_files_it_cannot_read(tmp_path: Path) -> None:
    """A session file cut short (a copy stopped) was left out of the library screen without a
    word (the CLI warns): the coach saw one session fewer. A warning names it, the title counts it."""
    data = tmp_path / "data"
    library_session(data, 0, athlete="Ana")
    cut = library_session(data, 1, athlete="Bo")
    cut.write_bytes(cut.read_bytes()[: cut.stat().st_size // 2])
    app = build_app(data)
    async with app.run_test(size=(100, 30)) as pilot:
        lib = await open_library(pilot, app)
        assert len(lib.shown) == 1
        assert "1 unreadable" in lib.sub_title
        said = [n.message for n in app._notifications if n.title == "Session file not readable"]
        assert len(said) == 1 and cut.name in said[0] and "truncated" in said[0]
        lib.reload()      # the same files: said once
        assert len([n for n in app._notifications if n.title == "Session file not readable"]) == 1
        assert cut.exists()


async def test_a_very_long_name_does_not_push_the_other_columns_off_the_library(tmp_path: Path) -> None:
    """A 200-letter athlete made the athlete column 200 cells wide: exercise, method, reps and
    plate of every session were off a 100-column screen. The name is cut with "…"; the filter
    still finds it by any part of it."""
    from tui.screens.library_screen import NAME_CELLS

    data = tmp_path / "data"
    long_name = "Ł" * 150 + "kowski"
    library_session(data, 0, athlete=long_name, exercise="smith_squat")
    library_session(data, 1, athlete="Ana", exercise="leg_press")
    app = build_app(data)
    async with app.run_test(size=(100, 30)) as pilot:
        lib = await open_library(pilot, app)
        table = lib.query_one(DataTable)
        athletes = [table.get_row_at(i)[1] for i in range(table.row_count)]
        cut = next(t for t in athletes if str(t).startswith("Ł"))
        assert cut.cell_len <= NAME_CELLS and str(cut).endswith("…")
        assert sum(c.get_render_width(table) for c in table.ordered_columns[:4]) <= 100   # up to the method
        lib.query_one("#filter").value = "kowski"
        await pilot.pause()
        assert len(lib.shown) == 1


async def test_two_exports_in_one_second_keep_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`e` names the export by the second: Ana's export then Ben's, typed quickly, wrote one
    file, Ben's over Ana's."""
    import datetime as dt

    import tui.screens.library_screen as screen

    class OneSecond(dt.datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
            return dt.datetime(2026, 3, 2, 9, 0, 0)

    monkeypatch.setattr(screen, "datetime", OneSecond)
    data = tmp_path / "data"
    library_session(data, 0, athlete="Ana")
    library_session(data, 1, athlete="Ben")
    app = build_app(data)
    async with app.run_test(size=(100, 30)) as pilot:
        lib = await open_library(pilot, app)
        made = []
        for who in ("Ana", "Ben"):
            lib.query_one("#filter").value = who
            await pilot.pause()
            lib.action_export()
            made.append({p.name: p.read_text() for p in (data / "exports").glob("*.csv")})
        assert len(made[-1]) == 2
        texts = list(made[-1].values())
        assert sum("Ana" in t for t in texts) == 1 and sum("Ben" in t for t in texts) == 1


def test_a_very_long_athlete_name_leaves_the_method_in_the_title() -> None:
    """The live title is `athlete · exercise · method · load`: a 150-letter name left only the name."""
    from tui.screens.live_setup import TITLE_NAME_CELLS, describe
    from tui.setup_state import SessionSetup

    setup = SessionSetup(athlete="Wiśniewski-" * 15, exercise="smith_squat", method="forced_negative", load_kg=60)
    title = describe(setup)
    who, _, rest = title.partition(" · ")
    assert len(who) <= TITLE_NAME_CELLS and who.endswith("…") and rest == "smith_squat · forced_negative · 60 kg"
    assert describe(SessionSetup(athlete="Ana", exercise="smith_squat", method="normal")).startswith("Ana · ")
