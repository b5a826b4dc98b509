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
