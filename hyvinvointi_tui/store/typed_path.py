"""A path a person typed — in a dialog or as a command's option — made usable or refused in
one line. `~` is expanded and a relative path resolved against the current folder (the
answer is absolute, so whatever names it afterwards says where it went); a control
character, a name too long for the file system, a file where a folder is wanted (and the
reverse), a missing file, a folder that cannot be made or written to, and a file to write
that is a symbolic link are refused with the reason. A folder to write into that is missing
is made (with its missing parents, each 0700). A link to a folder, or to a file to read, is
followed: the answer is where it leads."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..core.untrusted import visible_line

# POSIX's usual limits (Linux, macOS): a whole path, and one name in it, in bytes.
MAX_PATH_BYTES = 4096
MAX_NAME_BYTES = 255


class TypedPathProblem(Exception):
    """A typed path that cannot be used; the message names it and says why, in one line."""


def typed_path(text: str) -> Path:
    """The absolute path `text` names: `~` expanded, a relative one resolved against the
    current folder (links are left as they are). TypedPathProblem for an empty text, a
    control character, a path or a name too long, or a `~user` with no home."""
    shown = visible_line(text)
    if not text.strip():
        raise TypedPathProblem("no path was given")
    if any(ord(ch) < 32 or ord(ch) == 127 or 0x80 <= ord(ch) < 0xA0 for ch in text):
        raise TypedPathProblem(f"{shown}: a path cannot hold a control character")
    try:
        path = Path(text).expanduser()
        absolute = Path(os.path.abspath(path))  # no link resolved, "a/../b" made plain
    except (RuntimeError, OSError) as exc:  # ~nobody; the current folder was removed
        raise TypedPathProblem(f"{shown}: {_reason(exc)}") from None
    encoded = os.fsencode(absolute)
    if len(encoded) >= MAX_PATH_BYTES or any(
        len(os.fsencode(part)) > MAX_NAME_BYTES for part in absolute.parts
    ):
        raise TypedPathProblem(f"{_short(shown)}: the path is too long")
    return absolute


def typed_folder(text: str) -> Path:
    """A folder to write files into: made when missing (missing parents too, each 0700).
    TypedPathProblem when it is a file, cannot be made, or is not writable."""
    path = typed_path(text)
    try:
        _make_folder(path)
    except OSError as exc:
        raise TypedPathProblem(f"{path}: the folder cannot be made ({_reason(exc)})") from None
    if path.is_symlink() and not path.exists():
        raise TypedPathProblem(f"{path}: a symbolic link that leads nowhere")
    if not path.is_dir():
        raise TypedPathProblem(f"{path}: it is a file, not a folder")
    real = path.resolve()
    if not os.access(real, os.W_OK | os.X_OK):
        raise TypedPathProblem(f"{real}: no permission to write in this folder")
    return real


def typed_existing_folder(text: str) -> Path:
    """A folder to read: it must exist. TypedPathProblem otherwise."""
    path = typed_path(text)
    try:
        info = path.stat()
    except OSError as exc:
        raise TypedPathProblem(f"{path}: {_missing(exc, 'no such folder')}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise TypedPathProblem(f"{path}: it is a file, not a folder")
    if not os.access(path, os.R_OK | os.X_OK):
        raise TypedPathProblem(f"{path}: no permission to read this folder")
    return path.resolve()


def typed_file(text: str) -> Path:
    """A file to read: it must exist and be a file. TypedPathProblem otherwise."""
    path = typed_path(text)
    try:
        info = path.stat()
    except OSError as exc:
        raise TypedPathProblem(f"{path}: {_missing(exc, 'no such file')}") from None
    if stat.S_ISDIR(info.st_mode):
        raise TypedPathProblem(f"{path}: it is a folder, not a file")
    if not os.access(path, os.R_OK):
        raise TypedPathProblem(f"{path}: no permission to read it")
    return path.resolve()


def typed_output(text: str) -> Path:
    """A file to write: its folder is made when missing (0700); TypedPathProblem when the
    name is a folder, a symbolic link (never written through) or not a regular file, or
    its folder cannot be made or written to."""
    path = typed_path(text)
    try:
        info: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:  # a part of it is a file: "a/b" where a is a file
        raise TypedPathProblem(f"{path}: it cannot be written ({_reason(exc)})") from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise TypedPathProblem(f"{path}: it is a symbolic link; give the file it leads to")
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise TypedPathProblem(f"{path}: it is a folder; give a file name in it")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise TypedPathProblem(f"{path}: it is not a regular file")
    folder = typed_folder(str(path.parent))
    return folder / path.name


def _make_folder(folder: Path) -> None:
    """The folder and any missing parents, each made 0700 (one that exists is left as it
    is: it is the user's)."""
    missing = []
    while not os.path.lexists(folder) and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir(mode=0o700)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        if exc.errno == errno.ENAMETOOLONG:
            return "the path is too long"
        if exc.errno in (errno.EACCES, errno.EPERM):
            return "no permission"
        if exc.errno == errno.ENOTDIR:
            return "a part of the path is a file, not a folder"
        if exc.errno == errno.EEXIST:
            return "a file of that name is in the way"
        if exc.errno == errno.ELOOP:
            return "too many symbolic links"
        return exc.strerror or type(exc).__name__
    return str(exc) or type(exc).__name__


def _missing(exc: OSError, missing: str) -> str:
    return missing if isinstance(exc, FileNotFoundError) else _reason(exc)


def _short(shown: str) -> str:
    """A very long path shown by its beginning only."""
    return shown if len(shown) <= 60 else shown[:57] + "…"


def folder_or_reason(text: str) -> Path | str:
    """typed_folder for a dialog: the folder, or why it cannot be used (one line)."""
    try:
        return typed_folder(text)
    except TypedPathProblem as exc:
        return str(exc)
