"""Walks through the learning around the conversation (issue 22): the students prepare
before it, share the steps' lead during it, and reflect after it; the closing records why a
second appointment was agreed."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, RadioButton

from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session_events import SessionClosed
from hyvinvointi_tui.core.model.state_entries import Roles
from hyvinvointi_tui.core.model.step_events import ClosingChosen
from hyvinvointi_tui.core.model.text_keys import notes_key, preparation_key, reflection_key
from hyvinvointi_tui.i18n import t
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.screens.modals import GoToStepModal
from hyvinvointi_tui.ui.screens.step import StepScreen
from hyvinvointi_tui.ui.screens.writing import PreparationScreen, ReflectionScreen
from hyvinvointi_tui.ui.widgets.toggles import Checkbox

from ..conftest import FakeClock
from ..helpers import keys, notified, pane_text, screen_text, squash, wait_until
from ..scripted import started

SIZE = (120, 40)


@pytest.mark.slow
async def test_a_new_session_is_prepared_before_its_clock_starts(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.new_session(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#client-code", Input).value = "K-7"
        app.screen.query_one("#students", Input).value = "Aino, Ben"
        await pilot.click("#setup-done")
        await wait_until(pilot, lambda: isinstance(app.screen, PreparationScreen))
        assert "Preparation" in screen_text(app)
        # The referral field has the focus: type at once, Tab from field to field.
        await pilot.press(*keys("Referred by the employment services"), "tab")
        await pilot.press(*keys("Aino opens"), "tab", *keys("How to ask about money?"), "tab")
        # Who leads: Enter on a step takes a turn; keys in a row each take one.
        await pilot.press("enter", "down", "enter", "enter")
        clock.advance(1200)  # twenty minutes of preparation
        await pilot.pause()
        state = app.session.state
        assert state.step is None
        assert state.roles["orientation"] == Roles(lead="Aino", note_taker="Ben")
        assert state.roles["wellbeing"] == Roles(lead="Ben", note_taker="Aino")
        assert "Ben leads, Aino takes notes" in squash(pane_text(app, "#roles"))

        await pilot.press("ctrl+n")  # begin the conversation
        await wait_until(pilot, lambda: isinstance(app.screen, StepScreen))
        assert state.step == "orientation"
        assert state.text(preparation_key("referral")) == "Referred by the employment services"
        assert state.text(preparation_key("plan")) == "Aino opens"
        assert state.text(preparation_key("questions")) == "How to ask about money?"
        # The clock started with the conversation: the preparation's minutes count nowhere.
        assert app.session.reading().elapsed == 0
        assert "lead: Aino" in pane_text(app, "#title-bar")
        # The notes have the focus, as on every orientation.
        await pilot.press(*keys("knew"))
        await pilot.pause()
        app.flush_texts()
        assert state.text(notes_key("orientation")) == "knew"


async def test_f2_passes_the_lead_and_the_header_follows(
    protocol: Protocol, clock: FakeClock
) -> None:
    session = started(protocol, clock, lang="en", students=["Aino", "Ben"])
    app = HyvinvointiApp(protocol, lang="en", session=session, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "lead:" not in pane_text(app, "#title-bar")
        await pilot.press(*keys("she said"), "f2")  # while typing, too
        await pilot.pause()
        assert session.state.roles["orientation"] == Roles(lead="Aino", note_taker="Ben")
        assert "lead: Aino" in pane_text(app, "#title-bar")
        await pilot.press("f2")
        await pilot.pause()
        assert "lead: Ben" in pane_text(app, "#title-bar")
        assert session.state.roles["orientation"] == Roles(lead="Ben", note_taker="Aino")
        app.flush_texts()
        assert session.state.text(notes_key("orientation")) == "she said"


async def test_without_students_the_lead_key_says_where_to_name_them(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    app.session.state.setup.students = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert app.session.state.roles == {}
        shown = notified(app)
        assert t("en", "roles.need_students") in shown


async def test_the_preparation_is_reached_mid_session_and_returns_to_the_step(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("stress")
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, GoToStepModal)
        await pilot.press("home", "down", "enter")  # the line under the setup
        await wait_until(pilot, lambda: isinstance(app.screen, PreparationScreen))
        assert t("en", "preparation.back") in screen_text(app)
        await pilot.press("tab", "tab", "tab")  # to the roles
        await pilot.press("down", "down", "enter")  # the stress step's turn
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, StepScreen))
        assert app.session.state.step == "stress"
        assert "lead: Opiskelija A" in pane_text(app, "#title-bar")


async def test_after_closing_the_students_reflect_and_the_teacher_will_read_it(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("closing")
        await pilot.pause()
        app.session.record(ClosingChosen(step="closing", value="none"))
        assert isinstance(app.screen, StepScreen)
        app.screen.propose(SessionClosed(step="closing"))
        await pilot.pause()
        assert t("en", "reflection.open") in squash(screen_text(app))
        assert "Reflection" in squash(screen_text(app).splitlines()[-1] + screen_text(app))
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(app.screen, ReflectionScreen))
        text = squash(screen_text(app))
        for part in ("went_well", "hard"):
            assert t("en", f"reflection.{part}") in text
        await pilot.press(*keys("We listened"), "tab", *keys("Time ran"))
        # The four lenses, below the summary made with the client.
        lens = app.screen.query_one("#field-reflection-environment")
        lens.focus()
        await pilot.press(*keys("Her sister helps"))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, StepScreen))
        state = app.session.state
        assert state.text(reflection_key("went_well")) == "We listened"
        assert state.text(reflection_key("hard")) == "Time ran"
        assert state.text(reflection_key("environment")) == "Her sister helps"
        assert state.closed


async def test_a_second_appointment_records_why(protocol: Protocol, clock: FakeClock) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("closing")
        await pilot.pause()
        assert not app.screen.query_one("#reasons-row").display
        await pilot.press("enter")  # a new appointment
        await pilot.pause()
        assert app.screen.query_one("#reasons-row").display
        app.screen.query_one("#reasons-row").scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        assert t("en", "reasons.guidance") in squash(pane_text(app, "#work"))
        app.screen.query_one("#reason-guidance", Checkbox).focus()
        await pilot.press("space")
        app.screen.query_one("#reason-goals", Checkbox).focus()
        await pilot.press("space")
        await pilot.pause()
        assert app.session.state.reasons["closing"] == ["goals", "guidance"]


async def test_a_session_saved_during_its_preparation_opens_there(
    protocol: Protocol, clock: FakeClock
) -> None:
    session = started(protocol, clock, lang="sv", students=["Aino", "Ben"], prepare=True)
    session.edit_text(preparation_key("plan"), "Aino börjar")
    app = HyvinvointiApp(protocol, lang="sv", session=session, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PreparationScreen)
        assert "Förberedelse" in screen_text(app)
        assert app.session.state.step is None


async def test_the_teacher_s_replay_shows_the_preparation_leads_and_reflection(
    protocol: Protocol,
) -> None:
    from pathlib import Path

    from hyvinvointi_tui.core.debrief.replay import Replayer
    from hyvinvointi_tui.store import keys, session_document
    from hyvinvointi_tui.ui.replay.app import ReplayApp
    from hyvinvointi_tui.ui.replay.screen import ReplayScreen

    demo = Path(__file__).parents[2] / "sessions" / "demo"
    loaded = session_document.load(
        demo / "demo-session.age", keys.read_identity_file(demo / "demo-teacher.key")
    )
    replay = Replayer(loaded.protocol, loaded.events, duration=loaded.meta.saved_t)
    screen = ReplayScreen(
        loaded.protocol, replay, created=loaded.meta.created, client_code="DEMO-7", lang="en"
    )
    app = ReplayApp([screen])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # Times as the session's clock showed them: 15 minutes of preparation and two
        # paused count nowhere, as in the debrief report.
        assert "At 00:00 of 92:00" in squash(pane_text(app, "#title-bar"))
        screen.set_cursor(replay.timeline.bands[4].start + 60)
        await pilot.pause()
        # At the OSA, the step's heading says who led it and who took the notes.
        assert "5. OSA self-assessment Opiskelija B leads, Opiskelija A takes notes" in squash(
            pane_text(app, "#work")
        )
        await pilot.press("r")  # the results at a glance: the whole session
        await pilot.pause()
        box = app.screen.query_one("#results-box")
        text = ""
        for _ in range(12):  # read it all, a page at a time
            text += squash(pane_text(app, "#results-box")) + " "
            box.scroll_page_down(animate=False)
            await pilot.pause()
        assert t("en", "preparation.heading") in text and "taloushuolet" in text
        assert (
            "Stress level: planned 10:00, actual 09:50 · "
            "Opiskelija B leads, Opiskelija A takes notes" in text
        )
        assert t("en", "reflection.heading") in text and "Sisko tukena" in text


async def test_new_with_a_language_sets_up_in_it_whatever_the_preference(
    protocol: Protocol, clock: FakeClock, tmp_path: Path
) -> None:
    """`new --lang sv` opens the setup in Swedish even when the student prefers Finnish
    (the preference is for sessions begun without one)."""
    import pyrage

    from hyvinvointi_tui.core.model.preferences import Preferences
    from hyvinvointi_tui.store.preferences import save_preferences
    from hyvinvointi_tui.store.student import Student

    save_preferences(tmp_path, Preferences(lang="fi"))
    me = Student(tmp_path, pyrage.x25519.Identity.generate(), [])
    app = HyvinvointiApp.new_session(protocol, lang="sv", clock=clock, student=me)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Samtalets språk" in screen_text(app) or "svenska" in screen_text(app)
        assert app.screen.query_one("#lang-sv", RadioButton).value


# --- issue 31, part 11: three or more students choose their roles -------------------------------


async def test_three_students_choose_who_leads_and_who_takes_notes_in_any_step(
    protocol: Protocol, clock: FakeClock
) -> None:
    from hyvinvointi_tui.ui.screens.roles_modal import RolesModal

    session = started(protocol, clock, lang="fi", students=["Aino", "Ben", "Cai"], prepare=True)
    app = HyvinvointiApp(protocol, lang="fi", session=session, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PreparationScreen)
        app.screen.query_one("#roles").focus()
        await pilot.pause()
        assert t("fi", "preparation.roles_choice") in squash(screen_text(app))
        await pilot.press("down", "enter")  # the second step: a choice, not a turn
        await wait_until(pilot, lambda: isinstance(app.screen, RolesModal))
        await pilot.press("down", "down", "enter")  # Cai leads
        await pilot.press("down", "enter")  # Ben takes the notes (Aino, Ben, nobody)
        await wait_until(pilot, lambda: isinstance(app.screen, PreparationScreen))
        assert session.state.roles["wellbeing"] == Roles(lead="Cai", note_taker="Ben")
        assert "vetää Cai, kirjaa Ben" in squash(pane_text(app, "#roles"))
        # The same step again: Aino leads, nobody takes the notes; Esc changes nothing.
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RolesModal))
        await pilot.press("home", "enter", "end", "enter")  # the current lead is highlighted
        await pilot.pause()
        assert session.state.roles["wellbeing"] == Roles(lead="Aino", note_taker="")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RolesModal))
        await pilot.press("escape")
        await pilot.pause()
        assert session.state.roles["wellbeing"] == Roles(lead="Aino", note_taker="")

        await pilot.press("ctrl+n")  # begin: f2 on a step chooses too
        await wait_until(pilot, lambda: isinstance(app.screen, StepScreen))
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, RolesModal))
        await pilot.press("down", "enter", "enter")  # Ben leads, Aino takes notes
        await pilot.pause()
        assert session.state.roles["orientation"] == Roles(lead="Ben", note_taker="Aino")
        assert "vetää: Ben" in pane_text(app, "#title-bar")


async def test_two_students_still_take_turns(protocol: Protocol, clock: FakeClock) -> None:
    session = started(protocol, clock, lang="en", students=["Aino", "Ben"], prepare=True)
    app = HyvinvointiApp(protocol, lang="en", session=session, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#roles").focus()
        await pilot.pause()
        assert t("en", "preparation.roles") in squash(screen_text(app))
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert session.state.roles["orientation"] == Roles(lead="Ben", note_taker="Aino")
