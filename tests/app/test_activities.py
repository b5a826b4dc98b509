"""Named activities in the time circle: the client names them, chooses their category, and
the category's hours become their sum."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select

from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.step_events import ActivityRemoved, ActivitySet, HoursSet
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.timings import Timings
from hyvinvointi_tui.ui.widgets.activity_form import ActivityForm
from hyvinvointi_tui.ui.widgets.notes_area import NotesArea

from ..conftest import FakeClock
from ..helpers import keys, keys_settled, pane_text, squash, wait_until
from .test_bursts import key_event

SIZE = (120, 40)
# Typed in a burst, or slowly in a long run (pytest -m slow): the burst is where the keys
# race the focus.
BURST_OR_SLOWLY = pytest.mark.parametrize(
    "burst",
    [pytest.param(False, marks=pytest.mark.slow), True],
    ids=["slowly", "in a burst"],
)
# Hours and an activity settle a tenth of a second after the last key (0.9 s in the app).
QUICK = Timings(settle=0.1)


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


# --- an activity recorded without Enter -----------------------------------------------------


async def typed(pilot: Pilot[None], script: list[str], *, burst: bool) -> None:
    """`script` typed, all posted at once (`burst`) or one by one as Pilot presses them,
    and every key taken and settled."""
    app = pilot.app
    assert isinstance(app, HyvinvointiApp)
    if burst:
        for key in script:
            app.post_message(key_event(key))
    else:
        await pilot.press(*script)
    await keys_settled(app)


def activities(app: HyvinvointiApp) -> list[tuple[str, str, dict[str, float]]]:
    return [
        (a.name, a.category, dict(a.hours))
        for a in app.session.state.activities.get("time_circle", {}).values()
    ]


async def on_activity_name(pilot: Pilot[None]) -> HyvinvointiApp:
    app = pilot.app
    assert isinstance(app, HyvinvointiApp)
    app.go_to("time_circle")
    await pilot.pause()
    app.screen.query_one("#activity-name").focus()
    await pilot.pause()
    return app


@BURST_OR_SLOWLY
async def test_an_activity_followed_by_a_sentence_is_recorded(
    protocol: Protocol, clock: FakeClock, burst: bool
) -> None:
    """A name, Tab past the category, hours, then what the client says about it: the words
    go to the notes, and the activity the student left in the form is recorded as it
    stands (before, only Enter recorded it, which a student going on to the notes never
    pressed)."""
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await on_activity_name(pilot)
        script = [*keys("gym"), "tab", "tab", "2", *keys(" walks daily")]
        await typed(pilot, script, burst=burst)
        await pilot.pause()
        assert activities(app) == [("gym", "productive", {"now": 2.0})]
        assert app.screen.query_one("#activity-name", Input).value == ""
        notes = app.screen.query_one("#notes", NotesArea)
        assert app.screen.focused is notes and notes.text == "walks daily"


async def test_an_activity_left_in_the_form_is_recorded_when_the_step_is_left(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await on_activity_name(pilot)
        await pilot.press(*keys("sleep"), "tab", "tab", "7", "tab", "8", "ctrl+n")
        await keys_settled(app)
        assert app.session.state.step != "time_circle"
        assert activities(app) == [("sleep", "productive", {"now": 7.0, "before": 8.0})]


async def test_an_activity_is_recorded_once_the_typing_stops_and_edited_as_it_goes_on(
    protocol: Protocol, clock: FakeClock
) -> None:
    """A crash may lose two seconds of typing, not an activity the client named minutes
    ago: one with its hours is recorded once the student stops typing, and what is typed
    after changes that same activity; Enter then empties the form for the next."""
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock, timings=QUICK)
    async with app.run_test(size=SIZE) as pilot:
        await on_activity_name(pilot)
        await pilot.press(*keys("walk"), "tab", "tab", "1")
        await wait_until(pilot, lambda: activities(app) == [("walk", "productive", {"now": 1.0})])
        name = app.screen.query_one("#activity-name", Input)
        assert name.value == "walk", "the form goes on holding it"
        await pilot.press("backspace", "2")
        await wait_until(pilot, lambda: activities(app) == [("walk", "productive", {"now": 2.0})])
        await pilot.press("enter")
        await pilot.pause()
        assert name.value == "" and activities(app) == [("walk", "productive", {"now": 2.0})]
        # A name alone is not recorded while it may still be being typed.
        await pilot.press(*keys("rea"))
        await pilot.pause(QUICK.settle * 4)
        assert len(activities(app)) == 1


@pytest.mark.slow
async def test_an_activity_looked_at_and_left_unchanged_records_nothing(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await on_activity_name(pilot)
        await pilot.press(*keys("gym"), "tab", "tab", "2", "enter")
        await pilot.pause()
        before = len(app.session.events)
        app.screen.query_one(ActivityForm).edit(
            next(iter(app.session.state.activities["time_circle"]))
        )
        await pilot.pause()
        await pilot.press("shift+tab")  # out of the form, unchanged
        await keys_settled(app)
        await pilot.pause()
        assert len(app.session.events) == before
        assert app.screen.query_one("#activity-name", Input).value == ""


async def typed_hours(pilot: Pilot[None], values: dict[str, str]) -> None:
    """Hours typed in the grid's "now" column (category: value), each settled with Enter."""
    app = pilot.app
    for category, value in values.items():
        app.screen.query_one(f"#hours-now-{category}", Input).focus()
        await pilot.press(*value, "enter")
    await pilot.pause()


def day_now(app: HyvinvointiApp) -> dict[str, float]:
    return app.session.state.category_hours("time_circle", "now")


@pytest.mark.parametrize("correction", [pytest.param("category", marks=pytest.mark.slow), "hours"])
async def test_the_first_activity_of_a_category_with_hours_waits_for_the_final_values(
    protocol: Protocol, clock: FakeClock, correction: str
) -> None:
    """The category's own 8 h: an activity typed in it, a pause, then the category or the
    hours corrected and Enter. The category's "other" activity keeps what the activity does
    not cover, worked out from the final values: the day's hours stay as the client gave
    them (before, a pause recorded the first values, and the correction left them wrong)."""
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock, timings=QUICK)
    async with app.run_test(size=SIZE) as pilot:
        await on_activity_name(pilot)
        await typed_hours(pilot, {"productive": "8", "leisure": "5"})
        app.screen.query_one("#activity-name").focus()
        await pilot.pause()
        await pilot.press(*keys("walk"), "tab", "tab", "2")
        await pilot.pause(QUICK.settle * 4)  # past the pause that records an activity
        assert activities(app) == [], "nothing recorded that a correction would leave wrong"
        if correction == "category":
            app.screen.query_one("#activity-category", Select).value = "leisure"
            app.screen.query_one("#activity-now", Input).focus()
            await pilot.pause()
        else:
            await pilot.press("backspace", "3")
        await pilot.press("enter")
        await keys_settled(app)
        await pilot.pause()
        assert day_now(app)["productive"] == 8.0 and day_now(app)["leisure"] == 5.0
        walk = next(a for a in activities(app) if a[0] == "walk")
        assert walk == (
            ("walk", "leisure", {"now": 2.0})
            if correction == "category"
            else ("walk", "productive", {"now": 3.0})
        )


async def test_save_now_records_the_activity_and_leaves_it_in_the_form(
    protocol: Protocol, clock: FakeClock
) -> None:
    """ctrl+s while typing an activity records it as it stands and the student goes on
    typing in it: the rest of the hours change that same activity (before, the form was
    emptied under the cursor and the rest went into an empty form)."""
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await on_activity_name(pilot)
        await pilot.press(*keys("walk"), "tab", "tab", "1", "ctrl+s")
        await keys_settled(app)
        assert activities(app) == [("walk", "productive", {"now": 1.0})]
        assert app.screen.query_one("#activity-name", Input).value == "walk"
        await pilot.press(",", "5", "enter")
        await keys_settled(app)
        await pilot.pause()
        assert activities(app) == [("walk", "productive", {"now": 1.5})]


def test_an_activity_given_for_one_day_leaves_the_others_unanswered(
    protocol: Protocol, clock: FakeClock
) -> None:
    """A named activity with hours only "now" answers nothing about "before" or the ideal
    day: those days do not count its category as 0 h, so the summary does not say "24 h
    left" for a day the client was not asked about (before, they did)."""
    session = Session(protocol, clock=clock)
    session.record(
        ActivitySet(
            step="time_circle", activity_id="a", name="walk", category="leisure", hours={"now": 2}
        )
    )
    state = session.state
    assert state.category_hours("time_circle", "now") == {"leisure": 2.0}
    assert state.category_hours("time_circle", "before") == {}
    assert state.category_hours("time_circle", "ideal") == {}


async def test_a_category_summed_from_its_activities_shows_no_hours_for_a_day_not_given(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await on_activity_name(pilot)
        await pilot.press(*keys("walk"), "tab", "tab", "2", "enter")
        await keys_settled(app)
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#hours-now-productive", Input).value == "2"
        assert screen.query_one("#hours-before-productive", Input).value == ""
        assert screen.query_one("#hours-ideal-productive", Input).value == ""


@BURST_OR_SLOWLY
async def test_a_name_typed_on_the_list_of_activities_starts_the_next_activity(
    protocol: Protocol, clock: FakeClock, burst: bool
) -> None:
    """Tab from the grid reaches the list once it has an activity: a name typed there is
    the next activity's, in the form (before, it went to the notes)."""
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await on_activity_name(pilot)
        await pilot.press(*keys("gym"), "tab", "tab", "2", "enter")
        await keys_settled(app)
        app.screen.query_one("#activity-list").focus()
        await pilot.pause()
        script = keys("sauna")
        await typed(pilot, script, burst=burst)
        await pilot.pause()
        assert app.screen.query_one("#activity-name", Input).value == "sauna"
        assert app.screen.query_one("#notes", NotesArea).text == ""


async def test_an_activity_left_with_hours_it_cannot_take_says_why_it_was_not_recorded(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await on_activity_name(pilot)
        await pilot.press(*keys("gym"), "tab", "tab", "3", "0", "shift+tab", "shift+tab")
        await pilot.press("shift+tab")  # out of the form
        await keys_settled(app)
        await pilot.pause()
        assert activities(app) == []
        assert app.screen.query_one("#activity-now", Input).has_class("-refused")
        assert "Give the activity a name, and hours in half-hour steps." in squash(
            pane_text(app, "#work")
        )


async def test_a_time_circle_just_built_waits_for_nothing_and_its_form_gone_records_nothing(
    protocol: Protocol, clock: FakeClock
) -> None:
    """The category's menu says it has changed as the form is built (the screen is built
    ahead, while the student is on the step before): nothing is typed, so nothing waits to
    be recorded. And a wait that ends once the form's fields have gone with its screen (the
    app closing) does nothing; it raised NoMatches as a test's app closed."""
    from hyvinvointi_tui.ui.screens.time_circle import TimeCircleScreen

    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock, timings=QUICK)
    async with app.run_test(size=SIZE) as pilot:
        await keys_settled(app)
        await on_activity_name(pilot)
        screen = app.screen
        assert isinstance(screen, TimeCircleScreen)
        named = screen.named_activities
        assert not named.waiting, "nothing typed, nothing to record"
        await pilot.press(*keys("walk"), "tab", "tab", "1")
        assert named.waiting
        await named.form.query_one("#activity-form").remove()
        named._settle()  # as the settle timer does, the fields gone: nothing happens


async def test_the_next_activity_starts_from_the_first_category_not_the_last_ones(
    protocol: Protocol, clock: FakeClock
) -> None:
    """An activity recorded in leisure leaves an empty form: its category the first again, so
    the next activity typed without choosing one is not silently leisure too."""
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await on_activity_name(pilot)
        await pilot.press(*keys("gym"))
        app.screen.query_one("#activity-category", Select).value = "leisure"
        app.screen.query_one("#activity-now", Input).focus()
        await pilot.press("1", "enter")
        await keys_settled(app)
        assert activities(app) == [("gym", "leisure", {"now": 1.0})]
        assert app.screen.query_one("#activity-category", Select).value == "productive"
        await pilot.press(*keys("study"), "tab", "tab", "2", "enter")
        await keys_settled(app)
        assert ("study", "productive", {"now": 2.0}) in activities(app)
