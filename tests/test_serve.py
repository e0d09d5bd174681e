"""`eccentric serve`: the dashboard in a real headless browser, and who may connect."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time

import pytest
from browser_support import WEBSOCKET_TAP, Browser, free_port, png_colours, terminal_text, wait_http

from eccentric.cli import build_parser, main
from eccentric.commands.serve import dashboard_command, is_loopback, who_can_connect


def test_loopback_by_default_and_a_plain_warning_for_the_network():
    args = build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1" and args.port == 8000
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")
    local = who_can_connect("127.0.0.1", 8000, "http://127.0.0.1:8000")
    assert "only this computer" in local and "--host 0.0.0.0" in local
    lan = who_can_connect("0.0.0.0", 8000, "http://192.168.1.20:8000")
    assert "local network" in lan and "NO password" in lan and "http://192.168.1.20:8000" in lan


def test_dashboard_options_reach_the_served_dashboard(tmp_path):
    args = build_parser().parse_args(["--data-dir", str(tmp_path), "serve", "--reader", "mock", "-o", "seed=3",
                                      "--port", "8123", "--", "--athlete", "Ana"])
    cmd = dashboard_command(args)
    assert cmd[:3] == [sys.executable, "-m", "eccentric"]
    assert cmd[3:] == ["--data-dir", str(tmp_path.resolve()), "--reader", "mock", "-o", "seed=3", "--athlete", "Ana"]


@pytest.mark.parametrize(("argv", "code", "words"), [
    (["serve", "--port", "0"], 2, "not a TCP port"),
    (["serve", "--port", "70000"], 2, "not a TCP port"),
    (["serve", "--host", "no-such-host.invalid"], 2, "--host"),
    (["serve", "--reader", "no-such-reader"], 2, "no-such-reader"),   # a usage error, like argparse's
])
def test_bad_options_are_one_line(argv, code, words, capsys):
    assert main(argv) == code
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and "Traceback" not in err


def test_a_port_in_use_is_one_line(capsys):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        assert main(["serve", "--reader", "mock", "--port", str(s.getsockname()[1])]) == 1
    err = capsys.readouterr().err
    assert "cannot listen" in err and err.count("\n") == 1


def test_the_live_screen_in_chromium(tmp_path):
    """Start `eccentric serve` on a free loopback port, open it in headless chromium, and read
    what the page's terminal receives: the live dashboard of the simulated plate."""
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "eccentric", "--data-dir", str(tmp_path / "data"), "serve",
                               "--reader", "mock", "--port", str(port)],
                              stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_http(f"http://127.0.0.1:{port}/", server)
        text, shot = asyncio.run(_open(f"http://127.0.0.1:{port}/", tmp_path))
    finally:
        os.killpg(server.pid, signal.SIGTERM)   # the server and the dashboards it started
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
    served = (tmp_path / "serve.log").read_text()
    assert "only this computer can connect" in served, served[-2000:]
    assert "LIVE" in text and "SIMULATED" in text, text[-3000:]
    assert png_colours(shot) > 8                # xterm.js drew the screen on its canvas


async def _open(url: str, tmp_path) -> tuple[str, object]:
    async with Browser(tmp_path / "profile", size=(1280, 800)) as b:
        await b.call("Page.enable")
        await b.call("Page.addScriptToEvaluateOnNewDocument", source=WEBSOCKET_TAP)
        await b.call("Page.navigate", url=url)
        text = ""
        end = time.monotonic() + 90             # the dashboard process starts per browser tab
        while time.monotonic() < end:
            text = terminal_text(await b.evaluate("window.__received || []") or [])
            if "LIVE" in text and "SIMULATED" in text:
                break
            await asyncio.sleep(0.5)
        await asyncio.sleep(1.0)                # let the canvas draw the frame just received
        return text, await b.screenshot(tmp_path / "serve.png")
