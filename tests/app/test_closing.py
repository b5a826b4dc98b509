"""Closing: the next appointment, a service, what the client's page shows; then the session
is closed — nothing changes any more, notes can be appended and are marked so."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session import Session, SessionClosedError
from hyvinvointi_tui.core.model.session_events import NoteAppended, SessionClosed
from hyvinvointi_tui.core.model.step_events import StressRated
from hyvinvointi_tui.core.model.steps import ClosingStep
from hyvinvointi_tui.core.model.text_keys import focus_key, notes_key
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.screens.modals import ConfirmModal

from .. import session_saving
from ..conftest import FakeClock
from ..helpers import consent_to_notes, keys, pane_text, squash, step_of

SIZE = (120, 40)


@pytest.mark.slow
async def test_crisis_closing_books_the_proposed_appointment_and_closes(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    consent_to_notes(app.session)  # the client's yes: notes, and notes added after
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("stress")
        await pilot.pause()
        await pilot.press("5", "ctrl+r")
        await pilot.pause()
        assert app.session.state.step == "closing"
        await pilot.press("escape")  # the incident record asked for: later
        await pilot.pause()
        # The choice has the focus: Enter takes the first, a new appointment.
        await pilot.press("enter")
        await pilot.pause()
        state = app.session.state
        assert state.closing["closing"] == "new_appointment"
        # The crisis path proposes the focus in the client's words (it goes on their page):
        # no stress level, no step names.
        assert state.text(focus_key("closing")) == (
            "We will go on from what weighs on you now. "
            "We will also talk about what there was no time for today."
        )
        await pilot.press("tab", *keys("3.12.2026"), "tab", *keys("14.30"))
        await pilot.pause()
        assert state.appointment["closing"].date == "2026-12-03"
        assert state.appointment["closing"].time == "14:30"
        await pilot.press("tab", *keys(", with the teacher"))
        # The service: choose the first of the protocol's list.
        app.screen.query_one("#service").focus()
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        first_service = step_of(protocol, "closing", ClosingStep).services[0].name("en")
        assert state.service["closing"] == first_service
        app.screen.query_one("#takeaway-summary").focus()
        await pilot.press("space")
        await pilot.pause()
        assert state.takeaway["closing"] == ["summary"]

        app.screen.query_one("#close-session").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("escape")  # the safe answer: keep working
        await pilot.pause()
        assert not app.session.state.closed
        app.screen.query_one("#close-session").focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.click("#confirm-ok")
        await pilot.pause()
        state = app.session.state
        assert state.closed
        # The focus typed before closing was recorded when the session closed.
        assert state.text(focus_key("closing")).endswith(", with the teacher")
        assert "Closed at" in pane_text(app, "#work")
        assert app.screen.query_one("#appointment-date", Input).is_disabled
        assert app.screen.query_one("#notes", TextArea).read_only

        # Another step: the rating takes no input; the field to append a note has the focus.
        app.go_to("stress")
        await pilot.pause()
        assert app.screen.query_one("#stress-scale").is_disabled
        assert app.focused is app.screen.query_one("#append-note")
        await pilot.press(*keys("called the crisis line together"), "enter")
        await pilot.pause()
        assert app.session.state.after_closing[-1][1:] == (
            "stress",
            "called the crisis line together",
        )
        work = squash(pane_text(app, "#work"))
        assert "• called the crisis line together (added after closing" in work
        doc = session_saving.session_document(app.session, saved_t=app.session.now())
        assert doc["state"]["closed"] is True
        assert doc["state"]["after_closing"][0]["text"] == "called the crisis line together"


def test_a_closed_session_refuses_changes_but_takes_appended_notes(
    protocol: Protocol, clock: FakeClock
) -> None:
    session = Session(protocol, clock=clock)
    session.record(SessionClosed(step="closing"))
    for refused in (StressRated(step="stress", value=1),):
        try:
            session.record(refused)
        except SessionClosedError:
            pass
        else:
            raise AssertionError("a closed session took a change")
    try:
        session.edit_text(notes_key("stress"), "late")
    except SessionClosedError:
        pass
    else:
        raise AssertionError("a closed session took a text change")
    session.record(NoteAppended(step="stress", text="late"))
    assert session.state.after_closing == [(0.0, "stress", "late")]


def test_resume_takes_the_newest_unfinished_session(
    protocol: Protocol, clock: FakeClock, tmp_path: Path
) -> None:
    import os

    from pyrage import x25519

    from hyvinvointi_tui.core.model.session_events import SetupChanged
    from hyvinvointi_tui.store.student import Student

    student = Student(tmp_path, x25519.Identity.generate(), [])
    paths = {}
    for number, close in enumerate((False, True)):  # the closed one is saved last
        session = Session(protocol, clock=clock)
        session.start(SetupChanged(client_code=f"K-{number}", lang="en"))
        if close:
            session.record(SessionClosed(step="closing"))
        path = student.folder / f"{number}.age"
        doc = session_saving.session_document(session, saved_t=1.0)
        session_saving.save(path, doc, student.recipients)
        os.utime(path, ns=(number * 10**9, number * 10**9))
        paths[close] = path
    assert student.session_files()[0] == paths[True]
    assert student.newest_unfinished() == paths[False]
    assert [saved.closed for saved in student.sessions()] == [True, False]
