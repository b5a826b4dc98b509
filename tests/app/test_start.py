"""The first screen: shown once Textual's start-up is over, painted once, and the keys typed
while the program starts wait for it."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

from textual import events
from textual.screen import Screen

from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.screens.step import StepScreen

from ..conftest import FakeClock
from ..helpers import keys_settled, private, set_private


class TypedWhileStarting(HyvinvointiApp):
    """The demo with keys that reach the app before its first screen is there, as keys
    typed while a busy laptop starts the program do."""

    CSS_PATH = str(Path(inspect.getfile(HyvinvointiApp)).with_name("app.tcss"))
    typed = ("ctrl+n", "ctrl+n")

    def on_mount(self) -> None:
        # Textual runs this handler before the app's own: the keys are queued ahead of the
        # first screen's start, as keys typed while the program starts are.
        for key in self.typed:
            self.post_message(events.Key(key, None))


async def test_keys_typed_while_the_app_starts_wait_for_its_first_screen(
    protocol: Protocol,
) -> None:
    app = TypedWhileStarting.demo(protocol, lang="en", clock=FakeClock(0.0))
    first = app.session.state.step
    async with app.run_test():
        await keys_settled(app)
        order = [step.id for step in protocol.steps]
        assert app.session.state.step == order[order.index(str(first)) + 2]
        assert isinstance(app.screen, StepScreen)
        assert app.screen.step.id == app.session.state.step


async def test_the_first_screen_is_painted_once_not_first_unseen(protocol: Protocol) -> None:
    """Textual paints nothing while the app mounts: a screen pushed then is painted unseen
    and again after (about 30 ms more before the first frame). Pushed after the mount, its
    first paint is the one shown."""
    app = HyvinvointiApp.demo(protocol, lang="en", clock=FakeClock(0.0))
    held: list[bool] = []
    display = private(app, "_display")

    def recorded(screen: Screen[Any], renderable: object) -> None:
        if isinstance(screen, StepScreen) and renderable is not None:
            held.append(private(app, "_batch_count") > 0)
        display(screen, renderable)

    set_private(app, "_display", recorded)
    async with app.run_test():
        await keys_settled(app)
        assert held, "the step screen was never painted"
        assert held[0] is False, "the first screen's first paint was thrown away"
