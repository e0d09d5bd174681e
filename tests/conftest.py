"""Hypothesis runs the same examples on every run of the suite (a red CI must be reproducible:
a new counter-example found by chance blocked a landing once); `HYPOTHESIS_PROFILE=explore`
draws fresh ones, as `benchmarks/fuzz_long.py` does for the command line."""

import os

from hypothesis import settings

settings.register_profile("suite", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _rescue_folder_of_the_test(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A journal a test's data folder refuses goes to a rescue folder of the test's own: the
    suite left hundreds of journals in the machine's /tmp/eccentric-rescue (and could in ~)."""
    from sessions import recorder

    folder = tmp_path_factory.getbasetemp() / "eccentric-rescue"
    monkeypatch.setattr(recorder, "default_rescue_dirs", lambda *_: [folder])
