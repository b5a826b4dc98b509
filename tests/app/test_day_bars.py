"""The time circle step draws each day as it is typed: a bar of the 24 hours, each category
in its own character with a legend in words, so it reads without colour too (issue 34,
part 3)."""

from __future__ import annotations

import pytest

from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.step_events import HoursSet
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.timings import Timings

from ..conftest import FakeClock
from ..helpers import pane_text, wait_until


def bar_of(drawn: str, name: str) -> str:
    """The cells of one day's row, as the screen shows them."""
    row = next(line for line in drawn.splitlines() if line.startswith(name))
    return row[7:].strip()


@pytest.mark.parametrize(
    "size",
    [
        pytest.param((120, 40), id="120x40"),
        pytest.param((80, 24), id="80x24", marks=pytest.mark.slow),  # a second walk, 1.5 s
    ],
)
async def test_typing_hours_draws_the_day_before_they_are_recorded(
    protocol: Protocol, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")  # the characters alone tell the categories apart
    # Typing is recorded only when settled (Enter here): the drawing does not wait for it.
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock, timings=Timings(settle=600.0))
    async with app.run_test(size=size) as pilot:
        app.go_to("time_circle")
        await wait_until(pilot, lambda: app.screen.query("#day-bars"))
        await pilot.pause()
        drawn = pane_text(app, "#day-bars")
        assert bar_of(drawn, "Now") == "·" * len(bar_of(drawn, "Now"))  # nothing given yet
        half_hours = len(bar_of(drawn, "Now")) == 48  # else one cell an hour
        cell = 0.5 if half_hours else 1.0
        legend = " ".join(drawn.split())
        assert "█ productive ▓ leisure ░ care of self and others · not given" in legend
        await pilot.press("8")
        await wait_until(pilot, lambda: bar_of(pane_text(app, "#day-bars"), "Now")[0] == "█")
        # Drawn at once, not yet recorded (that waits until the value is settled on).
        assert not [e for e in app.session.events if isinstance(e, HoursSet)]
        now = bar_of(pane_text(app, "#day-bars"), "Now")
        assert now == "█" * int(8 / cell) + "·" * int(16 / cell)
        await pilot.press("enter", "6", "enter", "1", "0")
        await wait_until(pilot, lambda: "·" not in bar_of(pane_text(app, "#day-bars"), "Now"))
        now = bar_of(pane_text(app, "#day-bars"), "Now")
        assert now == "█" * int(8 / cell) + "▓" * int(6 / cell) + "░" * int(10 / cell)
        # The other days stay as they were; a value typed over is drawn again.
        assert set(bar_of(pane_text(app, "#day-bars"), "Before")) == {"·"}
        await pilot.press("backspace", "backspace", "4")
        await wait_until(pilot, lambda: "·" in bar_of(pane_text(app, "#day-bars"), "Now"))
        now = bar_of(pane_text(app, "#day-bars"), "Now")
        assert now.count("░") == int(4 / cell) and now.count("·") == int(6 / cell)
