"""The client's page prints on one A4 page, whatever the session holds (issue 19, item 6):
printed to PDF by a real browser (Chromium, headless) and its pages counted."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from hyvinvointi_tui.core import takeaway
from hyvinvointi_tui.core.events import (
    GoalAdded,
    ServiceChosen,
    SetupChanged,
    StressRated,
    SummaryEntryAdded,
    TakeawayChosen,
)
from hyvinvointi_tui.core.page import fit, to_html
from hyvinvointi_tui.core.protocol import resolve_protocol
from hyvinvointi_tui.core.scripted import day, goal, next_appointment, osa
from hyvinvointi_tui.core.session import Session
from hyvinvointi_tui.core.text_keys import (
    CRISIS_PLAN_PARTS,
    crisis_plan_key,
    service_note_key,
)

from ..conftest import FakeClock

BROWSER = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (found := shutil.which(name))
    ),
    None,
)
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


def heaviest(lang: str, *, crisis: bool) -> Session:
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
        column = "strengths" if number % 2 else "challenges"
        session.record(
            SummaryEntryAdded(step="summary", entry_id=f"s{number}", column=column, text=text)
        )
    for number in range(8):
        goal(session, f"g{number}", text, [text] * 4, due="2026-12-15")
    next_appointment(session, "2026-12-15", "14:00", text)
    service = protocol.step("closing").services[0].name(lang)
    session.record(ServiceChosen(step="closing", service=service))
    session.edit_text(service_note_key("closing"), text)
    session.record(
        TakeawayChosen(step="closing", parts=["summary", "stress", "time_circle", "osa"])
    )
    return session


def printed_pages(html: str, tmp_path) -> int:
    source, pdf = tmp_path / "page.html", tmp_path / "page.pdf"
    source.write_text(html, encoding="utf-8")
    assert BROWSER is not None
    subprocess.run(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            source.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


@pytest.mark.parametrize(
    "lang, crisis",
    [("fi", True), ("en", False), ("sv", True)],
    ids=["fi-crisis", "en", "sv-crisis"],
)
def test_the_heaviest_page_prints_on_one_a4_sheet(tmp_path, lang, crisis):
    session = heaviest(lang, crisis=crisis)
    page = takeaway.build(session.protocol, session.state, session.created)
    html = to_html(page)
    assert printed_pages(html, tmp_path) == 1
    if crisis:  # what must go home whole is whole
        assert "112" in html and LONG[lang][:60] in html
        fitted, _ = fit(page)
        plan = next(s for s in fitted.sections if s.whole and len(s.lines) == 3)
        assert all(LONG[lang] in line for line in plan.lines)


def test_an_ordinary_page_keeps_its_full_size_type(tmp_path, protocol, clock):
    session = Session(protocol, clock=clock)
    session.start(SetupChanged(client_code="K-1", lang="fi"))
    session.record(
        GoalAdded(step="goals", goal_id="g", text="Kävely joka päivä", actions=["aamulla"])
    )
    page = takeaway.build(protocol, session.state, session.created)
    html = to_html(page)
    assert "html { font-size: 11pt; }" in html
    assert printed_pages(html, tmp_path) == 1
