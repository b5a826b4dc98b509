"""What is erased stays erased: the history a session writes keeps no text that was deleted.

The event log records every edit, so a name typed by mistake and deleted a minute later
would still be in the file for every reader: in a `TextEdited` that inserted it, in a goal's
wording before it was corrected, in a summary entry that was removed. `purged` follows each
character from the edit that brought it to the text that stands at the end, and in every
event replaces the characters that did not last by `PLACEHOLDER`, one for one:

- a text field (`TextEdited`, a splice): the deleted characters of each splice's text;
  `start` and `end` stay as they were, so every splice still applies where it did, and the
  replay at an instant in between shows `░░░░` where the removed text stood;
- a goal (`GoalAdded`, `GoalEdited`: its text and each action), a summary entry
  (`SummaryEntryAdded`, `SummaryEntryEdited`), an activity's name (`ActivitySet`) and an
  incident record (`IncidentRecorded`: what happened, what was done, who was told): each
  event holds the whole value as it then stood, so a version's characters that a later
  version changed, or that a removal (`GoalRemoved`, `SummaryEntryRemoved`,
  `ActivityRemoved`) took away, become placeholders in every version that held them. A
  character that survives keeps its place in every version, so a corrected typo shows as a
  correction of a few characters, not as a new goal.

What a reader can still learn is where something was removed and how long it was (the
placeholders keep the length of each removed run, and so each field's length rules hold):
never what it said. The last version of every value and every text field's final text are
untouched, so the purged events fold to the same final state as the originals. Over-purging
is possible and harmless: text that was moved (an action reordered) is a removal and an
insertion to a diff, so an earlier version shows it as removed. Notes appended after
closing (`NoteAppended`) cannot be deleted and are left as they are.

Events that need no change are returned as the very same objects, so that the caches of the
written rows keep them. `Eraser` keeps its work between calls: a session's events are only
ever appended, so each save follows only the events recorded since the last.
"""

from __future__ import annotations

import operator
import threading
from collections.abc import Sequence
from dataclasses import field
from typing import assert_never

from ..model.client_events import IncidentRecorded
from ..model.session_events import SessionEvent, TextEdited
from ..model.step_events import (
    ActivityRemoved,
    ActivitySet,
    GoalAdded,
    GoalEdited,
    GoalRemoved,
    SummaryEntryAdded,
    SummaryEntryEdited,
    SummaryEntryRemoved,
)
from ..record import MutableRecord, mutable_record

# What stands in a written event for each character that was later deleted: one character
# for one, so splices keep their places and lengths their bounds. A shade rather than a
# bullet: "•" is what a list pasted from a word processor begins with.
PLACEHOLDER = "░"

# A character's identity: the event that brought it (index in the list) and its place in
# that event's text (or value), as one int: index << _SHIFT | place.
_SHIFT = 32
# Between the parts of a value (a goal's text and its actions) when versions are compared:
# not a character, so no text can match it.
_SEPARATOR = None

Token = str | None
ValueEvent = (
    GoalAdded | GoalEdited | SummaryEntryAdded | SummaryEntryEdited | ActivitySet | IncidentRecorded
)


def purged(events: Sequence[SessionEvent]) -> list[SessionEvent]:
    """The events as they may be written: every character that a later event deleted is
    `PLACEHOLDER` (see the module's docstring); unchanged events are the same objects."""
    return Eraser().purged(events)


@mutable_record
class _Value(MutableRecord):
    """A value whose events each hold it whole (a goal, a summary entry, an activity's
    name): its tokens and their identities as they now stand, the events that held it."""

    tokens: list[Token] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)
    members: list[int] = field(default_factory=list)


class Eraser:
    """`purged`, kept between calls for a history that only grows: each call follows only
    the events added since the last, and renders again only the events that lost
    characters. A history that is not the last one extended starts over. Safe to use from
    several threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self._seen: list[SessionEvent] = []
        self._out: list[SessionEvent] = []
        self._texts: dict[str, list[int]] = {}  # text key → its characters' identities
        self._values: dict[tuple[str, str, str], _Value] = {}
        self._carried: dict[int, list[int]] = {}  # a value event → its tokens' identities
        self._dead: set[int] = set()
        self._dirty: set[int] = set()

    def purged(self, events: Sequence[SessionEvent]) -> list[SessionEvent]:
        with self._lock:
            known = len(self._seen)
            # The same events, object for object, so far (compared in C: 0.1 ms for 6,000);
            # else another history (notes left out after a "no" to them), from the start.
            if len(events) < known or not all(map(operator.is_, events[:known], self._seen)):
                self._reset()
                known = 0
            for index in range(known, len(events)):
                event = events[index]
                self._seen.append(event)
                self._out.append(event)
                self._follow(index, event)
            for index in self._dirty:
                self._out[index] = self._rendered_event(index)
            self._dirty.clear()
            return list(self._out)

    # --- following the characters ----------------------------------------------------------

    def _follow(self, index: int, event: SessionEvent) -> None:
        match event:
            case TextEdited():
                ids = self._texts.setdefault(event.key, [])
                base = index << _SHIFT
                fresh = range(base, base + len(event.text))
                gone = ids[event.start : event.end]
                # As the fold splices the text (Python's slices clamp alike); a splice
                # backwards, which no file may hold, the way the fold does it too.
                if event.start <= event.end:
                    ids[event.start : event.end] = fresh
                else:
                    self._texts[event.key] = [*ids[: event.start], *fresh, *ids[event.end :]]
                for identity in gone:
                    self._kill_text(identity)
            case GoalAdded() | GoalEdited():
                self._version(("goal", event.step, event.goal_id), index, event)
            case SummaryEntryAdded():
                self._version(("summary", event.step, event.entry_id), index, event)
            case SummaryEntryEdited():
                key = ("summary", event.step, event.entry_id)
                if key in self._values:
                    self._version(key, index, event)
                else:  # an edit of no entry changes nothing the fold keeps
                    self._carried[index] = self._fresh(index, _tokens(event))
                    self._dead.update(self._carried[index])
                    self._dirty.add(index)
            case ActivitySet():
                self._version(("activity", event.step, event.activity_id), index, event)
            case IncidentRecorded():
                self._version(("incident", "", event.incident_id), index, event)
            case GoalRemoved():
                self._remove(("goal", event.step, event.goal_id))
            case SummaryEntryRemoved():
                self._remove(("summary", event.step, event.entry_id))
            case ActivityRemoved():
                self._remove(("activity", event.step, event.activity_id))

    def _kill_text(self, identity: int) -> None:
        self._dead.add(identity)
        self._dirty.add(identity >> _SHIFT)

    @staticmethod
    def _fresh(index: int, tokens: list[Token]) -> list[int]:
        base = index << _SHIFT
        return list(range(base, base + len(tokens)))

    def _version(self, key: tuple[str, str, str], index: int, event: ValueEvent) -> None:
        """A new version of a value: the tokens it shares with the last (a common start and
        end) keep their identities, the rest of the last version's are deleted."""
        value = self._values.setdefault(key, _Value())
        new = _tokens(event)
        start, old_end, new_end = _splice(value.tokens, new)
        base = index << _SHIFT
        fresh = list(range(base + start, base + new_end))
        gone = value.ids[start:old_end]
        value.ids = value.ids[:start] + fresh + value.ids[old_end:]
        value.tokens = new
        value.members.append(index)
        self._carried[index] = value.ids
        if gone:
            self._dead.update(gone)
            self._dirty.update(value.members)

    def _remove(self, key: tuple[str, str, str]) -> None:
        value = self._values.pop(key, None)
        if value is not None:
            self._dead.update(value.ids)
            self._dirty.update(value.members)

    # --- writing the events -----------------------------------------------------------------

    def _rendered_event(self, index: int) -> SessionEvent:
        """The event at `index` with its dead characters replaced (the same object when
        none are)."""
        event = self._seen[index]
        dead = self._dead
        if isinstance(event, TextEdited):
            base = index << _SHIFT
            text = "".join(
                PLACEHOLDER if base | place in dead else char
                for place, char in enumerate(event.text)
            )
            return event if text == event.text else event.replace(text=text)
        if not isinstance(event, ValueEvent):
            return event
        ids = self._carried[index]
        parts: list[str] = []
        place = 0
        for part in _parts(event):
            parts.append(
                "".join(
                    PLACEHOLDER if ids[place + offset] in dead else char
                    for offset, char in enumerate(part)
                )
            )
            place += len(part) + 1  # and the separator
        if parts == _parts(event):
            return event
        match event:
            case GoalAdded() | GoalEdited():
                return event.replace(text=parts[0], actions=parts[1:])
            case ActivitySet():
                return event.replace(name=parts[0])
            case SummaryEntryAdded() | SummaryEntryEdited():
                return event.replace(text=parts[0])
            case IncidentRecorded():
                return event.replace(happened=parts[0], done=parts[1], told=parts[2])
            case _:
                assert_never(event)


def _parts(event: ValueEvent) -> list[str]:
    """The free texts of a value event, in order."""
    match event:
        case GoalAdded() | GoalEdited():
            return [event.text, *event.actions]
        case ActivitySet():
            return [event.name]
        case SummaryEntryAdded() | SummaryEntryEdited():
            return [event.text]
        case IncidentRecorded():
            return [event.happened, event.done, event.told]
        case _:
            assert_never(event)


def _tokens(event: ValueEvent) -> list[Token]:
    """A value's texts as one sequence to compare, a separator between the parts."""
    tokens: list[Token] = []
    for number, part in enumerate(_parts(event)):
        if number:
            tokens.append(_SEPARATOR)
        tokens.extend(part)
    return tokens


def _splice(old: list[Token], new: list[Token]) -> tuple[int, int, int]:
    """The single splice that turns `old` into `new`, keeping their longest common start
    and then end: (start, end in old, end in new). Values are short (a goal, an entry)."""
    limit = min(len(old), len(new))
    start = 0
    while start < limit and old[start] == new[start]:
        start += 1
    tail = 0
    while tail < limit - start and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    return start, len(old) - tail, len(new) - tail
