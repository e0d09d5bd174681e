"""Large type for reading across a room: a 3x5 pixel font drawn with half-block characters.

At scale 1 a glyph is 3 cells wide and 3 rows high (5 pixel rows, two per cell row); scale 2
doubles both (5 rows high), and so on. Textual's Digits widget only knows digits and A-F, the
phase needs whole words, so the dashboard uses this one font for words and numbers alike.
No Textual here: plain strings in, lines of text out.
"""

from __future__ import annotations

from functools import lru_cache

_GLYPHS: dict[str, tuple[str, ...]] = {
    "A": ("###", "#.#", "###", "#.#", "#.#"), "B": ("##.", "#.#", "##.", "#.#", "##."),
    "C": ("###", "#..", "#..", "#..", "###"), "D": ("##.", "#.#", "#.#", "#.#", "##."),
    "E": ("###", "#..", "##.", "#..", "###"), "F": ("###", "#..", "##.", "#..", "#.."),
    "G": ("###", "#..", "#.#", "#.#", "###"), "H": ("#.#", "#.#", "###", "#.#", "#.#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"), "J": ("..#", "..#", "..#", "#.#", "###"),
    "K": ("#.#", "#.#", "##.", "#.#", "#.#"), "L": ("#..", "#..", "#..", "#..", "###"),
    "M": ("#...#", "##.##", "#.#.#", "#...#", "#...#"), "N": ("#..#", "##.#", "#.##", "#..#", "#..#"),
    "O": ("###", "#.#", "#.#", "#.#", "###"), "P": ("###", "#.#", "###", "#..", "#.."),
    "Q": ("###", "#.#", "#.#", "###", "..#"), "R": ("###", "#.#", "##.", "#.#", "#.#"),
    "S": ("###", "#..", "###", "..#", "###"), "T": ("###", ".#.", ".#.", ".#.", ".#."),
    "U": ("#.#", "#.#", "#.#", "#.#", "###"), "V": ("#.#", "#.#", "#.#", "#.#", ".#."),
    "W": ("#...#", "#...#", "#.#.#", "##.##", "#...#"), "X": ("#.#", "#.#", ".#.", "#.#", "#.#"),
    "Y": ("#.#", "#.#", ".#.", ".#.", ".#."), "Z": ("###", "..#", ".#.", "#..", "###"),
    "0": ("###", "#.#", "#.#", "#.#", "###"), "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"), "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"), "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"), "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"), "9": ("###", "#.#", "###", "..#", "###"),
    ".": (".", ".", ".", ".", "#"), ":": (".", "#", ".", "#", "."),
    "/": ("..#", "..#", ".#.", "#..", "#.."), "-": ("...", "...", "###", "...", "..."),
    "+": ("...", ".#.", "###", ".#.", "..."), "?": ("###", "..#", ".##", "...", ".#."),
    "x": ("...", "#.#", ".#.", "#.#", "..."), "%": ("#.#", "..#", ".#.", "#..", "#.#"),
    " ": ("..", "..", "..", "..", ".."), "!": ("#", "#", "#", ".", "#"),
}
PIXEL_ROWS = 5
# (top pixel, bottom pixel) -> the half-block character for one cell
_HALF = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def _glyph(ch: str) -> tuple[str, ...]:
    g = _GLYPHS.get(ch) or _GLYPHS.get(ch.upper())
    return g if g is not None else _GLYPHS["?"]


def big_width(text: str, scale: int = 1) -> int:
    """Cells needed for text at this scale (one blank pixel column between glyphs)."""
    if not text:
        return 0
    px = sum(len(_glyph(c)[0]) for c in text) + len(text) - 1
    return px * scale


def big_height(scale: int = 1) -> int:
    """Rows needed at this scale."""
    return (PIXEL_ROWS * scale + 1) // 2


@lru_cache(maxsize=512)
def render_big(text: str, scale: int = 1) -> tuple[str, ...]:
    """text as big_height(scale) lines of big_width(text, scale) characters."""
    if not text:
        return ()
    rows = [""] * PIXEL_ROWS
    for i, ch in enumerate(text):
        g = _glyph(ch)
        for r in range(PIXEL_ROWS):
            rows[r] += ("." if i else "") + g[r]
    pix = [[c == "#" for c in row for _ in range(scale)] for row in rows for _ in range(scale)]
    if len(pix) % 2:
        pix.append([False] * len(pix[0]))
    return tuple("".join(_HALF[(a, b)] for a, b in zip(pix[y], pix[y + 1], strict=True))
                 for y in range(0, len(pix), 2))


def fit_scale(text: str, width: int, height: int, max_scale: int = 3) -> int:
    """The largest scale (<= max_scale) at which text fits width x height; 0 if none does."""
    for s in range(max_scale, 0, -1):
        if big_width(text, s) <= width and big_height(s) <= height:
            return s
    return 0
