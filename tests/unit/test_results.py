"""What a session produced, as the debrief report and the replay show it."""

from __future__ import annotations

from hyvinvointi_tui.core import debrief_report
from hyvinvointi_tui.core.page import to_markdown
from hyvinvointi_tui.core.replay import Replayer
from hyvinvointi_tui.core.scripted import HandClock, osa, started


def test_the_osa_is_reported_by_topic_not_by_bare_number(protocol):
    session = started(protocol, HandClock(), lang="en")
    osa(session, {14: (1, 4), 12: (2, 4), 5: (4, 4)}, priorities=[14, 12])
    replay = Replayer(protocol, session.events, duration=60)
    page = to_markdown(
        debrief_report.build(
            protocol, replay, created=session.created, client_code="K-1", lang="en"
        )
    )
    assert "wants to change: 14. Daily rhythm, 12. Relaxation" in page
    assert "14. Daily rhythm" in page.split("Important but hard")[1]


def test_the_next_appointment_is_written_in_the_language_s_form(protocol):
    from hyvinvointi_tui.core.scripted import next_appointment

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


def test_the_orientation_and_the_client_s_word_on_the_summary_are_reported(protocol):
    from hyvinvointi_tui.core.events import OrientationRecorded, SummaryAgreed

    session = started(protocol, HandClock(), lang="fi")
    session.record(OrientationRecorded(step="orientation", value="partly"))
    session.record(SummaryAgreed(step="summary", agreed=True))
    replay = Replayer(protocol, session.events, duration=60)
    page = to_markdown(
        debrief_report.build(protocol, replay, created=session.created, client_code="K", lang="fi")
    )
    assert "Orientaatio: Osittain" in page
    assert "Asiakas tunnisti koonnin omakseen" in page


def test_the_agreed_focus_the_service_and_the_goals_dates_are_reported(protocol):
    from hyvinvointi_tui.core.events import ServiceChosen
    from hyvinvointi_tui.core.scripted import goal, next_appointment

    session = started(protocol, HandClock(), lang="en")
    goal(session, "g1", "Sleep before midnight", ["Phone out of the bedroom"], due="2026-12-15")
    next_appointment(session, "2026-12-10", "10:00", "How the sleep goal went")
    service = protocol.step("closing").services[0].name("en")
    session.record(ServiceChosen(step="closing", service=service))
    replay = Replayer(protocol, session.events, duration=60)
    page = to_markdown(
        debrief_report.build(protocol, replay, created=session.created, client_code="K", lang="en")
    )
    assert "Sleep before midnight (by 2026-12-15)" in page
    assert "Agreed focus: How the sleep goal went" in page
    assert f"Recommended service: {service}" in page
