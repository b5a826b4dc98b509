"""Every line of the client's page speaks to the client (issue 31, part 1): the demo
session, a crisis session and a follow-up, in Finnish, Swedish and English, listed line by
line against what the instruments and the summary write for the students — their
suggestions' wording ("Toivoisi enemmän aikaa: tuottava (+4 h päivässä)"), the OSA item
markers, the step names, stress levels as figures."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from hyvinvointi_tui.core.client import takeaway
from hyvinvointi_tui.core.follow_up.carried import previous_of
from hyvinvointi_tui.core.instruments.summary import suggestions
from hyvinvointi_tui.core.model.client_events import EmergencyRaised
from hyvinvointi_tui.core.model.protocol import Protocol, resolve_protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import (
    SessionClosed,
    SetupChanged,
    StepsDeferred,
    one_of,
)
from hyvinvointi_tui.core.model.state import SessionState
from hyvinvointi_tui.core.model.step_events import (
    GOAL_PROGRESS,
    SUMMARY_COLUMNS,
    GoalReviewed,
    OsaRated,
    ServiceChosen,
    StressRated,
    SummaryEntryAdded,
    TakeawayChosen,
    TakeawayPart,
)
from hyvinvointi_tui.core.model.steps import ClosingStep, OsaStep, StressStep
from hyvinvointi_tui.core.model.text_keys import CRISIS_PLAN_PARTS, crisis_plan_key, focus_key
from hyvinvointi_tui.core.page import Page, Section, fit
from hyvinvointi_tui.i18n import Lang, strings
from hyvinvointi_tui.ui.screens.closing import proposed_focus

from ..helpers import step_of
from ..scripted import HandClock, day, goal, next_appointment, osa, started

LANGS = ("fi", "sv", "en")
ALL_PARTS: list[TakeawayPart] = ["summary", "stress", "time_circle", "osa"]
DEMO = Path(__file__).parents[2] / "sessions" / "demo" / "make_demo.py"

# What only the students' screens say: the instruments' names and figures, the re-plan's
# words, third-person forms.
STUDENT_PATTERNS = [
    r"\(OSA\s*\d+\)",
    r"\bOSA\b",
    r"\+\s*\d+([.,]\d+)?\s*h\b",
    r"[−-]\s*\d+([.,]\d+)?\s*h\b",
    r"\b\d\s*/\s*5\b",
    r"(?i)stressitaso",
    r"(?i)stress level",
    r"(?i)stressnivå",
    r"\bToivoisi\b",
    r"\bHaluaa\b",
    r"\bWould like\b",
    r"\bWants\b",
    r"\bVill (ha|förändra)\b",
    r"(?i)siirretyt vaiheet|deferred steps|uppskjutna stegen",
]
# The summary's suggestions and the closing's proposals, as the students see them: each
# fixed part of their wording (the text between the placeholders).
STUDENT_KEYS = [
    "summary.strengths_stress",
    "summary.challenges_stress",
    "summary.time_more",
    "summary.time_less",
    "summary.osa_priority",
    "summary.osa_gap",
    "summary.osa_strength",
    "closing.proposal",
    "closing.proposal_deferred",
]


def student_fragments(lang: str) -> list[str]:
    found = []
    for key in STUDENT_KEYS:
        template = strings(lang)[key]
        found += [part for part in re.split(r"\{[^}]*\}", template) if len(part.strip()) >= 4]
    return found


def step_names(protocol: Protocol, lang: str) -> list[str]:
    kinds = ("stress", "time_circle", "osa", "summary", "review")
    return [step.title(lang) for step in protocol.steps if step.kind in kinds]


def page_lines(page: Page) -> list[str]:
    """Every line the printed page holds (as fitted to print), headings and sub-lines too."""
    fitted, _ = fit(page)
    lines = [fitted.title, fitted.date, fitted.footer]
    for section in fitted.sections:
        lines.append(section.heading)
        for index, line in enumerate(section.lines):
            lines += [line, *section.details.get(index, [])]
    return lines


def student_facing(page: Page, protocol: Protocol, lang: str) -> list[str]:
    """The page's lines that speak the students' language, each with what gave it away."""
    fragments = student_fragments(lang)
    names = step_names(protocol, lang)
    found = []
    for line in page_lines(page):
        for pattern in STUDENT_PATTERNS:
            if re.search(pattern, line):
                found.append(f"{line!r}: {pattern}")
        for fragment in fragments + names:
            if fragment in line:
                found.append(f"{line!r}: {fragment!r}")
    return found


def demo(lang: Lang) -> Session:
    """The shipped demo session (`sessions/demo/make_demo.py`), in `lang`: its summary lines
    taken from the instruments' suggestions as the summary step offers them in that language
    (the students' own lines stay as they wrote them)."""
    spec = importlib.util.spec_from_file_location("make_demo", DEMO)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built: Session = module.build()
    if lang == "fi":
        return built
    protocol = built.protocol
    session = Session(protocol, clock=HandClock(), created=built.created)
    fi_state = SessionState.for_protocol(protocol)
    for event in built.events:
        if isinstance(event, SetupChanged):
            event = event.replace(lang=lang)
        elif isinstance(event, SummaryEntryAdded) and event.suggestion:
            offered_fi = {s.key: s.text for s in suggestions(protocol, fi_state, "fi")}
            if offered_fi.get(event.suggestion) == event.text:
                offered = {s.key: s.text for s in suggestions(protocol, session.state, lang)}
                event = event.replace(text=offered[event.suggestion])
        fi_state.apply(event)
        session.state.apply(event)
    return session


def accept_suggestions(session: Session, lang: str) -> None:
    """Every suggestion of the instruments taken into the summary as offered."""
    for number, suggestion in enumerate(suggestions(session.protocol, session.state, lang)):
        session.record(
            SummaryEntryAdded(
                step="summary",
                entry_id=f"auto{number}",
                column=one_of(suggestion.column, SUMMARY_COLUMNS),
                text=suggestion.text,
                suggestion=suggestion.key,
            )
        )


def crisis(lang: Lang) -> Session:
    """Stress 5 and the re-plan: the crisis plan, the steps moved to a second appointment,
    the focus the closing proposes, the emergency instructions opened; every part ticked."""
    protocol = resolve_protocol()
    session = started(protocol, HandClock(), lang=lang, students=["Aino", "Ben"])
    session.record(StressRated(step="stress", value=5))
    for part in CRISIS_PLAN_PARTS:
        session.edit_text(crisis_plan_key("stress", part), f"plan {part}")
    session.record(EmergencyRaised(step="stress"))
    session.record(StepsDeferred(steps=["time_circle", "osa"]))
    accept_suggestions(session, lang)
    next_appointment(session, "2026-12-10", "14:00")
    session.edit_text(focus_key("closing"), proposed_focus(protocol.steps, session.state, lang))
    session.record(
        ServiceChosen(
            step="closing", service=step_of(protocol, "closing", ClosingStep).services[4].name(lang)
        )
    )
    session.record(TakeawayChosen(step="closing", parts=ALL_PARTS))
    session.record(SessionClosed(step="closing"))
    return session


def follow_up(lang: Lang) -> Session:
    """A follow-up of a session with every instrument: stress, the day and the OSA then and
    now, each goal reviewed, the new suggestions taken in, every part ticked."""
    protocol = resolve_protocol()
    first = started(protocol, HandClock(), lang=lang)
    first.record(StressRated(step="stress", value=4))
    day(first, "now", (2, 9, 13))
    day(first, "ideal", (6, 6, 12))
    osa(first, {3: (1, 4), 5: (4, 4), 12: (2, 4), 14: (3, 3)}, priorities=[3, 12])
    goal(first, "g1", "Kävely joka aamu", ["koiran kanssa"])
    goal(first, "g2", "Puhelin pois makuuhuoneesta")
    goal(first, "g3", "Työhakemus viikossa")
    goal(first, "g4", "Kuntosali")
    previous = previous_of(
        protocol, session_id=first.session_id, created=first.created, state=first.state
    )
    second_protocol = resolve_protocol("seurantakeskustelu")
    second = Session(second_protocol, clock=HandClock())
    setup = SetupChanged(client_code="K-2", lang=lang, follow_up=True, students=["Aino"])
    second.start(setup, previous)
    second.record(StressRated(step="stress", value=2))
    for goal_id, progress in zip(("g1", "g2", "g3", "g4"), GOAL_PROGRESS, strict=True):
        second.record(GoalReviewed(step="review", goal_id=goal_id, progress=progress))
    day(second, "now", (5, 7, 12))
    day(second, "ideal", (6, 6, 12))
    osa(second, {3: (2, 4), 5: (3, 4), 12: (2, 4), 14: (4, 3)}, priorities=[12])
    second.record(OsaRated(step="osa", item=3, scale="competence", value=2))
    accept_suggestions(second, lang)
    goal(second, "n1", "Kävely jatkuu")
    next_appointment(second, "2027-01-14", "09:00", "Miten kävely on jatkunut")
    second.record(TakeawayChosen(step="closing", parts=ALL_PARTS))
    return second


SESSIONS = {"demo": demo, "crisis": crisis, "follow-up": follow_up}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", SESSIONS)
def test_no_line_of_the_clients_page_is_written_for_the_students(kind: str, lang: Lang) -> None:
    session = SESSIONS[kind](lang)
    page = takeaway.build(session.protocol, session.state, session.created)
    assert len(page_lines(page)) > 10
    assert student_facing(page, session.protocol, lang) == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_check_finds_what_the_students_screens_write(lang: Lang) -> None:
    """Without the client's wording, the summary's suggestions as the students saw them are
    found, every one: the check above would fail on yesterday's page."""
    session = crisis(lang)
    protocol = session.protocol
    texts = [s.text for s in suggestions(protocol, session.state, lang)]
    texts.append(strings(lang)["closing.proposal"].format(value=5))
    page = Page(lang, "", "", [Section("", texts)], "")
    assert len(student_facing(page, protocol, lang)) >= len(texts)
    assert student_facing(
        Page(lang, "", "", [Section("", ["Päivärytmi (OSA 14)"])], ""), protocol, lang
    )


def test_the_demo_in_finnish_reads_as_the_review_asks() -> None:
    page = takeaway.build(*_built(demo("fi")))
    lines = page_lines(page)
    want = (
        "Haluaisit käyttää enemmän aikaa työhön, opiskeluun tai työnhakuun, noin 4 tuntia päivässä."
    )
    assert want in lines
    # The students' own lines stay theirs.
    assert "Päivärytmi hajonnut lomautuksen jälkeen" in lines


@pytest.mark.parametrize("lang", LANGS)
def test_the_stress_is_on_the_page_once(lang: Lang) -> None:
    for session in (crisis(lang), follow_up(lang)):
        page = takeaway.build(*_built(session))
        levels = step_of(session.protocol, "stress", StressStep).levels
        said = [
            line
            for line in page_lines(page)
            if any(re.search(rf"\b{re.escape(level(lang))}\b", line) for level in levels)
        ]
        assert len(said) == 1, said


def test_an_osa_item_chosen_to_change_is_said_to_the_client_once() -> None:
    session = follow_up("fi")
    label = next(
        i.label("fi") for i in step_of(session.protocol, "osa", OsaStep).items if i.number == 12
    )
    said = f"Haluat muuttaa: {label[0].lower()}{label[1:]}"
    # With the OSA ticked in, its own section lists it; the summary leaves it there.
    lines = page_lines(takeaway.build(*_built(session)))
    assert said not in lines and lines.count(label) == 1
    session.record(TakeawayChosen(step="closing", parts=["summary"]))
    assert said in page_lines(takeaway.build(*_built(session)))


def _built(session: Session) -> tuple[Protocol, SessionState, str]:
    return session.protocol, session.state, session.created
