"""The replay served to a browser on this computer (`hyvinvointi replay FILE --serve`).

textual-serve runs the served command once per browser connection and relays the screen
and the keys over a websocket. What it serves is the decrypted session, so this server:

- listens on 127.0.0.1 only: there is no option for another address;
- answers only a page asked for with the key printed in its URL (a random secret made per
  run, never written): the page sets it in a cookie that the websocket must carry, so
  another user of the computer who finds the port gets nothing;
- answers only requests addressed to 127.0.0.1 (a web page that points a name of its own at
  127.0.0.1, "DNS rebinding", is refused) and a websocket only from its own page (another
  site open in the browser cannot connect to it);
- serves textual-serve's page with its font from the package (cli/replay_page/): nothing the
  page loads comes from the network, and its Content-Security-Policy says so to the browser.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server

HOST = "127.0.0.1"
# A browser that came without the printed address (its key) is told, in the three languages
# of the program (the server does not know whose browser it is).
WRONG_ADDRESS = (
    "Avaa osoite, jonka replay-komento tulosti. / "
    "Öppna adressen som replay-kommandot skrev ut. / "
    "Open the address the replay command printed."
)
PAGE = Path(__file__).with_name("replay_page")


class ReplayServer(Server):
    """textual-serve's Server, on 127.0.0.1, behind the key of its URL."""

    def __init__(self, command: str, port: int, title: str, served: str) -> None:
        super().__init__(command, host=HOST, port=port, title=title, templates_path=PAGE.resolve())
        self.key = secrets.token_urlsafe(24)
        self.served = served  # what the start lines name: the session file
        self.origin = f"http://{HOST}:{port}"
        # Per port: cookies of 127.0.0.1 are shared by every port of it.
        self.cookie = f"hyvinvointi-replay-{port}"
        # The open pages, each a websocket handler running a replay of its own.
        self.pages: set[asyncio.Task[Any]] = set()

    @property
    def url(self) -> str:
        """The page's address, with its key: what the teacher opens."""
        return f"{self.origin}/?key={self.key}"

    def initialize_logging(self) -> None:
        # textual-serve logs every request at INFO, the URL with its key among them; only
        # what goes wrong is worth a line on a terminal that may be on the projector too.
        logging.basicConfig(level=logging.WARNING, format="%(message)s")

    async def on_startup(self, app: web.Application) -> None:
        app.on_cleanup.append(self._children_ended)
        print(f"Serving the replay of {self.served} to a browser on this computer:")
        print(f"  {self.url}")
        print(
            "Open it in a browser here (full screen: F11, or ctrl+cmd+F on a Mac; larger "
            "text: ctrl and +). Only this computer can reach it. Stop with ctrl+c.",
            flush=True,
        )

    async def on_shutdown(self, app: web.Application) -> None:
        # ctrl+c: an open page would keep the server waiting for it (up to a minute).
        # Cancelled, textual-serve's handler closes the page and tells its replay to quit.
        for page in self.pages:
            page.cancel()
        await asyncio.gather(*self.pages, return_exceptions=True)

    async def _children_ended(self, app: web.Application) -> None:
        # At ctrl+c each open page's replay has been told to quit; a moment with the loop
        # still running lets it end and be reaped here (each would end anyway once this process's
        # pipes close: `quiet_exit` keeps asyncio's late complaints off the terminal then).
        await asyncio.sleep(0.5)

    def _addressed_here(self, request: web.Request) -> bool:
        return request.host == f"{HOST}:{self.port}"

    def _let_in(self, request: web.Request) -> bool:
        return self._addressed_here(request) and secrets.compare_digest(
            request.cookies.get(self.cookie, ""), self.key
        )

    async def handle_index(self, request: web.Request) -> web.Response:
        if not self._addressed_here(request) or not secrets.compare_digest(
            request.query.get("key", ""), self.key
        ):
            raise web.HTTPForbidden(text=WRONG_ADDRESS)
        context: dict[str, Any] = {
            "font_size": _font_size(request.query.get("fontsize", "")),
            "app_websocket_url": f"ws://{HOST}:{self.port}/ws",
            "config": {"static": {"url": f"{self.origin}/static/"}},
            "application": {"name": self.title},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.set_cookie(self.cookie, self.key, httponly=True, samesite="Strict", path="/")
        response.headers.update(
            {
                "Cache-Control": "no-store",
                "Referrer-Policy": "no-referrer",
                "Content-Security-Policy": (
                    f"default-src 'self'; connect-src ws://{HOST}:{self.port}; "
                    "script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
                    "img-src 'self' data:; font-src 'self'"
                ),
            }
        )
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        # A browser always sends Origin with a websocket: only this server's page may open
        # one (another site open in the browser would otherwise read the screen).
        if not self._let_in(request) or request.headers.get("Origin") != self.origin:
            raise web.HTTPForbidden()
        page = asyncio.current_task()
        assert page is not None
        self.pages.add(page)
        try:
            return await super().handle_websocket(request)
        finally:
            self.pages.discard(page)


def _font_size(given: str) -> int:
    """The page's font size in pixels (?fontsize=N), 16 unless a sane number is given."""
    return int(given) if given.isdigit() and 8 <= int(given) <= 96 else 16


def quiet_exit() -> None:
    """After the server has stopped: a replay still ending when the event loop closed makes
    asyncio warn and print an ignored exception as it is collected (its pipes are closed,
    so it ends); nothing for the teacher to read."""
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    sys.unraisablehook = lambda unraisable: None
