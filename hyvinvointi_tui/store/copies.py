"""The plaintext copies the app has written: the client's page, the debrief report, the toml
export, the course figures' CSV, the client's access copy. Each is recorded (its path, the
session's id, when; never its content) in `HOME/plaintext-copies.jsonl`, so that the start
screen can say how many are left and delete them, and deleting a session deletes its copies.

One JSON object a line, appended with O_APPEND (a crash leaves at most a cut last line,
which is skipped); the list is rewritten atomically when copies are forgotten.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .atomic import write_atomic

COPIES_FILE = "plaintext-copies.jsonl"
# A session id as a session file names it; "" for a copy of no one session (a course's CSV).
_SESSION_ID = re.compile(r"[0-9A-Za-z_-]{0,64}")
_MAX_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Copy:
    """One plaintext file the app wrote: where, for which session, when (ISO, UTC)."""

    path: Path
    session_id: str
    written: str
    kind: str = ""

    @property
    def exists(self) -> bool:
        return self.path.is_file() and not self.path.is_symlink()


def copies_path(home: Path) -> Path:
    return home / COPIES_FILE


def record_copy(home: Path, path: Path, session_id: str, kind: str = "") -> None:
    """Note that the app wrote the plaintext file `path` for `session_id` (kind: "page",
    "report", "toml", "csv", "access"). Never raises: a copy that cannot be noted is still
    the user's file, and the write it follows has succeeded."""
    if not _SESSION_ID.fullmatch(session_id):
        session_id = ""
    line = json.dumps(
        {
            "path": str(Path(os.path.abspath(path))),
            "session": session_id,
            "written": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            "kind": kind[:20],
        },
        ensure_ascii=False,
    )
    with contextlib.suppress(OSError):
        fd = os.open(
            copies_path(home),
            os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0),
            0o600,
        )
        try:
            os.write(fd, (line + "\n").encode("utf-8"))
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
        kind = item.get("kind", "")
        if not (
            isinstance(path, str)
            and isinstance(session, str)
            and isinstance(written, str)
            and isinstance(kind, str)
        ):
            continue
        if not path or not _SESSION_ID.fullmatch(session) or "\x00" in path:
            continue
        found.pop((path, session), None)
        found[path, session] = Copy(Path(path), session, written[:40], kind[:20])
    return list(found.values())


def existing_copies(home: Path, session_ids: set[str] | None = None) -> list[Copy]:
    """The recorded copies still on disk (of the given sessions only, when given)."""
    return [
        copy
        for copy in recorded_copies(home)
        if copy.exists and (session_ids is None or copy.session_id in session_ids)
    ]


def delete_copies(home: Path, copies: list[Copy]) -> list[tuple[Copy, str]]:
    """Delete these copies from the disk and forget them; returns the ones that could not
    be deleted, each with its reason (they stay recorded)."""
    failed: list[tuple[Copy, str]] = []
    gone: set[str] = set()
    for copy in copies:
        try:
            if copy.path.is_symlink() or not copy.path.exists():
                gone.add(str(copy.path))
                continue
            copy.path.unlink()
            gone.add(str(copy.path))
        except OSError as exc:
            failed.append((copy, exc.strerror or type(exc).__name__))
    forget(home, gone)
    return failed


def forget(home: Path, paths: set[str]) -> None:
    """Take these paths (and every copy no longer on disk) off the record."""
    kept = [copy for copy in recorded_copies(home) if str(copy.path) not in paths and copy.exists]
    lines = "".join(
        json.dumps(
            {
                "path": str(copy.path),
                "session": copy.session_id,
                "written": copy.written,
                "kind": copy.kind,
            },
            ensure_ascii=False,
        )
        + "\n"
        for copy in kept
    )
    with contextlib.suppress(OSError):
        write_atomic(copies_path(home), lines.encode("utf-8"))
