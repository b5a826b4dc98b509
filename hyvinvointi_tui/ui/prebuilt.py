"""Step screens built before they are needed, and shown again without being restyled.

Building a step screen (compose, mount, style, lay out) takes longer than the 100 ms a step
change may take (docs/RELIABILITY.md), so the next step's screen is built unseen while the student
is on this one, and a screen once built is kept. Textual builds a screen only when it is first
shown and restyles it every time it is shown again; doing otherwise needs Textual's private
calls. Every private Textual name the app uses for this is in this module (Textual is pinned
exactly; `tests/unit/test_textual_private.py` fails if an upgrade renames one, and
`bench/next_step.py` measures what they buy).
"""

from __future__ import annotations

import asyncio
import contextlib
from functools import partial
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.screen import Screen

from . import memory
from .paste_safe_app import PasteSafeApp

if TYPE_CHECKING:
    from rich.console import RenderableType

# The private names used below, checked against the installed Textual by the tests.
TEXTUAL_PRIVATE = (
    "App._register",
    "App._load_screen_css",
    "App._shutdown",
    "Screen._refresh_layout",
    "Screen._compositor",
    "Screen._mounted_event",
    "Screen._on_screen_resume",
)

# A screen built ahead is laid out this long after it was made (its widgets have mounted by
# then), and painted unseen as long again after that.
PAINT_SECONDS = 0.1


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


class PrebuildingApp(PasteSafeApp[None]):
    """An app that can build a screen ahead, unseen, and waits for it before closing.

    A screen built ahead may still be mounting its widgets when the app is told to close.
    Once closing, Textual mounts no more widgets, and a widget whose children were never
    mounted fails in its own mount handler (Textual's Select: a traceback at quit). Its mount
    takes a fraction of a second: closing waits for it."""

    _built_ahead: Screen[None] | None = None

    def build_ahead(self, screen: Screen[None], name: str) -> None:
        """Install `screen` under `name` and build it now, unseen, so that showing it later
        only has to draw it. Textual builds a screen when it is first shown; `_register` is
        the call it makes then, made early."""
        self.install_screen(screen, name)
        self._load_screen_css(screen)
        self._register(self, screen)
        self._built_ahead = screen
        self.set_timer(PAINT_SECONDS, partial(self._paint_unseen, screen))

    def _paint_unseen(self, screen: Screen[None], laid_out: bool = False) -> None:
        """Lay out a screen built ahead, then, once its widgets have taken in their sizes,
        paint it once, unseen: showing it reuses the layout and each widget's lines."""
        if not self.is_running or not screen.is_running or screen in self.screen_stack:
            return
        if not laid_out:
            screen._refresh_layout(self.size)
            self.set_timer(PAINT_SECONDS, partial(self._paint_unseen, screen, True))
        else:
            screen._compositor.render_update(full=True)
            memory.settle()

    async def _built_ahead_mounted(self) -> None:
        screen = self._built_ahead
        if screen is not None and not screen.is_mounted:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(screen._mounted_event.wait(), timeout=2.0)

    def exit(
        self, result: None = None, return_code: int = 0, message: RenderableType | None = None
    ) -> None:
        screen = self._built_ahead
        if screen is None or screen.is_mounted or not self.is_running:
            super().exit(result, return_code, message)
            return

        async def when_mounted() -> None:
            await self._built_ahead_mounted()
            App.exit(self, result, return_code, message)

        self.run_worker(when_mounted(), group="exit", exit_on_error=False)

    async def _shutdown(self) -> None:
        await self._built_ahead_mounted()  # the tests' run_test closes without exit()
        await super()._shutdown()
