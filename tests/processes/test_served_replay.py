"""The debrief on the projector: `replay FILE --identity KEYFILE --serve` serves the replay
to a real browser (headless Chromium, driven over its DevTools protocol), on 127.0.0.1
only, with nothing loaded from the network, and only to the page whose key it printed."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from hyvinvointi_tui.cli.serve import served_command
from hyvinvointi_tui.core.model.protocol import resolve_protocol

from ..printing import BROWSER

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "sessions" / "demo"

pytestmark = pytest.mark.slow

# Put in the page before its own scripts run: a copy of everything its websocket receives
# (the terminal's output), so that the test can read what the terminal was given to draw.
RECORD_SOCKET = r"""
window.__received = [];
const NativeSocket = window.WebSocket;
window.WebSocket = class extends NativeSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (event) => {
      const data = event.data;
      window.__received.push(typeof data === "string" ? data : new TextDecoder().decode(data));
    });
  }
};
"""
ESCAPES = re.compile(r"\x1b(\[[0-9;?<>=$]*[A-Za-z~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-B])")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Served:
    process: subprocess.Popen[str]
    port: int
    url: str


def serve(home: Path) -> Served:
    """`hyvinvointi replay` of the demo session with `--serve`, once it has said where."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hyvinvointi_tui.cli",
            "replay",
            str(DEMO / "demo-session.age"),
            "--identity",
            str(DEMO / "demo-teacher.key"),
            "--lang",
            "en",
            "--serve",
            "--port",
            str(port),
        ],
        env={**os.environ, "HYVINVOINTI_HOME": str(home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its signals to its group never reach the test runner
    )
    assert process.stdout is not None
    said = "".join(process.stdout.readline() for _ in range(3))
    found = re.search(r"http://\S+", said)
    assert found, said
    assert "Stop with ctrl+c" in said
    # It says where a moment before it listens there.
    with socket.socket() as probe:
        for _ in range(100):
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
            time.sleep(0.05)
    return Served(process, port, found.group(0))


def stop(served: Served) -> None:
    if served.process.poll() is None:
        served.process.send_signal(signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            served.process.wait(timeout=10)
    if served.process.poll() is None:
        served.process.kill()
        served.process.wait()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    running = serve(tmp_path_factory.mktemp("home"))
    yield running
    stop(running)


def listening_addresses(port: int) -> set[str]:
    """The local addresses of the sockets listening on `port` (Linux's /proc/net)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(FileNotFoundError), open(table, encoding="ascii") as rows:
            for row in list(rows)[1:]:
                local, state = row.split()[1], row.split()[3]
                address, _, hex_port = local.partition(":")
                if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    found.add(address)
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc/net")
def test_it_listens_on_127_0_0_1_only(served: Served) -> None:
    assert served.url.startswith(f"http://127.0.0.1:{served.port}/?key=")
    assert listening_addresses(served.port) == {"0100007F"}  # 127.0.0.1, and nothing else


async def test_the_page_and_the_screen_need_the_printed_key(served: Served) -> None:
    base = f"http://127.0.0.1:{served.port}"
    # unsafe: aiohttp keeps no cookie of an IP address otherwise (a browser does).
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        async with session.get(f"{base}/") as response:
            assert response.status == 403
            said = await response.text()  # in the program's three languages
            assert "Avaa osoite" in said and "Öppna adressen" in said and "Open the" in said
        async with session.get(f"{base}/?key=not-the-key") as response:
            assert response.status == 403
        # A name of a web page's own that points at 127.0.0.1 (DNS rebinding) gets nothing.
        async with session.get(served.url, headers={"Host": f"rebind.example:{served.port}"}) as r:
            assert r.status == 403
        # Without the page's cookie, the screen is not served.
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await session.ws_connect(f"{base}/ws", headers={"Origin": base})
        async with session.get(served.url) as response:
            assert response.status == 200
            assert "https://" not in await response.text()
        # With the cookie, but from another site open in the browser: refused.
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await session.ws_connect(f"{base}/ws", headers={"Origin": "https://evil.example"})
        # With the cookie, from its own page: the screen.
        async with session.ws_connect(f"{base}/ws", headers={"Origin": base}) as screen:
            assert (await screen.receive(timeout=30)).type == aiohttp.WSMsgType.BINARY


class DevTools:
    """Chromium's DevTools protocol over a websocket: a call and its answer, the events
    that arrive meanwhile kept."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self.events: list[dict[str, object]] = []
        self.calls = 0

    async def call(self, method: str, **params: object) -> dict[str, object]:
        self.calls += 1
        number = self.calls
        await self.socket.send_json({"id": number, "method": method, "params": params})
        while True:
            message = await self.socket.receive_json()
            if message.get("id") == number:
                assert "error" not in message, message
                result: dict[str, object] = message["result"]
                return result
            self.events.append(message)

    async def evaluate(self, expression: str) -> object:
        answer = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        result = answer["result"]
        assert isinstance(result, dict), answer
        return result.get("value")

    async def screenshot(self) -> bytes:
        data = (await self.call("Page.captureScreenshot"))["data"]
        assert isinstance(data, str)
        return base64.b64decode(data)

    async def key(self, key: str, code: str, virtual: int) -> None:
        for kind in ("keyDown", "keyUp"):
            text = {"text": key} if kind == "keyDown" else {}
            await self.call(
                "Input.dispatchKeyEvent",
                type=kind,
                key=key,
                code=code,
                windowsVirtualKeyCode=virtual,
                **text,
            )


@contextlib.asynccontextmanager
async def chromium() -> AsyncIterator[DevTools]:
    assert BROWSER is not None
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    browser = subprocess.Popen(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "--window-size=1280,800",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a browser's signals to its group never reach the runner
    )
    try:
        assert browser.stderr is not None
        for line in browser.stderr:
            if found := re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line):
                break
        else:
            raise AssertionError("Chromium did not start its DevTools")
        async with aiohttp.ClientSession() as session:
            listing = await session.get(f"http://127.0.0.1:{found.group(1)}/json/list")
            page = next(p for p in await listing.json() if p["type"] == "page")
            async with session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                yield DevTools(ws)
    finally:
        browser.terminate()
        browser.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)


async def received(tools: DevTools) -> str:
    """What the page's terminal has been given to draw so far, its escape codes taken out."""
    return ESCAPES.sub("", str(await tools.evaluate("window.__received.join('')")))


async def until(tools: DevTools, wanted: str, after: int = 0, timeout: float = 30.0) -> str:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while wanted not in (text := await received(tools))[after:]:
        assert loop.time() < deadline, f"{wanted!r} never reached the page:\n{text[-2000:]}"
        await asyncio.sleep(0.1)
    return text


def request_url(event: dict[str, object]) -> str:
    """The address a `Network.requestWillBeSent` event asks for."""
    params = event["params"]
    assert isinstance(params, dict) and isinstance(params["request"], dict), event
    url: str = params["request"]["url"]
    return url


@pytest.mark.skipif(BROWSER is None, reason="no Chromium here (.ci/run installs Debian's)")
async def test_chromium_shows_the_replay_and_a_key_moves_its_cursor(
    served: Served, tmp_path: Path
) -> None:
    first_step = f"1. {resolve_protocol().steps[0].title('en')}"
    async with chromium() as tools:
        await tools.call("Network.enable")
        await tools.call("Page.enable")
        await tools.call("Page.addScriptToEvaluateOnNewDocument", source=RECORD_SOCKET)
        await tools.call("Page.navigate", url=served.url)
        # The replay's header: its title and the session's client code.
        text = await until(tools, "Debrief replay · DEMO-7")
        text = await until(tools, "Timings: planned / actual")
        await asyncio.sleep(0.5)  # the first screen settles (a resize after the page fits)
        before_key = len(await received(tools))
        assert first_step not in text  # the cursor is before the first step
        before = await tools.screenshot()
        # The keys go where a person's would: into the terminal's focused text field.
        await tools.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        await tools.key("n", "KeyN", 78)  # n: the cursor to the next step
        await until(tools, first_step, after=before_key)
        await asyncio.sleep(0.5)
        after = await tools.screenshot()
        (tmp_path / "before.png").write_bytes(before)
        (tmp_path / "after.png").write_bytes(after)
        assert after != before  # what the page shows has changed
        # Everything the page loaded came from this server: nothing from the network.
        requested = [
            request_url(event)
            for event in tools.events
            if event.get("method") == "Network.requestWillBeSent"
        ]
        origin = f"http://127.0.0.1:{served.port}/"
        assert requested and all(url.startswith(origin) for url in requested), requested
        assert any("/static/fonts/" in url for url in requested)  # the package's font


def descendants(pid: int) -> set[int]:
    found = set()
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    for child in map(int, children.stdout.split()):
        found |= {child, *descendants(child)}
    return found


def ended(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except (FileNotFoundError, ProcessLookupError):
        return True
    return "\nState:\tZ" in status  # a zombie has ended (its parent is gone)


async def drain(screen: aiohttp.ClientWebSocketResponse) -> None:
    async for _ in screen:
        pass


async def test_ctrl_c_stops_the_server_and_every_open_replay(tmp_path: Path) -> None:
    running = serve(tmp_path)
    base = f"http://127.0.0.1:{running.port}"
    try:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
            await (await session.get(running.url)).read()
            async with session.ws_connect(f"{base}/ws", headers={"Origin": base}) as screen:
                await screen.receive(timeout=30)  # a replay runs for this page
                replays = descendants(running.process.pid)
                assert replays
                # As a browser does: the page reads on, and answers the server's close.
                reading = asyncio.create_task(drain(screen))
                running.process.send_signal(signal.SIGINT)
                code = await asyncio.to_thread(running.process.wait, 15)
                await reading
        assert code == 0
        assert listening_addresses(running.port) == set()
        deadline = asyncio.get_running_loop().time() + 10
        while not all(map(ended, replays)):
            assert asyncio.get_running_loop().time() < deadline, "a replay outlived the server"
            await asyncio.sleep(0.1)
        assert running.process.stdout is not None and running.process.stderr is not None
        said = running.process.stdout.read() + running.process.stderr.read()
        assert "Traceback" not in said and "Exception" not in said, said
    finally:
        stop(running)


def test_a_hostile_path_reaches_the_served_replay_as_one_argument(tmp_path: Path) -> None:
    # textual-serve runs the command through the shell (/bin/sh -c), as here.
    marker = tmp_path / "pwned"
    hostile = (
        tmp_path
        / f"s; touch {marker}; $(touch {marker}) `touch {marker}` '\" && touch {marker}.age"
    )
    command = served_command(str(hostile), str(DEMO / "demo-teacher.key"), "en")
    done = subprocess.run(
        ["/bin/sh", "-c", command],
        env={**os.environ, "HYVINVOINTI_HOME": str(tmp_path / "home")},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert not marker.exists()
    assert done.returncode == 1 and done.stderr.count("\n") == 1, done.stderr
    assert "FILE:" in done.stderr and "touch" in done.stderr  # the whole name, as one file
