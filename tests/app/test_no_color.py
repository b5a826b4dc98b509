"""NO_COLOR: every screen in one colour, and nothing that matters relies on colour alone —
what is chosen, the clock's state, the crisis guidance."""

from __future__ import annotations

import pytest

from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.ui.app import HyvinvointiApp

from ..conftest import FakeClock
from ..helpers import screen_text, wait_until


async def test_without_colour_the_choices_the_clock_and_a_crisis_still_show(
    protocol: Protocol, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.no_color  # Textual draws in one colour
        await pilot.pause()
        # Orientation: the answer chosen is in brackets, the others not; the consent rows'
        # answers are filled and empty circles.
        app.screen.query_one("#orientation-choice").focus()
        await pilot.press("2")
        await wait_until(pilot, lambda: "orientation" in app.session.state.orientation)
        text = screen_text(app)
        assert "[2 Partly]" in text and " 1 Knew " in text and " 3 Did not know " in text, text
        assert text.count("○") >= 6, text
        # The step's clock says its state in a shape as well as a colour.
        assert "● Step" in text
        clock.advance(6 * 60)  # over the step's 5 minutes
        await wait_until(pilot, lambda: "■ Step" in screen_text(app))  # at the next tick
        # A crisis rating brings its guidance in a box, in words.
        app.go_to("stress")
        await wait_until(pilot, lambda: app.screen.query("#stress-scale"))
        app.screen.query_one("#stress-scale").focus()
        await pilot.press("5")
        await wait_until(pilot, lambda: app.session.state.stress.get("stress") == 5)
        await wait_until(pilot, lambda: "Acute situation" in screen_text(app))
