"""Goals: the client's words, actions, a date, where the goal came from; edit, reorder, remove."""

from __future__ import annotations

import datetime as dt
from typing import cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyvinvointi_tui.core.dates import format_date, parse_date, parse_time
from hyvinvointi_tui.core.instruments.goals import split_actions
from hyvinvointi_tui.core.model.events import Event
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.state_entries import Goal
from hyvinvointi_tui.core.model.steps import OsaStep
from hyvinvointi_tui.ui.app import HyvinvointiApp

from ..conftest import FakeClock
from ..helpers import keys, pane_text, squash, step_of

SIZE = (120, 40)


def goals(app: HyvinvointiApp) -> list[Goal]:
    return list(app.session.state.goals["goals"].values())


@pytest.mark.slow
async def test_goals_are_added_edited_reordered_and_removed(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("goals")
        await pilot.pause()
        # Goal, actions, a Finnish-style date, and the source chosen from the list (OSA 3).
        await pilot.press(*keys("sleep before midnight"), "tab")
        await pilot.press(*keys("phone out of the bedroom; walk at 8 pm"), "tab")
        await pilot.press(*keys("15.12.2026"), "tab", "enter")
        await pilot.press(*["down"] * 5, "enter")
        await pilot.pause()
        await pilot.press("shift+tab", "enter")  # Enter in the date field saves the goal
        await pilot.press(*keys("call a friend"), "enter")
        await pilot.pause()
        first, second = goals(app)
        assert first == Goal(
            "sleep before midnight",
            ["phone out of the bedroom", "walk at 8 pm"],
            "2026-12-15",
            "osa:3",
        )
        assert second == Goal("call a friend", [], "", "talk")
        work = squash(pane_text(app, "#work"))
        label = step_of(protocol, "osa", OsaStep).items[2].label("en")
        assert f"1. sleep before midnight · by 2026-12-15 · from: OSA 3: {label}" in work
        assert "– walk at 8 pm" in work

        # A date that is no date is refused with a message; nothing is added.
        await pilot.press(*keys("rest"), "tab", "tab", *keys("31.2.2026"), "enter")
        await pilot.pause()
        assert "A date as 2026-12-15 or 15.12.2026." in pane_text(app, "#work")
        assert len(goals(app)) == 2
        await pilot.press("escape")

        # On the list: shift+down moves the first goal down, Enter edits, Delete removes.
        app.screen.query_one("#goal-list").focus()
        await pilot.press("shift+down")  # the cursor starts on the first goal and follows it
        await pilot.pause()
        assert [g.text for g in goals(app)] == ["call a friend", "sleep before midnight"]
        await pilot.press("up", "enter")
        await pilot.pause()
        assert "Editing goal 1" in pane_text(app, "#work")
        await pilot.press(*keys(" every week"), "enter")
        await pilot.pause()
        assert [g.text for g in goals(app)] == ["call a friend every week", "sleep before midnight"]
        app.screen.query_one("#goal-list").focus()
        await pilot.press("down", "delete")
        await pilot.pause()
        assert [g.text for g in goals(app)] == ["call a friend every week"]
        events = cast(list[Event], app.session.events)  # each of the union has its kind
        kinds = [e.kind for e in events if e.kind.startswith("goal")]
        assert kinds == [
            "goal_added",
            "goal_added",
            "goals_reordered",
            "goal_edited",
            "goal_removed",
        ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", ""),
        ("2026-12-15", "2026-12-15"),
        ("15.12.2026", "2026-12-15"),
        ("1.2.2027", "2027-02-01"),
        ("31.2.2026", None),
        ("2026-13-01", None),
        ("tomorrow", None),
        ("15.12.", None),
    ],
)
def test_dates_as_people_type_them(typed: str, expected: str | None) -> None:
    assert parse_date(typed) == expected


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_a_date_shown_in_finnish_reads_back(date: dt.date) -> None:
    assert parse_date(format_date(date.isoformat(), "fi")) == date.isoformat()


def test_actions_are_split_on_semicolons() -> None:
    assert split_actions(" walk ; ;call Anna;") == ["walk", "call Anna"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("", ""), ("14.00", "14:00"), ("9:30", "09:30"), ("24.00", None), ("14", None), ("x", None)],
)
def test_times_as_people_type_them(typed: str, expected: str | None) -> None:
    assert parse_time(typed) == expected
