"""How a rep's verdict reads at a glance: on target (green), off target (red), check (yellow).

No Textual here; the widgets map the kind to a colour.
"""

from __future__ import annotations

from typing import Any

GOOD, OFF, CHECK = "good", "off", "check"
OFF_CODES = frozenset({"ecc_too_fast", "ecc_too_slow", "pause_short", "overload_low", "assisted_raise"})
GOOD_CODES = frozenset({"ecc_on_target", "overload_on_target"})
OFF_WORDS = ("too fast", "too slow", "slower than", "below target", "too short", "needed help", "off target")
LOW_CONFIDENCE = 0.5      # the analyser's own 0..1 confidence below which a coach should look again

# colours that read on the dark and the light theme alike
COLOURS = {GOOD: "#2ea043", OFF: "#e5534b", CHECK: "#d29922"}


def verdict_kind(verdict: str, codes: tuple[str, ...] | list[str] | str = (),
                 confidence: float | None = None) -> str | None:
    """GOOD, OFF, CHECK, or None when there is no verdict at all."""
    if isinstance(codes, str):
        codes = tuple(c for c in codes.split(",") if c)
    cs = set(codes)
    text = (verdict or "").strip().lower()
    if not text and not cs:
        return None
    if cs & OFF_CODES or any(w in text for w in OFF_WORDS):
        return OFF
    unknown = cs - GOOD_CODES
    if unknown or "check" in text or "estimated" in text:
        return CHECK
    if confidence is not None and confidence == confidence and confidence < LOW_CONFIDENCE:
        return CHECK
    return GOOD


def rep_verdict_kind(rep: Any) -> str | None:
    return verdict_kind(getattr(rep, "verdict", "") or "", tuple(getattr(rep, "verdict_codes", ()) or ()),
                        getattr(rep, "confidence", None))
