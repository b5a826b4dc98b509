"""The plaintext of a session file, both ways: the TOML document a save writes (the protocol
the session followed, its metadata, its events as rows and, for people and tools, the state
they give), and the same document read back and checked whole before any of it is used.

Each table has its module: `[protocol]` in carried_protocol.py, `[session]` in
session_meta.py, the events in event_rows.py; each reads its table and calls nothing back.
Built and read in memory only: `store/session_file.py`, below this module, owns the bytes
(limits, encryption, the atomic write, the names) and knows nothing of what they say.
"""

from __future__ import annotations

import operator
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

import tomli_w
from pyrage import x25519

from ..core.model.events import events_adapter, kept_events
from ..core.model.protocol import Protocol
from ..core.model.session_events import SessionEvent, StepsDeferred, TextEdited
from ..core.model.state import SessionState, fold
from ..core.model.step_events import OsaPrioritiesSet, OsaRated
from ..core.model.text_keys import is_students_own
from ..core.privacy.erasure import Eraser, purged
from ..core.record import MutableRecord, mutable_record
from ..core.untrusted import MAX_EVENTS, MAX_SESSION_BYTES, NotToml, Refused, visible_line
from .carried_protocol import carried, protocol_fields, protocol_table
from .event_rows import EventRows, named, plain, row_fields
from .session_file import SessionFileError, decrypt
from .session_meta import SessionMeta, read_meta, read_toml, session_table
from .unreadable import Invalid, Unreadable

# 2: events are rows `[t, kind, field, …]` named by `event_fields` (1: one table per event).
SCHEMA_VERSION = 2
READS = (1, 2)


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
        return {
            "schema_version": SCHEMA_VERSION,
            # The protocol's text travels with the session: it opens wherever the file goes.
            "protocol": protocol_fields(protocol),
            "session": session_table(session_id, created, state, saved_t),
            "state": _state_table(protocol, state, saved_t),
            "event_fields": row_fields(written),
            "events": (rows or EventRows()).rows(written),
        }


def _state_table(protocol: Protocol, state: SessionState, saved_t: float) -> dict[str, Any]:
    """The `[state]` table: what the events give, written for people and tools (the
    program itself reads the state folded from the events)."""
    reading = state.clock.reading(saved_t)
    table: dict[str, Any] = plain(
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
    )
    return table


def to_toml(doc: dict[str, Any], rows: EventRows | None = None) -> str:
    """The document as TOML, one line per event. The events come right after
    `schema_version`: a key after a table header would belong to that table."""
    skip = ("schema_version", "events", "protocol")
    rest = {key: value for key, value in doc.items() if key not in skip}
    lines = (rows or EventRows()).lines(doc["events"])
    events = "".join(f"{line},\n" for line in lines)
    head = tomli_w.dumps({"schema_version": doc["schema_version"]})
    table = protocol_table(**doc["protocol"])
    return f"{head}events = [\n{events}]\n\n{table}\n{tomli_w.dumps(rest)}"


@mutable_record
class LoadedSession(MutableRecord):
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


# How a document's text becomes its tables: `read_toml`, or the same done another way (the
# course figures read a folder's carried protocol once per process, store/course_figures.py).
DocumentReader = Callable[[str], dict[str, Any]]


def load(
    path: Path, identities: Sequence[x25519.Identity], read: DocumentReader = read_toml
) -> LoadedSession:
    """A session file decrypted and read: SessionFileError, with one line, for any failure."""
    return parse(path, decrypt(path, identities), read)


def parse(path: Path, plaintext: bytes, read: DocumentReader = read_toml) -> LoadedSession:
    """The decrypted document of the file at `path`, checked whole before any of it is used:
    its size and shape, a known schema, the protocol it carries, the metadata and every
    event (types, ranges, known steps, finite times in order). Every string has its control
    characters made visible. Anything else is a SessionFileError with one line that says
    why, never what the file holds."""
    try:
        return _read(path, plaintext, read)
    except Unreadable as exc:
        raise SessionFileError(f"{path}: {exc}") from None
    except Refused as exc:
        raise SessionFileError(f"{path}: not opened: {exc}") from None
    except (UnicodeDecodeError, NotToml):
        raise SessionFileError(f"{path}: the content is damaged (not a session document)") from None
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, OverflowError) as exc:
        # pydantic's ValidationError is a ValueError; its text may quote the content, so
        # only an Invalid (which names a place) is told.
        where = f": {exc}" if isinstance(exc, Invalid) else ""
        raise SessionFileError(
            f"{path}: the content is damaged (invalid session data{where})"
        ) from None


def _read(path: Path, plaintext: bytes, read: DocumentReader) -> LoadedSession:
    if len(plaintext) > MAX_SESSION_BYTES:
        raise Refused(f"its content is too large ({len(plaintext):,} bytes)")
    doc = read(plaintext.decode("utf-8"))
    version = doc.get("schema_version")
    if version not in READS:
        raise Unreadable(
            f"unknown schema_version {visible_line(repr(version))[:40]} "
            f"(this version reads {', '.join(map(str, READS))})"
        )
    protocol = carried(doc.get("protocol"))
    meta = read_meta(doc.get("session"))
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


def check_events(protocol: Protocol, events: Sequence[SessionEvent]) -> None:
    """What validation of each event alone cannot see: times in order, and every step,
    text field and OSA item one of the protocol's. Invalid names the first problem."""
    # The protocol's steps, each with its OSA items (none for most), found once a file.
    items = {
        step.id: {item.number for item in getattr(step, "items", [])} for step in protocol.steps
    }
    previous = 0.0
    for number, event in enumerate(events, 1):
        if event.t < previous:
            raise Invalid(f"event {number} is earlier than the one before it")
        previous = event.t
        step = getattr(event, "step", None)
        if step is not None and step not in items:
            raise _unknown_step(number)
        # A case for each kind that names more, by its class (a session is mostly texts
        # typed): 0.11 against 0.16 ms for a session's 200 events, with an isinstance for
        # each question asked of each event.
        match event:
            case TextEdited():
                if event.start > event.end:
                    raise Invalid(f"event {number} edits a text backwards")
                if not is_students_own(event.key) and event.key.partition(".")[0] not in items:
                    raise _unknown_step(number)
            case StepsDeferred():
                if not items.keys() >= set(event.steps):
                    raise _unknown_step(number)
            case OsaRated() | OsaPrioritiesSet():
                rated = [event.item] if isinstance(event, OsaRated) else event.items
                if not items[event.step] >= set(rated):
                    raise Invalid(f"event {number} rates an OSA item the protocol does not have")


def _unknown_step(number: int) -> Invalid:
    return Invalid(f"event {number} names a step the protocol does not have")


def without_erased(loaded: LoadedSession, plaintext: bytes) -> bytes:
    """The plaintext of a session file with no text that was deleted in it: as it is for a
    file this program wrote (purged at every save, `core/privacy/erasure.py`); for a file
    written before, the document made again from its purged events, with the file's own
    metadata."""
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
