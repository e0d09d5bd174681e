"""udev/70-eccentric.rules covers exactly the shipped profiles' plates and opens nothing to all.

A shared USB ID (pid.codes' test VID:PID) is matched together with the USB strings its
profile declares, so another board flashed with that ID gets no access; the optional plugdev
rule only changes devices the main rules marked.
"""

from __future__ import annotations

import re
from pathlib import Path

from udev_ids import ID, ids_by_kind, rule_lines

from forceplate.profile import shipped_profiles

UDEV = Path(__file__).resolve().parents[2] / "udev"
RULES = UDEV / "70-eccentric.rules"
PLUGDEV = UDEV / "71-eccentric-plugdev.rules"
# IDs others use too: pid.codes' test PIDs (https://pid.codes/1209/0001/ ... /0010/)
SHARED_IDS = {(0x1209, pid) for pid in range(0x0001, 0x0011)}


def _rules(path: Path = RULES) -> list[str]:
    return rule_lines(path)


def _match(rule: str, attr: str) -> str | None:
    m = re.search(r'ATTRS?\{' + attr + r'\}=="([^"]*)"', rule)
    return m.group(1) if m else None


def test_every_shipped_profile_has_a_usb_and_a_hidraw_rule_and_nothing_else() -> None:
    found = ids_by_kind(_rules(), ("usb", "hidraw"))
    usb, hidraw = found["usb"], found["hidraw"]
    shipped = {(p.vendor_id, p.product_id) for p in shipped_profiles().values()}
    assert usb == shipped and hidraw == shipped


def test_a_shared_usb_id_is_matched_with_the_profiles_own_strings() -> None:
    for name, prof in shipped_profiles().items():
        ids = (prof.vendor_id, prof.product_id)
        strings = prof.extra.get("udev", {})
        if ids in SHARED_IDS:
            assert strings.get("manufacturer") and strings.get("product"), \
                f"profile {name} uses the shared ID {ids[0]:04x}:{ids[1]:04x}: it needs [udev] strings"
        rules = [r for r in _rules() if (m := ID.search(r)) and (int(m.group(1), 16), int(m.group(2), 16)) == ids]
        assert len(rules) == 2, name
        for rule in rules:   # the rule says what the profile says, character for character
            assert _match(rule, "manufacturer") == strings.get("manufacturer"), rule
            assert _match(rule, "product") == strings.get("product"), rule


def test_a_board_with_the_test_id_but_other_strings_is_not_matched() -> None:
    """Evaluate the rules' ATTR matches against a device's attributes, as udev does."""
    def matches(rule: str, attrs: dict[str, str]) -> bool:
        wanted = dict(re.findall(r'ATTRS?\{(\w+)\}=="([^"]*)"', rule))
        return all(attrs.get(k) == v for k, v in wanted.items())

    prof = shipped_profiles()["diy4"]
    ours = {"idVendor": f"{prof.vendor_id:04x}", "idProduct": f"{prof.product_id:04x}",
            "manufacturer": prof.extra["udev"]["manufacturer"], "product": prof.extra["udev"]["product"]}
    hobby = {**ours, "manufacturer": "Generic", "product": "Keyboard"}
    rules = _rules()
    assert all(matches(r, ours) for r in rules)
    assert not any(matches(r, hobby) for r in rules)


def test_no_rule_is_world_writable_and_access_goes_to_the_seat() -> None:
    """uaccess works everywhere with logind; a group that may not exist is left to the optional file."""
    for rule in _rules():
        modes = re.findall(r'MODE:?="(\d+)"', rule)
        assert modes, rule
        for mode in modes:
            assert int(mode, 8) & 0o002 == 0, f"world-writable: {rule}"
        assert 'TAG+="uaccess"' in rule and "GROUP=" not in rule
        assert 'ENV{ID_ECCENTRIC_PLATE}="1"' in rule


def test_the_optional_plugdev_rule_only_touches_marked_plates() -> None:
    rules = _rules(PLUGDEV)
    assert rules
    for rule in rules:
        assert 'ENV{ID_ECCENTRIC_PLATE}=="1"' in rule and 'GROUP="plugdev"' in rule
        for mode in re.findall(r'MODE:?="(\d+)"', rule):
            assert int(mode, 8) & 0o002 == 0, rule
    assert int(PLUGDEV.name.split("-")[0]) > int(RULES.name.split("-")[0])   # runs after the marks


def test_the_file_sorts_between_default_and_seat_late_rules() -> None:
    number = int(RULES.name.split("-")[0])
    assert 60 <= number <= 72
