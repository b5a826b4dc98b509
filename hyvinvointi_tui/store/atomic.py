"""Atomic replace of a file: a crash at any instant leaves the old file or the new one.

Write a temp file in the same folder, fsync it, os.replace it over the target, then fsync
the folder so that the rename itself is on disk. Only ever called with ciphertext.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path

TEMP_MARK = ".tmp-"


def _fsync(fd: int) -> None:
    if sys.platform == "darwin":
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


def write_atomic(target: Path, data: bytes) -> None:
    """Replace `target` with `data` so that no reader ever sees a partial file.

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
        _replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_dir(folder)


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
