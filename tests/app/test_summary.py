"""Summary: suggestions from the instruments, accepted, edited or dropped; own entries; the
client's agreement."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import ListItem

from hyvinvointi_tui.core.instruments.summary import suggestions
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.step_events import HoursSet, StressRated
from hyvinvointi_tui.core.model.steps import OsaStep, StressStep
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.widgets.entry_list import EntryList

from ..conftest import FakeClock
from ..helpers import keys, pane_text, squash, step_of
from ..scripted import rated_instruments

SIZE = (120, 40)


def test_suggestions_follow_the_instruments(protocol: Protocol, clock: FakeClock) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    rated_instruments(app.session)
    found = suggestions(protocol, app.session.state, "en")
    label3, label5 = (step_of(protocol, "osa", OsaStep).items[n].label("en") for n in (2, 4))
    assert [(s.column, s.text, s.source) for s in found] == [
        (
            "challenges",
            f"Stress 3/5: {step_of(protocol, 'stress', StressStep).levels[2]('en')}",
            "stress",
        ),
        (
            "challenges",
            "Would like less time for productive activities (−4 h a day)",
            "time_circle",
        ),
        ("challenges", "Would like more time for leisure (+4 h a day)", "time_circle"),
        ("challenges", f"Wants to change: {label3} (OSA item 3)", "osa:3"),
        (
            "strengths",
            f"Manages well and values: {label5} (OSA item 5)",
            "osa:5",
        ),
    ]
    # A day that does not add up to 24 suggests nothing; a low stress rating is a strength.
    app.session.record(HoursSet(step="time_circle", variant="ideal", category="leisure", hours=7))
    app.session.record(StressRated(step="stress", value=2))
    found = suggestions(protocol, app.session.state, "fi")
    assert not [s for s in found if s.source == "time_circle"]
    assert found[0].column == "strengths"
    assert found[0].text.startswith("Stressi hallittavalla tasolla (2/5")


@pytest.mark.slow
async def test_students_accept_edit_drop_and_add(protocol: Protocol, clock: FakeClock) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    rated_instruments(app.session)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("summary")
        await pilot.pause()
        work = squash(pane_text(app, "#work"))
        assert "challenge · Stress 3/5" in work
        assert "challenge · Would like more time for leisure (+4 h a day)" in work

        await pilot.press("enter")  # accept the stress line as it is
        await pilot.pause()
        await pilot.press("e")  # edit the next line before accepting it
        await pilot.press(*keys(": fewer evening shifts"), "enter")
        await pilot.pause()
        app.screen.query_one("#suggestions").focus()
        await pilot.press("delete")  # drop "more leisure"
        await pilot.pause()
        app.screen.query_one("#add-strengths").focus()
        await pilot.press(*keys("a sister who helps"), "enter")
        await pilot.pause()
        app.screen.query_one("#agreed").focus()
        await pilot.press("space")
        await pilot.pause()

        state = app.session.state
        entries = [(e.column, e.text, e.suggestion) for e in state.summary["summary"].values()]
        label3 = step_of(protocol, "osa", OsaStep).items[2].label("en")
        assert entries == [
            (
                "challenges",
                f"Stress 3/5: {step_of(protocol, 'stress', StressStep).levels[2]('en')}",
                "stress:stress",
            ),
            (
                "challenges",
                "Would like less time for productive activities (−4 h a day): fewer evening shifts",
                "time:time_circle:productive",
            ),
            ("strengths", "a sister who helps", ""),
        ]
        assert state.dropped["summary"] == ["time:time_circle:leisure"]
        assert state.agreed["summary"] is True
        work = squash(pane_text(app, "#work"))
        # Accepted and dropped suggestions are no longer offered; the rest still are.
        assert "challenge · Stress" not in work
        assert "Would like more time" not in work
        assert f"challenge · Wants to change: {label3} (OSA item 3)" in work
        assert "• a sister who helps" in work

        # Editing an entry: Enter on it, change, Enter. Removing it: Delete.
        app.screen.query_one("#list-strengths").focus()
        await pilot.press("enter", *keys(" and a dog"), "enter")
        await pilot.pause()
        strengths = [
            e for e in app.session.state.summary["summary"].values() if e.column == "strengths"
        ]
        assert [e.text for e in strengths] == ["a sister who helps and a dog"]
        app.screen.query_one("#list-strengths").focus()
        await pilot.press("delete")
        await pilot.pause()
        assert "a sister" not in pane_text(app, "#work")


def shown_highlights(app: HyvinvointiApp) -> list[tuple[str, str]]:
    """The entries drawn with the cursor's colours: (list, entry) for each."""
    found = []
    for entry_list in app.screen.query(EntryList):
        for item in entry_list.query(ListItem):
            colours = item.styles.background
            if item.has_class("-highlight") and colours.a > 0:
                found.append((entry_list.id or "", item.name or ""))
    return found


async def test_tab_from_the_suggestions_reaches_a_field_that_takes_the_strength(
    protocol: Protocol, clock: FakeClock
) -> None:
    """The empty strengths list takes no focus: Tab goes on to its field, and the strength
    typed there is a strength, not words that went silently to the notes."""
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    rated_instruments(app.session)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("summary")
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#suggestions")
        await pilot.press("tab", *keys("kind to others"), "enter")
        await pilot.pause()
        state = app.session.state
        assert [(e.column, e.text) for e in state.summary["summary"].values()] == [
            ("strengths", "kind to others")
        ]
        assert not state.text("summary.notes")


async def test_typing_on_a_column_list_starts_an_entry_in_that_column(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    rated_instruments(app.session)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("summary")
        await pilot.pause()
        await pilot.press("enter")  # the stress line goes to the challenges
        await pilot.pause()
        app.screen.query_one("#list-challenges").focus()
        await pilot.press(*keys("no time for friends"), "enter")
        await pilot.pause()
        state = app.session.state
        texts = [(e.column, e.text) for e in state.summary["summary"].values()]
        assert texts[-1] == ("challenges", "no time for friends")
        assert not state.text("summary.notes")


async def test_delete_acts_on_the_one_highlight_that_shows(
    protocol: Protocol, clock: FakeClock
) -> None:
    """Only the focused list shows its highlight; Delete removes that entry and no other."""
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    rated_instruments(app.session)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("summary")
        await pilot.pause()
        await pilot.press("enter", "enter")  # two challenges accepted
        await pilot.pause()
        # The suggestions have the focus: theirs is the one highlight on the screen.
        first_open = app.screen.query_one("#suggestions", EntryList).children[0].name
        assert shown_highlights(app) == [("suggestions", first_open)]
        await pilot.press("tab", "tab", "down")  # past the strengths' field, to the 2nd entry
        await pilot.pause()
        entries = list(app.session.state.summary["summary"])
        assert app.screen.focused is app.screen.query_one("#list-challenges")
        assert shown_highlights(app) == [("list-challenges", entries[1])]
        await pilot.press("delete")
        await pilot.pause()
        assert list(app.session.state.summary["summary"]) == entries[:1]
        assert first_open not in app.session.state.dropped.get("summary", [])


# --- issue 31, part 9: where each summary line came from ---------------------------------------


@pytest.mark.slow
async def test_each_entry_records_whether_it_was_a_suggestion_as_is_edited_or_the_students_own(
    protocol: Protocol, clock: FakeClock, tmp_path: Path
) -> None:
    from hyvinvointi_tui.core.debrief import debrief_report
    from hyvinvointi_tui.core.debrief.replay import Replayer
    from hyvinvointi_tui.core.page import to_markdown

    app = HyvinvointiApp.demo(protocol, lang="fi", clock=clock)
    rated_instruments(app.session)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("summary")
        await pilot.pause()
        await pilot.press("enter")  # the first suggestion, as it is
        await pilot.pause()
        await pilot.press("e", *keys(" iltaisin"), "enter")  # the next one, edited first
        await pilot.pause()
        app.screen.query_one("#suggestions").focus()
        await pilot.press("e", "enter")  # one opened for editing, taken unchanged
        await pilot.pause()
        app.screen.query_one("#add-strengths").focus()
        await pilot.press(*keys("sisko auttaa"), "enter")  # the students' own
        await pilot.pause()
        entries = list(app.session.state.summary["summary"].values())
        assert [e.origin for e in entries] == ["suggestion", "edited", "suggestion", "own"]
        assert entries[1].text.endswith(" iltaisin")

        # Editing: a suggestion whose words change becomes the students' edit; their own
        # stays their own.
        app.screen.query_one("#list-challenges").focus()
        await pilot.press("enter", *keys(", sanoo"), "enter")
        await pilot.pause()
        app.screen.query_one("#list-strengths").focus()
        await pilot.press("enter", *keys(" aina"), "enter")
        await pilot.pause()
        entries = list(app.session.state.summary["summary"].values())
        assert [e.origin for e in entries] == ["edited", "edited", "suggestion", "own"]

    replay = Replayer(protocol, app.session.events, duration=app.session.now())
    page = to_markdown(
        debrief_report.build(
            protocol, replay, created=app.session.created, client_code="K", lang="fi"
        )
    )
    assert "- vahvuus: sisko auttaa aina (opiskelijoiden oma)" in page
    assert "iltaisin (muokattu ehdotuksesta)" in page
    assert page.count("(ehdotus sellaisenaan)") == 1
    assert (
        "Koonnin kohdat: ehdotus sellaisenaan 1, muokattu ehdotuksesta 2, opiskelijoiden oma 1"
        in page
    )
