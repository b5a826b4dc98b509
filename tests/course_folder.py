"""A course's folder of session files with every kind the course figures meet: closed and
unfinished sessions, follow-ups (another protocol, carrying the stress before), a client
who said no to the figures and one who withdrew them afterwards, and files that cannot be
read (another key's, damaged, not a session file, empty)."""

from __future__ import annotations

from pathlib import Path

from pyrage import x25519

from hyvinvointi_tui.core.follow_up.carried import previous_of
from hyvinvointi_tui.core.model.client_events import (
    ConsentRecorded,
    FeedbackGiven,
    FeedbackQuestion,
)
from hyvinvointi_tui.core.model.protocol import Protocol, resolve_protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SessionClosed, SetupChanged, StepEntered
from hyvinvointi_tui.core.model.step_events import HoursSet, OsaPrioritiesSet, StressRated
from hyvinvointi_tui.core.model.steps import Category, Variant
from hyvinvointi_tui.core.model.text_keys import notes_key
from hyvinvointi_tui.store import keys
from hyvinvointi_tui.store.withdrawal import withdraw

from . import session_saving
from .conftest import FakeClock

CANARY = "FREE-TEXT-CANARY"
FIRSTS = 16  # first sessions; every fourth client comes back for a follow-up


def _first(protocol: Protocol, number: int) -> Session:
    clock = FakeClock()
    session = Session(
        protocol, clock=clock, session_id=f"f{number:03d}", created="2026-11-02T09:00:00+02:00"
    )
    session.start(SetupChanged(client_code=f"K-{number}", lang="fi"))
    session.record(ConsentRecorded(step="orientation", item="figures", given=number != 5))
    session.edit_text(notes_key("orientation"), f"{CANARY} {number}")
    for step, minutes in (("stress", 6), ("time_circle", 17), ("osa", 34), ("closing", 80)):
        clock.t = 60 * (minutes + number % 3)
        session.record(StepEntered(step=step))
        if step == "stress":
            session.record(StressRated(step="stress", value=number % 5 + 1))
        elif step == "time_circle":
            days: tuple[tuple[Variant, int], ...] = (("now", 2 + number % 4), ("ideal", 6))
            for variant, productive in days:
                parts: tuple[tuple[Category, int], ...] = (
                    ("productive", productive),
                    ("leisure", 6),
                )
                for category, hours in parts:
                    session.record(
                        HoursSet(step=step, variant=variant, category=category, hours=hours)
                    )
                rest = 24 - productive - 6
                session.record(
                    HoursSet(step=step, variant=variant, category="self_care", hours=rest)
                )
        elif step == "osa":
            chosen = [14, 12 + number % 3, 24 if number % 2 else 26]
            session.record(OsaPrioritiesSet(step="osa", items=chosen))
    answers: tuple[tuple[FeedbackQuestion, int], ...] = (
        ("heard", 3 + number % 2),
        ("mattered", 2),
        ("way", 4),
        ("next", 1 + number % 4),
    )
    for question, value in answers:
        session.record(FeedbackGiven(step="closing", question=question, value=value))
    clock.t = 60 * (88 + number % 7)
    if number % 6 != 1:  # sessions 1, 7, 13 were left unfinished
        session.record(SessionClosed(step="closing"))
    return session


def _follow_up(first: Session, number: int) -> Session:
    follow = resolve_protocol("seurantakeskustelu")
    previous = previous_of(
        first.protocol, session_id=first.session_id, created=first.created, state=first.state
    )
    clock = FakeClock()
    session = Session(
        follow, clock=clock, session_id=f"u{number:03d}", created="2026-11-30T09:00:00+02:00"
    )
    session.start(SetupChanged(client_code=f"K-{number}", lang="fi", follow_up=True), previous)
    session.record(ConsentRecorded(step="orientation", item="figures", given=True))
    clock.t = 300
    session.record(StepEntered(step="stress"))
    session.record(StressRated(step="stress", value=max(1, number % 5)))
    clock.t = 60 * 55
    session.record(SessionClosed(step="closing"))
    return session


def _save(session: Session, path: Path, recipients: list[x25519.Recipient]) -> None:
    doc = session_saving.session_document(session, saved_t=session.now())
    doc["session"]["recipients"] = [str(recipient) for recipient in recipients]
    session_saving.save(path, doc, recipients)


def make_course(protocol: Protocol, folder: Path, key: Path) -> dict[str, int]:
    """The folder's sessions, to the teacher's key at `key`; counts of each kind."""
    folder.mkdir(exist_ok=True)
    teacher = [keys.parse_recipient(keys.write_identity_file(key))]
    other = [x25519.Identity.generate().to_public()]
    for number in range(FIRSTS):
        first = _first(protocol, number)
        _save(first, folder / f"a{number:03d}.age", teacher)
        if number % 4 == 0 and first.state.closed:
            _save(_follow_up(first, number), folder / f"b{number:03d}.age", teacher)
    # The client of session 9 withdrew their figures after it.
    withdraw(folder / "a009.age", keys.read_identity_file(key), ["figures"])
    _save(_first(protocol, 90), folder / "c-other-key.age", other)
    damaged = folder / "c-damaged.age"
    _save(_first(protocol, 91), damaged, teacher)
    damaged.write_bytes(damaged.read_bytes()[:-40])
    (folder / "c-not-age.age").write_text("not a session", encoding="utf-8")
    (folder / "c-empty.age").write_bytes(b"")
    return {"files": FIRSTS + 4 + 4, "unreadable": 4, "no_consent": 2}
