"""Typing as a hurried student types: a sentence right after a rating, a grid or a number
field lands whole in the notes, and never changes a rating (issue 17, item 1); new words
go after the old ones (item 2)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pytest
from textual.widgets import Input, RadioButton

from hyvinvointi_tui.core.follow_up.carried import previous_of
from hyvinvointi_tui.core.model.protocol import Protocol, resolve_protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SetupChanged
from hyvinvointi_tui.core.model.state import SessionState
from hyvinvointi_tui.core.model.step_events import GoalAdded, StressRated
from hyvinvointi_tui.core.model.steps import OsaStep
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.i18n import Lang
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.screens.setup import SetupScreen
from hyvinvointi_tui.ui.widgets.notes_area import NotesArea
from hyvinvointi_tui.ui.widgets.rating_scale import RatingScale

from ..conftest import FakeClock
from ..helpers import (
    keys,
    keys_settled,
    notified,
    pane_text,
    screen_text,
    squash,
    step_of,
    wait_until,
)

SIZE = (120, 40)
E = TypeVar("E")
SENTENCE = "Client said 2 things: work and sleep"


def kinds(app: HyvinvointiApp, kind: type[E]) -> list[E]:
    return [event for event in app.session.events if isinstance(event, kind)]


async def test_a_sentence_after_the_stress_rating_goes_to_the_notes(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("stress")
        await pilot.pause()
        await pilot.press("4", *keys(SENTENCE))
        await pilot.press("ctrl+s")
        await pilot.pause()
        state = app.session.state
        assert state.stress == {"stress": 4}
        assert len(kinds(app, StressRated)) == 1, "the digit in the sentence did not re-rate"
        assert state.text(notes_key("stress")) == SENTENCE
        assert app.screen.query_one("#crisis-guidance").display
        assert "Rated 4" not in pane_text(app, "#work")  # the crisis line shows, not "rated"
        # Changing the rating is a deliberate act: back to the scale (the crisis plan comes
        # after the notes, so one shift+tab reaches it), then a digit.
        await pilot.press("shift+tab", "3")
        await pilot.pause()
        assert app.session.state.stress == {"stress": 3}
        assert "shift+tab" in squash(pane_text(app, "#work"))


# (step, what is typed, what the step's instrument holds after it)
TYPED_AFTER: dict[str, tuple[str, Callable[[SessionState], bool]]] = {
    "stress": ("sleeps 5 hours", lambda state: state.stress == {}),
    "osa": (
        "3" + SENTENCE,
        lambda state: state.osa == {"osa": {1: {"competence": 3}}},
    ),
    "time_circle": (
        "8h sleep, 2 naps",
        lambda state: state.hours["time_circle"]["now"] == {"productive": 8.0},
    ),
}


@pytest.mark.parametrize("step", list(TYPED_AFTER))
async def test_letters_on_a_scale_grid_or_hours_field_go_to_the_notes(
    protocol: Protocol, clock: FakeClock, step: str
) -> None:
    """Letters on a stress scale not yet rated, a sentence after an OSA rating, a unit
    after hours: the instrument keeps what was rated, the notes get the rest whole."""
    text, holds = TYPED_AFTER[step]
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to(step)
        await pilot.pause()
        await pilot.press(*keys(text))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert holds(app.session.state)
        rated = len(text) - len(text.lstrip("0123456789"))
        assert app.session.state.text(notes_key(step)) == text[rated:]
        assert isinstance(app.focused, NotesArea)


async def test_a_sentence_after_a_goal_review_goes_to_the_notes(
    protocol: Protocol, clock: FakeClock
) -> None:
    first = Session(protocol, clock=clock, created="2026-11-02T09:00:00+00:00")
    first.start(SetupChanged(client_code="K-21", lang="en", students=["A"]))
    first.record(GoalAdded(step="goals", goal_id="g1", text="Sleep six hours", source="talk"))
    previous = previous_of(
        protocol, session_id=first.session_id, created=first.created, state=first.state
    )
    app = HyvinvointiApp.new_session(
        resolve_protocol("seurantakeskustelu"),
        lang="en",
        client_code="K-21",
        clock=clock,
        previous=previous,
        begun=True,
    )
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("review")
        await pilot.pause()
        await pilot.press("2", *keys(SENTENCE))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.session.state.reviews == {"review": {"g1": "partly"}}
        assert app.session.state.text(notes_key("review")) == SENTENCE


@pytest.mark.parametrize("how", ["return", "resume"])
async def test_new_words_go_after_the_old_ones(
    protocol: Protocol, clock: FakeClock, how: str
) -> None:
    session = Session(protocol, clock=clock)
    session.start(SetupChanged(client_code="K-1", lang="en"))
    session.edit_text(notes_key("orientation"), "first line\nsecond line")
    app = HyvinvointiApp(protocol, lang="en", session=session, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if how == "return":
            notes = app.screen.query_one(NotesArea)
            notes.move_cursor((0, 0))
            app.go_to("wellbeing")
            await pilot.pause()
            app.go_to("orientation")
            await pilot.pause()
        await pilot.press(*keys(" and more"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.state.text(notes_key("orientation")) == "first line\nsecond line and more"


# --- what the student sees and where Tab goes (issue 17, items 6-8) -------------------------


@pytest.mark.parametrize("lang", ["fi", "en", "sv"])
async def test_the_osa_grid_and_the_activity_form_fit_80_columns(
    protocol: Protocol, clock: FakeClock, lang: Lang
) -> None:
    """At 80×24 a topic and its ratings are on screen together: no sideways scrolling, no
    topic cut; the activity's name field has room to type."""
    from hyvinvointi_tui.ui.widgets.osa_grid import OsaGrid

    app = HyvinvointiApp.demo(protocol, lang=lang, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.go_to("osa")
        await pilot.pause()
        grid = app.screen.query_one(OsaGrid)
        assert grid.max_scroll_x == 0, "the grid does not scroll sideways"
        shown = squash(pane_text(app, "#work"))
        for item in step_of(protocol, "osa", OsaStep).items[:5]:
            assert item.label(lang) in shown
        app.go_to("time_circle")
        await pilot.pause()
        assert app.screen.query_one("#activity-name").region.width >= 20


@pytest.mark.parametrize("lang", ["fi", "en", "sv"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_no_key_and_no_take_away_choice_is_cut(
    protocol: Protocol, clock: FakeClock, lang: Lang, size: tuple[int, int]
) -> None:
    from hyvinvointi_tui.i18n import t
    from hyvinvointi_tui.ui.widgets.key_hints import KeyHints

    app = HyvinvointiApp.demo(protocol, lang=lang, clock=clock)
    async with app.run_test(size=size) as pilot:
        app.go_to("stress")
        await pilot.pause()
        await pilot.press("4")  # the crisis adds the re-plan key
        await pilot.pause()
        hints = squash(screen_text(app, app.screen.query_one(KeyHints).region))
        for hint in app.screen.query_one(KeyHints).hints:
            assert f"{hint.display} {hint.description}" in hints
        assert t(lang, "stress.replan") in hints
        app.go_to("closing")
        await pilot.pause()
        from hyvinvointi_tui.core.model.step_events import TAKEAWAY_PARTS

        for part in TAKEAWAY_PARTS:
            box = app.screen.query_one(f"#takeaway-{part}")
            label = t(lang, f"closing.takeaway_{part}")
            assert box.region.width >= len(label) + 4, label


async def test_tab_goes_from_the_notes_to_the_choices_and_ctrl_c_says_how_to_quit(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="fi", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, NotesArea)
        await pilot.press("tab")
        assert isinstance(app.focused, RatingScale), "one Tab from the notes to the choices"
        # then the client's consent answers, and back: no stop on a pane
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "consent"
        await pilot.press("tab")
        assert isinstance(app.focused, NotesArea)
        await pilot.press("ctrl+c")
        await pilot.pause()
        shown = notified(app)
        assert "ctrl+q tallentaa ja lopettaa" in shown


async def test_a_sentence_typed_fast_after_a_choice_keeps_its_spaces(
    protocol: Protocol, clock: FakeClock
) -> None:
    """The keys of a sentence started on the orientation's answers arrive faster than the
    focus moves to the notes: none of them may change the answer."""
    from textual import events

    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#orientation-choice").focus()
        await pilot.press("2")
        await pilot.pause()
        chosen = dict(app.session.state.orientation)
        assert chosen == {"orientation": "partly"}
        sentence = "She knew only the purpose"
        for character in sentence:  # all queued at once, as a terminal delivers them
            key = "space" if character == " " else character
            app.post_message(events.Key(key, character))
        await keys_settled(app)
        assert app.screen.query_one("#notes", NotesArea).text == sentence
        assert app.session.state.orientation == chosen  # no space chose another answer


async def test_a_digit_starting_the_sentence_after_the_orientation_answer_goes_to_the_notes(
    protocol: Protocol, clock: FakeClock
) -> None:
    """Answered by its digit, the orientation gives the notes the typing, as the stress
    scale does: "2" and then "3 weeks ago" at once is "partly" and a note, not "did not
    know" and a note without its first word."""
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#orientation-choice").focus()
        await pilot.pause()
        burst(app, "23 weeks ago a letter came")
        await keys_settled(app)
        assert app.session.state.orientation == {"orientation": "partly"}
        assert app.screen.query_one("#notes", NotesArea).text == "3 weeks ago a letter came"
        assert isinstance(app.focused, NotesArea)


def burst(app: HyvinvointiApp, *parts: str) -> None:
    """Keys queued at once, as a terminal delivers a burst: text, and "\\t" for Tab."""
    from textual import events

    for part in parts:
        if part == "\t":
            app.post_message(events.Key("tab", "\t"))
            continue
        for character in part:
            key = "space" if character == " " else character
            app.post_message(events.Key(key, character))


async def test_words_typed_after_a_tab_in_a_burst_go_to_the_next_field(
    protocol: Protocol, clock: FakeClock
) -> None:
    """A hurried student types a field, Tab and the next field before the app has caught
    up: every key after the Tab belongs to the next field (they all went to the first)."""
    from textual.widgets import Input

    from hyvinvointi_tui.core.model.text_keys import preparation_key
    from hyvinvointi_tui.ui.screens.writing import PreparationScreen

    app = HyvinvointiApp.new_session(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, "K-33", "\t", "\t", "Aino, Ben")
        await keys_settled(app)
        assert app.screen.query_one("#client-code", Input).value == "K-33"
        assert app.screen.query_one("#students", Input).value == "Aino, Ben"
        assert isinstance(app.screen, SetupScreen)
        app.screen.submit()
        while not isinstance(app.screen, PreparationScreen):
            await pilot.pause()
        await pilot.pause()
        burst(app, "From the referral", "\t", "Our plan")
        await keys_settled(app)
        app.flush_texts()
        state = app.session.state
        assert state.text(preparation_key("referral")) == "From the referral"
        assert state.text(preparation_key("plan")) == "Our plan"


async def test_words_typed_after_enter_in_a_burst_go_to_the_next_setup_field(
    protocol: Protocol, clock: FakeClock
) -> None:
    """Enter in a setup field moves on like Tab, and so do the keys typed after it."""
    from textual import events
    from textual.widgets import Input

    app = HyvinvointiApp.new_session(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, "K-34")
        app.post_message(events.Key("enter", "\r"))
        burst(app, "\t", "Aino")  # from the language choice to the students
        students = app.screen.query_one("#students", Input)
        await wait_until(pilot, lambda: students.value == "Aino")  # each key in its turn
        assert app.screen.query_one("#client-code", Input).value == "K-34"
        assert app.screen.query_one("#lang-en", RadioButton).value  # Enter chose nothing on the way


async def test_hours_typed_in_a_burst_go_down_the_column(
    protocol: Protocol, clock: FakeClock
) -> None:
    """ "8⏎4⏎12⏎" as the terminal may deliver it at once: each value in its own field
    (they all went to the first, "8412", refused)."""
    from textual import events

    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("time_circle")
        await pilot.pause()
        for key in ("8", "enter", "4", "enter", "1", "2", "enter"):
            app.post_message(events.Key(key, "\r" if key == "enter" else key))
        await keys_settled(app)
        fields = {
            category: app.screen.query_one(f"#hours-now-{category}", Input).value
            for category in ("productive", "leisure", "self_care")
        }
        assert fields == {"productive": "8", "leisure": "4", "self_care": "12"}
        app.flush_texts()
        assert app.session.state.category_hours("time_circle", "now") == {
            "productive": 8.0,
            "leisure": 4.0,
            "self_care": 12.0,
        }
