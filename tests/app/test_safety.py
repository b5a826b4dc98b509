"""The client's safety (issue 19, items 1-3): immediate danger has its own key, screen and
event; help contacts with verified numbers; a client in crisis goes home with the plan, the
next appointment and where to get help."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.core.client import takeaway
from hyvinvointi_tui.core.debrief import debrief_report, stats
from hyvinvointi_tui.core.debrief.replay import Replayer, describe
from hyvinvointi_tui.core.model.client_events import EmergencyRaised
from hyvinvointi_tui.core.model.protocol import (
    Protocol,
    builtin_protocols,
    load_protocol,
    resolve_protocol,
)
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SessionClosed, SetupChanged, StepEntered
from hyvinvointi_tui.core.model.step_events import AppointmentSet, ClosingChosen, StressRated
from hyvinvointi_tui.core.model.text_keys import crisis_plan_key, notes_key
from hyvinvointi_tui.core.page import to_markdown
from hyvinvointi_tui.i18n import Lang
from hyvinvointi_tui.ui.app import HyvinvointiApp
from hyvinvointi_tui.ui.screens.emergency import EmergencyModal

from ..conftest import FakeClock
from ..helpers import keys, screen_text, squash, wait_until

SIZE = (120, 40)


# --- item 1: immediate danger ------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, stay, helpline",
    [
        ("fi", "Älkää jättäkö asiakasta yksin", "MIELI Kriisipuhelin 09 2525 0111"),
        ("en", "Do not leave the client alone", "MIELI Crisis Helpline 09 2525 0116"),
        ("sv", "Lämna inte klienten ensam", "MIELI Kristelefonen 09 2525 0112"),
    ],
)
async def test_the_emergency_key_works_while_typing_and_records_the_moment(
    protocol: Protocol, clock: FakeClock, lang: Lang, stay: str, helpline: str
) -> None:
    app = HyvinvointiApp.demo(protocol, lang=lang, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("wellbeing")
        await pilot.pause()
        await pilot.press(*keys("puhuu itsetuhoisesti"))
        clock.advance(61)
        await pilot.press("ctrl+l")  # from inside the notes
        await wait_until(pilot, lambda: isinstance(app.screen, EmergencyModal))
        text = squash(screen_text(app))
        assert stay in text and "112" in text and helpline in text
        (event,) = [e for e in app.session.events if isinstance(e, EmergencyRaised)]
        assert event.step == "wellbeing" and event.t >= 61
        # the words typed up to that moment are recorded before it
        assert app.session.state.text(notes_key("wellbeing")) == "puhuu itsetuhoisesti"
        assert app.session.events.index(event) > max(
            i for i, e in enumerate(app.session.events) if getattr(e, "key", "").endswith("notes")
        )
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, EmergencyModal)


async def test_the_emergency_key_is_in_the_key_line_and_works_after_closing(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        assert "^l Emergency" in screen_text(app)
        app.session.record(StepEntered(step="closing"))
        app.session.record(SessionClosed(step="closing"))
        await pilot.pause()
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, EmergencyModal))
        assert app.session.state.emergencies and app.session.state.closed


def _emergency_session(protocol: Protocol, clock: FakeClock) -> Session:
    session = Session(protocol, clock=clock)
    session.start(SetupChanged(client_code="K-19", lang="en"))
    clock.advance(600)
    session.record(StepEntered(step="wellbeing"))
    clock.advance(120)
    session.record(EmergencyRaised(step="wellbeing"))
    return session


def test_an_emergency_shows_in_the_replay_the_report_and_stats_as_a_count(
    protocol: Protocol, clock: FakeClock
) -> None:
    session = _emergency_session(protocol, clock)
    line = describe(protocol, session.events[-1], "en")
    assert line == "IMMEDIATE DANGER: How are you doing?"
    replay = Replayer(protocol, session.events, duration=session.now())
    page = debrief_report.build(
        protocol, replay, created=session.created, client_code="K-19", lang="en"
    )
    (section,) = [s for s in page.sections if s.heading.startswith("Immediate danger")]
    assert section.lines == ["12:00 (How are you doing?)"]
    assert page.sections[0] is section, "first in the report"
    row = stats.row(protocol, session.events, stats.FileFacts(saved_t=session.now()), b"salt")
    assert row["emergencies"] == 1
    assert not any("wellbeing" in str(value) for value in row.values()), "a count only"


# --- item 2: help contacts ---------------------------------------------------------------------


def test_the_shipped_help_contacts_are_112_116117_and_mieli_with_their_check_dates() -> None:
    for path in builtin_protocols():
        protocol = load_protocol(path)
        by_phone = {contact.phone("fi"): contact for contact in protocol.help_contacts}
        assert set(by_phone) == {"112", "116117", "09 2525 0111"}, path
        assert by_phone["112"].emergency
        mieli = by_phone["09 2525 0111"]
        assert (mieli.phone("en"), mieli.phone("sv")) == ("09 2525 0116", "09 2525 0112")
        for contact in protocol.help_contacts:
            assert contact.checked, f"{contact.name('en')}: a shipped number has its check date"
        # The page the numbers come from is cited beside them.
        assert "http://mieli.fi/helpline" in path.read_text(encoding="utf-8")


def test_protocol_check_warns_of_a_help_contact_not_checked_for_a_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = next(p for p in builtin_protocols() if p.stem == "hyvinvointikeskustelu")
    text = shipped.read_text(encoding="utf-8").replace(
        'checked = "2026-12-03"  # the national emergency number', 'checked = "2020-01-31"'
    )
    path = tmp_path / "old.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["protocol", "check", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("ok: ")
    assert (
        "warning: help contact 'Emergency number 112': last checked 2020-01-31, over a year ago"
        in captured.err
    )
    data = tomllib.loads(text)
    data["help_contacts"][0]["checked"] = "31.1.2020"
    path.write_text(text.replace('checked = "2020-01-31"', 'checked = "31.1.2020"'))
    assert main(["protocol", "check", str(path)]) == 1
    assert "help_contacts[1].checked" in capsys.readouterr().err


# --- item 3: the crisis plan goes home with the client -----------------------------------------


@pytest.mark.slow
async def test_a_crisis_session_gives_the_client_a_page_led_by_the_plan(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="fi", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("stress")
        await pilot.pause()
        assert not app.screen.query_one("#crisis-plan").display, "only in a crisis"
        await pilot.press("4")
        await pilot.pause()
        assert app.screen.query_one("#crisis-plan").display
        for part, words in (
            ("today", "kävely ja sisaren soitto"),
            ("contacts", "sisar ja MIELI"),
            ("week", "aika terveysasemalle"),
        ):
            app.screen.query_one(f"#plan-{part}").focus()
            await pilot.press(*keys(words))
        await pilot.press("ctrl+s")
        await pilot.pause()
        state = app.session.state
        assert state.text(crisis_plan_key("stress", "week")) == "aika terveysasemalle"
        app.session.record(ClosingChosen(step="closing", value="new_appointment"))
        app.session.record(AppointmentSet(step="closing", date="2026-12-10", time="14:00"))
        page = takeaway.build(protocol, app.session.state, app.session.created)
    headings = [section.heading for section in page.sections]
    assert headings[:3] == [
        "Sovimme yhdessä näin",
        "Miten jatketaan",
        "Jos olo pahenee, apua saat täältä",
    ]
    plan, upcoming, help_ = page.sections[:3]
    assert plan.lines == [
        "Tänään sinua auttaa: kävely ja sisaren soitto",
        "Voit ottaa yhteyttä: sisar ja MIELI",
        "Tällä viikolla: aika terveysasemalle",
    ]
    assert "10.12.2026" in upcoming.lines[0]
    assert help_.lines[0].startswith("Hätänumero 112 (aina auki) — ")
    assert any("09 2525 0111" in line for line in help_.lines)
    markdown = to_markdown(page)
    assert "Tällä kertaa ei kirjattu tavoitteita" not in markdown


def test_an_emergency_alone_makes_the_page_a_crisis_page(
    protocol: Protocol, clock: FakeClock
) -> None:
    session = _emergency_session(protocol, clock)
    page = takeaway.build(protocol, session.state, session.created)
    headings = [section.heading for section in page.sections]
    assert headings == ["What happens next", "If you feel worse, you can get help here"]


def test_a_page_without_a_crisis_is_as_before(protocol: Protocol, clock: FakeClock) -> None:
    session = Session(protocol, clock=clock)
    session.start(SetupChanged(client_code="K-19", lang="en"))
    session.record(StressRated(step="stress", value=2))
    page = takeaway.build(protocol, session.state, session.created)
    assert [section.heading for section in page.sections] == [
        "Your goals",
        "What happens next",
        "If you feel worse",
    ]


def test_a_protocol_without_112_still_gives_it_on_a_crisis_page(clock: FakeClock) -> None:
    protocol = resolve_protocol().replace(help_contacts=[])
    session = _emergency_session(protocol, clock)
    page = takeaway.build(protocol, session.state, session.created)
    (help_,) = [s for s in page.sections if s.heading.startswith("If you feel worse")]
    assert help_.lines == ["Emergency number 112 — when life or health is in immediate danger."]


async def test_at_80x24_the_emergency_instructions_come_first(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="fi", clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, EmergencyModal))
        await pilot.pause()
        text = squash(screen_text(app))
        for first in (
            "Välitön vaara",
            "1. Soittakaa 112, kun henki tai terveys on vaarassa",
            "2. Älkää jättäkö asiakasta yksin",
            "3. Toinen teistä hakee ohjaavan opettajan",
        ):
            assert first in text, first
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, EmergencyModal)
