"""The second appointment: a follow-up carries the first session's goals, stress, time circles,
OSA and focus, offers the deferred steps first, and shows what has changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pyrage import x25519
from textual.app import App
from textual.widgets import Input, OptionList, Select

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.core.client import takeaway
from hyvinvointi_tui.core.follow_up.carried import goal_reviews, previous_of, step_order
from hyvinvointi_tui.core.model.protocol import Protocol, resolve_protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import (
    SessionClosed,
    SetupChanged,
    StepEntered,
    one_of,
)
from hyvinvointi_tui.core.model.state import fold
from hyvinvointi_tui.core.model.step_events import (
    GOAL_PROGRESS,
    SUMMARY_COLUMNS,
    ClosingChosen,
    GoalAdded,
    GoalReviewed,
    HoursSet,
    OsaRated,
    StressRated,
    TakeawayChosen,
)
from hyvinvointi_tui.core.model.steps import TIME_CATEGORIES
from hyvinvointi_tui.core.model.text_keys import notes_key, review_note_key
from hyvinvointi_tui.core.page import to_markdown
from hyvinvointi_tui.i18n import Lang
from hyvinvointi_tui.store import keys, session_document, session_file
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.screens.writing import PreparationScreen

from .. import session_saving
from ..conftest import FakeClock
from ..helpers import pane_text, screen_text, squash, wait_until
from ..scripted import goal, next_appointment

PASSPHRASE = "seuranta-salasana"
BOX = str.maketrans("", "", "│╭╮╰╯─")


def read(app: App[Any], selector: str) -> str:
    """A pane's text as one line, without the panels' borders."""
    return squash(pane_text(app, selector).translate(BOX))


FOCUS = "kriisin jälkeiset toimet ja ajankäyttö"


@pytest.fixture(scope="module")
def follow_up_protocol() -> Protocol:
    return resolve_protocol("seurantakeskustelu")


def crisis_session(protocol: Protocol, *, close: bool = True) -> Session:
    """A first session in Finnish: stress 5, the time circle and OSA deferred, one goal,
    a second appointment booked with its focus, then closed."""
    clock = FakeClock()
    session = Session(protocol, clock=clock, created="2026-11-02T09:00:00+00:00")
    session.start(SetupChanged(client_code="K-21", lang="fi", students=["A", "B"]))
    clock.t = 600
    session.record(StepEntered(step="stress"))
    session.record(StressRated(step="stress", value=5))
    clock.t = 900
    assert session.replan_for_crisis("stress") == ["time_circle", "osa"]
    clock.t = 3000
    actions = ["nukkumaan klo 23", "ei puhelinta sängyssä"]
    goal(session, "g1", "Nukun kuusi tuntia yössä", actions, source="stress")
    next_appointment(session, "2026-11-16", "10:00", FOCUS)
    if close:
        clock.t = 5000
        session.record(SessionClosed(step="closing"))
    return session


def test_a_closed_session_gives_its_follow_up_what_it_needs(protocol: Protocol) -> None:
    session = crisis_session(protocol)
    previous = previous_of(
        protocol, session_id=session.session_id, created=session.created, state=session.state
    )
    assert previous.session_id == session.session_id
    assert previous.stress == 5
    assert previous.deferred == ["time_circle", "osa"]
    assert previous.focus == FOCUS
    assert [goal.text for goal in previous.goals] == ["Nukun kuusi tuntia yössä"]
    assert previous.goals[0].actions == ["nukkumaan klo 23", "ei puhelinta sängyssä"]
    assert previous.hours == {} and previous.osa == {}


def test_the_deferred_steps_come_first(protocol: Protocol, follow_up_protocol: Protocol) -> None:
    first = crisis_session(protocol)
    previous = previous_of(
        protocol, session_id=first.session_id, created=first.created, state=first.state
    )
    follow_up = Session(follow_up_protocol, clock=FakeClock())
    follow_up.start(SetupChanged(client_code="K-21", lang="fi", follow_up=True), previous)
    order = [step.id for step in step_order(follow_up_protocol, follow_up.state)]
    assert order[:3] == ["orientation", "time_circle", "osa"]
    assert sorted(order) == sorted(step.id for step in follow_up_protocol.steps)
    # Without deferred steps, the protocol's own order.
    plain = Session(follow_up_protocol, clock=FakeClock())
    plain.start(SetupChanged(client_code="K-21", lang="fi", follow_up=True))
    assert step_order(follow_up_protocol, plain.state) == list(follow_up_protocol.steps)


def test_the_follow_up_protocol_reads_in_every_language(follow_up_protocol: Protocol) -> None:
    assert follow_up_protocol.total_minutes == 60
    kinds = [step.kind for step in follow_up_protocol.steps]
    assert kinds[:3] == ["conversation", "stress", "review"]
    assert {"time_circle", "osa", "goals", "closing"} <= set(kinds)
    assert sum(step.budget_minutes for step in follow_up_protocol.steps) == 60
    for step in follow_up_protocol.steps:
        for lang in ("fi", "en", "sv"):
            assert step.title(lang) and step.guidance(lang)


def test_the_follow_up_survives_a_save_and_a_load(
    protocol: Protocol, follow_up_protocol: Protocol, tmp_path: Path
) -> None:
    first = crisis_session(protocol)
    previous = previous_of(
        protocol, session_id=first.session_id, created=first.created, state=first.state
    )
    # OSA items are numbers: they must come back as numbers from the file's TOML.
    ratings = {3: {"competence": 1, "value": 4}, 12: {"competence": 2}}
    day = {"productive": 2.0, "leisure": 9.5, "self_care": 12.5}
    previous = previous.replace(osa=ratings, hours={"now": day})
    follow_up = Session(follow_up_protocol, clock=FakeClock())
    follow_up.start(SetupChanged(client_code="K-21", lang="fi", follow_up=True), previous)
    follow_up.record(GoalReviewed(step="review", goal_id="g1", progress="partly"))
    follow_up.edit_text(review_note_key("review", "g1"), "nukkuu paremmin viikonloppuisin")
    identity = x25519.Identity.generate()
    path = tmp_path / "follow.age"
    doc = session_saving.session_document(follow_up, saved_t=10.0)
    session_saving.save(path, doc, [identity.to_public()])
    loaded = session_document.load(path, [identity])
    assert loaded.meta.follow_up_of == first.session_id
    state = fold(follow_up_protocol, loaded.events)
    assert state.previous == previous
    assert state.previous.osa[3] == {"competence": 1, "value": 4}
    (review,) = goal_reviews(follow_up_protocol, state)
    assert review.progress == "partly" and review.note == "nukkuu paremmin viikonloppuisin"


def test_what_has_changed_goes_to_the_client_page(
    protocol: Protocol, follow_up_protocol: Protocol
) -> None:
    first = crisis_session(protocol)
    for category, hours in (("productive", 2), ("leisure", 10), ("self_care", 12)):
        first.state.hours.setdefault("time_circle", {}).setdefault("now", {})[category] = hours
    previous = previous_of(
        protocol, session_id=first.session_id, created=first.created, state=first.state
    )
    follow_up = Session(follow_up_protocol, clock=FakeClock())
    follow_up.start(SetupChanged(client_code="K-21", lang="en", follow_up=True), previous)
    follow_up.record(StressRated(step="stress", value=3))
    for category, hours in (("productive", 6), ("leisure", 6), ("self_care", 12)):
        follow_up.record(
            HoursSet(
                step="time_circle",
                variant="now",
                category=one_of(category, TIME_CATEGORIES),
                hours=hours,
            )
        )
    follow_up.record(OsaRated(step="osa", item=3, scale="competence", value=2))
    follow_up.record(GoalReviewed(step="review", goal_id="g1", progress="achieved"))
    follow_up.edit_text(notes_key("review"), "SECRET-NOTE")
    follow_up.record(TakeawayChosen(step="closing", parts=["stress", "time_circle"]))
    page = to_markdown(takeaway.build(follow_up_protocol, follow_up.state, follow_up.created))
    assert "## What has changed" in page
    # In the client's words: the goal as a sentence, the stress in the scale's words (once),
    # the day as hours more or less than last time.
    assert "You reached your goal “Nukun kuusi tuntia yössä”." in page
    assert "Your stress was very high last time; now it is moderate." in page
    assert "3/5" not in page and "## Stress" not in page
    more = "You now spend about 4 hours more a day on work, study or job seeking than last time."
    assert more in page
    assert "You now spend about 4 hours less a day on leisure than last time." in page
    assert "SECRET-NOTE" not in page


# --- the command line and the screens ---------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A student's home with the first session saved (closed) in it."""
    keys.create_student_identity(tmp_path, PASSPHRASE)
    monkeypatch.setenv("HYVINVOINTI_HOME", str(tmp_path))
    monkeypatch.setenv("HYVINVOINTI_PASSPHRASE", PASSPHRASE)
    return tmp_path


def save_for_student(home: Path, session: Session, name: str = "first.age") -> Path:
    student = keys.parse_recipient((home / "identity.pub").read_text(encoding="utf-8"))
    folder = home / "sessions"
    folder.mkdir(exist_ok=True, mode=0o700)
    path = folder / name
    doc = session_saving.session_document(session, saved_t=5000.0)
    session_saving.save(path, doc, [student])
    return path


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> list[HyvinvointiApp]:
    """`new` builds the app and runs it; the test drives the app it built instead."""
    from hyvinvointi_tui.ui.app import HyvinvointiApp

    apps: list[HyvinvointiApp] = []
    monkeypatch.setattr(HyvinvointiApp, "run", lambda self, *a, **k: apps.append(self))
    return apps


@pytest.mark.slow
async def test_new_follow_up_offers_the_deferred_steps_and_names_the_first_session(
    protocol: Protocol,
    home: Path,
    captured: list[HyvinvointiApp],
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = crisis_session(protocol)
    path = save_for_student(home, first)
    assert main(["new", "--follow-up", str(path)]) == 0, capsys.readouterr().err
    (app,) = captured
    state = app.session.state
    assert app.protocol.id == "seurantakeskustelu"
    assert state.setup.client_code == "K-21" and state.setup.lang == "fi"
    assert state.setup.follow_up and state.previous is not None
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # At the preparation, as a session set up on the start screen: the clock waits.
        assert isinstance(app.screen, PreparationScreen)
        assert state.step is None and "K-21" in screen_text(app)
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: app.session.state.step is not None)
        await pilot.pause()
        guide = read(app, "#guide")
        assert "Viime kerralla (2.11.2026)" in guide
        assert f"Sovittu painopiste: {FOCUS}" in guide
        assert "Stressitaso: 5/5 — erittäin korkea" in guide
        assert "Nukun kuusi tuntia yössä" in guide
        assert "tulee tänään ensin: Ajankäyttöympyrä, OSA-itsearviointi" in guide
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.session.state.step == "time_circle"
        assert "2/8 · Ajankäyttöympyrä" in squash(pane_text(app, "#step-title"))
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.session.state.step == "osa"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.session.state.step == "stress"
        await pilot.pause()
        stress_guide = read(app, "#guide")
        assert "Stressitaso: 5/5" in stress_guide
        await pilot.press("3")
        await pilot.pause()
        assert "Viime kerralla 5/5, nyt 3/5" in read(app, "#guide")
        await pilot.press("ctrl+q")
        await pilot.pause()
    saved = [p for p in (home / "sessions").glob("*.age") if p != path]
    (follow_up_file,) = saved
    student = keys.unlock_student_identity(home, PASSPHRASE)
    loaded = session_document.load(follow_up_file, [student])
    assert loaded.meta.follow_up_of == first.session_id
    assert loaded.meta.follow_up is True


@pytest.mark.slow
async def test_the_review_step_records_each_goals_progress_and_note(
    protocol: Protocol, follow_up_protocol: Protocol, captured: list[HyvinvointiApp], home: Path
) -> None:
    path = save_for_student(home, crisis_session(protocol))
    assert main(["new", "--follow-up", str(path), "--lang", "en"]) == 0
    (app,) = captured
    async with app.run_test(size=(120, 40)) as pilot:
        # The goals step's screen is made before the review is (as when it is built ahead):
        # it must still show the progress recorded after.
        app.go_to("goals")
        await pilot.pause()
        app.go_to("review")
        await pilot.pause()
        work = read(app, "#work")
        assert "Nukun kuusi tuntia yössä" in work and "not reviewed yet" in work
        assert "Reviewed 0/1" in work
        await pilot.press("2")  # partly
        await pilot.pause()
        assert app.session.state.reviews == {"review": {"g1": "partly"}}
        await pilot.press("enter")  # to the goal's note
        await pilot.pause()
        await pilot.press(*"sleeps better at weekends", "enter")
        await pilot.pause()
        assert app.session.state.text(review_note_key("review", "g1")) == (
            "sleeps better at weekends"
        )
        work = read(app, "#work")
        assert "● partly — sleeps better at weekends" in work and "Reviewed 1/1" in work
        # The goals step lists last time's goals; Enter starts a revised one from its words.
        app.go_to("goals")
        await pilot.pause()
        assert "Nukun kuusi tuntia yössä — partly" in read(app, "#guide")
        app.screen.query_one("#previous-goals").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#goal-input", Input).value == "Nukun kuusi tuntia yössä"
        assert app.screen.query_one("#goal-source", Select).value == "stress"


def test_follow_up_problems_get_one_clear_message_each(
    protocol: Protocol,
    home: Path,
    captured: list[HyvinvointiApp],
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Another key's session.
    other = x25519.Identity.generate()
    foreign = home / "foreign.age"
    doc = session_saving.session_document(crisis_session(protocol), saved_t=1.0)
    session_saving.save(foreign, doc, [other.to_public()])
    # An unfinished session, and a damaged one.
    unfinished = save_for_student(home, crisis_session(protocol, close=False), "open.age")
    damaged = home / "damaged.age"
    damaged.write_bytes(save_for_student(home, crisis_session(protocol)).read_bytes()[:-30])
    for path, message in (
        (foreign, "this key cannot open it"),
        (unfinished, "this session is not closed yet"),
        (damaged, "the file is damaged"),
        (home / "missing.age", "no such file"),
    ):
        assert main(["new", "--follow-up", str(path)]) == 1
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err
        assert len(err.strip().splitlines()) == 1, err
    first = save_for_student(home, crisis_session(protocol), "again.age")
    assert main(["new", "--follow-up", str(first), "--client", "K-99"]) == 1
    assert "keeps the client code" in capsys.readouterr().err
    assert not captured


async def test_the_start_screen_lists_sessions_that_booked_a_follow_up(
    protocol: Protocol, home: Path
) -> None:
    from hyvinvointi_tui.store.student import open_student
    from hyvinvointi_tui.ui.app import HyvinvointiApp

    save_for_student(home, crisis_session(protocol), "booked.age")
    save_for_student(home, crisis_session(protocol, close=False), "open.age")
    student = open_student(home, PASSPHRASE)
    app = HyvinvointiApp(protocol, student=student, store=student.new_store())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#start-menu", OptionList).highlighted = 1  # follow-up
        await pilot.press("enter")
        await pilot.pause()
        listed = squash(screen_text(app))
        assert listed.count("K-21") == 1  # the closed one that booked an appointment
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.query("#client-code"))
        assert app.screen.query_one("#client-code", Input).value == "K-21"
        await pilot.click("#setup-done")
        await wait_until(pilot, lambda: app.session.state.started)
        assert app.protocol.id == "seurantakeskustelu"
        assert app.session.state.previous is not None
        assert app.session.state.previous.stress == 5


async def test_a_chain_of_sessions_replays_as_one_history(
    protocol: Protocol,
    follow_up_protocol: Protocol,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """first → follow-up → follow-up: replaying the last opens all three, oldest first; [ and ]
    move along the chain, and each follow-up shows what changed since the one before."""
    from hyvinvointi_tui.ui.replay.app import ReplayApp

    teacher_key = tmp_path / "teacher.key"
    teacher = keys.parse_recipient(keys.write_identity_file(teacher_key))
    folder = tmp_path / "sessions"
    folder.mkdir()

    def save(session: Session) -> Path:
        doc = session_saving.session_document(session, saved_t=session.events[-1].t + 10)
        path = folder / session_file.file_name(session.created, "K-21", session.session_id)
        session_saving.save(path, doc, [teacher])
        return path

    sessions = [crisis_session(protocol)]
    for number, (stress, progress) in enumerate(((3, "partly"), (2, "achieved")), 1):
        before = sessions[-1]
        before_protocol = protocol if number == 1 else follow_up_protocol
        previous = previous_of(
            before_protocol,
            session_id=before.session_id,
            created=before.created,
            state=before.state,
        )
        clock = FakeClock()
        follow_up = Session(
            follow_up_protocol, clock=clock, created=f"2026-11-{15 + number}T09:00:00+00:00"
        )
        follow_up.start(SetupChanged(client_code="K-21", lang="en", follow_up=True), previous)
        clock.t = 300
        follow_up.record(StressRated(step="stress", value=stress))
        follow_up.record(
            GoalReviewed(step="review", goal_id="g1", progress=one_of(progress, GOAL_PROGRESS))
        )
        follow_up.record(GoalAdded(step="goals", goal_id="g1", text="Nukun kuusi tuntia yössä"))
        follow_up.record(ClosingChosen(step="closing", value="new_appointment"))
        follow_up.record(SessionClosed(step="closing"))
        sessions.append(follow_up)
    paths = [save(session) for session in sessions]

    apps: list[ReplayApp] = []
    monkeypatch.setattr(ReplayApp, "run", lambda self, *a, **k: apps.append(self))
    assert main(["replay", str(paths[-1]), "--identity", str(teacher_key)]) == 0
    (app,) = apps
    assert len(app.screens_in_chain) == 3
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "session 3/3" in read(app, "#title-bar")
        await pilot.press("end")
        await pilot.pause()
        work = read(app, "#work")
        assert "Change since last time" in work
        # The replay says what changed as the debrief report does (core/debrief/results.py).
        assert "Stress: 3/5 last time, 2/5 now" in work
        assert "Goal “Nukun kuusi tuntia yössä”: achieved" in work
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert "session 2/3" in read(app, "#title-bar")
        await pilot.press("end")
        await pilot.pause()
        assert "Stress: 5/5 last time, 3/5 now" in read(app, "#work")
        await pilot.press("left_square_bracket", "left_square_bracket")  # stops at the first
        await pilot.pause()
        assert "session 1/3" in read(app, "#title-bar")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "session 2/3" in read(app, "#title-bar")
    # A follow-up whose first session is not beside it opens on its own.
    paths[0].unlink()
    apps.clear()
    assert main(["replay", str(paths[1]), "--identity", str(teacher_key)]) == 0
    assert len(apps[0].screens_in_chain) == 1


def test_the_debrief_report_of_a_follow_up_says_what_changed(
    protocol: Protocol, follow_up_protocol: Protocol
) -> None:
    from hyvinvointi_tui.core.debrief import debrief_report
    from hyvinvointi_tui.core.debrief.replay import Replayer

    first = crisis_session(protocol)
    previous = previous_of(
        protocol, session_id=first.session_id, created=first.created, state=first.state
    )
    follow_up = Session(follow_up_protocol, clock=FakeClock(), created="2026-11-16T09:00:00+00:00")
    follow_up.start(SetupChanged(client_code="K-21", lang="en", follow_up=True), previous)
    follow_up.record(StressRated(step="stress", value=2))
    follow_up.record(GoalReviewed(step="review", goal_id="g1", progress="not_yet"))
    follow_up.edit_text(review_note_key("review", "g1"), "SECRET-REVIEW-NOTE")
    replay = Replayer(follow_up_protocol, follow_up.events, duration=600)
    page = to_markdown(
        debrief_report.build(
            follow_up_protocol, replay, created=follow_up.created, client_code="K-21", lang="en"
        )
    )
    assert "## Change since last time" in page
    assert "Goal “Nukun kuusi tuntia yössä”: not yet" in page
    assert "Stress: 5/5 last time, 2/5 now" in page
    assert "SECRET-REVIEW-NOTE" not in page


async def test_the_follow_up_summary_shows_last_time_s_summary(
    protocol: Protocol, follow_up_protocol: Protocol
) -> None:
    """The follow-up builds its own summary (issue 22) beside the one shared last time."""
    from hyvinvointi_tui.core.model.step_events import SummaryEntryAdded
    from hyvinvointi_tui.ui.app import HyvinvointiApp

    first = crisis_session(protocol, close=False)
    for number, (column, text) in enumerate(
        [("strengths", "Sisko tukena"), ("challenges", "Uni katkonaista")]
    ):
        first.record(
            SummaryEntryAdded(
                step="summary",
                entry_id=f"s{number}",
                column=one_of(column, SUMMARY_COLUMNS),
                text=text,
            )
        )
    first.record(SessionClosed(step="closing"))
    previous = previous_of(
        protocol, session_id=first.session_id, created=first.created, state=first.state
    )
    assert (previous.strengths, previous.challenges) == (["Sisko tukena"], ["Uni katkonaista"])
    app = HyvinvointiApp.new_session(
        follow_up_protocol,
        lang="fi",
        client_code="K-21",
        clock=FakeClock(),
        previous=previous,
        begun=True,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        app.go_to("summary")
        await pilot.pause()
        panel = read(app, "#last-time")
        assert "Viime kerralla (2.11.2026)" in panel
        assert "Vahvuudet ja voimavarat • Sisko tukena" in panel
        assert "• Uni katkonaista" in panel


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("fi", "seuranta, edellinen {date}"),
        ("sv", "uppföljning, föregående {date}"),
        ("en", "follow-up of {date}"),
    ],
)
async def test_the_replay_chooser_tells_a_follow_up_from_the_first_session(
    protocol: Protocol, follow_up_protocol: Protocol, home: Path, lang: Lang, said: str
) -> None:
    """Issue 30, item 12: the first session and its follow-up were listed identically."""
    from textual.widgets import OptionList

    from hyvinvointi_tui.core.dates import session_date
    from hyvinvointi_tui.store.student import open_student
    from hyvinvointi_tui.ui.app import HyvinvointiApp

    first = crisis_session(protocol)
    save_for_student(home, first, "first.age")
    said = said.format(date=session_date(first.created, lang))
    previous = previous_of(
        protocol, session_id=first.session_id, created=first.created, state=first.state
    )
    follow_up = Session(follow_up_protocol, clock=FakeClock(), created="2026-12-01T09:00+02:00")
    follow_up.start(SetupChanged(client_code="K-21", lang="fi", follow_up=True), previous)
    save_for_student(home, follow_up, "second.age")
    student = open_student(home, PASSPHRASE)
    app = HyvinvointiApp(protocol, lang=lang, student=student, store=student.new_store())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#start-menu", OptionList).highlighted = 3  # replay
        await pilot.press("enter")
        await wait_until(pilot, lambda: "01.12.2026" in screen_text(app))
        listed = app.screen.query_one(OptionList)
        lines = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert len(lines) == 2, lines
        (second,) = [line for line in lines if "01.12.2026" in line]
        (earlier,) = [line for line in lines if "01.12.2026" not in line]
        assert said in second and said not in earlier
