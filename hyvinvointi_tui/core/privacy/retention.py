"""How long a closed session is kept: its keep-until date and whether it is due for deletion.

A session is kept from its closing moment (the moment it was created, plus the seconds to
its close) for the days its course gives (`privacy.retention_days`, recorded as the session
started), or `DEFAULT_RETENTION_DAYS` when it gives none: nothing is kept forever. A session
never closed (abandoned, or still being written) is kept from its last save for as long: one
left unfinished falls due as a closed one would. The dates are the student's
local calendar dates, as the start screen and the `sessions` command show them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..model.course import DEFAULT_RETENTION_DAYS, Privacy
from ..record import Record, record


def retention_days(privacy: Privacy) -> int:
    """The days a closed session is kept: its course's, or the default when it gave none."""
    return privacy.retention_days or DEFAULT_RETENTION_DAYS


def closing_moment(created: dt.datetime, closed_at: float) -> dt.datetime:
    """When the session closed: `closed_at` seconds after it was created (an aware time)."""
    return created + dt.timedelta(seconds=closed_at)


def keep_until(
    created: dt.datetime, closed_at: float | None, days: int, saved_t: float | None = None
) -> dt.date | None:
    """The last day a session is kept (in the local calendar of `created`'s zone as given):
    the closing day plus `days`; for a session not closed, the day of its last save
    (`saved_t` seconds after it was created) plus `days`. None when neither is known."""
    ended = closed_at if closed_at is not None else saved_t
    if ended is None:
        return None
    return closing_moment(created, ended).date() + dt.timedelta(days=days)


def is_due(until: dt.date | None, today: dt.date) -> bool:
    """Due for deletion: its keep-until day has passed."""
    return until is not None and today > until


@record
class Kept(Record):
    """What the listing shows of one session: when it was made, for which client, whether
    it is closed, and until when it is kept."""

    created: dt.datetime
    client_code: str
    closed: bool
    until: dt.date | None

    def due(self, today: dt.date) -> bool:
        return is_due(self.until, today)


def kept(
    created: dt.datetime,
    client_code: str,
    closed_at: float | None,
    privacy: Privacy,
    saved_t: float | None = None,
) -> Kept:
    """One session's facts for the listing, its time in the local zone of `created`."""
    until = keep_until(created, closed_at, retention_days(privacy), saved_t)
    return Kept(created=created, client_code=client_code, closed=closed_at is not None, until=until)


@record
class Listed(Record):
    """One session file of a folder: its id, the session it follows up, and what the
    listing shows of it; `kept` is None for a file that cannot be opened (`problem` says
    why)."""

    path: Path
    session_id: str = ""
    follow_up_of: str = ""
    kept: Kept | None = None
    problem: str = ""


@dataclass
class Plan:
    """What a deletion takes, as it is shown before it is asked for: the sessions (one, or
    a client's chain), every file in their folder that belongs to them, and the plaintext
    copies written of them."""

    sessions: list[Listed]
    files: list[Path] = field(default_factory=list)
    copies: list[Path] = field(default_factory=list)

    @property
    def ids(self) -> set[str]:
        return {session.session_id for session in self.sessions}


@dataclass
class Deleted:
    """What a deletion did: the sessions gone (their ids), and what could not be removed."""

    ids: list[str]
    failed: list[tuple[Path, str]]
