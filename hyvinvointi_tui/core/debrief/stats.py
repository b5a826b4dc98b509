"""Course figures: one row per session with no free text and no client code.

The client code is replaced by a salted hash. The salt is derived from the secret key that
opens the sessions (`key_salt`): the same client gets the same hash in every run with that
key, so two CSVs of one course can be joined, and the salt is never written anywhere, so
without the key the hash cannot be turned back into the code.
"""

from __future__ import annotations

import csv
import hashlib
import io
import statistics
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence

from ..follow_up.carried import stress_now
from ..model.client_events import FEEDBACK_QUESTIONS
from ..model.protocol import Protocol
from ..model.session_events import SessionEvent
from ..model.state import SessionState, fold
from ..model.steps import OSA_PARTS, TIME_CATEGORIES, OsaStep, TimeCircleStep
from ..record import Record, record


@record
class FileFacts(Record):
    """What a session file says of itself that the figures use (from its `[session]`)."""

    created: str = ""
    client_code: str = ""
    saved_t: float = 0.0


def key_salt(secret_key: str) -> bytes:
    """A salt that stays the same for one secret key and reveals nothing of it."""
    return hashlib.sha256(b"hyvinvointi stats salt v1\0" + secret_key.encode()).digest()[:16]


def client_hash(salt: bytes, client_code: str) -> str:
    return hashlib.sha256(salt + client_code.encode("utf-8")).hexdigest()[:12]


def row(
    protocol: Protocol,
    events: Sequence[SessionEvent],
    meta: FileFacts,
    salt: bytes,
    state: SessionState | None = None,
) -> dict[str, object]:
    """The figures of one session; every value is a number, a date or a fixed word. `state`:
    the events' fold, when the caller has it already."""
    duration = meta.saved_t
    state = state or fold(protocol, events)
    end = max(duration, state.clock.last_t)
    elapsed = state.clock.reading(end).elapsed
    figures: dict[str, object] = {
        "client": client_hash(salt, meta.client_code),
        "date": meta.created[:10],
        "protocol": f"{protocol.id} {protocol.version}",
        "session": "follow_up" if state.setup.follow_up else "first",
    }
    for step in protocol.steps:
        figures[f"min_{step.id}"] = round(state.clock.step_spent(step.id, end) / 60, 1)
    figures["min_total"] = round(elapsed / 60, 1)
    figures["overrun_min"] = round(max(0.0, elapsed - protocol.total_minutes * 60) / 60, 1)
    stress = stress_now(protocol, state)
    figures["stress"] = "" if stress is None else stress
    # A follow-up's: the rating the session before it carried ("" for a first session).
    figures["stress_previous"] = (state.previous.stress or "") if state.previous else ""
    figures["crisis_replan"] = int(state.replanned_at is not None)
    figures["emergencies"] = len(state.emergencies)  # a count only: never when or why
    for question in FEEDBACK_QUESTIONS:  # numbers only: never the client's comment
        figures[f"feedback_{question}"] = state.feedback.get(question, "")
    for variant in ("now", "ideal"):
        hours = _hours(state, protocol, variant)
        for category in TIME_CATEGORIES:
            figures[f"{variant}_{category}_h"] = hours.get(category, "")
    figures["osa_priorities"] = sum(len(items) for items in state.osa_priorities.values())
    # The items the client chose to change, by number (the protocol's words stand for them).
    for part in OSA_PARTS:
        figures[f"osa_priority_{part}"] = " ".join(
            str(number)
            for step in protocol.steps
            if isinstance(step, OsaStep)
            for number in state.osa_priorities.get(step.id, [])
            if step.part_of(number) == part
        )
    figures["goals"] = sum(len(goals) for goals in state.goals.values())
    figures["markers"] = len(state.markers)
    figures["closing"] = next(iter(state.closing.values()), "")
    figures["closed"] = int(state.closed)
    figures["status"] = "closed" if state.closed else "unfinished"
    return figures


def _hours(state: SessionState, protocol: Protocol, variant: str) -> dict[str, float]:
    for step in protocol.steps:
        if isinstance(step, TimeCircleStep) and variant in step.variants:
            return state.category_hours(step.id, variant)
    return {}


@record
class Legend(Record):
    """What a protocol says that a course report draws beside the rows made with it: each
    step's id, title and planned minutes, and the words of each OSA item (the rows give
    only their numbers). Words of the protocol, never of a session."""

    steps: tuple[tuple[str, str, float], ...]
    osa: dict[int, str]


def legend(protocol: Protocol, lang: str) -> Legend:
    return Legend(
        steps=tuple((step.id, step.title(lang), step.budget_minutes) for step in protocol.steps),
        osa={
            item.number: item.label(lang)
            for step in protocol.steps
            if isinstance(step, OsaStep)
            for item in step.items
        },
    )


@record
class Summary(Record):
    sessions: int  # closed sessions: the figures are theirs
    median_minutes: float
    stress: dict[int, int]  # level → sessions
    unfinished: int = 0  # rows left out of the figures


class Tally:
    """The summary's figures, taken a row at a time (a folder's rows need not be held)."""

    def __init__(self) -> None:
        self.rows = 0
        self.durations = array("d")  # of closed sessions: 8 bytes a row, for the median
        self.stress: Counter[object] = Counter()

    def add(self, row: dict[str, object]) -> None:
        self.rows += 1
        if row.get("status", "closed") != "closed":
            return
        self.durations.append(float(str(row["min_total"])))
        if row["stress"] != "":
            self.stress[row["stress"]] += 1

    def summary(self) -> Summary:
        """Closed sessions, their median duration (minutes) and stress distribution. An
        unfinished session (still going on, or abandoned) would pull the median down: it
        is counted apart."""
        return Summary(
            sessions=len(self.durations),
            median_minutes=round(statistics.median(self.durations), 1) if self.durations else 0.0,
            stress={level: self.stress.get(level, 0) for level in range(1, 6)},
            unfinished=self.rows - len(self.durations),
        )


def summary(rows: Iterable[dict[str, object]]) -> Summary:
    """The Tally of `rows`."""
    tally = Tally()
    for row in rows:
        tally.add(row)
    return tally.summary()


class FiguresCsv:
    """The rows as CSV, taken a row at a time: a header of every column any row has, in
    the order they first appear, and "" where a row has none (the rows of sessions made
    with different protocols have different steps). Each row is kept as its line of CSV
    (some 0.3 KB), not as a dict."""

    def __init__(self) -> None:
        self.columns: dict[str, None] = {}
        self._lines: list[tuple[tuple[str, ...], str]] = []
        self._keys: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple per layout
        self._out = io.StringIO()
        self._writer = csv.writer(self._out, lineterminator="\n")

    def __len__(self) -> int:
        return len(self._lines)

    def add(self, row: dict[str, object]) -> None:
        keys = self._keys.setdefault(tuple(row), tuple(row))
        self.columns.update(dict.fromkeys(keys))
        self._lines.append((keys, self._line(row.values())))

    def _line(self, values: Iterable[object]) -> str:
        self._out.seek(0)
        self._out.truncate()
        self._writer.writerow(values)
        return self._out.getvalue()

    def text(self) -> str:
        """What csv.DictWriter writes for the rows, header first."""
        columns = tuple(self.columns)
        parts = [self._line(columns)]
        for keys, line in self._lines:
            if keys == columns:
                parts.append(line)
                continue
            values = dict(zip(keys, next(csv.reader(io.StringIO(line))), strict=True))
            parts.append(self._line(values.get(column, "") for column in columns))
        return "".join(parts)
