"""Re-keying: a folder of sessions and their debrief comments encrypted again to the keys
that should open them now — each session's student (the first key its `[session]` names),
the partners it names, and the course's current teachers — so that a teacher taken out of
the course no longer opens them.

Each file is decrypted in memory (never to disk), its plaintext kept byte for byte but for a
session's `[session].recipients`, which then names exactly the new keys, encrypted to them
and put in place atomically (`session_file.write`): a kill at any instant leaves each file
old or new. A session open in the app (its lock held) is left alone, and its lock is held
meanwhile so that the app cannot open it half-way.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from pyrage import x25519

from ..core.model.client_events import CourseNoted
from ..core.record import Record, record
from .atomic import remove_stale_temps
from .debrief import debrief_path, read_comments
from .keys import KeyProblem, parse_recipient
from .session_document import LoadedSession, parse
from .session_file import DEBRIEF_SUFFIX, SUFFIX, NotForThisKey, SessionFileError, decrypt, write
from .session_meta import with_recipients
from .session_store import SessionLock, SessionLocked
from .unreadable import Invalid

# Why a file was left as it was, in the summary's words.
NOT_THIS_KEY = "this key cannot open it"
DAMAGED = "damaged"
OPEN = "open in the app"
OTHER_COURSE = "of another course"
NO_STUDENT = "names no student key"
SHUT_OUT = "would shut out the key that runs this"
NOT_WRITTEN = "could not be written"
NO_SESSION = "its session file is missing"


@record
class Outcome(Record):
    """One file: re-keyed (or, in a dry run, would be), or why it was left as it was."""

    path: Path
    skipped: str = ""  # one of the reasons above; "" when re-keyed
    detail: str = ""  # the one line that says more, for the user


@record
class NewKeys(Record):
    """Who the files are re-encrypted to, besides each session's own student and partners."""

    teachers: Sequence[str]
    course: str = ""  # the course's name: a session that names another course is skipped
    # The student running it: their key stands for a session that names no student (files
    # saved before sessions named their recipients). None for a teacher.
    student: str | None = None

    def of(self, student: str, partners: Sequence[str]) -> list[str]:
        """A session's new recipients, its student first, each once (KeyProblem for a key
        the file names that is not an age key)."""
        keys = list(dict.fromkeys([student, *partners, *self.teachers]))
        for key in keys:
            parse_recipient(key)
        return keys


def session_files(folder: Path) -> list[Path]:
    """The session files of a folder, by name (debrief comments go with their session)."""
    return sorted(p for p in folder.glob(f"*{SUFFIX}") if not p.name.endswith(DEBRIEF_SUFFIX))


def rekey_folder(
    folder: Path,
    identities: Sequence[x25519.Identity],
    keys: NewKeys,
    *,
    dry_run: bool = False,
) -> Iterator[Outcome]:
    """Re-key every session in `folder` and its debrief comments, one Outcome per file as
    it is done. Nothing is written in a dry run (the files are still opened and checked)."""
    if not dry_run:
        remove_stale_temps(folder)  # left by a re-keying or a save killed mid-write
    for path in session_files(folder):
        yield from _rekey_session(path, identities, keys, dry_run)
    for orphan in sorted(folder.glob(f"*{DEBRIEF_SUFFIX}")):
        name = orphan.name.removesuffix(DEBRIEF_SUFFIX) + SUFFIX
        if not orphan.with_name(name).exists():
            yield Outcome(
                path=orphan,
                skipped=NO_SESSION,
                detail=f"{NO_SESSION} ({name}): its keys are not known",
            )


def _rekey_session(
    path: Path, identities: Sequence[x25519.Identity], keys: NewKeys, dry_run: bool
) -> Iterator[Outcome]:
    lock = SessionLock(path)
    try:
        lock.acquire()
    except SessionLocked as exc:
        yield Outcome(path=path, skipped=OPEN, detail=str(exc).removeprefix(f"{path}: "))
        return
    except OSError as exc:
        yield Outcome(path=path, skipped=NOT_WRITTEN, detail=f"cannot lock it ({exc.strerror})")
        return
    try:
        outcome, done = _rekey_file(path, identities, keys, dry_run)
        yield outcome
        comments = debrief_path(path)
        if done is not None and comments.exists():
            yield _rekey_comments(comments, identities, done, dry_run)
    finally:
        lock.release()


@record
class _Done(Record):
    """A session re-keyed: its id and the keys it now opens with (its comments' too)."""

    session_id: str
    recipients: list[x25519.Recipient]


def _rekey_file(
    path: Path, identities: Sequence[x25519.Identity], keys: NewKeys, dry_run: bool
) -> tuple[Outcome, _Done | None]:
    """The session re-keyed, or why it was left as it was (then None)."""
    try:
        plaintext = decrypt(path, identities)
        loaded = parse(path, plaintext)
    except NotForThisKey:
        return Outcome(path=path, skipped=NOT_THIS_KEY), None
    except SessionFileError as exc:
        return Outcome(path=path, skipped=DAMAGED, detail=str(exc).removeprefix(f"{path}: ")), None
    named = _course_of(loaded)
    if keys.course and named and named != keys.course:
        return Outcome(
            path=path, skipped=OTHER_COURSE, detail=f"it belongs to another course ({named})"
        ), None
    meta = loaded.meta
    student = meta.recipients[0] if meta.recipients else keys.student
    if student is None:
        return Outcome(
            path=path,
            skipped=NO_STUDENT,
            detail="it names no student key (saved by an old version)",
        ), None
    try:
        new = keys.of(student, meta.partners)
    except KeyProblem:
        return Outcome(
            path=path, skipped=DAMAGED, detail="its [session] names a key that is not an age key"
        ), None
    own = {str(identity.to_public()) for identity in identities}
    if not own & set(new):
        return Outcome(
            path=path, skipped=SHUT_OUT, detail=f"{SHUT_OUT}: the course does not name your key"
        ), None
    try:
        edited = with_recipients(plaintext, new, loaded.doc)
    except Invalid:
        return Outcome(
            path=path, skipped=DAMAGED, detail="its [session] table cannot be edited safely"
        ), None
    recipients = [parse_recipient(key) for key in new]
    if not dry_run:
        try:
            write(path, edited, recipients)
        except OSError as exc:
            return Outcome(
                path=path,
                skipped=NOT_WRITTEN,
                detail=f"{NOT_WRITTEN} ({exc.strerror}): left as it was",
            ), None
    return Outcome(path=path), _Done(session_id=loaded.meta.id, recipients=recipients)


def _rekey_comments(
    path: Path, identities: Sequence[x25519.Identity], session: _Done, dry_run: bool
) -> Outcome:
    """The session's debrief comments, byte for byte, to the session's new keys."""
    try:
        plaintext = decrypt(path, identities)
        read_comments(path, plaintext, session.session_id)
    except NotForThisKey:
        return Outcome(path=path, skipped=NOT_THIS_KEY)
    except SessionFileError as exc:
        return Outcome(path=path, skipped=DAMAGED, detail=str(exc).removeprefix(f"{path}: "))
    if not dry_run:
        try:
            write(path, plaintext, session.recipients)
        except OSError as exc:
            return Outcome(
                path=path,
                skipped=NOT_WRITTEN,
                detail=f"{NOT_WRITTEN} ({exc.strerror}): left as it was",
            )
    return Outcome(path=path)


def _course_of(loaded: LoadedSession) -> str:
    """The name of the course the session noted as it started ("" for none)."""
    for event in loaded.events:
        if isinstance(event, CourseNoted) and event.course:
            return event.course
    return ""
