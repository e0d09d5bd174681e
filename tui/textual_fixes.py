"""Work-arounds for Textual bugs met by the dashboard, each guarded so a fixed Textual is untouched.

OptionList._move_page (PageUp/PageDown) looks the highlighted option up in a line cache that is
only built once the list has a size. The command palette's list has none until its first
results are shown, so ctrl+p, Down, PageDown typed faster than a refresh raised KeyError
(Textual 8.2.8). With nothing laid out there is no page to move over: the key does nothing.
"""

from __future__ import annotations

from typing import Any


def patch_option_list_paging() -> None:
    from textual.widgets import OptionList

    original = OptionList._move_page
    if getattr(original, "_eccentric_guarded", False):
        return

    def _move_page(self: Any, direction: Any) -> None:
        if self._options and (self.highlighted or 0) not in self._index_to_line:
            return   # not laid out yet (no size): nothing to page over
        original(self, direction)

    _move_page._eccentric_guarded = True  # type: ignore[attr-defined]
    OptionList._move_page = _move_page  # type: ignore[method-assign]


patch_option_list_paging()
GUARDED = True
