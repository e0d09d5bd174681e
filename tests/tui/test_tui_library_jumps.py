"""The session library screen lists the newest session first (as its help says) and names a jump
test as one (as `sessions list` and `analyze` do), not "exercise normal"."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from conftest import build_app, open_library

from eccentric.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


async def test_library_is_newest_first_and_names_a_jump_test(tmp_path: Path) -> None:
    import import_synth as S
    from hardening_support import library_session

    data = tmp_path / "data"
    library_session(data, athlete="Old", started_at=datetime(2026, 1, 5, 9, 30, tzinfo=UTC))
    library_session(data, athlete="New", started_at=datetime(2026, 2, 5, 9, 30, tzinfo=UTC))
    src = S.write_hawkin_py(tmp_path / "cmj.csv", S.jump_trace(seed=4))
    assert main(["--data-dir", str(data), "import", str(src), "--athlete", "Ana",
                 "--started-at", "2026-01-20T10:00:00"]) == 0
    app = build_app(data, scripted=True)
    async with app.run_test(size=(120, 36)) as pilot:
        lib = await open_library(pilot, app)
        assert [s.athlete for s in lib.shown] == ["New", "Ana", "Old"]
        table = lib.query_one("#sessions")
        row = [str(c) for c in table.get_row_at(1)]
        assert row[1:4] == ["Ana", "jumps", "jump test"], row


async def test_replay_of_a_jump_test_opens_the_jump_view_with_its_jump(tmp_path: Path) -> None:
    """`j` in replay (docs/jumps.md) opened nothing, and the replayed reps had lost their jump figures."""
    from conftest import advance, imported_cmj

    from tui.screens.jump_screen import JumpScreen
    from tui.screens.replay_screen import ReplayScreen

    data, path = imported_cmj(tmp_path)
    app = build_app(data, scripted=True)
    async with app.run_test(size=(120, 36)) as pilot:
        app.open_replay(path)
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen)
        await advance(pilot, 8.0)
        await pilot.press("j")
        await pilot.pause(0.5)
        assert isinstance(app.screen, JumpScreen)
        assert len(app.screen.jumps) == 1 and app.screen.jumps[0].jump.type == "countermovement"


async def test_open_library_follows_new_sessions_and_shows_their_length_at_80_columns(tmp_path: Path) -> None:
    """A session the CLI saves while the library is open shows up, with the header's count, and
    the cursor stays on its session; each row has the session's length (as `sessions list`),
    on screen at 80 columns."""
    from hardening_support import library_session

    from eccentric.commands.sessions_cmd import duration_text
    from sessions.library import Library
    from tui.screens import library_screen

    data = tmp_path / "data"
    library_session(data, athlete="Old", started_at=datetime(2026, 1, 5, 9, 30, tzinfo=UTC))
    app = build_app(data, scripted=True)
    async with app.run_test(size=(80, 24)) as pilot:
        lib = await open_library(pilot, app)
        assert lib.sub_title.endswith("· 1 session")
        await pilot.press("down")   # the cursor on Old
        library_session(data, athlete="New", started_at=datetime(2026, 2, 5, 9, 30, tzinfo=UTC))
        for _ in range(100):
            await pilot.pause(0.1)
            if len(lib.shown) == 2:
                break
        assert lib.sub_title.endswith("· 2 sessions")
        assert [s.athlete for s in lib.shown] == ["New", "Old"]
        table = lib.query_one("#sessions")
        assert lib.shown[table.cursor_row].athlete == "Old"
        length = library_screen.COLUMNS.index("length")
        summaries = {s.athlete: s for s in Library(data).list()}
        for i, who in enumerate(("New", "Old")):
            assert str(table.get_row_at(i)[length]) == duration_text(summaries[who].duration_s)
        widths = [c.get_render_width(table) for c in table.ordered_columns]
        assert sum(widths[:length + 1]) <= table.size.width, (widths, table.size.width)
