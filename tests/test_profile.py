"""TOML plate profiles: shipped ones load, user ones are found, anything malformed is a
one-line ProfileError and never another exception."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forceplate.errors import ExitCode, ProfileError
from forceplate.hid.profiles_dir import all_profiles, find_profile, user_profiles
from forceplate.profile import (
    PlateProfile,
    load_profile,
    load_profile_file,
    parse_profile,
    shipped_profiles,
)

GOOD = """
[device]
name = "Test plate"
vendor_id = 0x1209
product_id = 0x0123
report_size = 16
start_command = "00 01"

[stream]
sample_rate_hz = 500
samples_per_report = 2
sample_offset = 2
sequence_offset = 0
sequence_type = "uint16"

[[channels]]
name = "left"
type = "int16"
offset = 0
scale = 0.5
[[channels]]
name = "right"
type = "int16"
offset = 2
scale = 0.5
endian = "big"
"""


def test_shipped_profiles_load_and_fit_their_reports() -> None:
    profs = shipped_profiles()
    assert "diy4" in profs
    for p in profs.values():
        assert isinstance(p, PlateProfile)
        last = p.sample_offset + (p.samples_per_report - 1) * p.sample_stride
        assert last + max(c.offset + c.size for c in p.channels) <= p.report_size
        assert 0 < p.vendor_id <= 0xFFFF and 0 <= p.product_id <= 0xFFFF


def test_a_good_file_parses(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(GOOD)
    p = load_profile(str(path))
    assert p.name == "mine" and p.title == "Test plate"
    assert p.sample_stride == 4 and p.channels[1].endian == "big"
    assert p.start_command == b"\x00\x01" and p.stop_command == b""


@pytest.mark.parametrize(("edit", "message"), [
    (lambda t: t.replace("[stream]", "[strem]"), "missing section"),
    (lambda t: t.replace("report_size = 16", "report_size = 6"), "overflow"),
    (lambda t: t.replace('type = "int16"\noffset = 0', 'type = "int12"\noffset = 0'), "type 'int12'"),
    (lambda t: t.replace("scale = 0.5\n[[", "scale = 0\n[["), "scale must not be 0"),
    (lambda t: t.replace('start_command = "00 01"', 'start_command = "zz"'), "not hex"),
    (lambda t: t.replace("sample_rate_hz = 500", "sample_rate_hz = -5"), "must be > 0"),
    (lambda t: t.replace("vendor_id = 0x1209", 'vendor_id = "1209"'), "wrong type"),
    (lambda t: t.replace("vendor_id = 0x1209", "vendor_id = true"), "wrong type"),
    (lambda t: t + "\n[[channels]]\ntype = 'int8'\noffset = 0\nscale = 1\nkind = 'torque'\n", "kind 'torque'"),
    (lambda t: t.replace('sequence_type = "uint16"', 'sequence_type = "int24"'), "sequence_type"),
    (lambda t: t.replace("= 0x0123", "= 0x0123 oops"), "not valid TOML"),
])
def test_bad_files_are_one_line_profile_errors(tmp_path: Path, edit: Any, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(edit(GOOD))
    with pytest.raises(ProfileError) as exc:
        load_profile(str(path))
    assert message in str(exc.value)
    assert "\n" not in str(exc.value)
    assert exc.value.exit_code == ExitCode.BAD_INPUT


def test_missing_and_unknown_profiles(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="no such profile file"):
        load_profile(str(tmp_path / "nope.toml"))
    with pytest.raises(ProfileError, match="unknown profile 'nope'.*diy4"):
        load_profile("nope")
    (tmp_path / "binary.toml").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ProfileError):
        load_profile_file(tmp_path / "binary.toml")


def test_user_profiles_are_found_by_name_and_bad_ones_reported(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ECCENTRIC_PROFILES_DIR", str(tmp_path))
    (tmp_path / "mine.toml").write_text(GOOD)
    (tmp_path / "broken.toml").write_text("[device]\n")
    found, problems = user_profiles()
    assert list(found) == ["mine"]
    assert len(problems) == 1 and "broken" in problems[0]
    assert find_profile("mine").title == "Test plate"
    assert {"mine", "diy4"} <= set(all_profiles())
    with pytest.raises(ProfileError, match="yours: mine"):
        find_profile("other")


toml_scalars = st.one_of(st.integers(-(2**40), 2**40), st.floats(allow_nan=True), st.text(max_size=8),
                         st.booleans(), st.sampled_from(["int24", "uint16", "float32", "force", "big", "0x01"]))
toml_tables = st.dictionaries(
    st.sampled_from(["vendor_id", "product_id", "report_size", "report_id", "sample_rate_hz",
                     "samples_per_report", "sample_offset", "sample_stride", "sequence_offset",
                     "sequence_type", "type", "offset", "scale", "kind", "endian", "start_command", "name"]),
    toml_scalars, max_size=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(device=st.one_of(toml_tables, toml_scalars), stream=st.one_of(toml_tables, toml_scalars),
       channels=st.one_of(st.lists(st.one_of(toml_tables, toml_scalars), max_size=4), toml_scalars),
       drop=st.sampled_from([None, "device", "stream", "channels"]))
def test_random_documents_give_a_profile_or_a_profile_error(device: Any, stream: Any, channels: Any, drop: Any) -> None:
    doc = {"device": device, "stream": stream, "channels": channels}
    if drop:
        del doc[drop]
    try:
        p = parse_profile(doc, "fuzz")
    except ProfileError as err:
        assert "\n" not in str(err)
        return
    assert p.report_size > 0 and p.samples_per_report > 0 and p.channels


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_garbage_toml_text_is_a_profile_error(tmp_path_factory: Any, text: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "x.toml"
    path.write_text(text, encoding="utf-8")
    try:
        load_profile_file(path)
    except ProfileError as err:
        assert "\n" not in str(err)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.sampled_from(["device", "stream", "channels", "ch0", "ch1", "root"]),
                                st.sampled_from(["vendor_id", "product_id", "report_size", "report_id", "interface",
                                                 "endpoint_in", "sample_rate_hz", "samples_per_report", "sample_offset",
                                                 "sample_stride", "sequence_offset", "sequence_type", "sequence_endian",
                                                 "type", "offset", "scale", "zero", "kind", "endian", "unit", "name",
                                                 "start_command", "stop_command"]),
                                st.one_of(st.just(None), toml_scalars, st.lists(st.integers(), max_size=2),
                                          st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))),
                      min_size=1, max_size=4))
def test_mutated_good_documents_give_a_profile_or_a_profile_error(edits: list) -> None:
    import tomllib

    doc = tomllib.loads(GOOD)
    for where, key, value in edits:
        if where == "root":
            doc[key.split("_")[0]] = value
            continue
        if where == "channels":
            doc["channels"] = value if value is not None else []
            continue
        if where.startswith("ch"):
            chans = doc["channels"]
            if not isinstance(chans, list) or int(where[2]) >= len(chans) or not isinstance(chans[int(where[2])], dict):
                continue
            table = chans[int(where[2])]
        else:
            table = doc[where]
            if not isinstance(table, dict):
                continue
        if value is None:
            table.pop(key, None)
        else:
            table[key] = value
    try:
        p = parse_profile(doc, "mutant")
    except ProfileError as err:
        assert "\n" not in str(err)
        return
    # whatever parsed must be usable: decode a report of zeros
    from forceplate.decoder import ReportDecoder

    report = bytearray(p.report_size)
    if p.report_id is not None:
        report[0] = p.report_id
    block = ReportDecoder(p).decode(bytes(report))
    assert len(block) == p.samples_per_report


def test_udev_strings_are_what_the_reader_matches_and_bad_ones_say_why() -> None:
    import tomllib

    assert load_profile("diy4").usb_strings == (("manufacturer", "eccentric"),
                                                ("product", "eccentric DIY 4-load-cell plate"))
    assert parse_profile(tomllib.loads(GOOD), "good").usb_strings == ()
    ok = parse_profile(tomllib.loads(GOOD + '[udev]\nproduct = "My plate"\n'), "mine")
    assert ok.usb_strings == (("product", "My plate"),)
    for bad, words in (('[udev]\nmanufacturer = 5\n', "manufacturer must be a non-empty string"),
                       ('[udev]\nproduct = ""\n', "product must be a non-empty string"),
                       ('udev = "eccentric"\n', r"\[udev\] must be a table")):
        with pytest.raises(ProfileError, match=words):
            parse_profile(tomllib.loads(bad + GOOD), "bad")
