"""The events of a session document as rows, both ways: each event written as a row
`[t, kind, field, …]` on one line of TOML (the field names once, in `event_fields`), and
the rows of a document read back as the events' fields by name."""

from __future__ import annotations

import dataclasses
import operator
import threading
from collections.abc import Sequence
from typing import Any

import tomli_w

from ..core.model.session_events import SessionEvent
from ..core.record import Record
from .unreadable import Invalid


def plain(value: Any) -> Any:
    """A value for the TOML document: string keys, no None."""
    if isinstance(value, Record):
        return plain(value.fields())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def event_fields(event: SessionEvent) -> list[str]:
    """The names of an event's row after `t` and `kind`, in the row's order."""
    return [field.name for field in dataclasses.fields(event) if field.name not in ("t", "kind")]


def event_row(event: SessionEvent) -> list[Any]:
    """One event as a TOML row: `[t, kind, field, …]` in the order of `event_fields`."""
    values = plain(event)
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


def row_fields(events: Sequence[SessionEvent]) -> dict[str, list[str]]:
    """The `event_fields` table: each kind's field names, in its rows' order."""
    fields: dict[str, list[str]] = {}
    for event in events:
        kind: str = event.fields()["kind"]
        if kind not in fields:
            fields[kind] = event_fields(event)
    return fields


def named(rows: list[Any], fields: Any) -> list[dict[str, Any]]:
    """Rows `[t, kind, …]` as the events' fields by name (KeyError for a kind that
    `event_fields` does not name, Invalid for any other damage)."""
    if not isinstance(fields, dict):
        raise Invalid("event_fields is not a table")
    # Each kind's keys in its rows' order, `t` and `kind` first, so that a row becomes its
    # fields in one `dict(zip())`: 0.15 against 0.25 ms for a session's 200 rows. A kind
    # whose names are not a list has no keys, so no row of it has the right length.
    keys: dict[str, tuple[str, ...]] = {}
    for kind, names in fields.items():
        if not isinstance(names, list):
            keys[kind] = ()
        elif "t" in names or "kind" in names:
            raise Invalid("event_fields names t or kind, which each row has first")
        else:
            keys[kind] = ("t", "kind", *names)
    events = []
    for row in rows:
        if not isinstance(row, list) or len(row) < 2:
            raise Invalid("an event is not a row [t, kind, …]")
        names = keys[row[1]]
        if len(names) != len(row):
            raise Invalid(f"an event has {len(row) - 2} values for its fields")
        events.append(dict(zip(names, row, strict=True)))
    return events
