"""One SVG snapshot per screen at 120×40 (update with: pytest --snapshot-update)."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from hyvinvointi_tui.ui.app import HyvinvointiApp

from .conftest import FakeClock

SIZE = (120, 40)


async def steady(pilot: Pilot) -> None:
    """No blinking cursor: the picture must not depend on when it is taken."""
    await pilot.pause()
    for widget in pilot.app.screen.query("TextArea, Input"):
        assert isinstance(widget, TextArea | Input)
        widget.cursor_blink = False
    await pilot.pause()


def at_step(step: str, *keys: str):
    async def run_before(pilot: Pilot) -> None:
        app = pilot.app
        assert isinstance(app, HyvinvointiApp)
        app.session._clock.advance(95)  # type: ignore[attr-defined]
        app.go_to(step)
        await pilot.pause()
        await pilot.press(*keys)
        app._tick()
        await steady(pilot)

    return run_before


def demo_app(protocol, lang: str = "en") -> HyvinvointiApp:
    return HyvinvointiApp.demo(protocol, lang=lang, clock=FakeClock(0.0))


STEPS = {
    "orientation": (),
    "wellbeing": tuple("Sleeps badly since the layoff"),
    "stress": ("3",),
    "time_circle": ("7", "tab", "6", "tab", "9"),
    "osa": ("2", "4", "3", "3", "1", "4"),
    "summary": tuple("Strong network of friends"),
    "goals": (*"Walk every morning", "enter"),
    "closing": ("enter",),
}


@pytest.mark.parametrize("step", list(STEPS))
def test_step_screens(snap_compare, protocol, step):
    keys = ["space" if key == " " else key for key in STEPS[step]]
    assert snap_compare(demo_app(protocol), terminal_size=SIZE, run_before=at_step(step, *keys))


@pytest.mark.parametrize("step", ["orientation", "stress"])
def test_step_screens_in_finnish(snap_compare, protocol, step):
    keys = ("4",) if step == "stress" else ()
    assert snap_compare(
        demo_app(protocol, "fi"), terminal_size=SIZE, run_before=at_step(step, *keys)
    )


def test_start_screen(snap_compare, protocol):
    app = HyvinvointiApp(protocol, lang="fi", clock=FakeClock())
    assert snap_compare(app, terminal_size=SIZE, run_before=steady)


def test_setup_screen_with_a_refused_code(snap_compare, protocol):
    app = HyvinvointiApp.new_session(protocol, lang="en", clock=FakeClock())

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press("M", "a", "t", "t", "i", "space", "V")
        await steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_go_to_step_dialog(snap_compare, protocol):
    async def run_before(pilot: Pilot) -> None:
        await at_step("stress")(pilot)
        await pilot.press("ctrl+g")
        await steady(pilot)

    assert snap_compare(demo_app(protocol), terminal_size=SIZE, run_before=run_before)


def test_quit_dialog(snap_compare, protocol):
    async def run_before(pilot: Pilot) -> None:
        await at_step("wellbeing", "o", "k")(pilot)
        await pilot.press("ctrl+q")
        await steady(pilot)

    assert snap_compare(demo_app(protocol), terminal_size=SIZE, run_before=run_before)
