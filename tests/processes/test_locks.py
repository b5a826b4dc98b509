"""The session lock (issue 18, items 7-9): taken in one step that no second copy can share,
never skipped on a full disk, never left behind, and respected when another computer wrote
it (a synced folder)."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import socket
from pathlib import Path
from typing import Any

import pytest
from pyrage import x25519

from hyvinvointi_tui.core.model.protocol import resolve_protocol
from hyvinvointi_tui.core.model.session import Session
from hyvinvointi_tui.core.model.session_events import SetupChanged
from hyvinvointi_tui.store.session_store import (
    SessionLock,
    SessionLocked,
    SessionStore,
    remove_stale_locks,
)
from hyvinvointi_tui.store.student import Student, reopen_or_reason

from ..helpers import save_session

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name != "posix", reason="POSIX locks and processes"),
]

HOST = socket.gethostname()
DEAD_PID = 999_999_999


def _stale(path: Path, owner: object) -> Path:
    """A lock file left by a copy that is gone (nobody holds its OS lock)."""
    lock = path.with_name(path.name + ".lock")
    lock.write_text(owner if isinstance(owner, str) else json.dumps(owner), encoding="utf-8")
    return lock


def _contender(path: str, start: Any, done: Any, results: Any) -> None:
    """One copy: wait for the others, try the lock, keep it until all have tried."""
    lock = SessionLock(Path(path))
    start.wait()
    try:
        lock.acquire()
        results.put("held")
    except SessionLocked:
        results.put("refused")
    done.wait()
    lock.release()


def race(path: Path, copies: int) -> list[str]:
    """`copies` processes try to take the same lock at the same instant."""
    context = multiprocessing.get_context("fork")
    start, done = context.Barrier(copies), context.Barrier(copies)
    results = context.Queue()
    processes = [
        context.Process(target=_contender, args=(str(path), start, done, results))
        for _ in range(copies)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=30) for _ in processes]
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    return outcomes


@pytest.mark.parametrize("left", ["crashed copy", "empty", "none"])
def test_of_many_copies_taking_a_lock_at_once_exactly_one_gets_it(
    tmp_path: Path, left: str
) -> None:
    """bench/lock.py runs this 300 times. The old read-unlink-create let two copies both
    take over a stale lock in 33 and 55 of 300 trials."""
    path = tmp_path / "s.age"
    for _ in range(30):
        if left == "crashed copy":
            _stale(path, {"pid": DEAD_PID, "host": HOST})
        elif left == "empty":  # as a copy on a full disk left it
            _stale(path, "")
        outcomes = race(path, copies=6)
        assert outcomes.count("held") == 1, outcomes
        assert not path.with_name("s.age.lock").exists(), "released and removed"


def test_a_lock_with_no_readable_owner_is_stale_and_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "s.age"
    for owner in ("", "{not json", json.dumps(["a list"]), json.dumps({"pid": "x"})):
        _stale(path, owner)
        lock = SessionLock(path)
        lock.acquire()
        info = json.loads(lock.path.read_text(encoding="utf-8"))
        assert info == {"pid": os.getpid(), "host": HOST}
        lock.release()


def test_a_live_holder_is_named_and_a_second_copy_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.age"
    first = SessionLock(path)
    first.acquire()
    with pytest.raises(
        SessionLocked, match=rf"another copy of hyvinvointi \(process {os.getpid()}"
    ):
        SessionLock(path).acquire()
    first.release()
    assert not first.path.exists()


def test_a_lock_written_on_another_computer_is_respected(tmp_path: Path) -> None:
    """A synced folder: the other machine's OS lock cannot be seen from here, and its pid
    says nothing about this machine's processes. The message says how to go on."""
    path = tmp_path / "s.age"
    lock_file = _stale(path, {"pid": DEAD_PID, "host": "toinen-kone"})
    with pytest.raises(SessionLocked) as refused:
        SessionLock(path).acquire()
    message = str(refused.value)
    assert "another computer (process 999999999 on toinen-kone)" in message
    assert "delete s.age.lock" in message
    assert lock_file.exists(), "left as it was"
    assert remove_stale_locks(tmp_path) == [] and lock_file.exists()


def test_the_lock_holds_when_its_owner_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk after the lock file was made: the OS lock still keeps a second copy out."""
    path = tmp_path / "s.age"
    real_write = os.write

    def full(fd: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)  # as store/session_store.py calls it
    first = SessionLock(path)
    first.acquire()
    monkeypatch.setattr(os, "write", real_write)
    assert first.held and first.path.read_bytes() == b""
    with pytest.raises(SessionLocked, match=r"another copy of hyvinvointi \(unknown\)"):
        SessionLock(path).acquire()
    first.release()


def _session() -> Session:
    session = Session(resolve_protocol())
    session.start(SetupChanged(client_code="K-7", lang="fi"))
    return session


_save = save_session


def test_a_session_whose_lock_cannot_be_made_is_not_saved_unlocked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old store kept the file name after the lock failed, and every later save wrote
    the session with no lock at all."""
    identity = x25519.Identity.generate()
    store = SessionStore(tmp_path, [identity.to_public()])
    session = _session()
    real_open = os.open

    def no_space(path: str | Path, flags: int, mode: int = 0o777, **kwargs: Any) -> int:
        if str(path).endswith(".lock"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, flags, mode, **kwargs)

    monkeypatch.setattr(os, "open", no_space)  # as store/session_store.py calls it
    with pytest.raises(OSError, match="No space"):
        _save(store, session)
    assert store.path is None and not list(tmp_path.iterdir()), "nothing written unlocked"
    monkeypatch.setattr(os, "open", real_open)
    _save(store, session)  # the next save takes the lock and writes
    assert store.path is not None and store.lock is not None
    assert store.lock.held and store.path.exists()
    with pytest.raises(SessionLocked):
        SessionLock(store.path).acquire()
    store.close()


def test_resume_says_so_when_the_lock_cannot_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    identity = x25519.Identity.generate()
    store = SessionStore(tmp_path, [identity.to_public()])
    _save(store, _session())
    store.close()
    assert store.path is not None
    real_open = os.open

    def read_only(path: str | Path, flags: int, mode: int = 0o777, **kwargs: Any) -> int:
        if str(path).endswith(".lock"):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, mode, **kwargs)

    monkeypatch.setattr(os, "open", read_only)  # as store/session_store.py calls it
    reason = reopen_or_reason(Student(tmp_path, identity, []), store.path)
    assert reason == f"{store.path}: cannot lock it (Read-only file system); it was not opened"


def test_stale_locks_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    """65 kill-and-never-resume rounds left 64 lock files: they go when their owner is gone."""
    held = SessionLock(tmp_path / "live.age")
    held.acquire()
    stale = [
        _stale(tmp_path / "crashed.age", {"pid": DEAD_PID, "host": HOST}),
        _stale(tmp_path / "empty.age", ""),
        _stale(tmp_path / "alive-pid-but-no-lock.age", {"pid": os.getpid(), "host": HOST}),
    ]
    elsewhere = _stale(tmp_path / "synced.age", {"pid": 1, "host": "toinen-kone"})
    assert sorted(remove_stale_locks(tmp_path)) == sorted(stale)
    assert held.path.exists() and elsewhere.exists()
    assert not any(path.exists() for path in stale)
    held.release()


def test_opening_the_student_removes_stale_locks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hyvinvointi_tui.store import student as student_module

    folder = tmp_path / "sessions"
    folder.mkdir()
    lock = _stale(folder / "crashed.age", {"pid": DEAD_PID, "host": HOST})
    identity = x25519.Identity.generate()
    monkeypatch.setattr(student_module, "unlock_student_identity", lambda home, p: identity)
    student_module.open_student(tmp_path, "passphrase")
    assert not lock.exists()
