"""Named activities in the time circle: the client names them, chooses their category, and
the category's hours become their sum."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.step_events import ActivityRemoved, ActivitySet, HoursSet
from hyvinvointi_tui.ui.app import HyvinvointiApp

from ..conftest import FakeClock
from ..helpers import keys, pane_text, squash

SIZE = (120, 40)


def test_category_hours_are_the_sum_of_its_activities(protocol: Protocol, clock: FakeClock) -> None:
    session = Session(protocol, clock=clock)
    record = session.record
    record(HoursSet(step="time_circle", variant="now", category="leisure", hours=5))
    record(HoursSet(step="time_circle", variant="now", category="self_care", hours=10))
    record(
        ActivitySet(
            step="time_circle",
            activity_id="a",
            name="gym",
            category="leisure",
            hours={"now": 1.5, "ideal": 2},
        )
    )
    record(
        ActivitySet(
            step="time_circle", activity_id="b", name="games", category="leisure", hours={"now": 4}
        )
    )
    state = session.state
    assert state.category_hours("time_circle", "now") == {"leisure": 5.5, "self_care": 10}
    assert state.category_hours("time_circle", "ideal") == {"leisure": 2}
    record(ActivityRemoved(step="time_circle", activity_id="b"))
    record(ActivityRemoved(step="time_circle", activity_id="a"))
    # Without activities the category's own hours count again.
    assert session.state.category_hours("time_circle", "now")["leisure"] == 5


@pytest.mark.slow
async def test_activities_are_named_categorised_and_summed_on_screen(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("time_circle")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#activity-name").focus()
        # "job search", productive (the first category), 3 h now, 5 h ideal.
        await pilot.press(*keys("job search"), "tab", "tab", "3", "tab", "tab", "5", "enter")
        await pilot.pause()
        # "sleep", self-care (two down in the category list), 6 h now.
        await pilot.press(*keys("sleep"), "tab", "enter", "down", "down", "enter", "tab", "6")
        await pilot.press("enter")
        await pilot.pause()
        activities = list(app.session.state.activities["time_circle"].values())
        assert [(a.name, a.category, a.hours) for a in activities] == [
            ("job search", "productive", {"now": 3.0, "ideal": 5.0}),
            ("sleep", "self_care", {"now": 6.0}),
        ]
        productive = screen.query_one("#hours-now-productive", Input)
        assert productive.value == "3" and productive.disabled
        assert not screen.query_one("#hours-now-leisure", Input).disabled
        work = squash(pane_text(app, "#work"))
        assert "• job search · productive · Now 3 h, Ideal 5 h" in work
        # A name without hours in half-hour steps is refused with a message.
        await pilot.press(*keys("gym"), "tab", "tab", *keys("1.2"), "enter")
        await pilot.pause()
        assert "Give the activity a name, and hours in half-hour steps." in squash(
            pane_text(app, "#work")
        )
        assert len(app.session.state.activities["time_circle"]) == 2
        # Delete on the list removes; the category's own field takes input again.
        screen.query_one("#activity-list").focus()
        await pilot.press("delete")
        await pilot.pause()
        assert [a.name for a in app.session.state.activities["time_circle"].values()] == ["sleep"]
        assert not screen.query_one("#hours-now-productive", Input).disabled
