"""A path a person typed — in a dialog or as a command's option — made usable or refused in
one line. `~` is expanded and a relative path resolved against the current folder (the
answer is absolute, so whatever names it afterwards says where it went); a control
character, a name too long for the file system, a file where a folder is wanted (and the
reverse), a missing file, a folder that cannot be made or written to, and a file to write
that is a symbolic link are refused with the reason. A folder to write into that is missing
is made (with its missing parents, each 0700). A link to a folder, or to a file to read, is
followed: the answer is where it leads. `write_output` writes a file the user named: only
ever in place of a regular file (or of nothing), and any failure is one line."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..core.untrusted import visible_line
from ..i18n import t
from .atomic import NotReplaced, write_atomic

# POSIX's usual limits (Linux, macOS): a whole path, and one name in it, in bytes.
MAX_PATH_BYTES = 4096
MAX_NAME_BYTES = 255


# Why a typed path cannot be used, in English (the commands' words); a dialog says it in
# the session's language (i18n `path.*`, the same names).
REASONS = {
    "empty": "no path was given",
    "control": "{path}: a path cannot hold a control character",
    "too_long": "{path}: the path is too long",
    "no_home": "{path}: no home folder is known for that user",
    "not_folder": "{path}: it is a file, not a folder",
    "not_file": "{path}: it is a folder, not a file",
    "part_is_file": "{path}: a part of the path is a file, not a folder",
    "cannot_make": "{path}: the folder cannot be made ({detail})",
    "cannot_make_denied": "{path}: the folder cannot be made (no permission)",
    "dangling": "{path}: a symbolic link that leads nowhere",
    "no_write": "{path}: no permission to write in this folder",
    "no_read_folder": "{path}: no permission to read this folder",
    "no_read": "{path}: no permission to read it",
    "missing_file": "{path}: no such file",
    "missing_folder": "{path}: no such folder",
    "link": "{path}: it is a symbolic link; give the file it leads to",
    "folder_output": "{path}: it is a folder; give a file name in it",
    "not_regular": "{path}: it is not a regular file",
    "unusable": "{path}: it cannot be used ({detail})",
    "exists": "{path}: it exists already; not overwritten",
    "cannot_write": "{path}: it cannot be written ({detail}); nothing was written",
    "cannot_write_denied": "{path}: it cannot be written (no permission); nothing was written",
}


class TypedPathProblem(Exception):
    """A typed path that cannot be used: `kind` (a name of REASONS), the path as it may be
    shown, and a detail (the system's reason) for some kinds. str(): one line in English."""

    def __init__(self, kind: str, path: object = "", detail: str = "") -> None:
        self.kind, self.path, self.detail = kind, visible_line(str(path)), detail
        super().__init__(REASONS[kind].format(path=self.path, detail=detail))


def _os_problem(exc: OSError, path: Path, making: bool = False) -> TypedPathProblem:
    """An error of the system's on `path`, as a TypedPathProblem."""
    if exc.errno == errno.ENAMETOOLONG:
        return TypedPathProblem("too_long", _short(str(path)))
    if exc.errno == errno.ENOTDIR:
        return TypedPathProblem("part_is_file", path)
    if making and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return TypedPathProblem("cannot_make_denied", path)
    detail = exc.strerror or type(exc).__name__
    return TypedPathProblem("cannot_make" if making else "unusable", path, detail)


def typed_path(text: str) -> Path:
    """The absolute path `text` names: `~` expanded, a relative one resolved against the
    current folder (links are left as they are). TypedPathProblem for an empty text, a
    control character, a path or a name too long, or a `~user` with no home."""
    if not text.strip():
        raise TypedPathProblem("empty")
    if any(ord(ch) < 32 or ord(ch) == 127 or 0x80 <= ord(ch) < 0xA0 for ch in text):
        raise TypedPathProblem("control", _short(text))
    try:
        path = Path(text).expanduser()
    except RuntimeError:  # ~nobody
        raise TypedPathProblem("no_home", _short(text)) from None
    try:
        absolute = Path(os.path.abspath(path))  # no link resolved, "a/../b" made plain
    except OSError as exc:  # the current folder was removed
        raise _os_problem(exc, path) from None
    encoded = os.fsencode(absolute)
    if len(encoded) >= MAX_PATH_BYTES or any(
        len(os.fsencode(part)) > MAX_NAME_BYTES for part in absolute.parts
    ):
        raise TypedPathProblem("too_long", _short(text))
    return absolute


def typed_folder(text: str) -> Path:
    """A folder to write files into: made when missing (missing parents too, each 0700).
    TypedPathProblem when it is a file, cannot be made, or is not writable."""
    path = typed_path(text)
    try:
        _make_folder(path)
    except OSError as exc:
        raise _os_problem(exc, path, making=True) from None
    if path.is_symlink() and not path.exists():
        raise TypedPathProblem("dangling", path)
    if not path.is_dir():
        raise TypedPathProblem("not_folder", path)
    real = path.resolve()
    if not os.access(real, os.W_OK | os.X_OK):
        raise TypedPathProblem("no_write", real)
    return real


def _existing(path: Path, missing: str) -> os.stat_result:
    """What `path` is; TypedPathProblem `missing` when there is nothing there, or the
    problem the system names."""
    try:
        return path.stat()
    except FileNotFoundError:
        raise TypedPathProblem(missing, path) from None
    except OSError as exc:
        raise _os_problem(exc, path) from None


def typed_existing_folder(text: str) -> Path:
    """A folder to read: it must exist. TypedPathProblem otherwise."""
    path = typed_path(text)
    info = _existing(path, "missing_folder")
    if not stat.S_ISDIR(info.st_mode):
        raise TypedPathProblem("not_folder", path)
    if not os.access(path, os.R_OK | os.X_OK):
        raise TypedPathProblem("no_read_folder", path)
    return path.resolve()


def typed_file(text: str) -> Path:
    """A file to read: it must exist and be a file. TypedPathProblem otherwise."""
    path = typed_path(text)
    info = _existing(path, "missing_file")
    if stat.S_ISDIR(info.st_mode):
        raise TypedPathProblem("not_file", path)
    if not os.access(path, os.R_OK):
        raise TypedPathProblem("no_read", path)
    return path.resolve()


def typed_output(text: str) -> Path:
    """A file to write: its folder is made when missing (0700); TypedPathProblem when the
    name is a folder, a symbolic link (never written through) or not a regular file, or
    its folder cannot be made or written to."""
    path = typed_path(text)
    _check_output(path)
    folder = typed_folder(str(path.parent))
    return folder / path.name


def write_output(path: Path, data: bytes, *, replace: bool = True) -> Path:
    """Write `data` (0600, atomically) to the file `path` names: every file a command or
    a dialog writes where the user said goes through here. Missing folders are made (0700);
    only a regular file is ever replaced (with `replace=False`, nothing is) — never a
    folder, a symbolic link (dangling or not), a FIFO or a device, whatever is there by the
    time the file is put in place. Returns where it went (absolute); TypedPathProblem, one
    line, for any failure, and then nothing was written."""
    target = typed_output(str(path))
    if not replace and os.path.lexists(target):
        raise TypedPathProblem("exists", target)
    try:
        write_atomic(target, data, over="regular" if replace else "nothing")
    except NotReplaced:
        if not replace:
            raise TypedPathProblem("exists", target) from None
        _check_output(target)  # says what is there now
        raise TypedPathProblem("not_regular", target) from None
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise TypedPathProblem("cannot_write_denied", target) from None
        if exc.errno in (errno.ENAMETOOLONG, errno.ENOTDIR):
            raise _os_problem(exc, target) from None
        detail = exc.strerror or type(exc).__name__
        raise TypedPathProblem("cannot_write", target, detail) from None
    return target


def _check_output(path: Path) -> None:
    """TypedPathProblem when something other than a regular file is at `path`."""
    try:
        info: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:  # a part of it is a file: "a/b" where a is a file
        raise _os_problem(exc, path) from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise TypedPathProblem("link", path)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise TypedPathProblem("folder_output", path)
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise TypedPathProblem("not_regular", path)


def _make_folder(folder: Path) -> None:
    """The folder and any missing parents, each made 0700 (one that exists is left as it
    is: it is the user's)."""
    missing = []
    while not os.path.lexists(folder) and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir(mode=0o700)


def _short(text: str) -> str:
    """A very long path shown by its beginning only."""
    return text if len(text) <= 60 else text[:57] + "…"


def folder_or_reason(text: str, lang: str) -> Path | str:
    """typed_folder for a dialog: the folder, or why it cannot be used, in one line in
    `lang`."""
    try:
        return typed_folder(text)
    except TypedPathProblem as exc:
        return reason(exc, lang)


def reason(problem: TypedPathProblem, lang: str) -> str:
    """Why a path cannot be used, in one line in `lang` (for a dialog)."""
    return t(lang, f"path.{problem.kind}", path=problem.path, detail=problem.detail)


def led_to(text: str, folder: Path) -> bool:
    """Whether the folder typed as `text` is `folder` only by way of a symbolic link (the
    folder itself, or one on the way): a dialog says where it leads before writing."""
    try:
        return typed_path(text) != folder
    except TypedPathProblem:
        return False
