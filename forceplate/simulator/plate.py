"""The simulated plate's HID report layout, in the generic profile format (diy4's family):
64-byte reports, byte 0 report id 0x01, bytes 1-2 a uint16 report counter, byte 3 status,
then samples of int24 little-endian counts (0.01 N for forces, 10 um for the bar position)."""

from __future__ import annotations

import math

from forceplate.profile import ChannelSpec, PlateProfile
from forceplate.samples import ReaderInfo
from forceplate.simulator.scenario import Scenario

REPORT_SIZE = 64
HEADER_BYTES = 4
MAX_REPORTS_PER_S = 1000   # USB full-speed interrupt endpoint, 1 ms polling
FORCE_SCALE_N = 0.01
POSITION_SCALE_M = 1e-5

CELL_NAMES = {
    1: ("cell",),
    2: ("cell_left", "cell_right"),
    3: ("cell_front", "cell_back_left", "cell_back_right"),
    4: ("cell_front_left", "cell_front_right", "cell_back_left", "cell_back_right"),
}


def samples_per_report(n_channels: int, sample_rate_hz: float) -> int:
    """About one report every 4 ms, as many samples as fit, never over 1000 reports/s."""
    fits = (REPORT_SIZE - HEADER_BYTES) // (3 * n_channels)
    wanted = max(1, round(sample_rate_hz * 0.004), math.ceil(sample_rate_hz / MAX_REPORTS_PER_S))
    return max(1, min(fits, wanted))


def simulated_profile(sc: Scenario) -> PlateProfile:
    specs = [(name, "force", "N", FORCE_SCALE_N) for name in CELL_NAMES[sc.n_cells]]
    if sc.with_position:
        specs.append(("bar_position", "position", "m", POSITION_SCALE_M))
    if sc.with_spotter_plate:
        specs.append(("spotter_plate", "spotter_force", "N", FORCE_SCALE_N))
    channels = tuple(ChannelSpec(name=name, type="int24", offset=3 * i, scale=scale, kind=kind, unit=unit)
                     for i, (name, kind, unit, scale) in enumerate(specs))
    return PlateProfile(
        name="simulated", title="Simulated plate", vendor_id=0x1209, product_id=0x0002,
        report_size=REPORT_SIZE, sample_rate_hz=float(sc.sample_rate_hz),
        samples_per_report=samples_per_report(len(channels), sc.sample_rate_hz),
        sample_offset=HEADER_BYTES, sample_stride=3 * len(channels), channels=channels,
        report_id=0x01, sequence_offset=1, sequence_type="uint16",
    )


def simulated_info(sc: Scenario, profile: PlateProfile, method: str | None = None) -> ReaderInfo:
    return ReaderInfo(
        reader="mock", name="Simulated plate", serial=f"SIM-{sc.seed}",
        channels=profile.channel_infos, sample_rate_hz=float(sc.sample_rate_hz), simulated=True,
        profile=profile.name, extra={"method": method or sc.method},
    )
