"""The sessions a folder keeps and until when, and deleting a session (or a client's whole
chain) for good: its file, its debrief comments, its lock, the files a save kept beside it
(`-ours-`), and the plaintext copies the app recorded for it. What goes is planned first
(`plan_deletion`), shown, and asked for; `delete` then takes it. A deletion log in the data
folder (`deletions.log`) keeps one line per session deleted: the date and its id, never the
client code.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pyrage import x25519

from ..core.privacy.retention import Deleted, Listed, Plan, kept
from .atomic import TEMP_MARK
from .copies import delete_copies, existing_copies
from .debrief import debrief_path
from .session_document import load
from .session_file import DEBRIEF_SUFFIX, SUFFIX, SessionFileError
from .session_meta import moment
from .session_store import LOCK_SUFFIX, SessionLock, SessionLocked

LOG_FILE = "deletions.log"


def session_files(folder: Path) -> list[Path]:
    """The session files of a folder, by name (which begins with the date)."""
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.glob(f"*{SUFFIX}")
        if not path.name.endswith(DEBRIEF_SUFFIX) and path.is_file()
    )


def listed(path: Path, identities: Sequence[x25519.Identity]) -> Listed:
    """One session file as the listing shows it (a file that cannot be opened too)."""
    try:
        loaded = load(path, identities)
    except SessionFileError as exc:
        return Listed(path=path, problem=str(exc).removeprefix(f"{path}: "))
    meta, state = loaded.meta, loaded.state
    created = moment(meta.created).astimezone()  # the student's own calendar
    facts = kept(created, meta.client_code, state.closed_at, state.privacy, meta.saved_t)
    return Listed(path=path, session_id=meta.id, follow_up_of=meta.follow_up_of, kept=facts)


def listing(folder: Path, identities: Sequence[x25519.Identity]) -> list[Listed]:
    """Every session file of the folder, by name: its keep-until date, or why it cannot be
    opened."""
    return [listed(path, identities) for path in session_files(folder)]


class DeletionRefused(Exception):
    """A session that cannot be deleted now (it is open in a running copy, it cannot be
    opened); the message says why, in one line."""


def plan_deletion(
    path: Path,
    identities: Sequence[x25519.Identity],
    home: Path,
    *,
    chain: bool = False,
    within: Sequence[Listed] | None = None,
) -> Plan:
    """What deleting the session `path` (with `chain`: its client's whole chain, the first
    session and every follow-up after it) would take. `within`: the folder's listing, when
    it is at hand. Raises DeletionRefused for a file that cannot be opened."""
    chosen = listed(path, identities)
    if chosen.kept is None:
        raise DeletionRefused(
            f"{path}: not deleted: it cannot be opened ({chosen.problem}), so what belongs "
            "to it cannot be told"
        )
    sessions = [chosen]
    if chain:
        others = list(within) if within is not None else listing(path.parent, identities)
        sessions = _chain(chosen, others)
    files: list[Path] = []
    for session in sessions:
        files += [found for found in _belonging(session) if found not in files]
    ids = {session.session_id for session in sessions}
    return Plan(sessions, files, [copy.path for copy in existing_copies(home, ids)])


def _chain(chosen: Listed, others: Sequence[Listed]) -> list[Listed]:
    """The chosen session's chain in its folder, oldest first: back along `follow_up_of` to
    the first session, then every session that follows up one in the chain."""
    by_id: dict[str, list[Listed]] = {}
    for other in others:
        if other.kept is not None:
            by_id.setdefault(other.session_id, []).append(other)
    first, seen = chosen, {chosen.session_id}
    while first.follow_up_of and first.follow_up_of not in seen and first.follow_up_of in by_id:
        seen.add(first.follow_up_of)
        first = by_id[first.follow_up_of][0]
    members, ids = [first], {first.session_id}
    grew = True
    while grew:
        grew = False
        for other in others:
            if other.kept is None or other.session_id in ids:
                continue
            if other.follow_up_of in ids:
                members.append(other)
                ids.add(other.session_id)
                grew = True
    if chosen.session_id not in {member.session_id for member in members}:
        members.append(chosen)
    return sorted(members, key=_created)


def _created(session: Listed) -> dt.datetime:
    assert session.kept is not None  # only sessions that open are in a chain
    return session.kept.created


_OURS = re.compile(r"-ours-\d{8}-\d{6}$")
_SAVED_NAME = r"\d{8}-\d{4}_[A-Za-z0-9_-]*_"


def _belonging(session: Listed) -> list[Path]:
    """The session's file and every file beside it that is its own: its debrief comments,
    its lock, the files a save kept beside it (`NAME-ours-STAMP.age`, with their comments
    and locks) and a save's temp files. Told by their names, which the app gives them."""
    path = session.path
    stem = path.name.removesuffix(SUFFIX)
    own = re.compile(_SAVED_NAME + re.escape(session.session_id))
    found = [path]
    for other in sorted(path.parent.iterdir()):
        if other == path or other.is_dir():
            continue
        name = _base(other.name)
        if name == stem or own.fullmatch(name):
            found.append(other)
    return found


def _base(name: str) -> str:
    """A file's name without what the app adds to a session's name: a temp file's mark, a
    lock's suffix, the debrief's or the session's suffix, a kept file's `-ours-STAMP`."""
    name = name.partition(TEMP_MARK)[0]
    name = name.removesuffix(LOCK_SUFFIX)
    if name.endswith(DEBRIEF_SUFFIX):
        name = name.removesuffix(DEBRIEF_SUFFIX)
    elif name.endswith(SUFFIX):
        name = name.removesuffix(SUFFIX)
    else:
        return ""  # not a file the app names after a session
    return _OURS.sub("", name)


def delete(plan: Plan, home: Path) -> Deleted:
    """Delete what the plan names, after taking every one of its sessions' locks: a session
    open in a running copy (here, or on another computer sharing the folder) refuses the
    whole deletion (DeletionRefused) and nothing is touched. Each session whose file is
    gone gets its line in the deletion log."""
    sessions = [found for found in plan.files if _is_session_file(found)]
    locks = _take_locks(sessions)
    failed: list[tuple[Path, str]] = []
    try:
        # The copies shown, as they are recorded now (still the session's, still there).
        shown = set(plan.copies)
        copies = [copy for copy in existing_copies(home, plan.ids) if copy.path in shown]
        failed += [(copy.path, reason) for copy, reason in delete_copies(home, copies)]
        for found in plan.files:
            if found.name.endswith(LOCK_SUFFIX) and any(lock.path == found for lock in locks):
                continue  # ours now: removed as it is released
            try:
                found.unlink(missing_ok=True)
            except OSError as exc:
                failed.append((found, exc.strerror or type(exc).__name__))
    finally:
        for lock in locks:
            lock.release()
    for session in plan.sessions:  # the debrief of a renamed session file
        with contextlib.suppress(OSError):
            debrief_path(session.path).unlink(missing_ok=True)
    gone = [s.session_id for s in plan.sessions if not s.path.exists()]
    for session_id in gone:
        try:
            log_deletion(home, session_id)
        except OSError as exc:
            failed.append((log_path(home), exc.strerror or type(exc).__name__))
    return Deleted(gone, failed)


def _is_session_file(path: Path) -> bool:
    return path.name.endswith(SUFFIX) and not path.name.endswith(DEBRIEF_SUFFIX)


def _take_locks(sessions: list[Path]) -> list[SessionLock]:
    taken: list[SessionLock] = []
    try:
        for session in sessions:
            lock = SessionLock(session)
            lock.acquire()
            taken.append(lock)
    except SessionLocked as exc:
        _release(taken)
        raise DeletionRefused(f"not deleted: {exc}") from None
    except OSError as exc:
        _release(taken)
        raise DeletionRefused(
            f"{session}: not deleted: it cannot be locked ({exc.strerror or type(exc).__name__})"
        ) from None
    return taken


def _release(locks: list[SessionLock]) -> None:
    for lock in locks:
        lock.release()


def log_path(home: Path) -> Path:
    return home / LOG_FILE


def log_deletion(home: Path, session_id: str, today: dt.date | None = None) -> None:
    """One line in the deletion log: the date and the session's id (never the client code,
    never a file's name, which holds it)."""
    day = (today or dt.date.today()).isoformat()
    fd = os.open(
        log_path(home), os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600
    )
    try:
        os.write(fd, f"{day} deleted session {session_id}\n".encode())
    finally:
        os.close(fd)


@dataclass
class FolderSessions:
    """One folder's sessions for the screen that lists and deletes them: the data folder
    (for the copies and the log), the sessions folder and the keys that open them."""

    home: Path
    folder: Path
    identities: Sequence[x25519.Identity]

    def listing(self) -> list[Listed]:
        return listing(self.folder, self.identities)

    def plan(self, path: Path, chain: bool, within: Sequence[Listed]) -> Plan | str:
        """What deleting it would take, or why it cannot be deleted."""
        try:
            return plan_deletion(path, self.identities, self.home, chain=chain, within=within)
        except DeletionRefused as exc:
            return str(exc)

    def delete(self, plan: Plan) -> Deleted | str:
        """Delete it, or say why nothing was deleted."""
        try:
            return delete(plan, self.home)
        except DeletionRefused as exc:
            return str(exc)
