"""Where one live session is saved, to whom it is encrypted, and the lock that keeps a
second running copy from editing it at the same time."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
from collections.abc import Sequence
from pathlib import Path

from pyrage import x25519

from ..core.protocol import Protocol
from ..core.session import _Event
from .atomic import process_alive, write_atomic
from .session_file import EventRows, Folded, document, encode, file_name


class SessionLocked(Exception):
    """Another running copy has this session open; the message names it."""


class SessionLock:
    """A lock file beside the session: pid and host of the copy that edits it.

    A lock left by a crashed copy on this machine (its pid is gone) is taken over.
    """

    def __init__(self, session_path: Path) -> None:
        self.session_path = session_path
        self.path = session_path.with_name(session_path.name + ".lock")
        self.held = False

    def _describe(self, info: dict[str, object]) -> str:
        return f"process {info.get('pid')} on {info.get('host')}"

    def acquire(self) -> None:
        me = {"pid": os.getpid(), "host": socket.gethostname()}
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                try:
                    info = json.loads(self.path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    info = {}
                pid = info.get("pid")
                same_host = info.get("host") == me["host"]
                if same_host and isinstance(pid, int) and not process_alive(pid):
                    with contextlib.suppress(FileNotFoundError):
                        self.path.unlink()  # a stale lock from a crash: take it over
                    continue
                raise SessionLocked(
                    f"{self.session_path}: this session is open in another copy of "
                    f"hyvinvointi ({self._describe(info)}); close it there first"
                ) from None
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(me, handle)
            self.held = True
            return
        raise SessionLocked(f"could not take the lock {self.path}")

    def release(self) -> None:
        if self.held:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            self.held = False


class SessionStore:
    """Saves snapshots of one session's events. Safe to call from a worker thread.

    A snapshot older than the one already written is skipped, so a slow background save can
    never overwrite the newer file that a quit or a signal wrote meanwhile.
    """

    def __init__(
        self,
        folder: Path,
        recipients: Sequence[x25519.Recipient],
        *,
        path: Path | None = None,
        lock: SessionLock | None = None,
    ) -> None:
        self.folder = folder
        self.path = path
        self.lock = lock
        self.recipients = list(recipients)
        self._lock = threading.Lock()
        self._written = -1
        self._rows = EventRows()  # each event is formatted once, not at every save
        self._folded = Folded()  # and applied to the state once

    def _claim_path(self, doc: dict[str, object]) -> Path:
        """A new session gets its file name (and lock) at its first save."""
        if self.path is None:
            meta = doc["session"]
            assert isinstance(meta, dict)
            self.path = self.folder / file_name(meta["created"], meta["client_code"], meta["id"])
            self.lock = SessionLock(self.path)
            self.lock.acquire()
        return self.path

    def close(self) -> None:
        if self.lock is not None:
            self.lock.release()

    def save(
        self,
        protocol: Protocol,
        *,
        session_id: str,
        created: str,
        events: Sequence[_Event],
        saved_t: float,
    ) -> bool:
        """Serialise, encrypt and atomically replace the file; False if a newer one is there."""
        doc = document(
            protocol,
            session_id=session_id,
            created=created,
            events=events,
            saved_t=saved_t,
            rows=self._rows,
            folded=self._folded,
        )
        # Public keys only: who can open the file, so that the teacher's debrief comments can
        # be encrypted to the student too. The first is the student's.
        doc["session"]["recipients"] = [str(recipient) for recipient in self.recipients]
        data = encode(doc, self.recipients, self._rows)
        with self._lock:
            if len(events) < self._written:
                return False
            write_atomic(self._claim_path(doc), data)
            self._written = len(events)
        return True
