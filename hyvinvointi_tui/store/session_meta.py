"""The `[session]` table of a session document, both ways: written from the session's
state at each save, validated as `SessionMeta` when a file is read, and edited alone when a
re-keying changes whom the file is encrypted to."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import field
from typing import TYPE_CHECKING, Annotated, Any

import tomli_w

from ..core.model.session_events import MAX_SESSION_SECONDS
from ..core.model.state import SessionState
from ..core.record import Field, Record, record
from ..core.untrusted import (
    MAX_SESSION_BRACKETS,
    NotToml,
    Refused,
    parse_toml,
    visible_toml,
)
from ..i18n import Lang
from .unreadable import Invalid

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from ..core.debrief.stats import FileFacts

# A session's id names its file; one read from a file must not be a pattern or a path.
SESSION_ID = r"^[0-9A-Za-z_-]{1,64}$"


@record
class SessionMeta(Record):
    """The `[session]` table as a file gives it, validated before any of it is used."""

    __pydantic_config__ = {"extra": "ignore"}

    id: Annotated[str, Field(pattern=SESSION_ID)]
    created: Annotated[str, Field(max_length=40)]
    client_code: Annotated[str, Field(max_length=40)] = ""
    lang: Lang = "fi"
    students: Annotated[list[Annotated[str, Field(max_length=80)]], Field(max_length=10)] = field(
        default_factory=list
    )
    follow_up: bool = False
    # The session this one follows up: an id (it names a file beside this one, never a path).
    follow_up_of: Annotated[str, Field(pattern=r"^(" + SESSION_ID[1:-1] + ")?$")] = ""
    saved_t: Annotated[float, Field(ge=0, le=MAX_SESSION_SECONDS)] = 0.0
    recipients: Annotated[list[Annotated[str, Field(max_length=100)]], Field(max_length=50)] = (
        field(default_factory=list)
    )
    # The public keys of the students who ran the session with the one whose laptop saved it
    # (their partner): the file is encrypted to them too, and a re-keying keeps them.
    partners: Annotated[list[Annotated[str, Field(max_length=100)]], Field(max_length=5)] = field(
        default_factory=list
    )

    def __post_init__(self) -> None:
        moment(self.created)

    def facts(self) -> FileFacts:
        """What the course figures use of it."""
        # lazy: the course figures' module (statistics, csv), 4 ms before the first screen
        from ..core.debrief.stats import FileFacts

        return FileFacts(created=self.created, client_code=self.client_code, saved_t=self.saved_t)


def moment(text: str) -> dt.datetime:
    """An ISO date-time with its offset (ValueError for anything else)."""
    when = dt.datetime.fromisoformat(text)
    if when.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone")
    return when


def session_table(
    session_id: str, created: str, state: SessionState, saved_t: float
) -> dict[str, Any]:
    """The table a save writes (`recipients` is added by the store, which knows them)."""
    setup = state.setup
    return {
        "id": session_id,
        "created": created,
        "client_code": setup.client_code,
        "lang": setup.lang,
        "students": list(setup.students),
        "follow_up": setup.follow_up,
        # The session this one follows up (its id), for the chain of sessions.
        "follow_up_of": state.previous.session_id if state.previous else "",
        # The partner who ran it with the student: the file is encrypted to them too.
        "partners": [setup.partner] if setup.partner else [],
        "saved_t": round(saved_t, 3),
    }


@functools.cache
def _meta_adapter() -> TypeAdapter[SessionMeta]:
    # lazy: pydantic, about 95 ms before the first screen (docs/ARCHITECTURE.md)
    from pydantic import TypeAdapter

    return TypeAdapter(SessionMeta)


def read_meta(table: Any) -> SessionMeta:
    """The table a file gives, validated (Invalid names the first field that is not)."""
    # lazy: pydantic, about 95 ms before the first screen (docs/ARCHITECTURE.md)
    from pydantic import ValidationError

    if not isinstance(table, dict):
        raise Invalid("no [session] table")
    try:
        return _meta_adapter().validate_python(table)
    except ValidationError as exc:
        error = exc.errors()[0]
        place = ".".join(str(part) for part in error["loc"]) or "the table"
        raise Invalid(f"session.{place}") from None


def read_toml(text: str) -> dict[str, Any]:
    """A document's TOML as it is read: within the limits, every string made visible."""
    read: dict[str, Any] = visible_toml(text, parse_toml(text, MAX_SESSION_BRACKETS))
    return read


def with_recipients(
    plaintext: bytes, recipients: Sequence[str], read: dict[str, Any] | None = None
) -> bytes:
    """The document with `[session].recipients` naming `recipients` and every other byte as
    it was: the key's lines are replaced (or, where there were none, added at the end of the
    table) by what a save writes. Invalid unless the result reads exactly as the document
    did but for that key, so no other value can change whatever the file looks like.
    `read`: the document as it was read (LoadedSession.doc), when it has been (a session's
    carried protocol makes each reading some 40 ms)."""
    try:
        text = plaintext.decode("utf-8")
        expected = read if read is not None else read_toml(text)
    except (UnicodeDecodeError, NotToml, Refused):
        raise Invalid("not a session document") from None
    lines = text.splitlines(keepends=True)
    headers = [number for number, line in enumerate(lines) if line.strip() == "[session]"]
    if len(headers) != 1 or not isinstance(expected.get("session"), dict):
        raise Invalid("no [session] table")
    start = headers[0] + 1
    end = next((n for n in range(start, len(lines)) if lines[n].startswith("[")), len(lines))
    first, last = _key_lines(lines, start, end, "recipients")
    new = tomli_w.dumps({"recipients": list(recipients)})
    edited = "".join([*lines[:first], new, *lines[last:]])
    session = {**expected["session"], "recipients": list(recipients)}
    try:
        if read_toml(edited) != {**expected, "session": session}:
            raise Invalid("session.recipients cannot be changed alone")
    except (NotToml, Refused):
        raise Invalid("session.recipients cannot be changed alone") from None
    return edited.encode("utf-8")


def _key_lines(lines: Sequence[str], start: int, end: int, key: str) -> tuple[int, int]:
    """The lines [first, last) that hold `key = value` in the table between `start` and
    `end`: the fewest from the key's line that read as TOML (a value is self-delimiting).
    Where the key is not there, the empty span after the table's last key."""
    for first in range(start, end):
        if re.match(rf"{key}\s*=", lines[first]):
            # A value of this version's lengths takes a line per key and two more.
            for last in range(first + 1, min(end, first + 100) + 1):
                try:
                    parse_toml("".join(lines[first:last]))
                except (NotToml, Refused):
                    continue
                return first, last
            raise Invalid(f"session.{key} cannot be read")
    at = end
    while at > start and not lines[at - 1].strip():
        at -= 1
    return at, at
