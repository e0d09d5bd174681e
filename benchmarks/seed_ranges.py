"""Seed lists as the benchmarks take them on the command line: "8501-8510", "1,3,7-9"."""

from __future__ import annotations


def seed_list(text: str) -> list[int]:
    """Every seed a comma-separated list of seeds and inclusive ranges names, in order."""
    out: list[int] = []
    for part in text.split(","):
        if part:
            lo, _, hi = part.partition("-")
            out += list(range(int(lo), int(hi or lo) + 1))
    return out
