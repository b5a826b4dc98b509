"""Where one live session is saved, to whom it is encrypted, and the lock that keeps a
second running copy from editing it at the same time."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from pyrage import x25519

from ..core.model.protocol import Protocol
from ..core.model.session_events import SessionEvent
from ..core.privacy.erasure import Eraser
from ..core.untrusted import visible_line
from .atomic import write_atomic
from .event_rows import EventRows
from .session_document import Folded, document, to_toml
from .session_file import SUFFIX, encrypt, file_name


class SessionLocked(Exception):
    """Another running copy has this session open; the message names it."""


class SessionLock:
    """A lock file beside the session, held with an OS lock (flock) while the session is open.

    The OS lock is the truth on this machine: the kernel drops it when its process ends, a
    kill -9 included, so a lock whose OS lock can be taken is stale and is taken over, in one
    step that no second copy can share. The file names the pid and host of its holder, for
    the message, and for a folder synced between machines, where the OS lock of another
    machine cannot be seen: a lock naming another host is respected (its message says how
    to remove it if that copy has ended).
    """

    def __init__(self, session_path: Path) -> None:
        self.session_path = session_path
        self.path = session_path.with_name(session_path.name + LOCK_SUFFIX)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, or raise SessionLocked; OSError when the lock file cannot be made
        (a full disk, a read-only folder): then the session is not opened."""
        for _ in range(5):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
            try:
                if not _try_lock(fd):
                    raise SessionLocked(self._message(_owner(fd)))
                if not _same_file(fd, self.path):
                    os.close(fd)  # released and removed meanwhile by its holder: again
                    continue
                owner = _owner(fd)
                if owner.get("host") not in (None, "", _HOST):
                    raise SessionLocked(self._message(owner, elsewhere=True))
            except BaseException:
                with contextlib.suppress(OSError):
                    os.close(fd)
                raise
            # Ours. Its owner is written for the messages of other copies; should that fail
            # (a full disk), the OS lock still holds, and a lock with no owner reads as ours.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, json.dumps({"pid": os.getpid(), "host": _HOST}).encode())
            self._fd = fd
            return
        raise SessionLocked(f"could not take the lock {self.path}")

    def _message(self, owner: dict[str, object], *, elsewhere: bool = False) -> str:
        pid, host = owner.get("pid", "?"), owner.get("host", "this computer")
        holder = f"process {pid} on {host}" if owner else "unknown"
        if elsewhere:
            return (
                f"{self.session_path}: this session is open in a copy of hyvinvointi on "
                f"another computer ({holder}); close it there first. If that copy has ended "
                f"without closing it, delete {self.path.name} and try again"
            )
        return (
            f"{self.session_path}: this session is open in another copy of "
            f"hyvinvointi ({holder}); close it there first"
        )

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        # Removed while still held, so that no other copy can take the lock on a file that
        # is about to go (Windows cannot remove an open file: there, after closing).
        if os.name == "posix" and _same_file(fd, self.path):
            with contextlib.suppress(OSError):
                self.path.unlink()
        os.close(fd)
        if os.name != "posix":
            with contextlib.suppress(OSError):
                self.path.unlink()


LOCK_SUFFIX = ".lock"
_HOST = socket.gethostname()
_OWNER_LIMIT = 4096


def _try_lock(fd: int) -> bool:
    """Take the OS lock on an open lock file without waiting: False if another has it."""
    if sys.platform == "win32":
        # lazy: Windows only (not a start-up cost)
        import msvcrt

        try:
            os.lseek(fd, 1 << 30, os.SEEK_SET)  # a byte past the owner's text
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
        return True
    # lazy: POSIX only: Windows has no fcntl
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _same_file(fd: int, path: Path) -> bool:
    """Whether `path` still names the file open as `fd` (its holder may have removed it)."""
    try:
        here, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _owner(fd: int) -> dict[str, object]:
    """The pid and host a lock file names ({} for none: empty, damaged or unreadable)."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        info = json.loads(os.read(fd, _OWNER_LIMIT).decode("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(info, dict):
        return {}
    owner: dict[str, object] = {}
    if isinstance(info.get("pid"), int):
        owner["pid"] = info["pid"]
    if isinstance(info.get("host"), str) and info["host"]:
        owner["host"] = visible_line(info["host"])[:80]  # shown in a message
    return owner


def remove_stale_locks(folder: Path) -> list[Path]:
    """Remove the lock files no running copy on this machine holds (left by a crash, or a
    copy killed before it could remove its lock). A lock naming another host stays."""
    removed = []
    for path in folder.glob("*" + LOCK_SUFFIX) if folder.is_dir() else ():
        try:
            fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
        except OSError:
            continue
        try:
            if not _try_lock(fd) or not _same_file(fd, path):
                continue
            if _owner(fd).get("host") not in (None, "", _HOST):
                continue
            if os.name == "posix":
                path.unlink()
                removed.append(path)
        except OSError:
            continue
        finally:
            os.close(fd)
        if os.name != "posix":
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


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
        self._eraser = Eraser()  # and each character followed once, for the erasures
        # What the file looked like when this store last wrote it (or it was opened): a file
        # that differs at the next save was replaced by something else, and is kept.
        self._signature = _signature(path) if path is not None else None
        self._kept: tuple[str, str] | None = None

    def _claim_path(self, doc: dict[str, object]) -> Path:
        """A new session gets its file name (and lock) at its first save. A lock that
        cannot be taken fails the save (and the next save tries again): the session never
        runs on without its lock."""
        if self.path is None:
            meta = doc["session"]
            assert isinstance(meta, dict)
            name = file_name(str(meta["created"]), str(meta["client_code"]), str(meta["id"]))
            path = self.folder / name
            lock = SessionLock(path)
            lock.acquire()
            self.path, self.lock = path, lock
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
        events: Sequence[SessionEvent],
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
            eraser=self._eraser,
        )
        # Public keys only: who can open the file, so that the teacher's debrief comments can
        # be encrypted to the student too. The first is the student's; the partner the
        # setup names (if any) comes last.
        recipients = self._with_partners(doc["session"]["partners"])
        doc["session"]["recipients"] = [str(recipient) for recipient in recipients]
        data = encrypt(to_toml(doc, self._rows).encode(), recipients)
        with self._lock:
            if len(events) < self._written:
                return False
            path = self._claim_path(doc)
            if _signature(path) not in (None, self._signature):
                path = self._keep_both(path)
            # The signature of the file as written, not of whatever is at `path` by now.
            self._signature = _signature_of(write_atomic(path, data))
            self._written = len(events)
        return True

    def _with_partners(self, partners: list[str]) -> list[x25519.Recipient]:
        """The store's recipients and the session's partners (each once)."""
        known = {str(recipient) for recipient in self.recipients}
        extra = []
        for key in partners:
            if key not in known:
                with contextlib.suppress(ValueError):  # a crafted file's bad checksum
                    extra.append(x25519.Recipient.from_str(key))
        return [*self.recipients, *extra]

    def _keep_both(self, path: Path) -> Path:
        """The file was replaced or changed since this store wrote it (a sync, a copy, an
        editor): leave it, and go on in a file of our own beside it, with its own lock."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        ours = path.with_name(f"{path.name.removesuffix(SUFFIX)}-ours-{stamp}{SUFFIX}")
        lock = SessionLock(ours)
        lock.acquire()
        if self.lock is not None:
            self.lock.release()
        self.path, self.lock = ours, lock
        self._kept = (path.name, ours.name)
        return ours

    def take_kept(self) -> tuple[str, str] | None:
        """(the file left as it was, the file this session is now saved in), once, after a
        save found its file changed by something else; None otherwise."""
        with self._lock:
            kept, self._kept = self._kept, None
        return kept


def _signature(path: Path) -> tuple[int, int, int, int] | None:
    """What tells one written file from another: device, inode, size, modification time."""
    try:
        return _signature_of(os.stat(path))
    except OSError:
        return None


def _signature_of(info: os.stat_result) -> tuple[int, int, int, int]:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
