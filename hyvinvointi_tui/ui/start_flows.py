"""The start screen's ways into a session: a new one, a follow-up of a closed one, going on
with a saved one, or replaying one (the student's own debrief view). Each chooser lists the
student's saved sessions as the store summarises them (`store.student.SavedSession`).

Each flow imports its screens and stores when it starts: together 25 ms (and the start
screen 3 ms) that a session's first screen does not need (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..core.dates import session_date
from ..core.model.protocol import ProtocolError, resolve_protocol
from ..core.model.session import Session
from ..core.untrusted import visible_line
from ..i18n import t
from ..store.copies import delete_copies, existing_copies
from ..store.session_file import SessionFileError
from . import memory
from .app_host import TextualHost

if TYPE_CHECKING:
    from ..core.model.protocol import Protocol as SessionProtocol
    from ..store.session_store import SessionStore
    from ..store.student import SavedSession, Student
    from .screens.start import DataFacts
    from .session_setup import SessionSetup


def session_line(saved: SavedSession, lang: str) -> str:
    """One saved session as the resume and replay choosers show it."""
    if saved.created is None:
        name = visible_line(saved.path.name)  # a file's name may hold anything
        return f"{name} — {t(lang, 'resume.unreadable')}"
    step = saved.step(lang) if saved.step is not None else ""
    line = f"{saved.created:%d.%m.%Y %H:%M}  {visible_line(saved.client_code):<12} {step}"
    if saved.follows:  # a first session and its follow-up are told apart
        try:
            day = session_date(saved.follows, lang)
        except ValueError:  # a date the file holds is data: shown, never trusted
            day = visible_line(saved.follows[:25])
        line += f" · {t(lang, 'resume.follow_up', date=day)}"
    if saved.closed:
        line += f" · {t(lang, 'resume.closed')}"
    return line


# The most copies the deletion's question names one by one (the rest are counted).
LISTED_COPIES = 14


class StartingApp(TextualHost, Protocol):
    """What the start flows ask of their app: its language and student, its setup, and a
    way to run another session (a follow-up, one saved before)."""

    @property
    def lang(self) -> str: ...
    @property
    def student(self) -> Student | None: ...
    @property
    def store(self) -> SessionStore | None: ...
    @property
    def setup(self) -> SessionSetup: ...
    def open_setup(self) -> None: ...
    def show_step(self) -> None: ...
    def take_session(
        self, protocol: SessionProtocol, session: Session, store: SessionStore | None
    ) -> None:
        """Run `session` from now on, kept in `store` (the one before it is closed)."""


class StartFlows:
    """What the start screen's choices do, for the app that shows it."""

    def __init__(self, app: StartingApp) -> None:
        self.app = app

    @property
    def lang(self) -> str:
        return self.app.lang

    def chosen(self, choice: str) -> None:
        """One of the start screen's choices (`StartScreen.Chosen`)."""
        app, student = self.app, self.app.student
        if choice == "new":
            app.open_setup()
        elif choice == "quit":
            app.exit()
        elif choice == "resume" and student is not None:
            self._choose(student, "resume.heading", "resume.none", self._resume)
        elif choice == "replay" and student is not None:
            self._choose(student, "resume.replay_heading", "resume.none", self._replay)
        elif choice == "follow_up" and student is not None:
            self._choose(
                student, "start.follow_up", "start.no_follow_ups", self._start_follow_up, True
            )
        elif choice == "sessions" and student is not None:
            from ..store.deletion import FolderSessions
            from .screens.sessions import SessionsScreen

            kept = FolderSessions(student.home, student.folder, [student.identity])
            self.app.push_screen(SessionsScreen(self.lang, kept))
        elif choice == "copies" and student is not None:
            self._delete_copies(student)
        elif choice == "settings" and student is not None:
            from ..store.settings import StudentSettings
            from .screens.settings import SettingsScreen

            self.app.push_screen(SettingsScreen(self.lang, StudentSettings(student)))

    def show_start_screen(self, *, open_setup: bool) -> None:
        """The start screen (and over it the setup, if asked for)."""
        from .screens.start import StartScreen

        student = self.app.student
        facts = self.data_facts(student) if student is not None else None
        self.app.push_screen(StartScreen(self.lang, facts))
        if open_setup:
            self.app.open_setup()

    def data_facts(self, student: Student) -> Callable[[], DataFacts]:
        """What the start screen says of the student's data (read in a thread)."""
        from ..store.deletion import listing
        from .screens.start import DataFacts

        def read() -> DataFacts:
            today = dt.date.today()
            listed = listing(student.folder, [student.identity])
            due = sum(1 for session in listed if session.kept and session.kept.due(today))
            return DataFacts(copies=len(existing_copies(student.home)), due=due)

        return read

    def _delete_copies(self, student: Student) -> None:
        """The plaintext copies on this computer, listed, and deleted after a yes."""
        from .screens.modals import ConfirmModal

        copies = existing_copies(student.home)
        if not copies:
            self.app.notify(t(self.lang, "copies.none"), markup=False)
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            failed = delete_copies(student.home, copies)
            self.app.notify(t(self.lang, "copies.deleted", count=len(copies) - len(failed)))
            if failed:
                names = ", ".join(visible_line(str(copy.path)) for copy, _ in failed)
                self.app.notify(
                    t(self.lang, "retention.failed", files=names), severity="error", markup=False
                )
            from .screens.start import StartScreen

            for screen in self.app.screen_stack:
                if isinstance(screen, StartScreen):
                    screen.read_facts()  # the count again

        listed = [visible_line(str(copy.path)) for copy in copies[:LISTED_COPIES]]
        if len(copies) > LISTED_COPIES:
            listed.append(t(self.lang, "retention.more", count=len(copies) - LISTED_COPIES))
        modal = ConfirmModal(
            t(self.lang, "copies.heading"),
            "\n".join([t(self.lang, "copies.body"), "", *listed]),
            cancel=t(self.lang, "retention.cancel"),
            confirm=t(self.lang, "retention.confirm"),
        )
        self.app.push_screen(modal, answered)

    def _choose(
        self,
        student: Student,
        heading: str,
        empty: str,
        then: Callable[[Student, Path], None],
        follow_ups: bool = False,
    ) -> None:
        """The student's saved sessions, newest first (for a follow-up: the closed ones that
        booked a new appointment); `then` goes on with the chosen one."""
        if follow_ups:
            rows = [
                (saved.path, f"{saved.created:%d.%m.%Y %H:%M}  {visible_line(saved.client_code)}")
                for saved in student.sessions()
                if saved.booked_follow_up
            ]
        else:
            rows = [(saved.path, session_line(saved, self.lang)) for saved in student.sessions()]

        def chosen(path: Path | None) -> None:
            if path is not None:
                then(student, path)

        from .screens.modals import ResumeModal

        self.app.push_screen(ResumeModal(self.lang, rows, heading=heading, empty=empty), chosen)

    def _failed(self, reason: str) -> None:
        self.app.notify(
            t(self.lang, "resume.failed", reason=reason), severity="error", markup=False
        )

    def _start_follow_up(self, student: Student, path: Path) -> None:
        """The setup of a follow-up: the follow-up protocol, the client code and language
        of the session followed up, which the setup's start records."""
        from ..store.student import follow_up_or_reason

        found = follow_up_or_reason(path, [student.identity])
        if isinstance(found, str):
            self._failed(found)
            return
        try:
            protocol = resolve_protocol("seurantakeskustelu")
        except ProtocolError as exc:
            self.app.notify(exc.report(), severity="error", markup=False)
            return
        self.app.take_session(protocol, Session(protocol), self.app.store)
        self.app.setup.follow_up(found)

    def _resume(self, student: Student, path: Path) -> None:
        """Go on with a saved session in this running app."""
        from ..store.student import reopen_or_reason

        opened = reopen_or_reason(student, path)
        if isinstance(opened, str):
            self._failed(opened)
            return
        self.app.take_session(opened.protocol, opened.session, opened.store)
        self.app.show_step()

    def _replay(self, student: Student, path: Path) -> None:
        """The student's own replay of a saved session, with the teacher's comments."""
        from ..store.access_copy import copy_writer
        from ..store.debrief import open_replay
        from .replay.screen import ReplayScreen

        try:
            opened = open_replay(path, [student.identity])
        except SessionFileError as exc:
            self._failed(str(exc))
            return
        meta = opened.meta
        screen = ReplayScreen(
            opened.protocol,
            opened.replay,
            created=meta.created,
            client_code=meta.client_code,
            lang=self.lang,
            comments=opened.comments,
            assessment=opened.assessment,
            write_access_copy=copy_writer(path, [student.identity]),
        )
        self.app.push_screen(screen)
        self.app.call_after_refresh(memory.settle)  # the session's events, kept while it is shown
