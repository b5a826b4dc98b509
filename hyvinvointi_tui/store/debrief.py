"""The teacher's debrief comments and assessment: kept beside the session file, never
inside it.

`SESSION.age` → `SESSION.debrief.age`, age-encrypted to the teacher who wrote them and to the
student (the session file names the student's public key). The plaintext is TOML with
`schema_version`, the session's id, a list of comments, each pinned to an instant (seconds
since the session started) and the step at that instant, and (once written) the teacher's
`assessment`: its text, the name it is signed with and the day. Files without it still open.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol as TypingProtocol

import tomli_w
from pyrage import x25519

from ..core.debrief.comments import Assessment, Comment, assessment_adapter, comments_adapter
from ..core.debrief.replay import Replayer
from ..core.model.protocol import Protocol
from ..core.privacy.erasure import purged
from ..core.untrusted import NotToml, parse_toml, visible_strings
from .keys import KeyProblem, parse_recipient
from .session_document import LoadedSession, load
from .session_file import DEBRIEF_SUFFIX, SUFFIX, SessionFileError, decrypt, earlier_file, write
from .session_meta import SessionMeta

SCHEMA_VERSION = 1


def debrief_path(session_path: Path) -> Path:
    name = session_path.name.removesuffix(SUFFIX)
    return session_path.with_name(name + DEBRIEF_SUFFIX)


@dataclass
class Debrief:
    """What the teacher wrote beside a session: comments, and the signed assessment."""

    comments: list[Comment]
    assessment: Assessment | None = None


def load_comments(
    session_path: Path, identities: Sequence[x25519.Identity], session_id: str
) -> list[Comment]:
    """The comments beside a session ([] when there are none). Raises SessionFileError."""
    return load_debrief(session_path, identities, session_id).comments


def load_debrief(
    session_path: Path, identities: Sequence[x25519.Identity], session_id: str
) -> Debrief:
    """The comments and assessment beside a session (none when there is no file). Raises
    SessionFileError."""
    path = debrief_path(session_path)
    if not path.exists():
        return Debrief([])
    plaintext = decrypt(path, identities)
    return read_debrief(path, plaintext, session_id)


def read_comments(path: Path, plaintext: bytes, session_id: str) -> list[Comment]:
    """The comments of a decrypted debrief file, checked (SessionFileError otherwise)."""
    return read_debrief(path, plaintext, session_id).comments


def read_debrief(path: Path, plaintext: bytes, session_id: str) -> Debrief:
    """A decrypted debrief file, checked (SessionFileError otherwise)."""
    try:
        doc = visible_strings(parse_toml(plaintext.decode("utf-8")))
        if doc.get("schema_version") != SCHEMA_VERSION or doc.get("session_id") != session_id:
            raise ValueError("not this session's debrief")
        comments = comments_adapter().validate_python(doc.get("comments", []))
        written = doc.get("assessment")
        assessment = None if written is None else assessment_adapter().validate_python(written)
    except (UnicodeDecodeError, NotToml, ValueError, KeyError, TypeError):
        raise SessionFileError(
            f"{path}: the content is damaged (not this session's debrief)"
        ) from None
    return Debrief(sorted(comments, key=lambda comment: comment.t), assessment)


def save_comments(
    session_path: Path,
    session_id: str,
    comments: Sequence[Comment],
    recipients: Sequence[x25519.Recipient],
    assessment: Assessment | None = None,
) -> Path:
    """Encrypt the comments and the assessment to `recipients` and replace the debrief file
    atomically (the file holds what is given: an assessment left out is not kept)."""
    doc: dict[str, object] = {
        "schema_version": SCHEMA_VERSION,
        "session_id": session_id,
        "comments": [comment.fields() for comment in sorted(comments, key=lambda c: c.t)],
    }
    if assessment is not None:
        doc["assessment"] = assessment.fields()
    path = debrief_path(session_path)
    write(path, tomli_w.dumps(doc).encode(), recipients)
    return path


@dataclass
class Replayed:
    """A saved session opened for the debrief: its protocol, the replay and the comments."""

    protocol: Protocol
    replay: Replayer
    meta: SessionMeta
    comments: list[Comment]
    assessment: Assessment | None = None


def open_replay(
    path: Path, identities: Sequence[x25519.Identity], loaded: LoadedSession | None = None
) -> Replayed:
    """Decrypt a session (unless it is `loaded` already) and the comments beside it, and
    build its replay. Raises SessionFileError (its protocol problems too)."""
    loaded = loaded or load(path, identities)
    protocol = loaded.protocol
    meta = loaded.meta
    debrief = load_debrief(path, identities, meta.id)
    # A file this program wrote is purged already; one written before it purged (or by
    # anything else) is purged here, some 20 ms for a full session: a replay shows that
    # something was deleted, never what.
    replay = Replayer(protocol, purged(loaded.events), duration=meta.saved_t)
    return Replayed(protocol, replay, meta, debrief.comments, debrief.assessment)


def open_chain(
    path: Path, identities: Sequence[x25519.Identity]
) -> tuple[list[Path], list[Replayed]]:
    """A session and the ones it follows up, oldest first: the first session, its
    follow-up, the follow-up's follow-up … up to `path`. Earlier files are found beside it
    by the session id in their names; the chain stops quietly at one that is missing or
    cannot be opened (the session asked for always opens, or raises as open_replay)."""
    opened = open_replay(path, identities)
    paths, chain = [path], [opened]
    seen = {opened.meta.id}
    wanted = opened.meta.follow_up_of
    while wanted and wanted not in seen:
        seen.add(wanted)
        found = earlier_file(path, wanted)
        if found is None:
            break
        try:
            earlier = open_replay(found, identities)
        except SessionFileError:
            break
        paths.insert(0, found)
        chain.insert(0, earlier)
        wanted = earlier.meta.follow_up_of
    return paths, chain


class DebriefSaver(TypingProtocol):
    """Saves the teacher's comments and assessment together; "" or the reason it failed."""

    def __call__(self, comments: list[Comment], assessment: Assessment | None = None) -> str: ...


def comment_saver(path: Path, meta: SessionMeta, teacher: x25519.Identity) -> DebriefSaver:
    """Save the debrief comments and the assessment encrypted to this teacher and to
    everyone the session file names (the student first); returns "" or the reason it
    failed. Both are written each time: give the assessment as it stands."""

    def save(comments: list[Comment], assessment: Assessment | None = None) -> str:
        keys = {str(teacher.to_public()), *meta.recipients}
        try:
            recipients = [parse_recipient(key) for key in sorted(keys)]
            save_comments(path, meta.id, comments, recipients, assessment)
        except (OSError, KeyProblem) as exc:
            return str(exc)
        return ""

    return save
