"""Step screens built before they are needed, and shown again without being restyled.

Building a step screen (compose, mount, style, lay out) takes longer than the 100 ms a step
change may take (docs/RELIABILITY.md), so the next step's screen is built unseen while the student
is on this one, and a screen once built is kept. Textual builds a screen only when it is first
shown and restyles it every time it is shown again; doing otherwise needs Textual's private
calls. Every private Textual name the app uses for this is in this module, but the shutdown
hook ui/app.py overrides to wait for a screen still mounting (Textual is pinned exactly;
`tests/unit/test_textual_private.py` fails if an upgrade renames one, and
`bench/next_step.py` measures what they buy).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from functools import partial
from typing import Any

from textual import events
from textual.app import App
from textual.screen import Screen

from . import memory

# The private names used below, checked against the installed Textual by the tests.
TEXTUAL_PRIVATE = (
    "App._register",
    "App._load_screen_css",
    "Screen._refresh_layout",
    "Screen._compositor",
    "Screen._mounted_event",
    "Screen._on_screen_resume",
)


class KeptScreen(Screen[None]):
    """A screen that keeps its styles when it is shown again.

    Textual restyles every widget of a screen each time `switch_screen` shows it, in case the
    theme or the CSS changed meanwhile (20–40 ms a step change here). This app changes neither
    while it runs."""

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        event.refresh_styles = False
        super()._on_screen_resume(event)
        # Textual calls one handler of a name per class, `_on_…` before `on_…`: a subclass
        # defining `on_screen_resume` would never be called, so it gets `on_shown` instead.
        self.on_shown()

    def on_shown(self) -> None:
        """Called each time the screen is shown (first time included)."""


class ScreensAhead:
    """Builds a screen ahead for its app, unseen, and tells the app when it may close.

    A screen built ahead may still be mounting its widgets when the app is told to close.
    Once closing, Textual mounts no more widgets, and a widget whose children were never
    mounted fails in its own mount handler (Textual's Select: a traceback at quit). Its mount
    takes a fraction of a second: the app's `exit` and shutdown wait for it (`mounted`)."""

    def __init__(self, app: App[Any], paint_seconds: float) -> None:
        self.app = app
        self.paint_seconds = paint_seconds
        self._latest: Screen[None] | None = None

    def build(self, screen: Screen[None], name: str) -> None:
        """Install `screen` under `name` and build it now, unseen, so that showing it later
        only has to draw it. Textual builds a screen when it is first shown; `_register` is
        the call it makes then, made early."""
        app = self.app
        app.install_screen(screen, name)
        app._load_screen_css(screen)
        app._register(app, screen)
        self._latest = screen
        app.set_timer(self.paint_seconds, partial(self._paint_unseen, screen))

    def _paint_unseen(self, screen: Screen[None], laid_out: bool = False) -> None:
        """Lay out a screen built ahead, then, once its widgets have taken in their sizes,
        paint it once, unseen: showing it reuses the layout and each widget's lines."""
        app = self.app
        if not app.is_running or not screen.is_running or screen in app.screen_stack:
            return
        if not laid_out:
            screen._refresh_layout(app.size)
            app.set_timer(self.paint_seconds, partial(self._paint_unseen, screen, True))
        else:
            screen._compositor.render_update(full=True)
            memory.settle()

    @property
    def mounting(self) -> bool:
        """The latest screen built ahead is still mounting its widgets."""
        return self._latest is not None and not self._latest.is_mounted

    def once_mounted(self, then: Callable[[], object]) -> None:
        """Run `then` (the app's exit) now, or once the screen built ahead has mounted."""
        if not self.mounting or not self.app.is_running:
            then()
            return

        async def when_mounted() -> None:
            await self.mounted()
            then()

        self.app.run_worker(when_mounted(), group="exit", exit_on_error=False)

    async def mounted(self) -> None:
        """Once the latest screen built ahead has mounted (at most two seconds)."""
        screen = self._latest
        if screen is not None and not screen.is_mounted:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(screen._mounted_event.wait(), timeout=2.0)
