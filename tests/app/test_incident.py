"""The emergency and the crisis (issue 31, items 4-6): the emergency instructions in the
order of what to do, for two students and for one alone, with the supervising teacher's
phone; the crisis guidance asks directly about self-harm; an incident record is asked for
after the emergency instructions and after a crisis re-plan, and kept whatever the client
said about notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyrage import x25519
from textual.pilot import Pilot
from textual.widgets import Input

from hyvinvointi_tui.core.client import notice
from hyvinvointi_tui.core.debrief import debrief_report
from hyvinvointi_tui.core.debrief.replay import Replayer, describe
from hyvinvointi_tui.core.model.client_events import CourseNoted, EmergencyRaised, IncidentRecorded
from hyvinvointi_tui.core.model.course import Privacy
from hyvinvointi_tui.core.model.events import events_adapter, kept_events
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SetupChanged, StepEntered
from hyvinvointi_tui.core.model.state import fold
from hyvinvointi_tui.core.model.steps import OrientationStep
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.core.page import to_markdown
from hyvinvointi_tui.i18n import Lang
from hyvinvointi_tui.store import session_document, session_file
from hyvinvointi_tui.store.session_store import SessionStore
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.screens.emergency import EmergencyModal
from hyvinvointi_tui.ui.screens.incident import IncidentModal
from hyvinvointi_tui.ui.widgets.consent_choices import ConsentChoices
from hyvinvointi_tui.ui.widgets.notes_area import NotesArea

from ..conftest import FakeClock
from ..helpers import keys, notified, pane_text, screen_text, squash, step_of, wait_until
from ..scripted import started

SIZE = (120, 40)
PHONE = "040 000 0000"  # not a real number: the course file gives the real one


def course_app(
    protocol: Protocol, clock: FakeClock, lang: Lang, students: list[str], phone: str = ""
) -> HyvinvointiApp:
    """A session under way whose course gave the supervising teacher's phone (or none)."""
    session = Session(protocol, clock=clock)
    setup = SetupChanged(client_code="K-31", lang=lang, students=students)
    privacy = Privacy(supervisor_phone=phone)
    session.start(setup, course=CourseNoted(course="OT", privacy=privacy))
    return HyvinvointiApp(protocol, lang=lang, session=session, clock=clock)


# A dialog's or a box's frame, drawn on each line a sentence wraps onto.
FRAME = str.maketrans("", "", "█▀▄▔▁┃━┏┓┗┛│─╭╮╰╯▇▆▅▃▂")


def read(text: str) -> str:
    """The words on the screen, as a reader takes them in, without the frames."""
    return squash(text.translate(FRAME))


async def emergency_text(app: HyvinvointiApp, pilot: Pilot[None]) -> str:
    await pilot.press("ctrl+l")
    await wait_until(pilot, lambda: isinstance(app.screen, EmergencyModal))
    await wait_until(pilot, lambda: "3. " in screen_text(app))
    return read(screen_text(app))


# --- item 4: the emergency instructions ------------------------------------------------------


@pytest.mark.parametrize(
    "lang, steps",
    [
        (
            "fi",
            [
                "1. Soittakaa 112, kun henki tai terveys on vaarassa. Jos asiakas tarvitsee "
                "kiireellistä hoitoa, saattakaa hänet päivystykseen.",
                "2. Älkää jättäkö asiakasta yksin: toinen teistä jää hänen luokseen.",
                "3. Toinen teistä hakee ohjaavan opettajan paikalle tai soittaa hänelle: "
                "040 000 0000.",
            ],
        ),
        (
            "sv",
            [
                "1. Ring 112 när liv eller hälsa är i fara. Om klienten behöver brådskande "
                "vård, följ hen till jouren.",
                "2. Lämna inte klienten ensam: en av er stannar hos hen.",
                "3. En av er hämtar den handledande läraren eller ringer hen: 040 000 0000.",
            ],
        ),
        (
            "en",
            [
                "1. Call 112 when life or health is in danger.",
                "2. Do not leave the client alone: one of you stays with them.",
                "3. One of you fetches the supervising teacher or calls them: 040 000 0000.",
            ],
        ),
    ],
)
async def test_two_students_call_112_first_stay_with_the_client_and_fetch_the_teacher(
    protocol: Protocol, clock: FakeClock, lang: Lang, steps: list[str]
) -> None:
    app = course_app(protocol, clock, lang, ["A", "B"], PHONE)
    async with app.run_test(size=SIZE) as pilot:
        text = await emergency_text(app, pilot)
    places = [text.index(step) for step in steps]
    assert places == sorted(places), "in the order of what to do"
    assert "viekää" not in text


@pytest.mark.parametrize(
    "lang, steps",
    [
        (
            "fi",
            [
                "1. Soita itse 112, kun henki tai terveys on vaarassa.",
                "2. Älä jätä asiakasta yksin: pysy hänen luonaan koko ajan.",
                "3. Soita ohjaavalle opettajalle. Opettajan puhelinnumero puuttuu kurssin "
                "tiedoista",
            ],
        ),
        (
            "en",
            [
                "1. Call 112 yourself when life or health is in danger.",
                "2. Do not leave the client alone: stay with them the whole time.",
                "3. Call the supervising teacher. Their phone number is missing from the "
                "course details",
            ],
        ),
    ],
)
async def test_a_student_alone_is_told_to_do_each_thing_themselves(
    protocol: Protocol, clock: FakeClock, lang: Lang, steps: list[str]
) -> None:
    app = course_app(protocol, clock, lang, ["A"])  # and the course gave no phone
    async with app.run_test(size=SIZE) as pilot:
        text = await emergency_text(app, pilot)
    places = [text.index(step) for step in steps]
    assert places == sorted(places)
    assert "one of you" not in text and "toinen teistä" not in text


async def test_without_a_course_the_instructions_say_the_phone_is_missing(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="fi", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        text = await emergency_text(app, pilot)
    assert "Opettajan puhelinnumero puuttuu kurssin tiedoista" in text


# --- item 5: the crisis guidance ---------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, ask, call",
    [
        (
            "fi",
            "Kysykää suoraan: ”Onko sinulla ollut ajatuksia vahingoittaa itseäsi tai ettet "
            "haluaisi elää?”",
            "Soittakaa ohjaavalle opettajalle nyt: 040 000 0000.",
        ),
        (
            "sv",
            "Fråga rakt ut: ”Har du haft tankar på att skada dig själv eller på att du inte "
            "vill leva?”",
            "Ring den handledande läraren nu: 040 000 0000.",
        ),
        (
            "en",
            'Ask directly: "Have you had thoughts of harming yourself, or of not wanting to live?"',
            "Call the supervising teacher now: 040 000 0000.",
        ),
    ],
)
async def test_at_stress_4_the_guidance_asks_about_self_harm_and_to_call_the_teacher(
    protocol: Protocol, clock: FakeClock, lang: Lang, ask: str, call: str
) -> None:
    app = course_app(protocol, clock, lang, ["A", "B"], PHONE)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("stress")
        await pilot.pause()
        assert ask not in read(pane_text(app, "#guide"))
        await pilot.press("4")
        await pilot.pause()
        guide = read(pane_text(app, "#guide"))
    assert ask in guide and call in guide
    assert "unsure" not in guide and "epävarm" not in guide and "osäkra" not in guide


def test_no_shipped_crisis_guidance_waits_for_the_students_to_be_unsure() -> None:
    from hyvinvointi_tui.core.model.protocol import builtin_protocols, load_protocol

    for path in builtin_protocols():
        for step in load_protocol(path).steps:
            guidance = getattr(step, "crisis_guidance", None)
            if guidance is None:
                continue
            for lang, unsure in (("fi", "epävarm"), ("sv", "osäkra"), ("en", "unsure")):
                assert unsure not in guidance(lang), (path.name, lang)


# --- item 6: the incident record ---------------------------------------------------------------


async def fill(
    pilot: Pilot[None], app: HyvinvointiApp, happened: str, done: str, told: str
) -> None:
    await wait_until(pilot, lambda: isinstance(app.screen, IncidentModal))
    await wait_until(pilot, lambda: bool(app.screen.query("#incident-told")))
    for part, text in (("happened", happened), ("done", done), ("told", told)):
        app.screen.query_one(f"#incident-{part}", Input).focus()
        await pilot.press(*keys(text))
    await pilot.press("enter")  # on the last field: saved
    await wait_until(pilot, lambda: not isinstance(app.screen, IncidentModal))


async def test_the_record_is_asked_for_once_the_emergency_instructions_close(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("wellbeing")
        await pilot.pause()
        clock.advance(300)
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, EmergencyModal))
        assert not any(isinstance(s, IncidentModal) for s in app.screen_stack), "not before"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, IncidentModal))
        await wait_until(pilot, lambda: "What happened?" in screen_text(app))
        assert "The emergency instructions were opened" in read(screen_text(app))
        clock.advance(200)
        await fill(pilot, app, "chest pain", "called 112", "the teacher")
    (raised,) = [e for e in app.session.events if isinstance(e, EmergencyRaised)]
    (record,) = [e for e in app.session.events if isinstance(e, IncidentRecorded)]
    assert (record.trigger, record.step, record.at) == ("emergency", "wellbeing", raised.t)
    assert (record.happened, record.done, record.told) == (
        "chest pain",
        "called 112",
        "the teacher",
    )


@pytest.mark.slow
async def test_the_record_is_asked_for_after_a_re_plan_and_can_be_written_later(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="fi", clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.go_to("stress")
        await pilot.pause()
        await pilot.press("5", "ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, IncidentModal))
        assert app.session.state.step == "closing", "the re-plan is done first"
        await wait_until(pilot, lambda: "Mitä tapahtui?" in screen_text(app))
        assert "loput vaiheet siirrettiin toiseen tapaamiseen" in read(screen_text(app))
        await pilot.press("escape")  # later; nothing typed: nothing recorded
        await wait_until(pilot, lambda: not isinstance(app.screen, IncidentModal))
        assert not app.session.state.incidents
        shown = notified(app)
        assert "Tilannekirjaus on vielä tekemättä" in shown
        app.action_incident_record()  # the palette's "Tilannekirjaus"
        await fill(pilot, app, "menetti asunnon", "kriisisuunnitelma", "opettaja")
    (incident,) = app.session.state.incidents.values()
    assert (incident.trigger, incident.step) == ("crisis", "stress")
    assert incident.happened == "menetti asunnon"


@pytest.mark.slow
async def test_the_record_is_in_the_file_when_the_client_said_no_to_notes(
    protocol: Protocol, clock: FakeClock, tmp_path: Path
) -> None:
    student = x25519.Identity.generate()
    store = SessionStore(tmp_path, [student.to_public()])
    app = HyvinvointiApp.new_session(
        protocol, lang="en", client_code="K-406", clock=clock, store=store, begun=True
    )
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#notes", NotesArea).focus()
        await pilot.press(*keys("a note never kept"))
        await wait_until(pilot, lambda: app.session.state.text(notes_key("orientation")))
        app.screen.query_one("#consent", ConsentChoices).choose("notes", False)
        await wait_until(pilot, lambda: app.session.state.notes_declined)
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, EmergencyModal))
        await pilot.press("escape")
        await fill(pilot, app, "client fainted", "recovery position", "teacher Leena")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: store.path is not None and store.path.exists())
        await wait_until(pilot, lambda: not app.saving)
        await pilot.press("ctrl+q")
    assert store.path is not None
    plaintext = session_file.decrypt(store.path, [student]).decode()
    assert "a note never kept" not in plaintext
    for text in ("client fainted", "recovery position", "teacher Leena", "incident_recorded"):
        assert text in plaintext, text
    loaded = session_document.load(store.path, [student])
    (incident,) = loaded.state.incidents.values()
    assert incident.told == "teacher Leena"


def _incident_session(protocol: Protocol, clock: FakeClock) -> Session:
    session = started(protocol, clock, lang="en", students=["A", "B"])
    clock.advance(600)
    session.record(StepEntered(step="wellbeing"))
    clock.advance(120)
    raised = session.record(EmergencyRaised(step="wellbeing"))
    clock.advance(400)
    session.record(
        IncidentRecorded(
            step="wellbeing",
            incident_id="a1",
            trigger="emergency",
            at=raised.t,
            happened="Talked of ending his life",
            done="Stayed with him, teacher came",
        )
    )
    clock.advance(60)
    session.record(EmergencyRaised(step="wellbeing"))  # a second one, never written up
    return session


def test_the_record_shows_in_the_debrief_report_and_the_replay(
    protocol: Protocol, clock: FakeClock
) -> None:
    session = _incident_session(protocol, clock)
    replay = Replayer(protocol, session.events, duration=session.now())
    page = debrief_report.build(
        protocol, replay, created=session.created, client_code="K-31", lang="en"
    )
    (section,) = [s for s in page.sections if s.heading.startswith("Incident records")]
    assert section.lines == [
        "12:00 The emergency instructions were opened (How are you doing?)",
        "19:40 The emergency instructions were opened (How are you doing?): no incident record.",
    ]
    assert section.details[0] == [
        "What happened: Talked of ending his life",
        "What was done: Stayed with him, teacher came",
        "Who was told: not recorded",
    ]
    assert section.marked == {1}
    markdown = to_markdown(page)
    assert "What happened: Talked of ending his life" in markdown
    line = describe(protocol, session.events[-2], "en")
    assert line.startswith("Incident record: The emergency instructions were opened. ")
    assert "What was done: Stayed with him, teacher came." in line


def test_the_record_is_kept_through_a_notes_no_and_old_files_still_fold(
    protocol: Protocol, clock: FakeClock
) -> None:
    from hyvinvointi_tui.core.model.client_events import ConsentRecorded

    session = _incident_session(protocol, clock)
    session.record(ConsentRecorded(step="orientation", item="notes", given=False))
    session.edit_text(notes_key("wellbeing"), "not kept")
    kept = kept_events(session.events)
    assert any(isinstance(e, IncidentRecorded) for e in kept)
    assert not any(getattr(e, "key", "") == notes_key("wellbeing") for e in kept)
    # A file written before the incident record existed reads as it did.
    older = [e for e in session.events if not isinstance(e, IncidentRecorded)]
    rows = [e.fields() for e in older]
    state = fold(protocol, events_adapter().validate_python(rows))
    assert state.incidents == {} and len(state.emergencies) == 2


def test_an_over_long_record_is_refused_when_read(protocol: Protocol) -> None:
    row = {
        "kind": "incident_recorded",
        "t": 1.0,
        "step": "wellbeing",
        "incident_id": "a1",
        "trigger": "emergency",
        "happened": "x" * 501,
    }
    with pytest.raises(ValueError):
        events_adapter().validate_python([row])


@pytest.mark.parametrize(
    "lang, said",
    [
        ("fi", "hätätilanteesta tai kriisistä aina lyhyt turvallisuuskirjaus"),
        ("sv", "vid en nödsituation eller kris alltid en kort säkerhetsanteckning"),
        ("en", "after an emergency or a crisis always a short safety record"),
    ],
)
def test_the_notice_and_the_consent_text_say_the_record_is_kept_without_consent(
    protocol: Protocol, lang: Lang, said: str
) -> None:
    page = notice.build(Privacy(), lang)
    assert said in " ".join(line for section in page.sections for line in section.lines)
    info = step_of(protocol, "orientation", OrientationStep).info(lang)  # read to the client
    assert {
        "fi": "kirjaamme lyhyesti, mitä tapahtui, myös ilman lupaa muistiinpanoihin",
        "sv": "skriver kort ner vad som hände, också utan samtycke till anteckningar",
        "en": "write down briefly what happened, even without your consent to notes",
    }[lang] in " ".join(info.split())


def test_the_clients_access_copy_shows_the_record(protocol: Protocol, clock: FakeClock) -> None:
    """What the file keeps about the client, the incident record with it."""
    from hyvinvointi_tui.core.client import access_copy, access_html

    session = _incident_session(protocol, clock)
    kept = access_copy.Kept(
        protocol=session.protocol,
        state=session.state,
        created=session.created,
        session_id=session.session_id,
    )
    page = access_html.to_html(access_copy.build([kept]))
    assert "incident record (the emergency instructions were opened)" in page
    assert "What happened: Talked of ending his life." in page


async def test_the_replays_results_show_the_record(protocol: Protocol, clock: FakeClock) -> None:
    from hyvinvointi_tui.ui.replay.app import ReplayApp
    from hyvinvointi_tui.ui.replay.screen import ReplayScreen

    session = _incident_session(protocol, clock)
    replay = Replayer(protocol, session.events, duration=session.now())
    screen = ReplayScreen(protocol, replay, created=session.created, client_code="K-31", lang="en")
    app = ReplayApp([screen])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await wait_until(pilot, lambda: bool(app.screen.query("#results-box")))
        await pilot.pause()
        results = read(pane_text(app, "#results-box"))
    assert "Incident records (emergency, crisis)" in results
    assert "What happened: Talked of ending his life" in results


def test_a_name_corrected_out_of_the_record_is_in_no_version_written(
    protocol: Protocol, clock: FakeClock
) -> None:
    from hyvinvointi_tui.core.privacy.erasure import PLACEHOLDER, purged

    session = _incident_session(protocol, clock)
    first = session.state.incidents["a1"]
    for happened in ("Matti Virtanen talked of ending his life", "Talked of ending his life"):
        session.record(
            IncidentRecorded(
                step="wellbeing",
                incident_id="a1",
                trigger="emergency",
                at=first.at,
                happened=happened,
                done=first.done,
            )
        )
    written = purged(session.events)
    records = [e for e in written if isinstance(e, IncidentRecorded)]
    assert not any("Matti" in e.happened for e in records)
    assert PLACEHOLDER * len("Matti Virtanen ") in records[1].happened
    assert records[-1].happened == "Talked of ending his life"
    assert fold(protocol, written).incidents == session.state.incidents
