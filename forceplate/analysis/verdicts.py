"""Method awareness: what a coach would say about a rep or a set, against editable targets."""

from __future__ import annotations

import math

from forceplate.analysis.config import AnalysisConfig

# code -> words
WORDS = {
    "ecc_too_fast": "lowered too fast",
    "ecc_too_slow": "lowered slower than target",
    "ecc_on_target": "lowering on target",
    "pause_short": "pause at the bottom too short",
    "overload_low": "overload below target",
    "overload_on_target": "overload on target",
    "assisted_raise": "raise needed help",
    "estimated": "phases estimated from force levels",
}


def rep_verdict(cfg: AnalysisConfig, ecc_s: float, pause_s: float, ratio: float, assisted: str,
                source: str, help_expected: bool = False) -> tuple[str, tuple[str, ...]]:
    codes: list[str] = []
    if cfg.ecc_target_s:
        lo = cfg.ecc_target_s * (1 - cfg.ecc_tolerance)
        hi = cfg.ecc_target_s * (1 + cfg.ecc_tolerance)
        codes.append("ecc_too_fast" if ecc_s < lo else "ecc_too_slow" if ecc_s > hi else "ecc_on_target")
    if cfg.pause_target_s and pause_s < cfg.pause_target_s * (1 - cfg.ecc_tolerance):
        codes.append("pause_short")
    if cfg.overload_target and math.isfinite(ratio):
        low = ratio < cfg.overload_target - cfg.overload_tolerance
        codes.append("overload_low" if low else "overload_on_target")
    if assisted in ("raising", "both") and cfg.method != "forced_positive" and not help_expected:
        codes.append("assisted_raise")
    if source == "force_levels":
        codes.append("estimated")
    main = [c for c in codes if c not in ("estimated",)]
    if not main:
        text = "ok"
    elif all(c.endswith("on_target") for c in main):
        text = "on target"
    else:
        text = ", ".join(WORDS[c] for c in main)
    return text, tuple(codes)


def set_verdict(cfg: AnalysisConfig, n_reps: int, positive_failure_rep: int | None,
                negatives: int) -> str:
    from forceplate.analysis.methods import METHODS

    spec = METHODS[cfg.method]
    if cfg.method == "beyond_failure":
        if positive_failure_rep is None:
            return "no failed positive detected"
        lo, hi = cfg.negatives_min or spec.negatives_min, cfg.negatives_max or spec.negatives_max
        ok = lo <= negatives <= hi
        return f"{negatives} negatives after failure ({lo}-{hi} wanted)" + ("" if ok else ": off target")
    if cfg.method == "normal":
        return f"{n_reps} reps"
    ok = spec.reps_min <= n_reps <= spec.reps_max
    return f"{n_reps} reps ({spec.reps_min}-{spec.reps_max} wanted)" + ("" if ok else ": off target")
