"""udev/71-eccentric-plates.rules: the Go Direct IDs (usb + hidraw) and every shipped serial
profile with USB IDs (tty), nothing else, nothing world-writable."""

from __future__ import annotations

import re
from pathlib import Path

from udev_ids import ids_by_kind, rule_lines

from forceplate.gdx.protocol import PRODUCT_ID, VENDOR_ID
from forceplate.serial.profile import shipped_serial_profiles

RULES = Path(__file__).resolve().parents[2] / "udev" / "71-eccentric-plates.rules"


def _rules() -> list[str]:
    return rule_lines(RULES)


def test_gdx_and_serial_profiles_and_nothing_else() -> None:
    found = ids_by_kind(_rules(), ("usb", "hidraw", "tty"))
    usb, hidraw, tty = found["usb"], found["hidraw"], found["tty"]
    assert usb == hidraw == {(VENDOR_ID, PRODUCT_ID)}
    assert tty == {(p.vendor_id, p.product_id) for p in shipped_serial_profiles().values() if p.vendor_id is not None}


def test_scoped_like_the_hid_rules() -> None:
    for rule in _rules():
        for mode in re.findall(r'MODE:?="(\d+)"', rule):
            assert int(mode, 8) & 0o002 == 0, rule
        # uaccess only (works without a plugdev group); the optional plugdev file keys on the ENV mark
        assert 'TAG+="uaccess"' in rule and 'MODE="0660"' in rule and "GROUP=" not in rule
        assert 'ENV{ID_ECCENTRIC_PLATE}="1"' in rule
    assert 60 <= int(RULES.name.split("-")[0]) <= 72
