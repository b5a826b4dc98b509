"""On a laptop's small terminal (80×24) the way out of each dialog and what a dialog is
about stay in sight, and a message never covers the key line."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Label

from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.screens.emergency import EmergencyModal
from hyvinvointi_tui.ui.screens.incident import IncidentModal
from hyvinvointi_tui.ui.widgets.key_hints import KeyHints

from ..conftest import FakeClock
from ..helpers import wait_until

# 80×24 is where a dialog runs out of room; 120×40 is a long run's check that nothing
# else moved.
SIZES = [(80, 24), pytest.param((120, 40), marks=pytest.mark.slow)]


def in_sight(app: App[None], widget: Widget) -> bool:
    """The widget is what the screen shows at its first and its last cell."""
    region = widget.region
    if not region.area:
        return False
    corners = (region.offset, region.bottom_right - (1, 1))
    return all(app.screen.get_widget_at(x, y)[0] is widget for x, y in corners)


async def emergency(pilot: Pilot[None]) -> None:
    """The emergency key pressed, and its instructions on top."""
    await pilot.press("ctrl+l")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, EmergencyModal))


@pytest.mark.parametrize("size", SIZES)
async def test_the_emergency_instructions_way_back_is_in_sight(
    protocol: Protocol, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="fi", clock=clock)
    async with app.run_test(size=size) as pilot:
        await emergency(pilot)
        await pilot.pause()
        assert in_sight(app, app.screen.query_one("#emergency-back", Button))
        heading = app.screen.query_one(".crisis-banner", Label)
        assert in_sight(app, heading), "the first lines are the ones that matter"


@pytest.mark.parametrize("size", SIZES)
async def test_the_incident_record_opens_with_its_title_and_buttons_in_sight(
    protocol: Protocol, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="fi", clock=clock)
    async with app.run_test(size=size) as pilot:
        await emergency(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, IncidentModal))
        await pilot.pause()
        screen = app.screen
        assert in_sight(app, screen.query_one(".dialog-title", Label))
        # Why it is kept (for safety, whatever the client said about notes), above the field.
        assert in_sight(app, screen.query_one("#incident-fields .emergency-note"))
        assert screen.focused is screen.query_one("#incident-happened")
        assert in_sight(app, screen.query_one("#incident-save", Button))
        assert in_sight(app, screen.query_one("#incident-happened"))


@pytest.mark.parametrize("size", SIZES)
async def test_a_message_shows_above_the_key_line(
    protocol: Protocol, clock: FakeClock, size: tuple[int, int]
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="fi", clock=clock)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        app.notify("Tallennettu. " * 8)
        # Textual's Toast is not public: found by its name.
        await wait_until(pilot, lambda: bool(app.screen.query("Toast")))
        await pilot.pause()
        toast = app.screen.query_one("Toast").region
        assert not toast.overlaps(app.screen.query_one(KeyHints).region)
