"""The real app, driven headless with Pilot: what the student sees and does."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, RadioSet

from hyvinvointi_tui.core.model.protocol import Protocol, resolve_protocol
from hyvinvointi_tui.core.model.step_events import StressRated
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.i18n import LANGUAGES, Lang, t
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.screens.modals import ConfirmQuitModal, GoToStepModal
from hyvinvointi_tui.ui.screens.setup import SetupScreen
from hyvinvointi_tui.ui.screens.start import StartScreen
from hyvinvointi_tui.ui.screens.step import StepScreen
from hyvinvointi_tui.ui.screens.writing import PreparationScreen
from hyvinvointi_tui.ui.widgets.notes_area import NotesArea

from ..conftest import FakeClock
from ..helpers import keys, pane_text, private, screen_text, squash, wait_until

SIZE = (120, 40)


def demo(protocol: Protocol, clock: FakeClock, lang: str = "en") -> HyvinvointiApp:
    return HyvinvointiApp.demo(protocol, lang=lang, clock=clock)


async def test_demo_opens_at_orientation_with_the_notes_focused(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = demo(protocol, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Step 1 of 8 · Orientation" in text
        guide = squash(pane_text(app, "#guide"))
        assert "What were you told about this conversation beforehand?" in guide
        assert isinstance(app.focused, NotesArea)
        for label in ("Next step", "Go to step", "Pause", "Quit"):
            assert label in text


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.slow
async def test_ctrl_n_walks_every_step_to_closing(
    protocol: Protocol, clock: FakeClock, lang: Lang
) -> None:
    app = demo(protocol, clock, lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        seen = [screen_text(app)]
        for _ in range(7):
            await pilot.press("ctrl+n")
            await pilot.pause()
            seen.append(screen_text(app))
        assert app.session.state.step == "closing"
        for number, (step, text) in enumerate(zip(protocol.steps, seen, strict=True), 1):
            assert step.title(lang) in text
            assert t(lang, "step.position", n=number, total=8) in text
        for step in protocol.steps:
            app.go_to(step.id)
            await pilot.pause()
            assert squash(step.say[0](lang)) in squash(pane_text(app, "#guide"))
        assert len(set(seen)) == 8, "every press changes the screen"
        # Past the last step, ctrl+n stays on Closing.
        await pilot.press("ctrl+n")
        assert app.session.state.step == "closing"


async def test_notes_keep_their_text_when_leaving_and_coming_back(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = demo(protocol, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys("knew nothing"))
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.focused, NotesArea), "Wellbeing opens with the notes focused"
        await pilot.press(*"sleep")
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, GoToStepModal)
        await pilot.press("up", "enter")  # from Wellbeing (highlighted) to Orientation
        await pilot.pause()
        assert app.session.state.step == "orientation"
        assert app.screen.query_one(NotesArea).text == "knew nothing"
        assert app.session.state.text(notes_key("wellbeing")) == "sleep"
        assert "knew nothing" in screen_text(app)


async def test_notes_are_recorded_after_a_pause_in_typing(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = demo(protocol, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"calm")
        # Typing is never slowed by recording: the session catches up after a short pause
        # (on a slow machine part of the word may already be recorded).
        assert "calm".startswith(app.session.state.text(notes_key("orientation")))
        # Recorded with no further key: the report comes by itself.
        await wait_until(pilot, lambda: app.session.state.text(notes_key("orientation")) == "calm")


async def test_stress_digits_rate_and_4_opens_the_crisis_guidance(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = demo(protocol, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("stress")
        await pilot.pause()
        assert "Acute situation" not in screen_text(app)
        await pilot.press("2")
        await pilot.pause()
        assert app.session.state.stress == {"stress": 2}
        assert "Rated 2 — fairly low" in screen_text(app)
        # The rating moved the focus to the notes; changing it is going back to the scale.
        await pilot.press("shift+tab", "4")
        await pilot.pause()
        assert "Stress 4: an acute situation" in squash(pane_text(app, "#work"))
        assert "Acute situation. Stop and take it up" in squash(pane_text(app, "#guide"))
        assert [e.value for e in app.session.events if isinstance(e, StressRated)] == [2, 4]


@pytest.mark.parametrize(
    ("lang", "left", "summed"),
    [
        ("fi", "16,5 h jäljellä", "7,5 h"),
        ("sv", "16,5 h kvar", "7,5 h"),
        ("en", "16.5 h left", "7.5 h"),
    ],
)
async def test_the_hours_under_the_time_circle_are_written_as_the_language_writes_them(
    protocol: Protocol, clock: FakeClock, lang: str, left: str, summed: str
) -> None:
    app = demo(protocol, clock, lang)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("time_circle")
        await pilot.pause()
        await pilot.press("7", ",", "5")
        await wait_until(pilot, lambda: app.session.state.hours.get("time_circle"))
        work = squash(pane_text(app, "#work"))
        assert left in work and summed in work, work


@pytest.mark.slow
async def test_time_circle_shows_the_hours_left_and_refuses_25(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = demo(protocol, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("time_circle")
        await pilot.pause()
        await pilot.press("8", "enter", "8", "enter", "9")  # Enter goes down the Now column

        # The value typed last is recorded once the student stops typing.
        def hours() -> dict[str, float]:
            return app.session.state.hours["time_circle"]["now"]

        await wait_until(pilot, lambda: hours().get("self_care") == 9.0)
        work = pane_text(app, "#work")
        assert "Now: 1 h too many: the total must be 24" in work and "25 h" in work
        await pilot.press("backspace", "8")
        await wait_until(pilot, lambda: hours().get("self_care") == 8.0)
        work = pane_text(app, "#work")
        assert "24 h ✓" in work and "too many" not in work
        assert app.session.state.hours["time_circle"]["now"] == {
            "productive": 8.0,
            "leisure": 8.0,
            "self_care": 8.0,
        }
        await pilot.press("backspace", "7", ".", "2")
        await pilot.pause()
        assert "Hours in half-hour steps, 0–24" in pane_text(app, "#work")
        await pilot.press("enter")  # refused: stays in the field, nothing recorded
        await pilot.pause()
        assert app.session.state.hours["time_circle"]["now"]["self_care"] == 8.0  # not 7.2


async def test_time_circle_variants_bars_and_the_difference(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = demo(protocol, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("time_circle")
        await pilot.pause()
        # Now: 2 / 4 / 18, then Enter carries on to the Before column (left empty here).
        await pilot.press("2", "enter", "4", "enter", "1", "8", "enter")
        assert app.focused is not None and app.focused.id == "hours-before-productive"
        await pilot.click("#hours-ideal-productive")
        await pilot.press("6", "enter", "5", "enter", "1", "3", "enter")
        await pilot.pause()
        work = pane_text(app, "#work")
        assert "Ideal − now: productive +4 h, leisure +1 h, care of self and others −5 h" in squash(
            work
        )
        now_bar = next(
            line for line in work.splitlines() if line.lstrip().startswith("Now ") and "█" in line
        )
        assert now_bar.count("█") == 4 and now_bar.count("▓") == 8 and now_bar.count("░") == 36
        assert app.session.state.hours["time_circle"]["ideal"] == {
            "productive": 6.0,
            "leisure": 5.0,
            "self_care": 13.0,
        }


async def test_orientation_and_closing_choices(protocol: Protocol, clock: FakeClock) -> None:
    app = demo(protocol, clock)
    async with app.run_test(size=SIZE) as pilot:
        # A click on an answer of the scale: "partly", and the notes take the typing; back on
        # the scale (Tab, as the question says), a digit: "did not know".
        await pilot.click("#orientation-choice", offset=(12, 1))
        await pilot.pause()
        assert app.session.state.orientation == {"orientation": "partly"}
        assert app.focused is app.screen.query_one("#notes")
        await pilot.press("tab", "3")
        await pilot.pause()
        assert app.session.state.orientation == {"orientation": "did_not_know"}
        app.go_to("closing")
        await pilot.pause()
        assert app.focused is app.screen.query_one(RadioSet)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.session.state.closing["closing"] in {"other_service", "new_appointment"}


async def test_the_clock_counts_and_pauses(protocol: Protocol, clock: FakeClock) -> None:
    app = demo(protocol, clock)
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(4 * 60 + 30)
        app._tick()
        await pilot.pause()
        text = screen_text(app)
        assert "04:30 elapsed" in text and "85:30 left" in text and "Step 04:30 / 05:00" in text
        await pilot.press("ctrl+t")
        clock.advance(600)
        app._tick()
        await pilot.pause()
        text = screen_text(app)
        assert "PAUSED" in text and "04:30 elapsed" in text
        await pilot.press("ctrl+t")
        clock.advance(60)
        app._tick()
        await pilot.pause()
        text = screen_text(app)
        assert "05:30 elapsed" in text and "(+00:30)" in text and "PAUSED" not in text


async def test_overrun_is_shown_plainly(protocol: Protocol, clock: FakeClock) -> None:
    app = demo(protocol, clock)
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(95 * 60)
        app._tick()
        await pilot.pause()
        assert "over time by 05:00" in screen_text(app)


async def test_quit_asks_first_when_something_was_entered(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = demo(protocol, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"important")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuitModal)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StepScreen) and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#confirm-ok")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


async def test_quit_without_input_needs_no_confirmation(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = demo(protocol, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_new_session_setup_refuses_names_and_opens_at_preparation(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.new_session(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert isinstance(app.focused, Input) and app.focused.id == "client-code"
        await pilot.press(*keys("Maija Virtanen"))
        await pilot.pause()
        assert "looks like a name" in screen_text(app)
        await pilot.click("#setup-done")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen) and not app.session.state.started

        app.screen.query_one("#client-code", Input).value = "010190-123A"
        await pilot.pause()
        await pilot.click("#setup-done")
        await pilot.pause()
        assert "identity code" in screen_text(app)
        assert not app.session.state.started

        app.screen.query_one("#client-code", Input).value = "K-014"
        app.screen.query_one("#students", Input).value = "AB, CD"
        await pilot.pause()
        await pilot.click("#setup-done")
        await wait_until(pilot, lambda: isinstance(app.screen, PreparationScreen))
        # Preparation takes none of the session's time: no step has begun.
        assert app.session.state.started and app.session.state.step is None
        assert app.session.state.setup.students == ["AB", "CD"]
        assert "K-014" in screen_text(app)
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: app.session.state.step == "orientation")


async def test_setup_is_reachable_mid_session_and_changes_the_language(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.new_session(
        protocol, lang="fi", client_code="K-2", clock=clock, begun=True
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Vaihe 1/8 · Orientaatio" in screen_text(app)
        # the next step's screen is built ahead, in Finnish
        await wait_until(pilot, lambda: app.is_screen_installed("step:wellbeing"))
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("home", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await pilot.click("#lang-sv")
        await pilot.pause()
        assert "Grunduppgifter" in screen_text(app)
        await pilot.click("#setup-done")
        await pilot.pause()
        assert app.session.state.setup.lang == "sv"
        assert "Steg 1 av 8 · Orientering" in screen_text(app)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "Steg 2 av 8" in screen_text(app) and "Vaihe" not in screen_text(app)


async def test_start_screen_offers_new_and_says_what_is_coming(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        text = screen_text(app)
        assert "New session" in text and "Resume a session" in text
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await pilot.press("up", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)


@pytest.mark.parametrize("step_id", [step.id for step in resolve_protocol().steps])
async def test_every_step_is_usable_at_80x24(
    protocol: Protocol, clock: FakeClock, step_id: str
) -> None:
    app = demo(protocol, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.go_to(step_id)
        await pilot.pause()
        screen = app.screen
        text = screen_text(app)
        step = protocol.step(step_id)
        assert step.title("en")[:20] in text
        assert "elapsed" in text and "Next step" in text
        focused = app.focused
        assert focused is not None and screen.region.contains_region(focused.region)
        # The notes may sit below the step's own input on a small screen: moving to them
        # brings them fully into view, with room to type.
        notes = screen.query_one("#notes")
        notes.focus()
        # Focusing scrolls the pane (animated): wait for the notes to come into view.
        await wait_until(pilot, lambda: screen.region.contains_region(notes.region))
        assert notes.region.height >= 6, "room to type notes"


async def test_a_clock_tick_during_shutdown_is_harmless(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = demo(protocol, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        stack = private(app, "_screen_stacks")[private(app, "_current_mode")]
        stack.clear()  # as while the app is closing
        app._tick()
        stack.append(StartScreen("en"))


async def test_no_difference_until_now_and_ideal_are_whole_days(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = demo(protocol, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("time_circle")
        await pilot.pause()
        await pilot.press("2", "enter", "4")
        await pilot.click("#hours-ideal-productive")
        await pilot.press("6")
        await pilot.pause()
        assert "Ideal − now" not in pane_text(app, "#work")


async def test_crisis_replan_defers_the_rest_and_closing_proposes_a_second_appointment(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = demo(protocol, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("stress")
        await pilot.pause()
        await pilot.press("2", "ctrl+r")  # no crisis: no re-plan offered
        await pilot.pause()
        replan = "Move the rest to a second appointment"
        assert replan not in screen_text(app) and app.session.state.step == "stress"
        await pilot.press("shift+tab", "4")  # the rating took the focus to the notes
        await pilot.pause()
        assert "Acute situation. Stop and take it up" in squash(pane_text(app, "#guide"))
        assert replan in screen_text(app)
        await pilot.press(*"lost the flat", "ctrl+r")  # works while typing notes
        await pilot.pause()
        await pilot.press("escape")  # the incident record: later
        await pilot.pause()
        state = app.session.state
        assert state.step == "closing"
        assert state.deferred == ["time_circle", "osa"]
        assert state.text(notes_key("stress")) == "lost the flat"
        work = squash(pane_text(app, "#work"))
        assert (
            "Proposed: a second appointment focused on the acute situation (stress 4) and on "
            "the steps deferred: Time-use circle, OSA self-assessment." in work
        )
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert screen_text(app).count("→ deferred") == 2


async def test_a_marker_is_dropped_with_the_time_the_key_was_pressed(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = demo(protocol, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        clock.advance(125)
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert "Ask the teacher" in screen_text(app)
        clock.advance(10)  # the student takes a moment to choose
        await pilot.press("2")
        await pilot.pause()
        assert app.session.state.markers == [(125.0, "orientation", "ask_teacher")]
        await wait_until(
            pilot, lambda: "Marker at 02:05: Ask the teacher" in squash(screen_text(app))
        )
        await pilot.press("ctrl+b", "escape")
        await pilot.pause()
        assert len(app.session.state.markers) == 1
        assert "Marker" in screen_text(app)  # in the footer


async def test_the_crisis_names_the_teacher_and_how_to_reach_them(
    protocol: Protocol, clock: FakeClock, tmp_path: Path
) -> None:
    from pyrage import x25519

    from hyvinvointi_tui.core.model.course import Teacher
    from hyvinvointi_tui.store.student import Student

    teacher = Teacher(
        recipient=str(x25519.Identity.generate().to_public()), name="Leena", contact="Teams chat"
    )
    student = Student(tmp_path, x25519.Identity.generate(), [teacher])
    app = HyvinvointiApp(
        protocol, lang="en", session=demo(protocol, clock).session, student=student
    )
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("stress")
        await pilot.pause()
        assert "Leena" not in pane_text(app, "#guide")
        await pilot.press("4")
        await pilot.pause()
        guide = squash(pane_text(app, "#guide"))
        assert "Call the supervising teacher now." in guide
        assert "The course's teachers: Leena (Teams chat)" in guide
    # Without a course (the demo), the reminder says the phone is missing, and how to reach.
    app = demo(protocol, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("stress")
        await pilot.pause()
        await pilot.press("5")
        await pilot.pause()
        assert (
            "Call the supervising teacher now. Their phone number is missing from the course "
            "details: reach them as agreed on the course."
        ) in squash(pane_text(app, "#guide"))


@pytest.mark.slow  # scrypt unlocks or a whole command run: seconds each
async def test_new_with_a_client_code_opens_at_the_preparation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`new --client` opens as a session set up on the start screen does: at the
    preparation, the client code set, the clock waiting; ctrl+n begins the conversation."""
    from hyvinvointi_tui.cli import main
    from hyvinvointi_tui.store import keys as student_keys

    home = tmp_path / "home"
    home.mkdir()
    student_keys.create_student_identity(home, "valmistelu-ensin-1")
    monkeypatch.setenv("HYVINVOINTI_HOME", str(home))
    monkeypatch.setenv("HYVINVOINTI_PASSPHRASE", "valmistelu-ensin-1")
    apps: list[HyvinvointiApp] = []
    monkeypatch.setattr(HyvinvointiApp, "run", lambda self, *a, **k: apps.append(self))
    assert main(["new", "--client", "K-014", "--lang", "en"]) == 0
    (app,) = apps
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PreparationScreen)
        state = app.session.state
        assert state.started and state.step is None and state.setup.client_code == "K-014"
        assert "K-014" in screen_text(app)
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: app.session.state.step == "orientation")
        assert "Step 1 of 8 · Orientation" in screen_text(app)
        await pilot.press("ctrl+q")
