"""Typed in a burst as typed slowly (issue 30): on every step and in the dialogs, the keys a
busy laptop hands over together give the session exactly what the same keys give typed one
by one. Each case is the outcome (what the session recorded) of one key script, both ways."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, TextArea

from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.ui.app import HyvinvointiApp
from tests.conftest import FakeClock

from ..helpers import MouseInput, keys_settled, mouse_event, screen_text

SIZE = (120, 40)
CHARACTERS = {"space": " ", "tab": "\t", "enter": "\r"}


def key_event(key: str) -> events.Key:
    """The event a terminal's driver makes of a key (as Pilot makes it)."""
    if len(key) == 1:
        name = key if key.isalnum() else _character_to_key(key)
        return events.Key(name, key)
    return events.Key(key, CHARACTERS.get(key))


def typed(text: str) -> list[str]:
    return ["space" if ch == " " else ch for ch in text]


def outcome(app: HyvinvointiApp) -> dict[str, object]:
    """What the session recorded: everything a key could have changed."""
    state = app.session.state
    return {
        "step": state.step,
        "texts": {key: text for key, text in state.texts.items() if text},
        "orientation": dict(state.orientation),
        "consent": dict(state.consent),
        "stress": dict(state.stress),
        "hours": {s: {v: dict(c) for v, c in vs.items()} for s, vs in state.hours.items()},
        "osa": {s: {i: dict(r) for i, r in items.items()} for s, items in state.osa.items()},
        "summary": sorted(
            (e.column, e.text) for entries in state.summary.values() for e in entries.values()
        ),
        "dropped": {s: sorted(d) for s, d in state.dropped.items()},
        "goals": [
            (g.text, tuple(g.actions)) for goals in state.goals.values() for g in goals.values()
        ],
        "markers": [(step, tag) for _, step, tag in state.markers],
        "closing": dict(state.closing),
        "appointment": {s: (a.date, a.time) for s, a in state.appointment.items()},
        "screen": type(app.screen).__name__,
        "time field": next(
            (field.value for field in app.screen.query("#appointment-time").results(Input)), None
        ),
    }


async def type_on_step(pilot: Pilot[None], step: str, keys: list[str], *, burst: bool) -> None:
    """Type `keys` on `step` of the demo, all posted at once (`burst`) or one by one as
    Pilot presses them, and wait until every one has been taken and has settled."""
    app = pilot.app
    assert isinstance(app, HyvinvointiApp)
    if app.session.state.step != step:
        app.go_to(step)
        for _ in range(5):
            await pilot.pause()
    if burst:
        for key in keys:
            app.post_message(key_event(key))
    else:
        await pilot.press(*keys)
    await keys_settled(app)


async def run_script(
    protocol: Protocol, step: str, keys: list[str], *, burst: bool
) -> dict[str, Any]:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await type_on_step(pilot, step, keys, burst=burst)
        for _ in range(3):  # what the last key set going: a screen shown, a save
            await pilot.pause()
        app.flush_texts()
        return outcome(app)


SCRIPTS = {
    # A rating and the sentence after it: "5 hours" is notes, never a rating of 5.
    "stress rating then words": ("stress", ["3", *typed("5 hours of sleep")]),
    "stress shift+tab and a new rating": (
        "stress",
        ["5", *typed("oops"), "shift+tab", "2", *typed("better")],
    ),
    # A goal, its action, the next action.
    "goal, tab, actions": (
        "goals",
        [*typed("Walk"), "tab", *typed("dog"), "enter", *typed("Sleep"), "enter"],
    ),
    # Accept, accept, drop, drop, accept…
    "summary suggestions": (
        "summary",
        ["enter", "enter", "delete", "delete", "enter", "enter", "enter"],
    ),
    # The orientation answer and the three consents, then words.
    "orientation choices": (
        "orientation",
        [
            "shift+tab",
            "shift+tab",
            "2",
            "tab",
            "left",
            "down",
            "left",
            "down",
            "right",
            "tab",
            *typed("text"),
        ],
    ),
    # Hours down the column, a refused value, a corrected one.
    "time circle hours": (
        "time_circle",
        ["3", "0", "enter", "backspace", "backspace", "6", "enter", "8", "enter"],
    ),
    # The OSA grid: ratings and moves.
    "osa ratings": ("osa", ["3", "4", "down", "2", "1", "right", "4", *typed("note")]),
    # A dialog: a marker chosen with the keys, then typing goes on in the notes.
    "marker dialog": ("wellbeing", [*typed("a"), "ctrl+b", "down", "enter", *typed("b")]),
    # Closing: a new appointment chosen shows its fields, and Tab reaches them only once
    # the screen has laid them out (before, Tab passed them by and the date went to notes).
    "closing appointment": (
        "closing",
        ["enter", "tab", *"12.1.2027", "tab", *"14.30", "tab", *typed("sleep routine")],
    ),
    # The command palette: typed into at once, a step chosen by its name, then notes there.
    "command palette": ("wellbeing", ["ctrl+p", *typed("stress"), "enter", *typed("five")]),
    # The go-to dialog: a step by its name, then the notes there.
    "go to a step": ("wellbeing", ["ctrl+g", *typed("stress"), "enter", *typed("four")]),
}


@pytest.mark.parametrize("name", list(SCRIPTS))
async def test_a_burst_records_what_typing_slowly_records(protocol: Protocol, name: str) -> None:
    step, keys = SCRIPTS[name]
    slowly = await run_script(protocol, step, keys, burst=False)
    in_a_burst = await run_script(protocol, step, keys, burst=True)
    assert in_a_burst == slowly


async def test_a_new_appointment_typed_in_a_burst_is_booked(protocol: Protocol) -> None:
    keys = ["enter", "tab", *"12.1.2027", "tab", *"14.30", "tab", *typed("sleep routine")]
    got = await run_script(protocol, "closing", keys, burst=True)
    assert got["appointment"] == {"closing": ("2027-01-12", "14:30")}
    assert got["texts"].get("closing.focus") == "sleep routine"


async def test_a_rating_then_words_in_a_burst_rate_3_and_note_the_words(protocol: Protocol) -> None:
    """The case that opened the crisis path for a client who said 3."""
    got = await run_script(protocol, "stress", ["3", *typed("5 hours of sleep")], burst=True)
    assert got["stress"] == {"stress": 3}
    assert got["texts"].get("stress.notes") == "5 hours of sleep"


async def test_keys_typed_the_instant_the_palette_opens_reach_its_search(
    protocol: Protocol,
) -> None:
    got = await run_script(
        protocol, "wellbeing", ["ctrl+p", *typed("stress"), "enter", *typed("five")], burst=True
    )
    assert got["step"] == "stress" and got["texts"].get("stress.notes") == "five"


async def test_a_mistaken_crisis_rating_is_corrected_with_shift_tab_from_the_notes(
    protocol: Protocol,
) -> None:
    """After a 5 the crisis plan shows, but shift+tab from the notes reaches the scale at
    once: the corrective 2 is a rating, never words in the plan that heads the client's page."""
    keys = ["5", *typed("oops"), "shift+tab", "2", *typed("better")]
    got = await run_script(protocol, "stress", keys, burst=False)
    assert got["stress"] == {"stress": 2}
    assert got["texts"] == {"stress.notes": "oopsbetter"}


async def seen_in_the_notes(pilot: Pilot[None]) -> str:
    """The screen once its scrolls have ended, the typing in the notes."""
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    assert pilot.app.screen.focused is pilot.app.screen.query_one("#notes")
    return screen_text(pilot.app)


@pytest.mark.parametrize("burst", [False, True], ids=["slowly", "in a burst"])
@pytest.mark.parametrize(("step", "lang"), [("stress", "fi"), ("time_circle", "en")])
async def test_the_notes_a_sentence_ends_in_are_in_view_on_a_small_screen(
    protocol: Protocol, step: str, lang: str, burst: bool
) -> None:
    """At 80×24 the notes are below the scale or the hours: a number, words, Tab and a
    letter end in the notes, and the student sees them there, however fast the keys came
    (before, in a burst, the Tab's scroll to the field it reached landed after the notes'
    own, and the notes were out of sight). The letter begins a new sentence: a space sets
    it off from the words before."""
    app = HyvinvointiApp.demo(protocol, lang=lang, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await type_on_step(pilot, step, ["3", *typed("stress ok"), "tab", "x"], burst=burst)
        assert "stress ok x" in await seen_in_the_notes(pilot)


@pytest.mark.parametrize("burst", [False, True], ids=["slowly", "in a burst"])
async def test_a_rating_changed_from_the_notes_leaves_the_notes_in_view(
    protocol: Protocol, burst: bool
) -> None:
    """At 80×24: rated 4, words, a line of the crisis plan, back in the notes; then
    shift+tab to the scale, 3 and words. The rating takes the notes back to the typing, and
    the student sees them (before, in a burst, the view stayed on the scale)."""
    app = HyvinvointiApp.demo(protocol, lang="fi", clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        first = ["4", *typed("low"), "tab", *typed("rest helps"), "shift+tab", *typed(" more")]
        await type_on_step(pilot, "stress", first, burst=False)
        await pilot.wait_for_scheduled_animations()
        await type_on_step(pilot, "stress", ["shift+tab", "3", *typed(" again")], burst=burst)
        assert "low more again" in await seen_in_the_notes(pilot)
        assert app.session.state.stress == {"stress": 3}


@pytest.mark.parametrize("burst", [False, True], ids=["slowly", "in a burst"])
async def test_a_sentence_begun_off_the_notes_is_set_off_from_the_words_before(
    protocol: Protocol, burst: bool
) -> None:
    """Hours, a space and words: the space ends the hours field and is no part of the notes.
    Then a letter on the hours field again: the notes end in a word, and the student could
    not have typed the space between (it ends the field), so one is put in."""
    keys = ["6", *typed(" seeks work"), "shift+tab", "shift+tab", "7", "x"]
    got = await run_script(protocol, "time_circle", keys, burst=burst)
    assert got["texts"].get("time_circle.notes") == "seeks work x"


# In a burst here (slowly, it is a long run's): the burst is where the select-on-focus and
# the first letter race; "closing appointment" above holds the two ways equal.
@pytest.mark.parametrize(
    "burst",
    [pytest.param(False, marks=pytest.mark.slow), True],
    ids=["slowly", "in a burst"],
)
async def test_words_typed_on_a_booked_time_go_to_the_notes_and_the_time_stays(
    protocol: Protocol, burst: bool
) -> None:
    """A time booked, then Tab round to it again (which selects it) and words: the words
    are the notes' and the time stays booked as the field shows it (before, the first
    letter replaced the time, and the field said it was no time)."""
    booked = ["enter", "tab", *"12.1.2027", "tab", *"14.30"]
    keys = [*booked, "shift+tab", "tab", *typed("sleep well")]
    got = await run_script(protocol, "closing", keys, burst=burst)
    assert got["appointment"] == {"closing": ("2027-01-12", "14:30")}
    assert got["texts"].get("closing.notes") == "sleep well"
    assert got["time field"] == "14.30"


def click_events(widget: Widget) -> list[MouseInput]:
    """A left click on the first cell of `widget`."""
    x, y = widget.content_region.x, widget.content_region.y
    return [mouse_event(events.MouseDown, x, y), mouse_event(events.MouseUp, x, y)]


async def hand_over(
    pilot: Pilot[None], script: Sequence[events.Key | MouseInput], *, burst: bool
) -> None:
    """Post `script` to the app as a terminal's driver does: all at once (`burst`) or each
    once the one before has settled, and wait until the last has."""
    app = pilot.app
    assert isinstance(app, HyvinvointiApp)
    for event in script:
        app.post_message(event)
        if not burst:
            await keys_settled(app)
            await pilot.pause()
    await keys_settled(app)


@pytest.mark.parametrize("burst", [False, True], ids=["slowly", "in a burst"])
async def test_words_then_a_click_on_another_field_stay_where_they_were_typed(
    protocol: Protocol, burst: bool
) -> None:
    """A goal typed, then a click on the date field and a date: the words are the goal's
    and the date the date field's, however late the busy laptop hands them over together
    (before, the click went in ahead of the keys still waiting, and took the end of the
    goal to the date field)."""
    app = HyvinvointiApp.demo(protocol, lang="en", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await type_on_step(pilot, "goals", [], burst=False)
        due = app.screen.query_one("#goal-due", Input)
        script: list[events.Key | MouseInput] = [
            *map(key_event, typed("Walk the dog")),
            *click_events(due),
            *map(key_event, "1.3.2027"),
        ]
        await hand_over(pilot, script, burst=burst)
        assert app.screen.query_one("#goal-input", Input).value == "Walk the dog"
        assert due.value == "1.3.2027"


async def test_a_click_held_behind_a_key_that_changes_the_screen_is_dropped(
    protocol: Protocol,
) -> None:
    """ctrl+n on the wellbeing step, then a click, handed over together: the click was
    aimed at the step the student saw, so it does nothing on the next one, even where the
    next one has its stress scale (before, it went in at once, after the ctrl+n, and rated
    the stress)."""
    app = HyvinvointiApp.demo(protocol, lang="en", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await type_on_step(pilot, "stress", [], burst=False)
        where = app.screen.query_one("#stress-scale")
        click = click_events(where)
        await type_on_step(pilot, "wellbeing", [], burst=False)
        await hand_over(pilot, [key_event("ctrl+n"), *click], burst=True)
        for _ in range(3):
            await pilot.pause()
        assert app.session.state.step == "stress"
        assert app.session.state.stress == {}


async def test_the_release_of_a_press_dropped_makes_no_click(protocol: Protocol) -> None:
    """ctrl+n and a press handed over together, the release a moment later, once the next
    step is shown: the press is dropped, and so is its release, or Textual would make a
    click of it with the last press it took (on the same scale of the kept stress screen)."""
    app = HyvinvointiApp.demo(protocol, lang="en", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await type_on_step(pilot, "stress", [], burst=False)
        scale = app.screen.query_one("#stress-scale")
        await hand_over(pilot, click_events(scale), burst=False)  # a click made: stress 1
        assert app.session.state.stress == {"stress": 1}
        x = scale.content_region.x + scale.content_region.width // 2
        press, release = (
            mouse_event(events.MouseDown, x, scale.content_region.y),
            mouse_event(events.MouseUp, x, scale.content_region.y),
        )
        await type_on_step(pilot, "wellbeing", [], burst=False)
        app.post_message(key_event("ctrl+n"))
        app.post_message(press)
        await keys_settled(app)
        assert app.session.state.step == "stress"
        app.post_message(release)
        await keys_settled(app)
        for _ in range(3):
            await pilot.pause()
        assert app.session.state.stress == {"stress": 1}


async def test_a_click_on_the_step_shown_is_taken_while_the_keys_before_it_settle(
    protocol: Protocol,
) -> None:
    """ctrl+n and words typed on the stress step once it is shown, each key coming while
    the one before settles (a busy laptop), then a click on its scale: the student saw the
    scale, so the click rates it."""
    app = HyvinvointiApp.demo(protocol, lang="en", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await type_on_step(pilot, "wellbeing", [], burst=False)
        order = app.key_order
        for key in ["ctrl+n", "o", "k"]:
            app.post_message(key_event(key))
            while order.idle or order._round < 1:  # taken, and the screen drawn since
                await asyncio.sleep(0)
        assert app.session.state.step == "stress" and not order.idle
        await hand_over(pilot, click_events(app.screen.query_one("#stress-scale")), burst=True)
        assert app.session.state.stress == {"stress": 1}


async def click_wheel_digit_on_the_osa_grid(protocol: Protocol, *, burst: bool) -> object:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await type_on_step(pilot, "osa", [], burst=False)
        grid = app.screen.query_one("OsaGrid").content_region
        x, y = grid.x + grid.width - 6, grid.y + 5
        script: list[events.Key | MouseInput] = [
            mouse_event(events.MouseDown, x, y),
            mouse_event(events.MouseUp, x, y),
            *(mouse_event(events.MouseScrollDown, x, y, button=0) for _ in range(3)),
            key_event("3"),
        ]
        await hand_over(pilot, script, burst=burst)
        for _ in range(3):
            await pilot.pause()
        return outcome(app)["osa"]


async def test_a_click_then_the_wheel_then_a_rating_rate_the_item_clicked(
    protocol: Protocol,
) -> None:
    """A click on an OSA item, the wheel, a digit: in a burst as slowly, the digit rates the
    item clicked (the wheel waits behind the click instead of scrolling the grid under it)."""
    slowly = await click_wheel_digit_on_the_osa_grid(protocol, burst=False)
    assert slowly, "the digit rated an item"
    assert await click_wheel_digit_on_the_osa_grid(protocol, burst=True) == slowly


async def drag_over_the_notes(protocol: Protocol, *, burst: bool) -> str:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await type_on_step(pilot, "wellbeing", typed("hello world"), burst=False)
        notes = app.screen.query_one("#notes", TextArea)
        x, y = notes.content_region.x, notes.content_region.y
        script: list[events.Key | MouseInput] = [
            key_event("end"),
            mouse_event(events.MouseDown, x, y),
            *(mouse_event(events.MouseMove, x + step, y) for step in range(1, 6)),
            mouse_event(events.MouseUp, x + 5, y),
        ]
        await hand_over(pilot, script, burst=burst)
        await pilot.pause()
        return notes.selected_text


async def test_a_drag_after_a_key_selects_in_a_burst_what_it_selects_slowly(
    protocol: Protocol,
) -> None:
    """A key, then the mouse pressed, dragged over the notes and let go: the moves wait
    behind the press as it waits behind the key, so the same words are selected."""
    slowly = await drag_over_the_notes(protocol, burst=False)
    assert slowly == "hello"
    assert await drag_over_the_notes(protocol, burst=True) == slowly
