"""The client's take-away page: goals, actions and what happens next, in the session's
language; the students' notes never; ratings only when ticked in."""

from __future__ import annotations

import html
import html.parser
import re
from dataclasses import replace
from pathlib import Path

import pytest

from hyvinvointi_tui.cli import main
from hyvinvointi_tui.core.client import takeaway
from hyvinvointi_tui.core.instruments.day_circle import DayCircles
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SessionClosed, SetupChanged, one_of
from hyvinvointi_tui.core.model.step_events import (
    ServiceChosen,
    StressRated,
    SummaryEntryAdded,
    TakeawayChosen,
    TakeawayPart,
)
from hyvinvointi_tui.core.model.steps import (
    TIME_CATEGORIES,
    VARIANTS,
    Category,
    ClosingStep,
    StressStep,
    Variant,
)
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.core.page import Page, Section, _estimate, fit, to_html, to_markdown
from hyvinvointi_tui.i18n import Lang
from hyvinvointi_tui.store import keys

from .. import session_saving
from ..conftest import FakeClock
from ..helpers import step_of
from ..scripted import day, goal, next_appointment

CANARY = "NOTE-CANARY-7731"


def session_with(
    protocol: Protocol,
    clock: FakeClock,
    lang: Lang = "en",
    parts: tuple[TakeawayPart, ...] = (),
    days: tuple[tuple[Variant, tuple[float, float, float]], ...] = (),
) -> Session:
    """A closed session with two goals and the next appointment; `days` the time circle's
    (variant, (productive, leisure, self-care hours))."""
    session = Session(protocol, clock=clock, created="2026-11-22T10:00:00+00:00")
    session.start(SetupChanged(client_code="K-14", lang=lang, students=["Aino", "Ben"]))
    session.edit_text(notes_key("orientation"), f"students' notes {CANARY}")
    session.record(StressRated(step="stress", value=3))
    session.edit_text(notes_key("stress"), f"more notes {CANARY}")
    for variant, hours in days:
        day(session, variant, hours)
    session.record(
        SummaryEntryAdded(
            step="summary", entry_id="s1", column="strengths", text="A sister who helps"
        )
    )
    actions = ["Phone out of the bedroom", "Walk at 8 pm"]
    goal(session, "g1", "Sleep before midnight", actions, due="2026-12-15", source="osa:3")
    goal(session, "g2", "Call a friend every week")
    next_appointment(session, "2026-12-03", "14:30", "How the sleep goal went")
    session.record(
        ServiceChosen(
            step="closing", service=step_of(protocol, "closing", ClosingStep).services[0].name(lang)
        )
    )
    session.edit_text(notes_key("closing"), f"closing note {CANARY}")
    session.record(TakeawayChosen(step="closing", parts=list(parts)))
    session.record(SessionClosed(step="closing"))
    return session


def test_the_page_has_goals_actions_and_the_next_appointment_and_no_notes(
    protocol: Protocol, clock: FakeClock
) -> None:
    session = session_with(protocol, clock)
    page = to_markdown(takeaway.build(protocol, session.state, session.created))
    assert "# Our wellbeing conversation" in page
    assert "1. Sleep before midnight (by 15 December 2026)" in page
    assert "    - Phone out of the bedroom" in page
    assert "2. Call a friend every week" in page
    assert "We will meet next on 3 December 2026, 14:30." in page
    assert "We will focus on: How the sleep goal went" in page
    service = step_of(protocol, "closing", ClosingStep).services[0]
    # the service's description is guidance for the students, not for the client
    assert f"We recommend: {service.name('en')}" in page
    assert service.description("en") not in page
    # what to do if things get worse, on every page
    assert "## If you feel worse" in page and "In an emergency, call 112." in page
    assert "Aino, Ben" in page
    assert CANARY not in page
    # Nothing of the instruments unless ticked in.
    assert "3/5" not in page and "A sister who helps" not in page
    assert "K-14" not in page


def test_ticked_parts_are_shown(protocol: Protocol, clock: FakeClock) -> None:
    session = session_with(protocol, clock, parts=("summary", "stress"))
    page = to_markdown(takeaway.build(protocol, session.state, session.created))
    assert "## What goes well for you and gives you strength" in page
    assert "- A sister who helps" in page
    level = step_of(protocol, "stress", StressStep).levels[2]("en")
    assert f"Your stress is {level} at the moment, as you rated it yourself." in page
    assert "3/5" not in page
    assert CANARY not in page


def test_finnish_page_reads_as_finnish(protocol: Protocol, clock: FakeClock) -> None:
    session = session_with(protocol, clock, lang="fi")
    page = to_markdown(takeaway.build(protocol, session.state, session.created))
    assert "# Hyvinvointikeskustelumme" in page
    assert "1. Sleep before midnight (15.12.2026 mennessä)" in page
    assert "Tapaamme seuraavan kerran 3.12.2026 klo 14.30." in page
    assert "Päivä: 22.11.2026" in page


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture
def saved(protocol: Protocol, clock: FakeClock, tmp_path: Path) -> tuple[Path, Path]:
    teacher_key = tmp_path / "teacher.key"
    public = keys.write_identity_file(teacher_key)
    session = session_with(protocol, clock)
    path = tmp_path / "s.age"
    session_saving.save(
        path,
        session_saving.session_document(session, saved_t=session.now()),
        [keys.parse_recipient(public)],
    )
    return path, teacher_key


def test_export_md_and_html_from_the_encrypted_file(
    saved: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, teacher_key = saved
    assert main(["export", str(path), "--format", "md", "--identity", str(teacher_key)]) == 0
    out = capsys.readouterr().out
    assert "Sleep before midnight" in out and CANARY not in out
    target = tmp_path / "client.html"
    args = ["export", str(path), "--format", "html", "--identity", str(teacher_key)]
    assert main([*args, "-o", str(target)]) == 0
    page = target.read_text(encoding="utf-8")
    assert "@page { size: A4; margin: 18mm; }" in page
    parsed = _Text()
    parsed.feed(page)
    text = " ".join(parsed.text)
    assert "We will meet next on 3 December 2026, 14:30." in text
    assert "Walk at 8 pm" in text
    assert CANARY not in page
    # No scripts, no outside resources: the page prints as it is.
    assert "script" not in parsed.tags and "link" not in parsed.tags and "img" not in parsed.tags


def test_html_escapes_what_was_typed(protocol: Protocol, clock: FakeClock) -> None:
    session = session_with(protocol, clock)
    page = takeaway.build(protocol, session.state, session.created)
    page.sections[0].lines[0] = "<b>bold</b> & more"
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in to_html(page)


def test_the_page_speaks_plainly_in_each_language(protocol: Protocol, clock: FakeClock) -> None:
    """The day as sentences (not "productive (+4 h a day)"), plain headings, dates and hours
    as the language writes them."""
    from hyvinvointi_tui.core.model.step_events import HoursSet

    pages = {}
    for lang in ("fi", "sv", "en"):
        session = session_with(protocol, clock, lang=lang, parts=("time_circle", "summary"))
        for variant, hours in {"now": (10, 1.5, 12.5), "ideal": (6, 5.5, 12.5)}.items():
            for category, value in zip(("productive", "leisure", "self_care"), hours, strict=True):
                session.state.apply(
                    HoursSet(
                        step="time_circle",
                        variant=one_of(variant, VARIANTS),
                        category=one_of(category, TIME_CATEGORIES),
                        hours=value,
                    )
                )
        pages[lang] = to_markdown(takeaway.build(protocol, session.state, session.created))
    assert (
        "Haluaisit käyttää vähemmän aikaa työhön, opiskeluun tai työnhakuun, noin 4 tuntia"
        in pages["fi"]
    )
    assert "Haluaisit käyttää enemmän aikaa vapaa-aikaan, noin 4 tuntia päivässä." in pages["fi"]
    assert "## Mikä sinulla sujuu ja antaa voimia" in pages["fi"]
    assert "Haasteet ja muutoskohteet" not in pages["fi"] and "tuottava" not in pages["fi"]
    assert "Tapaamme seuraavan kerran 3.12.2026 klo 14.30." in pages["fi"]
    assert "3.12.2026 kl. 14.30" in pages["sv"]
    assert "Du skulle vilja ha mer tid för fritid, ungefär 4 timmar om dagen." in pages["sv"]
    assert "3 December 2026, 14:30" in pages["en"]
    assert "You would like more time for leisure, about 4 hours a day." in pages["en"]


def test_hours_are_written_with_the_languages_decimal_mark() -> None:
    from hyvinvointi_tui.core.dates import format_hours

    assert (format_hours(7.5, "fi"), format_hours(7.5, "sv"), format_hours(7.5, "en")) == (
        "7,5 h",
        "7,5 h",
        "7.5 h",
    )


# --- whom to call (issue 31, part 3) -----------------------------------------------------------


def crisis_page(protocol: Protocol, clock: FakeClock, lang: Lang) -> list[str]:
    session = Session(protocol, clock=clock, created="2026-11-22T10:00:00+00:00")
    session.start(SetupChanged(client_code="K-14", lang=lang))
    session.record(StressRated(step="stress", value=5))
    next_appointment(session, "2026-12-03", "14:30")
    page = takeaway.build(protocol, session.state, session.created)
    return [line for section in page.sections for line in section.lines]


def test_the_helplines_hours_are_those_of_the_clients_language(
    protocol: Protocol, clock: FakeClock
) -> None:
    """MIELI's own page gives limited hours for its English line only: the English page says
    them and names the numbers open at all hours; the Finnish and Swedish pages give their
    own lines' numbers and no hours the service does not publish."""
    en = crisis_page(protocol, clock, "en")
    mieli = next(line for line in en if line.startswith("MIELI"))
    assert mieli.startswith("MIELI Crisis Helpline 09 2525 0116 (open Fridays 9 am – 1 pm only)")
    assert "Open at all hours: 112, 116117." in en
    assert any(line.startswith("Emergency number 112 (open at all hours) — ") for line in en)
    assert any(line.startswith("Medical Helpline 116117 (open at all hours) — ") for line in en)
    fi = crisis_page(protocol, clock, "fi")
    assert any(line.startswith("MIELI Kriisipuhelin 09 2525 0111 — ") for line in fi)
    assert not any("Ympäri vuorokauden vastaavat" in line for line in fi)
    sv = crisis_page(protocol, clock, "sv")
    assert any(line.startswith("MIELI Kristelefonen 09 2525 0112 — ") for line in sv)
    assert not any("Fridays" in line for line in fi + sv)


def test_without_the_courses_contact_the_page_says_to_ask_the_students(
    protocol: Protocol, clock: FakeClock
) -> None:
    lines = crisis_page(protocol, clock, "fi")
    ask = "Jos sinun pitää perua tai siirtää tapaaminen, kysy opiskelijoilta nyt, miten "
    assert any(line.startswith(ask) for line in lines)


def test_a_services_phone_and_web_address_go_on_the_page_escaped(
    protocol: Protocol, clock: FakeClock
) -> None:
    from hyvinvointi_tui.core.model.client_events import CourseNoted
    from hyvinvointi_tui.core.model.help_contacts import Description, Name, Service

    name = Name(fi="Nuorisopalvelut", en="Youth services", sv="Ungdomstjänster")
    service = Service(
        name=name,
        description=Description(fi="Nuoret", en="Young people", sv="Unga"),
        phone="09 000 000",
        web="https://example.invalid/<b>",
    )
    session = Session(protocol, clock=clock)
    setup = SetupChanged(client_code="K-1", lang="fi")
    session.start(setup, course=CourseNoted(services=[service], appointments="<i>040</i>"))
    next_appointment(session, "2026-12-03", "14:30")
    session.record(ServiceChosen(step="closing", service="Nuorisopalvelut"))
    page = takeaway.build(protocol, session.state, session.created)
    markdown = to_markdown(page)
    # Markdown shows the characters, never a tag (core/page.py markdown_text).
    assert (
        "Suosittelemme: Nuorisopalvelut (puh. 09 000 000, https://example.invalid/\\<b>)"
        in markdown
    )
    assert "ota yhteyttä: \\<i>040\\</i>" in markdown
    html = to_html(page)
    assert "https://example.invalid/&lt;b&gt;" in html and "&lt;i&gt;040&lt;/i&gt;" in html


@pytest.mark.parametrize(
    "fields",
    [{"phone": "1" * 41}, {"web": "x" * 201}, {"web": "two words"}, {"contact": "c" * 201}],
)
def test_a_services_contact_fields_are_bounded(fields: dict[str, str]) -> None:
    from pydantic import TypeAdapter, ValidationError

    from hyvinvointi_tui.core.model.help_contacts import Service

    name = {"fi": "A", "en": "A", "sv": "A"}
    with pytest.raises(ValidationError):  # as a protocol or a course file gives them
        TypeAdapter(Service).validate_python({"name": name, "description": name, **fields})


def test_a_course_gives_a_lines_hours_and_how_to_cancel_bounded() -> None:
    from pydantic import TypeAdapter, ValidationError

    from hyvinvointi_tui.core.model.course import course_adapter
    from hyvinvointi_tui.core.model.help_contacts import HelpContact, LineHours, Name, Purpose

    name, purpose = Name(fi="A", en="A", sv="A"), Purpose(fi="A", en="A", sv="A")
    contact = HelpContact(name=name, purpose=purpose, hours="24/7", line_hours=LineHours(en="Mon"))
    assert contact.hours_for("en") == "Mon" and contact.hours_for("fi") == "24/7"
    assert not contact.always_open
    with pytest.raises(ValidationError):
        TypeAdapter(LineHours).validate_python({"en": "x" * 81})
    with pytest.raises(ValidationError):
        course_adapter().validate_python({"appointments": "x" * 161})


def test_protocol_check_asks_when_a_services_number_was_last_checked(protocol: Protocol) -> None:
    import datetime as dt

    from hyvinvointi_tui.core.model.protocol import stale_contacts
    from hyvinvointi_tui.core.model.steps import ClosingStep

    closing = protocol.step("closing")
    assert isinstance(closing, ClosingStep)
    first, second, *rest = closing.services
    steps = [
        s.replace(
            services=[
                first.replace(phone="09 000 000"),
                second.replace(web="x.invalid", checked="2026-12-01"),
                *rest,
            ]
        )
        if s.id == "closing"
        else s
        for s in protocol.steps
    ]
    warnings = stale_contacts(protocol.replace(steps=steps), dt.date(2026, 12, 5))
    assert warnings == [f"service '{first.name('en')}': no date it was last checked"]
    later = stale_contacts(protocol.replace(steps=steps), dt.date(2028, 1, 1))
    assert f"service '{second.name('en')}': last checked 2026-12-01, over a year ago" in later


# --- the day as a circle (issue 34, part 3) ----------------------------------------------------


def _figures(page_html: str) -> list[str]:
    return re.findall(r'<figure class="beside".*?</figure>', page_html, re.S)


def test_the_day_is_drawn_beside_its_sentences_on_paper_and_only_said_in_markdown(
    protocol: Protocol, clock: FakeClock
) -> None:
    days: tuple[tuple[Variant, tuple[float, float, float]], ...] = (
        ("now", (2, 9, 13)),
        ("ideal", (6, 6, 12)),
    )
    session = session_with(protocol, clock, parts=("time_circle",), days=days)
    page = takeaway.build(protocol, session.state, session.created)
    written = to_html(page)
    (figure,) = _figures(written)
    # In the day's own section, after its heading, before its sentences.
    section = written[written.index('<section class="figured') :]
    assert section.index("The hours of your day") < section.index(figure)
    assert section.index(figure) < section.index("You would like more time for work")
    # Each day said in words too, for a reader that does not see it.
    titles = [html.unescape(title) for title in re.findall(r"<title>([^<]*)<", figure)]
    assert titles[0] == (
        "Now: work, study or job seeking 2 h, leisure 9 h, "
        "rest, sleep and looking after yourself and others 13 h"
    )
    assert ">Now<" in figure and ">Ideal<" in figure and ">Before<" not in figure
    for word in ("work, study or job seeking", "leisure", "rest, sleep and looking after"):
        assert word in figure  # the legend in the client's words
    markdown = to_markdown(page)
    assert "<svg" not in markdown and "url(" not in markdown
    assert "You would like more time for work, study or job seeking" in markdown


def test_the_day_is_not_drawn_when_it_is_not_ticked_or_not_whole(
    protocol: Protocol, clock: FakeClock
) -> None:
    session = session_with(protocol, clock, parts=("summary",), days=(("now", (2, 9, 13)),))
    assert not _figures(to_html(takeaway.build(protocol, session.state, session.created)))
    session = session_with(protocol, clock, parts=("time_circle",), days=(("now", (2, 9, 10)),))
    assert "<svg" not in to_html(takeaway.build(protocol, session.state, session.created))


def test_a_follow_up_draws_last_times_day_before_todays() -> None:
    from .test_client_words import follow_up

    session = follow_up("en")
    (figure,) = _figures(to_html(takeaway.build(session.protocol, session.state, session.created)))
    captions = re.findall(r'font-weight="bold">([^<]*)<', figure)
    assert captions == ["Last time", "Now", "Ideal"]


def _figure(days: int) -> DayCircles:
    hours: dict[Category, float] = {"productive": 8, "leisure": 8, "self_care": 8}
    return DayCircles(days=tuple(("Now", hours) for _ in range(days)), words=(), lang="en")


def test_a_page_that_cannot_hold_its_drawing_keeps_every_line_instead() -> None:
    lines = ["x" * 60] * 26

    def page(figure: DayCircles | None) -> Page:
        section = Section("The hours of your day", list(lines), figure=figure)
        return Page("en", "T", "D", [section], "F", font_pt=12.0, min_font_pt=12.0)

    # Lines beside a drawing are shorter: this page is taller with it than without.
    assert _estimate(page(_figure(3)), 12.0) > _estimate(page(None), 12.0)
    fitted, font = fit(page(_figure(3)))
    assert font == 12.0
    assert fitted.sections[0].lines == lines  # every line kept, whole
    assert fitted.sections[0].figure is None  # the drawing given up for them
    short = replace(page(_figure(2)), sections=[Section("H", ["x"], figure=_figure(2))])
    assert fit(short)[0].sections[0].figure is not None
