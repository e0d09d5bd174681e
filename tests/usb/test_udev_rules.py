"""udev/70-eccentric.rules covers exactly the shipped profiles' plates and opens nothing to all."""

from __future__ import annotations

import re
from pathlib import Path

from forceplate.profile import shipped_profiles

RULES = Path(__file__).resolve().parents[2] / "udev" / "70-eccentric.rules"
ID = re.compile(r'ATTRS?\{idVendor\}=="([0-9a-f]{4})".*ATTRS?\{idProduct\}=="([0-9a-f]{4})"')


def _rules() -> list[str]:
    lines = [ln.strip() for ln in RULES.read_text().splitlines()]
    return [ln for ln in lines if ln and not ln.startswith("#")]


def test_every_shipped_profile_has_a_usb_and_a_hidraw_rule_and_nothing_else() -> None:
    usb, hidraw = set(), set()
    for rule in _rules():
        m = ID.search(rule)
        assert m, f"rule without a VID:PID match: {rule}"
        ids = (int(m.group(1), 16), int(m.group(2), 16))
        if 'SUBSYSTEM=="usb"' in rule:
            assert 'ENV{DEVTYPE}=="usb_device"' in rule
            usb.add(ids)
        elif 'KERNEL=="hidraw*"' in rule:
            hidraw.add(ids)
        else:
            raise AssertionError(f"rule matches neither usb devices nor hidraw: {rule}")
    shipped = {(p.vendor_id, p.product_id) for p in shipped_profiles().values()}
    assert usb == shipped and hidraw == shipped


def test_no_rule_is_world_writable_and_every_rule_grants_the_seat_and_group() -> None:
    for rule in _rules():
        modes = re.findall(r'MODE:?="(\d+)"', rule)
        assert modes, rule
        for mode in modes:
            assert int(mode, 8) & 0o002 == 0, f"world-writable: {rule}"
        assert 'TAG+="uaccess"' in rule and 'GROUP="plugdev"' in rule


def test_the_file_sorts_between_default_and_seat_late_rules() -> None:
    number = int(RULES.name.split("-")[0])
    assert 60 <= number <= 72
