"""What a session produced, as the debrief report and the replay show it."""

from __future__ import annotations

from hyvinvointi_tui.core.debrief import debrief_report
from hyvinvointi_tui.core.debrief.replay import Replayer
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.steps import ClosingStep
from hyvinvointi_tui.core.page import to_markdown
from hyvinvointi_tui.i18n import Lang

from ..helpers import step_of
from ..scripted import HandClock, day, osa, started


def test_the_osa_is_reported_by_topic_not_by_bare_number(protocol: Protocol) -> None:
    session = started(protocol, HandClock(), lang="en")
    osa(session, {14: (1, 4), 12: (2, 4), 5: (4, 4)}, priorities=[14, 12])
    replay = Replayer(protocol, session.events, duration=60)
    page = to_markdown(
        debrief_report.build(
            protocol, replay, created=session.created, client_code="K-1", lang="en"
        )
    )
    assert "wants to change: 14. Daily rhythm, 12. Relaxation" in page
    assert "14. Daily rhythm" in page.split("Myself: important but hard")[1]


def test_the_next_appointment_is_written_in_the_language_s_form(protocol: Protocol) -> None:
    from ..scripted import next_appointment

    lines = {}
    for lang in ("fi", "sv", "en"):
        session = started(protocol, HandClock(), lang=lang)
        next_appointment(session, "2026-12-10", "10:00")
        replay = Replayer(protocol, session.events, duration=60)
        page = to_markdown(
            debrief_report.build(
                protocol, replay, created=session.created, client_code="K-1", lang=lang
            )
        )
        lines[lang] = page
    assert "10.12.2026 10.00" in lines["fi"] and "10.12.2026 10.00" in lines["sv"]
    assert "10:00" in lines["en"]


def test_the_orientation_and_the_client_s_word_on_the_summary_are_reported(
    protocol: Protocol,
) -> None:
    from hyvinvointi_tui.core.model.step_events import OrientationRecorded, SummaryAgreed

    session = started(protocol, HandClock(), lang="fi")
    session.record(OrientationRecorded(step="orientation", value="partly"))
    session.record(SummaryAgreed(step="summary", agreed=True))
    replay = Replayer(protocol, session.events, duration=60)
    page = to_markdown(
        debrief_report.build(protocol, replay, created=session.created, client_code="K", lang="fi")
    )
    assert "Asiakas tiesi tarkoituksen etukäteen: osittain" in page
    assert "Asiakas tunnisti koonnin omakseen" in page


def test_the_agreed_focus_the_service_and_the_goals_dates_are_reported(protocol: Protocol) -> None:
    from hyvinvointi_tui.core.model.step_events import ServiceChosen

    from ..scripted import goal, next_appointment

    session = started(protocol, HandClock(), lang="en")
    goal(session, "g1", "Sleep before midnight", ["Phone out of the bedroom"], due="2026-12-15")
    next_appointment(session, "2026-12-10", "10:00", "How the sleep goal went")
    service = step_of(protocol, "closing", ClosingStep).services[0].name("en")
    session.record(ServiceChosen(step="closing", service=service))
    replay = Replayer(protocol, session.events, duration=60)
    page = to_markdown(
        debrief_report.build(protocol, replay, created=session.created, client_code="K", lang="en")
    )
    assert "Sleep before midnight (by 2026-12-15)" in page
    assert "Agreed focus: How the sleep goal went" in page
    assert f"Recommended service: {service}" in page


# --- issue 31, part 7: crisis time is crisis time ---------------------------------------------


def crisis_session(
    protocol: Protocol, lang: Lang = "fi", *, with_input: bool = False
) -> tuple[Session, HandClock]:
    """Stress 5 after four minutes of the stress step, the re-plan (ctrl+r), then 46:40 at
    Closing: the crisis conversation the rest of the session was."""
    from hyvinvointi_tui.core.model.session_events import StepEntered
    from hyvinvointi_tui.core.model.step_events import StressRated

    clock = HandClock()
    session = started(protocol, clock, lang=lang)
    session.record(StepEntered(step="stress"))
    clock.advance(240)
    session.record(StressRated(step="stress", value=5))
    if with_input:  # every instrument step has something: nothing to move
        osa(session, {1: (2, 3)})
        day(session, "now", (8, 8, 8))
    session.replan_for_crisis("stress")
    clock.advance(2800)
    return session, clock


def report_of(protocol: Protocol, session: Session, lang: str) -> str:
    replay = Replayer(protocol, session.events, duration=session.now())
    page = debrief_report.build(
        protocol, replay, created=session.created, client_code="K-1", lang=lang
    )
    return to_markdown(page)


def test_after_a_crisis_re_plan_the_closing_s_time_is_the_crisis_conversation_not_an_overrun(
    protocol: Protocol,
) -> None:
    session, _clock = crisis_session(protocol)
    page = report_of(protocol, session, "fi")
    line = next(line for line in page.splitlines() if line.startswith("- Keskustelun lopetus:"))
    assert line == (
        "- Keskustelun lopetus: suunniteltu 05:00, toteutunut 46:40, josta kriisikeskustelua 46:40"
    )
    assert "yli" not in line and "**" not in line
    assert "Siirryttiin kriisikeskusteluun 04:00" in page
    english = report_of(protocol, session, "en")
    assert "of which crisis conversation 46:40" in english
    assert "over by" not in english.split("Closing:")[1].splitlines()[0]


def test_time_over_a_step_s_plan_before_the_re_plan_is_still_an_overrun(protocol: Protocol) -> None:
    from hyvinvointi_tui.core.model.session_events import StepEntered
    from hyvinvointi_tui.core.model.step_events import StressRated

    clock = HandClock()
    session = started(protocol, clock, lang="en")
    session.record(StepEntered(step="stress"))
    clock.advance(20 * 60)  # the stress step's plan is far smaller
    session.record(StressRated(step="stress", value=5))
    session.replan_for_crisis("stress")
    clock.advance(600)
    page = report_of(protocol, session, "en")
    stress = next(line for line in page.splitlines() if "planned" in line and "Stress" in line)
    assert stress.startswith("- **") and "over by" in stress


def test_a_re_plan_with_nothing_to_move_is_recorded_and_reported(protocol: Protocol) -> None:
    session, _clock = crisis_session(protocol, "sv", with_input=True)
    assert session.state.replanned_at is not None
    page = report_of(protocol, session, "sv")
    assert "Övergick till krissamtalet" in page
    assert "varav krissamtal 46:40" in page


def test_the_replay_s_timings_at_the_cursor_count_crisis_time_too(protocol: Protocol) -> None:
    from hyvinvointi_tui.core.debrief import results

    session, _clock = crisis_session(protocol, "en")
    replay = Replayer(protocol, session.events, duration=session.now())
    at = 240 + 600.0
    section = results.timings(protocol, replay.state_at(at), at, "en")
    closing = next(line for line in section.lines if line.startswith("Closing"))
    assert "of which crisis conversation 10:00" in closing
    assert not section.marked


# --- issue 31, part 9: where each summary line came from ---------------------------------------


def test_a_file_written_before_the_origin_was_recorded_opens_and_says_not_recorded(
    protocol: Protocol,
) -> None:
    import tomllib
    from pathlib import Path

    import tomli_w

    from hyvinvointi_tui.core.model.step_events import SummaryEntryAdded, SummaryEntryEdited
    from hyvinvointi_tui.store import session_document

    from .. import session_saving

    session = started(protocol, HandClock(), lang="en")
    session.record(
        SummaryEntryAdded(
            step="summary", entry_id="e1", column="strengths", text="A sister", origin="own"
        )
    )
    session.record(SummaryEntryEdited(step="summary", entry_id="e1", text="A sister who helps"))
    doc = tomllib.loads(
        session_document.to_toml(session_saving.session_document(session, saved_t=1.0))
    )
    # As the file was before: the rows and their names without the origin.
    for kind in ("summary_entry_added", "summary_entry_edited"):
        doc["event_fields"][kind].remove("origin")
    doc["events"] = [
        row[:-1] if row[1].startswith("summary_entry") else row for row in doc["events"]
    ]
    loaded = session_document.parse(Path("K-1.age"), tomli_w.dumps(doc).encode())
    (entry,) = loaded.state.summary["summary"].values()
    assert (entry.text, entry.origin) == ("A sister who helps", "")
    replay = Replayer(protocol, loaded.events, duration=1.0)
    page = to_markdown(
        debrief_report.build(protocol, replay, created=session.created, client_code="K", lang="en")
    )
    assert "- strength: A sister who helps\n" in page
    assert "Summary entries: not recorded 1" in page


# --- issue 31, part 8: the OSA in its two parts -------------------------------------------------


def test_the_important_but_hard_list_keeps_myself_and_my_environment_apart(
    protocol: Protocol,
) -> None:
    from hyvinvointi_tui.core.instruments.summary import suggestions

    session = started(protocol, HandClock(), lang="fi")
    osa(session, {3: (1, 4), 24: (1, 4), 26: (4, 4)})
    page = report_of(protocol, session, "fi")
    self_line = next(line for line in page.splitlines() if "Minä itse:" in line)
    environment = next(line for line in page.splitlines() if "Ympäristöni:" in line)
    assert self_line == (
        "- Minä itse: tärkeää mutta nyt vaikeaa (tärkeys 3–4, suoriutuminen 1–2): 3. Kodin hoito"
    )
    assert environment == (
        "- Ympäristöni: tärkeää mutta ei nyt toimi (tärkeys 3–4, toimivuus 1–2): 24. Toimeentulo"
    )
    assert "suoriutuminen" not in environment
    english = report_of(protocol, session, "en")
    assert "My environment: important but not working right now" in english
    # The summary's suggestions say it in the environment's words too.
    found = {s.key: s.text for s in suggestions(protocol, session.state, "en")}
    assert found["osa:osa:24"].startswith("Important but not working now:")
    assert found["osa_s:osa:26"].startswith("Works well and matters:")
    assert found["osa:osa:3"].startswith("Important but hard")
