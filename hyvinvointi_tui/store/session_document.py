"""The plaintext of a session file: a TOML document with the protocol it followed, the
session's metadata, its events as rows and, for people and tools, the state they give; and
the checks a document read from a file must pass beyond each event's own validation.

Built and checked in memory only: `store/session_file.py` encrypts it before anything is
written, and decrypts a file in memory before it is parsed.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import operator
import re
import threading
import tomllib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import tomli_w

from ..core.model.events import kept_events
from ..core.model.protocol import (
    Protocol,
    ProtocolError,
    parse_protocol,
    shipped_by_digest,
    shipped_protocol,
)
from ..core.model.record import Record
from ..core.model.session import Session
from ..core.model.session_events import SessionEvent, StepsDeferred, TextEdited
from ..core.model.state import SessionState
from ..core.model.step_events import OsaPrioritiesSet, OsaRated
from ..core.model.text_keys import is_students_own
from ..core.privacy.erasure import Eraser
from ..core.untrusted import (
    MAX_PROTOCOL_BYTES,
    MAX_SESSION_ARRAYS,
    Refused,
    parse_toml,
    visible_strings,
)

# 2: events are rows `[t, kind, field, …]` named by `event_fields` (1: one table per event).
SCHEMA_VERSION = 2
READS = (1, 2)
PROTOCOL_ID = re.compile(r"[a-z][a-z0-9_-]{0,59}")


class SessionFileError(Exception):
    """A session file that cannot be opened; the message says why, in plain words."""


class Invalid(ValueError):
    """A check of the content failed; the message names the place, not the content."""


def _plain(value: Any) -> Any:
    """State for the TOML document: string keys, no None."""
    if isinstance(value, Record):
        return _plain(value.fields())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def event_fields(event: SessionEvent) -> list[str]:
    """The names of an event's row after `t` and `kind`, in the row's order."""
    return [field.name for field in dataclasses.fields(event) if field.name not in ("t", "kind")]


def event_row(event: SessionEvent) -> list[Any]:
    """One event as a TOML row: `[t, kind, field, …]` in the order of `event_fields`."""
    values = _plain(event)
    return [values.pop("t"), values.pop("kind"), *values.values()]


def row_line(row: list[Any]) -> str:
    """A row as one line of TOML, written by tomli-w. With multi-line strings off, every
    line break in tomli-w's output is layout (breaks inside strings are escaped), so the
    array can be folded onto one line."""
    text = tomli_w.dumps({"r": row}, indent=0)[len("r = ") : -1]
    return text.replace(",\n]", "]").replace("[\n", "[").replace(",\n", ", ").replace("\n", "")


class EventRows:
    """The events as TOML rows, each formatted once: an event never changes, so a save
    formats only the events it has not formatted at that place before: the ones recorded
    since the last, and the few an erasure rewrote (`core/privacy/erasure.py`). Safe to use from
    several threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._events: list[SessionEvent] = []
        self._rows: list[list[Any]] = []
        self._lines: list[str] = []

    def rows(self, events: Sequence[SessionEvent]) -> list[list[Any]]:
        with self._lock:
            known = min(len(events), len(self._events))
            del self._events[known:], self._rows[known:], self._lines[known:]
            # Compared by identity, place by place: in C first (0.1 ms for 6,000 events),
            # then, when one differs, in a loop to find it.
            same = all(map(operator.is_, events[:known], self._events))
            for index, (event, had) in enumerate(zip(events, self._events, strict=False)):
                if same:
                    break
                if event is not had:
                    row = event_row(event)
                    self._events[index] = event
                    self._rows[index] = row
                    self._lines[index] = row_line(row)
            for event in events[known:]:
                row = event_row(event)
                self._events.append(event)
                self._rows.append(row)
                self._lines.append(row_line(row))
            return self._rows[: len(events)]

    def lines(self, rows: Sequence[list[Any]]) -> list[str]:
        with self._lock:
            count = len(rows)
            if count <= len(self._rows) and (not count or rows[-1] is self._rows[count - 1]):
                return self._lines[:count]
        return [row_line(row) for row in rows]


class Folded:
    """The state folded from the events, kept between saves. Events are only ever
    appended, so a save applies just the ones recorded since the last (a full 90-minute
    session has thousands). Safe to use from several threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: SessionState | None = None
        self._count = 0
        self._last: SessionEvent | None = None

    @contextmanager
    def state(self, protocol: Protocol, events: Sequence[SessionEvent]) -> Iterator[SessionState]:
        """The state after `events`, to read (not keep) inside the `with` block."""
        with self._lock:
            count = self._count
            same_start = count == 0 or (len(events) >= count and events[count - 1] is self._last)
            if self._state is None or not same_start:
                self._state, count = SessionState.for_protocol(protocol), 0
            for event in events[count:]:
                self._state.apply(event)
            self._count = len(events)
            self._last = events[-1] if events else None
            yield self._state


def document(
    protocol: Protocol,
    *,
    session_id: str,
    created: str,
    events: Sequence[SessionEvent],
    saved_t: float,
    rows: EventRows | None = None,
    folded: Folded | None = None,
    eraser: Eraser | None = None,
) -> dict[str, Any]:
    """The plaintext document: metadata, the append-only events (with the text deleted
    since replaced by placeholders, `core/privacy/erasure.py`) and the state they give.

    Built from a snapshot of the events alone (the state is folded here), so that it can
    run in a worker thread while the student keeps typing.
    """
    # Notes are written only once the client has said yes (the live session keeps what was
    # typed before the answer in memory, and after a no shows it until the program ends,
    # so that a mistaken answer can be corrected).
    events = kept_events(list(events))
    # Text deleted is written as placeholders (the live session keeps it in memory). The
    # purged events fold to the same final state, so the state is folded from the events
    # as kept: its cache follows a history that is only ever appended to.
    written = (eraser or Eraser()).purged(events)
    with (folded or Folded()).state(protocol, events) as state:
        return _document(protocol, session_id, created, written, saved_t, rows, state)


def _document(
    protocol: Protocol,
    session_id: str,
    created: str,
    events: Sequence[SessionEvent],
    saved_t: float,
    rows: EventRows | None,
    state: SessionState,
) -> dict[str, Any]:
    fields: dict[str, list[str]] = {}
    for event in events:
        kind: str = event.fields()["kind"]
        if kind not in fields:
            fields[kind] = event_fields(event)
    reading = state.clock.reading(saved_t)
    return {
        "schema_version": SCHEMA_VERSION,
        # The protocol's text travels with the session: it opens wherever the file goes.
        "protocol": {
            "id": protocol.id,
            "version": protocol.version,
            "sha256": protocol.sha256,
            "source": protocol.source,
        },
        "session": {
            "id": session_id,
            "created": created,
            "client_code": state.setup.client_code,
            "lang": state.setup.lang,
            "students": list(state.setup.students),
            "follow_up": state.setup.follow_up,
            # The session this one follows up (its id), for the chain of sessions.
            "follow_up_of": state.previous.session_id if state.previous else "",
            # The partner who ran it with the student: the file is encrypted to them too.
            "partners": [state.setup.partner] if state.setup.partner else [],
            "saved_t": round(saved_t, 3),
        },
        "state": _plain(
            {
                "step": state.step or "",
                "elapsed_seconds": round(reading.elapsed, 1),
                "paused": reading.paused,
                "step_seconds": {
                    step.id: round(state.clock.step_spent(step.id, saved_t), 1)
                    for step in protocol.steps
                },
                "texts": state.texts,
                "orientation": state.orientation,
                "stress": state.stress,
                "hours": state.hours,
                "activities": state.activities,
                "osa": state.osa,
                "osa_priorities": state.osa_priorities,
                "summary": state.summary,
                "summary_agreed": state.agreed,
                "goals": state.goals,
                "goal_reviews": state.reviews,
                "closing": state.closing,
                "appointment": state.appointment,
                "service": state.service,
                "appointment_reasons": state.reasons,
                "roles": state.roles,
                "closed": state.closed,
                "after_closing": [
                    {"t": t, "step": step, "text": text} for t, step, text in state.after_closing
                ],
            }
        ),
        "event_fields": fields,
        "events": (rows or EventRows()).rows(events),
    }


def session_document(
    session: Session, *, saved_t: float, rows: EventRows | None = None
) -> dict[str, Any]:
    return document(
        session.protocol,
        session_id=session.session_id,
        created=session.created,
        events=list(session.events),
        saved_t=saved_t,
        rows=rows,
    )


def to_toml(doc: dict[str, Any], rows: EventRows | None = None) -> str:
    """The document as TOML, one line per event. The events come right after
    `schema_version`: a key after a table header would belong to that table."""
    skip = ("schema_version", "events", "protocol")
    rest = {key: value for key, value in doc.items() if key not in skip}
    lines = (rows or EventRows()).lines(doc["events"])
    events = "".join(f"{line},\n" for line in lines)
    head = tomli_w.dumps({"schema_version": doc["schema_version"]})
    table = _protocol_table(**doc["protocol"])
    return f"{head}events = [\n{events}]\n\n{table}\n{tomli_w.dumps(rest)}"


def with_recipients(
    plaintext: bytes, recipients: Sequence[str], read: dict[str, Any] | None = None
) -> bytes:
    """The document with `[session].recipients` naming `recipients` and every other byte as
    it was: the key's lines are replaced (or, where there were none, added at the end of the
    table) by what a save writes. Invalid unless the result reads exactly as the document
    did but for that key, so no other value can change whatever the file looks like.
    `read`: the document as session_file.parse read it, when it has (a session's carried
    protocol makes each reading some 40 ms)."""
    try:
        text = plaintext.decode("utf-8")
        expected = read if read is not None else _read(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, Refused):
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
        if _read(edited) != {**expected, "session": session}:
            raise Invalid("session.recipients cannot be changed alone")
    except (tomllib.TOMLDecodeError, Refused):
        raise Invalid("session.recipients cannot be changed alone") from None
    return edited.encode("utf-8")


def _read(text: str) -> dict[str, Any]:
    """A document as session_file.parse reads it (within the limits, strings visible)."""
    read: dict[str, Any] = visible_strings(parse_toml(text, MAX_SESSION_ARRAYS))
    return read


def _key_lines(lines: Sequence[str], start: int, end: int, key: str) -> tuple[int, int]:
    """The lines [first, last) that hold `key = value` in the table between `start` and
    `end`: the fewest from the key's line that read as TOML (a value is self-delimiting).
    Where the key is not there, the empty span after the table's last key."""
    for first in range(start, end):
        if re.match(rf"{key}\s*=", lines[first]):
            # A value of this version's lengths takes a line per key and two more.
            for last in range(first + 1, min(end, first + 100) + 1):
                try:
                    tomllib.loads("".join(lines[first:last]))
                except tomllib.TOMLDecodeError:
                    continue
                return first, last
            raise Invalid(f"session.{key} cannot be read")
    at = end
    while at > start and not lines[at - 1].strip():
        at -= 1
    return at, at


@functools.lru_cache(maxsize=4)
def _protocol_table(id: str, version: str, sha256: str, source: str = "") -> str:
    """The `[protocol]` table, formatted once per protocol rather than at every save (its
    text is some 25 KB, which tomli-w escapes a character at a time). A document read from
    a file written before sessions carried their protocol has no source."""
    table = {"id": id, "version": version, "sha256": sha256}
    return tomli_w.dumps({"protocol": table | ({"source": source} if source else {})})


def protocol_of(path: Path, table: Any) -> Protocol:
    """The protocol a session followed: the copy it carries (its digest checked), or for a
    file written before sessions carried one, the shipped protocol of that name. An id from
    a file only ever names a shipped protocol; it is never opened as a path."""
    if not isinstance(table, dict):
        raise Invalid("no [protocol] table")
    name = table.get("id")
    digest = table.get("sha256", "")
    source = table.get("source")
    if not isinstance(name, str) or not PROTOCOL_ID.fullmatch(name):
        raise Invalid("protocol.id is not a protocol's name")
    if not isinstance(digest, str) or not re.fullmatch(r"([0-9a-f]{64})?", digest):
        raise Invalid("protocol.sha256 is not a digest")
    if source is None:
        shipped = shipped_protocol(name)
        if shipped is None:
            raise SessionFileError(
                f"{path}: it was made with the protocol {name!r}, which this version does "
                "not ship, and the file does not carry it"
            )
        return shipped
    if not isinstance(source, str) or len(source) > MAX_PROTOCOL_BYTES:
        raise Invalid("protocol.source is not a protocol's text")
    if hashlib.sha256(source.encode("utf-8")).hexdigest() != digest:
        raise SessionFileError(
            f"{path}: the protocol it carries does not match its digest (the file was altered)"
        )
    try:
        return _carried(digest, source)
    except ProtocolError as exc:
        raise SessionFileError(
            f"{path}: the protocol it carries cannot be used ({exc.problems[0]})"
        ) from None


@functools.lru_cache(maxsize=8)
def _carried(digest: str, source: str) -> Protocol:
    """A protocol carried in a session file (its digest checked): the shipped one when it
    is, without pydantic; a folder of a course's sessions parses each protocol once."""
    return shipped_by_digest(digest) or parse_protocol(source.encode("utf-8"), "protocol")


def check_events(protocol: Protocol, events: Sequence[SessionEvent]) -> None:
    """What validation of each event alone cannot see: times in order, and every step,
    text field and OSA item one of the protocol's. _Invalid names the first problem."""
    steps = {step.id: step for step in protocol.steps}
    previous = 0.0
    for number, event in enumerate(events, 1):
        if event.t < previous:
            raise Invalid(f"event {number} is earlier than the one before it")
        previous = event.t
        named = [getattr(event, "step", None)]
        if isinstance(event, TextEdited):
            if not is_students_own(event.key):
                named.append(event.key.partition(".")[0])
            if event.start > event.end:
                raise Invalid(f"event {number} edits a text backwards")
        if isinstance(event, StepsDeferred):
            named += event.steps
        for step_id in named:
            if step_id is not None and step_id not in steps:
                raise Invalid(f"event {number} names a step the protocol does not have")
        if isinstance(event, OsaRated | OsaPrioritiesSet):
            step = steps[event.step]
            known = {item.number for item in getattr(step, "items", [])}
            items = [event.item] if isinstance(event, OsaRated) else event.items
            if not set(items) <= known:
                raise Invalid(f"event {number} rates an OSA item the protocol does not have")


def named(rows: list[Any], fields: Any) -> list[dict[str, Any]]:
    """Rows `[t, kind, …]` as the events' fields by name (TypeError if damaged)."""
    if not isinstance(fields, dict):
        raise Invalid("event_fields is not a table")
    named = []
    for row in rows:
        if not isinstance(row, list) or len(row) < 2:
            raise Invalid("an event is not a row [t, kind, …]")
        t, kind, *values = row
        names = fields[kind]
        if not isinstance(names, list) or len(names) != len(values):
            raise Invalid(f"an event has {len(values)} values for its fields")
        event = dict(zip(names, values, strict=True))
        event["t"] = t
        event["kind"] = kind
        named.append(event)
    return named
