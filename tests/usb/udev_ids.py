"""Reading udev rule files in the tests: the rule lines, and the USB IDs each kind of rule grants."""

from __future__ import annotations

import re
from pathlib import Path

ID = re.compile(r'ATTRS?\{idVendor\}=="([0-9a-f]{4})".*ATTRS?\{idProduct\}=="([0-9a-f]{4})"')
# what a rule matches -> the text that says so
KINDS = {"usb": 'SUBSYSTEM=="usb"', "hidraw": 'KERNEL=="hidraw*"', "tty": 'SUBSYSTEM=="tty"'}


def rule_lines(path: Path) -> list[str]:
    lines = [ln.strip() for ln in path.read_text().splitlines()]
    return [ln for ln in lines if ln and not ln.startswith("#")]


def ids_by_kind(rules: list[str], kinds: tuple[str, ...]) -> dict[str, set[tuple[int, int]]]:
    """The VID:PID of every rule, by the kind it matches; a rule without a VID:PID, or of no
    kind in `kinds`, fails. A usb rule must be for whole devices (not their interfaces)."""
    found: dict[str, set[tuple[int, int]]] = {k: set() for k in kinds}
    for rule in rules:
        m = ID.search(rule)
        assert m, f"rule without a VID:PID match: {rule}"
        ids = (int(m.group(1), 16), int(m.group(2), 16))
        kind = next((k for k in kinds if KINDS[k] in rule), None)
        if kind is None:
            raise AssertionError(f"rule matches none of {', '.join(kinds)}: {rule}")
        if kind == "usb":
            assert 'ENV{DEVTYPE}=="usb_device"' in rule
        found[kind].add(ids)
    return found
