"""The dashboard, unchanged, on the Go Direct and serial readers: live force and plate status."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from forceplate.gdx.emulator import GdxPlateModel
from forceplate.gdx.fake_usb import FakeGdxDevice
from forceplate.gdx.reader import GdxReader
from forceplate.serial.emulator import PtyPlate
from forceplate.serial.reader import SerialPlateReader
from tui.app import EccentricApp
from tui.setup_state import SessionSetup
from tui.widgets.plate_status import PlateStatusBar


async def _run(app: EccentricApp, seconds: float) -> tuple[str, float]:
    from tui.screens.live_screen import LiveScreen

    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.pause()
        screen = next(s for s in app.screen_stack if isinstance(s, LiveScreen))
        t0 = time.monotonic()
        while screen.pipeline.time_s < seconds and time.monotonic() - t0 < 20:
            screen.pipeline.step(timeout_s=0.05)
        screen.pipeline.pump(seconds)
        await pilot.pause()
        screen.redraw()
        await pilot.pause()
        bar = str(app.screen.query_one(PlateStatusBar).render())
        return bar, screen.pipeline.time_s


@pytest.mark.asyncio
async def test_dashboard_runs_on_the_go_direct_reader(tmp_path: Path) -> None:
    dev = FakeGdxDevice(reports=[], ep_out=0x02, model=GdxPlateModel(speed=8.0))
    setup = SessionSetup(reader="gdx", method="normal", data_dir=tmp_path)
    app = EccentricApp(setup, tmp_path, threaded=False, open_source=lambda: GdxReader(finder=lambda: dev))
    bar, t = await _run(app, 2.0)
    assert t >= 2.0
    assert "Vernier Go Direct Force Plate" in bar and "battery 87 %" in bar and "SIMULATED" not in bar


@pytest.mark.asyncio
async def test_dashboard_runs_on_the_serial_reader(tmp_path: Path) -> None:
    plate = PtyPlate(tmp_path / "tty", rate_hz=1280.0, speed=4.0).start()
    try:
        setup = SessionSetup(reader="serial", method="normal", data_dir=tmp_path)
        app = EccentricApp(setup, tmp_path, threaded=False, open_source=lambda: SerialPlateReader(
            port=str(tmp_path / "tty"), rate_hz=1280))
        bar, t = await _run(app, 2.0)
    finally:
        plate.stop()
    assert t >= 2.0 and "DIY serial plate" in bar and np.isfinite(t)
