"""Atomic replace of a file: a crash at any instant leaves the old file or the new one.

Write a temp file in the same folder, fsync it, os.replace it over the target, then fsync
the folder so that the rename itself is on disk. Only ever called with ciphertext.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import time
from pathlib import Path
from typing import Literal

TEMP_MARK = ".tmp-"

# What a write may replace: anything (the app's own files), only a regular file (a file the
# user named), nothing (a new file only: a key).
Over = Literal["any", "regular", "nothing"]


def _fsync(fd: int) -> None:
    if sys.platform == "darwin":
        # lazy: F_FULLFSYNC is macOS's only (not a start-up cost)
        import fcntl

        # On macOS fsync does not flush the drive's cache; F_FULLFSYNC does.
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            return
    os.fsync(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a folder for fsync; NTFS journals the rename.
    fd = os.open(folder, os.O_RDONLY)
    try:
        _fsync(fd)
    finally:
        os.close(fd)


def _replace(source: Path, target: Path) -> None:
    # On Windows an antivirus scanner may hold the target for a moment: retry briefly.
    for attempt in range(10):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if os.name != "nt" or attempt == 9:
                raise
            time.sleep(0.05 * (attempt + 1))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class NotReplaced(OSError):
    """The target is not a regular file (a folder, a link, a FIFO, a device), or with
    `over="nothing"` it exists at all: it was left as it is."""


def _put_in_place(temp: Path, target: Path, over: Over) -> None:
    """The temp file made `target`. `over`: what may be replaced — "any" (a session, a key),
    "regular" (a file the user named: only a regular file), "nothing" (a new file only)."""
    if over == "nothing":
        try:
            os.link(temp, target)  # fails if anything, a dangling link too, is there
        except FileExistsError:
            raise NotReplaced(errno.EEXIST, "it exists already", str(target)) from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise
            # No hard links on this file system (FAT, some network shares): looked at
            # first, then replaced; the moment between is the user's own doing.
            if os.path.lexists(target):
                raise NotReplaced(errno.EEXIST, "it exists already", str(target)) from None
            _replace(temp, target)
            return
        temp.unlink()
        return
    if over == "regular":
        # Looked at again as the file is put in place: what was there when the command
        # started may have been swapped for a FIFO, a device or a link since.
        try:
            mode = os.lstat(target).st_mode
        except FileNotFoundError:
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode):
            raise NotReplaced(errno.EEXIST, "it is not a regular file", str(target))
    _replace(temp, target)


def write_atomic(target: Path, data: bytes, *, over: Over = "any") -> os.stat_result:
    """Replace `target` with `data` so that no reader ever sees a partial file. `over`
    says what may be at `target` (see _put_in_place); NotReplaced otherwise.

    Returns what the written file was as it was written (its device, inode, size, times),
    taken from the temp file before it was put in place: a stat of `target` afterwards
    could already see another program's file there.

    On any error the target is untouched and the temp file is removed; the error is raised.
    """
    folder = target.parent
    temp = folder / f"{target.name}{TEMP_MARK}{os.getpid()}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(temp, flags, 0o600)
        try:
            _write_all(fd, data)
            _fsync(fd)
        finally:
            os.close(fd)
        # After the close (NTFS and SMB may set the modification time again as a written
        # handle closes), before the rename (after it, the path may already be another's).
        written = os.stat(temp)
        _put_in_place(temp, target, over)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_dir(folder)
    return written


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (ours included)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but is not ours to signal
        return True
    return True


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove temp files left by a crash mid-save (not those of a copy still running)."""
    removed = []
    if folder.is_dir():
        for path in folder.iterdir():
            name, mark, pid = path.name.rpartition(TEMP_MARK)
            if not mark or not name:
                continue
            # Another running copy may be writing its temp file right now; a temp file with our
            # own pid can only be a stale one from a crashed process whose pid we were given.
            if pid.isdigit() and int(pid) != os.getpid() and process_alive(int(pid)):
                continue
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed
