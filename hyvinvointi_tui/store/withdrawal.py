"""A client withdraws a consent after the session: the withdrawal is recorded in the session
file (with its day), and what the consent covered leaves the file — the notes, when the
consent was to notes; course figures leave the session out when it was to figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from pyrage import x25519

from ..core.model.client_events import ConsentItem, ConsentRecorded
from ..core.model.session import Session
from ..core.model.steps import OrientationStep
from .keys import KeyProblem, parse_recipient
from .session_document import load
from .session_file import SessionFileError
from .session_store import SessionLock, SessionLocked, SessionStore


def withdraw(
    path: Path, identities: Sequence[x25519.Identity], items: Sequence[ConsentItem]
) -> list[ConsentItem]:
    """Record the client's no to each of `items` not already withdrawn, and save the file
    encrypted to the same people as before (the keys it names). Returns the items newly
    withdrawn. Raises SessionFileError (unreadable, no recipients named) or SessionLocked
    (open in a running copy)."""
    loaded = load(path, identities)
    meta = loaded.meta
    if not meta.recipients:
        raise SessionFileError(
            f"{path}: the file does not name whom it is encrypted to (an older file): "
            "withdraw the consent in the app instead (hyvinvointi resume)"
        )
    try:
        recipients = [parse_recipient(key) for key in meta.recipients]
    except KeyProblem as exc:
        raise SessionFileError(f"{path}: {exc}") from None
    consent = loaded.state.consent
    newly = [item for item in dict.fromkeys(items) if consent.get(item) is not False]
    if not newly:
        return []
    lock = SessionLock(path)
    try:
        lock.acquire()
    except OSError as exc:
        raise SessionLocked(f"{path}: cannot lock it ({exc.strerror}); nothing changed") from None
    try:
        protocol = loaded.protocol
        session = Session(protocol, session_id=meta.id, created=meta.created, events=loaded.events)
        step = next(
            (s.id for s in protocol.steps if isinstance(s, OrientationStep)), protocol.steps[0].id
        )
        end = max(meta.saved_t, loaded.events[-1].t if loaded.events else 0.0)
        today = dt.date.today().isoformat()
        for item in newly:
            session.record(ConsentRecorded(step=step, item=item, given=False, on=today), at=end)
        store = SessionStore(path.parent, recipients, path=path, lock=lock)
        store.save(
            protocol,
            session_id=meta.id,
            created=meta.created,
            events=list(session.events),
            saved_t=end,
        )
    finally:
        lock.release()
    return newly
