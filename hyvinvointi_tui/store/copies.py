"""The plaintext copies the app has written: the client's page, the debrief report, the toml
export, the course figures' CSV, the client's access copy. Each is recorded (its path, the
session's id, when; never its content) in `HOME/plaintext-copies.jsonl`, so that the start
screen can say how many are left and delete them, and deleting a session deletes its copies.

One JSON object a line, appended with O_APPEND (a crash leaves at most a cut last line,
which is skipped); the list is rewritten atomically when copies are forgotten. The record
is the app's own file but is read like any other: a path in it is only ever offered for
deletion (listed first, and asked), never read, and only when absolute and plain.

A copy written for printing only (the client's page "printed without a copy") names the
process that wrote it: that process removes it as it quits, and a copy whose process has
ended (a crash) is removed at the next start.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from pathlib import Path

from ..core.record import Record, record
from .atomic import process_alive, write_atomic

COPIES_FILE = "plaintext-copies.jsonl"
# A session id as a session file names it; "" for a copy of no one session (a course's CSV).
_SESSION_ID = r"[0-9A-Za-z_-]{0,64}"
_MAX_BYTES = 4 * 1024 * 1024
_MAX_PATH = 4096
# The kinds of copies, as the start screen names them.
KINDS = ("page", "report", "toml", "md", "html", "csv", "access", "print")


@record
class Copy(Record):
    """One plaintext file the app wrote: where, for which session, when (ISO, UTC), what
    (one of KINDS), and for a copy written for printing only the process that removes it."""

    path: Path
    session_id: str
    written: str
    kind: str = ""
    writer: int = 0

    @property
    def exists(self) -> bool:
        return self.path.is_file() and not self.path.is_symlink()

    def line(self) -> str:
        item: dict[str, object] = {
            "path": str(self.path),
            "session": self.session_id,
            "written": self.written,
            "kind": self.kind,
        }
        if self.writer:
            item["writer"] = self.writer
        return json.dumps(item, ensure_ascii=False) + "\n"


def copies_path(home: Path) -> Path:
    return home / COPIES_FILE


def record_copy(
    home: Path, path: Path, session_id: str, kind: str = "", *, temporary: bool = False
) -> None:
    """Note that the app wrote the plaintext file `path` for `session_id` ("" for a copy of
    no one session; kind: one of KINDS). A `temporary` copy is removed by this process as it
    quits (remove_temporary_copies). Never raises: a copy that cannot be noted is still the
    user's file, and the write it follows has succeeded."""
    if not re.fullmatch(_SESSION_ID, session_id):
        session_id = ""
    copy = Copy(
        path=Path(os.path.abspath(path)),
        session_id=session_id,
        written=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        kind=kind if kind in KINDS else "",
        writer=os.getpid() if temporary else 0,
    )
    with contextlib.suppress(OSError):
        fd = os.open(
            copies_path(home),
            os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0),
            0o600,
        )
        try:
            os.write(fd, copy.line().encode("utf-8"))
        finally:
            os.close(fd)


def recorded_copies(home: Path) -> list[Copy]:
    """Every copy recorded, oldest first (a path once for each session: its latest record;
    the access copy of a chain of sessions is a copy of each of them). A damaged line is
    skipped; the file is untrusted like every other."""
    try:
        with open(copies_path(home), "rb") as file:
            raw = file.read(_MAX_BYTES)
    except OSError:
        return []
    found: dict[tuple[str, str], Copy] = {}
    for line in raw.decode("utf-8", errors="replace").splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if not isinstance(item, dict):
            continue
        path, session, written = item.get("path"), item.get("session"), item.get("written")
        kind, writer = item.get("kind", ""), item.get("writer", 0)
        if not (
            isinstance(path, str)
            and isinstance(session, str)
            and isinstance(written, str)
            and isinstance(kind, str)
            and type(writer) is int
        ):
            continue
        # Only an absolute path the app could have written is ever offered for deletion.
        if not _usable(path) or not re.fullmatch(_SESSION_ID, session):
            continue
        # One record per path and session: a chain's access copy holds every session of it.
        found.pop((path, session), None)
        found[path, session] = Copy(
            path=Path(path),
            session_id=session,
            written=written[:40],
            kind=kind if kind in KINDS else "",
            writer=writer if 0 < writer < 2**31 else 0,
        )
    return list(found.values())


def _usable(path: str) -> bool:
    return (
        0 < len(path) <= _MAX_PATH
        and Path(path).is_absolute()
        and not any(ord(ch) < 32 or ch == "\x7f" for ch in path)
    )


def existing_copies(home: Path, session_ids: set[str] | None = None) -> list[Copy]:
    """The recorded copies still on disk (of the given sessions only, when given)."""
    return [
        copy
        for copy in recorded_copies(home)
        if copy.exists and (session_ids is None or copy.session_id in session_ids)
    ]


def delete_copies(home: Path, copies: list[Copy]) -> list[tuple[Copy, str]]:
    """Delete these copies from the disk and forget them (and every record of a copy no
    longer on disk); returns the ones that could not be deleted, each with its reason (they
    stay recorded). A path that is now a link or a folder is not followed: it is forgotten,
    as it is no longer the file the app wrote."""
    failed: list[tuple[Copy, str]] = []
    for copy in copies:
        if not copy.exists:
            continue
        try:
            copy.path.unlink()
        except OSError as exc:
            failed.append((copy, exc.strerror or type(exc).__name__))
    forget(home, {str(copy.path) for copy in copies} - {str(c.path) for c, _ in failed})
    return failed


def forget(home: Path, paths: set[str]) -> None:
    """Take these paths (and every copy no longer on disk) off the record."""
    kept = [copy for copy in recorded_copies(home) if str(copy.path) not in paths and copy.exists]
    if not kept and not copies_path(home).exists():
        return
    # Rewritten whole: a damaged line, or one of a copy gone, leaves with it.
    with contextlib.suppress(OSError):
        write_atomic(copies_path(home), "".join(copy.line() for copy in kept).encode("utf-8"))


def remove_temporary_copies(home: Path, *, quitting: bool) -> list[tuple[Copy, str]]:
    """Remove the copies written for printing only: this process's own as it quits
    (`quitting`), or at a start those whose process has ended (a crash left them). Their
    private temp folder goes too, once empty. Returns the ones that could not be removed."""
    me = os.getpid()
    if quitting:
        ours = [copy for copy in recorded_copies(home) if copy.writer == me]
    else:
        # One of a crashed process whose id is ours now goes as we quit.
        ours = [
            copy for copy in recorded_copies(home) if copy.writer and not process_alive(copy.writer)
        ]
    if not ours:
        return []
    failed = delete_copies(home, ours)
    for folder in {copy.path.parent for copy in ours}:
        if folder.name.startswith(PRINT_FOLDER_PREFIX):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty: never a folder with anything else in it
    return failed


# The private temp folder a page printed without a copy is written in (tempfile.mkdtemp).
PRINT_FOLDER_PREFIX = "hyvinvointi-print-"
