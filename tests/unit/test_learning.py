"""The learning around the conversation, in the core: preparation outside the clock, roles
per step, the students' reflection after closing, the reasons for a second appointment, and
the debrief report that shows them all (issue 22)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hyvinvointi_tui.core.debrief import debrief_report
from hyvinvointi_tui.core.debrief.replay import Replayer, describe
from hyvinvointi_tui.core.model.events import events_adapter
from hyvinvointi_tui.core.model.protocol import (
    Protocol,
    ProtocolError,
    parse_protocol,
    resolve_protocol,
)
from hyvinvointi_tui.core.model.session import Session, SessionClosedError
from hyvinvointi_tui.core.model.session_events import (
    MarkerAdded,
    RolesSet,
    SessionClosed,
    TextEdited,
)
from hyvinvointi_tui.core.model.state_entries import Roles
from hyvinvointi_tui.core.model.step_events import AppointmentReasonsSet
from hyvinvointi_tui.core.model.text_keys import notes_key, preparation_key, reflection_key
from hyvinvointi_tui.core.page import to_markdown
from hyvinvointi_tui.i18n import Lang, t
from hyvinvointi_tui.store import session_document

from .. import session_saving
from ..scripted import HandClock, next_appointment, started

STUDENTS = ["Aino", "Ben"]


def test_preparation_takes_none_of_the_session_s_time(protocol: Protocol) -> None:
    clock = HandClock()
    session = started(protocol, clock, students=STUDENTS, prepare=True)
    assert session.state.started and session.state.step is None
    clock.t = 1200  # twenty minutes of preparation
    session.edit_text(preparation_key("plan"), "Aino leads the opening")
    session.begin()
    clock.t = 1260
    reading = session.reading()
    assert session.state.step == protocol.steps[0].id
    assert reading.elapsed == pytest.approx(60) and reading.step_elapsed == pytest.approx(60)
    session.begin()  # a second begin does nothing
    assert [e.kind for e in session.events].count("step_entered") == 1


def test_the_turn_passes_between_two_students_and_round_three() -> None:
    assert Roles().swapped(STUDENTS) == Roles(lead="Aino", note_taker="Ben")
    assert Roles(lead="Aino", note_taker="Ben").swapped(STUDENTS) == Roles(
        lead="Ben", note_taker="Aino"
    )
    assert Roles(lead="Ben", note_taker="Aino").swapped(STUDENTS) == Roles(
        lead="Aino", note_taker="Ben"
    )
    three = ["A", "B", "C"]
    assert Roles(lead="A", note_taker="B").swapped(three) == Roles(lead="B", note_taker="A")
    assert Roles(lead="C", note_taker="B").swapped(three) == Roles(lead="A", note_taker="C")
    assert Roles().swapped(["Solo"]) == Roles(lead="Solo", note_taker="")
    assert Roles(lead="Solo", note_taker="").swapped(["Solo"]) == Roles(lead="Solo", note_taker="")
    assert Roles().swapped([]) == Roles()
    # A student renamed in the setup: the turn starts again from the first.
    assert Roles(lead="Old", note_taker="Ben").swapped(STUDENTS) == Roles(
        lead="Aino", note_taker="Ben"
    )


def test_the_reflection_and_the_preparation_are_written_after_closing_and_nothing_else(
    protocol: Protocol,
) -> None:
    session = started(protocol, HandClock(), students=STUDENTS)
    session.record(SessionClosed(step="orientation"))
    session.edit_text(reflection_key("went_well"), "We listened")
    session.edit_text(preparation_key("questions"), "Was our plan right?")
    assert session.state.text(reflection_key("went_well")) == "We listened"
    with pytest.raises(SessionClosedError):
        session.edit_text(notes_key("orientation"), "late note")
    with pytest.raises(SessionClosedError):
        session.record(RolesSet(step="orientation", lead="Aino"))


def test_a_saved_session_with_the_students_writing_reads_back(
    protocol: Protocol, tmp_path: Path
) -> None:
    session = started(protocol, HandClock(), students=STUDENTS, prepare=True)
    session.edit_text(preparation_key("referral"), "Referred by the employment services")
    session.record(RolesSet(step="stress", lead="Ben", note_taker="Aino"))
    session.begin()
    session.record(SessionClosed(step="orientation"))
    session.edit_text(reflection_key("environment"), "Her sister backs her up")
    doc = session_saving.session_document(session, saved_t=10.0)
    path = tmp_path / "s.age"
    plaintext = session_document.to_toml(doc).encode()
    loaded = session_document.parse(path, plaintext)
    assert loaded.state.text(reflection_key("environment")) == "Her sister backs her up"
    assert loaded.state.roles["stress"] == Roles(lead="Ben", note_taker="Aino")


def test_a_role_or_reason_out_of_bounds_is_refused_when_read() -> None:
    with pytest.raises(ValueError):
        events_adapter().validate_python(
            [{"kind": "roles_set", "t": 1.0, "step": "stress", "lead": "x" * 61}]
        )
    with pytest.raises(ValueError):
        events_adapter().validate_python(
            [{"kind": "appointment_reasons_set", "t": 1.0, "step": "c", "reasons": ["bored"]}]
        )


def test_a_protocol_may_not_take_the_program_s_own_step_names() -> None:
    raw = resolve_protocol().source.replace('id = "wellbeing"', 'id = "reflection"', 1)
    with pytest.raises(ProtocolError) as caught:
        parse_protocol(raw.encode())
    assert "program's own" in caught.value.report()


def test_the_follow_up_builds_its_summary_as_the_first_session_does() -> None:
    follow_up = resolve_protocol("seurantakeskustelu")
    kinds = [step.kind for step in follow_up.steps]
    assert kinds.index("osa") < kinds.index("summary") < kinds.index("goals")
    assert sum(step.budget_minutes for step in follow_up.steps) <= follow_up.total_minutes
    summary = follow_up.step("summary")
    for lang in ("fi", "en", "sv"):
        assert "MOHO" in summary.guidance(lang)
        assert "MOHO" in resolve_protocol().step("summary").guidance(lang)


def test_self_care_says_it_covers_caring_for_others() -> None:
    # Its name wherever it is shown: the hours grid, the bar's legend (built from it), the
    # summary's suggestions, the replay, the client's page.
    assert t("fi", "time_circle.self_care_short") == "itsestä ja toisista huolehtiminen"
    assert "others" in t("en", "time_circle.self_care_short")
    assert "andra" in t("sv", "time_circle.self_care_short")
    assert "läheisistäsi" in t("fi", "takeaway.day_self_care")
    guidance = resolve_protocol().step("time_circle").guidance
    assert "toisista" in guidance("fi") and "others" in guidance("en")


def full(protocol: Protocol, lang: Lang) -> Session:
    """A session with preparation, roles, a reflection and a second appointment agreed
    because the students need the teacher's guidance; a marker ten minutes in."""
    clock = HandClock()
    session = started(protocol, clock, lang=lang, students=STUDENTS, prepare=True)
    session.edit_text(preparation_key("referral"), "REFERRAL-TEXT")
    session.edit_text(preparation_key("questions"), "QUESTION-TEXT")
    session.record(RolesSet(step="stress", lead="Ben", note_taker="Aino"))
    clock.t = 900  # fifteen minutes of preparation
    session.begin()
    clock.t = 1500
    session.record(MarkerAdded(step="orientation", tag="important"))
    next_appointment(session, "2026-12-10", "10:00")
    session.record(AppointmentReasonsSet(step="closing", reasons=["guidance"]))
    clock.t = 1800
    session.record(SessionClosed(step="closing"))
    session.edit_text(reflection_key("hard"), "HARD-TEXT")
    session.edit_text(reflection_key("habits"), "HABITS-TEXT")
    return session


@pytest.mark.parametrize("lang", ["fi", "en", "sv"])
def test_the_debrief_report_shows_the_learning_in_each_language(
    protocol: Protocol, lang: Lang
) -> None:
    session = full(protocol, lang)
    replay = Replayer(protocol, session.events)
    page = to_markdown(
        debrief_report.build(protocol, replay, created=session.created, client_code="K", lang=lang)
    )
    preparation = page.split(f"## {t(lang, 'preparation.heading')}")[1].split("##")[0]
    assert f"{t(lang, 'preparation.referral')}: REFERRAL-TEXT" in preparation
    assert "QUESTION-TEXT" in preparation
    reflection = page.split(f"## {t(lang, 'reflection.heading')}")[1].split("##")[0]
    assert f"{t(lang, 'reflection.hard')} HARD-TEXT" in reflection
    habits = t(lang, "reflection.habits").partition(":")[0]
    assert f"{habits}: HABITS-TEXT" in reflection
    stress = protocol.step("stress").title(lang)
    assert any(
        line.startswith(f"- {stress}:")
        and line.endswith(" · " + t(lang, "roles.line", lead="Ben", notes="Aino"))
        for line in page.splitlines()
    )
    assert t(lang, "reasons.line", reasons=t(lang, "reasons.guidance")) in page
    # The marker at ten minutes of the conversation, not at 25 since the preparation began.
    assert (
        t(
            lang,
            "report.marker_line",
            time="10:00",
            tag=t(lang, "marker.important"),
            step=(protocol.step("orientation").title(lang)),
        )
        in page
    )


def test_the_event_list_names_the_new_events(protocol: Protocol) -> None:
    roles = describe(protocol, RolesSet(step="stress", lead="Ben", note_taker="Aino"), "en")
    assert roles == "Roles: Stress level: Ben leads, Aino takes notes"
    reasons = AppointmentReasonsSet(step="closing", reasons=["guidance", "information"])
    assert "teacher's guidance" in describe(protocol, reasons, "en")
    typed = describe(protocol, session_text_event(), "fi")
    assert typed.startswith("Kirjoitettu: Valmistelu")


def session_text_event() -> TextEdited:
    from hyvinvointi_tui.core.model.session_events import TextEdited

    return TextEdited(key=preparation_key("plan"), start=0, end=0, text="x")


@pytest.mark.parametrize("lang", ["fi", "en", "sv"])
def test_the_client_s_page_holds_none_of_the_students_own_writing(
    protocol: Protocol, lang: Lang
) -> None:
    """Preparation, roles, reflection and why a second appointment are for the debrief:
    never on the page the client takes home."""
    from hyvinvointi_tui.core.client import takeaway

    session = full(protocol, lang)
    page = to_markdown(takeaway.build(protocol, session.state, session.created))
    for private in ("REFERRAL-TEXT", "QUESTION-TEXT", "HARD-TEXT", "HABITS-TEXT"):
        assert private not in page
    assert t(lang, "reasons.guidance") not in page
    assert t(lang, "roles.line_lead", lead="Ben") not in page  # the students sign it, no roles
