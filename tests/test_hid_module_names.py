"""No module of forceplate/hid shadows the standard library when the folder is on sys.path."""

import sys
from pathlib import Path

HID = Path(__file__).resolve().parents[1] / "forceplate" / "hid"


def test_no_hid_module_shadows_the_standard_library() -> None:
    names = {p.stem for p in HID.glob("*.py")}
    assert not names & set(sys.stdlib_module_names)
