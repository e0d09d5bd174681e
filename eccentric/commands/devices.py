"""`eccentric devices`: installed readers, known plate profiles, attached plates.

Also home of open_reader_from_args(), which every command that reads a plate uses.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from forceplate.errors import EccentricError, ExitCode
from forceplate.reader import AttachedDevice, Reader

HINT_NO_PLATE = "no plate attached - try --reader mock"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "devices", help="list readers, plate profiles and attached plates",
        description="List installed reader plug-ins, known HID plate profiles and the plates attached now. "
                    "With --test, open the chosen plate for a moment and report what arrives.",
    )
    # also accepted after the subcommand; SUPPRESS keeps the top-level values when absent
    p.add_argument("--reader", default=argparse.SUPPRESS, metavar="NAME", help="reader plug-in or plate profile name")
    p.add_argument("--profile", default=argparse.SUPPRESS, metavar="NAME|PATH", help="HID report profile")
    p.add_argument("-o", "--reader-option", action="append", default=argparse.SUPPRESS, metavar="KEY=VALUE",
                   help="option for the reader (repeatable)")
    p.add_argument("--test", action="store_true",
                   help="open the plate (--reader/--profile, else the first attached) and read it for a moment")
    p.add_argument("--seconds", type=float, default=2.0, metavar="S", help="how long --test reads (default 2)")
    p.set_defaults(run=run)


def open_reader_from_args(args: argparse.Namespace, default: str = "mock") -> Reader:
    """The reader chosen by the global --reader/--profile/-o options: created, NOT yet opened
    (use ``with open_reader_from_args(args) as reader:``, which opens and closes it).

    --reader takes a plug-in name ('mock', 'hid', ...) or a plate profile name ('diy4');
    --profile alone means the hid reader. With neither, ``default`` is used: a reader name, or
    'auto' for the first attached plate, else the simulated one.
    """
    from eccentric.cli import reader_options
    from forceplate.registry import create_reader

    options: dict[str, Any] = reader_options(getattr(args, "reader_option", None))
    name = getattr(args, "reader", None)
    profile = getattr(args, "profile", None)
    if profile:
        options["profile"] = profile
    if name is None:
        name = "hid" if profile else default
    if name == "auto":
        plates = attached_plates()[0]
        if plates:
            name = plates[0].reader
            options = {**dict(plates[0].options), **options}
        else:
            name = "mock"
    if profile and name == "mock":
        raise EccentricError("--profile is for USB plates (--reader hid), not the simulated one",
                             exit_code=ExitCode.USAGE)
    return create_reader(name, **options)


def attached_plates() -> tuple[list[AttachedDevice], list[str]]:
    """Plates found by every reader, and one-line problems met while looking (never raises)."""
    from forceplate.registry import reader_classes

    found: list[AttachedDevice] = []
    problems: list[str] = []
    try:
        from forceplate.hid.hid_reader import discover_plates

        found.extend(discover_plates())
    except EccentricError as err:
        problems.append(f"cannot look for USB plates: {err}")
    except Exception as exc:
        problems.append(f"cannot look for USB plates: {exc.__class__.__name__}: {exc}")
    for name, cls in reader_classes().items():
        if name == "hid":
            continue
        try:
            found.extend(cls.discover())
        except Exception as exc:
            problems.append(f"reader '{name}' failed to look for plates: {exc.__class__.__name__}")
    return found, problems


def _print_readers() -> None:
    from forceplate.registry import reader_classes, reader_load_errors

    print("Readers (--reader NAME):")
    for name, cls in sorted(reader_classes().items()):
        print(f"  {name:<10} {getattr(cls, 'description', '')}")
    for name, why in sorted(reader_load_errors().items()):
        print(f"  {name:<10} (installed but failed to load: {why})")


def _print_profiles() -> None:
    from forceplate.hid.profiles_dir import user_profiles, user_profiles_dir
    from forceplate.profile import shipped_profiles

    print("Plate profiles (--reader NAME or --reader hid --profile NAME|FILE.toml):")
    try:
        shipped = shipped_profiles()
    except EccentricError as err:
        print(f"  (shipped profiles unreadable: {err})")
        shipped = {}
    users, problems = user_profiles()
    for where, profs in (("shipped", shipped), ("yours", users)):
        for name, p in sorted(profs.items()):
            print(f"  {name:<10} {p.vendor_id:04x}:{p.product_id:04x}  {p.title} "
                  f"({len(p.channels)} ch, {p.sample_rate_hz:g} Hz, {where})")
    for line in problems:
        print(f"  (skipped: {line})")
    print(f"  your own profiles go in {user_profiles_dir()}")
    print()
    _print_serial_profiles()


def _print_serial_profiles() -> None:
    from forceplate.hid.profiles_dir import user_profiles_dir

    try:
        from forceplate.serial.profile import shipped_serial_profiles, user_serial_profiles
    except ImportError as exc:   # pyserial missing: say so, list the rest
        print(f"  (serial plates unavailable: {exc})")
        return
    print("Serial plate profiles (--reader NAME or --reader serial -o profile=NAME|FILE.toml; "
          "[-o port=/dev/tty...]):")
    try:
        shipped = shipped_serial_profiles()
    except EccentricError as err:
        print(f"  (shipped serial profiles unreadable: {err})")
        shipped = {}
    users, problems = user_serial_profiles()
    for where, profs in (("shipped", shipped), ("yours", users)):
        for name, p in sorted(profs.items()):
            ids = f"{p.vendor_id:04x}:{p.product_id:04x}" if p.vendor_id is not None else "any port"
            print(f"  {name:<10} {ids:<9}  {p.title} ({p.format}, {len(p.channels)} ch, "
                  f"{p.sample_rate_hz:g} Hz, {where})")
    for line in problems:
        print(f"  (skipped: {line})")
    print(f"  your own serial profiles go in {user_profiles_dir() / 'serial'}")


def _print_plates() -> None:
    plates, problems = attached_plates()
    print("Attached plates:")
    for line in problems:
        print(f"  {line}")
    if not plates:
        print(f"  {HINT_NO_PLATE}")
    for d in plates:
        opts = " ".join(f"-o {k}={v}" for k, v in d.options)
        serial = f" serial {d.serial}" if d.serial else ""
        print(f"  {d.name}{serial} at {d.location}  (--reader {d.reader} {opts})".replace("  ()", ""))
        if d.note:
            print(f"    {d.note}")


def _test(args: argparse.Namespace) -> int:
    reader = open_reader_from_args(args, default="auto")
    with reader:
        info = reader.info
        print(f"Testing {info.name} ({reader.name}, {len(info.channels)} channels, {info.sample_rate_hz:g} Hz) "
              f"for {args.seconds:g} s ...")
        t0 = time.monotonic()
        samples = 0
        while time.monotonic() - t0 < args.seconds:
            block = reader.read(timeout_s=0.1)
            if block is not None:
                samples += len(block)
        elapsed = time.monotonic() - t0
        st = reader.status()
    print(f"  {samples} samples in {elapsed:.1f} s = {samples / elapsed:.0f} samples/s; "
          f"reports {st.reports}, dropped {st.dropped_samples}, rejected {st.rejected_reports}, "
          f"timeouts {st.timeouts}, reconnects {st.reconnects}")
    if samples == 0:
        raise EccentricError(f"{info.name}: opened, but no samples arrived in {args.seconds:g} s "
                             "(check the profile's start_command and endpoint)", exit_code=ExitCode.DEVICE)
    return ExitCode.OK


def run(args: argparse.Namespace) -> int:
    if getattr(args, "test", False):
        return _test(args)
    _print_readers()
    print()
    _print_profiles()
    print()
    _print_plates()
    return ExitCode.OK
