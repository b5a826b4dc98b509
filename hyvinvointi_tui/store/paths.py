"""Where things live: the data folder (HYVINVOINTI_HOME or the platform's user data folder)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

HOME_ENV = "HYVINVOINTI_HOME"
PASSPHRASE_ENV = "HYVINVOINTI_PASSPHRASE"
# The new passphrase for `hyvinvointi passphrase`, for automation (the old one: PASSPHRASE_ENV).
NEW_PASSPHRASE_ENV = "HYVINVOINTI_NEW_PASSPHRASE"


class DataFolderError(Exception):
    """The data folder cannot be made or used; the message says which and why."""


def home() -> Path:
    """The data folder. Created on first use, private to the user (0700 on POSIX)."""
    configured = os.environ.get(HOME_ENV)
    if configured:
        path = Path(configured).expanduser()
    else:
        # lazy: 8 ms on `--help`, unused with HYVINVOINTI_HOME set
        from platformdirs import user_data_dir

        path = Path(user_data_dir("hyvinvointi", appauthor=False))
    return private_dir(path)


def private_dir(path: Path) -> Path:
    """Make `path` (and parents) exist; the folder itself is 0700 on POSIX where it can be
    made so (a read-only folder is used as it is: reading needs no change). DataFolderError
    when it is not a folder and cannot be made one."""
    try:
        if not path.is_dir():
            path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise DataFolderError(f"{path}: cannot be used as the data folder ({reason})") from None
    if os.name == "posix":
        try:
            if stat.S_IMODE(path.stat().st_mode) != 0o700:
                path.chmod(0o700)
        except OSError:
            pass  # not ours to change, or read-only: its files are 0600 all the same
    return path


def check_writable(folder: Path) -> None:
    """DataFolderError unless new files can be made in `folder` (sessions are saved there)."""
    probe = folder / f".write-check-{os.getpid()}"
    try:
        probe.touch(mode=0o600)
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise DataFolderError(
            f"{folder}: sessions cannot be saved here ({reason}); "
            "set HYVINVOINTI_HOME to a folder you can write to"
        ) from None


def sessions_dir(base: Path) -> Path:
    return private_dir(base / "sessions")


def identity_path(base: Path) -> Path:
    return base / "identity.age"


def public_key_path(base: Path) -> Path:
    return base / "identity.pub"


def course_path(base: Path) -> Path:
    return base / "course.toml"


def notices_dir(base: Path) -> Path:
    """HOME/notices (made 0700 if missing): the client's privacy notice, written for
    printing (it holds no client data). OSError if it cannot be made."""
    folder = base / "notices"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder
