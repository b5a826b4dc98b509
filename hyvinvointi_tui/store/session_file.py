"""One session as one age-encrypted TOML file: serialise, encrypt, save atomically, load.

The plaintext never touches the disk: it is built in memory, encrypted with pyrage, and only
the ciphertext is written. Decryption is in memory too (pyrage.decrypt, never decrypt_file).
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import pyrage
from pyrage import x25519

from ..core.debrief.stats import FileFacts
from ..core.model.events import (
    MAX_SESSION_SECONDS,
    SessionEvent,
    events_adapter,
)
from ..core.model.protocol import (
    Protocol,
)
from ..core.model.record import Record, Rule, field
from ..core.model.state import SessionState, fold
from ..core.privacy.erasure import purged
from ..core.untrusted import (
    MAX_EVENTS,
    MAX_SESSION_ARRAYS,
    MAX_SESSION_BYTES,
    Refused,
    parse_toml,
    read_regular,
    visible_line,
    visible_toml,
)
from ..i18n import Lang
from .atomic import write_atomic
from .session_document import (
    READS,
    EventRows,
    Invalid,
    check_events,
    document,
    named,
    protocol_of,
    to_toml,
)
from .session_document import (
    SessionFileError as SessionFileError,
)

if TYPE_CHECKING:
    from pydantic import TypeAdapter

AGE_MAGIC = b"age-encryption.org/v1\n"
SUFFIX = ".age"
# A session's id names its file; one read from a file must not be a pattern or a path.
SESSION_ID = r"^[0-9A-Za-z_-]{1,64}$"


def encode(
    doc: dict[str, Any], recipients: Sequence[x25519.Recipient], rows: EventRows | None = None
) -> bytes:
    """TOML, then age encryption to every recipient. Only the result may be written."""
    ciphertext: bytes = pyrage.encrypt(to_toml(doc, rows).encode(), list(recipients))
    return ciphertext


def save(path: Path, doc: dict[str, Any], recipients: Sequence[x25519.Recipient]) -> None:
    write_atomic(path, encode(doc, recipients))


def file_name(created: str, client_code: str, session_id: str) -> str:
    """Sorts by date: 20261122-1403_K-014_3f9a1c2b7d4e.age"""
    when = dt.datetime.fromisoformat(created).astimezone()
    code = re.sub(r"[^A-Za-z0-9_-]", "", client_code) or "client"
    return f"{when:%Y%m%d-%H%M}_{code}_{session_id}{SUFFIX}"


class SessionMeta(Record):
    """The `[session]` table as a file gives it, validated before any of it is used."""

    __pydantic_config__ = {"extra": "ignore"}

    id: Annotated[str, Rule(pattern=SESSION_ID)]
    created: Annotated[str, Rule(max_length=40)]
    client_code: Annotated[str, Rule(max_length=40)] = ""
    lang: Lang = "fi"
    students: Annotated[list[Annotated[str, Rule(max_length=80)]], Rule(max_length=10)] = field(
        default_factory=list
    )
    follow_up: bool = False
    # The session this one follows up: an id (it names a file beside this one, never a path).
    follow_up_of: Annotated[str, Rule(pattern=r"^(" + SESSION_ID[1:-1] + ")?$")] = ""
    saved_t: Annotated[float, Rule(ge=0, le=MAX_SESSION_SECONDS)] = 0.0
    recipients: Annotated[list[Annotated[str, Rule(max_length=100)]], Rule(max_length=50)] = field(
        default_factory=list
    )
    # The public keys of the students who ran the session with the one whose laptop saved it
    # (their partner): the file is encrypted to them too, and a re-keying keeps them.
    partners: Annotated[list[Annotated[str, Rule(max_length=100)]], Rule(max_length=5)] = field(
        default_factory=list
    )

    def _check(self) -> None:
        moment(self.created)

    def facts(self) -> FileFacts:
        """What the course figures use of it."""
        return FileFacts(self.created, self.client_code, self.saved_t)


def moment(text: str) -> dt.datetime:
    """An ISO date-time with its offset (ValueError for anything else)."""
    when = dt.datetime.fromisoformat(text)
    if when.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone")
    return when


@dataclass
class LoadedSession:
    """A session file decrypted and checked: its protocol (carried inside it), its
    metadata and its events, all validated before anything else sees them."""

    path: Path
    meta: SessionMeta
    events: list[SessionEvent]
    protocol: Protocol
    # The whole document as read: its `[state]` table is written for people and tools; the
    # program reads the state folded from the events (`state`).
    doc: dict[str, Any]

    @cached_property
    def state(self) -> SessionState:
        """The state folded from the events (the file's own `[state]` is for people)."""
        return fold(self.protocol, self.events)

    @property
    def closed(self) -> bool:
        """Closed at the end of the conversation (only notes can be appended)."""
        return self.state.closed


class NotForThisKey(SessionFileError):
    """A well-formed age file encrypted to other keys than the ones given."""


def decrypt(path: Path, identities: Sequence[x25519.Identity]) -> bytes:
    """The plaintext of a session file, in memory only; clear errors for every failure."""
    try:
        data = read_regular(path, MAX_SESSION_BYTES)
    except FileNotFoundError:
        raise SessionFileError(f"{path}: no such file") from None
    except Refused as exc:
        raise SessionFileError(f"{path}: not opened: {exc}") from None
    except OSError as exc:
        raise SessionFileError(f"{path}: cannot read it ({exc.strerror})") from None
    if not data:
        raise SessionFileError(f"{path}: the file is empty")
    if not data.startswith(AGE_MAGIC):
        raise SessionFileError(
            f"{path}: not an encrypted session file (it is not in the age format)"
        )
    try:
        plaintext: bytes = pyrage.decrypt(data, list(identities))
        return plaintext
    except pyrage.DecryptError as exc:
        reason = str(exc)
        if "No matching keys" in reason:
            raise NotForThisKey(
                f"{path}: this key cannot open it (it was encrypted for other keys)"
            ) from None
        raise SessionFileError(f"{path}: the file is damaged ({reason.splitlines()[0]})") from None
    except (IndexError, ValueError):  # pyrage raises these on some malformed headers
        raise SessionFileError(f"{path}: the file is damaged (its header cannot be read)") from None


def read_document(text: str) -> dict[str, Any]:
    """The document a session file's text holds, within the limits, every string visible."""
    doc: dict[str, Any] = visible_toml(text, parse_toml(text, MAX_SESSION_ARRAYS))
    return doc


DocumentReader = Callable[[str], dict[str, Any]]


def parse(path: Path, plaintext: bytes, read: DocumentReader = read_document) -> LoadedSession:
    """The decrypted document, checked whole before any of it is used: its size and shape,
    a known schema, the protocol it carries, the metadata and every event (types, ranges,
    known steps, finite times in order). Every string has its control characters made
    visible. Anything else is a SessionFileError with one line that says why. `read`: what
    `read_document` does, done another way (the course figures read a folder's carried
    protocol once, `store/course_figures.py`)."""
    try:
        return _parse(path, plaintext, read)
    except SessionFileError:
        raise
    except Refused as exc:
        raise SessionFileError(f"{path}: not opened: {exc}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        raise SessionFileError(f"{path}: the content is damaged (not a session document)") from None
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, OverflowError) as exc:
        # pydantic's ValidationError is a ValueError; its text may quote the content
        raise SessionFileError(
            f"{path}: the content is damaged (invalid session data{_where(exc)})"
        ) from None


def _where(exc: BaseException) -> str:
    """Where a validation problem is, never what the file holds there."""
    if isinstance(exc, Invalid):
        return f": {exc}"
    return ""


def _parse(path: Path, plaintext: bytes, read: DocumentReader) -> LoadedSession:
    if len(plaintext) > MAX_SESSION_BYTES:
        raise Refused(f"its content is too large ({len(plaintext):,} bytes)")
    doc = read(plaintext.decode("utf-8"))
    version = doc.get("schema_version")
    if version not in READS:
        raise SessionFileError(
            f"{path}: unknown schema_version {visible_line(repr(version))[:40]} "
            f"(this version reads {', '.join(map(str, READS))})"
        )
    protocol = protocol_of(path, doc.get("protocol"))
    meta = _meta(doc.get("session"))
    raw = doc.get("events", [])
    if not isinstance(raw, list):
        raise Invalid("events is not a list")
    if len(raw) > MAX_EVENTS:
        raise Refused(f"it has {len(raw):,} events (the limit is {MAX_EVENTS:,})")
    if version >= 2:
        raw = named(raw, doc.get("event_fields", {}))
    events: list[SessionEvent] = list(events_adapter().validate_python(raw))
    check_events(protocol, events)
    loaded = LoadedSession(path, meta, events, protocol, doc)
    _ = loaded.state  # the fold itself must go through
    return loaded


@functools.cache
def _meta_adapter() -> TypeAdapter[SessionMeta]:
    from pydantic import TypeAdapter

    return TypeAdapter(SessionMeta)


def _meta(table: Any) -> SessionMeta:
    from pydantic import ValidationError

    if not isinstance(table, dict):
        raise Invalid("no [session] table")
    try:
        return _meta_adapter().validate_python(table)
    except ValidationError as exc:
        error = exc.errors()[0]
        place = ".".join(str(part) for part in error["loc"]) or "the table"
        raise Invalid(f"session.{place}") from None


def load(
    path: Path, identities: Sequence[x25519.Identity], read: DocumentReader = read_document
) -> LoadedSession:
    return parse(path, decrypt(path, identities), read)


def without_erased(loaded: LoadedSession, plaintext: bytes) -> bytes:
    """The plaintext of a session file with no text that was deleted in it: as it is for a
    file this program wrote (purged at every save, `core/privacy/erasure.py`); for a file written
    before, the document made again from its purged events, with the file's own metadata."""
    written = purged(loaded.events)
    if all(map(operator.is_, written, loaded.events)):
        return plaintext
    meta = loaded.meta
    doc = document(
        loaded.protocol,
        session_id=meta.id,
        created=meta.created,
        events=written,
        saved_t=meta.saved_t,
    )
    doc["session"] = loaded.doc["session"]
    return to_toml(doc).encode()
