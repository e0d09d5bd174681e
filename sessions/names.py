"""Names as people typed them: stored exactly, shown safely, compared consistently.

A name from the command line may hold lone surrogates (bytes that were not UTF-8, kept by
Python's surrogateescape), control characters or terminal escape sequences. The metadata
keeps the exact text (JSON escapes surrogates, so it round-trips); Arrow columns need valid
UTF-8 and get `utf8()`; terminals and screens get `display()`; filters compare `key()`.
"""

from __future__ import annotations

import unicodedata

# Format characters that reorder or hide text on a terminal (bidi overrides, isolates).
_HIDING = {*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x2028, 0x2029, 0xFEFF}


def _escape(ch: str) -> str:
    o = ord(ch)
    if 0xDC80 <= o <= 0xDCFF:        # a byte surrogateescape kept: show the byte
        return f"\\x{o - 0xDC00:02x}"
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


def _unsafe(ch: str) -> bool:
    o = ord(ch)
    return (o < 0x20 or 0x7F <= o < 0xA0 or 0xD800 <= o <= 0xDFFF or o in _HIDING)


def display(text: object) -> str:
    """One safe line: control characters, escapes and undecodable bytes as visible \\x.. escapes."""
    s = str(text)
    if not any(_unsafe(c) for c in s):
        return s
    return "".join(_escape(c) if _unsafe(c) else c for c in s)


def utf8(text: object) -> str:
    """Valid UTF-8 text (for Arrow string columns): only undecodable bytes become \\x.. escapes."""
    s = str(text)
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return "".join(_escape(c) if 0xD800 <= ord(c) <= 0xDFFF else c for c in s)


def key(text: object) -> str:
    """What two names must share to be the same athlete/exercise: NFC, case-folded, trimmed."""
    return unicodedata.normalize("NFC", str(text)).casefold().strip()


def same(a: object, b: object) -> bool:
    return key(a) == key(b)


# Letters NFKD leaves whole (no decomposition into a base letter and a mark), after casefold
# (which already turns ß into ss): what a keyboard without them types.
_FOLD = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i",
                       "ħ": "h", "ŧ": "t", "ŀ": "l"})


# Emoji skin tones (Sk) and variation selectors (Mn, combining class 0) dress a picture.
_EMOJI_PARTS = {*range(0x1F3FB, 0x1F400), *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)}


def _decoration(ch: str) -> bool:
    return unicodedata.category(ch) in ("So", "Cf", "Cc") or ord(ch) in _EMOJI_PARTS


def _pictures(text: object) -> str:
    """The pictures in a name (So, skin tones and selectors left out): its decoration as typed."""
    return "".join(c for c in unicodedata.normalize("NFKD", str(text))
                   if unicodedata.category(c) == "So" and ord(c) not in _EMOJI_PARTS)


def loose(text: object) -> str:
    """A name with its case and accents left out (NFKD without combining marks, case-folded,
    the letters without a decomposition by _FOLD): 'Zoë', 'ZOE' and 'zoe' share 'zoe',
    'Søren' and 'soren', 'Łukasz' and 'lukasz' - what a keyboard without the accent types.
    Pictures and format characters (an emoji with its skin tone and variation selector, a bidi
    mark) are decoration, left out too, and any run of spaces, tabs or newlines is one space:
    '💪Ana' and 'Ana', 'Ana\tB' and 'Ana B'. Math, currency and modifier symbols (Sm, Sc, Sk)
    are part of a name: 'C++' is not 'C', 'A$B' not 'AB'."""
    d = unicodedata.normalize("NFKD", str(text))
    kept = "".join(c for c in d if c in " \t\n\r" or not (unicodedata.combining(c) or _decoration(c)))
    return " ".join(kept.casefold().translate(_FOLD).split())


def matching(wanted: str, names: list[str], option: str) -> tuple[set[str], str]:
    """The key()s of the names a filter `wanted` selects, and a note when it took a loose match.
    An exact match (key()) wins; without one, the names equal to it case and accents aside -
    one person typed without the accent or the emoji; a typed picture must be the stored one's.
    Two different names that fold alike are two people: refused in one line rather than merged."""
    from forceplate.errors import UsageError

    k = key(wanted)
    if any(key(n) == k for n in names):
        return {k}, ""
    hits: dict[str, str] = {}
    for n in names:
        # '🏋' and '💪' share no name; a typed picture is part of what was asked: 'Alex♀'
        # never selects 'Alex♂'
        if (loose(wanted) and loose(n) == loose(wanted)
                and (not _pictures(wanted) or _pictures(wanted) == _pictures(n))):
            hits.setdefault(key(n), n)
    if len(hits) > 1:
        shown = ", ".join(repr(display(n)) for n in hits.values())
        raise UsageError(f"{option} '{display(wanted)}' matches {len(hits)} different names ({shown}) case and "
                         f"accents aside: give one exactly")
    if not hits:
        return {k}, ""
    return set(hits), f"{option} '{display(wanted)}' matches '{display(next(iter(hits.values())))}' (case and accents aside)"
