"""Course figures: one row per session with no free text and no client code.

The client code is replaced by a salted hash. The salt is derived from the secret key that
opens the sessions (`key_salt`): the same client gets the same hash in every run with that
key, so two CSVs of one course can be joined, and the salt is never written anywhere, so
without the key the hash cannot be turned back into the code.
"""

from __future__ import annotations

import hashlib
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..follow_up.carried import stress_now
from ..model.client_events import FEEDBACK_QUESTIONS
from ..model.protocol import Protocol
from ..model.session_events import SessionEvent
from ..model.state import SessionState, fold
from ..model.steps import TIME_CATEGORIES, TimeCircleStep


@dataclass(frozen=True)
class FileFacts:
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
    figures["crisis_replan"] = int(state.replanned_at is not None)
    figures["emergencies"] = len(state.emergencies)  # a count only: never when or why
    for question in FEEDBACK_QUESTIONS:  # numbers only: never the client's comment
        figures[f"feedback_{question}"] = state.feedback.get(question, "")
    for variant in ("now", "ideal"):
        hours = _hours(state, protocol, variant)
        for category in TIME_CATEGORIES:
            figures[f"{variant}_{category}_h"] = hours.get(category, "")
    figures["osa_priorities"] = sum(len(items) for items in state.osa_priorities.values())
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


@dataclass(frozen=True)
class Summary:
    sessions: int  # closed sessions: the figures are theirs
    median_minutes: float
    stress: dict[int, int]  # level → sessions
    unfinished: int = 0  # rows left out of the figures


def summary(rows: Sequence[dict[str, object]]) -> Summary:
    """Closed sessions, their median duration (minutes) and stress distribution. An
    unfinished session (still going on, or abandoned) would pull the median down: it is
    counted apart."""
    closed = [r for r in rows if r.get("status", "closed") == "closed"]
    durations = [float(str(r["min_total"])) for r in closed]
    stress = Counter(r["stress"] for r in closed if r["stress"] != "")
    return Summary(
        len(closed),
        round(statistics.median(durations), 1) if durations else 0.0,
        {level: stress.get(level, 0) for level in range(1, 6)},
        len(rows) - len(closed),
    )
