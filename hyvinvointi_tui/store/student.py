"""The unlocked student: their key, the course's recipients and the sessions folder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pyrage import x25519

from ..core.follow_up.carried import previous_of
from ..core.model.client_events import CourseNoted, Previous
from ..core.model.course import Course, Privacy, Teacher
from ..core.model.protocol import Protocol
from ..core.model.protocol_text import Text
from ..core.model.session import Session
from ..core.record import Record, record
from .atomic import remove_stale_temps
from .course import read_course
from .keys import (
    KeyProblem,
    parse_recipient,
    unlock_in_child_process,
    unlock_student_identity,
)
from .paths import DataFolderError, sessions_dir
from .preferences import read_preferences
from .session_document import LoadedSession, load
from .session_file import DEBRIEF_SUFFIX, SessionFileError
from .session_meta import moment
from .session_store import SessionLock, SessionLocked, SessionStore, remove_stale_locks


@dataclass
class Student:
    home: Path
    identity: x25519.Identity
    teachers: list[Teacher]
    course: Course = field(default_factory=Course)
    # The partner's public key kept in the preferences ("" for none): new sessions start
    # with it, so the partner can open what the two wrote together.
    partner: str = ""

    def course_noted(self) -> CourseNoted | None:
        """What a new session records of the student's course (None outside a course)."""
        course = self.course
        if not (
            course.name
            or course.place
            or course.appointments
            or course.help_contacts
            or course.services
            or course.privacy.missing() != Privacy().missing()
        ):
            return None
        return CourseNoted(
            course=course.name,
            place=course.place,
            appointments=course.appointments,
            help_contacts=course.help_contacts,
            services=course.services,
            privacy=course.privacy,
        )

    @cached_property
    def folder(self) -> Path:
        """HOME/sessions, made (0700) once per run."""
        return sessions_dir(self.home)

    @property
    def recipients(self) -> list[x25519.Recipient]:
        """Every new file is encrypted to the student and to each teacher of the course."""
        return [self.identity.to_public()] + [parse_recipient(t.recipient) for t in self.teachers]

    def new_store(self) -> SessionStore:
        return SessionStore(self.folder, self.recipients)

    def session_files(self) -> list[Path]:
        """Saved session files, the most recently saved first (names sort by start date only
        to the minute, so the save time decides)."""
        files = [p for p in self.folder.glob("*.age") if not p.name.endswith(DEBRIEF_SUFFIX)]
        return sorted(files, key=lambda path: path.stat().st_mtime_ns, reverse=True)

    def newest_unfinished(self) -> Path | None:
        """The most recently saved session that is not closed (None if there is none)."""
        for path in self.session_files():
            try:
                if not load(path, [self.identity]).closed:
                    return path
            except SessionFileError:
                continue
        return None

    def sessions(self) -> list[SavedSession]:
        """Saved sessions, the most recently saved first (one that cannot be read too)."""
        listing: list[SavedSession] = []
        for path in self.session_files():
            try:
                listing.append(SavedSession.of(load(path, [self.identity])))
            except SessionFileError:
                listing.append(SavedSession(path=path))
        return listing


@record
class SavedSession(Record):
    """One saved session as the start screen's choosers list it. `created` is None for a
    file that cannot be read."""

    path: Path
    created: dt.datetime | None = None  # in local time
    client_code: str = ""
    step: Text | None = None  # the step it is at, in the protocol it was made with
    closed: bool = False
    booked_follow_up: bool = False
    # A follow-up: when the session it follows up was started (ISO, its own time zone).
    follows: str = ""

    @classmethod
    def of(cls, loaded: LoadedSession) -> SavedSession:
        step_id = loaded.state.step
        previous = loaded.state.previous
        return cls(
            path=loaded.path,
            created=moment(loaded.meta.created).astimezone(),
            client_code=loaded.meta.client_code,
            step=loaded.protocol.step(step_id).title if step_id else None,
            closed=loaded.closed,
            booked_follow_up=booked_a_follow_up(loaded),
            follows=previous.created if previous is not None else "",
        )


def open_student(home: Path, passphrase: str, *, child_process: bool = False) -> Student:
    """Unlock the student's key (a second or two of scrypt) and read the course.

    Raises KeyProblem (WrongPassphrase, NoIdentity, a damaged course.toml) with a message
    for the user. Temp files left by a crash mid-save are cleared here, at start.
    """
    unlock = unlock_in_child_process if child_process else unlock_student_identity
    identity = unlock(home, passphrase)
    course = read_course(home)
    partner = read_preferences(home).partner
    student = Student(home, identity, list(course.teachers), course, partner)
    try:
        folder = student.folder
    except DataFolderError as exc:
        raise KeyProblem(str(exc)) from None
    remove_stale_temps(folder)
    remove_stale_locks(folder)
    return student


@dataclass
class Reopened:
    protocol: Protocol
    session: Session
    store: SessionStore


def reopen(student: Student, path: Path) -> Reopened:
    """Open a saved session to go on with it: decrypt, rebuild, lock, and record the time
    away as a pause. Raises SessionFileError (its protocol problems too) or SessionLocked."""
    loaded = load(path, [student.identity])
    protocol = loaded.protocol
    lock = SessionLock(path)
    try:
        lock.acquire()
    except OSError as exc:  # a full disk, a read-only folder: never open it unlocked
        raise SessionLocked(f"{path}: cannot lock it ({exc.strerror}); it was not opened") from None
    meta = loaded.meta
    session = Session(protocol, session_id=meta.id, created=meta.created, events=loaded.events)
    session.record_gap(meta.saved_t)
    store = SessionStore(student.folder, student.recipients, path=path, lock=lock)
    return Reopened(protocol, session, store)


def reopen_or_reason(student: Student, path: Path) -> Reopened | str:
    """reopen, or the one message that says why the session cannot be opened."""
    try:
        return reopen(student, path)
    except (SessionFileError, SessionLocked) as exc:
        return str(exc)


@dataclass
class FollowUpOf:
    """What a follow-up takes from the session it follows: the record of it, and the
    client code and language to start with."""

    previous: Previous
    client_code: str
    lang: str


class NotClosed(Exception):
    """A follow-up of a session that has not been closed."""


def follow_up_of(path: Path, identities: list[x25519.Identity]) -> FollowUpOf:
    """Read a closed session for its follow-up. Raises SessionFileError (no such file,
    another key's, damaged, its protocol unusable) or NotClosed — each with a message for
    the user."""
    loaded = load(path, identities)
    if not loaded.closed:
        raise NotClosed(
            f"{path}: this session is not closed yet, so it cannot be followed up. "
            f"Finish it first (hyvinvointi resume {path}), then start the follow-up."
        )
    protocol = loaded.protocol
    meta = loaded.meta
    state = loaded.state
    previous = previous_of(protocol, session_id=meta.id, created=meta.created, state=state)
    return FollowUpOf(previous, state.setup.client_code, state.setup.lang)


def follow_up_or_reason(path: Path, identities: list[x25519.Identity]) -> FollowUpOf | str:
    """follow_up_of, or the one message that says why it cannot be followed up."""
    try:
        return follow_up_of(path, identities)
    except (SessionFileError, NotClosed) as exc:
        return str(exc)


def booked_a_follow_up(loaded: LoadedSession) -> bool:
    """Closed with a new appointment agreed: the sessions the start screen offers to follow up."""
    return loaded.closed and "new_appointment" in loaded.state.closing.values()
