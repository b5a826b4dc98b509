"""One session as one age-encrypted TOML file: serialise, encrypt, save atomically, load.

The plaintext never touches the disk: it is built in memory, encrypted with pyrage, and only
the ciphertext is written. Decryption is in memory too (pyrage.decrypt, never decrypt_file).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import threading
import tomllib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
import tomli_w
from pyrage import x25519

from ..core.protocol import Protocol
from ..core.record import Record
from ..core.session import Session, SessionState, _Event, events_adapter
from .atomic import write_atomic

# 2: events are rows `[t, kind, field, …]` named by `event_fields` (1: one table per event).
SCHEMA_VERSION = 2
READS = (1, 2)
AGE_MAGIC = b"age-encryption.org/v1\n"
SUFFIX = ".age"


class SessionFileError(Exception):
    """A session file that cannot be opened; the message says why, in plain words."""


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


def event_fields(event: _Event) -> list[str]:
    """The names of an event's row after `t` and `kind`, in the row's order."""
    return [name for name in type(event)._fields if name not in ("t", "kind")]


def event_row(event: _Event) -> list[Any]:
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
    """The events as TOML rows, each formatted once: events never change, so a save only
    formats the ones recorded since the last. Safe to use from several threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._events: list[_Event] = []
        self._rows: list[list[Any]] = []
        self._lines: list[str] = []

    def rows(self, events: Sequence[_Event]) -> list[list[Any]]:
        with self._lock:
            known = len(self._events)
            if len(events) < known or (known and events[known - 1] is not self._events[-1]):
                self._events, self._rows, self._lines = [], [], []  # another history
                known = 0
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
        self._last: _Event | None = None

    @contextmanager
    def state(self, protocol: Protocol, events: Sequence[_Event]) -> Iterator[SessionState]:
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
    events: Sequence[_Event],
    saved_t: float,
    rows: EventRows | None = None,
    folded: Folded | None = None,
) -> dict[str, Any]:
    """The plaintext document: metadata, the append-only events and the state they give.

    Built from a snapshot of the events alone (the state is folded here), so that it can
    run in a worker thread while the student keeps typing.
    """
    with (folded or Folded()).state(protocol, events) as state:
        return _document(protocol, session_id, created, events, saved_t, rows, state)


def _document(
    protocol: Protocol,
    session_id: str,
    created: str,
    events: Sequence[_Event],
    saved_t: float,
    rows: EventRows | None,
    state: SessionState,
) -> dict[str, Any]:
    fields: dict[str, list[str]] = {}
    for event in events:
        if event.kind not in fields:  # type: ignore[attr-defined]
            fields[event.kind] = event_fields(event)  # type: ignore[attr-defined]
    reading = state.clock.reading(saved_t)
    return {
        "schema_version": SCHEMA_VERSION,
        "protocol": {"id": protocol.id, "version": protocol.version, "sha256": protocol.sha256},
        "session": {
            "id": session_id,
            "created": created,
            "client_code": state.setup.client_code,
            "lang": state.setup.lang,
            "students": list(state.setup.students),
            "follow_up": state.setup.follow_up,
            # The session this one follows up (its id), for the chain of sessions.
            "follow_up_of": state.previous.session_id if state.previous else "",
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
    rest = {key: value for key, value in doc.items() if key not in ("schema_version", "events")}
    lines = (rows or EventRows()).lines(doc["events"])
    events = "".join(f"{line},\n" for line in lines)
    head = tomli_w.dumps({"schema_version": doc["schema_version"]})
    return f"{head}events = [\n{events}]\n\n{tomli_w.dumps(rest)}"


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


@dataclass
class LoadedSession:
    path: Path
    doc: dict[str, Any]
    events: list[_Event]

    @property
    def meta(self) -> dict[str, Any]:
        meta: dict[str, Any] = self.doc["session"]
        return meta

    @property
    def closed(self) -> bool:
        """Closed at the end of the conversation (only notes can be appended)."""
        return bool(self.doc.get("state", {}).get("closed", False))

    @property
    def protocol_id(self) -> str:
        protocol_id: str = self.doc["protocol"]["id"]
        return protocol_id


def decrypt(path: Path, identities: Sequence[x25519.Identity]) -> bytes:
    """The plaintext of a session file, in memory only; clear errors for every failure."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SessionFileError(f"{path}: no such file") from None
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
            raise SessionFileError(
                f"{path}: this key cannot open it (it was encrypted for other keys)"
            ) from None
        raise SessionFileError(f"{path}: the file is damaged ({reason.splitlines()[0]})") from None
    except (IndexError, ValueError):  # pyrage raises these on some malformed headers
        raise SessionFileError(f"{path}: the file is damaged (its header cannot be read)") from None


def parse(path: Path, plaintext: bytes) -> LoadedSession:
    """The decrypted document, checked: readable TOML, a known schema, valid events."""
    try:
        doc = tomllib.loads(plaintext.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        raise SessionFileError(f"{path}: the content is damaged (not a session document)") from None
    version = doc.get("schema_version")
    if version not in READS:
        raise SessionFileError(
            f"{path}: unknown schema_version {version!r} "
            f"(this version reads {', '.join(map(str, READS))})"
        )
    try:
        raw = doc.get("events", [])
        if version >= 2:
            raw = _named(raw, doc.get("event_fields", {}))
        events = events_adapter().validate_python(raw)
        doc["session"]["id"]
        doc["protocol"]["id"]
    except (KeyError, TypeError, ValueError):  # pydantic's ValidationError is a ValueError
        raise SessionFileError(f"{path}: the content is damaged (invalid session data)") from None
    return LoadedSession(path, doc, list(events))


def _named(rows: list[Any], fields: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Rows `[t, kind, …]` as the events' fields by name (TypeError if damaged)."""
    named = []
    for row in rows:
        t, kind, *values = row
        names = fields[kind]
        if len(names) != len(values):
            raise TypeError(f"{kind}: {len(values)} values for {len(names)} fields")
        event = dict(zip(names, values, strict=True))
        event["t"] = t
        event["kind"] = kind
        named.append(event)
    return named


def load(path: Path, identities: Sequence[x25519.Identity]) -> LoadedSession:
    return parse(path, decrypt(path, identities))
