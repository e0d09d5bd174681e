"""Hypothesis runs the same examples on every run of the suite (a red CI must be reproducible:
a new counter-example found by chance blocked a landing once); `HYPOTHESIS_PROFILE=explore`
draws fresh ones, as `benchmarks/fuzz_long.py` does for the command line."""

import os

from hypothesis import settings

settings.register_profile("suite", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))
