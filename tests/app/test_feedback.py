"""The client's feedback on the conversation (issue 19, item 5): four questions in this
project's own words on its own 1-4 scale and a free comment, at Closing; in the debrief
report and stats (numbers only), beside last time in a follow-up, never on the client's
page."""

from __future__ import annotations

from textual.widgets import RadioButton

from hyvinvointi_tui.core.client import takeaway
from hyvinvointi_tui.core.debrief import debrief_report, stats
from hyvinvointi_tui.core.debrief.replay import Replayer, describe
from hyvinvointi_tui.core.follow_up.carried import previous_of
from hyvinvointi_tui.core.model.client_events import FeedbackGiven
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SetupChanged
from hyvinvointi_tui.core.model.text_keys import feedback_key
from hyvinvointi_tui.core.page import to_markdown
from hyvinvointi_tui.ui.app import HyvinvointiApp

from ..conftest import FakeClock
from ..helpers import screen_text, squash, wait_until

SIZE = (120, 40)


async def test_the_client_rates_four_questions_and_comments_at_closing(
    protocol: Protocol, clock: FakeClock
) -> None:
    app = HyvinvointiApp.demo(protocol, lang="en", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.go_to("closing")
        await pilot.pause()
        text = squash(screen_text(app))
        assert "The client's feedback on the conversation" in text
        for level, question in zip((4, 3, 2, 4), ("heard", "mattered", "way", "next"), strict=True):
            buttons = list(app.screen.query_one(f"#feedback-{question}").query(RadioButton))
            buttons[level - 1].value = True
        app.screen.query_one("#feedback-comment").focus()
        await pilot.press(*"hyvä", "ctrl+s")
        await wait_until(pilot, lambda: len(app.session.state.feedback) == 4)
        state = app.session.state
        assert state.feedback == {"heard": 4, "mattered": 3, "way": 2, "next": 4}
        await wait_until(pilot, lambda: app.session.state.text(feedback_key("closing")) == "hyvä")
        session = app.session
    events = [e for e in session.events if isinstance(e, FeedbackGiven)]
    assert describe(protocol, events[0], "en") == "Feedback: I was heard: 4"
    replay = Replayer(protocol, session.events, duration=session.now())
    page = debrief_report.build(
        protocol, replay, created=session.created, client_code="K", lang="en"
    )
    (section,) = [s for s in page.sections if s.heading.startswith("The client's feedback")]
    assert section.lines == [
        "I was heard: 4/4 (fully)",
        "We talked about things that matter to me: 3/4 (fairly well)",
        "The way we worked suited me: 2/4 (a little)",
        "I know what happens next: 4/4 (fully)",
        "Comment: hyvä",
    ]
    row = stats.row(protocol, session.events, stats.FileFacts(saved_t=session.now()), b"s")
    assert (row["feedback_heard"], row["feedback_way"]) == (4, 2)
    assert "hyvä" not in str(row.values())
    client_page = to_markdown(takeaway.build(protocol, session.state, session.created))
    assert "heard" not in client_page and "hyvä" not in client_page, "not on the client's page"


async def test_a_follow_up_shows_last_times_feedback_beside_this_time(
    protocol: Protocol, clock: FakeClock
) -> None:
    from hyvinvointi_tui.core.model.protocol import resolve_protocol

    first = Session(protocol, clock=clock)
    first.start(SetupChanged(client_code="K-5", lang="fi"))
    first.record(FeedbackGiven(step="closing", question="heard", value=3))
    previous = previous_of(protocol, session_id="a1", created=first.created, state=first.state)
    assert previous.feedback == {"heard": 3}
    follow = resolve_protocol("seurantakeskustelu")
    app = HyvinvointiApp.new_session(
        follow, lang="fi", client_code="K-5", clock=clock, previous=previous, begun=True
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.go_to("closing")
        await pilot.pause()
        assert "Tulin kuulluksi (viime kerralla 3/4)" in squash(screen_text(app))
