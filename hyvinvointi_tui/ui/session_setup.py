"""The session's setup (client code, language, students, consent to the course's terms):
given on the command line (`new --client`, the demo), asked before a new session starts, and
changed during one (every step screen is then built anew, in its language, with its client
code)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from ..core.model.client_events import Previous
from ..core.model.protocol import Protocol as SessionProtocol
from ..core.model.session import Session
from ..core.model.session_events import SetupChanged, one_of
from ..core.model.state_entries import Setup
from ..i18n import LANGUAGES
from ..store.keys import KeyProblem, parse_recipient
from .app_host import SessionHost
from .step_screens import StepScreens

if TYPE_CHECKING:
    from ..store.session_store import SessionStore
    from ..store.student import FollowUpOf, Student

DEMO_SETUP = SetupChanged(
    client_code="DEMO-01", lang="fi", students=["Opiskelija A", "Opiskelija B"]
)


def demo_session(
    protocol: SessionProtocol, lang: str, clock: Callable[[], float] | None
) -> Session:
    """A session for a fictional client, already at the first step."""
    session = Session(protocol, clock=clock)
    session.start(DEMO_SETUP.replace(lang=lang))
    return session


def new_session(
    protocol: SessionProtocol,
    lang: str,
    client_code: str | None,
    *,
    clock: Callable[[], float] | None,
    student: Student | None,
    previous: Previous | None,
    begun: bool,
) -> Session:
    """A new session; with a client code it is set up and opens at its preparation (the
    clock starts when the students begin the conversation, or at once if `begun`). A
    follow-up (`previous`) records what it follows up as it starts."""
    session = Session(protocol, clock=clock)
    if client_code:
        setup = SetupChanged(
            client_code=client_code,
            lang=one_of(lang, LANGUAGES),
            follow_up=bool(previous),
            partner=student.partner if student else "",
        )
        course = student.course_noted() if student else None
        session.start(setup, previous, course, prepare=not begun)
    return session


class SetupApp(SessionHost, Protocol):
    """What the setup asks of its app besides the session: the store the session is kept in
    (for how many teachers can read it) and the language a new session starts in."""

    @property
    def store(self) -> SessionStore | None: ...
    @property
    def default_session_lang(self) -> str: ...


class SessionSetup:
    """The app's setup screen: opened, and what it returns recorded."""

    def __init__(self, app: SetupApp, step_screens: StepScreens) -> None:
        self.app = app
        self.step_screens = step_screens
        # A follow-up chosen on the start screen: what it follows up and the setup it starts
        # from, until the setup starts it.
        self.previous: Previous | None = None
        self.start: Setup | None = None

    def follow_up(self, found: FollowUpOf) -> None:
        """The setup of a follow-up: the client code and language of the session followed
        up, which the setup's start records."""
        self.previous = found.previous
        self.start = Setup(client_code=found.client_code, lang=found.lang, follow_up=True)
        self.open()

    def open(self) -> None:
        # lazy: the setup screen, 5 ms before a session's first step
        from .screens.setup import SetupScreen

        app = self.app
        state, student = app.session.state, app.student
        setup = state.setup if state.started else self.start or Setup(lang=app.default_session_lang)
        if not state.started and student is not None and not setup.partner:
            setup = dataclasses.replace(setup, partner=student.partner)
        # How many teachers the session's file is encrypted to (None: nothing is kept).
        teachers = len(student.teachers) if student is not None else None
        if student is None and app.store is not None:
            teachers = len(app.store.recipients) - 1
        # The course's facts as the session recorded them; before it starts, the course's.
        privacy = student.course.privacy if student is not None else None
        screen = SetupScreen(
            setup,
            protocol_title=app.protocol.title(setup.lang),
            in_session=state.started,
            teachers=teachers,
            is_key=_is_public_key,
            privacy=state.privacy if state.started else privacy,
        )
        app.push_screen(screen, self._done)

    def _done(self, result: SetupChanged | None) -> None:
        if result is None:
            return
        app = self.app
        session = app.session
        if not session.state.started:
            # A new session opens at its preparation: the clock starts with the first step.
            course = app.student.course_noted() if app.student is not None else None
            session.start(result, self.previous, course, prepare=True)
            app.show_step()
            return
        if Setup.of(result) != session.state.setup:
            with app.unless_closed():
                session.record(result)
                self.step_screens.rebuild()


def _is_public_key(text: str) -> bool:
    """An age X25519 public key, its checksum checked (the setup's partner field)."""
    try:
        parse_recipient(text)
    except KeyProblem:
        return False
    return True
