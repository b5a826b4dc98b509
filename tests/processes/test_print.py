"""The client's page prints in type a client reads (12 pt body, never smaller): an ordinary
session on one A4 side, the heaviest on both sides of one sheet at most, with the crisis
plan, what happens next and where help is on the front (issue 31, part 2; issue 19, item 6):
printed to PDF by a real browser (Chromium, headless), its pages counted, its type measured
and, where pdftotext is installed, its front page read."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import escape
from pathlib import Path

import pytest

from hyvinvointi_tui.core.client import notice, takeaway
from hyvinvointi_tui.core.debrief import debrief_report
from hyvinvointi_tui.core.debrief.comments import Assessment
from hyvinvointi_tui.core.debrief.replay import Replayer
from hyvinvointi_tui.core.model.client_events import (
    CONSENT_ITEMS,
    FEEDBACK_QUESTIONS,
    ConsentRecorded,
    FeedbackGiven,
)
from hyvinvointi_tui.core.model.course import MAX_RETENTION_DAYS, Privacy
from hyvinvointi_tui.core.model.protocol import resolve_protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import (
    MARKER_TAGS,
    MarkerAdded,
    RolesSet,
    SessionClosed,
    SetupChanged,
    one_of,
)
from hyvinvointi_tui.core.model.step_events import (
    SUMMARY_ORIGINS,
    AppointmentReasonsSet,
    OrientationRecorded,
    ServiceChosen,
    StressRated,
    SummaryAgreed,
    SummaryColumn,
    SummaryEntryAdded,
    TakeawayChosen,
)
from hyvinvointi_tui.core.model.steps import VARIANTS, ClosingStep
from hyvinvointi_tui.core.model.text_keys import (
    CRISIS_PLAN_PARTS,
    PREPARATION_PARTS,
    REFLECTION_PARTS,
    crisis_plan_key,
    feedback_key,
    preparation_key,
    reflection_key,
    service_note_key,
)
from hyvinvointi_tui.core.page import fit, to_html
from hyvinvointi_tui.i18n import LANGUAGES, Lang, t

from ..conftest import FakeClock
from ..helpers import step_of
from ..printing import BROWSER, printed, printed_pages
from ..scripted import day, goal, next_appointment, osa

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        BROWSER is None, reason="no Chromium here to print with (.ci/run installs Debian's)"
    ),
]

LONG = {
    "fi": "Asiakas haluaa muuttaa arkeaan niin, että siinä olisi enemmän säännöllisyyttä, "
    "liikettä ja ihmisiä, ja hän kertoi tästä pitkästi omin sanoin ja esimerkein",
    "en": "The client wants to change their everyday life so that it has more regularity, "
    "movement and people in it, and told us about it at length in their own words",
    "sv": "Klienten vill förändra sin vardag så att den får mer regelbundenhet, rörelse och "
    "människor, och berättade om det utförligt med egna ord och exempel",
}


def heaviest(lang: Lang, *, crisis: bool) -> Session:
    """More than a 90-minute conversation can hold: every part ticked, every list full."""
    protocol = resolve_protocol()
    session = Session(protocol, clock=FakeClock())
    session.start(SetupChanged(client_code="K-1", lang=lang, students=["Aino A.", "Benjamin B."]))
    text = LONG[lang]
    session.record(StressRated(step="stress", value=5 if crisis else 3))
    if crisis:
        for part in CRISIS_PLAN_PARTS:
            session.edit_text(crisis_plan_key("stress", part), text)
    day(session, "now", (10, 2, 12))
    day(session, "ideal", (6, 6, 12))
    osa(session, {item: (None, 4) for item in range(1, 22)}, priorities=range(1, 22))
    for number in range(12):
        column: SummaryColumn = "strengths" if number % 2 else "challenges"
        session.record(
            SummaryEntryAdded(step="summary", entry_id=f"s{number}", column=column, text=text)
        )
    for number in range(8):
        goal(session, f"g{number}", text, [text] * 4, due="2026-12-15")
    next_appointment(session, "2026-12-15", "14:00", text)
    service = step_of(protocol, "closing", ClosingStep).services[0].name(lang)
    session.record(ServiceChosen(step="closing", service=service))
    session.edit_text(service_note_key("closing"), text)
    session.record(
        TakeawayChosen(step="closing", parts=["summary", "stress", "time_circle", "osa"])
    )
    return session


def type_sizes_pt(pdf: bytes) -> set[float]:
    """The sizes of the type on the printed pages, in points. Chromium draws in CSS pixels
    (its page transform scales by 0.75 to points), so each size set with Tf is a pixel size."""
    import zlib

    sizes: set[float] = set()
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            # A stream whose data ends in a line break loses it to the pattern: read what
            # inflates rather than refuse it.
            content = zlib.decompressobj().decompress(stream.group(1))
        except zlib.error:
            continue  # not a compressed content stream (a font, an image)
        for size in re.findall(rb"/F\d+\s+([\d.]+)\s+Tf", content):
            sizes.add(round(float(size) * 0.75, 1))
    return sizes


def front_page_text(pdf: bytes, tmp_path: Path) -> str | None:
    """The text of the printed first page (None without pdftotext to read it)."""
    reader = shutil.which("pdftotext")
    if reader is None:
        return None
    path = tmp_path / "read.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        [reader, "-f", "1", "-l", "1", "-layout", str(path), "-"],
        capture_output=True,
        timeout=60,
        check=True,
    )
    return " ".join(done.stdout.decode("utf-8").split())


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize("crisis", [True, False], ids=["crisis", "heavy"])
@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_heaviest_page_prints_on_both_sides_of_one_sheet_at_12_pt(
    tmp_path: Path, lang: Lang, crisis: bool
) -> None:
    session = heaviest(lang, crisis=crisis)
    page = takeaway.build(session.protocol, session.state, session.created)
    html = to_html(page)
    pdf = printed(html, tmp_path)
    assert 1 <= pdf_pages(pdf) <= 2
    sizes = type_sizes_pt(pdf)
    assert sizes and min(sizes) >= 12, sizes  # never shrunk below 12 pt to fit
    assert max(sizes) > 12  # the headings larger
    fitted, font = fit(page)
    assert font == 12
    # What must go home whole comes first, whole: the crisis plan, next steps, the help.
    whole = [section for section in fitted.sections if section.whole]
    assert fitted.sections[: len(whole)] == whole
    assert [s.heading for s in whole] == [
        t(lang, key)
        for key in (
            ("takeaway.plan", "takeaway.next", "takeaway.help")
            if crisis
            else ("takeaway.next", "takeaway.worse")
        )
    ]
    if crisis:
        plan = whole[0]
        assert len(plan.lines) == 3 and all(LONG[lang] in line for line in plan.lines)
    front = front_page_text(pdf, tmp_path)
    if front is not None:  # read from the printed front page itself
        for section in whole:
            assert " ".join(section.heading.split()) in front
            for line in section.lines:
                assert " ".join(line.split())[-40:] in front, line
        assert "112" in front


def ordinary(lang: Lang) -> Session:
    """A session as most are: stress, the day, a few OSA items, a summary, two goals, the
    next appointment and a service, the summary and the day ticked in."""
    protocol = resolve_protocol()
    session = Session(protocol, clock=FakeClock())
    session.start(SetupChanged(client_code="K-1", lang=lang, students=["Aino A.", "Benjamin B."]))
    session.record(StressRated(step="stress", value=3))
    day(session, "now", (2, 9, 13))
    day(session, "ideal", (6, 6, 12))
    osa(session, {3: (1, 4), 5: (4, 4), 12: (2, 4), 14: (1, 4)}, priorities=[14, 12])
    for number, text in enumerate(LONG[lang].split(", ")[:3]):
        column: SummaryColumn = "strengths" if number % 2 else "challenges"
        session.record(
            SummaryEntryAdded(step="summary", entry_id=f"s{number}", column=column, text=text)
        )
    goal(session, "g1", LONG[lang][:60], [LONG[lang][:50], LONG[lang][:40]], due="2026-12-15")
    goal(session, "g2", LONG[lang][:40], [LONG[lang][:30]])
    next_appointment(session, "2026-12-15", "14:00", LONG[lang][:70])
    service = step_of(protocol, "closing", ClosingStep).services[0].name(lang)
    session.record(ServiceChosen(step="closing", service=service))
    session.record(TakeawayChosen(step="closing", parts=["summary", "time_circle"]))
    return session


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_an_ordinary_page_prints_on_one_side_at_12_pt(tmp_path: Path, lang: Lang) -> None:
    session = ordinary(lang)
    page = takeaway.build(session.protocol, session.state, session.created)
    html = to_html(page)
    assert "html { font-size: 12pt; }" in html
    pdf = printed(html, tmp_path)
    assert pdf_pages(pdf) == 1
    sizes = type_sizes_pt(pdf)
    assert sizes and min(sizes) >= 12, sizes
    # Nothing shortened: the page holds all it was given (near a full side, the estimate,
    # which keeps room to spare, may put what happens next and the help first).
    fitted, _ = fit(page)
    key = lambda section: section.heading  # noqa: E731
    assert sorted(fitted.sections, key=key) == sorted(page.sections, key=key)


# A full session's debrief report: every part written at the length students write them.
PROSE = {
    "fi": "Asiakas kertoi arjestaan avoimesti ja omin sanoin, ja kuulimme paljon siitä, mikä "
    "häntä kantaa ja mikä kuormittaa juuri nyt, kun työ on loppunut",
    "en": "The client talked about everyday life openly and in their own words, and we heard "
    "a lot about what carries them and what weighs on them now that work has ended",
    "sv": "Klienten berättade öppet och med egna ord om sin vardag, och vi hörde mycket om "
    "vad som bär och vad som tynger just nu när arbetet har tagit slut",
}


def full_session(lang: Lang) -> Session:
    """A whole 90-minute session: preparation, roles, every instrument, closing with its
    reasons, the client's feedback, markers and the students' reflection."""
    protocol = resolve_protocol()
    clock = FakeClock()
    session = Session(protocol, clock=clock)
    setup = SetupChanged(client_code="K-1", lang=lang, students=["Aino A.", "Benjamin B."])
    session.start(setup, prepare=True)
    text = PROSE[lang]
    for part in PREPARATION_PARTS:
        session.edit_text(preparation_key(part), text)
    for number, step in enumerate(protocol.steps):
        pair = ("Aino A.", "Benjamin B.") if number % 2 else ("Benjamin B.", "Aino A.")
        session.record(RolesSet(step=step.id, lead=pair[0], note_taker=pair[1]))
    session.begin()
    for item in CONSENT_ITEMS:
        session.record(ConsentRecorded(step="orientation", item=item, given=True))
    session.record(OrientationRecorded(step="orientation", value="partly"))
    session.record(StressRated(step="stress", value=3))
    for variant, hours in (("now", (2, 9, 13)), ("before", (8, 4, 12)), ("ideal", (6, 6, 12))):
        day(session, one_of(variant, VARIANTS), hours)
    ratings = {item: (1 + item % 4, 4 - item % 3) for item in range(1, 30)}
    osa(session, ratings, priorities=[14, 12, 17, 24])
    for number in range(8):
        column: SummaryColumn = "strengths" if number % 2 else "challenges"
        origin = SUMMARY_ORIGINS[number % 3]  # each line says where it came from
        session.record(
            SummaryEntryAdded(
                step="summary", entry_id=f"s{number}", column=column, text=text[:90], origin=origin
            )
        )
    session.record(SummaryAgreed(step="summary", agreed=True))
    for number, step in enumerate(protocol.steps[:6]):
        clock.advance(600)
        session.record(MarkerAdded(step=step.id, tag=MARKER_TAGS[number % 4]))
    for number in range(4):
        goal(session, f"g{number}", text[:80], [text[:70]] * 2, due="2026-12-15")
    next_appointment(session, "2026-12-15", "10:00", text[:90])
    session.record(
        AppointmentReasonsSet(step="closing", reasons=["goals", "guidance", "information"])
    )
    for question in FEEDBACK_QUESTIONS:
        session.record(FeedbackGiven(step="closing", question=question, value=3))
    session.edit_text(feedback_key("closing"), text[:100])
    session.record(SessionClosed(step="closing"))
    for part in REFLECTION_PARTS:
        session.edit_text(reflection_key(part), text)
    return session


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_full_sessions_debrief_report_prints_on_two_a4_sheets_whole(
    tmp_path: Path, lang: Lang
) -> None:
    session = full_session(lang)
    replay = Replayer(session.protocol, session.events)
    comments = [(float(60 * n), "osa", PROSE[lang][:120]) for n in range(5)]
    page = debrief_report.build(
        session.protocol,
        replay,
        created=session.created,
        client_code="K-1",
        lang=lang,
        comments=comments,
        # The teacher's assessment, signed off, at a paragraph's length.
        assessment=Assessment(
            text=" ".join([PROSE[lang]] * 3), signed_by="Opettaja Olavi O.", signed_on="2026-12-05"
        ),
    )
    html = to_html(page)
    assert printed_pages(html, tmp_path) <= 2
    # Nothing left out to fit: every reflection and preparation text is there in full.
    # (and the teacher's assessment, three times the prose, with its sign-off)
    assert html.count(PROSE[lang]) == len(PREPARATION_PARTS) + len(REFLECTION_PARTS) + 3
    assert "Opettaja Olavi O." in html
    for heading in ("reflection.heading", "preparation.heading"):
        assert escape(t(lang, heading)) in html


# --- the client's privacy notice (issue 29, part 2) ------------------------------------------

# Every fact at the longest a course file holds, in words (a real name wraps at its spaces).
WORDS = "Ammattikorkeakoulu Oy, sosiaali- ja terveysala, toimintaterapian tutkinto-ohjelma "
LONGEST = Privacy(
    controller=(WORDS * 4)[:120],
    contact=(WORDS * 4)[:120],
    purpose=(WORDS * 8)[:400],
    retention_days=MAX_RETENTION_DAYS,
    supervisor_phone="+358 40 000 0000, vaihde +358 9 000 00000"[:40],
)


@pytest.mark.parametrize("given", ["longest-facts", "no-course"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_privacy_notice_prints_on_one_a4_page_at_12_pt_or_more(
    tmp_path: Path, lang: Lang, given: str
) -> None:
    privacy = LONGEST if given == "longest-facts" else Privacy()
    html = notice.to_html(notice.build(privacy, lang))
    pdf = printed(html, tmp_path)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    sizes = type_sizes_pt(pdf)
    assert sizes and min(sizes) >= 12, sizes  # the body at 12 pt, headings larger
    assert max(sizes) > 12


@pytest.mark.parametrize("kind", ["demo", "crisis", "follow-up"])
@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_demo_a_crisis_and_a_follow_up_print_whole_with_the_help_in_front(
    tmp_path: Path, lang: Lang, kind: str
) -> None:
    """The demo and a crisis session print on one side; a follow-up with every part ticked
    may take the back too. Nothing is shortened, and what must go home whole is on the
    front."""
    from ..unit.test_client_words import SESSIONS

    session = SESSIONS[kind](lang)
    page = takeaway.build(session.protocol, session.state, session.created)
    pdf = printed(to_html(page), tmp_path)
    assert pdf_pages(pdf) == (1 if kind != "follow-up" else 2)
    assert min(type_sizes_pt(pdf)) >= 12
    fitted, font = fit(page)
    assert font == 12
    key = lambda section: section.heading  # noqa: E731
    assert sorted(fitted.sections, key=key) == sorted(page.sections, key=key)
    front = front_page_text(pdf, tmp_path)
    if front is not None:
        for section in fitted.sections:
            if section.whole:
                assert " ".join(section.heading.split()) in front
                assert all(" ".join(line.split())[-30:] in front for line in section.lines)
