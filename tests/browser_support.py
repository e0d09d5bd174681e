"""A real headless browser for tests (Debian's `chromium`; no tests here).

Two ways in: the command line (`--dump-dom`, `--screenshot`) for static pages, and the
DevTools protocol (CDP, over a websocket with aiohttp's client) for live pages that draw on a
canvas, such as textual-serve's xterm.js terminal.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

# no network, no first-run or sync chatter; --no-sandbox: CI runs as root
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         "--disable-extensions", "--mute-audio", "--hide-scrollbars"]
ANSI = re.compile(r"\x1b(\[[0-9;?<>=!]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78MDEc])")


def chromium() -> str:
    """The browser's path; the test skips (with the apt line) when there is none."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("needs a headless browser: apt-get install chromium")


def run_chromium(args: list[str], profile: Path, timeout: float = 120.0) -> subprocess.CompletedProcess:
    profile.mkdir(parents=True, exist_ok=True)
    return subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def dump_dom(url: str, profile: Path, budget_ms: int = 10000) -> str:
    """The DOM after the page loaded and its scripts ran (virtual time: no real waiting)."""
    res = run_chromium([f"--virtual-time-budget={budget_ms}", "--dump-dom", url], profile)
    return res.stdout


def screenshot(url: str, profile: Path, out: Path, size: tuple[int, int] = (1400, 2200)) -> Path:
    run_chromium([f"--window-size={size[0]},{size[1]}", f"--screenshot={out}", url], profile)
    return out


def png_colours(path: Path) -> int:
    """Distinct colours in a PNG (a blank page has one or two)."""
    from PIL import Image

    with Image.open(path) as im:
        colours = im.convert("RGB").getcolors(maxcolors=1 << 20)
    return len(colours) if colours is not None else 1 << 20


def terminal_text(chunks: list[str]) -> str:
    """What a terminal stream writes, without its escape sequences."""
    return ANSI.sub("", "".join(chunks))


# Collect everything the page's websockets receive, as text: the terminal stream a canvas draws.
WEBSOCKET_TAP = """
(() => {
  window.__received = [];
  const Orig = window.WebSocket;
  window.WebSocket = class extends Orig {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (ev) => {
        const d = ev.data;
        if (typeof d === "string") window.__received.push(d);
        else if (d instanceof ArrayBuffer) window.__received.push(new TextDecoder().decode(d));
        else if (d instanceof Blob) d.arrayBuffer().then((b) => window.__received.push(new TextDecoder().decode(b)));
      });
    }
  };
})();
"""


class Browser:
    """Headless chromium driven over the DevTools protocol (one page)."""

    def __init__(self, profile: Path, size: tuple[int, int] = (1280, 800)) -> None:
        profile.mkdir(parents=True, exist_ok=True)
        self.profile = profile
        self._log = (profile / "chromium.log").open("wb")   # a file, not a pipe nobody drains
        self.proc = subprocess.Popen(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
             "--remote-debugging-address=127.0.0.1", f"--window-size={size[0]},{size[1]}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._log)
        self._id = 0
        self.ws: Any = None
        self.http: Any = None

    def _port(self, timeout: float = 60.0) -> int:
        f = self.profile / "DevToolsActivePort"
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                log = (self.profile / "chromium.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"chromium exited ({self.proc.returncode}): {log}")
            with contextlib.suppress(OSError, ValueError, IndexError):
                return int(f.read_text().split()[0])
            time.sleep(0.1)
        raise TimeoutError("chromium did not open its DevTools port")

    async def __aenter__(self) -> Browser:
        import aiohttp

        port = self._port()
        self.http = aiohttp.ClientSession()
        async with self.http.get(f"http://127.0.0.1:{port}/json/list") as r:
            pages = [t for t in await r.json(content_type=None) if t.get("type") == "page"]
        self.ws = await self.http.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        with contextlib.suppress(Exception):
            await self.ws.close()
        with contextlib.suppress(Exception):
            await self.http.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()

    async def call(self, method: str, **params: Any) -> dict:
        self._id += 1
        my_id = self._id
        await self.ws.send_str(json.dumps({"id": my_id, "method": method, "params": params}))
        while True:   # events in between are skipped
            msg = json.loads((await asyncio.wait_for(self.ws.receive(), 60)).data)
            if msg.get("id") == my_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    async def evaluate(self, expression: str) -> Any:
        res = await self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return res.get("result", {}).get("value")

    async def screenshot(self, out: Path) -> Path:
        res = await self.call("Page.captureScreenshot", format="png")
        out.write_bytes(base64.b64decode(res["data"]))
        return out


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    import urllib.request

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as r:
            if r.status == 200:
                return
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer in {timeout:.0f} s")


def env_without_display() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    return env
