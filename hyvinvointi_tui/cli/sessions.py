"""The commands that run a student's session: the start screen, new and resume (the demo,
which opens no student, is in demo.py)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.model.client_code import check_client_code
from ..core.model.protocol import ProtocolError, parse_protocol, resolve_protocol
from ..i18n import system_language, t
from ..store.course import CourseProblem, read_course
from ..store.keys import KeyProblem, WrongPassphrase
from ..store.paths import PASSPHRASE_ENV, check_writable, home, identity_path
from ..store.preferences import read_preferences
from ..store.student import follow_up_or_reason, open_student, reopen_or_reason
from ..ui.app import HyvinvointiApp
from ..ui.stopping import StopSignals
from ..ui.unlock import WRONG, UnlockApp
from .common import confirmed, fail

if TYPE_CHECKING:
    from ..core.model.protocol import Protocol
    from ..store.student import Student


def _stop_on_signals() -> None:
    """From here on a closed terminal or SIGTERM stops whichever screen runs, or the next
    one at once, and the process ends within seconds (ui/stopping.py)."""
    StopSignals.install()


def _unlock_from_environment() -> Student | str | None:
    """With HYVINVOINTI_PASSPHRASE set, unlock here (automation); otherwise the TUI asks."""
    passphrase = os.environ.get(PASSPHRASE_ENV)
    if not passphrase:
        return None
    try:
        return open_student(home(), passphrase)
    except KeyProblem as exc:
        return str(exc)


def _resume(args: argparse.Namespace, student: Student) -> int:
    if args.file:
        path = Path(args.file)
    else:
        newest = student.newest_unfinished()
        if newest is None:
            return fail(f"no unfinished sessions in {student.folder}")
        path = newest
    opened = reopen_or_reason(student, path)
    if isinstance(opened, str):
        return fail(opened)

    app = HyvinvointiApp(
        opened.protocol,
        lang=opened.session.state.setup.lang,
        session=opened.session,
        store=opened.store,
        student=student,
    )
    try:
        app.run()
    finally:
        opened.store.close()
    return 0


def _unlock(lang: str) -> Student | str | None:
    """The student's keys: from HYVINVOINTI_PASSPHRASE, or asked for in a screen."""
    base = home()
    if not identity_path(base).exists():
        # Said before any passphrase is asked: there is no key to open yet.
        return (
            f"no student key in {base} yet: run 'hyvinvointi init' first to create it "
            "(or 'hyvinvointi demo' to try the app without one)"
        )
    found = _unlock_from_environment()
    if found is not None:
        return found

    return UnlockApp(student_opener(base), lang).run()


def student_opener(home: Path) -> Callable[[str], Student | str]:
    """What the passphrase screen tries each passphrase with: the student, a message that
    ends the attempt, or WRONG to ask again (scrypt runs in a child process)."""

    def open_key(passphrase: str) -> Student | str:
        try:
            return open_student(home, passphrase, child_process=True)
        except WrongPassphrase:
            return WRONG
        except KeyProblem as exc:
            return str(exc)

    return open_key


def _teacher_warning(student: Student) -> bool:
    """No teacher key: say that the teacher cannot open the session; ask to go on."""
    if student.teachers:
        return True
    print(
        "No teacher's key is set (hyvinvointi course add-teacher age1…): "
        "the teacher will not be able to open this session.",
        file=sys.stderr,
    )
    if not sys.stdin.isatty():
        return True
    return confirmed("Go on anyway?")


def _protocol(args: argparse.Namespace, follow_up: bool = False) -> Protocol | int:
    """The protocol asked for (--protocol), else the course's (for a first session), else
    the shipped one for a first session or a follow-up; an exit status after a message if
    it cannot be used."""
    default = "seurantakeskustelu" if follow_up else "hyvinvointikeskustelu"
    try:
        asked = getattr(args, "protocol", None)
        if asked or follow_up:
            return resolve_protocol(asked or default)
        chosen = read_course(home()).protocol
        if chosen.source:
            return parse_protocol(chosen.source.encode(), "the course's protocol")
        return resolve_protocol(chosen.name or default)
    except ProtocolError as exc:
        return fail(exc.report())
    except CourseProblem as exc:
        return fail(str(exc))


def _opened_student(lang: str) -> Student | int:
    """The unlocked student with a writable sessions folder, or an exit status."""
    _stop_on_signals()
    student = _unlock(lang)
    if student is None:
        return fail("no passphrase was given: nothing was opened")
    if isinstance(student, str):
        return fail(student)

    check_writable(student.folder)  # said now, not as a failed save mid-session
    return student


def _run(app: HyvinvointiApp) -> int:
    try:
        app.run()
    finally:
        if app.store is not None:
            app.store.close()
    return 0


def run_start(args: argparse.Namespace) -> int:
    """No command: the start screen (new, follow-up, resume, replay), in the system's
    language until a session's is chosen."""
    protocol = _protocol(args)
    if isinstance(protocol, int):
        return protocol
    lang = system_language()
    student = _opened_student(lang)
    if isinstance(student, int):
        return student
    if not _teacher_warning(student):
        return fail("nothing was started")

    store = student.new_store()
    return _run(HyvinvointiApp(protocol, lang=lang, store=store, student=student))


def run_resume(args: argparse.Namespace) -> int:
    student = _opened_student(system_language())
    if isinstance(student, int):
        return student
    return _resume(args, student)


def run_new(args: argparse.Namespace) -> int:
    """A new session: at the setup screen, or with --client at its preparation (ctrl+n
    begins the conversation); with --follow-up, following up a closed session (its client
    code and language), at its preparation too."""
    follow_up = args.follow_up
    protocol = _protocol(args, follow_up=bool(follow_up))
    if isinstance(protocol, int):
        return protocol
    # The screens before a session (unlock, start) speak the session's language if one was
    # given, else the system's.

    screens_lang = args.lang or system_language()
    # A new session's language: --lang, a follow-up's, the one chosen in settings, else
    # the system's.
    lang = args.lang or (None if follow_up else read_preferences(home()).lang or system_language())
    client = args.client
    if client is not None:
        problem = check_client_code(client)
        if problem is not None:
            return fail(f"--client: {t(lang or 'fi', f'setup.err_{problem}')}")
    student = _opened_student(screens_lang)
    if isinstance(student, int):
        return student
    previous = None
    if follow_up:
        found = follow_up_or_reason(Path(follow_up), [student.identity])
        if isinstance(found, str):
            return fail(found)
        if client is not None and client != found.client_code:
            return fail(
                f"--client {client}: the session followed up is for {found.client_code}; "
                "a follow-up keeps the client code (leave --client out)"
            )
        client, previous = found.client_code, found.previous
        lang = lang or found.lang
    # Both ways to a new session (new, and the start screen) warn when no teacher can open it.
    if not _teacher_warning(student):
        return fail("nothing was started")

    app = HyvinvointiApp.new_session(
        protocol,
        lang=lang or "fi",
        client_code=client,
        store=student.new_store(),
        student=student,
        previous=previous,
    )
    return _run(app)
