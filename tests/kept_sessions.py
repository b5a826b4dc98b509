"""Sessions saved as the app saves them, for the tests of retention and deletion: closed or
open, for a client, on a date, following up another, under a course's retention."""

from __future__ import annotations

from pathlib import Path

from pyrage import x25519

from hyvinvointi_tui.core.follow_up.carried import previous_of
from hyvinvointi_tui.core.model.client_events import CourseNoted
from hyvinvointi_tui.core.model.course import Privacy
from hyvinvointi_tui.core.model.protocol import Protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SessionClosed, SetupChanged
from hyvinvointi_tui.store import session_file

from . import session_saving
from .scripted import HandClock


def saved(
    folder: Path,
    recipients: list[x25519.Recipient],
    protocol: Protocol,
    *,
    code: str,
    created: str,
    follows: Session | None = None,
    close: bool = True,
    retention_days: int = 0,
) -> tuple[Path, Session]:
    """One session in `folder`, named as the app names it; closed 90 minutes after it
    began unless `close` is False."""
    clock = HandClock()
    session = Session(protocol, clock=clock, created=created)
    previous = None
    if follows is not None:
        previous = previous_of(
            follows.protocol,
            session_id=follows.session_id,
            created=follows.created,
            state=follows.state,
        )
    course = CourseNoted(course="OT", privacy=Privacy(retention_days=retention_days))
    setup = SetupChanged(client_code=code, lang="en", follow_up=previous is not None)
    session.start(setup, previous, course)
    step = session.state.step or protocol.steps[0].id
    if close:
        clock.t = 90 * 60
        session.record(SessionClosed(step=step))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / session_file.file_name(created, code, session.session_id)
    doc = session_saving.session_document(session, saved_t=clock.t + 1)
    session_saving.save(path, doc, recipients)
    return path, session
