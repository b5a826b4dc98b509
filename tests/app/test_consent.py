"""Consent and honest confidentiality at Orientation (issue 19, item 4): what the client is
told is true, and their three answers are recorded — a "no" to notes keeps every note out of
the file, and a "no" (or no answer) to course figures keeps the session out of stats."""

from __future__ import annotations

from pathlib import Path

from pyrage import x25519

from hyvinvointi_tui.core.debrief import debrief_report
from hyvinvointi_tui.core.debrief.replay import Replayer, describe
from hyvinvointi_tui.core.model.client_events import ConsentRecorded
from hyvinvointi_tui.core.model.protocol import Protocol, builtin_protocols, load_protocol
from hyvinvointi_tui.core.model.steps import OrientationStep
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.store import session_document, session_file
from hyvinvointi_tui.store.session_store import SessionStore
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.widgets.consent_choices import ConsentChoices
from hyvinvointi_tui.ui.widgets.notes_area import NotesArea

from ..conftest import FakeClock
from ..helpers import screen_text, squash, step_of, wait_until

SIZE = (120, 40)


def test_orientation_tells_the_truth_about_confidentiality() -> None:
    protocol = load_protocol(
        next(p for p in builtin_protocols() if p.stem == "hyvinvointikeskustelu")
    )
    info = {
        lang: step_of(protocol, "orientation", OrientationStep).info(lang)
        for lang in ("fi", "en", "sv")
    }
    assert "luottamuksellinen" not in info["fi"] and "confidential" not in info["en"]
    # No jargon for the client, and the duty to notify child welfare is the teacher's (the
    # students are usually not bound by it): never "we must".
    assert "purku" not in info["fi"] and "debrief" not in info["en"]
    assert "meidän on" not in info["fi"] and "we must" not in info["en"]
    assert "måste vi" not in info["sv"]
    for lang, words in {
        # Who reads it (the course's teachers), that notes wait for a yes, its end, the
        # limits of confidentiality, and the written notice it points to (issue 29).
        "fi": (
            "salattuina",
            "jos annat luvan, myös lyhyitä muistiinpanoja",
            "kurssin opettajat lukevat ne kanssamme",
            "rajatun ajan",
            "henki tai terveys",
            "opettajan on lain mukaan tehtävä lastensuojeluilmoitus",
            "tietosuojaselosteena",
            "Voit sanoa ei",
        ),
        "en": (
            "encrypted",
            "short notes if you consent",
            "the course's teachers read it with us",
            "limited time",
            "life or health",
            "the teacher must by law notify child welfare",
            "privacy notice",
            "You can say no",
        ),
        "sv": (
            "krypterade",
            "med ditt samtycke också korta anteckningar",
            "kursens lärare läser dem",
            "begränsad tid",
            "liv eller hälsa",
            "måste läraren enligt lag göra en barnskyddsanmälan",
            "dataskyddsbeskrivningen",
            "Du kan säga nej",
        ),
    }.items():
        for word in words:
            assert word in info[lang], (lang, word)


def answer(app: HyvinvointiApp, item: str, given: bool) -> None:
    app.screen.query_one("#consent", ConsentChoices).choose(item, given)


async def test_a_no_to_notes_turns_them_off_everywhere_and_keeps_them_out_of_the_file(
    protocol: Protocol, clock: FakeClock, tmp_path: Path
) -> None:
    student = x25519.Identity.generate()
    store = SessionStore(tmp_path, [student.to_public()])
    app = HyvinvointiApp.new_session(
        protocol, lang="fi", client_code="K-314", clock=clock, store=store, begun=True
    )
    async with app.run_test(size=SIZE) as pilot:
        text = squash(screen_text(app))
        assert "Luvat — kysykää asiakkaalta" in text
        assert "Muistiinpanot saa tallentaa läpikäyntiä varten" in text
        app.screen.query_one("#notes", NotesArea).focus()
        await pilot.press(*"ennen lupaa")
        await wait_until(pilot, lambda: app.session.state.text(notes_key("orientation")))
        answer(app, "notes", False)
        answer(app, "figures", True)
        await wait_until(pilot, lambda: app.session.state.notes_declined)
        assert app.session.state.consent == {"notes": False, "figures": True}
        assert "Muistiinpanot pois" in squash(screen_text(app))
        assert app.screen.query_one("#notes", NotesArea).read_only
        app.go_to("wellbeing")
        await pilot.pause()
        assert app.screen.query_one("#notes", NotesArea).read_only
        assert "Muistiinpanot pois" in squash(screen_text(app))
        await pilot.press(*"ei tallennu")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: store.path is not None and store.path.exists())
        await wait_until(pilot, lambda: not app.saving)  # the last change is on disk
        assert store.path is not None
        plaintext = session_file.decrypt(store.path, [student]).decode()
        assert "ennen lupaa" not in plaintext and "ei tallennu" not in plaintext
        loaded = session_document.load(store.path, [student])
        assert loaded.state.text(notes_key("orientation")) == ""
        assert loaded.state.consent == {"notes": False, "figures": True}
        # A mistaken answer is corrected: notes on again.
        app.go_to("orientation")
        await pilot.pause()
        answer(app, "notes", True)
        await wait_until(pilot, lambda: not app.session.state.notes_declined)
        assert not app.screen.query_one("#notes", NotesArea).read_only
        await pilot.press("ctrl+q")


def test_consent_shows_in_the_replay_and_the_report(protocol: Protocol, clock: FakeClock) -> None:
    from hyvinvointi_tui.core.model.session import Session
    from hyvinvointi_tui.core.model.session_events import SetupChanged

    session = Session(protocol, clock=clock)
    session.start(SetupChanged(client_code="K-1", lang="en"))
    session.record(ConsentRecorded(step="orientation", item="notes", given=True))
    session.record(ConsentRecorded(step="orientation", item="contact", given=False))
    assert describe(protocol, session.events[-1], "en") == (
        "Consent: May be contacted for a follow-up: No"
    )
    replay = Replayer(protocol, session.events, duration=session.now())
    page = debrief_report.build(
        protocol, replay, created=session.created, client_code="K-1", lang="en"
    )
    (section,) = [s for s in page.sections if s.heading == "Consent"]
    assert section.lines == [
        "Notes may be kept for going through with the teacher: Yes",
        "Answers may be used in the course's figures: not asked",
        "May be contacted for a follow-up: No",
    ]


async def test_consent_is_answered_with_the_keyboard_and_a_click(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        choices = app.screen.query_one("#consent", ConsentChoices)
        choices.focus()
        await pilot.press("left", "down", "right", "down", "space")
        await wait_until(pilot, lambda: len(app.session.state.consent) == 3)
        assert app.session.state.consent == {"notes": True, "figures": False, "contact": True}
        await pilot.press("space")  # turned over
        await wait_until(pilot, lambda: app.session.state.consent["contact"] is False)
        text = squash(screen_text(app))
        assert "Notes may be kept for going through with the teacher ● Yes ○ No" in text
        # a click on "Yes" of the second row
        offset = choices._label_width + 1
        await pilot.click("#consent", offset=(offset + 1, 1))
        await wait_until(pilot, lambda: app.session.state.consent["figures"] is True)
