"""`eccentric exercises` and `eccentric methods`: the valid names, their aliases, and what they mean."""

from __future__ import annotations

import argparse
import json


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("exercises", help="list the exercise names (and aliases) --exercise takes",
                       description="Every exercise name --exercise accepts, its aliases, and whether "
                                   "negatives are safe on it (else the machine version to use).")
    p.add_argument("--json", action="store_true", help="one JSON object per exercise")
    p.set_defaults(run=run_exercises)
    p = sub.add_parser("methods", help="list the coaching method names (and aliases) --method takes",
                       description="Every method name --method accepts, its aliases and default targets.")
    p.add_argument("--json", action="store_true", help="one JSON object per method")
    p.set_defaults(run=run_methods)


def _aliases(aliases: dict[str, str], key: str) -> list[str]:
    return sorted(a for a, k in aliases.items() if k == key)


def run_exercises(args: argparse.Namespace) -> int:
    from forceplate.analysis.exercises import EXERCISE_ALIASES, EXERCISES

    for key, ex in EXERCISES.items():
        aliases = _aliases(EXERCISE_ALIASES, key)
        if args.json:
            print(json.dumps({"name": key, "title": ex.title, "aliases": aliases, "equipment": ex.equipment,
                              "negatives_safe": ex.negatives_safe, "instead": ex.machine_alternative}))
            continue
        safe = "negatives ok" if ex.negatives_safe else f"no negatives (use {ex.machine_alternative})"
        also = f"  (also: {', '.join(aliases)})" if aliases else ""
        print(f"{key:20s} {ex.title} - {safe}{also}")
    return 0


def run_methods(args: argparse.Namespace) -> int:
    from forceplate.analysis.methods import METHOD_ALIASES, METHODS

    for key, m in METHODS.items():
        aliases = _aliases(METHOD_ALIASES, key)
        if args.json:
            print(json.dumps({"name": key, "title": m.title, "aliases": aliases, "description": m.description,
                              "ecc_target_s": m.ecc_target_s, "overload_target": m.overload_target,
                              "needs_spotter": m.needs_spotter}))
            continue
        targets = []
        if m.ecc_target_s:
            targets.append(f"lowering {m.ecc_target_s:g} s")
        if m.overload_target:
            targets.append(f"ecc:con {m.overload_target:g}")
        if m.needs_spotter:
            targets.append("spotter")
        also = f"  (also: {', '.join(aliases)})" if aliases else ""
        print(f"{key:16s} {m.title}: {m.description}" + (f" [{', '.join(targets)}]" if targets else "") + also)
    return 0
